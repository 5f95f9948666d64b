"""The home page of a site (province portal, district, commune or agency)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .base import PortalPage, plain_text
from .news import NewsPage


class HomePage(PortalPage):
    """Home page: introduction, latest news, component sites (D28), public-service results (D15)."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    template = "sites/home_page.html"
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("trang chủ")

    def summary_text(self) -> str:
        return self.search_description or plain_text(self.intro)

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
