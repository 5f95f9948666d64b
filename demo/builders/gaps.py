"""Demo: the compliance dashboard shows every status (issue 14 item 9). The other builders post
everything within its deadline, so most demo sites meet their duties; this builder sets each site's
EMC monitoring code and then breaks a few duties on purpose:

* Xã Xuân Sơn — no EMC code (D27), its science and statistics sections unpublished (D11, D12 missing);
* Xã Sơn Vi — a document posted late across the National Day holiday (D6, counted in working days
  with the province calendar) and a question overdue (D16);
* Xã Văn Bán — a question overdue (D16).

The English gaps (two sites untranslated, one stale) are made by ``english``. Idempotent like the others.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Page, Site

from participation.models import Question, QuestionIndexPage
from participation.services import questions as qa
from sites.models import LegalDocumentPage
from tenants.models import Tenant
from workdays.deadlines import DeadlineKind, deadlines_for
from workdays.services import add_working_days, is_working_day

from ..province import DemoSite

NO_EMC_CODE = {"xuanson"}
UNPUBLISHED_SECTIONS = {"xuanson": ("khoa-hoc-cong-nghe", "thong-ke")}
LATE_DOCUMENT = {"sonvi": "nq-an-toan-giao-thong"}
OVERDUE_QUESTION = {"sonvi", "vanban"}
OVERDUE = {
    "asker_kind": "individual",
    "asker_name": "Lê Văn Bình",
    "asker_address": "Thôn Đồng Măng",
    "topic": "Nông nghiệp",
    "title": "Hỗ trợ giống cây trồng sau lũ",
    "body": "Ruộng nhà tôi bị ngập sau đợt lũ vừa qua. Xin hỏi xã có chính sách hỗ trợ giống lúa vụ sau không?",
}


def compliance_gaps(tenant: Tenant, site: DemoSite) -> None:
    _emc_code(tenant, site)
    for slug in UNPUBLISHED_SECTIONS.get(site.slug, ()):
        _unpublish_section(slug)
    if site.slug in LATE_DOCUMENT:
        _post_late_across_a_holiday(tenant, LATE_DOCUMENT[site.slug])
    if site.slug in OVERDUE_QUESTION:
        _overdue_question()


def _emc_code(tenant: Tenant, site: DemoSite) -> None:
    code = "" if site.slug in NO_EMC_CODE else f"EMC-PHUTHO-{site.slug.upper()}"
    if tenant.emc_code != code:
        Tenant.objects.filter(pk=tenant.pk).update(emc_code=code)
        tenant.emc_code = code


def _home() -> Page:
    return Site.objects.get(is_default_site=True).root_page


def _unpublish_section(slug: str) -> None:
    section = _home().get_children().filter(slug=slug, live=True).first()
    if section is not None:
        for page in section.get_descendants(inclusive=True).live().specific().order_by("-depth"):
            page.unpublish()


def last_weekday_holiday(today: datetime.date) -> datetime.date:
    """The latest public holiday falling on a weekday more than a month before ``today``."""
    day = today - datetime.timedelta(days=31)
    while is_working_day(day) or day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _post_late_across_a_holiday(tenant: Tenant, slug: str) -> None:
    """The document issued on the last working day before a holiday and posted one working day after
    its deadline: late, although the holiday makes the gap look longer than it counts."""
    holiday = last_weekday_holiday(timezone.localdate())
    issued = holiday - datetime.timedelta(days=1)
    while not is_working_day(issued):
        issued -= datetime.timedelta(days=1)
    due = deadlines_for(tenant).due_date(DeadlineKind.DOCUMENT, issued)
    posted = timezone.make_aware(datetime.datetime.combine(add_working_days(due, 1), datetime.time(10)))
    page = LegalDocumentPage.objects.filter(slug=slug).first()
    if page is None or (page.issue_date == issued and page.first_published_at == posted):
        return
    page.issue_date = page.effective_date = issued
    page.save_revision().publish()
    Page.objects.filter(pk=page.pk).update(first_published_at=posted)


def _overdue_question() -> None:
    if Question.objects.filter(title=OVERDUE["title"]).exists():
        return
    index = QuestionIndexPage.objects.live().first()
    received = timezone.now() - datetime.timedelta(days=30)  # 15 working days are past, no progress notice
    qa.submit_question(index, OVERDUE, received_at=received)
