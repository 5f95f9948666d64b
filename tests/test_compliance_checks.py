"""Compliance checks of crafted sites (issue 14): a fully compliant site, one missing sections,
documents posted late across Tết and on a compensatory Saturday, questions overdue or with a
progress notice in time, withdrawals, no EMC code, stale English; a site's deadline settings change
the verdict. Every test evaluates as of the fixed ``NOW`` of ``tests.compliance_helpers``."""

from __future__ import annotations

import datetime

import pytest
from django_tenants.utils import tenant_context

from compliance.findings import LATE, ON_TIME, UNKNOWN, Status
from compliance.services import evaluate_site
from sites.models import DocumentWithdrawal, WorkSchedulePage
from workdays.deadlines import deadlines_for, set_deadlines

from . import factories as f
from .compliance_helpers import NOW, at, build_compliant_site, document, posted, question, set_emc_code
from .localization_helpers import republish

D = datetime.date


@pytest.fixture(autouse=True)
def _backups_in_tmp(settings, tmp_path):
    settings.TENANT_BACKUP_ROOT = tmp_path / "backups"


def finding(report, code):
    return next(item for item in report.findings if item.code == code)


def item_statuses(report, code) -> list[tuple[str, str]]:
    return [(item.label, item.status) for item in finding(report, code).evidence]


@pytest.fixture
def compliant(commune):
    with tenant_context(commune):
        pages = build_compliant_site(commune)
    return commune, pages


def test_fully_compliant_site_has_no_missing_stale_or_late_duty(compliant):
    site, pages = compliant
    report = evaluate_site(site, NOW)
    problems = {
        f.code: (f.status, f.message)
        for f in report.findings
        if f.status not in (Status.PRESENT, Status.NOT_APPLICABLE)
    }
    assert problems == {}
    assert report.duties["D1"] == report.duties["D6"] == report.duties["D27"] == Status.PRESENT
    assert report.duties["D29"] == Status.NOT_APPLICABLE  # page speed: not checked per site yet
    assert report.score == 100.0
    # Evidence links to the page in public and to its edit form in this site's admin.
    intro = finding(report, "intro").evidence[0]
    host = site.primary_hostname
    assert intro.admin_url == f"http://{host}/admin/pages/{pages['intro'].pk}/edit/"
    assert intro.public_url.startswith(f"http://{host}/") and intro.public_url.endswith("/gioi-thieu/")


def test_site_without_content_misses_every_section(commune):
    report = evaluate_site(commune, NOW)
    missing = {f.code for f in report.findings if f.status == Status.MISSING}
    assert {
        "intro",
        "news",
        "direction",
        "weekly-schedule",
        "documents",
        "officials",
        "portal-contacts",
        "services",
        "questions-page",
        "english",
        "emc",
        "government-links",
        "backups",
    } <= missing
    assert finding(report, "documents-on-time").status == Status.NOT_APPLICABLE  # nothing to be late
    assert report.duties["D1"] == report.duties["D13"] == report.duties["D27"] == Status.MISSING
    assert report.score < 40
    # A missing section links to the site's admin, where it is added.
    assert finding(report, "news").evidence[0].admin_url == f"http://{commune.primary_hostname}/admin/"


def test_one_missing_section_and_an_old_schedule(compliant):
    site, pages = compliant
    with tenant_context(site):
        pages["news"].unpublish()  # the news index stays, empty
        WorkSchedulePage.objects.update(week_start=D(2026, 2, 23))
    report = evaluate_site(site, NOW)
    assert finding(report, "news").status == Status.MISSING
    assert finding(report, "news").message == "Chuyên mục chưa có nội dung."
    assert finding(report, "weekly-schedule").status == Status.STALE
    assert "02/03/2026" in finding(report, "weekly-schedule").message
    assert report.duties["D2"] == Status.MISSING and report.duties["D3"] == Status.STALE
    assert report.duties["D1"] == Status.PRESENT


def test_document_three_working_days_after_issue_across_tet_is_late(compliant):
    site, pages = compliant
    with tenant_context(site):
        # Issued Friday 13/02/2026; Tết closes 16–20/02; posted Wednesday 25/02 = 3 working days later.
        late = document(pages["documents"], D(2026, 2, 13), D(2026, 2, 25), number="05/QĐ-UBND")
        # Issued Thursday 08/01/2026; Saturday 10/01 is a compensatory working day: its 2nd working day.
        on_saturday = document(pages["documents"], D(2026, 1, 8), D(2026, 1, 10), number="02/QĐ-UBND")
    report = evaluate_site(site, NOW)
    check = finding(report, "documents-on-time")
    assert check.status == Status.LATE
    by_label = {item.label: item for item in check.evidence}
    assert by_label[late.title].status == LATE
    assert "hạn 24/02/2026" in by_label[late.title].detail and "đăng 25/02/2026" in by_label[late.title].detail
    assert by_label[on_saturday.title].status == ON_TIME
    assert "hạn 10/01/2026" in by_label[on_saturday.title].detail
    assert report.duties["D6"] == Status.LATE
    assert [item["label"] for item in report.late_items()] == [late.title]
    assert report.score < 100


def test_items_without_their_start_date_are_unknown_never_late(compliant):
    site, pages = compliant
    with tenant_context(site):
        news = posted(f.NewsPageFactory, D(2026, 3, 4), parent=pages["news"].get_parent(), title="Tin không rõ ngày")
    report = evaluate_site(site, NOW)
    check = finding(report, "news-on-time")
    assert check.status == Status.PRESENT
    assert (news.title, UNKNOWN) in item_statuses(report, "news-on-time")


def test_conference_counts_two_working_days_from_its_last_day(compliant):
    site, pages = compliant
    with tenant_context(site):
        index = pages["news"].get_parent()
        # Ended Friday 27/02; posted Tuesday 03/03 = 2nd working day: on time; as plain news it would be late.
        conference = posted(
            f.NewsPageFactory,
            D(2026, 3, 3),
            parent=index,
            title="Hội nghị tổng kết",
            event_kind="conference",
            event_date=D(2026, 2, 27),
        )
        news = posted(f.NewsPageFactory, D(2026, 3, 3), parent=index, title="Tin sự kiện", event_date=D(2026, 2, 27))
    statuses = dict(item_statuses(evaluate_site(site, NOW), "news-on-time"))
    assert statuses[conference.title] == ON_TIME and statuses[news.title] == LATE


def test_overdue_question_without_progress_notice_is_late_and_a_notice_in_time_is_not(compliant):
    site, _pages = compliant
    received = at(D(2026, 2, 2))  # Monday 02/02/2026: 15 working days (Tết skipped) end on Monday 02/03/2026
    with tenant_context(site):
        overdue = question(received, title="Quá hạn")
        notified = question(
            received,
            title="Đã báo tiến độ",
            status="progress",
            progress_note="Đang xác minh thực địa, sẽ trả lời trước ngày 20/03/2026.",
            progress_new_date=D(2026, 3, 20),
            progress_at=at(D(2026, 2, 27)),
        )
        no_date = question(
            received,
            title="Báo tiến độ không hẹn ngày",
            status="progress",
            progress_note="Đang xử lý.",
            progress_at=at(D(2026, 2, 27)),
        )
        promise_passed = question(
            received,
            title="Quá ngày đã hẹn",
            status="progress",
            progress_note="Sẽ trả lời trước 03/03/2026.",
            progress_new_date=D(2026, 3, 3),
            progress_at=at(D(2026, 2, 27)),
        )
        answered_late = question(
            received, title="Trả lời muộn", status="answered", answer="Trả lời.", answered_at=at(D(2026, 3, 3))
        )
        question(at(D(2026, 3, 3)), title="Còn trong hạn")  # not yet due: says nothing
    report = evaluate_site(site, NOW)
    statuses = {item.object: item.status for item in finding(report, "questions-in-time").evidence}
    assert statuses == {
        f"participation.question:{overdue.pk}": LATE,
        f"participation.question:{notified.pk}": ON_TIME,
        f"participation.question:{no_date.pk}": LATE,
        f"participation.question:{promise_passed.pk}": LATE,
        f"participation.question:{answered_late.pk}": LATE,
    }
    assert finding(report, "questions-in-time").status == Status.LATE
    assert report.duties["D16"] == Status.LATE
    by_object = {item.object: item for item in finding(report, "questions-in-time").evidence}
    evidence = by_object[f"participation.question:{overdue.pk}"]
    assert evidence.admin_url == f"http://{site.primary_hostname}/admin/cau-hoi/edit/{overdue.pk}/"
    assert evidence.detail == "hạn 02/03/2026, quá hạn không thông báo tiến độ"
    assert "hẹn trả lời 20/03/2026" in by_object[f"participation.question:{notified.pk}"].detail
    assert "không nêu thời hạn" in by_object[f"participation.question:{no_date.pk}"].detail


def test_withdrawal_within_four_hours_of_the_request(compliant):
    site, pages = compliant
    with tenant_context(site):
        page = pages["documents"].get_children().first().specific
        quick, slow, unknown = (
            DocumentWithdrawal.objects.create(
                page=page,
                username="truongban",
                reason="Sai sót",
                requesting_unit="Văn phòng",
                request_received_at=at(D(2026, 3, 2), 8),
            )
            for _ in range(3)
        )
        DocumentWithdrawal.objects.filter(pk=quick.pk).update(at=at(D(2026, 3, 2), 11))
        DocumentWithdrawal.objects.filter(pk=slow.pk).update(at=at(D(2026, 3, 2), 14))
        DocumentWithdrawal.objects.filter(pk=unknown.pk).update(at=at(D(2026, 3, 2), 14), request_received_at=None)
    report = evaluate_site(site, NOW)
    statuses = {item.object: item.status for item in finding(report, "withdrawals-in-time").evidence}
    assert statuses == {
        f"portal.documentwithdrawal:{quick.pk}": ON_TIME,
        f"portal.documentwithdrawal:{slow.pk}": LATE,
        f"portal.documentwithdrawal:{unknown.pk}": UNKNOWN,
    }
    set_deadlines({"withdrawal": 8}, site)  # this site's regulation allows 8 hours
    assert finding(evaluate_site(site, NOW), "withdrawals-in-time").status == Status.PRESENT


def test_no_emc_code_is_missing_with_a_link_to_the_console(compliant):
    site, _pages = compliant
    set_emc_code(site, "")
    report = evaluate_site(site, NOW)
    emc = finding(report, "emc")
    assert emc.status == Status.MISSING and report.duties["D27"] == Status.MISSING
    assert emc.evidence[0].admin_url.endswith(f"/don-vi/{site.path}/")


def test_stale_english_of_the_introduction(compliant):
    site, pages = compliant
    republish(site, pages["intro"].pk, summary="Số liệu dân số mới năm 2026.")
    report = evaluate_site(site, NOW)
    assert finding(report, "english").status == Status.STALE
    assert report.duties["D13"] == Status.STALE


def test_changing_a_sites_deadline_settings_changes_the_verdict(compliant, make_tenant, district):
    site, pages = compliant
    with tenant_context(site):
        # Issued Monday 02/03, posted Wednesday 04/03: 2 working days.
        page = document(pages["documents"], D(2026, 3, 2), D(2026, 3, 4), number="09/QĐ-UBND")
    assert dict(item_statuses(evaluate_site(site, NOW), "documents-on-time"))[page.title] == ON_TIME
    set_deadlines({"document": 1}, site)  # this commune posts documents within 1 working day
    assert deadlines_for(site).origins["document"] == "site"
    shown = {item.object: item.detail for item in finding(evaluate_site(site, NOW), "deadline-settings").evidence}
    assert shown["workdays.postingdeadline:document"] == "1 ngày làm việc (quy chế của trang)"
    assert shown["workdays.postingdeadline:withdrawal"] == "4 giờ (theo quy định)"
    assert dict(item_statuses(evaluate_site(site, NOW), "documents-on-time"))[page.title] == LATE
    set_deadlines({"document": None}, site)  # back to the province default …
    set_deadlines({"document": 0}, None)  # … which the province tightens to the same day
    assert deadlines_for(site).origins["document"] == "province"
    assert dict(item_statuses(evaluate_site(site, NOW), "documents-on-time"))[page.title] == LATE
    with tenant_context(site):
        page.posting_request_date = D(2026, 3, 4)  # sent by another body on the day it was posted
        page.save_revision().publish()
    assert dict(item_statuses(evaluate_site(site, NOW), "documents-on-time"))[page.title] == ON_TIME


def test_bad_deadline_settings_are_refused_and_nothing_changes(commune):
    with pytest.raises(ValueError):
        set_deadlines({"document": 1, "nonsense": 3}, commune)
    with pytest.raises(ValueError):
        set_deadlines({"document": -1}, commune)
    assert deadlines_for(commune).origins["document"] == "law"


def test_deadline_dates_are_editable_in_the_admin_and_empty_means_unknown(commune):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    from sites.models import NewsPage

    from .content_helpers import host, make_board, signed_in

    with tenant_context(commune):
        make_board()
        index = f.NewsIndexPageFactory()
        news = f.NewsPageFactory(parent=index, title="Khánh thành nhà văn hóa")
        forms = {
            news.pk: ("event_kind", "event_date"),
            f.LegalDocumentPageFactory(parent=f.LegalDocumentIndexPageFactory()).pk: ("posting_request_date",),
            f.ProjectPageFactory(parent=f.ProjectIndexPageFactory()).pk: ("approval_date",),
        }
        section = f.SectionIndexPageFactory(category="statistics")
        forms[f.StatisticsReportPageFactory(parent=section).pk] = ("publication_decided_date",)
        forms[f.ScienceProgrammePageFactory(parent=section).pk] = ("approval_date", "acceptance_date")
        forms[f.ArticlePageFactory(parent=section).pk] = ("law_issue_date", "approval_date")
    editor = signed_in(commune, "bientap")
    for page_id, fields in forms.items():
        html = editor.get(f"/admin/pages/{page_id}/edit/", HTTP_HOST=host(commune)).content.decode()
        assert all(f'name="{name}"' in html for name in fields), (page_id, fields)
    report = evaluate_site(commune, NOW)
    assert (news.title, UNKNOWN) in item_statuses(report, "news-on-time")

    data = nested_form_data(
        {
            "title": news.title,
            "slug": news.slug,
            "date": "2026-03-04 09:00",
            "event_kind": "event",
            "event_date": "2026-03-03",
            "source": news.source,
            "summary": news.summary,
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "contributors": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    response = editor.post(f"/admin/pages/{news.pk}/edit/", data, HTTP_HOST=host(commune))
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(commune):
        draft = NewsPage.objects.get(pk=news.pk).get_latest_revision_as_object()
    assert draft.event_date == D(2026, 3, 3)


def test_a_section_behind_a_view_restriction_is_not_public_so_missing(compliant):
    from wagtail.models import PageViewRestriction

    site, pages = compliant
    with tenant_context(site):
        PageViewRestriction.objects.create(page=pages["news"].get_parent(), restriction_type="login")
    report = evaluate_site(site, NOW)
    assert finding(report, "news").status == Status.MISSING
    assert finding(report, "news-on-time").status == Status.NOT_APPLICABLE
    assert finding(report, "intro").status == Status.PRESENT
