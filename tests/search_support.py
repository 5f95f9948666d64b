"""Helpers of the search tests: pages created through Wagtail's own API in a tenant schema."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from search import cache
from search.indexer import drain_all
from search.models import Entry
from search.service import SearchRequest, search


def add_page(
    tenant, title: str, intro: str = "", publish: bool = True, parent_id: int | None = None, slug: str | None = None
):
    """A HomePage child of the site's root (or of ``parent_id``) in ``tenant``, published or draft."""
    from wagtail.models import Page, Site

    from sites.models import HomePage

    with tenant_context(tenant):
        parent = Page.objects.get(pk=parent_id) if parent_id else Site.objects.get(is_default_site=True).root_page
        page = HomePage(title=title, intro=intro, slug=slug or f"p-{abs(hash((title, intro))) % 10**8}", live=False)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return page.pk


def run_page_action(tenant, page_id: int, action: str, **kwargs):
    """publish / unpublish / delete / move (kwargs: target_id) a page of ``tenant``."""
    from wagtail.models import Page

    with tenant_context(tenant):
        page = Page.objects.get(pk=page_id).specific
        if action == "publish":
            for name, value in kwargs.items():
                setattr(page, name, value)
            page.save_revision().publish()
        elif action == "unpublish":
            page.unpublish()
        elif action == "delete":
            page.delete()
        elif action == "move":
            page.move(Page.objects.get(pk=kwargs["target_id"]), pos="last-child")


def drain() -> dict:
    return drain_all()


def titles(request: SearchRequest) -> list[str]:
    return [hit.title for hit in search(request, use_cache=False).hits]


def entry_titles(tenant=None) -> set[str]:
    queryset = Entry.objects.all() if tenant is None else Entry.objects.filter(tenant=tenant)
    return set(queryset.values_list("title", flat=True))


@pytest.fixture
def fresh_search_cache():
    cache.bump_generation()
    yield
    cache.bump_generation()
