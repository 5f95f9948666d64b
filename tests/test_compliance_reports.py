"""Activity reports (issue 14 item 7): the figures of a period equal counts made in the test from the
crafted content; periods parse or are refused clearly; `manage.py compliance report` writes the CSV."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context
from wagtail.models import Page

from compliance import reports
from participation.models import Question

from .compliance_helpers import NOW, at, build_compliant_site, document, question


@pytest.fixture(autouse=True)
def _backups_in_tmp(settings, tmp_path):
    settings.TENANT_BACKUP_ROOT = tmp_path / "backups"


def test_periods():
    assert reports.period_bounds("2026-Q3") == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert reports.period_bounds("2026-h2") == (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))
    assert reports.period_bounds("2026-02") == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert reports.period_bounds("2026") == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    for bad in ("2026-Q5", "2026-13", "Q3", ""):
        with pytest.raises(reports.PeriodError):
            reports.period_bounds(bad)


def test_a_quarter_report_matches_independent_counts(commune, district):
    with tenant_context(commune):
        pages = build_compliant_site(commune)
        document(pages["documents"], datetime.date(2026, 2, 13), datetime.date(2026, 2, 25), number="05/QĐ-UBND")
        document(pages["documents"], datetime.date(2026, 3, 30), datetime.date(2026, 4, 2), number="07/QĐ-UBND")
        question(at(datetime.date(2026, 1, 5)))  # never answered: late by 31 March
        question(
            at(datetime.date(2026, 2, 2)),
            status=Question.Status.ANSWERED,
            answered_at=at(datetime.date(2026, 2, 10)),
            answer="Trả lời",
        )
        question(at(datetime.date(2026, 4, 3)))  # the next quarter
        low, high = at(datetime.date(2026, 1, 1), 0), at(datetime.date(2026, 4, 1), 0)
        in_quarter = Page.objects.live().filter(depth__gt=2, first_published_at__gte=low, first_published_at__lt=high)
        expected_total = in_quarter.count()
    activity = reports.site_activity(commune, *reports.period_bounds("2026-Q1"))
    assert sum(activity.publications.values()) == expected_total > 0
    assert (activity.documents["on_time"], activity.documents["late"], activity.documents["unknown"]) == (1, 1, 0)
    assert (activity.questions_received, activity.questions_answered, activity.questions_late) == (2, 1, 1)
    # The parent's report is the sum of its subtree (the district has no content of its own).
    total = reports.subtree_activity(district, *reports.period_bounds("2026-Q1"))
    assert total.sites == 2 and total.documents == activity.documents
    assert total.questions_received == 2
    out = io.StringIO()
    call_command("compliance", "report", district.path, "--period", "2026-Q1", "--format", "csv", stdout=out)
    rows = {(row["section"], row["item"]): int(row["count"]) for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows[("documents", "late")] == 1 and rows[("questions", "received")] == 2
    assert sum(count for (section, _item), count in rows.items() if section == "publications") == expected_total
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("compliance", "report", district.path, "--period", "2026-Q9")
    assert NOW.date() < datetime.date(2026, 4, 1)


def test_the_console_report_page_and_csv(client, commune):
    from .console_helpers import HOST, console_staff, verified_login

    with tenant_context(commune):
        pages = build_compliant_site(commune)
        document(pages["documents"], datetime.date(2026, 2, 13), datetime.date(2026, 2, 25), number="05/QĐ-UBND")
    officer = verified_login(client, console_staff())
    url = f"/tuan-thu/{commune.path}/bao-cao/"
    page = officer.get(url, {"ky": "2026-Q1"}, **HOST)
    assert page.status_code == 200 and page.context["activity"].documents["late"] == 1
    assert "01/01/2026" in page.content.decode() and "31/03/2026" in page.content.decode()
    exported = officer.get(url, {"ky": "2026-Q1", "dinh-dang": "csv"}, **HOST)
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert {"section": "documents", "item": "late", "count": "1"}.items() <= rows[
        [r["item"] for r in rows].index("late")
    ].items()
    refused = officer.get(url, {"ky": "2026-Q9"}, **HOST)
    assert refused.status_code == 400 and "không hợp lệ" in refused.content.decode()
