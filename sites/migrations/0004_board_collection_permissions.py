"""Existing sites: the editorial board's collection permissions on images and documents, and the
head's on login lockouts (sites.services.board; new sites get them from provisioning). Runs in
every site's schema like every tenant migration; granting twice changes nothing."""

from django.db import migrations

from sites.services.board import grant_board_permissions


def grant(apps, _schema_editor):
    grant_board_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_portal_contacts_in_english"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("axes", "0010_accessattemptexpiration"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
