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


def test_the_report_counts_sections_participation_dossiers_visits_ratings_english_and_people(commune, district):
    from participation.models import ConsultationComment, SiteRating, VisitDay
    from sites.models import DossierStatistics

    from . import factories as f

    with tenant_context(commune):
        pages = build_compliant_site(commune)  # posted on 4 March 2026 (Q1), a visit day on 3 March
        consultation = Page.objects.type(f.ConsultationPageFactory._meta.model).first().specific
        for day, status in ((5, "approved"), (6, "pending"), (40, "approved")):  # 40 days on: April
            ConsultationComment.objects.create(
                consultation=consultation,
                name="Trần Thị Bình",
                contact="binh@example.vn",
                body="Góp ý",
                status=status,
                submitted_at=at(datetime.date(2026, 1, 1) + datetime.timedelta(days=day + 60)),
            )
        service = Page.objects.type(f.ServicePageFactory._meta.model).first().specific
        f.DossierStatisticsFactory(service=service)  # January: 12 received, 10 processed
        f.DossierStatisticsFactory(
            service=service, period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2026, 4, 30)
        )
        VisitDay.objects.create(date=datetime.date(2026, 4, 2), visits=999)  # the next quarter
        for scores in ((5, 4, 4, 3), (4, 4, 5, 5)):
            SiteRating.objects.create(
                **dict(zip(("interface", "content", "quality", "support"), scores, strict=True)), submitted_at=NOW
            )
        low, high = at(datetime.date(2026, 1, 1), 0), at(datetime.date(2026, 4, 1), 0)
        in_quarter = Page.objects.live().filter(depth__gt=2, first_published_at__gte=low, first_published_at__lt=high)
        expected_sections = {}
        for page in in_quarter:
            section = page if page.depth == 3 else page.get_ancestors().get(depth=3)
            expected_sections[section.title] = expected_sections.get(section.title, 0) + 1
        expected_visits = sum(
            VisitDay.objects.filter(date__lt=datetime.date(2026, 4, 1)).values_list("visits", flat=True)
        )
        january = DossierStatistics.objects.get(period_end=datetime.date(2026, 1, 31))
    activity = reports.site_activity(commune, *reports.period_bounds("2026-Q1"))
    assert dict(activity.sections) == expected_sections and pages["documents"].title in activity.sections
    assert (activity.comments["received"], activity.comments["published"]) == (2, 1)
    assert activity.consultations["opened"] == activity.consultations["closed"] == 1  # 1 to 24 March
    assert activity.dossiers["received"] == january.received and activity.dossiers["processed"] == january.processed
    assert activity.visits == expected_visits == 120
    assert activity.ratings == 2 and activity.rating_totals["interface"] == 9
    assert activity.rating_rows[0][1] == "4,50" and activity.rating_rows[3][1] == "4,00"
    assert activity.english_required >= 2 and activity.english_ok == 2  # D1 and D9 translated by the helper
    assert sum(activity.people.values()) == in_quarter.count()  # no contributors recorded: the owners
    # Contributors recorded on one item: each person counted once for it, the supplying unit apart.
    with tenant_context(commune):
        from contributors.models import Contributor

        credited = in_quarter.order_by("pk").first()
        for role, name in (("author", "Lò Thị Mai"), ("photographer", "Lò Thị Mai"), ("supplier", "Phòng Văn hóa")):
            Contributor.objects.create(page=credited, role=role, name=name)
    credited_activity = reports.site_activity(commune, *reports.period_bounds("2026-Q1"))
    assert credited_activity.people["Lò Thị Mai"] == 1 and dict(credited_activity.units) == {"Phòng Văn hóa": 1}
    assert sum(credited_activity.people.values()) == in_quarter.count()
    # A parent's report sums its subtree; the printable page and the PDF's HTML show every section.
    total = reports.subtree_activity(district, *reports.period_bounds("2026-Q1"))
    assert total.ratings == 2 and total.rating_rows[0][1] == "4,50" and total.visits == 120
    out = io.StringIO()
    call_command("compliance", "report", commune.path, "--period", "2026-Q1", "--format", "csv", stdout=out)
    rows = {(row["section"], row["item"]): int(row["count"]) for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows[("comments", "received")] == 2 and rows[("dossiers", "on_time")] == january.on_time
    assert rows[("visitors", "visits")] == 120 and rows[("ratings", "support_total")] == 8
    assert rows[("english", "ok")] == 2
    assert rows[("sections", pages["documents"].title)] == expected_sections[pages["documents"].title]


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
    for heading in ("theo chuyên mục", "Lấy ý kiến dự thảo", "hồ sơ dịch vụ công", "Lượt truy cập", "tiếng Anh"):
        assert heading in page.content.decode()
    exported = officer.get(url, {"ky": "2026-Q1", "dinh-dang": "csv"}, **HOST)
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert {"section": "documents", "item": "late", "count": "1"}.items() <= rows[
        [r["item"] for r in rows].index("late")
    ].items()
    refused = officer.get(url, {"ky": "2026-Q9"}, **HOST)
    assert refused.status_code == 400 and "không hợp lệ" in refused.content.decode()
