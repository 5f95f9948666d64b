"""Outbox → aggregate: what publishing, unpublishing, deleting, moving and restricting pages does,
and that nothing is lost while the worker or the broker is down."""

import logging

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tenants.utils import schema_context, tenant_context

from core.page_contract import SearchDocument
from search.indexer import drain_schema, rebuild_tenant
from search.models import Entry
from search.outbox.models import OutboxItem
from tenants.services import registry

from .search_support import add_page, drain, entry_titles, run_page_action


def forget_pending_drains():
    """Each request is its own transaction in production; a test runs inside one long transaction in
    which provisioning already scheduled a drain. Drop those so this test's publish schedules its own."""
    from django.db import connection

    connection.run_on_commit = [
        item for item in connection.run_on_commit if getattr(item[1], "search_schema", None) is None
    ]


def outbox_page_ids(tenant) -> list[int]:
    with tenant_context(tenant):
        return list(OutboxItem.objects.values_list("page_id", flat=True))


def test_publishing_writes_an_outbox_row_in_the_same_transaction(commune):
    drain()
    with pytest.raises(RuntimeError), transaction.atomic():
        page_id = add_page(commune, "Thông báo lịch tiếp dân")
        assert page_id in outbox_page_ids(commune)
        raise RuntimeError("rollback")
    assert outbox_page_ids(commune) == []  # the page and its outbox row went together
    page_id = add_page(commune, "Thông báo lịch tiếp dân")
    assert page_id in outbox_page_ids(commune)
    assert "Thông báo lịch tiếp dân" not in entry_titles(commune)
    assert drain()[commune.schema_name] >= 1
    assert "Thông báo lịch tiếp dân" in entry_titles(commune)
    assert outbox_page_ids(commune) == []


def test_publish_schedules_one_drain_per_transaction(commune):
    from django.db import connection

    add_page(commune, "Kế hoạch phát triển kinh tế")
    add_page(commune, "Kế hoạch cải cách hành chính")
    drains = [
        item for item in connection.run_on_commit if getattr(item[1], "search_schema", None) == commune.schema_name
    ]
    assert len(drains) == 1  # one drain after commit, however many rows the transaction wrote


def test_worker_not_running_loses_nothing(commune, django_capture_on_commit_callbacks):
    """The task is queued in the real Redis broker, but no worker consumes it: the row waits."""
    import redis
    from django.conf import settings

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")  # one per test worker
    queued_before = broker.llen(queue)
    forget_pending_drains()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        add_page(commune, "Quyết định công nhận xã đạt chuẩn nông thôn mới")
    assert len([cb for cb in callbacks if getattr(cb, "search_schema", None)]) == 1
    assert broker.llen(queue) == queued_before + 1  # really in Redis, waiting for a worker
    assert commune.schema_name in broker.lpop(queue).decode()  # (tidy: the test's own message)
    assert "Quyết định công nhận xã đạt chuẩn nông thôn mới" not in entry_titles(commune)
    drain()  # the periodic sweep / manage.py search_drain once a worker is back
    assert "Quyết định công nhận xã đạt chuẩn nông thôn mới" in entry_titles(commune)


def test_unreachable_broker_does_not_break_publishing(commune, django_capture_on_commit_callbacks, caplog):
    from celery import current_app

    old = current_app.conf.broker_url
    current_app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    current_app.pool.force_close_all()
    forget_pending_drains()
    try:
        with (
            caplog.at_level(logging.WARNING, logger="search.outbox.recording"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            page_id = add_page(commune, "Thông báo mất điện")
    finally:
        current_app.conf.broker_url = old
        current_app.pool.force_close_all()
    assert "not enqueued" in caplog.text
    with tenant_context(commune):
        from wagtail.models import Page

        assert Page.objects.get(pk=page_id).live
    assert page_id in outbox_page_ids(commune)
    call_command("search_drain", verbosity=0)
    assert "Thông báo mất điện" in entry_titles(commune)


def test_drafts_never_reach_the_aggregate(commune):
    add_page(commune, "Bản nháp chưa duyệt", publish=False)
    drain()
    assert "Bản nháp chưa duyệt" not in entry_titles(commune)


def test_unpublish_and_delete_remove_the_entry(commune):
    first = add_page(commune, "Tin sẽ gỡ")
    second = add_page(commune, "Tin sẽ xóa")
    drain()
    assert {"Tin sẽ gỡ", "Tin sẽ xóa"} <= entry_titles(commune)
    run_page_action(commune, first, "unpublish")
    run_page_action(commune, second, "delete")
    drain()
    assert not {"Tin sẽ gỡ", "Tin sẽ xóa"} & entry_titles(commune)


def test_deleting_a_parent_removes_its_descendants(commune):
    parent = add_page(commune, "Chuyên mục")
    add_page(commune, "Bài trong chuyên mục", parent_id=parent)
    drain()
    assert "Bài trong chuyên mục" in entry_titles(commune)
    run_page_action(commune, parent, "delete")
    drain()
    assert not {"Chuyên mục", "Bài trong chuyên mục"} & entry_titles(commune)


def test_move_updates_urls_of_the_subtree(commune):
    section = add_page(commune, "Mục A", slug="muc-a")
    other = add_page(commune, "Mục B", slug="muc-b")
    child = add_page(commune, "Bài viết", parent_id=section, slug="bai-viet")
    drain()
    assert Entry.objects.get(tenant=commune, page_id=child).url.endswith("/muc-a/bai-viet/")
    run_page_action(commune, section, "move", target_id=other)
    drain()
    assert Entry.objects.get(tenant=commune, page_id=child).url.endswith("/muc-b/muc-a/bai-viet/")


def test_url_is_on_the_tenant_primary_domain(commune):
    page_id = add_page(commune, "Giới thiệu chung", slug="gioi-thieu")
    drain()
    url = Entry.objects.get(tenant=commune, page_id=page_id).url
    assert url.startswith(f"http://{commune.primary_hostname}") and url.endswith("/gioi-thieu/")


def test_private_pages_never_appear(commune):
    from wagtail.models import PageViewRestriction

    section = add_page(commune, "Nội bộ")
    add_page(commune, "Tài liệu nội bộ", parent_id=section)
    drain()
    assert "Tài liệu nội bộ" in entry_titles(commune)
    with tenant_context(commune):
        PageViewRestriction.objects.create(page_id=section, restriction_type=PageViewRestriction.LOGIN)
    drain()
    assert not {"Nội bộ", "Tài liệu nội bộ"} & entry_titles(commune)
    with tenant_context(commune):
        PageViewRestriction.objects.filter(page_id=section).delete()
    drain()
    assert {"Nội bộ", "Tài liệu nội bộ"} <= entry_titles(commune)


def test_withdrawn_document_leaves_search(commune, monkeypatch):
    """search_document() → None (e.g. a withdrawn legal document) removes the entry on publish."""
    from sites.models import HomePage

    def search_document(self):
        if "thu hồi" in (self.intro or ""):
            return None
        return SearchDocument(
            kind="document",
            title=self.title,
            body=self.intro,
            meta={"doc_number": "12/QĐ-UBND", "doc_status": "hiệu lực"},
        )

    monkeypatch.setattr(HomePage, "search_document", search_document, raising=False)
    page_id = add_page(commune, "Quyết định số 12", intro="Ban hành quy chế")
    drain()
    entry = Entry.objects.get(tenant=commune, page_id=page_id)
    assert (entry.kind, entry.doc_number, entry.doc_key) == ("document", "12/QĐ-UBND", "12/qd-ubnd")
    run_page_action(commune, page_id, "publish", intro="Văn bản đã bị thu hồi")
    drain()
    assert not Entry.objects.filter(tenant=commune, page_id=page_id).exists()


def test_rebuild_is_idempotent_and_removes_stale_entries(commune):
    add_page(commune, "Tin một")
    add_page(commune, "Tin hai")
    drain()
    columns = ["page_id", "title", "url", "kind", "language", "date", "body"]
    before = sorted(Entry.objects.filter(tenant=commune).values_list(*columns))
    assert rebuild_tenant(commune)[0] == len(before)
    assert rebuild_tenant(commune)[0] == len(before)
    assert sorted(Entry.objects.filter(tenant=commune).values_list(*columns)) == before
    # a stale row (page gone without an outbox row, e.g. restored backup) is removed by a rebuild
    Entry.objects.create(
        tenant=commune,
        tenant_path=commune.path,
        tenant_kind=commune.kind,
        page_id=999999,
        title="Không còn",
        url="http://x/",
        date=before[0][5],
        year=2026,
    )
    call_command("search_rebuild", tenant=commune.path, verbosity=0)
    assert sorted(Entry.objects.filter(tenant=commune).values_list(*columns)) == before


def test_suspended_site_leaves_search_and_comes_back(commune):
    add_page(commune, "Tin của xã")
    drain()
    registry.set_status(commune.path, "suspended")
    assert "Tin của xã" not in entry_titles()
    registry.set_status(commune.path, "active")
    drain()
    assert "Tin của xã" in entry_titles()


def test_drain_of_the_template_and_public_schema_does_nothing(db):
    from tenants.services.schema_builder import TEMPLATE_SCHEMA

    assert drain_schema(TEMPLATE_SCHEMA) == 0
    with schema_context("public"):
        assert drain_schema("public") == 0
