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


@pytest.fixture
def search_sites(province, district, commune, fresh_search_cache):
    """The sites every search test starts from — province Phú Thọ → district Thanh Sơn → commune Sơn Hùng — by
    role; a test adds its own (``make_tenant``) and publishes its pages with ``index_pages``."""
    return {"province": province, "district": district, "commune": commune}


def index_pages(sites: dict, pages: list[tuple[str, str, str]]) -> dict:
    """Publish each (site role, title, intro) as a page of that site, drain them all into the aggregate; ``sites``."""
    for role, title, intro in pages:
        add_page(sites[role], title, intro)
    drain()
    return sites


def add_service(
    tenant,
    title: str,
    code: str,
    summary: str = "",
    slug: str | None = None,
    sector: str = "Hộ tịch",
    level: str = "full",
) -> int:
    """A published public service (``ServicePage``, with its index) of ``tenant``: national procedure ``code``
    of ``sector``, ``level`` (``ServiceLevel``) online."""
    from wagtail.models import Site

    from sites.models import Sector, ServiceIndexPage, ServicePage

    with tenant_context(tenant):
        home = Site.objects.get(is_default_site=True).root_page
        index = ServiceIndexPage.objects.child_of(home).first()
        if index is None:
            index = ServiceIndexPage(title="Dịch vụ công trực tuyến", slug="dich-vu-cong")
            home.add_child(instance=index)
            index.save_revision().publish()
        sector_row, _created = Sector.objects.get_or_create(name=sector, locale=home.locale)
        service = ServicePage(
            title=title,
            slug=slug or f"dv-{abs(hash((title, code))) % 10**8}",
            code=code,
            sector=sector_row,
            level=level,
            summary=summary,
            agency=tenant.name,
            processing_time="03 ngày làm việc",
            required_documents="<p>Tờ khai theo mẫu.</p>",
            guidance="<p>Nộp hồ sơ trực tiếp hoặc trực tuyến.</p>",
        )
        index.add_child(instance=service)
        service.save_revision().publish()
        return service.pk
