"""Search that understands how citizens type (issue 16 item 5): i/y spelling variants, abbreviations both
ways, Vietnamese results before English ones — on real aggregate rows in PostgreSQL."""

import pytest
from django.db import connection

from core.text import query_expansions, spelling_variants
from search.engines.elastic import query_for
from search.forms import clean_query
from search.service import SearchRequest, preferred_language, search

from .search_support import add_page, drain, fresh_search_cache, index_pages, search_sites, titles  # noqa: F401


def request(text, scope, **kwargs):
    return SearchRequest(text=clean_query(text), scope=scope.path, **kwargs)


@pytest.fixture
def pages(search_sites):  # noqa: F811
    return index_pages(
        search_sites,
        [
            ("commune", "Đăng ký khai sinh", "Hồ sơ gồm tờ khai và giấy chứng sinh."),
            ("commune", "Thông báo của Ủy ban nhân dân xã Sơn Hùng", "Lịch tiếp công dân tháng 12."),
            ("commune", "Kế hoạch của UBND huyện", "Triển khai kế hoạch năm."),
            ("district", "Nghị định số 15/2020 của Chính phủ về xử phạt", "Xử phạt vi phạm hành chính."),
            ("district", "Căn cứ 43/2011/NĐ-CP", "Cung cấp thông tin trên trang thông tin điện tử."),
            ("district", "Giao quyền tự chủ tài chính", "Tự chủ về tài chính đơn vị sự nghiệp."),
        ],
    )


@pytest.mark.parametrize(
    "text",
    ["dang ki khai sinh", "dang ky khai sinh", "đăng kí khai sinh", "đăng ký khai sinh", "ĐĂNG KÍ KHAI SINH"],
)
def test_every_spelling_of_ky_finds_the_birth_registration(pages, text):
    hits = search(request(text, pages["province"]), use_cache=False).hits
    assert hits and hits[0].title == "Đăng ký khai sinh"
    assert "<mark>ký</mark>" in hits[0].title_html  # the title as written is highlighted whichever was typed


def test_a_page_spelled_with_i_is_found_by_the_y_spelling(pages):
    add_page(pages["commune"], "Hướng dẫn đăng kí kết hôn", "Thủ tục kết hôn.")
    drain()
    assert titles(request("đăng ký kết hôn", pages["province"])) == ["Hướng dẫn đăng kí kết hôn"]
    assert titles(request("dang ky ket hon", pages["province"])) == ["Hướng dẫn đăng kí kết hôn"]


def test_a_vowel_before_y_keeps_the_word_apart(pages):
    """ "tay" (hand) is not "tai" (ear/finance): only a consonant before the final i/y alternates."""
    add_page(pages["commune"], "Rửa tay sạch", "Phòng bệnh.")
    drain()
    assert "Rửa tay sạch" not in titles(request("tai", pages["province"]))
    assert "Giao quyền tự chủ tài chính" not in titles(request("tay", pages["province"]))
    assert titles(request("tay", pages["province"])) == ["Rửa tay sạch"]
    for word in ["tay", "may", "thuy", "uy", "tai", "chinh"]:
        assert spelling_variants(word) == (word,)
    assert spelling_variants("quy") == ("qui", "quy") and spelling_variants("my") == ("mi", "my")
    assert spelling_variants("ki") == spelling_variants("ky") == ("ki", "ky")


def test_abbreviations_find_the_long_form_and_back(pages):
    province = pages["province"]
    found = titles(request("UBND xã", province))
    assert "Thông báo của Ủy ban nhân dân xã Sơn Hùng" in found
    long_form = titles(request("ủy ban nhân dân", province))
    assert {"Kế hoạch của UBND huyện", "Thông báo của Ủy ban nhân dân xã Sơn Hùng"} <= set(long_form)
    assert set(titles(request("uỷ ban nhân dân", province))) == set(long_form)  # Uỷ/Ủy: one spelling
    assert titles(request("ubnd huyen", province)) == ["Kế hoạch của UBND huyện"]


def test_nd_cp_finds_a_decree_of_the_government_and_back(pages):
    province = pages["province"]
    found = titles(request("NĐ-CP", province))
    assert {"Nghị định số 15/2020 của Chính phủ về xử phạt", "Căn cứ 43/2011/NĐ-CP"} <= set(found)
    assert set(titles(request("nd-cp", province))) == set(found)
    assert "Căn cứ 43/2011/NĐ-CP" in titles(request("nghị định chính phủ", province))
    assert titles(request("43/2011/NĐ-CP", province))[0] == "Căn cứ 43/2011/NĐ-CP"


def test_the_other_abbreviations_of_the_table(pages):
    district = pages["district"]
    add_page(district, "Kỳ họp thứ 5 Hội đồng nhân dân huyện", "Nghị quyết của kỳ họp.")
    add_page(district, "Danh mục TTHC mới", "Công bố danh mục.")
    add_page(district, "Quyết định công nhận xã nông thôn mới", "QĐ số 10.")
    add_page(district, "Ủy ban MTTQ huyện", "Hoạt động của Mặt trận.")
    drain()
    assert titles(request("HĐND huyện", district)) == ["Kỳ họp thứ 5 Hội đồng nhân dân huyện"]
    assert titles(request("thủ tục hành chính", district))[0] == "Danh mục TTHC mới"
    assert "Quyết định công nhận xã nông thôn mới" in titles(request("QĐ công nhận", district))
    assert titles(request("mặt trận tổ quốc", district)) == ["Ủy ban MTTQ huyện"]
    assert titles(request("ky hop", district)) == titles(request("kì họp", district))


def test_vietnamese_results_come_before_english_ones(pages):
    from django_tenants.utils import tenant_context
    from wagtail.models import Locale, Page

    commune = pages["commune"]
    with tenant_context(commune):
        home = Page.objects.get(depth=2).specific
        english = home.copy_for_translation(Locale.objects.get(language_code="en"))
        english.title = "Son Hung Son Hung commune"
        english.intro = "Son Hung, Son Hung: the commune of Son Hung."
        english.save_revision().publish()
    drain()
    hits = search(request("son hung", commune), use_cache=False).hits
    languages = [hit.language for hit in hits]
    assert "en" in languages and languages.index("en") == len(languages) - 1  # every Vietnamese hit first
    assert "Thông báo của Ủy ban nhân dân xã Sơn Hùng" in [hit.title for hit in hits]  # a body match, still first
    english_first = search(request("son hung", commune, prefer_language="en"), use_cache=False).hits
    assert english_first[0].language == "en"
    assert preferred_language("son hung", "en") == "en"
    assert preferred_language("Sơn Hùng", "en") == preferred_language("son hung", "vi") == "vi"


def test_expansions_are_one_rule_for_both_engines():
    assert query_expansions("dang ki khai sinh") == [("ki", "ky")]
    assert query_expansions("UBND xã") == [("ubnd", '"uy ban nhan dan"')]
    assert query_expansions("09/QĐ-BBT") == []  # a document number is not an abbreviation
    elastic = repr(query_for("dang ki khai sinh"))
    assert "'dang ki khai sinh'" in elastic and "'dang khai sinh ky'" in elastic
    assert "'xa ubnd'" in repr(query_for("ủy ban nhân dân xã"))


def test_the_database_rewrites_queries_with_the_python_rules(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT public.congttdt_expand(websearch_to_tsquery('public.congttdt_vi', 'ubnd xa -ki'), %s, %s)::text",
            [["ubnd", "ki"], ['"uy ban nhan dan"', "ky"]],
        )
        rewritten = cursor.fetchone()[0]
    assert "( 'ubnd' | 'uy' <-> 'ban' <-> 'nhan' <-> 'dan' )" in rewritten
    assert "!( 'ki' | 'ky' )" in rewritten and "'xa'" in rewritten


def test_did_you_mean_when_nothing_is_found(pages, client):
    from search.suggest import refresh_vocabulary

    province, commune = pages["province"], pages["commune"]
    assert refresh_vocabulary(province.path) > 10
    missed = search(request("dang ky khai sinhh", province), use_cache=False)
    assert missed.hits == [] and missed.suggestion == "dang ky khai sinh"
    assert titles(request(missed.suggestion, province)) == ["Đăng ký khai sinh"]
    found = search(request("dang ky khai sinh", province), use_cache=False)
    assert found.hits and found.suggestion == ""  # a search that finds something suggests nothing
    assert search(request("zzqxw", province), use_cache=False).suggestion == ""  # nothing near: no suggestion

    page = client.get("/tim-kiem/", {"q": "đăng ký khai sinhh"}, HTTP_HOST=commune.primary_hostname)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Có phải bạn muốn tìm:" in html and "?q=dang+ky+khai+sinh" in html
    api = client.get("/api/v1/search", {"q": "dang ky khai sinhh"}, HTTP_HOST=commune.primary_hostname)
    assert api.status_code == 200 and api.json()["did_you_mean"] == "dang ky khai sinh"


def test_did_you_mean_never_outlasts_the_search_that_missed(pages, monkeypatch):
    from search import suggest

    suggest.refresh_vocabulary(pages["province"].path)
    province = pages["province"].path
    assert suggest.suggestion("dang ky khai sinhh", province, budget_ms=1000) == "dang ky khai sinh"
    slow = "SELECT w, false, 'x' FROM unnest(%(words)s::text[]) w, pg_sleep(0.3) WHERE %(p)s <> ''"
    monkeypatch.setattr(suggest, "SUGGEST_SQL", slow)
    assert suggest.suggestion("dang ky khai sinhh", province, budget_ms=20) == ""  # cancelled at its budget
    with connection.cursor() as cursor:  # the connection is still usable and the budget did not stay
        cursor.execute("SELECT current_setting('statement_timeout')")
        assert cursor.fetchone()[0] == "0"
