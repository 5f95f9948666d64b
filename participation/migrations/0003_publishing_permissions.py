"""Publishing an answer or a citizen's comment is step 3 of the board's workflow: the permissions
``publish_question`` and ``publish_consultationcomment``, and in every existing site's schema (a tenant
migration runs in each) their grant to the deputy head's and head's groups — new sites get it from
provisioning; granting twice changes nothing."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from participation.provisioning import grant_publishing

    participation = apps.get_app_config("participation")
    participation.models_module = True  # a migration's app config has none: create_permissions would skip it
    create_permissions(participation, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    participation.models_module = None
    grant_publishing(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0002_question_out_of_scope_progress_new_date"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="question",
            options={
                "ordering": ["-received_at"],
                "permissions": [("publish_question", "Công bố câu trả lời")],
                "verbose_name": "câu hỏi của người dân",
                "verbose_name_plural": "câu hỏi của người dân",
            },
        ),
        migrations.AlterModelOptions(
            name="consultationcomment",
            options={
                "ordering": ["-submitted_at"],
                "permissions": [("publish_consultationcomment", "Duyệt công bố góp ý")],
                "verbose_name": "ý kiến góp ý dự thảo",
                "verbose_name_plural": "ý kiến góp ý dự thảo",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
