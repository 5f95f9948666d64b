"""One procedure offered by many sites is one search result (issue 16): ``group_key`` joins the entries of a
public service with the same national procedure code and language (``search.documents.group_key``).

The column is added with a constant default (no rewrite of the aggregate), then the existing service rows are
filled in one statement with the same rule in SQL — only the service rows that have a code are touched — and a
partial B-tree finds a group's members (the sites offering it). The aggregate lives in the public schema only.
"""

from django.db import migrations, models

FILL = """
UPDATE aggregate_search_entry SET group_key = language || ':' || btrim(service_code)
WHERE kind = 'service' AND btrim(service_code) <> '' AND group_key <> language || ':' || btrim(service_code)
"""


class Migration(migrations.Migration):

    dependencies = [("aggregate_search", "0007_word")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="group_key",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                help_text="Các mục cùng khóa là một thủ tục do nhiều đơn vị cung cấp: hiện thành một kết quả.",
                max_length=120,
                verbose_name="khóa nhóm",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(condition=~models.Q(group_key=""), fields=["group_key"], name="search_entry_group_idx"),
        ),
    ]
