"""Abstract base of the content app's page types (the page contract of ``core.page_contract``) and
the text helpers they share: rich text and StreamField as plain text, pagination of index pages."""

from __future__ import annotations

from html import unescape

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from core.page_contract import PortalPageMixin

INDEX_PAGE_SIZE = 10


def plain_text(html: str | None) -> str:
    """Rich text → plain text (tags stripped, entities decoded, whitespace collapsed)."""
    return " ".join(unescape(strip_tags(html or "")).split())


def stream_text(page: Page, field_name: str) -> str:
    field = page._meta.get_field(field_name)
    value = getattr(page, field_name)
    if not isinstance(field, StreamField) or not value:
        return ""
    return plain_text(" ".join(str(part) for part in field.get_searchable_content(value)))


def paginate(request, items, per_page: int = INDEX_PAGE_SIZE):
    """The requested page of ``items`` (invalid or out-of-range numbers give the first/last page)."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class PortalPage(PortalPageMixin, Page):
    """Common behaviour of the portal's pages (abstract: adds no table); the contract itself is
    ``core.page_contract.PortalPageMixin``, shared with the pages of citizen interaction."""

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """Wagtail's routing, one query per level instead of two: which child a slug names (its id
        and type) is kept with the site's fragments (``pagecache.fragments``: any page written on
        the site makes it stale), and the child is loaded as its specific type at once — checked
        to still be this page's child under that slug, else Wagtail's own lookup answers."""
        if path_components:
            child = self._child_by_slug(path_components[0])
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def _child_by_slug(self, slug: str) -> Page | None:
        from django.contrib.contenttypes.models import ContentType

        from pagecache.fragments import site_fragment

        found = site_fragment(
            f"child:{self.pk}:{slug}",
            lambda: self.get_children().filter(slug=slug).values_list("pk", "content_type_id").first(),
        )
        if not found:
            return None
        model = ContentType.objects.get_for_id(found[1]).model_class()
        if model is None:
            return None
        return model._default_manager.filter(
            pk=found[0], slug=slug, depth=self.depth + 1, path__startswith=self.path
        ).first()


class SuppliedSection(models.Model):
    """A section that names the unit responsible for supplying its content (the boards' regulations:
    each unit supplies given sections); shown under the section's title."""

    supplying_unit = models.CharField(
        _("đơn vị cung cấp thông tin"),
        max_length=255,
        blank=True,
        help_text=_("Đơn vị có trách nhiệm cung cấp thông tin cho chuyên mục này, theo quy chế của Ban Biên tập."),
    )

    supplying_panels = [FieldPanel("supplying_unit")]

    class Meta:
        abstract = True
