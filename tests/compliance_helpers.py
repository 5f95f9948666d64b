"""Crafted sites of the compliance tests (issue 14): every required section with content posted on
time, as of a fixed ``NOW`` (so the tests do not depend on the day they run), and the pieces the
tests take away or add (late items, questions, withdrawals). Call inside ``tenant_context``."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.conf import settings
from wagtail.models import Site

from participation.models import Question, VisitDay
from sites.models import PortalSettings
from sites.models.legal import LegalDocumentFile
from tenants.models import Tenant
from tenants.services.retirement import MANIFEST

from . import factories as f
from .localization_helpers import translate

TZ = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=TZ)  # a Wednesday; its week starts on 2 March 2026


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def posted(factory, day: datetime.date, **fields):
    """A page first published on ``day`` (9:00 in Vietnam)."""
    return factory(first_published_at=at(day), **fields)


def document(index, issue_date: datetime.date, posted_on: datetime.date, **fields):
    """A legal document with a downloadable PDF, issued and posted on the given days."""
    page = posted(f.LegalDocumentPageFactory, posted_on, parent=index, issue_date=issue_date, **fields)
    LegalDocumentFile.objects.create(page=page, document=f.DocumentFactory(), label="Toàn văn")
    return page


def set_emc_code(tenant, code: str) -> None:
    Tenant.objects.filter(pk=tenant.pk).update(emc_code=code)
    tenant.emc_code = code


def write_backup(tenant) -> None:
    """A backup folder of ``tenant`` as ``tenants.services.backups`` lays it out (manifest only)."""
    folder = Path(settings.TENANT_BACKUP_ROOT) / tenant.path / "20260304T010000Z"  # 08:00 on NOW's day
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(json.dumps({"path": tenant.path}), encoding="utf-8")


def build_compliant_site(tenant) -> dict:
    """Every section the checks ask for, with content posted within the default deadlines as of NOW.
    Returns the pages the tests refer to by name."""
    day = NOW.date()
    monday = day - datetime.timedelta(days=day.weekday())
    home = Site.objects.get(is_default_site=True).root_page
    pages = {}
    pages["intro"] = f.IntroductionPageFactory()
    directory = f.ContactDirectoryPageFactory()
    f.OfficialFactory(page=directory)
    directory.save_revision().publish()
    pages["directory"] = directory
    news_index = f.NewsIndexPageFactory()
    pages["news"] = posted(f.NewsPageFactory, day, parent=news_index, event_date=datetime.date(2026, 3, 3))
    direction = f.SectionIndexPageFactory(title="Chỉ đạo, điều hành", slug="chi-dao", category="direction")
    posted(f.ArticlePageFactory, day, parent=direction, title="Ý kiến chỉ đạo")
    schedule = f.WorkSchedulePageFactory(parent=direction, week_start=monday)
    f.ScheduleEntryFactory(page=schedule, day=monday)
    law = f.SectionIndexPageFactory(title="Phổ biến pháp luật", slug="pho-bien", category="law")
    posted(f.ArticlePageFactory, day, parent=law, topic="law_guidance", law_issue_date=datetime.date(2026, 2, 25))
    plans = f.SectionIndexPageFactory(title="Quy hoạch, kế hoạch", slug="quy-hoach", category="plans")
    posted(f.ArticlePageFactory, day, parent=plans, topic="planning", approval_date=datetime.date(2026, 2, 26))
    pages["documents"] = f.LegalDocumentIndexPageFactory()
    document(pages["documents"], datetime.date(2026, 3, 3), day)
    projects = f.ProjectIndexPageFactory()
    posted(f.ProjectPageFactory, day, parent=projects, approval_date=datetime.date(2026, 2, 27))
    consultations = f.ConsultationIndexPageFactory()
    f.ConsultationPageFactory(
        parent=consultations, open_at=NOW - datetime.timedelta(days=3), close_at=NOW + datetime.timedelta(days=20)
    )
    science = f.SectionIndexPageFactory(title="Đề tài khoa học", slug="khoa-hoc", category="science")
    posted(
        f.ScienceProgrammePageFactory,
        day,
        parent=science,
        acceptance_date=datetime.date(2026, 2, 16) - datetime.timedelta(days=3),
    )
    statistics = f.SectionIndexPageFactory(title="Thống kê", slug="thong-ke", category="statistics")
    posted(f.StatisticsReportPageFactory, day, parent=statistics, publication_decided_date=datetime.date(2026, 3, 2))
    services = f.ServiceIndexPageFactory()
    f.ServicePageFactory(parent=services)
    f.QuestionIndexPageFactory()
    disclosure = f.SectionIndexPageFactory(title="Công khai", slug="cong-khai", category="disclosure")
    posted(f.ArticlePageFactory, day, parent=disclosure, topic="annual_plan")
    f.GovernmentLinkFactory()
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.editorial_board, settings.address = "Ban Biên tập", "Trụ sở UBND xã"
    settings.phone, settings.email = "0210 3 856 123", "bbt@example.gov.vn"
    settings.save()
    VisitDay.objects.create(date=day - datetime.timedelta(days=1), visits=120)
    for key in ("intro", "directory"):
        translate(tenant, pages[key].pk, {})
    set_emc_code(tenant, "EMC-SONHUNG-001")
    write_backup(tenant)
    pages["home"] = home
    return pages


def question(received: datetime.datetime, **fields) -> Question:
    data = {
        "asker_name": "Nguyễn Văn An",
        "asker_address": "Khu 3, xã Sơn Hùng",
        "topic": "Đất đai",
        "title": "Cấp giấy chứng nhận",
        "body": "Thủ tục thế nào?",
        "received_at": received,
    }
    return Question.objects.create(**{**data, **fields})
