"""Each site sees itself (issue 14 item 6): the compliance panel on its Wagtail dashboard shows its own
newest snapshot and never another site's; the weekly digest to the site's head (Trưởng ban) lists
what is late or missing (Django's locmem outbox), and the beat entry sends it."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django_tenants.utils import tenant_context

from compliance import services, tasks
from compliance.digest import send_weekly_digests
from core.editorial_board import EDITOR_GROUP, HEAD_GROUP

from .compliance_helpers import NOW, build_compliant_site, document

PASSWORD = "Mat-khau-dai-2026!"


@pytest.fixture(autouse=True)
def _backups_in_tmp(settings, tmp_path):
    settings.TENANT_BACKUP_ROOT = tmp_path / "backups"


def member(tenant, username: str, group: str, email: str = ""):
    with tenant_context(tenant):
        user = get_user_model().objects.create_user(username, email=email, password=PASSWORD)
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def two_sites(district, commune):
    """The commune compliant but for one late document; the district with its own late document."""
    with tenant_context(commune):
        pages = build_compliant_site(commune)
        document(pages["documents"], datetime.date(2026, 2, 13), datetime.date(2026, 2, 25), number="05/QĐ-UBND")
    with tenant_context(district):
        pages = build_compliant_site(district)
        document(pages["documents"], datetime.date(2026, 2, 2), datetime.date(2026, 2, 24), number="99/QĐ-KHAC")
    services.refresh([district, commune], now=NOW)
    return district, commune


def dashboard(tenant, user) -> str:
    client = Client()
    with tenant_context(tenant):
        client.force_login(user)
    page = client.get("/admin/", HTTP_HOST=tenant.primary_hostname)
    assert page.status_code == 200
    return page.content.decode()


def test_the_panel_shows_the_site_itself_and_never_another(two_sites):
    district, commune = two_sites
    ours, theirs = services.latest_snapshot(commune), services.latest_snapshot(district)
    assert ours.score != theirs.score or ours.late_count
    body = dashboard(commune, member(commune, "truongban", HEAD_GROUP))
    assert "Tuân thủ quy định của trang" in body
    assert f"<strong>{ours.score}</strong>/100".replace(".", ",") in body  # Vietnamese decimal comma
    assert "05/QĐ-UBND" in body and "99/QĐ-KHAC" not in body and district.name not in body
    editor_view = dashboard(commune, member(commune, "bientapvien", EDITOR_GROUP))
    assert "05/QĐ-UBND" in editor_view  # every board member sees what to fix
    other = dashboard(district, member(district, "truongban_huyen", HEAD_GROUP))
    assert "99/QĐ-KHAC" in other and "05/QĐ-UBND" not in other


def test_a_site_never_checked_says_so(commune):
    body = dashboard(commune, member(commune, "truongban", HEAD_GROUP))
    assert "chưa được kiểm tra lần nào" in body


def test_the_weekly_digest_goes_to_the_head_with_what_is_late_or_missing(two_sites):
    district, commune = two_sites
    member(commune, "truongban", HEAD_GROUP, "truongban@sonhung.example.gov.vn")
    member(commune, "bientapvien", EDITOR_GROUP, "bientap@sonhung.example.gov.vn")
    member(district, "truongban_huyen", HEAD_GROUP)  # no address: no digest
    mail.outbox.clear()
    assert send_weekly_digests([district, commune]) == 1
    (message,) = mail.outbox
    assert message.to == ["truongban@sonhung.example.gov.vn"]
    assert commune.name in message.subject and str(services.latest_snapshot(commune).score) in message.subject
    assert "05/QĐ-UBND" in message.body and "đăng muộn" in message.body and "/admin/pages/" in message.body
    assert "99/QĐ-KHAC" not in message.body


def test_the_beat_entry_sends_the_digests(two_sites, monkeypatch):
    assert settings.CELERY_BEAT_SCHEDULE["compliance-weekly-digest"]["task"] == "compliance.send_digests"
    district, commune = two_sites
    member(commune, "truongban", HEAD_GROUP, "truongban@sonhung.example.gov.vn")
    monkeypatch.setattr(services, "sites_to_check", lambda: [district, commune])
    mail.outbox.clear()
    assert tasks.send_digests() == 1 and len(mail.outbox) == 1
