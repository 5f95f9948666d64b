"""One procedure offered by many sites is one search result (issue 16 item 5): grouped by its national procedure
code in the aggregate's SQL, with the list of the sites offering it, counted once in the total and the facets."""

import pytest
from django.test import override_settings

from search.forms import clean_query
from search.models import Entry
from search.service import SearchRequest, search

from .search_support import add_page, add_service, drain, fresh_search_cache, search_sites  # noqa: F401

CODE = "1.001193"
NATIONAL = "https://dvc.example/tthc/{code}/"


@pytest.fixture
def offered(search_sites, make_tenant):  # noqa: F811
    """Birth registration (one procedure code) offered by two communes of Thanh Sơn and by Cẩm Khê district, plus
    a news-like page and a code-less service that share its words."""
    district, province = search_sites["district"], search_sites["province"]
    sibling = make_tenant("thucluyen", kind="commune", parent=district, name="Xã Thục Luyện")
    other = make_tenant("camkhe", kind="district", parent=province, name="Huyện Cẩm Khê")
    sites = {**search_sites, "sibling": sibling, "other_district": other}
    summary = "Đăng ký khai sinh cho trẻ em sinh ra trên địa bàn."
    ids = {
        role: add_service(sites[role], "Đăng ký khai sinh", CODE, summary=summary, slug="dang-ky-khai-sinh")
        for role in ("commune", "sibling", "other_district")
    }
    add_page(sites["commune"], "Hướng dẫn đăng ký khai sinh trực tuyến", "Các bước đăng ký khai sinh.")
    drain()
    return {"sites": sites, "ids": ids}


def request(text, scope, **kwargs):
    return SearchRequest(text=clean_query(text), scope=scope.path, **kwargs)


def grouped(hits):
    return [hit for hit in hits if hit.group is not None]


@override_settings(NATIONAL_PUBLIC_SERVICE_URL=NATIONAL)
def test_one_procedure_of_three_sites_is_one_result_with_its_sites(offered):
    sites = offered["sites"]
    assert Entry.objects.filter(group_key=f"vi:{CODE}").count() == 3  # three entries in the aggregate…
    results = search(request("dang ki khai sinh", sites["province"]), use_cache=False)
    titles = [hit.title for hit in results.hits]
    assert titles.count("Đăng ký khai sinh") == 1  # …one result
    assert "Hướng dẫn đăng ký khai sinh trực tuyến" in titles  # an ungrouped page stays its own result
    (hit,) = grouped(results.hits)
    assert hit.summary == "Đăng ký khai sinh cho trẻ em sinh ra trên địa bàn."
    assert hit.group.code == CODE and hit.group.national_url == f"https://dvc.example/tthc/{CODE}/"
    assert hit.group.site_count == 3
    assert [site.name for site in hit.group.sites] == ["Huyện Cẩm Khê", "Xã Sơn Hùng", "Xã Thục Luyện"]  # tree order
    for site in hit.group.sites:  # each site linked to its own page
        tenant = next(t for t in sites.values() if t.path == site.path)
        assert site.url.startswith(f"http://{tenant.primary_hostname}") and site.url.endswith("/dang-ky-khai-sinh/")
    assert len({site.url for site in hit.group.sites}) == 3


def test_the_total_and_the_facets_count_a_group_once(offered):
    sites = offered["sites"]
    results = search(request("đăng ký khai sinh", sites["province"]), use_cache=False)
    assert results.total_exact and results.total == len(results.hits) == 2
    assert {f.value: f.count for f in results.facets["kind"]} == {"service": 1, "page": 1}
    assert {f.value: f.count for f in results.facets["language"]} == {"vi": 2}
    by_site = {f.value: f.count for f in results.facets["site"]}
    # the group counts once in each district it is offered in; Thanh Sơn also holds the guide page
    assert by_site == {sites["district"].path: 2, sites["other_district"].path: 1}


def test_pagination_pages_groups_as_rows(offered):
    sites = offered["sites"]
    for n in range(3):
        add_page(sites["sibling"], f"Tin đăng ký khai sinh số {n}", "Đăng ký khai sinh đúng hạn.")
    drain()
    first = search(request("đăng ký khai sinh", sites["province"], page_size=2), use_cache=False)
    assert first.total == 5 and first.window == 5 and first.pages == 3 and first.has_next
    seen = []
    for page in (1, 2, 3):
        hits = search(request("đăng ký khai sinh", sites["province"], page_size=2, page=page), use_cache=False).hits
        seen.extend(hit.url for hit in hits)
    assert len(seen) == len(set(seen)) == 5  # every row once, the group on one page only
    again = [
        hit.url for hit in search(request("đăng ký khai sinh", sites["province"], page_size=2), use_cache=False).hits
    ]
    assert again == seen[:2]  # stable


def test_a_scoped_search_groups_the_sites_of_its_scope(offered):
    sites = offered["sites"]
    in_district = grouped(search(request("đăng ký khai sinh", sites["district"]), use_cache=False).hits)
    assert [[site.name for site in hit.group.sites] for hit in in_district] == [["Xã Sơn Hùng", "Xã Thục Luyện"]]
    narrowed = search(
        request("đăng ký khai sinh", sites["province"], site=sites["other_district"].path), use_cache=False
    )
    assert [(hit.title, hit.group.site_count) for hit in narrowed.hits] == [("Đăng ký khai sinh", 1)]
    in_commune = search(request("đăng ký khai sinh", sites["commune"]), use_cache=False)
    (service,) = grouped(in_commune.hits)
    assert service.group.site_count == 1 and service.url.startswith("http://" + sites["commune"].primary_hostname)
    assert in_commune.total == 2


def test_a_procedure_without_a_code_is_not_grouped(search_sites, make_tenant):  # noqa: F811
    sibling = make_tenant("thucluyen", kind="commune", parent=search_sites["district"], name="Xã Thục Luyện")
    from django_tenants.utils import tenant_context

    from search.indexer import rebuild_tenant
    from sites.models import ServicePage

    for tenant in (search_sites["commune"], sibling):  # pages of before codes were required: the code is empty
        page_id = add_service(tenant, "Chứng thực bản sao", "2.000815")
        with tenant_context(tenant):
            ServicePage.objects.filter(pk=page_id).update(code="")
        rebuild_tenant(tenant)
    drain()
    assert set(Entry.objects.filter(kind="service").values_list("group_key", flat=True)) == {""}
    results = search(request("chứng thực bản sao", search_sites["province"]), use_cache=False)
    assert [hit.title for hit in results.hits] == ["Chứng thực bản sao"] * 2
    assert all(hit.group is None for hit in results.hits) and results.total == 2


@override_settings(NATIONAL_PUBLIC_SERVICE_URL=NATIONAL)
def test_the_api_returns_the_group(client, offered):
    sites = offered["sites"]
    data = client.get(
        "/api/v1/search", {"q": "dang ky khai sinh", "scope": "province"}, HTTP_HOST=sites["commune"].primary_hostname
    ).json()
    assert data["total"] == 2
    (service,) = [hit for hit in data["results"] if hit["group"]]
    assert service["group"]["code"] == CODE and service["group"]["site_count"] == 3
    assert service["group"]["national_url"] == f"https://dvc.example/tthc/{CODE}/"
    assert [site["name"] for site in service["group"]["sites"]] == ["Huyện Cẩm Khê", "Xã Sơn Hùng", "Xã Thục Luyện"]
    assert all(site["url"].endswith("/dich-vu-cong/dang-ky-khai-sinh/") for site in service["group"]["sites"])
    (page,) = [hit for hit in data["results"] if not hit["group"]]
    assert page["group"] is None


@override_settings(NATIONAL_PUBLIC_SERVICE_URL=NATIONAL)
def test_the_results_page_lists_the_sites_under_a_heading(client, offered):
    from html.parser import HTMLParser

    sites = offered["sites"]
    response = client.get("/tim-kiem/", {"q": "đăng ký khai sinh"}, HTTP_HOST=sites["province"].primary_hostname)
    assert response.status_code == 200
    html = response.content.decode()

    class Outline(HTMLParser):
        def __init__(self):
            super().__init__()
            self.headings, self.stack, self.lists, self.open_list = [], [], {}, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            self.stack.append(tag)
            if tag in ("h2", "h3", "h4"):
                self.headings.append([tag, attrs.get("id"), ""])
            if tag == "ul" and "group-sites" in (attrs.get("class") or ""):
                self.open_list = attrs.get("aria-labelledby")
                self.lists[self.open_list] = []
            if tag == "a" and self.open_list:
                self.lists[self.open_list].append(attrs["href"])

        def handle_endtag(self, tag):
            if tag == "ul":
                self.open_list = None
            if self.stack:
                self.stack.pop()

        def handle_data(self, data):
            if self.headings and self.stack and self.stack[-1] in ("h2", "h3", "h4"):
                self.headings[-1][2] += data

    outline = Outline()
    outline.feed(html)
    levels = [tag for tag, _id, _text in outline.headings]
    assert levels[:1] == ["h2"] and "h4" in levels and levels.index("h3") < levels.index("h4")  # no level skipped
    (heading,) = [h for h in outline.headings if h[0] == "h4"]
    assert heading[2].strip() == "3 đơn vị cung cấp thủ tục này"
    assert len(outline.lists[heading[1]]) == 3  # the list is labelled by its heading, one link per site
    assert f'href="https://dvc.example/tthc/{CODE}/"' in html and "Cổng Dịch vụ công quốc gia" in html
    assert html.count("<h3>") == 2  # one result for the procedure, one for the guide page


def test_copies_of_a_procedure_leave_room_for_the_other_results(search_sites, make_tenant, monkeypatch):  # noqa: F811
    """The copies of a procedure fill the newest candidates; the rows they leave free are refilled with ungrouped
    matches, so an older page still reaches the results."""
    from search.engines import postgres

    monkeypatch.setattr(postgres, "WINDOW", 2)
    monkeypatch.setattr(postgres, "TITLE_WINDOW", 2)
    district = search_sites["district"]
    sibling = make_tenant("thucluyen", kind="commune", parent=district, name="Xã Thục Luyện")
    add_page(search_sites["commune"], "Hướng dẫn đăng ký khai sinh", "Các bước đăng ký khai sinh.")  # the oldest
    for tenant in (search_sites["commune"], sibling, district):
        add_service(tenant, "Đăng ký khai sinh", CODE)
    drain()
    results = search(request("đăng ký khai sinh", search_sites["province"], page_size=2), use_cache=False)
    assert sorted(hit.title for hit in results.hits) == ["Hướng dẫn đăng ký khai sinh", "Đăng ký khai sinh"]
    assert results.total == 2 and results.window == 2
