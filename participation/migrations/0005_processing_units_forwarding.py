"""The per-site list of units questions are forwarded to and the forwardings; in every existing site's
schema (a tenant migration runs in each) the board's groups get the permissions to keep the list — new
sites get them from provisioning; granting twice changes nothing."""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings


from django.db import migrations, models


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from participation.provisioning import grant_units

    participation = apps.get_app_config("participation")
    participation.models_module = True  # a migration's app config has none: create_permissions would skip it
    create_permissions(participation, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    participation.models_module = None
    grant_units(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ('participation', '0004_question_citations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ProcessingUnit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, unique=True, verbose_name='tên đơn vị')),
                ('email', models.EmailField(max_length=254, verbose_name='thư điện tử nhận câu hỏi')),
                ('active', models.BooleanField(default=True, help_text='Bỏ chọn khi đơn vị không còn nhận câu hỏi chuyển đến; lịch sử chuyển vẫn được giữ.', verbose_name='đang nhận câu hỏi')),
            ],
            options={
                'verbose_name': 'đơn vị xử lý',
                'verbose_name_plural': 'đơn vị xử lý',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='QuestionForwarding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('note', models.TextField(blank=True, verbose_name='đề nghị gửi đơn vị')),
                ('forwarded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ngày chuyển')),
                ('notified_at', models.DateTimeField(blank=True, null=True, verbose_name='ngày gửi thư báo đơn vị')),
                ('forwarded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người chuyển')),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='forwardings', to='participation.question', verbose_name='câu hỏi')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='forwardings', to='participation.processingunit', verbose_name='đơn vị xử lý')),
            ],
            options={
                'verbose_name': 'lần chuyển câu hỏi đến đơn vị',
                'verbose_name_plural': 'các lần chuyển câu hỏi đến đơn vị',
                'ordering': ['-forwarded_at', '-pk'],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
