"""The compliance dashboard of the console (issue 14 item 5), over HTTP as a console officer with the
second factor: the table of every site from the stored snapshots (sorted, filtered, paginated), the
drill-down of a site with its evidence and charts, the roll-up per parent, the audited "refresh now"
button; a commune editor reaches none of it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from compliance import services
from compliance.models import SiteSnapshot
from console.models import AuditEntry
from console.services import charts, compliance_board

from .compliance_helpers import NOW, build_compliant_site, document
from .console_helpers import HOST, console_staff, verified_login


@pytest.fixture(autouse=True)
def _backups_in_tmp(settings, tmp_path):
    settings.TENANT_BACKUP_ROOT = tmp_path / "backups"


@pytest.fixture
def checked(province, district, commune):
    """Three sites checked on two days; the commune compliant on the second, with one late document."""
    services.refresh([province, district, commune], now=NOW - datetime.timedelta(days=40))
    with tenant_context(commune):
        pages = build_compliant_site(commune)
        document(pages["documents"], datetime.date(2026, 2, 13), datetime.date(2026, 2, 25), number="05/QĐ-UBND")
    services.refresh([province, district, commune], now=NOW)
    return {"province": province, "district": district, "commune": commune}


def names(page) -> list[str]:
    return [row.tenant.path for row in page.context["page"]]


def test_the_table_sorts_filters_and_reads_only_snapshots(client, checked, django_assert_max_num_queries):
    province, district, commune = checked["province"], checked["district"], checked["commune"]
    officer = verified_login(client, console_staff())
    with django_assert_max_num_queries(12):  # session, user, device, count, one page: no site evaluated
        page = officer.get("/tuan-thu/", **HOST)
    assert page.status_code == 200
    body = page.content.decode()
    assert names(page)[-1] == commune.path  # weakest first by default
    assert f"/tuan-thu/{commune.path}/" in body and 'aria-sort="ascending"' in body
    assert names(officer.get("/tuan-thu/", {"sap-xep": "-diem"}, **HOST))[0] == commune.path
    assert names(officer.get("/tuan-thu/", {"van-de": "muon"}, **HOST)) == [commune.path]
    assert names(officer.get("/tuan-thu/", {"parent": district.path}, **HOST)) == [district.path, commune.path]
    assert names(officer.get("/tuan-thu/", {"kind": "commune"}, **HOST)) == [commune.path]
    assert names(officer.get("/tuan-thu/", {"q": "Sơn Hùng"}, **HOST)) == [commune.path]
    assert names(officer.get("/tuan-thu/", {"q": "sonhung"}, **HOST)) == [commune.path]
    commune_score = services.latest_snapshot(commune).score
    below = officer.get("/tuan-thu/", {"duoi": str(commune_score).replace(".", ","), "sap-xep": "ten"}, **HOST)
    assert names(below) == [province.path, district.path]
    # Nonsense in the query string: no filter, no error.
    odd = officer.get("/tuan-thu/", {"duoi": "abc", "sap-xep": "x", "van-de": "y", "trang": "999"}, **HOST)
    assert odd.status_code == 200 and len(names(odd)) == 3
    # Only the newest snapshot of each site is listed.
    with schema_context("public"):
        assert SiteSnapshot.objects.count() == 6
    assert {row.day for row in page.context["page"]} == {NOW.date()}


def test_the_table_is_paginated(client, checked, monkeypatch):
    monkeypatch.setattr(compliance_board, "PAGE_SIZE", 2)
    officer = verified_login(client, console_staff())
    first = officer.get("/tuan-thu/", {"sap-xep": "ten"}, **HOST)
    second = officer.get("/tuan-thu/", {"sap-xep": "ten", "trang": 2}, **HOST)
    assert len(names(first)) == 2 and names(second) == [checked["commune"].path]
    assert "sap-xep=ten&amp;trang=2" in first.content.decode()


def test_a_site_page_lists_each_finding_with_evidence_links_and_charts(client, checked):
    commune = checked["commune"]
    officer = verified_login(client, console_staff())
    page = officer.get(f"/tuan-thu/{commune.path}/", **HOST)
    assert page.status_code == 200
    body = page.content.decode()
    findings = page.context["findings"]
    assert findings[0].status == "late" and findings[0].duty == "D6"  # the worst first
    late = next(item for item in findings[0].evidence if item["status"] == "late")
    assert "05/QĐ-UBND" in late["label"] + late["detail"]
    assert late["admin_url"] in body and "/admin/pages/" in late["admin_url"]
    assert late["public_url"].replace("&", "&amp;") in body
    # Score over time: an SVG with its title and summary, and the data table with both days.
    assert body.count('<svg role="img"') == 4 and "<desc" in body and "https://" not in body.split("<svg")[1][:60]
    assert "04/03/2026" in body and "23/01/2026" in body
    score_points = page.context["score_chart"].points
    assert [p.value for p in score_points] == [float(s.score) for s in services.history(commune)]
    assert officer.get("/tuan-thu/khong.co/", **HOST).status_code == 404


def test_the_rollup_per_parent(client, checked):
    officer = verified_login(client, console_staff())
    rows = {row.tenant.path: row for row in officer.get("/tuan-thu-theo-cap/", **HOST).context["rollups"]}
    district, province = checked["district"], checked["province"]
    assert set(rows) == {province.path, district.path}  # the sites with component sites
    expected = services.rollup(district)
    assert (rows[district.path].sites, rows[district.path].average_score) == (2, expected.average_score)
    assert (rows[district.path].missing, rows[district.path].late) == (expected.missing, expected.late)
    assert rows[province.path].sites == 3


def test_refresh_now_runs_the_service_and_is_audited(client, checked):
    commune = checked["commune"]
    officer = verified_login(client, console_staff("cntt_tinh"))
    url = f"/tuan-thu/{commune.path}/kiem-tra-lai/"
    assert officer.get(url, **HOST).status_code == 405  # POST only
    answer = officer.post(url, **HOST)
    assert answer.status_code == 302 and answer["Location"] == f"/tuan-thu/{commune.path}/"
    newest = services.latest_snapshot(commune)
    assert newest.day > NOW.date()  # today's evaluation, stored like the nightly one
    with schema_context("public"):
        entry = AuditEntry.objects.get(action="compliance_refresh")
    assert (entry.actor, entry.site_path, entry.via) == ("cntt_tinh", commune.path, "console")
    assert entry.after["score"] == float(newest.score)
    assert "Đã kiểm tra lại" in officer.get(answer["Location"], **HOST).content.decode()


def test_a_commune_editor_and_an_unverified_account_cannot_reach_it(client, checked):
    commune = checked["commune"]
    with tenant_context(commune):
        editor = get_user_model().objects.create_superuser("bientap", password="Mat-khau-dai-2026!")
    site = Client()
    with tenant_context(commune):
        site.force_login(editor)
    for url in ("/tuan-thu/", f"/tuan-thu/{commune.path}/", "/tuan-thu-theo-cap/"):
        assert site.get(url, **HOST).status_code == 302  # to the console's login
        assert site.get(url, HTTP_HOST=commune.primary_hostname).status_code == 404  # not on a site's host
    assert site.post(f"/tuan-thu/{commune.path}/kiem-tra-lai/", **HOST).status_code in (302, 403)
    unverified = Client()
    unverified.force_login(console_staff())
    assert unverified.get("/tuan-thu/", **HOST)["Location"].startswith("/dang-nhap/")
    assert unverified.post(f"/tuan-thu/{commune.path}/kiem-tra-lai/", **HOST).status_code == 302
    assert services.latest_snapshot(commune).day == NOW.date()  # nothing refreshed


def test_chart_geometry():
    line = charts.chart([("a", 0), ("b", 50), ("c", 100)], top=100)
    assert [round(p.y) for p in line.points] == [charts.HEIGHT - charts.BOTTOM, 110, charts.TOP]
    assert line.points[0].x == charts.LEFT and line.points[-1].x == charts.WIDTH - charts.RIGHT
    bars = charts.chart([("01/2026", 3), ("02/2026", 0)], kind="bar")
    assert bars.ticks[-1][0] == 5 and bars.points[1].bar_height == 0
    assert charts.chart([]).points == []


def test_the_main_dashboard_draws_the_province_over_time_from_the_snapshots(client, checked):
    """Mean score and late items per month at each month's last check, and the sites per score band —
    each chart with its data table; figures equal to those computed here from the stored snapshots."""
    import re
    from decimal import Decimal

    from django.template.defaultfilters import floatformat

    from compliance.trends import label, province_trends

    officer = verified_login(client, console_staff())
    body = officer.get("/tuan-thu/", **HOST).content.decode()
    with schema_context("public"):
        rows = list(SiteSnapshot.objects.all())
    by_day: dict = {}
    for row in rows:
        by_day.setdefault(row.day, []).append(row)
    today = NOW.date()
    trends = province_trends(today=today)
    expected_average = [
        (label(day), round(float(sum(r.score for r in day_rows) / len(day_rows)), 1))
        for day, day_rows in sorted(by_day.items())
    ]
    assert trends.average_score == expected_average and len(expected_average) == 2  # two months, one check each
    assert trends.late_items == [(label(d), float(sum(r.late_count for r in rs))) for d, rs in sorted(by_day.items())]
    latest = [r for r in rows if r.day == max(by_day)]
    bands = dict(trends.score_bands)
    assert sum(bands.values()) == 3
    assert bands["95–100"] == sum(1 for r in latest if r.score >= Decimal(95))
    for chart_id in ("average-chart", "province-late-chart", "bands-chart"):
        assert f'id="{chart_id}' in body
    assert "Điểm trung bình của các trang theo tháng" in body
    table = body.split('id="average-chart', 1)[1].split('id="province-late-chart', 1)[0]
    shown = re.findall(r'<th scope="row" class="plain">([^<]+)</th><td>([^<]+)</td>', table)
    assert shown == [(month, floatformat(value, "-1")) for month, value in expected_average]
