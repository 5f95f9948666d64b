"""Existing sites: the collaborators' group (Cộng tác viên, issue 15) with its rights — "add" on the page
tree, "add" and "choose" on the root collection, nothing on citizens' data (sites.services.board; new
sites get it from provisioning). Runs in every site's schema like every tenant migration; in a freshly
migrated schema (no board yet) it does nothing, and running it twice changes nothing."""

from django.db import migrations

from sites.services.board import ensure_collaborator_group


def create_group(apps, _schema_editor):
    ensure_collaborator_group(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0013_board_members"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
