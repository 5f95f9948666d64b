"""Province-wide search service: a validated request in, ranked hits + facets out.

Used by the search page, the JSON API and the benchmark. The engine is PostgreSQL
(``search.engines.postgres``) unless ``SEARCH_BACKEND=elasticsearch`` (``search.engines.elastic``).
Results are cached per request (see ``search.cache``) until the aggregate changes.

A public service offered by many sites (same national procedure code, ``Entry.group_key``) is one hit: the
best-ranked copy's title and summary, the national procedure's link and the sites offering it (``Hit.group``),
counted once in the total and in each facet value.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.kinds import kind_label
from core.procedures import national_procedure_url

from . import cache, suggest
from .engines import elastic, postgres
from .forms import MAX_PAGE

LANGUAGE_LABELS = {"vi": "Tiếng Việt", "en": "English"}
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"


@dataclass(frozen=True)
class SearchRequest:
    text: str
    scope: str | None = None  # tenant path whose subtree is searched; None: every site
    site: str | None = None  # narrow to one site's subtree (a facet value)
    kind: str | None = None
    year: int | None = None
    language: str | None = None
    page: int = 1
    page_size: int = 20
    prefer_language: str = "vi"  # results in this language rank first (see ``preferred_language``)

    def marks(self) -> list[str]:
        marks = []
        for path in (self.scope, self.site):
            if path:
                marks.append(f"~s{path}")
        if self.kind:
            marks.append(f"~k{self.kind}")
        if self.year:
            marks.append(f"~y{int(self.year)}")
        if self.language:
            marks.append(f"~l{self.language}")
        return marks

    def facet_depth(self) -> int:
        """Site facet one level below the narrowest scope (province → districts → communes)."""
        narrowest = self.site or self.scope
        return narrowest.count(".") + 2 if narrowest else 1


@dataclass
class GroupSite:
    """One site offering a grouped procedure, with the address of its own page."""

    path: str
    name: str
    url: str


@dataclass
class HitGroup:
    """A procedure offered by many sites: its code, its page on the national portal, the sites (in tree order)."""

    code: str
    national_url: str
    sites: list[GroupSite]
    site_count: int  # every site offering it in the scope (``sites`` lists at most GROUP_SITES)


@dataclass
class Hit:
    title: str
    title_html: SafeString
    url: str
    kind: str
    kind_label: str
    site_name: str
    site_path: str
    date: datetime | None
    language: str
    snippet_html: SafeString
    doc_number: str = ""
    summary: str = ""
    in_attachment: bool = False  # the snippet is from the text of the page's attached files
    group: HitGroup | None = None  # one procedure of many sites, shown as one result


def hit_group(row: dict) -> HitGroup | None:
    """The group of an engine's hit row (``group_size`` and ``group_sites``), or None for an ungrouped one."""
    sites = row.get("group_sites")
    if not row.get("group_size") or sites is None:
        return None
    code = row.get("service_code") or ""
    return HitGroup(
        code=code,
        national_url=national_procedure_url(code),
        sites=[GroupSite(site["path"], site.get("name") or site["path"], site["url"]) for site in sites],
        site_count=int(row["group_size"]),
    )


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    request: SearchRequest
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_exact: bool = True
    total_at_least: bool = False  # a lower bound (counting stopped), not an estimate
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    window: int = 0
    valid_query: bool = True
    suggestion: str = ""  # "did you mean" when nothing was found (``search.suggest``)

    @property
    def reachable(self) -> int:
        """Results that can be paged through (the ranked window)."""
        return min(self.total, self.window) if self.total_exact else self.window

    @property
    def has_next(self) -> bool:
        return self.request.page * self.request.page_size < self.reachable

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.reachable // self.request.page_size)))


def marked_html(text: str) -> SafeString:
    """Escape highlighted text from the database, then turn the ⟦ ⟧ markers into <mark>."""
    return mark_safe(escape(text or "").replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


def engine_name() -> str:
    return getattr(settings, "SEARCH_BACKEND", "postgres")


def search(request: SearchRequest, use_cache: bool = True) -> SearchResults:
    """Run a search (the request must be validated: see ``search.forms.SearchForm``)."""
    if not request.text.strip():
        return SearchResults(request=request, valid_query=False)
    payload = {"engine": engine_name(), **asdict(request)}
    key = cache.cache_key(payload) if use_cache else None
    raw = cache.get(key)
    if raw is None:
        started = time.perf_counter()
        raw = run_engine(request)
        if engine_name() != "elasticsearch" and raw.get("ok", True) and not raw.get("hits"):
            # never slower than the search that missed: the lookup gets the time that search took
            budget_ms = (time.perf_counter() - started) * 1000
            raw["suggestion"] = suggest.suggestion(request.text, request.scope, budget_ms)
        cache.put(key, raw)
    return build_results(request, raw)


def run_engine(request: SearchRequest) -> dict:
    if engine_name() == "elasticsearch":
        return elastic.search(request)
    compiled = postgres.compile_search(
        request.text,
        request.marks(),
        request.facet_depth(),
        limit=request.page_size,
        offset=(request.page - 1) * request.page_size,
        prefer_language=request.prefer_language,
    )
    return postgres.execute(compiled)


def preferred_language(text: str, interface_language: str | None) -> str:
    """The language whose results come first: Vietnamese for a query with Vietnamese letters or typed on the
    Vietnamese interface; English only for a query without diacritics on the English interface."""
    if interface_language and interface_language.startswith("en") and text.isascii():
        return "en"
    return "vi"


def build_results(request: SearchRequest, raw: dict) -> SearchResults:
    hits = []
    for row in raw.get("hits") or []:
        date = row.get("date")
        hits.append(
            Hit(
                title=row["title"],
                title_html=marked_html(row.get("title_marked") or row["title"]),
                url=row["url"],
                kind=row["kind"],
                kind_label=kind_label(row["kind"]),
                site_name=row.get("site_name") or row.get("tenant_path", ""),
                site_path=row.get("tenant_path", ""),
                date=parse_datetime(date) if isinstance(date, str) else date,
                language=row.get("language", ""),
                snippet_html=marked_html(row.get("snippet") or row.get("summary") or ""),
                doc_number=row.get("doc_number") or "",
                summary=row.get("summary") or "",
                in_attachment=bool(row.get("in_attachment")),
                group=hit_group(row),
            )
        )
    facets: dict[str, list[FacetValue]] = {"site": [], "kind": [], "year": [], "language": []}
    for item in raw.get("facets") or []:
        facets[item["facet"]].append(FacetValue(item["value"], _facet_label(item), int(item["count"] or 0)))
    total, exact = int(raw.get("total") or 0), bool(raw.get("exact", True))
    at_least = bool(raw.get("at_least", False))
    facets["year"].sort(key=lambda f: f.value, reverse=True)
    return SearchResults(
        request=request,
        hits=hits,
        total=total,
        total_exact=exact,
        total_at_least=at_least,
        facets=facets,
        window=int(raw.get("window") or 0),
        valid_query=bool(raw.get("ok", True)),
        suggestion=raw.get("suggestion") or "",
    )


def _facet_label(item: dict) -> str:
    facet, value = item["facet"], item["value"]
    if facet == "site":
        return item.get("label") or value
    if facet == "kind":
        return kind_label(value)
    if facet == "language":
        return LANGUAGE_LABELS.get(value, value)
    return value
