"""The PostgreSQL search engine on real aggregate rows: folding, NFD, scope, ranking, facets, English."""

import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.page_contract import SearchDocument
from search.forms import MAX_QUERY_LENGTH, clean_query
from search.service import SearchRequest, search

from .search_support import add_page, drain, fresh_search_cache, index_pages, search_sites, titles  # noqa: F401


@pytest.fixture
def tree(search_sites, make_tenant):  # noqa: F811
    """Province → district → two communes, and a second district, each with its own pages, drained into the
    aggregate."""
    district, province = search_sites["district"], search_sites["province"]
    search_sites["sibling"] = make_tenant("thucluyen", kind="commune", parent=district, name="Xã Thục Luyện")
    search_sites["other_district"] = make_tenant("camkhe", kind="district", parent=province, name="Huyện Cẩm Khê")
    return index_pages(
        search_sites,
        [
            ("commune", "Đăng ký hộ tịch tại xã Sơn Hùng", "Hướng dẫn thủ tục đăng ký khai sinh, kết hôn."),
            ("commune", "Lịch tiếp công dân", "Chủ tịch UBND xã Sơn Hùng tiếp công dân vào thứ Năm."),
            ("sibling", "Đăng ký hộ tịch tại xã Thục Luyện", "Thủ tục khai sinh cho trẻ em."),
            ("district", "Kế hoạch cải cách hành chính huyện", "Đẩy mạnh dịch vụ công trực tuyến."),
            ("other_district", "Đăng ký hộ tịch ở Cẩm Khê", "Thủ tục hành chính về hộ tịch."),
            ("province", "Quy chế hoạt động của Cổng thông tin điện tử tỉnh", "Ban biên tập Cổng thông tin."),
        ],
    )


def request(text, scope, **kwargs):
    return SearchRequest(text=clean_query(text), scope=scope.path if scope is not None else None, **kwargs)


def test_diacritics_and_nfd_queries_find_the_same_pages(tree):
    province = tree["province"]
    plain = titles(request("son hung", province))
    accented = titles(request("Sơn Hùng", province))
    decomposed = titles(request(unicodedata.normalize("NFD", "Sơn Hùng"), province))
    assert plain == accented == decomposed
    assert set(plain) == {"Đăng ký hộ tịch tại xã Sơn Hùng", "Lịch tiếp công dân", "Xã Sơn Hùng"}  # + home page


def test_a_title_with_dashes_is_found_by_its_whole_text(tree):
    """A typographic dash, or a hyphen between spaces, is punctuation, not "exclude the next word"."""
    add_page(tree["commune"], "Hội nghị tổng kết – Sơn Hùng", "Tổng kết công tác năm.")
    add_page(tree["commune"], "Hội nghị sơ kết - Sơn Hùng", "Sơ kết sáu tháng.")
    drain()
    assert titles(request("Hội nghị tổng kết – Sơn Hùng", tree["province"])) == ["Hội nghị tổng kết – Sơn Hùng"]
    assert titles(request("hoi nghi so ket - son hung", tree["province"]))[0] == "Hội nghị sơ kết - Sơn Hùng"
    assert titles(request("hội nghị —sơn hùng", tree["province"])) != []
    excluded = titles(request("hội nghị -tổng", tree["province"]))  # the search syntax still excludes a word
    assert excluded == ["Hội nghị sơ kết - Sơn Hùng"]


def test_unaccented_query_finds_d_stroke(tree):
    found = titles(request("dang ky ho tich", tree["province"]))
    assert "Đăng ký hộ tịch tại xã Sơn Hùng" in found
    assert titles(request("ĐĂNG KÝ HỘ TỊCH", tree["province"])) == found


def test_commune_never_sees_a_sibling_and_district_sees_its_communes(tree):
    in_commune = titles(request("đăng ký hộ tịch", tree["commune"]))
    assert in_commune == ["Đăng ký hộ tịch tại xã Sơn Hùng"]
    in_district = set(titles(request("đăng ký hộ tịch", tree["district"])))
    assert in_district == {"Đăng ký hộ tịch tại xã Sơn Hùng", "Đăng ký hộ tịch tại xã Thục Luyện"}
    in_province = set(titles(request("đăng ký hộ tịch", tree["province"])))
    assert in_province == in_district | {"Đăng ký hộ tịch ở Cẩm Khê"}


def test_numbers_inside_document_references_are_found(tree):
    """ "43/2011/NĐ-CP" inside a text is found by "43/2011" and by "nghi dinh 43 2011" (not one path token)."""
    add_page(tree["commune"], "Quy chế quản lý cổng thông tin", "Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011.")
    drain()
    for query in ("nghi dinh 43/2011", "Nghị định 43/2011/NĐ-CP", "nghi dinh 43 2011", "43/2011"):
        assert titles(request(query, tree["province"])) == ["Quy chế quản lý cổng thông tin"], query
    assert titles(request("nghi dinh 44/2011", tree["province"])) == []


def test_database_connections_run_without_jit(db):
    """JIT compilation costs ~250 ms per search statement at 1 M entries (see bench/search.py)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_drafts_are_never_found(tree):
    add_page(tree["commune"], "Dự thảo báo cáo mật", publish=False)
    drain()
    assert titles(request("dự thảo báo cáo mật", None)) == []


def test_title_matches_rank_above_body_matches_and_recency_breaks_ties(tree):
    commune = tree["commune"]
    add_page(commune, "Thông báo chung", "Nội dung có nhắc tới nước sạch nông thôn.")
    add_page(commune, "Nước sạch nông thôn", "Chương trình cấp nước.")
    drain()
    found = titles(request("nước sạch nông thôn", commune))
    assert found[0] == "Nước sạch nông thôn"
    assert "Thông báo chung" in found
    add_page(commune, "Nước sạch nông thôn", "Chương trình cấp nước.", slug="nuoc-sach-moi")
    drain()
    hits = search(request("nước sạch nông thôn", commune), use_cache=False).hits
    assert [hit.title for hit in hits[:2]] == ["Nước sạch nông thôn"] * 2
    assert hits[0].url.endswith("/nuoc-sach-moi/")  # same rank: the newer one first


def test_exact_document_number_comes_first(tree, monkeypatch):
    from sites.models import HomePage

    def search_document(self):
        number = "09/QĐ-BBT" if "ban hành quy chế" in self.intro else ""
        return SearchDocument(
            kind="document" if number else "page",
            title=self.title,
            body=self.intro,
            date=date(2019, 3, 1) if number else None,
            meta={"doc_number": number},
        )

    monkeypatch.setattr(HomePage, "search_document", search_document, raising=False)
    commune = tree["commune"]
    add_page(commune, "Quyết định ban hành quy chế", "Quyết định ban hành quy chế làm việc.")
    add_page(commune, "Tin mới nhắc văn bản 09/QĐ-BBT", "Thực hiện văn bản số 09/QĐ-BBT của Ban biên tập.")
    drain()
    hits = search(request("09/QĐ-BBT", tree["province"]), use_cache=False).hits
    assert hits[0].title == "Quyết định ban hành quy chế" and hits[0].doc_number == "09/QĐ-BBT"
    assert "Tin mới nhắc văn bản 09/QĐ-BBT" in [hit.title for hit in hits]
    assert search(request("09/qd-bbt", tree["commune"]), use_cache=False).hits[0].doc_number == "09/QĐ-BBT"


def test_snippets_highlight_matches_and_escape_html(tree, monkeypatch):
    from sites.models import HomePage

    def search_document(self):
        return SearchDocument(kind="news", title=self.title, body=self.intro)

    monkeypatch.setattr(HomePage, "search_document", search_document, raising=False)
    commune = tree["commune"]
    add_page(commune, "Cảnh báo", 'Cảnh giác lừa đảo: "trúng thưởng" & <đường link lạ')
    drain()
    hit = search(request("lua dao", commune), use_cache=False).hits[0]
    assert "<mark>lừa</mark> <mark>đảo</mark>" in hit.snippet_html
    assert "&quot;trúng thưởng&quot; &amp; &lt;đường link lạ" in hit.snippet_html
    assert "<đ" not in hit.snippet_html


def test_facets_filters_and_pagination(tree):
    commune = tree["commune"]
    for n in range(25):
        add_page(commune, f"Tin nông nghiệp số {n}", "Mùa vụ lúa xuân.")
    drain()
    first = search(request("mua vu lua xuan", commune, page_size=10), use_cache=False)
    assert first.total == 25 and first.total_exact and first.has_next and first.pages == 3
    assert {f.value: f.count for f in first.facets["kind"]} == {"page": 25}
    assert {f.value: f.count for f in first.facets["language"]} == {"vi": 25}
    third = search(request("mua vu lua xuan", commune, page_size=10, page=3), use_cache=False)
    assert len(third.hits) == 5 and not third.has_next
    seen = {h.title for h in first.hits} | {h.title for h in third.hits}
    assert len(seen) == 15
    assert search(request("mua vu lua xuan", commune, kind="news"), use_cache=False).total == 0
    sites = search(request("đăng ký hộ tịch", tree["province"]), use_cache=False).facets["site"]
    assert {f.value: f.count for f in sites} == {"phutho.thanhson": 2, "phutho.camkhe": 1}
    assert {f.label for f in sites} == {"Huyện Thanh Sơn", "Huyện Cẩm Khê"}
    narrowed = titles(request("đăng ký hộ tịch", tree["province"], site="phutho.camkhe"))
    assert narrowed == ["Đăng ký hộ tịch ở Cẩm Khê"]


def test_english_pages_are_searched_with_english_stemming(tree):
    from django_tenants.utils import tenant_context
    from wagtail.models import Locale, Page

    commune = tree["commune"]
    with tenant_context(commune):
        home = Page.objects.get(depth=2).specific
        english = home.copy_for_translation(Locale.objects.get(language_code="en"))
        english.title = "Son Hung Commune"
        english.intro = "Registering births and marriages for foreigners living in the commune."
        english.save_revision().publish()
    drain()
    hits = search(request("registered births", commune), use_cache=False).hits
    assert [hit.title for hit in hits] == ["Son Hung Commune"] and hits[0].language == "en"
    assert search(request("foreigner", commune, language="en"), use_cache=False).total == 1
    assert search(request("foreigner", commune, language="vi"), use_cache=False).total == 0


def test_queries_without_a_positive_word_find_nothing_without_error(tree):
    for text in ["-ho -tich", "!!!", '""', "&|!:*()"]:
        results = search(request(text, tree["province"]), use_cache=False)
        assert results.hits == []


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        st.text(max_size=MAX_QUERY_LENGTH),
        st.text(alphabet="\"'&|!:*()<>-\\/ ~%_.,;0123456789aăâđơưĐ", max_size=80),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=150, max_size=MAX_QUERY_LENGTH),
        st.lists(
            st.sampled_from(
                [
                    "hộ",
                    "tịch",
                    "Қазақстан",
                    "中文",
                    "🙂",
                    "'",
                    '"',
                    "&",
                    "|",
                    "!",
                    ":*",
                    "(",
                    ")",
                    "or",
                    "-",
                    "\u0301",
                    "\x00",
                    "\u200b",
                ]
            ),
            max_size=30,
        ).map(" ".join),
    )
)
def test_fuzzed_queries_never_error(tree, text):
    results = search(request(text, tree["province"]), use_cache=False)
    assert isinstance(results.hits, list)


@pytest.fixture
def many_entries(tree):
    """800 aggregate rows (one a day, newest today) split between two sibling communes in blocks of 8,
    with ids 4096 apart so the uniform samples (runs of id blocks) see enough runs to estimate from."""
    from datetime import timedelta

    from django.utils import timezone

    from search.models import Entry

    now = timezone.now()
    rows = []
    for k in range(1, 801):
        tenant = tree["commune"] if (k // 8) % 2 == 0 else tree["sibling"]
        when = now - timedelta(days=800 - k)
        rows.append(
            Entry(
                id=10**7 + k * 4096,
                tenant=tenant,
                tenant_path=tenant.path,
                tenant_kind="commune",
                page_id=10**6 + k,
                title=f"Thông báo lịch tiếp công dân số {k}",
                body="Lịch tiếp công dân định kỳ của Chủ tịch UBND xã.",
                url=f"http://x.test/{k}/",
                date=when,
                year=when.year,
            )
        )
    Entry.objects.bulk_create(rows)
    return {path: sum(1 for row in rows if row.tenant_path == path) for path in {row.tenant_path for row in rows}}


def test_bounded_path_keeps_scope_newest_first_and_estimates(tree, many_entries, monkeypatch):
    """Above DIRECT_MAX matches the engine estimates from samples and takes candidates from recency
    slices (scoped marks ``~w…@path``, ``~p0@path``): a commune still sees only its own entries,
    newest first, with an estimated total near the true count; its district sees both communes."""
    from search.engines import postgres

    monkeypatch.setattr(postgres, "DIRECT_MAX", 20)
    monkeypatch.setattr(postgres, "WINDOW", 30)
    commune, sibling = tree["commune"], tree["sibling"]
    results = search(request("lich tiep cong dan", commune, page_size=10), use_cache=False)
    assert {hit.site_path for hit in results.hits} == {commune.path}
    newest = sorted(
        (int(hit.title.rsplit(" ", 1)[1]) for hit in results.hits if hit.title.startswith("Thông báo")), reverse=True
    )
    assert newest[0] == max(k for k in range(1, 801) if (k // 8) % 2 == 0)  # today's entry comes first
    assert not results.total_exact
    assert 0.6 * many_entries[commune.path] <= results.total <= 1.4 * many_entries[commune.path]
    assert [f.value for f in results.facets["site"]] == [commune.path]

    in_district = search(request("lich tiep cong dan", tree["district"], page_size=50), use_cache=False)
    assert {hit.site_path for hit in in_district.hits} == {commune.path, sibling.path}
    assert not in_district.total_exact
    assert 0.6 * 800 <= in_district.total <= 1.4 * 800
    assert {f.value for f in in_district.facets["site"]} == {commune.path, sibling.path}
    assert titles(request("lich tiep cong dan", tree["other_district"])) == []


def week_counts_by_recount() -> dict[tuple[str, int], int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.scope, public.congttdt_week(e.date), count(*) FROM aggregate_search_entry e, "
            "public.congttdt_scopes(e.tenant_path) s(scope) GROUP BY 1, 2"
        )
        return {(scope, week): n for scope, week, n in cursor.fetchall()}


def week_counts_kept() -> dict[tuple[str, int], int]:
    from search.models import WeekCount

    return {(c.scope, c.week): c.n for c in WeekCount.objects.exclude(n=0)}


def test_week_counts_follow_every_write_to_the_aggregate(tree, many_entries):
    """The triggers keep entries per scope and week exact through inserts (the drain's upserts,
    bulk_create), date and path updates and deletes."""
    from datetime import timedelta

    from search.indexer import delete_entries
    from search.models import Entry

    assert week_counts_kept() == week_counts_by_recount()
    moved = Entry.objects.filter(tenant=tree["sibling"]).order_by("id")[:30]
    Entry.objects.filter(id__in=[e.id for e in moved]).update(tenant_path=tree["commune"].path)
    for entry in Entry.objects.filter(tenant=tree["commune"])[:40]:
        entry.date -= timedelta(days=90)
        entry.save(update_fields=["date"])
    delete_entries(list(Entry.objects.filter(title__endswith="7")))
    add_page(tree["commune"], "Thông báo mới", "Nội dung mới.")
    drain()
    assert week_counts_kept() == week_counts_by_recount()
    by_scope = {}
    for (scope, _week), n in week_counts_kept().items():
        by_scope[scope] = by_scope.get(scope, 0) + n
    assert by_scope[""] == Entry.objects.count()
    assert (
        by_scope[tree["district"].path] == Entry.objects.filter(tenant_path__startswith=tree["district"].path).count()
    )


def test_first_recency_slice_reaches_an_archive_under_a_few_new_pages(tree, monkeypatch):
    """An imported archive ending a year ago under a few pages published today: the first slice is
    sized from the entries per week, so it reaches back into the archive (assuming entries spread
    evenly over time, it would cover only the empty year and leave the work to the unbounded rest)."""
    from datetime import timedelta

    from django.utils import timezone

    from search.engines import postgres
    from search.models import Entry

    monkeypatch.setattr(postgres, "DIRECT_MAX", 20)
    monkeypatch.setattr(postgres, "WINDOW", 30)
    commune, now = tree["commune"], timezone.now()
    Entry.objects.bulk_create(
        [
            Entry(
                id=10**7 + k * 4096,
                tenant=commune,
                tenant_path=commune.path,
                tenant_kind="commune",
                page_id=10**6 + k,
                title=f"Lịch tiếp công dân tháng {k}",
                body="Lịch tiếp công dân định kỳ.",
                url=f"http://x.test/{k}/",
                date=now - timedelta(days=365 + k),
                year=(now - timedelta(days=365 + k)).year,
            )
            for k in range(1, 801)
        ]
    )
    req = request("lich tiep cong dan", commune, page_size=10)
    raw = postgres.execute(postgres.compile_search(req.text, req.marks(), req.facet_depth(), limit=10, offset=0))
    archive_starts = 365 // 7
    assert raw["slice_weeks"] > archive_starts + 2
    assert raw["window"] >= 30
    found = search(req, use_cache=False)
    top = [hit.title for hit in found.hits]
    assert {f"Lịch tiếp công dân tháng {k}" for k in range(1, 4)} <= set(top)  # the newest archived months
