"""Existing sites: the editorial board's groups may handle the intake (intake.provisioning; new sites get
the permissions when provisioned). Runs in every site's schema; granting twice changes nothing. The
permissions of a new app exist only after migrating, so they are created here first."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from intake.provisioning import grant_intake_permissions


def grant(apps, _schema_editor):
    config = apps.get_app_config("intake")
    config.models_module = True  # historical app stub: let create_permissions treat it as having models
    create_permissions(config, verbosity=0, apps=apps)
    grant_intake_permissions(apps, create_groups=False)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
