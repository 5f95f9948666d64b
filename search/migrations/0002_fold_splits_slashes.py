"""Folded text splits at "/": "Nghị định 43/2011/NĐ-CP" is found by "43/2011" and by "nghi dinh 43 2011".

PostgreSQL's parser reads "43/2011/nđ-cp" as one file-path token, so a query for "43/2011" (or for
"2011") never matched it. ``congttdt_fold`` now puts spaces around every "/", on both sides of the
search (stored vectors and queries); document-number keys (``DocKeySQL``) drop spaces after folding,
so "09/QĐ-BBT" keeps its key "09/qd-bbt". Existing entries are rewritten so that their generated
vectors are recomputed with the new function.
"""
from django.db import migrations

FOLD = """
CREATE OR REPLACE FUNCTION public.congttdt_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT replace(lower(public.unaccent('public.unaccent'::regdictionary, normalize($1, NFC))), '/', ' / ') $$;
UPDATE aggregate_search_entry SET title = title;
"""
OLD_FOLD = """
CREATE OR REPLACE FUNCTION public.congttdt_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, normalize($1, NFC))) $$;
UPDATE aggregate_search_entry SET title = title;
"""


class Migration(migrations.Migration):

    dependencies = [("aggregate_search", "0001_initial")]

    operations = [migrations.RunSQL(FOLD, OLD_FOLD)]
