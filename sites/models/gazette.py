"""Công báo (D6, province level): the gazette's issues, and the page that lists each issue with its documents.

A legal document is linked to the issue it was published in (``LegalDocumentPage.gazette_issue``, with the
page range); the register filters on it (``sites.services.legal``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.page_views import PageViews
from tenants.models import Tenant

from .base import PortalPage, plain_text


class GazetteIssue(models.Model):
    """One issue of the provincial gazette: its number (numbering restarts every year) and date."""

    number = models.PositiveIntegerField(_("số công báo"), help_text=_("Số của số công báo trong năm, ví dụ: 15"))
    date = models.DateField(_("ngày phát hành"), db_index=True)
    year = models.PositiveSmallIntegerField(_("năm"), editable=False, db_index=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    panels = [FieldRowPanel([FieldPanel("number"), FieldPanel("date")]), FieldPanel("note")]

    class Meta:
        ordering = ["-date", "-number"]
        verbose_name = _("số công báo")
        verbose_name_plural = _("công báo")
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="portal_gazette_issue_year_number")]

    def __str__(self) -> str:
        return _("Số %(number)s/%(year)s (%(date)s)") % {
            "number": self.number,
            "year": self.year or (self.date.year if self.date else ""),
            "date": self.date.strftime("%d/%m/%Y") if self.date else "",
        }

    def save(self, *args, **kwargs):
        self.year = self.date.year
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.number is not None and self.number < 1:
            raise ValidationError({"number": _("Số công báo phải từ 1 trở lên.")})
        if self.date is None:
            return
        self.year = self.date.year
        taken = GazetteIssue.objects.filter(year=self.year, number=self.number).exclude(pk=self.pk)
        if self.number is not None and taken.exists():
            raise ValidationError(
                {
                    "number": _("Năm %(year)s đã có số công báo %(number)s: mỗi số chỉ được dùng một lần trong năm.")
                    % {"year": self.year, "number": self.number}
                }
            )


def is_province_site() -> bool:
    """True when the current schema is a province portal (the gazette is published at province level)."""
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "kind", None) == Tenant.Kind.PROVINCE


class GazettePage(PortalPage):
    """Công báo: the issues of the gazette, newest first (filter by year), each with its documents and their
    summaries (trích yếu). Created under the home page of a province portal only."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "sites/gazette_page.html"

    page_views = PageViews("portal.GazettePage")

    class Meta:
        verbose_name = _("công báo")

    @classmethod
    def can_create_at(cls, parent) -> bool:
        return super().can_create_at(parent) and is_province_site()

    def summary_text(self) -> str:
        return self.search_description or plain_text(self.intro)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.page_views.call("issues", self, request, context)  # sites.views: the issues and their documents
        return context
