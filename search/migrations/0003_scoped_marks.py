"""Scoped recency and sample marks: ``~w<week>@<path>``, ``~v<block>@<path>``, ``~p0@<path>``…

A search scoped to a district used to intersect the district's mark (every entry of the district,
spread over the whole index) with a week, block or sample mark (every entry of the province in that
period or sample): GIN's scan iterated the shorter of those long lists and advanced every query term
through it. An entry now also carries its week, block and sample-0 marks suffixed with each of its
ancestor paths, so a scoped recency slice or sample is one short posting list — the district's own
entries of those weeks, or of that sample — and the query terms are advanced only through that.
See ``search.engines.postgres``. Existing entries are rewritten so that their generated vectors are
recomputed with the new function.
"""
from django.db import migrations

HEADER = """CREATE OR REPLACE FUNCTION public.congttdt_marks(
        entry_id bigint, tenant_id bigint, path text, kind text, language text, year integer, day timestamptz)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE"""
SCOPED_MARKS = HEADER + """
    AS $$
    WITH scope AS (
        SELECT array_to_string(p.parts[1:n], '.') AS scope_path
        FROM (SELECT string_to_array($3, '.') AS parts) AS p, generate_series(1, cardinality(p.parts)) AS n
    ), period AS (
        SELECT unnest(ARRAY['~w' || public.congttdt_week($7), '~v' || floor(public.congttdt_week($7) / 16.0)::integer]
                      || CASE WHEN ($1 >> 12) % 8 = 0 THEN ARRAY['~p0'] ELSE '{}'::text[] END
                      || CASE WHEN ($1 >> 9) % 64 = 0 THEN ARRAY['~q0'] ELSE '{}'::text[] END
                      || CASE WHEN ($1 >> 6) % 512 = 0 THEN ARRAY['~r0'] ELSE '{}'::text[] END) AS mark
    )
    SELECT array_to_tsvector(
        ARRAY['~t' || $2, '~k' || $4, '~l' || $5, '~y' || $6,
              '~w' || public.congttdt_week($7), '~v' || floor(public.congttdt_week($7) / 16.0)::integer,
              '~r' || (($1 >> 6) % 512), '~q' || (($1 >> 9) % 64), '~p' || (($1 >> 12) % 8)]
        || ARRAY(SELECT '~s' || scope_path FROM scope)
        || ARRAY(SELECT period.mark || '@' || scope.scope_path FROM period, scope))
    $$;
UPDATE aggregate_search_entry SET title = title;
"""
PLAIN_MARKS = HEADER + """
    AS $$ SELECT array_to_tsvector(
        ARRAY['~t' || tenant_id, '~k' || kind, '~l' || language, '~y' || year,
              '~w' || public.congttdt_week(day), '~v' || floor(public.congttdt_week(day) / 16.0)::integer,
              '~r' || ((entry_id >> 6) % 512), '~q' || ((entry_id >> 9) % 64), '~p' || ((entry_id >> 12) % 8)]
        || ARRAY(SELECT '~s' || array_to_string(parts[1:n], '.')
                 FROM (SELECT string_to_array(path, '.') AS parts) AS p, generate_series(1, cardinality(p.parts)) AS n)
    ) $$;
UPDATE aggregate_search_entry SET title = title;
"""


class Migration(migrations.Migration):

    dependencies = [("aggregate_search", "0002_fold_splits_slashes")]

    operations = [migrations.RunSQL(SCOPED_MARKS, PLAIN_MARKS)]
