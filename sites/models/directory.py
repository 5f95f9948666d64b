"""Officials' contacts (D9) and links to other government sites (D14)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.kinds import Kind

from .base import PortalPage, plain_text


class ContactDirectoryPage(PortalPage):
    """Danh bạ: name, position, unit, phone/fax and official email of each official (D9)."""

    english_duty = "D9"
    search_kind = Kind.CONTACT

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), InlinePanel("officials", label=_("cán bộ"))]
    template = "sites/contact_directory_page.html"

    class Meta:
        verbose_name = _("danh bạ cán bộ")

    def summary_text(self) -> str:
        return self.search_description or plain_text(self.intro)

    def body_text(self) -> str:
        return " ".join(f"{o.name} {o.position} {o.unit} {o.phone} {o.email}" for o in self.officials.all())

    def units(self) -> list[tuple[str, list[Official]]]:
        grouped: dict[str, list[Official]] = {}
        for official in self.officials.all():
            grouped.setdefault(official.unit, []).append(official)
        return list(grouped.items())


class Official(TranslatableMixin, Orderable):
    page = ParentalKey(ContactDirectoryPage, on_delete=models.CASCADE, related_name="officials")
    name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=200)
    unit = models.CharField(_("đơn vị"), max_length=200)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử công vụ"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("position"),
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("fax")]),
        FieldPanel("email"),
    ]
    override_translatable_fields = [
        TranslatableField("position"),
        TranslatableField("unit"),
        SynchronizedField("name"),
        SynchronizedField("phone"),
        SynchronizedField("fax"),
        SynchronizedField("email"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")

    def __str__(self) -> str:
        return f"{self.name} — {self.position}"


class LinksPage(PortalPage):
    """Liên kết website: the parent portal (automatic), component sites and other government sites."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    template = "sites/links_page.html"

    class Meta:
        verbose_name = _("trang liên kết")

    def summary_text(self) -> str:
        return self.search_description or plain_text(self.intro)
