"""Text read from a page's attached files: its own column (``attachment``), in the full-text vector with
weight D — below the page's title (A), summary and metadata (B) and body (C) — so the engine can say a
match was found in the attached file (``search.engines.postgres``: its snippet comes from this column).

PostgreSQL cannot change a generated column's expression in place: the vector and its GIN index are
dropped and added again, which recomputes every entry's vector (one rewrite of the aggregate).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import search.models

META = "summary || ' ' || doc_number || ' ' || doc_type || ' ' || issuing_body || ' ' || service_code || ' ' || service_sector"


class Migration(migrations.Migration):

    dependencies = [("aggregate_search", "0004_weekcount")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="attachment",
            field=models.TextField(
                blank=True,
                db_default="",
                default="",
                help_text="Văn bản đọc từ tệp đính kèm.",
                verbose_name="nội dung tệp đính kèm",
            ),
        ),
        migrations.RemoveIndex(model_name="entry", name="search_entry_vector_gin"),
        migrations.RemoveField(model_name="entry", name="vector"),
        migrations.AddField(
            model_name="entry",
            name="vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=search.models.VectorSQL(("title", "A"), (META, "B"), ("body", "C"), ("attachment", "D")),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="entry",
            index=django.contrib.postgres.indexes.GinIndex(fields=["vector"], name="search_entry_vector_gin"),
        ),
    ]
