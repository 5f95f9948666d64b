"""Activity report as PDF and the month-by-month charts (issue 14 items 5 and 7): the PDF is produced
by the command and by the console (province IT, not a superuser), its text carries the Vietnamese
heading with diacritics and the figures; the monthly series equal counts made in the test."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context
from pypdf import PdfReader
from wagtail.models import Page

from compliance import reports, services, trends
from console.services import charts
from participation.models import Question

from .compliance_helpers import NOW, at, build_compliant_site, document, question
from .console_helpers import HOST, console_staff, verified_login


@pytest.fixture(autouse=True)
def _backups_in_tmp(settings, tmp_path):
    settings.TENANT_BACKUP_ROOT = tmp_path / "backups"


def _content(commune):
    with tenant_context(commune):
        pages = build_compliant_site(commune)
        document(pages["documents"], datetime.date(2026, 2, 13), datetime.date(2026, 2, 25), number="05/QĐ-UBND")
        question(at(datetime.date(2026, 1, 5)))  # never answered: late
        question(
            at(datetime.date(2026, 2, 2)),
            status=Question.Status.ANSWERED,
            answered_at=at(datetime.date(2026, 2, 10)),
            answer="Trả lời",
        )
        low, high = at(datetime.date(2026, 1, 1), 0), at(datetime.date(2026, 4, 1), 0)
        return Page.objects.live().filter(depth__gt=2, first_published_at__gte=low, first_published_at__lt=high).count()


def _text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_command_writes_a_pdf_with_vietnamese_text_and_the_figures(commune, district, tmp_path):
    expected_total = _content(commune)
    out = tmp_path / "bao-cao.pdf"
    call_command("compliance", "report", district.path, "--period", "2026-Q1", "--format", "pdf", "--output", out)
    text = _text(out.read_bytes())
    assert "Báo cáo hoạt động" in text and "Văn bản đã đăng" in text and "Hỏi đáp" in text
    assert "01/01/2026" in text and "31/03/2026" in text
    activity = reports.subtree_activity(district, *reports.period_bounds("2026-Q1"))
    assert sum(activity.publications.values()) == expected_total > 0
    assert (activity.questions_received, activity.questions_answered, activity.questions_late) == (2, 1, 1)
    for kind, _count in activity.publication_rows:
        assert kind in text.replace("\n", " ")


def test_the_console_offers_the_pdf_to_province_it(client, commune):
    _content(commune)
    officer = verified_login(client, console_staff("cntt_tinh"))
    url = f"/tuan-thu/{commune.path}/bao-cao/"
    page = officer.get(url, {"ky": "2026-Q1"}, **HOST)
    assert "dinh-dang=pdf" in page.content.decode()
    response = officer.get(url, {"ky": "2026-Q1", "dinh-dang": "pdf"}, **HOST)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "Báo cáo hoạt động" in _text(response.content)
    assert officer.get(url, {"ky": "2026-Q9", "dinh-dang": "pdf"}, **HOST).status_code == 400


def test_monthly_series_equal_independent_counts(commune):
    _content(commune)
    today = NOW.date()
    monthly = trends.site_trends(commune, today=today, months=3)
    assert [label for label, _value in monthly.publications] == ["01/2026", "02/2026", "03/2026"]
    with tenant_context(commune):
        for label, value in monthly.publications:
            month, year = (int(part) for part in label.split("/"))
            low = at(datetime.date(year, month, 1), 0)
            high = at(datetime.date(year + (month == 12), month % 12 + 1, 1), 0)
            count = Page.objects.live().filter(depth__gt=2, first_published_at__gte=low, first_published_at__lt=high)
            assert value == count.count()
    assert dict(monthly.questions_received) == {"01/2026": 1, "02/2026": 1, "03/2026": 0}
    assert dict(monthly.questions_answered) == {"01/2026": 0, "02/2026": 1, "03/2026": 0}
    assert dict(monthly.questions_late) == {"01/2026": 1, "02/2026": 0, "03/2026": 0}
    assert trends.month_starts(datetime.date(2026, 2, 15), 3) == [
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
    ]


def test_the_site_page_draws_publication_and_question_charts_with_tables(client, commune):
    _content(commune)
    services.refresh([commune], now=NOW)
    officer = verified_login(client, console_staff("cntt_tinh"))
    page = officer.get(f"/tuan-thu/{commune.path}/", **HOST)
    body = page.content.decode()
    assert page.status_code == 200 and body.count('<svg role="img"') == 4
    assert 'id="publications-chart-title"' in body and 'id="questions-chart-desc"' in body
    questions = page.context["questions_chart"]
    assert questions.names == ["Đã tiếp nhận", "Đã trả lời", "Quá hạn"]
    rows = dict(questions.rows)
    # The site page looks at the twelve months up to today: count the questions received in them.
    first = trends.month_starts(datetime.date.today())[0]
    with tenant_context(commune):
        received = Question.objects.filter(received_at__gte=at(first, 0)).count()
    assert len(rows) == 12 and sum(values[0] for values in rows.values()) == received
    assert "<script" not in body.split('id="questions-chart-caption"')[1].split("</figure>")[0]


def test_grouped_chart_geometry():
    chart = charts.grouped_chart(["a", "b"], [[("01", 2.0), ("02", 0.0)], [("01", 1.0), ("02", 5.0)]])
    assert chart.rows == [("01", [2.0, 1.0]), ("02", [0.0, 5.0])]
    assert chart.totals == [("a", 2.0), ("b", 6.0)]
    assert len(chart.bars) == 4 and chart.ticks[-1][0] == 5.0
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.series == 1 and tallest.y == pytest.approx(charts.TOP)
