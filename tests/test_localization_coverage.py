"""English coverage report: missing, stale and complete required items, per tenant.

No content type declares ``english_duty`` in this app, so the tests put the contract's class
attribute on HomePage (the contract is class-attribute based)."""

import csv
import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tenants.utils import schema_context

from localization.services.coverage import MISSING, NO_SOURCE, OK, STALE, coverage_report
from sites.models import HomePage

from .console_helpers import verified_login
from .localization_helpers import add_page, home_page, republish, translate


@pytest.fixture
def duty_d1(monkeypatch):
    monkeypatch.setattr(HomePage, "english_duty", "D1", raising=False)


def statuses(report) -> dict[str, list[tuple[str, str]]]:
    return {site.path: [(item.duty, item.status) for item in site.items] for site in report}


def test_missing_stale_and_complete_items_per_tenant(duty_d1, make_tenant, province):
    ok = make_tenant("daydu", kind="district", parent=province)
    missing = make_tenant("thieu", kind="district", parent=province)
    stale = make_tenant("cu", kind="district", parent=province)
    for tenant in (ok, stale):
        translate(tenant, home_page(tenant).pk, {tenant.name: f"{tenant.slug} District"})
    republish(stale, home_page(stale).pk, intro="<p>Số liệu dân số mới.</p>")  # Vietnamese changed after sync

    report = coverage_report([ok, missing, stale])
    assert statuses(report) == {
        ok.path: [("D1", OK), ("D9", NO_SOURCE)],
        missing.path: [("D1", MISSING), ("D9", NO_SOURCE)],
        stale.path: [("D1", STALE), ("D9", NO_SOURCE)],
    }
    stale_item = report[2].items[0]
    assert stale_item.vi_changed_at > stale_item.en_synced_at and stale_item.title == stale.name

    # Syncing the translation again (what "Sync translated pages" does) makes it current.
    translate(stale, home_page(stale).pk, {"Số liệu dân số mới.": "New population figures."})
    assert statuses(coverage_report([stale]))[stale.path][0] == ("D1", OK)


def test_tenant_without_any_required_page_counts_as_missing_without_vietnamese_page(make_tenant, province):
    report = coverage_report([province])
    assert statuses(report) == {province.path: [("D1", NO_SOURCE), ("D9", NO_SOURCE)]}
    assert report[0].duty_summary("D1") == NO_SOURCE


def test_only_services_usable_by_foreigners_are_required(monkeypatch, commune):
    monkeypatch.setattr(HomePage, "english_duty", "D15", raising=False)
    monkeypatch.setattr(HomePage, "requires_english", lambda self: self.slug != "dich-vu-noi-bo", raising=False)
    add_page(commune, "Đăng ký kết hôn có yếu tố nước ngoài", "ket-hon")
    add_page(commune, "Dịch vụ nội bộ", "dich-vu-noi-bo")
    items = coverage_report([commune])[0].items
    assert sorted((item.duty, item.title, item.status) for item in items if item.duty == "D15") == [
        ("D15", "Xã Sơn Hùng", MISSING),
        ("D15", "Đăng ký kết hôn có yếu tố nước ngoài", MISSING),
    ]


def test_english_coverage_command_prints_table_and_csv(duty_d1, make_tenant, province, capsys):
    done = make_tenant("xong", kind="district", parent=province)
    translate(done, home_page(done).pk, {done.name: "Xong District"})
    call_command("english_coverage", "--no-progress", "--tenant", province.path)
    table = capsys.readouterr().out
    lines = {line.split()[0]: line.split() for line in table.splitlines() if line.startswith(province.path)}
    assert lines[province.path][1:3] == ["0/1", "no_source"]
    assert lines[done.path][1:3] == ["1/1", "no_source"]
    assert "missing" in table and "thiếu" in table

    call_command("english_coverage", "--csv", "--tenant", province.path)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {(row["tenant"], row["duty"], row["status"]) for row in rows} == {
        (province.path, "D1", MISSING),
        (province.path, "D9", NO_SOURCE),
        (done.path, "D1", OK),
        (done.path, "D9", NO_SOURCE),
    }


def test_province_console_shows_the_coverage_to_staff(duty_d1, client, commune):
    url = "/tieng-anh/do-phu-tieng-anh/"
    assert client.get(url, HTTP_HOST=settings.PLATFORM_HOST).status_code == 302
    with schema_context("public"):
        staff = get_user_model().objects.create_user("it_tinh", password="x", is_staff=True)
    verified_login(client, staff)  # console accounts pass their second factor
    body = client.get(url, HTTP_HOST=settings.PLATFORM_HOST).content.decode()
    assert "Xã Sơn Hùng" in body and "thiếu bản tiếng Anh" in body
    exported = client.get(url + "?format=csv", HTTP_HOST=settings.PLATFORM_HOST).content.decode()
    assert f"{commune.path},Xã Sơn Hùng,D1,missing" in exported
