"""Elasticsearch 9 / OpenSearch engine for the aggregate, through Wagtail's own search backend.

Selected by ``SEARCH_BACKEND=elasticsearch`` (see ``config/settings.py``: the ``aggregate`` entry of
``WAGTAILSEARCH_BACKENDS``, one index per deployment named by ``SEARCH_INDEX_NAME``, a folding
analyzer). Only the public aggregate goes there — the per-tenant editors' search stays on the
database backend inside each schema, because Wagtail's index names are one prefix per process and
its document ids are bare primary keys. The PostgreSQL aggregate stays the source of truth: the
outbox drain writes the rows, then mirrors them here (``mirror``). Not verified against a running
server (none can be installed on the development machines): tests only check that the setting
selects this backend class with the analyzers configured, and that the grouped request collapses on the group key.

A procedure offered by many sites is one hit here too: the page of hits is one request collapsing on
``collapse_key`` (a keyword: the group key, or the entry itself), the total a cardinality of that key, and the
sites of each group are read from the PostgreSQL aggregate (the source of truth) by group key inside the scope.
Facet counts stay per entry on this engine (not verified against a server either).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from wagtail.search.query import Or, PlainText, SearchQuery

from core.text import fold, query_expansions

from ..models import Entry

BACKEND_ALIAS = "aggregate"


def backend():
    from wagtail.search.backends import get_search_backend

    return get_search_backend(BACKEND_ALIAS)


def mirror(upserts: Iterable[Entry], removed: Iterable[Entry]) -> None:
    engine = backend()
    upserts = [entry for entry in upserts if entry.pk]
    if upserts:
        engine.add_bulk(Entry, upserts)
    for entry in removed:
        engine.delete(entry)


def reindex(chunk: int = 1000) -> int:
    """Re-send every aggregate row (after ``search_rebuild``)."""
    engine = backend()
    index = engine.get_index_for_model(Entry)
    index.add_model(Entry)
    count = 0
    queryset = Entry.objects.order_by("pk")
    for start in range(0, queryset.count(), chunk):
        rows = list(queryset[start : start + chunk])
        engine.add_bulk(Entry, rows)
        count += len(rows)
    return count


def _alternative(words: list[str], rules: list[tuple[str, str]]) -> str:
    """The query's folded words with each rule's target words replaced by its substitute's words."""
    words = list(words)
    for target, substitute in rules:
        for word in target.split():
            words.remove(word)
        words.extend(substitute.replace('"', " ").split())
    return " ".join(words)


def query_for(text: str) -> SearchQuery:
    """The query with the spelling variants and abbreviations of ``core.text.query_expansions`` (the rule the
    PostgreSQL engine applies): the query as typed OR it with one — or every — expansion applied. The index
    keeps the text as written, folded by the analyzer, like the PostgreSQL aggregate."""
    expansions = query_expansions(text)
    if not expansions:
        return PlainText(text, operator="and")
    words = [word for word in fold(text).replace("/", " ").replace('"', " ").split()]
    words = [part for word in words for part in ([word] if word in dict(expansions) else word.split("-"))]
    usable = [(t, s) for t, s in expansions if all(w in words for w in t.split())]
    alternatives = [text] + [_alternative(words, [rule]) for rule in usable]
    if len(usable) > 1:
        alternatives.append(_alternative(words, usable))
    return Or([PlainText(alternative, operator="and") for alternative in dict.fromkeys(alternatives)])


def collapsed_body(body: dict, column: str) -> dict:
    """An Elasticsearch request body collapsing the hits on ``column`` (one hit per group), with their count."""
    return {**body, "collapse": {"field": column}, "aggregations": {"groups": {"cardinality": {"field": column}}}}


def group_members(keys: list[str], request) -> dict[str, list[dict]]:
    """The sites offering each grouped procedure inside the request's scope and filters, in tree order."""
    members: dict[str, list[dict]] = {}
    queryset = Entry.objects.filter(group_key__in=[key for key in keys if key]).select_related("tenant")
    for path in (request.scope, request.site):
        if path:
            queryset = queryset.filter(Q(tenant_path=path) | Q(tenant_path__startswith=f"{path}."))
    for name in ("year", "language"):
        if getattr(request, name):
            queryset = queryset.filter(**{name: getattr(request, name)})
    for entry in queryset.order_by("tenant_path", "id"):
        members.setdefault(entry.group_key, []).append(
            {"path": entry.tenant_path, "name": entry.tenant.name, "url": entry.url}
        )
    return members


def _collapsed_page(results, offset: int, size: int) -> tuple[list[Entry], int]:
    """One page of hits, one per group, and the number of groups (one request to the server)."""
    engine = results.backend
    column = results.query_compiler.mapping.get_field_column_name(
        results.query_compiler._get_filterable_field("collapse_key")
    )
    body = collapsed_body(results._get_es_body(), column)
    index = engine.get_index_for_model(Entry).name
    response = results._backend_do_search(body, index=index, from_=offset, size=size, _source=False, stored_fields="pk")
    pks = [hit["fields"]["pk"][0] for hit in response["hits"]["hits"]]
    rows = Entry.objects.select_related("tenant").in_bulk([int(pk) for pk in pks])
    groups = int(response.get("aggregations", {}).get("groups", {}).get("value") or 0)
    return [rows[int(pk)] for pk in pks if int(pk) in rows], groups


def search(request) -> dict:
    """Same result shape as ``search.engines.postgres`` (counts from Elasticsearch are exact; a procedure of many
    sites is one hit and one in the total)."""
    queryset = Entry.objects.all()
    for path in (request.scope, request.site):
        if path:
            queryset = queryset.filter(Q(tenant_path=path) | Q(tenant_path__startswith=f"{path}."))
    for name in ("kind", "year", "language"):
        if getattr(request, name):
            queryset = queryset.filter(**{name: getattr(request, name)})
    results = backend().search(query_for(request.text), queryset)
    offset = (request.page - 1) * request.page_size
    page, groups = _collapsed_page(results, offset, request.page_size)
    members = group_members([entry.group_key for entry in page], request)
    facets = []
    for name in ("kind", "year", "language", "tenant_path"):
        for value, count in results.facet(name).items():
            facets.append(
                {"facet": "site" if name == "tenant_path" else name, "value": str(value), "count": count, "rate": 1}
            )
    return {
        "ok": True,
        "window": groups,
        "total": groups,
        "facets": facets,
        "hits": [
            {
                "title": entry.title,
                "url": entry.url,
                "kind": entry.kind,
                "language": entry.language,
                "date": entry.date.isoformat(),
                "tenant_path": entry.tenant_path,
                "site_name": entry.tenant.name,
                "doc_number": entry.doc_number,
                "summary": entry.summary,
                "snippet": entry.summary or entry.body[:300] or entry.attachment[:300],
                "title_marked": entry.title,
                "service_code": entry.service_code,
                "group_size": len(members.get(entry.group_key, [])) if entry.group_key else None,
                "group_sites": members.get(entry.group_key) if entry.group_key else None,
            }
            for entry in page
        ],
    }
