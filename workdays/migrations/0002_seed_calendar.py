"""Seed the 2025–2027 holidays and make-up working days (see workdays/seed.py)."""
from django.db import migrations


def seed(apps, schema_editor):
    from workdays.seed import seed_calendar

    seed_calendar(apps.get_model("workdays", "PublicHoliday"), apps.get_model("workdays", "CompensatoryWorkday"))


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
