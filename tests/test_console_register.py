"""The site register (issue 11 item 2): tree with kind, status, domains, EMC code and the figures kept in
the public schema (editors, pages, last publication, English coverage); search with or without
diacritics, filters, pagination — a fixed handful of queries however many sites there are."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context, tenant_context

from console.models import SiteFigures
from console.services import figures

from .console_helpers import HOST, console_staff, register_rows, verified_login
from .content_helpers import make_user
from .search_support import add_page


@pytest.fixture
def officer(client, db):
    return verified_login(client, console_staff())


def names(response) -> list[str]:
    return [row.tenant.name for row in response.context["rows"]]


def test_register_shows_the_figures_and_searches_without_diacritics(officer, province, district, commune):
    with tenant_context(commune):
        make_user("bientap1", "Biên tập viên")
    add_page(commune, "Tin mới")  # published: the figures follow after commit
    call_command("console_refresh", verbosity=0)
    with schema_context("public"):
        row = SiteFigures.objects.get(tenant=commune)
    assert row.editors == 1 and row.pages >= 1 and row.last_published_at is not None and row.english_total >= 2

    page = officer.get("/don-vi/", **HOST)
    assert page.status_code == 200 and names(page) == ["Tỉnh Phú Thọ", "Huyện Thanh Sơn", "Xã Sơn Hùng"]
    body = page.content.decode()
    assert "sonhung.thanhson.phutho.localhost" in body and "Đang hoạt động" in body
    for query in ("Sơn Hùng", "son hung", "SON HUNG", "sonhung.thanhson"):
        assert names(officer.get("/don-vi/", {"q": query}, **HOST)) == ["Xã Sơn Hùng"], query
    assert names(officer.get("/don-vi/", {"kind": "district"}, **HOST)) == ["Huyện Thanh Sơn"]
    assert names(officer.get("/don-vi/", {"parent": district.path}, **HOST)) == ["Huyện Thanh Sơn", "Xã Sơn Hùng"]
    assert names(officer.get("/don-vi/", {"status": "suspended"}, **HOST)) == []
    assert "Không có đơn vị nào khớp" in officer.get("/don-vi/", {"q": "không có"}, **HOST).content.decode()


def test_register_is_a_few_queries_and_paginates(officer, province):
    # 120 sites as rows of the public schema (their schemas are not what the register reads).
    sites = register_rows(province, 120, "Xã số {i:03d}", "fake")
    for tenant in sites[:10]:
        figures.refresh_search_key(tenant)
    officer.get("/don-vi/", **HOST)  # the routing table reloads once after the tree changed
    with CaptureQueriesContext(connection) as queries:
        page = officer.get("/don-vi/", {"trang": 2}, **HOST)
    register_queries = [q for q in queries.captured_queries if "tenants_" in q["sql"] or "console_" in q["sql"]]
    assert page.status_code == 200 and len(register_queries) <= 3, [q["sql"][:80] for q in register_queries]
    assert len(page.context["rows"]) == figures.PAGE_SIZE and page.context["page"].number == 2
    assert 'rel="next"' in page.content.decode() and 'rel="prev"' in page.content.decode()
    assert names(officer.get("/don-vi/", {"q": "xa so 007"}, **HOST)) == ["Xã số 007"]
    searched = officer.get("/don-vi/", {"q": "x0 phutho", "kind": "commune"}, **HOST).content.decode()
    assert "q=x0+phutho&amp;kind=commune&amp;trang=2" in searched  # the filters stay on the next page
