"""The aggregate's bulk load path (``search.bulk``) on real PostgreSQL: the same entries, vectors, week
counts and search results as the per-row path; indexes, constraints and triggers back afterwards, also
after an error in the middle; the faster vector functions equal to the previous ones; ``search_rebuild``."""

from __future__ import annotations

import io
import json
import random
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from search.bulk import ENTRY_COLUMNS, BulkLoadError, bulk_replace
from search.forms import clean_query
from search.models import Entry, WeekCount
from search.service import SearchRequest, search

from .search_support import add_page, drain, fresh_search_cache  # noqa: F401

WORDS = (
    "thông báo kế hoạch quyết định ủy ban nhân dân xã huyện tỉnh đăng ký hộ tịch khai sinh kết hôn đất đai "
    "xây dựng giáo dục y tế lao động thủ tục hành chính dịch vụ công trực tuyến ban biên tập cổng thông tin "
    "điện tử ngân sách nhà nước khen thưởng kỷ luật quy hoạch sử dụng tiếp công dân Sơn Hùng Thục Luyện"
).split()
QUERIES = [
    "thong bao",
    "kế hoạch",
    "dang ky ho tich",
    "thủ tục hành chính",
    "09/QĐ-BBT",
    "09/qd-bbt",
    "ngan sach nha nuoc",
    "son hung",
    "cổng thông tin điện tử",
    "tiep cong dan",
]
ENTRIES = 3000
START = datetime(2018, 1, 1, 1, 0, tzinfo=UTC)


def generated_rows(tenants, count: int = ENTRIES) -> list[tuple]:
    """Deterministic entries over the given sites, in ENTRY_COLUMNS order; one document numbered 09/QĐ-BBT."""
    rnd = random.Random(13)
    rows = []
    for i in range(count):
        tenant = tenants[i % len(tenants)]
        title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 9)))
        body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(10, 60)))
        when = START + timedelta(hours=37 * i)
        kind = ("news", "document", "service", "page")[i % 4]
        number = "09/QĐ-BBT" if i == 1234 else (f"{i % 97:02d}/KH-UBND" if kind == "document" else "")
        values = {
            "tenant_id": tenant.pk,
            "tenant_path": tenant.path,
            "tenant_kind": tenant.kind,
            "page_id": 100_000 + i,
            "language": "en" if i % 29 == 0 else "vi",
            "kind": kind,
            "title": title if i % 50 else title.upper(),
            "summary": "" if i % 3 else "Tóm tắt: " + title,
            "body": body,
            "attachment": "" if i % 7 else "Tệp đính kèm " + body[:80],
            "url": f"http://bulk.localhost/p/{i}/",
            "date": when,
            "year": when.year,
            "first_published_at": when,
            "last_published_at": when,
            "doc_number": number,
            "doc_type": "Quyết định" if number else "",
            "issuing_body": "Ban Biên tập" if number else "",
            "doc_status": "",
            "service_code": f"1.{i:06d}" if kind == "service" else "",
            "service_sector": "Hộ tịch" if kind == "service" else "",
            "service_level": "",
            "meta": json.dumps({"i": i}),
            "indexed_at": when,
        }
        rows.append(tuple(values[column] for column in ENTRY_COLUMNS))
    return rows


def per_row_load(rows) -> None:
    """The per-row writer's way (``indexer.sync_pages``): ORM inserts, every index and trigger on."""
    entries = []
    for row in rows:
        values = dict(zip(ENTRY_COLUMNS, row, strict=True))
        values["meta"] = json.loads(values["meta"])
        entries.append(Entry(**values))
    Entry.objects.bulk_create(entries, batch_size=200)


def remove_entries(tenant=None) -> None:
    """Plain DELETE, as ``indexer.delete_entries`` (no collector)."""
    with connection.cursor() as cursor:
        if tenant is None:
            cursor.execute("DELETE FROM aggregate_search_entry")
        else:
            cursor.execute("DELETE FROM aggregate_search_entry WHERE tenant_id = %s", [tenant.pk])


def restart_ids() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('aggregate_search_entry', 'id'), 500000, false)")


def stored_entries() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, tenant_id, page_id, title, doc_key, vector::text, title_vector::text "
            "FROM aggregate_search_entry ORDER BY id"
        )
        return cursor.fetchall()


def week_counts() -> list[tuple]:
    return sorted(WeekCount.objects.filter(n__gt=0).values_list("scope", "week", "n"))


def results(tenants) -> list:
    """Ranked hits (site, page, document number), totals and facets of every query, unscoped and scoped."""
    answers = []
    for text in QUERIES:
        for scope in [None, *[t.path for t in tenants]]:
            for kind in (None, "document"):
                found = search(SearchRequest(text=clean_query(text), scope=scope, kind=kind), use_cache=False)
                answers.append(
                    (
                        text,
                        scope,
                        kind,
                        found.total,
                        [(hit.site_path, hit.url, hit.doc_number) for hit in found.hits],
                        found.total_exact,
                        repr(found.facets),
                    )
                )
    return answers


def catalog() -> dict:
    """Indexes, constraints and triggers of the aggregate, with their definitions and states."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND tablename = 'aggregate_search_entry' ORDER BY 1"
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'public.aggregate_search_entry'::regclass ORDER BY 1"
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'public.aggregate_search_entry'::regclass "
            "AND NOT tgisinternal ORDER BY 1"
        )
        triggers = cursor.fetchall()
    return {"indexes": indexes, "constraints": constraints, "triggers": triggers}


@pytest.fixture
def sites(province, district, commune, fresh_search_cache):  # noqa: F811
    remove_entries()
    return [province, district, commune]


def test_bulk_load_gives_the_per_row_entries_and_search_results(sites):
    before = catalog()
    assert len(before["indexes"]) >= 9 and len(before["triggers"]) == 4
    rows = generated_rows(sites)

    restart_ids()
    per_row_load(rows)
    per_row = stored_entries(), week_counts(), results(sites)
    number = next(answer for answer in per_row[2] if answer[:3] == ("09/QĐ-BBT", None, None))
    assert number[3] >= 1 and number[4][0][2] == "09/QĐ-BBT"  # the document numbered 09/QĐ-BBT comes first

    restart_ids()
    result = bulk_replace(rows, tenant_ids=[site.pk for site in sites], suspend=True, batch=700)
    assert (result.loaded, result.removed, result.suspended) == (ENTRIES, ENTRIES, True)
    assert stored_entries() == per_row[0]  # same ids, vectors (marks included), document keys
    assert week_counts() == per_row[1]
    assert results(sites) == per_row[2]
    assert catalog() == before  # every index, constraint and trigger back, enabled

    # a load that keeps its indexes (too small against what stays) gives the same again
    restart_ids()
    kept = bulk_replace(rows, tenant_ids=[site.pk for site in sites], suspend=False)
    assert not kept.suspended and stored_entries() == per_row[0] and week_counts() == per_row[1]


def test_replacing_some_sites_keeps_the_others_and_their_counts(sites):
    province, district, commune = sites
    rows = generated_rows(sites, 1200)
    per_row_load(rows)
    counts = week_counts()
    others = sorted(Entry.objects.exclude(tenant=commune).values_list("tenant_id", "page_id", "title"))
    commune_rows = [row for row in rows if row[0] == commune.pk]
    result = bulk_replace(commune_rows[:100], tenant_ids=[commune.pk])
    assert (result.loaded, result.removed) == (100, len(commune_rows))
    assert sorted(Entry.objects.exclude(tenant=commune).values_list("tenant_id", "page_id", "title")) == others
    per_row_counts = week_counts()
    remove_entries(commune)  # the triggers' own accounting of the same change
    per_row_load(commune_rows[:100])
    assert week_counts() == per_row_counts
    assert counts != per_row_counts


@pytest.mark.parametrize("failure", ["row refused mid-insert", "page twice (unique rebuild)", "other site"])
def test_an_error_in_the_middle_changes_nothing(sites, failure):
    rows = generated_rows(sites, 600)
    per_row_load(rows)
    before_catalog, before_entries, before_counts = catalog(), stored_entries(), week_counts()
    bad = list(rows)
    if failure == "row refused mid-insert":
        bad[300] = tuple(
            None if column == "title" else value for column, value in zip(ENTRY_COLUMNS, bad[300], strict=True)
        )
        tenant_ids = [site.pk for site in sites]
    elif failure == "page twice (unique rebuild)":
        bad.append(bad[10])
        tenant_ids = [site.pk for site in sites]
    else:
        tenant_ids = [sites[0].pk]
    with pytest.raises(BulkLoadError):
        bulk_replace(bad, tenant_ids=tenant_ids, suspend=True)
    assert catalog() == before_catalog
    assert stored_entries() == before_entries
    assert week_counts() == before_counts


def test_interrupted_load_changes_nothing(sites):
    per_row_load(generated_rows(sites, 300))
    before_catalog, before_entries = catalog(), stored_entries()

    def interrupted():
        yield from generated_rows(sites, 500)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        bulk_replace(interrupted(), tenant_ids=None, suspend=True, batch=200)
    assert catalog() == before_catalog and stored_entries() == before_entries


def test_fast_vector_functions_equal_the_previous_definitions(db):
    """Migration 0008 rewrote congttdt_fold and congttdt_marks: same values for every input."""
    import importlib

    migration = importlib.import_module("search.migrations.0008_fast_vector_functions")
    old = (migration.OLD_FOLD + migration.OLD_MARKS).replace("public.congttdt_fold(", "pg_temp.old_fold(")
    old = old.replace("public.congttdt_marks(", "pg_temp.old_marks(")
    texts = [
        "Quyết định 09/QĐ-BBT của Ban Biên tập",
        "QUYẾT ĐỊNH số 43/2011/NĐ-CP",
        "Ðường Đồng Khởi",  # Ð (U+00D0) and Đ
        "Thu\u0309 tu\u0323c ha\u0300nh chi\u0301nh",  # NFD: combining marks
        "Sơn Hùng — Kiên Giang ½ © Æ ß",
        "",
        "plain ascii / slash",
    ]
    with connection.cursor() as cursor:
        cursor.execute(old)
        for text in texts:
            cursor.execute("SELECT public.congttdt_fold(%s) = pg_temp.old_fold(%s)", [text, text])
            assert cursor.fetchone()[0], text
        cursor.execute("SELECT public.congttdt_fold(NULL) IS NULL")
        assert cursor.fetchone()[0]
        cursor.execute(
            """SELECT count(*) FROM generate_series(0, 40000, 97) AS id,
                      unnest(ARRAY['phutho', 'phutho.d3', 'phutho.d3.c4', 'a.b.c.d', '']) AS path
               WHERE public.congttdt_marks(id, id % 7, path, 'news', 'vi', 2020, '2020-01-01'::timestamptz
                                           + id * interval '5 hours')
                     IS DISTINCT FROM pg_temp.old_marks(id, id % 7, path, 'news', 'vi', 2020,
                                                        '2020-01-01'::timestamptz + id * interval '5 hours')"""
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM generate_series(0, 40000, 97) WHERE (generate_series >> 6) % 512 = 0")
        assert cursor.fetchone()[0] > 0  # the sample marks ~r0/~q0/~p0 were among the compared values


def test_search_rebuild_of_a_province_shows_progress_and_is_idempotent(province, district, commune):
    for tenant, title in [(province, "Kế hoạch của tỉnh"), (district, "Tin huyện"), (commune, "Đăng ký hộ tịch")]:
        add_page(tenant, title, "Nội dung.")
    drain()
    columns = ["tenant_id", "page_id", "title", "url", "kind", "date", "body"]
    before = sorted(Entry.objects.values_list(*columns))
    assert len(before) >= 3
    Entry.objects.create(  # stale: a page gone without an outbox row
        tenant=commune, tenant_path=commune.path, tenant_kind="commune", page_id=999999, title="Không còn",
        url="http://x/", date=before[0][5], year=2026,
    )  # fmt: skip
    for _ in range(2):
        out, err = io.StringIO(), io.StringIO()
        call_command("search_rebuild", tenant=province.path, stdout=out, stderr=err)
        assert sorted(Entry.objects.values_list(*columns)) == before
        assert "Đọc trang" in err.getvalue() and "100%" in err.getvalue()  # the progress bar over the pages read
        assert "trang" in err.getvalue()
        assert "Đã ghi" in out.getvalue() and "wrote" in out.getvalue()
    assert catalog()["triggers"] == [(name, "O") for name, _state in catalog()["triggers"]]
    quiet_out, quiet_err = io.StringIO(), io.StringIO()
    call_command("search_rebuild", tenant=province.path, no_progress=True, stdout=quiet_out, stderr=quiet_err)
    assert quiet_err.getvalue() == ""


def test_an_elasticsearch_mirror_gets_the_new_entries_and_loses_the_replaced_ones(
    sites, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from search.engines import elastic

    per_row_load(generated_rows(sites, 50))
    old_ids = set(Entry.objects.values_list("id", flat=True))
    sent = {}
    monkeypatch.setattr(
        elastic, "mirror", lambda upserts, removed: sent.update(up=list(upserts), gone=[e.pk for e in removed])
    )
    settings.SEARCH_BACKEND = "elasticsearch"
    with django_capture_on_commit_callbacks(execute=True):
        bulk_replace(generated_rows(sites, 40), tenant_ids=[site.pk for site in sites])
    assert {entry.pk for entry in sent["up"]} == set(Entry.objects.values_list("id", flat=True))
    assert len(sent["up"]) == 40 and set(sent["gone"]) == old_ids
