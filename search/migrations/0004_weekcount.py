"""Entries per scope and week (``aggregate_search_weekcount``), kept by statement-level triggers.

The engine sizes its recency slices from these counts (how many newest weeks of a scope hold the
entries expected to give ~2× the candidate window), instead of assuming that entries are spread
evenly over the aggregate's time span — which made common queries fall through to an unbounded
scan when the newest weeks were nearly empty (an imported archive with a few new pages on top).
Triggers with transition tables keep the counts exact for every writer: the outbox drain's upserts,
deletes, ``search_rebuild``, a tenant's cascade delete, a bulk ``COPY``, ``TRUNCATE``.
"""
from django.db import migrations, models

TABLE = "aggregate_search_weekcount"
ENTRIES = "aggregate_search_entry"
DELTA = f"""
        INSERT INTO {TABLE} (scope, week, n)
        SELECT s.scope, public.congttdt_week(r.date), sum(r.delta)
        FROM ({{rows}}) AS r, public.congttdt_scopes(r.tenant_path) AS s(scope)
        GROUP BY 1, 2 HAVING sum(r.delta) <> 0 ORDER BY 1, 2
        ON CONFLICT (scope, week) DO UPDATE SET n = {TABLE}.n + EXCLUDED.n;"""
NEW_ROWS = "SELECT tenant_path, date, 1 AS delta FROM new_rows"
OLD_ROWS = "SELECT tenant_path, date, -1 AS delta FROM old_rows"
TRIGGERS = f"""
CREATE OR REPLACE FUNCTION public.congttdt_scopes(path text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT '' UNION ALL SELECT array_to_string(p.parts[1:n], '.')
          FROM (SELECT string_to_array($1, '.') AS parts) AS p, generate_series(1, cardinality(p.parts)) AS n $$;
CREATE OR REPLACE FUNCTION public.congttdt_weekcount_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {DELTA.format(rows=NEW_ROWS)}
    RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION public.congttdt_weekcount_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {DELTA.format(rows=OLD_ROWS)}
    RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION public.congttdt_weekcount_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {DELTA.format(rows=NEW_ROWS + " UNION ALL " + OLD_ROWS)}
    RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION public.congttdt_weekcount_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN DELETE FROM {TABLE}; RETURN NULL; END $$;
CREATE TRIGGER congttdt_weekcount_insert AFTER INSERT ON {ENTRIES} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION public.congttdt_weekcount_insert();
CREATE TRIGGER congttdt_weekcount_delete AFTER DELETE ON {ENTRIES} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION public.congttdt_weekcount_delete();
CREATE TRIGGER congttdt_weekcount_update AFTER UPDATE ON {ENTRIES} REFERENCING OLD TABLE AS old_rows
    NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.congttdt_weekcount_update();
CREATE TRIGGER congttdt_weekcount_truncate AFTER TRUNCATE ON {ENTRIES}
    FOR EACH STATEMENT EXECUTE FUNCTION public.congttdt_weekcount_truncate();
INSERT INTO {TABLE} (scope, week, n)
    SELECT s.scope, public.congttdt_week(e.date), count(*)
    FROM {ENTRIES} AS e, public.congttdt_scopes(e.tenant_path) AS s(scope) GROUP BY 1, 2;
"""
DROP_TRIGGERS = f"""
DROP TRIGGER IF EXISTS congttdt_weekcount_insert ON {ENTRIES};
DROP TRIGGER IF EXISTS congttdt_weekcount_delete ON {ENTRIES};
DROP TRIGGER IF EXISTS congttdt_weekcount_update ON {ENTRIES};
DROP TRIGGER IF EXISTS congttdt_weekcount_truncate ON {ENTRIES};
DROP FUNCTION IF EXISTS public.congttdt_weekcount_insert();
DROP FUNCTION IF EXISTS public.congttdt_weekcount_delete();
DROP FUNCTION IF EXISTS public.congttdt_weekcount_update();
DROP FUNCTION IF EXISTS public.congttdt_weekcount_truncate();
DROP FUNCTION IF EXISTS public.congttdt_scopes(text);
"""


class Migration(migrations.Migration):

    dependencies = [("aggregate_search", "0003_scoped_marks")]

    operations = [
        migrations.CreateModel(
            name="WeekCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scope", models.CharField(blank=True, max_length=255, verbose_name="phạm vi")),
                ("week", models.IntegerField(verbose_name="tuần")),
                ("n", models.IntegerField(default=0, verbose_name="số mục")),
            ],
            options={
                "verbose_name": "số mục theo tuần",
                "verbose_name_plural": "số mục theo tuần",
                "constraints": [models.UniqueConstraint(fields=("scope", "week"), name="search_weekcount_unique")],
            },
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
