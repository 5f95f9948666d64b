"""The embedded search engine: one SQL statement over the aggregate, bounded work at any size.

Why not ``ORDER BY ts_rank(...) LIMIT 20``: common administrative words match a third of a
province's pages, and ranking or counting every match means visiting every matching heap row
(≈1 s at 1 M entries). Here no step ever touches more than a bounded number of rows:

* **Candidates, newest first, in recency slices.** Every entry's vectors carry *marks* (see
  ``search.models.VectorSQL``): its week (``~w``), its 16-week block (``~v``), its scope
  (``~s`` + every ancestor path), kind, language, year — and its week, block and sample marks
  again suffixed with each ancestor path (``~w2968@phutho.d3``: migration 0003), so a scoped slice
  is one short posting list, the scope's own entries of those weeks. The candidate window is
  filled from the newest slice backwards, each slice one GIN intersection sorted by date and cut
  at the window size; ``LIMIT`` on the ``UNION ALL`` stops PostgreSQL from even starting the
  older slices once the window is full. Slices are sized from the scope's entries per week
  (``search.models.WeekCount``, kept by triggers): the newest weeks expected to hold 2× the window
  of matches, then 4× and 16× that, then the rest — so a sparse newest period (an imported archive
  under a few new pages) costs no more than a dense one.
* **Title matches** go through the same slices on the (small) title vector, so an older page
  whose *title* matches still enters the window; exact **document numbers** come from a
  B-tree on the folded number.
* **Spelling variants and abbreviations** (``core.text.query_expansions``) widen the Vietnamese query,
  never the index: ``public.congttdt_expand`` (migration 0006) rewrites "dang ki" into ``dang & (ki | ky)``
  and "UBND" into ``ubnd | uy <-> ban <-> nhan <-> dan``, so highlighting marks either spelling too.
* **Ranking** of the window only: exact document number ▸ the preferred language (Vietnamese unless the
  query is typed without diacritics on the English interface) ▸ all terms in the title ▸ the query
  as a phrase ▸ ``ts_rank`` (title A, summary/metadata B, body C, attached files D) ▸ date
  (recency tie-break).
* **One procedure of many sites is one row**: entries with the same ``group_key`` (a public service's national
  procedure code and language, ``search.documents.group_key``) keep only their best-ranked member of the window
  (``ranked``), so the group ranks at its best member and is one row of the pagination; the slots the collapsed
  copies freed are refilled with the next ungrouped matches (``more``: the same slices, gated on ``s_dup``, so an
  ungrouped query never runs it); each grouped hit carries the
  sites of the scope offering it (``_members_sql``). Total and facets count a group once per value (distinct group
  keys of the sample's service rows, ``s_groups``); ungrouped rows are counted as before.
* **Snippets** come from the body; when the body has no match and the text read from the attached
  files has one, from that text, flagged ``in_attachment`` (shown as found in the attached file).
* **Total and facet counts** are estimated from nested uniform samples (marks ``~r0`` 1/512,
  ``~q0`` 1/64, ``~p0`` 1/8 of id blocks, scoped like the slices): the first sample with enough
  matches is used and scaled. When every sample has too few, the matches are counted exactly
  (up to EXACT_CAP) and that exact set is also the candidate set — no second index scan.
  Gated CTEs (one-time filters) run only the needed stage.
* **Scope and filters** are marks too, so they shrink the GIN intersection instead of filtering
  heap rows afterwards.

The whole thing is one statement returning one JSON value; `compile_search` returns its SQL and
parameters so the benchmark can time the bare SQL.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.db import connection
from django_tenants.utils import schema_context

from core.text import query_expansions

from ..models import Entry, WeekCount

WINDOW = 100  # candidate window (newest matches) ranked per query
TITLE_WINDOW = 50
DOC_WINDOW = 20
GROUP_SITES = 500  # sites listed with one grouped procedure (all of them are counted)
DIRECT_MAX = 300  # estimated matches up to which candidates come straight from the whole index
EXACT_CAP = 4800  # the exact count (when every sample had too few matches) stops here
# Sample marks (see search.models.VectorSQL), finest first, each with the matches it needs before
# its estimate is trusted; the exact count runs only below ~40 × 8 matches.
SAMPLES = [("r", 512, 6, 100), ("q", 64, 9, 40), ("p", 8, 12, 40)]  # mark, 1/rate, run = 2**shift ids, needs
MIN_RUNS = 10  # a sample must cover at least this many runs of ids to be representative
TITLE_SLICE_WEEKS = 32  # title candidates of a common query come from at most this many newest weeks
DOC_NUMBER_RE = re.compile(r"(?<![\w/])(\d{1,6}/[\w./-]*\w|\d{1,6}/\d{2,4})", re.UNICODE)
MARK_RE = re.compile(r"^~[a-z][a-z0-9._-]{0,250}$")
HIGHLIGHT = 'StartSel=⟦, StopSel=⟧, MaxWords=40, MinWords=18, ShortWord=1, MaxFragments=2, FragmentDelimiter=" … "'
TITLE_HIGHLIGHT = "StartSel=⟦, StopSel=⟧, HighlightAll=true"
HEADLINE_CHARS = 20000
TABLE = Entry._meta.db_table
COUNTS = WeekCount._meta.db_table


@dataclass(frozen=True)
class CompiledQuery:
    """A search statement in psycopg's pyformat: ``%(name)s`` parameters, and every literal ``%`` (the
    modulo operator) doubled as ``%%`` — run as is by a plain cursor, and turned into a PREPARE body
    (``$n``, single ``%``) by ``prepared_form``."""

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


def split_scope(marks: list[str]) -> tuple[str, list[str]]:
    """(suffix of the scoped period and sample marks, the other marks).

    The narrowest scope mark (``~s<path>``) becomes the suffix ``@<path>`` of the recency and sample
    marks (``~w…@path``, ``~p0@path``: see migration 0003); scope marks it implies (its ancestors)
    are dropped, any other mark (filters, an unrelated site) stays a plain restriction."""
    scopes = [mark[2:] for mark in marks if mark.startswith("~s")]
    narrowest = max(scopes, key=lambda path: path.count("."), default="")
    implied = {f"~s{path}" for path in scopes if narrowest == path or narrowest.startswith(path + ".")}
    return ("@" + narrowest if narrowest else ""), [mark for mark in marks if mark not in implied]


def year_end(marks: list[str]) -> str:
    """Where recency slices start: the end of the filtered year (its newest weeks hold its matches),
    or no bound."""
    years = [int(mark[2:]) for mark in marks if re.fullmatch(r"~y\d{4}", mark)]
    return f"{min(years) + 1}-01-01T00:00:00+07:00" if years else "infinity"


def sample_stages(marks: list[str]) -> list[tuple[str, int, int, int]]:
    """The sample stages worth trying for a scope: each stage costs one GIN intersection whatever
    it finds, and a stage of a small subtree can never reach its quota (a district holds ~1/30 of a
    province's entries: 1/512 of it is a handful of rows; a commune ~1/300: 1/64 is too). So a
    district scope starts at the 1/64 sample, a commune (or deeper) at the 1/8 sample."""
    depth = max((mark.count(".") + 1 for mark in marks if mark.startswith("~s")), default=0)
    return SAMPLES[min(max(depth - 1, 0), len(SAMPLES) - 1) :]


def _estimate_ctes(cap: int, stages_used: list[tuple[str, int, int, int]] | None = None) -> str:
    """Uniform samples, finest first; a stage runs only when every finer one had too few matches.

    A sample mark selects runs of ids (see ``search.models.VectorSQL``); the fraction of the id range
    it covers is computed exactly from the id range (``s_frac``), so a small aggregate — where one run
    covers everything — gets exact counts, and a stage covering fewer than 10 runs is skipped.
    ``s_sample`` holds the chosen stage's matches with their weight; ``s_est`` = (n, exact). When the
    count is exact, ``s1`` holds every match (id, date, title match ``t``), and the candidates are
    taken from it instead of scanning the index again."""
    stages_used = SAMPLES if stages_used is None else stages_used
    stages = ", ".join(f"({rate}, {shift}, '~{mark}0')" for mark, rate, shift, _ in stages_used)
    ctes = [
        f"s_ids AS MATERIALIZED (SELECT min(id) AS lo, max(id) AS hi FROM {TABLE})",
        "s_frac AS MATERIALIZED (SELECT v.rate, count(*) AS runs, sum(least(s_ids.hi, ((c + 1) << v.shift) - 1) "
        "- greatest(s_ids.lo, c << v.shift) + 1)::float8 / (s_ids.hi - s_ids.lo + 1) AS f "
        f"FROM s_ids, (VALUES {stages}) v(rate, shift, mark), "
        "generate_series((s_ids.lo >> v.shift) + (v.rate - (s_ids.lo >> v.shift) %% v.rate) %% v.rate, "
        "s_ids.hi >> v.shift, v.rate) c GROUP BY v.rate, s_ids.lo, s_ids.hi)",
    ]
    columns = (
        f"SELECT e.id, e.date, e.tenant_path, e.kind, e.year, e.language, e.group_key AS g, {{title}} AS t FROM {TABLE} e "
        "WHERE (SELECT ok FROM q)"
    )
    done, union = [], []
    for mark, rate, _shift, minimum in stages_used:
        usable = f"coalesce((SELECT runs FROM s_frac WHERE rate = {rate}), 0) >= {MIN_RUNS}"
        gate = "".join(f" AND NOT {d}" for d in done)
        ctes.append(
            f"s{rate} AS MATERIALIZED ({columns.format(title='false')}{gate} AND {usable} "
            f"AND e.vector @@ (SELECT fq && quote_literal('~{mark}0' || sfx)::tsquery FROM q))"
        )
        enough = f"(SELECT count(*) FROM s{rate}) >= {minimum}"
        union.append(f"SELECT *, 1 / (SELECT f FROM s_frac WHERE rate = {rate}) AS w FROM s{rate} WHERE {enough}")
        done.append(enough)
    gate = "".join(f" AND NOT {d}" for d in done)
    ctes.append(
        f"s1 AS MATERIALIZED ({columns.format(title='e.title_vector @@ (SELECT base FROM q)')}{gate} "
        f"AND e.vector @@ (SELECT cq FROM q) LIMIT {cap})"
    )
    union.append("SELECT *, 1.0::float8 FROM s1")
    ctes.append("s_sample AS (" + "\n    UNION ALL ".join(union) + ")")
    ctes.append(
        f"s_est AS MATERIALIZED (SELECT coalesce(sum(w), 0) AS n, coalesce(max(w), 1) = 1 "
        f"AND count(*) < {cap} AS exact, coalesce(max(w), 1) = 1 AND count(*) >= {cap} AS capped "
        "FROM s_sample)"
    )
    return ",\n".join(ctes)


def _slice_sql(weeks: str) -> str:
    """A tsquery OR-ing the marks of the newest ``weeks`` weeks (16-week blocks beyond 16 weeks),
    and the start of the oldest week or block it covers."""
    return (
        f"CASE WHEN {weeks} <= 16 THEN "
        f"(SELECT string_agg(quote_literal('~w' || (span.w - i) || q.sfx), ' | ') FROM generate_series(0, {weeks} - 1) i)"
        f" ELSE (SELECT string_agg(quote_literal('~v' || b || q.sfx), ' | ') FROM generate_series("
        f"floor((span.w - {weeks} + 1) / 16.0)::integer, floor(span.w / 16.0)::integer) b) END::tsquery",
        f"to_timestamp(CASE WHEN {weeks} <= 16 THEN span.w - {weeks} + 1 "
        f"ELSE floor((span.w - {weeks} + 1) / 16.0)::integer * 16 END::bigint * 604800)",
    )


def _plan_cte() -> str:
    """Recency slices sized from the entries of the scope per week (``search.models.WeekCount``):
    the newest weeks holding the entries expected to give ~2× the window (the estimated share of
    matching entries applied to those counts), then 4× and 16× that, then the rest. Title slices:
    the first two, capped at TITLE_SLICE_WEEKS. Weeks are counted back from the newest, so empty
    weeks cost nothing and a dense older archive under a few new pages is reached by the first
    slice instead of the unbounded remainder. One pass over the counts sizes all three slices."""
    factors = (1, 4, 16)
    needs = [f"{factor} * 2.0 * %(window)s::int * t.n / greatest(s_est.n, 1)" for factor in factors]
    oldest = ", ".join(
        f"min(c.week) FILTER (WHERE c.cum - c.n < {need}) AS b{index}" for index, need in enumerate(needs)
    )
    weeks = ", ".join(
        f"least(span.weeks, coalesce(span.w - b{index} + 1, span.weeks))::integer AS weeks{index}"
        for index in range(len(factors))
    )
    columns = []
    for index in range(len(factors)):
        tsquery, cut = _slice_sql(f"s_weeks.weeks{index}")
        columns.append(f"{tsquery} AS s{index}, {cut} AS cut{index}, s_weeks.weeks{index}")
        if index < 2:
            tsquery, cut = _slice_sql(f"least(s_weeks.weeks{index}, {TITLE_SLICE_WEEKS})")
            columns.append(f"{tsquery} AS t{index}, {cut} AS tcut{index}")
    return (
        f"counts AS MATERIALIZED (SELECT week, n, sum(n) OVER (ORDER BY week DESC) AS cum FROM {COUNTS} "
        "WHERE scope = %(scope)s::text AND week <= (SELECT w FROM span)),\n"
        "s_weeks AS MATERIALIZED (SELECT "
        + weeks
        + " FROM span, (SELECT "
        + oldest
        + " FROM counts c, s_est, (SELECT coalesce(sum(n), 0) AS n FROM counts) t) b),\n"
        f"s_plan AS MATERIALIZED (SELECT s_est.n > {DIRECT_MAX} AS sliced, {', '.join(columns)} "
        "FROM s_est, span, q, s_weeks)"
    )


def _candidates_cte(
    name: str,
    column: str,
    window: str,
    slices: list[tuple[str, str]],
    remainder: str,
    exact_filter: str = "",
    extra: str = "",
) -> str:
    """Newest matches: all of them from ``s1`` when the count is exact (no second index scan);
    otherwise slice by slice, and LIMIT on the UNION ALL stops before the older slices once the
    window is full (PostgreSQL never starts them)."""
    plan = "(SELECT {} FROM s_plan)"
    exact = "(SELECT exact FROM s_est)"
    base = f"SELECT e.id FROM {TABLE} e WHERE (SELECT ok FROM q) AND NOT {exact} AND {extra}"
    order = f"ORDER BY e.date + interval '0' DESC LIMIT {window}"  # (+0: no plans through the date index)
    parts, newer = [f"(SELECT e.id FROM s1 e WHERE {exact}{exact_filter} ORDER BY e.date DESC LIMIT {window})"], ""
    for mark, cut in slices:
        parts.append(
            f"({base}{plan.format('sliced')} AND e.{column} @@ ((SELECT fq FROM q) && {plan.format(mark)})"
            f"{newer} {order})"
        )
        newer = f" AND e.date + interval '0' < {plan.format(cut)}"
    parts.append(f"({base}e.{column} @@ (SELECT cq FROM q) AND {remainder} {order})")
    return f"{name} AS MATERIALIZED (SELECT id FROM (\n    " + "\n    UNION ALL ".join(parts) + f") c LIMIT {window})"


FACET_NAME = (
    "CASE WHEN GROUPING(site) = 0 THEN 'site' WHEN GROUPING(kind) = 0 THEN 'kind' "
    "WHEN GROUPING(year) = 0 THEN 'year' WHEN GROUPING(language) = 0 THEN 'language' ELSE 'total' END"
)


def _score_sql(doc_tier: str, ids: str) -> str:
    """The ranking of the candidates ``ids`` (a set of entry ids): tier and ``ts_rank``, see the module docstring."""
    return (
        f"SELECT e.id, e.date, e.group_key AS g, {doc_tier} "
        "+ CASE WHEN e.language = %(prefer)s::text THEN 16 ELSE 0 END "
        "+ CASE WHEN e.title_vector @@ q.base THEN 4 ELSE 0 END "
        "+ CASE WHEN numnode(q.phrase) > 1 AND e.vector @@ q.phrase THEN 2 ELSE 0 END AS tier, "
        "round(ts_rank('{0.1, 0.2, 0.4, 1.0}', e.vector, q.base, 1)::numeric, 2) AS rank "
        f"FROM {ids} c JOIN {TABLE} e USING (id) CROSS JOIN q"
    )


def _members_sql(restrict_sql: str) -> str:
    """The sites offering a grouped hit's procedure (``e``): every entry with its group key inside the search's scope
    and filters (the marks, checked on the few rows the key finds, as for numbered documents), in tree order, at
    most GROUP_SITES listed; ``n`` counts them all."""
    return (
        "SELECT count(*) AS n, json_agg(json_build_object('path', m.tenant_path, 'name', m.name, 'url', m.url) "
        f"ORDER BY m.tenant_path, m.id) FILTER (WHERE m.k <= {GROUP_SITES}) AS sites FROM ("
        "SELECT m.id, m.tenant_path, m.url, mt.name, row_number() OVER (ORDER BY m.tenant_path, m.id) AS k FROM ("
        f"SELECT m.id, m.tenant_path, m.url, m.tenant_id, m.title_vector FROM {TABLE} m "
        f"WHERE m.group_key = e.group_key AND m.group_key <> '' OFFSET 0) m JOIN tenants_tenant mt ON mt.id = m.tenant_id {restrict_sql}) m"
    )


def compile_search(
    text: str, marks: list[str], facet_depth: int, limit: int, offset: int, prefer_language: str = "vi"
) -> CompiledQuery:
    """SQL + parameters of a search (see the module docstring). ``marks`` restrict scope and filters; entries in
    ``prefer_language`` rank before the others (Vietnamese results first for a Vietnamese query)."""
    window = max(WINDOW, offset + limit)
    restrict = restrict_tsquery(marks)
    cq = "base && %(restrict)s::tsquery" if restrict else "base"
    suffix, filter_marks = split_scope(marks)
    filters = restrict_tsquery(filter_marks)
    fq = "base && %(filters)s::tsquery" if filters else "base"
    # Scope and filters of numbered documents are checked on the few rows the key finds (the small
    # title vector carries the marks too); OFFSET 0 keeps the planner from intersecting the key's
    # B-tree with the scope's whole GIN posting list (31 ms for a province).
    restrict_sql = "WHERE m.title_vector @@ %(restrict)s::tsquery" if restrict else ""
    members_sql = _members_sql(restrict_sql)
    keys = doc_number_keys(text)
    doc_cte = "docs AS (SELECT NULL::bigint AS id WHERE false)"
    doc_tier = "0"
    if keys:
        doc_cte = (
            f"docs AS (SELECT x.id FROM dockeys d CROSS JOIN LATERAL (SELECT m.id FROM ("
            f"SELECT e.id, e.title_vector FROM {TABLE} e WHERE e.doc_key <> '' AND (e.doc_key = d.k "
            f"OR (e.doc_key ~>=~ (d.k || '/') AND e.doc_key ~<~ (d.k || '0'))) OFFSET 0) m "
            f"{restrict_sql} LIMIT {DOC_WINDOW}) x)"
        )
        doc_tier = "CASE WHEN e.id IN (SELECT id FROM docs) THEN 32 ELSE 0 END"
    sql = f"""
WITH q AS MATERIALIZED (
    SELECT base, vq, eq, phrase, {cq} AS cq, {fq} AS fq, %(suffix)s::text AS sfx,
           querytree(base) NOT IN ('T', '') AS ok
    FROM (SELECT CASE WHEN vq = eq THEN vq ELSE vq || eq END AS base, vq, eq, phrase FROM (
        SELECT public.congttdt_expand(websearch_to_tsquery('public.congttdt_vi', f), %(targets)s::text[],
                                      %(substitutes)s::text[]) AS vq,
               websearch_to_tsquery('public.congttdt_en', f) AS eq,
               public.congttdt_expand(phraseto_tsquery('public.congttdt_vi', f), %(targets)s::text[],
                                      %(substitutes)s::text[]) AS phrase
        FROM (SELECT public.congttdt_fold(%(q)s::text) AS f) f0) a) b
),
dockeys AS (SELECT DISTINCT regexp_replace(public.congttdt_fold(k), '\s+', '', 'g') AS k FROM unnest(%(keys)s::text[]) k),
span AS MATERIALIZED (
    SELECT w, greatest(w - w0 + 1, 1) AS weeks, to_timestamp((w + 1)::bigint * 604800) AS future FROM (
        SELECT public.congttdt_week(least(coalesce(max(date), now()), now(), %(until)s::timestamptz)) AS w,
               public.congttdt_week(coalesce(min(date), now())) AS w0 FROM {TABLE}) a
),
{_estimate_ctes(EXACT_CAP, sample_stages(marks))},
{_plan_cte()},
{
        _candidates_cte(
            "recent",
            "vector",
            "%(window)s::int",
            [("s0", "cut0"), ("s1", "cut1"), ("s2", "cut2")],
            "(NOT (SELECT sliced FROM s_plan) OR e.date + interval '0' < (SELECT cut2 FROM s_plan) "
            "OR e.date + interval '0' >= (SELECT future FROM span))",
        )
    },
{
        _candidates_cte(
            "titles",
            "title_vector",
            "%(title_window)s::int",
            [("t0", "tcut0"), ("t1", "tcut1")],
            "NOT (SELECT sliced FROM s_plan)",
            exact_filter=" AND e.t",
        )
    },
{doc_cte},
cand AS (SELECT id FROM recent UNION SELECT id FROM titles UNION SELECT id FROM docs),
scored AS MATERIALIZED ({_score_sql(doc_tier, "cand")}),
s_dup AS MATERIALIZED (
    SELECT count(*) FILTER (WHERE g <> '') - count(DISTINCT nullif(g, '')) AS n, count(*) FILTER (WHERE g = '') AS ungrouped
    FROM scored
),
{
        _candidates_cte(
            "more",
            "vector",
            "(SELECT n + ungrouped FROM s_dup)",
            [("s0", "cut0"), ("s1", "cut1"), ("s2", "cut2")],
            "(NOT (SELECT sliced FROM s_plan) OR e.date + interval '0' < (SELECT cut2 FROM s_plan) "
            "OR e.date + interval '0' >= (SELECT future FROM span))",
            exact_filter=" AND e.g = '' AND (SELECT n FROM s_dup) > 0",
            extra="(SELECT n FROM s_dup) > 0 AND e.group_key = '' AND ",
        )
    },
scored_more AS MATERIALIZED ({_score_sql(doc_tier, "(SELECT id FROM more EXCEPT SELECT id FROM cand)")}),
ranked AS MATERIALIZED (
    SELECT id, tier, rank, date, g FROM scored WHERE g = ''
    UNION ALL
    SELECT id, tier, rank, date, g FROM scored_more
    UNION ALL
    SELECT id, tier, rank, date, g FROM (
        SELECT *, row_number() OVER (PARTITION BY g ORDER BY tier DESC, rank DESC, date DESC, id DESC) AS n
        FROM scored WHERE g <> '') best WHERE n = 1
),
hits AS MATERIALIZED (
    SELECT id, tier, rank, date FROM ranked ORDER BY tier DESC, rank DESC, date DESC, id DESC
    LIMIT %(limit)s::int OFFSET %(offset)s::int
),
s_site AS (
    SELECT array_to_string((string_to_array(tenant_path, '.'))[1:%(depth)s::int], '.') AS site, kind, year, language,
           w, g FROM s_sample
),
s_groups AS MATERIALIZED (SELECT site, kind, year, language, w, g FROM s_site WHERE g <> ''),
facets AS (
    SELECT facet, value, round(sum(n))::bigint AS n FROM (
        SELECT {FACET_NAME} AS facet, coalesce(site, kind, year::text, language, '') AS value, sum(w) AS n
        FROM s_site WHERE g = '' GROUP BY GROUPING SETS ((site), (kind), (year), (language))
        UNION ALL
        SELECT {FACET_NAME}, coalesce(site, kind, year::text, language, ''), count(DISTINCT g)
        FROM s_groups GROUP BY GROUPING SETS ((site), (kind), (year), (language))
    ) f GROUP BY facet, value
)
SELECT json_build_object(
    'ok', (SELECT ok FROM q),
    'hits', (SELECT coalesce(json_agg(h ORDER BY h.tier DESC, h.rank DESC, h.date DESC, h.id DESC), '[]'::json) FROM (
        SELECT e.id, e.title, e.url, e.kind, e.language, e.date, e.tenant_path, t.name AS site_name, e.doc_number,
               e.summary, hits.tier, hits.rank, coalesce(f.snip, b.snip) AS snippet, f.snip IS NOT NULL AS in_attachment,
               ts_headline(public.congttdt_cfg(e.language), e.title,
                           CASE WHEN e.language = 'en' THEN q.eq ELSE q.vq END, %(title_highlight)s::text) AS title_marked,
               e.service_code, grp.n AS group_size, grp.sites AS group_sites
        FROM hits JOIN {TABLE} e USING (id) JOIN tenants_tenant t ON t.id = e.tenant_id CROSS JOIN q
        LEFT JOIN LATERAL ({members_sql}) grp ON e.group_key <> ''
        CROSS JOIN LATERAL (SELECT ts_headline(public.congttdt_cfg(e.language), left(e.body, {HEADLINE_CHARS}),
                            CASE WHEN e.language = 'en' THEN q.eq ELSE q.vq END, %(highlight)s::text) AS snip) b
        LEFT JOIN LATERAL (SELECT a.snip FROM (
            SELECT ts_headline(public.congttdt_cfg(e.language), left(e.attachment, {HEADLINE_CHARS}),
                               CASE WHEN e.language = 'en' THEN q.eq ELSE q.vq END, %(highlight)s::text) AS snip
            WHERE e.attachment <> '' AND strpos(b.snip, '⟦') = 0) a WHERE strpos(a.snip, '⟦') > 0) f ON true) h),
    'window', (SELECT count(*) FROM ranked),
    'slice_weeks', (SELECT CASE WHEN sliced THEN weeks0 END FROM s_plan),
    'total', (SELECT round(s_est.n - coalesce((SELECT sum(w) FROM s_groups), 0)
                          + (SELECT count(DISTINCT g) FROM s_groups)) FROM s_est),
    'exact', (SELECT exact FROM s_est),
    'at_least', (SELECT capped FROM s_est),
    'facets', (SELECT coalesce(json_agg(json_build_object('facet', f.facet, 'value', f.value, 'count', f.n,
                                                           'label', t.name)
                                        ORDER BY f.facet, f.n DESC, f.value), '[]'::json)
               FROM facets f LEFT JOIN tenants_tenant t ON f.facet = 'site' AND t.path = f.value)
)
"""
    expansions = query_expansions(text)
    params = {
        "q": text,
        "targets": [target for target, _ in expansions],
        "substitutes": [substitute for _, substitute in expansions],
        "prefer": prefer_language,
        "keys": keys,
        "restrict": restrict,
        "filters": filters,
        "suffix": suffix,
        "scope": suffix[1:],
        "until": year_end(filter_marks),
        "window": window,
        "title_window": TITLE_WINDOW,
        "limit": limit,
        "offset": offset,
        "depth": facet_depth,
        "highlight": HIGHLIGHT,
        "title_highlight": TITLE_HIGHLIGHT,
    }
    return CompiledQuery(sql, params)


_PARAM = re.compile(r"%\((\w+)\)s")
_prepared: dict[tuple[int, int], set[str]] = {}


def prepared_form(compiled: CompiledQuery) -> tuple[str, str, list]:
    """(statement name, PREPARE body with $n parameters, parameter values in order)."""
    names: list[str] = []

    def number(match: re.Match) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    body = _PARAM.sub(number, compiled.sql).replace("%%", "%")
    name = "congttdt_search_" + hashlib.sha1(body.encode()).hexdigest()[:16]
    return name, body, [compiled.params[n] for n in names]


def execute(compiled: CompiledQuery, prepared: bool = True) -> dict:
    """Run the statement in the public schema — as a server-side prepared statement with a generic
    plan (planning this statement costs more than running it), prepared once per connection."""
    with schema_context("public"), connection.cursor() as cursor:
        if prepared:
            name, body, values = prepared_form(compiled)
            raw = connection.connection
            known = _prepared.setdefault((id(raw), raw.info.backend_pid), set())
            if name not in known:
                cursor.execute("SET plan_cache_mode = force_generic_plan")  # affects prepared statements only
                cursor.execute(f"PREPARE {name} AS {body}")
                known.add(name)
            cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(values))})", values)
        else:
            cursor.execute(compiled.sql, compiled.params)
        value = cursor.fetchone()[0]
    return value if isinstance(value, dict) else json.loads(value)
