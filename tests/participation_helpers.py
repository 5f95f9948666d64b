"""Fixtures and data shared by the participation and workdays tests (fixtures registered in conftest.py)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django_tenants.utils import tenant_context

from participation.services import visitors
from workdays.services import invalidate_calendar

CLOSED_PORT_CACHE = {
    **settings.CACHES["default"],
    "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1: a real connection failure
}

QUESTION = {
    "asker_kind": "individual",
    "asker_name": "Đinh Thị Bảo Ngọc",
    "asker_address": "Số 17 ngõ Hoa Sữa, khu 5, xã Sơn Hùng",
    "asker_email": "baongoc.dinh@example.vn",
    "asker_phone": "0912 345 678",
    "topic": "Đất đai",
    "title": "Hồ sơ tách thửa đất ở",
    "body": "Tôi muốn tách thửa đất ở cho con, cần giấy tờ gì?",
}
NO_CITATIONS = {  # the Q&A admin form's inline of cited documents, empty (as the admin posts it)
    "citations-TOTAL_FORMS": "0",
    "citations-INITIAL_FORMS": "0",
    "citations-MIN_NUM_FORMS": "0",
    "citations-MAX_NUM_FORMS": "1000",
}
PERSONAL = ("Đinh Thị Bảo Ngọc", "Hoa Sữa", "baongoc.dinh@example.vn", "0912 345 678")


def participation_keys(client):
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    return list(client.scan_iter(match=f"*:{prefix}:*:participation:*", count=1000))


@pytest.fixture
def participation_redis():
    """Rate-limit and visitor keys are per schema name, and schema names repeat between tests."""
    client = caches["default"]._cache.get_client(write=True)

    def wipe():
        keys = participation_keys(client)
        if keys:
            client.delete(*keys)
        visitors._down_until.clear()

    wipe()
    yield
    wipe()
    invalidate_calendar()


@pytest.fixture
def citizen_site(province):
    """The province site with a Q&A page and a consultation index page under its home page."""
    from wagtail.models import Site

    from participation.models import ConsultationIndexPage, QuestionIndexPage

    with tenant_context(province):
        home = Site.objects.get(is_default_site=True).root_page
        qa_page = QuestionIndexPage(title="Hỏi đáp", slug="hoi-dap")
        home.add_child(instance=qa_page)
        qa_page.save_revision().publish()
        consultations = ConsultationIndexPage(title="Lấy ý kiến dự thảo", slug="lay-y-kien")
        home.add_child(instance=consultations)
        consultations.save_revision().publish()
    return SimpleNamespace(
        tenant=province, host=province.primary_hostname, qa_page=qa_page, consultations=consultations
    )


def add_consultation(citizen_site, slug="du-thao", opens_in=timedelta(days=-1), closes_in=timedelta(days=10)):
    from participation.models import ConsultationPage

    now = timezone.now()
    with tenant_context(citizen_site.tenant):
        page = ConsultationPage(
            title="Dự thảo Quy chế văn hóa công sở",
            slug=slug,
            body="<p>Điều 1. Phạm vi điều chỉnh…</p>",
            summary="Quy chế văn hóa công sở tại cơ quan.",
            open_at=now + opens_in,
            close_at=now + closes_in,
            unit_name="Văn phòng UBND tỉnh",
            unit_email="vanphong@example.gov.vn",
        )
        citizen_site.consultations.add_child(instance=page)
        page.save_revision().publish()
    return page
