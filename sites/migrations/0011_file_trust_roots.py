from django.db import migrations, models


class Migration(migrations.Migration):
    """The fingerprint of the trust roots each signature verdict was made under (empty for the verdicts
    made before: the first re-check verifies them again)."""

    dependencies = [("portal", "0010_gazette")]

    operations = [
        migrations.AddField(
            model_name="legaldocumentfile",
            name="trust_roots",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
    ]
