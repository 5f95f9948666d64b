"""The home page of a site (province portal, district, commune or agency): an introduction and the
board's blocks (``sites.blocks.HomeBodyBlock``), each reading its content through a method here."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..blocks import HomeBodyBlock
from .articles import ScheduleEntry, WorkSchedulePage
from .base import PortalPage, plain_text
from .legal import DocumentStatus, LegalDocumentIndexPage, LegalDocumentPage
from .news import NewsPage
from .public_services import ServiceIndexPage


class HomePage(PortalPage):
    """Home page: introduction, then the blocks the board orders, adds and removes — news, documents,
    the week's schedule, consultations, answers, online services (D15), component sites (D28),
    government links (D14), video, banners (issue 16 item 1)."""

    intro = RichTextField(_("giới thiệu"), blank=True)
    body = StreamField(
        HomeBodyBlock(),
        verbose_name=_("các khối trang chủ"),
        blank=True,
        help_text=_("Thêm, bớt và sắp xếp các khối hiển thị trên trang chủ."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    template = "sites/home_page.html"
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("trang chủ")

    def summary_text(self) -> str:
        return self.search_description or plain_text(self.intro)

    def _source_home(self) -> Page | None:
        """The source-language home of a translated home (``None`` on the source one)."""
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return None
        return self.get_translations().filter(locale__language_code=settings.LANGUAGE_CODE).first()

    def latest_news(self, limit: int = 5) -> list[NewsPage]:
        """The newest news of this home's language; a translated home (English) that has fewer than
        ``limit`` of its own is filled up with the newest untranslated news of the source language,
        which the template marks as such (``lang``), rather than saying there is no news."""
        own = list(
            NewsPage.objects.live().public().descendant_of(self).select_related("lead_image").order_by("-date")[:limit]
        )
        if len(own) >= limit or translation.get_language() == settings.LANGUAGE_CODE:
            return own  # the source language's home: nothing to fill (and no query more)
        source = self.get_translations().filter(locale__language_code=settings.LANGUAGE_CODE).first()
        if source is None:
            return own
        untranslated = (
            NewsPage.objects.live()
            .public()
            .descendant_of(source)
            .exclude(translation_key__in=NewsPage.objects.filter(locale=self.locale).values("translation_key"))
            .select_related("locale", "lead_image")
            .order_by("-date")[: limit - len(own)]
        )
        return sorted([*own, *untranslated], key=lambda page: page.date, reverse=True)

    def chosen_news(self, page_ids: list[int]) -> list[NewsPage]:
        """The news the board chose, in its order, those still live and public (one query)."""
        found = NewsPage.objects.live().public().filter(pk__in=page_ids).select_related("locale", "lead_image")
        by_id = {page.pk: page for page in found}
        return [by_id[pk] for pk in page_ids if pk in by_id]

    def latest_documents(self, limit: int = 5) -> tuple[list[LegalDocumentPage], LegalDocumentIndexPage | None]:
        """The newest documents of the site's register (by issue date, withdrawn ones left out) and
        the register itself; a translated home without documents of its own shows the source ones."""
        for home in (self, self._source_home()):
            if home is None:
                continue
            documents = list(
                LegalDocumentPage.objects.live()
                .public()
                .descendant_of(home)
                .exclude(status=DocumentStatus.WITHDRAWN)
                .select_related("doc_type", "issuing_body")
                .order_by("-issue_date", "-pk")[:limit]
            )
            if documents:
                return documents, LegalDocumentIndexPage.objects.live().descendant_of(home).first()
        return [], None

    def week_schedule(
        self, today: datetime.date | None = None
    ) -> tuple[WorkSchedulePage | None, list[tuple[datetime.date, list[ScheduleEntry]]]]:
        """This week's work schedule (the one starting on this Monday) and its entries by day, in one
        query (the entries with their page); a translated home falls back to the source one's."""
        today = today or timezone.localdate()
        monday = today - datetime.timedelta(days=today.weekday())
        for home in (self, self._source_home()):
            if home is None:
                continue
            pages = WorkSchedulePage.objects.live().public().descendant_of(home).filter(week_start=monday)
            entries = list(
                ScheduleEntry.objects.filter(page__in=pages)
                .select_related("page")
                .order_by("day", "time", "sort_order")
            )
            if entries:
                grouped: dict[datetime.date, list[ScheduleEntry]] = {}
                for entry in entries:
                    grouped.setdefault(entry.day, []).append(entry)
                return entries[0].page, list(grouped.items())
        return None, []

    def service_index(self) -> ServiceIndexPage | None:
        """The site's list of administrative procedures, if it has one."""
        found = ServiceIndexPage.objects.live().public().descendant_of(self).first()
        if found is None and (source := self._source_home()) is not None:
            found = ServiceIndexPage.objects.live().public().descendant_of(source).first()
        return found
