"""Query expansions (issue 16): spelling variants and abbreviations, applied to a query, never to the index.

``congttdt_expand(query, targets, substitutes)`` rewrites a parsed query with ``ts_rewrite``: each target (words
in the search syntax, parsed like the query) becomes "target OR substitute" — "dang ki" → ``dang & (ki | ky)``,
"UBND" → ``ubnd | uy <-> ban <-> nhan <-> dan``. The rules come from ``core.text.query_expansions`` (the
engine passes only those the query needs), so the stored vectors do not change and nothing is rebuilt.
"""

from django.db import migrations

EXPAND = """
CREATE OR REPLACE FUNCTION public.congttdt_expand(expanded tsquery, targets text[], substitutes text[])
    RETURNS tsquery LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    i integer;
    target tsquery;
BEGIN
    FOR i IN 1 .. coalesce(array_length(targets, 1), 0) LOOP
        target := websearch_to_tsquery('public.congttdt_vi', targets[i]);
        IF querytree(target) NOT IN ('T', '') THEN
            expanded := ts_rewrite(expanded, target, target || websearch_to_tsquery('public.congttdt_vi', substitutes[i]));
        END IF;
    END LOOP;
    RETURN expanded;
END $$;
"""
UNDO = "DROP FUNCTION IF EXISTS public.congttdt_expand(tsquery, text[], text[]);"


class Migration(migrations.Migration):

    dependencies = [("aggregate_search", "0005_attachment_text")]

    operations = [migrations.RunSQL(EXPAND, UNDO)]
