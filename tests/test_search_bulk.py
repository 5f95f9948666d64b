"""The aggregate's bulk load path (``search.bulk``) on real PostgreSQL: the same entries, vectors, week
counts and search results as the per-row path, built beside and swapped in or written in place; the
aggregate's indexes, constraints, triggers, sequence and grants the same afterwards, and the old table in
service after an error in the middle (the half-built one gone); searches answering during a large load
and held only for the swap; the faster vector functions equal to the previous ones; ``search_rebuild``."""

from __future__ import annotations

import io
import json
import random
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from search import bulk
from search.bulk import ENTRY_COLUMNS, BulkLoadError, bulk_replace
from search.documents import group_key
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
            "group_key": group_key(kind, f"1.{i:06d}" if kind == "service" else "", "en" if i % 29 == 0 else "vi"),
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
        cursor.execute(
            "SELECT pg_get_serial_sequence('public.aggregate_search_entry', 'id'), c.relacl::text, "
            "c.relowner::regrole::text, to_regclass('public.aggregate_search_entry_next'), "
            "ARRAY(SELECT pubname::text FROM pg_publication_tables WHERE tablename = 'aggregate_search_entry') "
            "FROM pg_class AS c WHERE c.oid = 'public.aggregate_search_entry'::regclass"
        )
        table = cursor.fetchone()
    return {"indexes": indexes, "constraints": constraints, "triggers": triggers, "table": table}


@pytest.fixture
def sites(province, district, commune, fresh_search_cache):  # noqa: F811
    remove_entries()
    return [province, district, commune]


def test_bulk_load_gives_the_per_row_entries_and_search_results(sites):
    with connection.cursor() as cursor:
        cursor.execute("GRANT SELECT ON public.aggregate_search_entry TO PUBLIC")  # a grant the swap must keep
        cursor.execute("CREATE PUBLICATION congttdt_bulk_test FOR TABLE public.aggregate_search_entry")  # and this
    before = catalog()
    assert len(before["indexes"]) >= 9 and len(before["triggers"]) == 4
    assert before["table"][0] == "public.aggregate_search_entry_id_seq" and "=r/" in before["table"][1]
    assert before["table"][4] == ["congttdt_bulk_test"]
    rows = generated_rows(sites)

    restart_ids()
    per_row_load(rows)
    per_row = stored_entries(), week_counts(), results(sites)
    number = next(answer for answer in per_row[2] if answer[:3] == ("09/QĐ-BBT", None, None))
    assert number[3] >= 1 and number[4][0][2] == "09/QĐ-BBT"  # the document numbered 09/QĐ-BBT comes first

    restart_ids()
    result = bulk_replace(rows, tenant_ids=[site.pk for site in sites], swap=True, batch=700)
    assert (result.loaded, result.removed, result.swapped) == (ENTRIES, ENTRIES, True)
    assert 0 < result.swap_seconds < 1 and result.swap_attempts == 1
    assert stored_entries() == per_row[0]  # same ids, vectors (marks included), document keys
    assert week_counts() == per_row[1]
    assert results(sites) == per_row[2]
    assert catalog() == before  # every index, constraint, trigger (enabled), the sequence and the grant
    Entry.objects.create(  # the id sequence goes on after the swapped-in entries
        tenant=sites[0], tenant_path=sites[0].path, tenant_kind="province", page_id=1, title="Mới",
        url="http://x/", date=START, year=2018,
    )  # fmt: skip
    assert Entry.objects.get(page_id=1).pk == per_row[0][-1][0] + 1
    remove_entries()

    # a load written in place (too small against what stays) gives the same again
    restart_ids()
    kept = bulk_replace(rows, tenant_ids=[site.pk for site in sites], swap=False)
    assert not kept.swapped and stored_entries() == per_row[0] and week_counts() == per_row[1]
    assert results(sites) == per_row[2] and catalog() == before


@pytest.mark.parametrize("swap", [True, False])
def test_replacing_some_sites_keeps_the_others_and_their_counts(sites, swap):
    province, district, commune = sites
    rows = generated_rows(sites, 1200)
    per_row_load(rows)
    counts = week_counts()
    others = sorted(Entry.objects.exclude(tenant=commune).values_list("id", "tenant_id", "page_id", "title", "vector"))
    commune_rows = [row for row in rows if row[0] == commune.pk]
    result = bulk_replace(commune_rows[:100], tenant_ids=[commune.pk], swap=swap)
    assert (result.loaded, result.removed, result.kept, result.swapped) == (100, len(commune_rows), 800, swap)
    kept = sorted(Entry.objects.exclude(tenant=commune).values_list("id", "tenant_id", "page_id", "title", "vector"))
    assert kept == others  # same ids and vectors
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
        bulk_replace(bad, tenant_ids=tenant_ids, swap=True)
    assert catalog() == before_catalog  # the old table in service, the half-built one gone
    assert stored_entries() == before_entries
    assert week_counts() == before_counts


@pytest.mark.parametrize("moment", ["reading rows", "building an index", "swapping"])
def test_interrupted_load_changes_nothing(sites, moment):
    per_row_load(generated_rows(sites, 300))
    before_catalog, before_entries, before_counts = catalog(), stored_entries(), week_counts()

    def rows():
        yield from generated_rows(sites, 500)
        if moment == "reading rows":
            raise KeyboardInterrupt

    def on_stage(label):
        if (moment, label.split(" ", 1)[0]) in {("building an index", "chỉ"), ("swapping", "thay")}:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        bulk_replace(rows(), tenant_ids=None, swap=True, batch=200, on_stage=on_stage)
    assert catalog() == before_catalog and stored_entries() == before_entries and week_counts() == before_counts


def test_fast_vector_functions_equal_the_previous_definitions(db):
    """Migration 0008 rewrote congttdt_fold and congttdt_marks: same values for every input."""
    import importlib

    migration = importlib.import_module("search.migrations.0009_fast_vector_functions")
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


SWAP_QUERY = "thủ tục hành chính"


@pytest.fixture(scope="module")
def committed_sites(committed_tenants):
    """Two sites committed outside the test transaction: the searches run on their own connection."""
    province = committed_tenants("thuthay", name="Tỉnh Thử Thay")
    district = committed_tenants("thuthayhuyen", kind="district", parent_path=province.path, name="Huyện Thử Thay")
    return [province, district]


def answer(scope=None) -> tuple:
    found = search(SearchRequest(text=clean_query(SWAP_QUERY), scope=scope), use_cache=False)
    return found.total, [(hit.site_path, hit.url) for hit in found.hits]


def on_own_connection(function, *args, **kwargs):
    """Run ``function`` in a thread, on its own connection (autocommit: its writes are committed, as in
    production, not held by the test's transaction); return its result or raise its error."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # re-raised by the caller
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(300)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_searches_go_on_during_a_large_load_and_wait_only_for_the_swap(committed_sites, monkeypatch, db):
    """One connection searches in a loop while another replaces the sites' entries through the large path
    (its threshold lowered so that 4,000 rows take it) and a third holds a long read when the swap starts
    (so the swap retries while searches queue behind it): no search waits long, each answer is the old or
    the new one — never an empty table — and after the swap the new one. (The test's own connection stays
    out: it is in a transaction.)"""
    monkeypatch.setattr(bulk, "SWAP_MIN", 1000)
    ids = [site.pk for site in committed_sites]
    district = committed_sites[1].path
    old_rows = generated_rows(committed_sites, 2500)
    new_rows = [row[:3] + (row[3] + 1_000_000,) + row[4:] for row in generated_rows(committed_sites[::-1], 4000)]
    try:
        on_own_connection(bulk_replace, new_rows, tenant_ids=ids, swap=False)
        new_answer = on_own_connection(lambda: (answer(), answer(district)))
        new_weeks = on_own_connection(week_counts)
        on_own_connection(bulk_replace, old_rows, tenant_ids=ids, swap=False)
        old_answer = on_own_connection(lambda: (answer(), answer(district)))
        assert old_answer != new_answer and old_answer[0][0] > 0 and old_answer[1][0] > 0

        loading, done = threading.Event(), threading.Event()
        timings, answers = [], []

        def search_loop():
            while not done.is_set():
                for which, scope in enumerate([None, district]):
                    started = time.monotonic()
                    got = answer(scope)
                    timings.append((time.monotonic() - started, loading.is_set()))
                    answers.append((which, got))

        def reader_in_the_way():  # a long reader: the swap's first attempts time out, searches queue meanwhile
            with connection.cursor() as cursor:
                cursor.execute("BEGIN; SELECT count(*) FROM aggregate_search_entry")
                time.sleep(0.8)
                cursor.execute("COMMIT")

        def at_stage(label):
            if label.startswith("thay"):
                threading.Thread(target=on_own_connection, args=(reader_in_the_way,)).start()
                time.sleep(0.2)

        def load():
            time.sleep(0.3)
            loading.set()
            try:
                return bulk_replace(new_rows, tenant_ids=ids, on_stage=at_stage)
            finally:
                loading.clear()
                time.sleep(0.3)
                done.set()

        loader = threading.Thread(target=lambda: answers.append(("result", on_own_connection(load))))
        loader.start()
        on_own_connection(search_loop)
        loader.join(300)
        result = next(got for which, got in answers if which == "result")
        answers = [(which, got) for which, got in answers if which != "result"]
        assert result.swapped and result.loaded == 4000 and result.removed == 2500
        during = [seconds for seconds, busy in timings if busy]
        print(
            f"searches: {len(timings)}, {len(during)} during the load; longest {max(timings)[0] * 1000:.0f} ms; "
            f"swap {result.swap_seconds * 1000:.1f} ms in {result.swap_attempts} attempt(s)"
        )
        assert len(during) >= 3  # searches answered while the new table was built
        assert max(seconds for seconds, _busy in timings) < 2.0
        assert result.swap_seconds < 0.5 and result.swap_attempts >= 2  # the reader made it retry
        assert sum(1 for seconds, _busy in timings if seconds > 0.1) >= 1  # a search waited behind the swap
        assert all(got in (old_answer[which], new_answer[which]) for which, got in answers)
        assert [got for _which, got in answers[:2]] == list(old_answer)
        assert [got for _which, got in answers[-2:]] == list(new_answer)
        assert on_own_connection(lambda: ((answer(), answer(district)), catalog()["table"][3])) == (new_answer, None)
        assert on_own_connection(week_counts) == new_weeks  # replaced once, though the swap was retried
    finally:
        on_own_connection(bulk_replace, [], tenant_ids=ids, swap=False)


def test_a_page_published_while_the_new_table_is_built_reaches_search(committed_sites, monkeypatch, db):
    """The rebuild holds the sites' drain locks until its swap: a page published and drained meanwhile waits,
    then lands in the table in service (not in the old one, dropped at the swap)."""
    from search.indexer import bulk_rebuild, drain_schema

    from .search_support import add_page

    monkeypatch.setattr(bulk, "SWAP_MIN", 1)
    province, district = committed_sites
    on_own_connection(add_page, district, "Trang có từ trước", "Nội dung.")
    on_own_connection(drain_schema, district.schema_name)
    events = {}

    def publish_and_drain():
        add_page(district, "Tin đăng trong lúc dựng lại", "Nội dung mới.")
        drain_schema(district.schema_name)
        events["drained"] = time.monotonic()

    def at_stage(label):
        if label.startswith("chỉ mục") and "publisher" not in events:
            events["publisher"] = threading.Thread(target=on_own_connection, args=(publish_and_drain,))
            events["publisher"].start()
            time.sleep(1.0)  # the drain is waiting for the site's lock meanwhile
            assert "drained" not in events

    def rebuild():
        result = bulk_rebuild([province, district], on_stage=at_stage)
        events["swapped"] = time.monotonic()
        return result

    result = on_own_connection(rebuild)
    events["publisher"].join(60)
    assert result.swapped and events["drained"] > events["swapped"]
    titles = on_own_connection(lambda: set(Entry.objects.filter(tenant=district).values_list("title", flat=True)))
    assert {"Trang có từ trước", "Tin đăng trong lúc dựng lại"} <= titles
    on_own_connection(bulk_replace, [], tenant_ids=[province.pk, district.pk], swap=False)


def recounted_weeks() -> list[tuple]:
    """The week counts of every scope, counted afresh from the aggregate (what the triggers must have kept)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.scope, public.congttdt_week(e.date), count(*) FROM aggregate_search_entry AS e, "
            "public.congttdt_scopes(e.tenant_path) AS s(scope) GROUP BY 1, 2 ORDER BY 1, 2"
        )
        return [tuple(row) for row in cursor.fetchall()]


def test_a_site_created_while_the_new_table_is_built_keeps_its_entries(
    committed_sites, committed_tenants, monkeypatch, db
):
    """A site provisioned between the build and the swap of a rebuild (its drain lock is none of those the load
    holds: it did not exist) drains its pages into the table in service; the swap replays them into the new table:
    they survive, with their ids, the week counts stay exact, and later writes get ids of their own."""
    from search.indexer import bulk_rebuild, drain_schema

    from .search_support import add_page

    monkeypatch.setattr(bulk, "SWAP_MIN", 1)
    province, district = committed_sites
    on_own_connection(add_page, district, "Trang của huyện có từ trước", "Nội dung.")
    on_own_connection(drain_schema, district.schema_name)
    made = {}

    def provision_and_drain():
        made["site"] = site = committed_tenants("thuthaymoi", kind="commune", parent_path=district.path, name="Xã Mới")
        add_page(site, "Tin đầu tiên của xã mới", "Xã mới lập đăng tin.")
        drain_schema(site.schema_name)
        made["entries"] = sorted(Entry.objects.filter(tenant=site).values_list("id", "title"))

    def at_stage(label):
        if label.startswith("thay") and "site" not in made:  # built, not yet swapped
            on_own_connection(provision_and_drain)  # finishes: nothing it needs is locked

    try:
        result = on_own_connection(bulk_rebuild, [province, district], on_stage=at_stage)
        assert result.swapped and made["entries"] and result.replayed == len(made["entries"])
        assert "Tin đầu tiên của xã mới" in {title for _id, title in made["entries"]}
        site = made["site"]
        kept = on_own_connection(lambda: sorted(Entry.objects.filter(tenant=site).values_list("id", "title")))
        assert kept == made["entries"]
        assert on_own_connection(recounted_weeks) == on_own_connection(week_counts)
        # The sequence in service is past the replayed ids: the next writes of both sites get fresh ones.
        on_own_connection(add_page, site, "Tin thứ hai của xã mới", "Nội dung.")
        on_own_connection(drain_schema, site.schema_name)
        on_own_connection(add_page, district, "Tin sau khi thay bảng", "Nội dung.")
        on_own_connection(drain_schema, district.schema_name)
        titles = on_own_connection(lambda: set(Entry.objects.values_list("title", flat=True)))
        assert {"Tin thứ hai của xã mới", "Tin sau khi thay bảng", "Trang của huyện có từ trước"} <= titles
        assert on_own_connection(recounted_weeks) == on_own_connection(week_counts)
    finally:
        on_own_connection(bulk_replace, [], tenant_ids=[province.pk, district.pk], swap=False)
