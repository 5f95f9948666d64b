"""The home page of a site (province portal, district, commune or agency)."""

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

    def latest_news(self, limit: int = 5):
        return NewsPage.objects.live().public().descendant_of(self).order_by("-date")[:limit]
