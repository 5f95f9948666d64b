"""The engine's two ways to run one compiled search — a server-side prepared statement (the service's) and a
plain parameterised cursor (``prepared=False``) — give the same answer, including when the SQL carries a
literal ``%`` (modulo in the sample CTEs) and when the query text itself holds ``%``."""

import re

import pytest

from search.engines import postgres
from search.forms import clean_query
from search.service import SearchRequest

from .search_support import fresh_search_cache, index_pages, search_sites  # noqa: F401


@pytest.fixture
def sites(search_sites):  # noqa: F811
    return index_pages(
        search_sites,
        [
            ("commune", "Tỷ lệ hộ nghèo giảm 2%", "Tỷ lệ hộ nghèo của xã còn 2% năm 2025."),
            ("commune", "Lịch tiếp công dân", "Chủ tịch UBND xã tiếp công dân vào thứ Năm."),
            ("province", "Giải ngân vốn đầu tư công đạt 95%", "Tỉnh giải ngân 95% kế hoạch vốn."),
        ],
    )


def both_ways(text: str, scope) -> tuple[dict, dict]:
    req = SearchRequest(text=clean_query(text), scope=scope.path)
    compiled = postgres.compile_search(req.text, req.marks(), req.facet_depth(), limit=10, offset=0)
    return postgres.execute(compiled, prepared=True), postgres.execute(compiled, prepared=False)


@pytest.mark.parametrize(
    ("text", "found"), [("tiếp công dân", True), ("hộ nghèo 2%", True), ("95%", True), ("%", False), ("100% hộ", False)]
)
def test_prepared_and_plain_execution_agree(sites, text, found):
    prepared, plain = both_ways(text, sites["province"])
    assert plain == prepared
    assert bool(prepared["hits"]) is found


def test_the_percent_query_still_finds_its_page(sites):
    prepared, plain = both_ways("hộ nghèo 2%", sites["commune"])
    assert [hit["title"] for hit in plain["hits"]] == ["Tỷ lệ hộ nghèo giảm 2%"]
    assert [hit["title"] for hit in prepared["hits"]] == ["Tỷ lệ hộ nghèo giảm 2%"]


@pytest.mark.parametrize("marks", [[], ["~sphutho"], ["~sphutho.d1.c1", "~y2024"], ["~sphutho", "~kdocument", "~lvi"]])
def test_every_literal_percent_of_the_statement_is_escaped(marks):
    """No scope, filter or document-number branch leaves a bare ``%`` that a plain cursor would reject."""
    sql = postgres.compile_search("quyết định 09/QĐ-UBND 5%", marks, 2, limit=10, offset=0).sql
    assert "%" not in re.sub(r"%\(\w+\)s|%%", "", sql)
