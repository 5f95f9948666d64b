"""'Did you mean' when a search finds nothing (issue 16): each word of the query that no title of the province
holds is replaced by the most similar word that one does (``pg_trgm`` similarity over ``search.models.Word``).

The vocabulary is rebuilt from the aggregate's title vectors (``refresh_vocabulary``: the hourly beat task and
``search_rebuild``), not kept by the drain: a suggestion may miss the words of the last hour, and the search
path only reads it — one statement over a trigram index of the province's words, run only after a miss.
"""

from __future__ import annotations

import re

from django.db import OperationalError, connection, transaction
from django_tenants.utils import schema_context

from core.text import fold

from .models import Entry, Word

MIN_LENGTH = 3  # shorter words have too few trigrams to compare
_WORD = re.compile(r"(?<![\w-])-?\w+")
_PATH = re.compile(r"^[a-z][a-z0-9]{0,39}$")
REFRESH_SQL = f"""
INSERT INTO {Word._meta.db_table} (province, word, n)
SELECT %(p)s, word, ndoc FROM ts_stat(format(
    'SELECT title_vector FROM {Entry._meta.db_table} WHERE tenant_path = %%L OR tenant_path LIKE %%L',
    %(p)s::text, %(p)s || '.%%'))
WHERE left(word, 1) <> '~' AND length(word) BETWEEN 2 AND 100
"""
SUGGEST_SQL = f"""
SELECT t.w, k.known, CASE WHEN NOT k.known THEN (
           SELECT v.word FROM {Word._meta.db_table} v WHERE v.word %% t.w AND v.province = %(p)s
           ORDER BY similarity(v.word, t.w) DESC, v.n DESC, v.word LIMIT 1) END
FROM unnest(%(words)s::text[]) WITH ORDINALITY AS t(w, i)
CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM {Word._meta.db_table} v
                                   WHERE v.province = %(p)s AND v.word = t.w) AS known) k
ORDER BY t.i
"""


def refresh_vocabulary(province: str | None = None) -> int:
    """Rebuild the vocabulary of one province (a root tenant path) or of every province; returns the words."""
    with schema_context("public"):
        if province is None:
            paths = Entry.objects.values_list("tenant_path", flat=True).distinct()
            provinces = sorted({path.split(".", 1)[0] for path in paths})
        else:
            provinces = [province]
        count = 0
        for name in provinces:
            if not _PATH.match(name):
                continue
            with transaction.atomic(), connection.cursor() as cursor:
                Word.objects.filter(province=name).delete()
                cursor.execute(REFRESH_SQL, {"p": name})
                count += cursor.rowcount
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Word._meta.db_table}")  # the lookups' plans follow the new vocabulary
        return count


def suggestion(text: str, scope: str | None, budget_ms: float = 1000) -> str:
    """The query with its unknown words replaced by the nearest known ones ("dang ky khai sinhh" → "dang ky khai
    sinh"), or "" when every word is known, nothing is near, or there is no province to ask. The lookup may take
    at most ``budget_ms`` (the caller gives the time the missed search took): past it, no suggestion."""
    province = (scope or "").split(".", 1)[0]
    if not province:
        return ""
    tokens = _WORD.findall(fold(text).replace("/", " "))
    words = [token for token in tokens if not token.startswith("-") and len(token) >= MIN_LENGTH]
    if not words:
        return ""
    try:
        with schema_context("public"), transaction.atomic(), connection.cursor() as cursor:
            # SET LOCAL lasts until the end of the enclosing transaction (a savepoint here): put it back after
            cursor.execute(
                "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true)",
                [f"{max(1, round(budget_ms))}ms"],
            )
            previous = cursor.fetchone()[0]
            cursor.execute(SUGGEST_SQL, {"p": province, "words": words})
            rows = cursor.fetchall()
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
    except OperationalError:  # over the budget (query_canceled): a suggestion is never worth a slow page
        return ""
    replacements = {word: near for word, known, near in rows if not known and near}
    if not replacements:
        return ""
    return " ".join(replacements.get(token, token) for token in tokens)
