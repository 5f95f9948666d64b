"""Helpers shared by the localization tests: pages and translations inside a tenant's schema."""

from __future__ import annotations

from django_tenants.utils import tenant_context
from wagtail.models import Page, Site

from localization.services.translate import translate_page
from sites.models import HomePage


def home_page(tenant) -> HomePage:
    with tenant_context(tenant):
        return Site.objects.get(is_default_site=True).root_page.specific


def add_page(tenant, title: str, slug: str, intro: str = "", parent_id: int | None = None) -> HomePage:
    """A published Vietnamese page under the home page (HomePage is the only page type here)."""
    with tenant_context(tenant):
        parent = Page.objects.get(pk=parent_id) if parent_id else Site.objects.get(is_default_site=True).root_page
        page = parent.add_child(instance=HomePage(title=title, slug=slug, intro=intro))
        page.save_revision().publish()
        page.refresh_from_db()
        return page


def translate(tenant, page_id: int, texts: dict[str, str], translator=None) -> Page:
    with tenant_context(tenant):
        return translate_page(Page.objects.get(pk=page_id).specific, "en", texts, translator)


def republish(tenant, page_id: int, **changes) -> None:
    with tenant_context(tenant):
        page = Page.objects.get(pk=page_id).specific
        for name, value in changes.items():
            setattr(page, name, value)
        page.save_revision().publish()
