"""The embedded search engine: one SQL statement over the aggregate, bounded work at any size.

Why not ``ORDER BY ts_rank(...) LIMIT 20``: common administrative words match a third of a
province's pages, and ranking or counting every match means visiting every matching heap row
(≈1 s at 1 M entries). Here no step ever touches more than a bounded number of rows:

* **Candidates, newest first, in recency slices.** Every entry's vectors carry *marks* (see
  ``search.models.VectorSQL``): its week (``~w``), its 16-week block (``~v``), its scope
  (``~s`` + every ancestor path), kind, language, year. The candidate window is filled from
  the newest slice backwards — 4 weeks, then 2 blocks, 6 blocks, 24 blocks, then the rest — each
  slice one GIN intersection (the small slice mark drives the scan) sorted by date and cut at
  the window size; ``LIMIT`` on the ``UNION ALL`` stops PostgreSQL from even starting the
  older slices once the window is full. A common query is answered from the newest slice; a rare
  one reaches the remainder, where its rare terms keep the GIN scan small.
* **Title matches** go through the same slices on the (small) title vector, so an older page
  whose *title* matches still enters the window; exact **document numbers** come from a
  B-tree on the folded number.
* **Ranking** of the window only: exact document number ▸ all terms in the title ▸ the query
  as a phrase ▸ ``ts_rank`` (title A, summary/metadata B, body C) ▸ date (recency tie-break).
* **Total and facet counts** are exact below ~800 matches and otherwise estimated from nested
  uniform samples (marks ``~r`` 1/512, ``~q`` 1/64, ``~p`` 1/8 of id blocks): the first sample
  with ≥ 100 matches is used and scaled. Gated CTEs (one-time filters) run only the needed stage.
* **Scope and filters** are marks too, so they shrink the GIN intersection instead of filtering
  heap rows afterwards.

The whole thing is one statement returning one JSON value; `compile_search` returns its SQL and
parameters so the benchmark can time the bare SQL.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.db import connection

from ..models import Entry

WINDOW = 200  # candidate window (newest matches) ranked per query
TITLE_WINDOW = 100
DOC_WINDOW = 20
SAMPLE_MIN = 100  # matches a sample needs before it is trusted
SLICES = [  # (mark, offsets back from the anchor's week / 16-week block)
    ("w", range(0, 4)),
    ("v", range(0, 2)),
    ("v", range(2, 8)),
    ("v", range(8, 32)),
]
DOC_NUMBER_RE = re.compile(r"(?<![\w/])(\d{1,6}/[\w./-]*\w|\d{1,6}/\d{2,4})", re.UNICODE)
MARK_RE = re.compile(r"^~[a-z][a-z0-9._-]{0,250}$")
HIGHLIGHT = "StartSel=⟦, StopSel=⟧, MaxWords=40, MinWords=18, ShortWord=1, MaxFragments=2, FragmentDelimiter=\" … \""
TITLE_HIGHLIGHT = "StartSel=⟦, StopSel=⟧, HighlightAll=true"
HEADLINE_CHARS = 20000


@dataclass(frozen=True)
class CompiledQuery:
    sql: str
    params: dict = field(default_factory=dict)


def doc_number_keys(text: str) -> list[str]:
    """Document-number-like tokens of a query ("09/QĐ-BBT", "43/2011"), as typed (folded in SQL)."""
    return [match.group(0) for match in DOC_NUMBER_RE.finditer(text)][:3]


def restrict_tsquery(marks: list[str]) -> str:
    for mark in marks:
        if not MARK_RE.match(mark):
            raise ValueError(f"invalid mark {mark!r}")
    return " & ".join(f"'{mark}'" for mark in marks)


def compile_search(text: str, marks: list[str], facet_depth: int, limit: int, offset: int) -> CompiledQuery:
    """SQL + parameters of a search (see the module docstring). ``marks`` restrict scope and filters."""
    table = Entry._meta.db_table
    window = max(WINDOW, offset + limit)
    restrict = restrict_tsquery(marks)
    cq = "base && %(restrict)s::tsquery" if restrict else "base"
    restrict_sql = "AND e.vector @@ %(restrict)s::tsquery" if restrict else ""
    keys = doc_number_keys(text)

    def slices(column: str, size_param: str) -> str:
        parts = []
        for index, (mark, _offsets) in enumerate(SLICES):
            newer = "" if index == 0 else f"AND e.date < (SELECT cut{index} FROM anchor)"
            parts.append(
                f"(SELECT e.id FROM {table} e WHERE (SELECT ok FROM q) "
                f"AND e.{column} @@ ((SELECT cq FROM q) && (SELECT s{index} FROM anchor)) {newer} "
                f"ORDER BY e.date + interval '0' DESC LIMIT %({size_param})s)"
            )
        parts.append(
            f"(SELECT e.id FROM {table} e WHERE (SELECT ok FROM q) AND e.{column} @@ (SELECT cq FROM q) "
            f"AND (e.date < (SELECT cut{len(SLICES)} FROM anchor) OR e.date >= (SELECT future FROM anchor)) "
            f"ORDER BY e.date + interval '0' DESC "
            f"LIMIT %({size_param})s)"
        )
        return "SELECT id FROM (" + "\nUNION ALL ".join(parts) + f") s LIMIT %({size_param})s"

    anchor_cols = []
    for index, (mark, offsets) in enumerate(SLICES):
        unit = "w" if mark == "w" else "v"
        anchor_cols.append(
            f"(SELECT string_agg(quote_literal('~{mark}' || ({unit} - i)), ' | ') "
            f"FROM generate_series({offsets.start}, {offsets.stop - 1}) i)::tsquery AS s{index}"
        )
        # everything older than this slice's oldest week/block comes after it
        oldest = f"({unit} - {offsets.stop - 1})" + (" * 16" if unit == "v" else "")
        anchor_cols.append(f"to_timestamp({oldest}::bigint * 604800) AS cut{index + 1}")

    def sample_stage(name: str, mark: str | None, gates: list[str]) -> str:
        condition = f"e.vector @@ ((SELECT cq FROM q) && '{mark}'::tsquery)" if mark else "e.vector @@ (SELECT cq FROM q)"
        gate = "".join(f" AND (SELECT count(*) FROM {g}) < {SAMPLE_MIN}" for g in gates)
        return (f"{name} AS MATERIALIZED (SELECT e.tenant_path, e.kind, e.year, e.language FROM {table} e "
                f"WHERE (SELECT ok FROM q){gate} AND {condition})")

    doc_cte = "docs AS (SELECT NULL::bigint AS id WHERE false)"
    doc_tier = "0"
    if keys:
        doc_cte = (f"docs AS (SELECT e.id FROM {table} e, dockeys d WHERE e.doc_key <> '' "
                   f"AND (e.doc_key = d.k OR e.doc_key LIKE d.k || '/%%') {restrict_sql} LIMIT {DOC_WINDOW})")
        doc_tier = ("CASE WHEN e.doc_key <> '' AND EXISTS (SELECT 1 FROM dockeys d WHERE e.doc_key = d.k "
                    "OR e.doc_key LIKE d.k || '/%%') THEN 8 ELSE 0 END")
    sql = f"""
WITH q AS MATERIALIZED (
    SELECT base, vq, eq, phrase, {cq} AS cq, querytree(base) NOT IN ('T', '') AS ok
    FROM (SELECT CASE WHEN vq = eq THEN vq ELSE vq || eq END AS base, vq, eq, phrase FROM (
        SELECT websearch_to_tsquery('public.congttdt_vi', f) AS vq, websearch_to_tsquery('public.congttdt_en', f) AS eq,
               phraseto_tsquery('public.congttdt_vi', f) AS phrase
        FROM (SELECT public.congttdt_fold(%(q)s) AS f) f0) a) b
),
dockeys AS (SELECT DISTINCT regexp_replace(public.congttdt_fold(k), '\\s+', '', 'g') AS k FROM unnest(%(keys)s::text[]) k),
anchor AS MATERIALIZED (
    SELECT {", ".join(anchor_cols)}, to_timestamp((w + 1)::bigint * 604800) AS future
    FROM (SELECT w, floor(w / 16.0)::integer AS v FROM (
        SELECT public.congttdt_week(least(coalesce(max(date), now()), now())) AS w FROM {table}) a0) a1
),
recent AS MATERIALIZED ({slices("vector", "window")}),
titles AS MATERIALIZED ({slices("title_vector", "title_window")}),
{doc_cte},
cand AS (SELECT id FROM recent UNION SELECT id FROM titles UNION SELECT id FROM docs),
scored AS MATERIALIZED (
    SELECT e.id, e.date,
           {doc_tier}
           + CASE WHEN e.title_vector @@ q.base THEN 4 ELSE 0 END
           + CASE WHEN numnode(q.phrase) > 1 AND e.vector @@ q.phrase THEN 2 ELSE 0 END AS tier,
           round(ts_rank('{{0.1, 0.2, 0.4, 1.0}}', e.vector, q.base, 1)::numeric, 2) AS rank
    FROM cand JOIN {table} e USING (id) CROSS JOIN q
),
hits AS MATERIALIZED (
    SELECT id, tier, rank, date FROM scored ORDER BY tier DESC, rank DESC, date DESC, id DESC
    LIMIT %(limit)s OFFSET %(offset)s
),
{sample_stage("s512", "~r0", [])},
{sample_stage("s64", "~q0", ["s512"])},
{sample_stage("s8", "~p0", ["s512", "s64"])},
{sample_stage("sall", None, ["s512", "s64", "s8"])},
sample AS (
    SELECT *, 512 AS w FROM s512 WHERE (SELECT count(*) FROM s512) >= {SAMPLE_MIN}
    UNION ALL SELECT *, 64 FROM s64 WHERE (SELECT count(*) FROM s64) >= {SAMPLE_MIN}
    UNION ALL SELECT *, 8 FROM s8 WHERE (SELECT count(*) FROM s8) >= {SAMPLE_MIN}
    UNION ALL SELECT *, 1 FROM sall
),
facets AS (
    SELECT CASE WHEN GROUPING(site) = 0 THEN 'site' WHEN GROUPING(kind) = 0 THEN 'kind'
                WHEN GROUPING(year) = 0 THEN 'year' WHEN GROUPING(language) = 0 THEN 'language' ELSE 'total' END
           AS facet, coalesce(site, kind, year::text, language, '') AS value, sum(w)::bigint AS n, max(w) AS rate
    FROM (SELECT array_to_string((string_to_array(tenant_path, '.'))[1:%(depth)s], '.') AS site, kind, year,
                 language, w FROM sample) s
    GROUP BY GROUPING SETS ((site), (kind), (year), (language), ())
)
SELECT json_build_object(
    'ok', (SELECT ok FROM q),
    'hits', (SELECT coalesce(json_agg(h ORDER BY h.tier DESC, h.rank DESC, h.date DESC, h.id DESC), '[]'::json) FROM (
        SELECT e.id, e.title, e.url, e.kind, e.language, e.date, e.tenant_path, t.name AS site_name, e.doc_number,
               e.summary, hits.tier, hits.rank,
               ts_headline(public.congttdt_cfg(e.language), left(e.body, {HEADLINE_CHARS}),
                           CASE WHEN e.language = 'en' THEN q.eq ELSE q.vq END, %(highlight)s) AS snippet,
               ts_headline(public.congttdt_cfg(e.language), e.title,
                           CASE WHEN e.language = 'en' THEN q.eq ELSE q.vq END, %(title_highlight)s) AS title_marked
        FROM hits JOIN {table} e USING (id) JOIN tenants_tenant t ON t.id = e.tenant_id CROSS JOIN q) h),
    'window', (SELECT count(*) FROM cand),
    'facets', (SELECT coalesce(json_agg(json_build_object('facet', f.facet, 'value', f.value, 'count', f.n,
                                                           'rate', f.rate, 'label', t.name)
                                        ORDER BY f.facet, f.n DESC, f.value), '[]'::json)
               FROM facets f LEFT JOIN tenants_tenant t ON f.facet = 'site' AND t.path = f.value)
)
"""
    params = {
        "q": text, "keys": keys, "restrict": restrict, "window": window, "title_window": TITLE_WINDOW,
        "limit": limit, "offset": offset, "depth": facet_depth, "highlight": HIGHLIGHT,
        "title_highlight": TITLE_HIGHLIGHT,
    }
    return CompiledQuery(sql, params)


def execute(compiled: CompiledQuery) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, compiled.params)
        value = cursor.fetchone()[0]
    return value if isinstance(value, dict) else json.loads(value)
