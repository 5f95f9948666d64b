"""The "did you mean" vocabulary (issue 16): the words of each province's titles, found by trigram similarity."""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("aggregate_search", "0006_query_expansions")]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="Word",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("province", models.CharField(max_length=40, verbose_name="tỉnh")),
                ("word", models.CharField(max_length=100, verbose_name="từ ngữ")),
                ("n", models.IntegerField(default=0, verbose_name="số mục")),
            ],
            options={
                "verbose_name": "từ vựng tìm kiếm",
                "verbose_name_plural": "từ vựng tìm kiếm",
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["word"], name="search_word_trgm", opclasses=["gin_trgm_ops"]
                    )
                ],
                "constraints": [models.UniqueConstraint(fields=("province", "word"), name="search_word_unique")],
            },
        ),
    ]
