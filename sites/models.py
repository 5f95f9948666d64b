"""Page types shared by every tenant (home page; the other content types join here)."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """Home page of a site (province portal, district, commune or agency)."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    template = "sites/home_page.html"

    class Meta:
        verbose_name = _("trang chủ")
