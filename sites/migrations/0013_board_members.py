"""The board's members screen: its permission (on the proxy ``BoardMember``) and, in every existing
site's schema (a tenant migration runs in each), the head's (Trưởng ban) grant of it through
``grant_board_permissions`` — new sites get it from provisioning; granting twice changes nothing."""

import django.contrib.auth.models
from django.db import migrations

from sites.services.board import grant_board_permissions


def grant_members_permission(apps, schema_editor):
    """The permission is created here, before post_migrate would create it, then given to the head."""
    from django.contrib.auth.management import create_permissions

    portal = apps.get_app_config("portal")
    portal.models_module = True  # a migration's app config has none: create_permissions would skip it
    create_permissions(portal, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    portal.models_module = None
    grant_board_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0012_video_block"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.CreateModel(
            name="BoardMember",
            fields=[],
            options={
                "verbose_name": "thành viên Ban Biên tập",
                "verbose_name_plural": "thành viên Ban Biên tập",
                "permissions": [("manage_board_members", "Quản lý thành viên Ban Biên tập")],
                "proxy": True,
                "default_permissions": (),
                "indexes": [],
                "constraints": [],
            },
            bases=("auth.user",),
            managers=[
                ("objects", django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.RunPython(grant_members_permission, migrations.RunPython.noop),
    ]
