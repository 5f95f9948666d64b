"""The search page and JSON API (limits, 400s), the upward roll-ups (services registry with dossier
results, latest news beneath) and the Elasticsearch switch (configuration and compiled queries only:
no Elasticsearch server can run here)."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django_tenants.utils import tenant_context

from search.forms import MAX_PAGE_SIZE, MAX_QUERY_LENGTH
from search.models import Entry
from search.rollups import ServiceFilters, latest_beneath, services_rollup

from .search_support import add_page, add_service, drain, fresh_search_cache  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def searchable(province, district, commune, make_tenant, fresh_search_cache):  # noqa: F811
    sibling = make_tenant("thucluyen", kind="commune", parent=district, name="Xã Thục Luyện")
    add_page(commune, "Đăng ký hộ tịch tại xã Sơn Hùng", "Hướng dẫn thủ tục đăng ký khai sinh.")
    add_page(sibling, "Đăng ký hộ tịch tại xã Thục Luyện", "Thủ tục khai sinh cho trẻ em.")
    add_page(province, "Đăng ký hộ tịch trên toàn tỉnh", "Thống kê hộ tịch.")
    drain()
    return {"commune": commune, "sibling": sibling, "district": district, "province": province}


def api(client, tenant, **params):
    return client.get("/api/v1/search", params, HTTP_HOST=tenant.primary_hostname)


def test_api_answers_within_the_site_scope_and_widens_to_the_province(client, searchable):
    response = api(client, searchable["commune"], q="dang ky ho tich")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert [hit["title"] for hit in data["results"]] == ["Đăng ký hộ tịch tại xã Sơn Hùng"]
    assert data["results"][0]["site"] == {"path": searchable["commune"].path, "name": "Xã Sơn Hùng"}
    assert data["max_page_size"] == MAX_PAGE_SIZE
    wide = api(client, searchable["commune"], q="dang ky ho tich", scope="province").json()
    assert {hit["title"] for hit in wide["results"]} == {
        "Đăng ký hộ tịch tại xã Sơn Hùng",
        "Đăng ký hộ tịch tại xã Thục Luyện",
        "Đăng ký hộ tịch trên toàn tỉnh",
    }
    district = api(client, searchable["district"], q="đăng ký hộ tịch").json()
    assert {hit["site"]["name"] for hit in district["results"]} == {"Xã Sơn Hùng", "Xã Thục Luyện"}
    assert {f["value"]: f["count"] for f in wide["facets"]["language"]} == {"vi": 3}


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "Thiếu từ khóa"),
        ({"q": "x" * (MAX_QUERY_LENGTH + 1)}, "tối đa"),
        ({"q": "hộ tịch", "page_size": str(MAX_PAGE_SIZE + 1)}, "Số kết quả mỗi trang"),
        ({"q": "hộ tịch", "page": "0"}, "Trang"),
        ({"q": "hộ tịch", "page": "abc"}, "Trang"),
        ({"q": "hộ tịch", "year": "1700"}, "Năm"),
        ({"q": "hộ tịch", "kind": "secret"}, "Loại nội dung"),
        ({"q": "hộ tịch", "site": "../etc"}, "Mã đơn vị không hợp lệ"),
        ({"q": "hộ tịch", "order": "random"}, "Tham số không được hỗ trợ: order"),
    ],
)
def test_api_bad_parameters_get_400_with_a_message(client, searchable, params, message):
    response = api(client, searchable["commune"], **params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_search_page_with_bad_parameters_is_a_400_page_not_a_500(client, searchable):
    response = client.get(
        "/tim-kiem/", {"q": "hộ tịch", "page": "9999"}, HTTP_HOST=searchable["commune"].primary_hostname
    )
    assert response.status_code == 400
    assert "Tham số tìm kiếm không hợp lệ" in response.content.decode()


def _service(tenant, title: str, sector: str, level: str, received: int, on_time: int, late: int) -> int:
    """A published service page with one period of dossier results, in ``tenant``."""
    from sites.models import DossierStatistics

    service_id = add_service(tenant, title, f"1.{abs(hash(title)) % 10**6}", sector=sector, level=level)
    with tenant_context(tenant):
        DossierStatistics.objects.create(
            service_id=service_id,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 6, 30),
            received=received,
            processed=on_time + late,
            on_time=on_time,
            late=late,
        )
    return service_id


def test_services_and_dossier_results_roll_up_to_the_district_and_province(
    client,
    province,
    district,
    commune,
    fresh_search_cache,  # noqa: F811
):
    _service(commune, "Đăng ký khai sinh", "Hộ tịch", "full", received=40, on_time=36, late=4)
    _service(district, "Cấp giấy phép xây dựng", "Xây dựng", "partial", received=10, on_time=10, late=0)
    _service(province, "Cấp phép hoạt động báo chí", "Báo chí", "partial", received=5, on_time=4, late=1)
    drain()
    whole = services_rollup(province.path, ServiceFilters())
    assert whole["totals"]["services"] == 3
    assert (whole["totals"]["received"], whole["totals"]["on_time"], whole["totals"]["late"]) == (55, 50, 5)
    assert whole["totals"]["late_rate"] == 9.1
    assert {row["service_sector"]: row["services"] for row in whole["by_sector"]} == {
        "Hộ tịch": 1,
        "Xây dựng": 1,
        "Báo chí": 1,
    }
    assert {row["tenant__name"] for row in whole["by_site"]} == {"Tỉnh Phú Thọ", "Huyện Thanh Sơn", "Xã Sơn Hùng"}
    in_district = services_rollup(district.path, ServiceFilters())
    assert (in_district["totals"]["services"], in_district["totals"]["received"]) == (2, 50)
    assert services_rollup(province.path, ServiceFilters(sector="Hộ tịch"))["totals"]["received"] == 40

    page = client.get("/tong-hop-dich-vu-cong/", HTTP_HOST=province.primary_hostname)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Đăng ký khai sinh" in body and "Cấp giấy phép xây dựng" in body and "Xã Sơn Hùng" in body
    assert 'data-stat="received">55<' in body and "Toàn trình" in body
    filtered = client.get("/tong-hop-dich-vu-cong/", {"sector": "Hộ tịch"}, HTTP_HOST=province.primary_hostname)
    assert 'data-stat="received">40<' in filtered.content.decode()
    english = client.get("/en/tong-hop-dich-vu-cong/", HTTP_HOST=province.primary_hostname)
    assert english.status_code == 200 and '<html lang="en"' in english.content.decode()
    home = client.get("/", HTTP_HOST=province.primary_hostname).content.decode()
    assert 'href="/tong-hop-dich-vu-cong/"' in home


def test_new_dossier_results_reach_the_roll_up_without_republishing_the_service(province, commune, fresh_search_cache):  # noqa: F811
    from sites.models import DossierStatistics

    service_id = _service(commune, "Chứng thực bản sao", "Chứng thực", "full", received=7, on_time=7, late=0)
    drain()
    with tenant_context(commune):
        DossierStatistics.objects.create(
            service_id=service_id,
            period_start=datetime.date(2026, 7, 1),
            period_end=datetime.date(2026, 9, 30),
            received=3,
            processed=3,
            on_time=2,
            late=1,
        )
    drain()
    totals = services_rollup(province.path, ServiceFilters())["totals"]
    assert (totals["received"], totals["on_time"], totals["late"]) == (10, 9, 1)
    with tenant_context(commune):
        DossierStatistics.objects.filter(period_start=datetime.date(2026, 7, 1)).delete()
    drain()
    assert services_rollup(province.path, ServiceFilters())["totals"]["received"] == 7


def test_district_and_province_home_pages_show_the_latest_news_beneath(
    client,
    province,
    district,
    commune,
    fresh_search_cache,  # noqa: F811
):
    Entry.objects.all().delete()
    add_page(commune, "Xã Sơn Hùng ra quân làm đường giao thông nông thôn")
    add_page(province, "Tin của chính tỉnh")
    drain()
    Entry.objects.filter(title__startswith="Xã Sơn Hùng ra quân").update(kind="news")
    Entry.objects.filter(title="Tin của chính tỉnh").update(kind="news")
    assert [e.title for e in latest_beneath(province.path)] == ["Xã Sơn Hùng ra quân làm đường giao thông nông thôn"]
    assert [e.title for e in latest_beneath(district.path)] == ["Xã Sơn Hùng ra quân làm đường giao thông nông thôn"]
    assert latest_beneath(commune.path) == []
    home = client.get("/", HTTP_HOST=district.primary_hostname).content.decode()
    assert "Tin mới từ các đơn vị trực thuộc" in home and "Xã Sơn Hùng ra quân làm đường" in home


def test_elasticsearch_setting_selects_wagtails_backend_with_folding_and_a_prefix_scope():
    """SEARCH_BACKEND=elasticsearch: Wagtail's Elasticsearch 9 backend, an index named per deployment,
    a folding analyzer, and the scope compiled to a prefix query (checked without a server)."""
    script = """
import json, django
django.setup()
from django.db.models import Q
from wagtail.search.query import PlainText
from search.engines import elastic
from search.models import Entry
backend = elastic.backend()
queryset = Entry.objects.filter(Q(tenant_path="phutho.thanhson") | Q(tenant_path__startswith="phutho.thanhson."))
compiled = backend.query_compiler_class(queryset, PlainText("son hung", operator="and")).get_query()
results = backend.search(PlainText("son hung", operator="and"), queryset)
compiler = results.query_compiler
column = compiler.mapping.get_field_column_name(compiler._get_filterable_field("collapse_key"))
grouped = elastic.collapsed_body(results._get_es_body(), column)
print(json.dumps({"collapse": grouped["collapse"], "groups": grouped["aggregations"], "same": grouped["query"] == compiled,
                  "class": type(backend).__name__, "index": backend.get_index_for_model(Entry).name,
                  "analyzer": backend.settings["settings"]["analysis"]["analyzer"]["default"],
                  "query": compiled}))
"""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "SEARCH_BACKEND": "elasticsearch",
        "SEARCH_INDEX_NAME": "phutho_prod",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["class"] == "Elasticsearch9SearchBackend"
    assert found["index"].startswith("phutho_prod_")
    assert found["analyzer"]["filter"] == ["lowercase", "asciifolding"]
    query = json.dumps(found["query"])
    assert '{"prefix": {"tenant_path_filter": "phutho.thanhson."}}' in query
    assert '{"term": {"tenant_path_filter": "phutho.thanhson"}}' in query
    # one hit per procedure of many sites (collapse on the keyword group key), the total counts groups
    assert found["collapse"] == {"field": "collapse_key_filter"} and found["same"]
    assert found["groups"] == {"groups": {"cardinality": {"field": "collapse_key_filter"}}}


def test_a_translated_service_is_counted_once_in_its_source_language(client, province, fresh_search_cache):  # noqa: F811
    from .localization_helpers import translate

    service_id = _service(province, "Đăng ký khai sinh", "Hộ tịch", "full", received=12, on_time=12, late=0)
    translate(province, service_id, {"Đăng ký khai sinh": "Birth registration"})
    drain()
    assert Entry.objects.filter(kind="service", language="en").exists()  # the translation is searchable
    totals = services_rollup(province.path, ServiceFilters())["totals"]
    assert (totals["services"], totals["received"]) == (1, 12)
    body = client.get("/tong-hop-dich-vu-cong/", HTTP_HOST=province.primary_hostname).content.decode()
    assert "Đăng ký khai sinh" in body and "Birth registration" not in body
