"""Template tags of the portal layout: navigation, tenant-tree links, EMC badge, Dublin Core, widgets."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django import template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Locale, Page, Site

from core.page_contract import publication_day
from pagecache.fragments import site_fragment, site_fragments

from .. import tenancy
from ..models import GovernmentLink, PortalSettings
from ..services.dossiers import dossier_summary

register = template.Library()


def _site_root(request, localized: bool = True) -> Page | None:
    site = Site.find_for_request(request) if request is not None else None
    if site is None or site.root_page is None:
        return None
    if not localized:
        return site.root_page
    found = getattr(request, "_localized_site_root", None)  # asked by several tags of one render
    if found is None or found[0] != translation.get_language():
        found = (translation.get_language(), site.root_page.localized)
        request._localized_site_root = found
    return found[1]


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    active: bool


@dataclass(frozen=True)
class Menu:
    main: list[MenuItem]
    more: list[MenuItem]


@register.simple_tag(takes_context=True)
def main_menu(context) -> Menu:
    """The home page's sections in the current language: those the board shows in menus first, then
    under "more sections" every other live section, so that each section the site has — the legally
    required ones included (D1–D16) — is one click from every page. ``active`` marks the current branch."""
    request = context.get("request")
    root = _site_root(request)
    if root is None:
        return Menu([], [])
    current = context.get("page")
    current_path = getattr(current, "path", "") or ""

    def build() -> list[tuple[str, str, str, bool]]:
        return [
            (item.title, item.get_url(request), item.path, item.show_in_menus)
            for item in root.get_children().live().public().order_by("path")
        ]

    items = site_fragment(f"menu:{_host(request)}:{root.pk}", build)
    entries = [(MenuItem(title, url, current_path.startswith(path)), shown) for title, url, path, shown in items]
    return Menu([item for item, shown in entries if shown], [item for item, shown in entries if not shown])


def _host(request) -> str:
    """What a cached fragment with URLs depends on: scheme, host and language."""
    return f"{request.scheme}://{request.get_host().lower()}:{translation.get_language()}"


@register.simple_tag(takes_context=True)
def site_home(context) -> Page | None:
    return _site_root(context.get("request"))


@register.simple_tag(takes_context=True)
def parent_portal(context) -> tenancy.SiteLink | None:
    request = context.get("request")
    return tenancy.parent_portal(getattr(request, "tenant", None))


@register.simple_tag(takes_context=True)
def component_sites(context) -> list[tenancy.SiteLink]:
    request = context.get("request")
    return tenancy.component_sites(getattr(request, "tenant", None))


@register.simple_tag(takes_context=True)
def emc_badge(context) -> SafeString:
    request = context.get("request")
    nonce = str(request.csp_nonce) if hasattr(request, "csp_nonce") else ""  # lazy: falsy until read
    return tenancy.emc_badge(getattr(getattr(request, "tenant", None), "emc_code", ""), nonce)


@register.simple_tag(takes_context=True)
def portal_contacts(context) -> dict[str, str]:
    """The editorial board's contacts (D10) for the footer, in the page's language."""
    request = context.get("request")
    if request is None or Site.find_for_request(request) is None:
        return {}
    language = translation.get_language()
    return site_fragment(f"contacts:{_host(request)}", lambda: PortalSettings.for_request(request).contacts(language))


@register.simple_tag
def government_links() -> list:
    """Links to other government sites (D14) in the active language, else in the default one."""
    return site_fragment(f"government-links:{translation.get_language()}", _government_links)


def _government_links() -> list:
    links = GovernmentLink.objects.none()
    try:
        links = GovernmentLink.objects.filter(locale=Locale.get_active())
    except Locale.DoesNotExist:
        pass
    return list(links) or list(GovernmentLink.objects.filter(locale=Locale.get_default()))


@register.simple_tag(takes_context=True)
def dublin_core(context) -> dict[str, str]:
    """Dublin Core elements of the current page (D26), also read by the Open Graph tags; works on
    non-page views too. A view that shows one item under its page's URL (a question under the Q&A
    page) names that item in ``dc_overrides`` (title, description, canonical, date)."""
    elements = _dublin_core(context)
    elements.update(context.get("dc_overrides") or {})
    elements["identifier"] = elements["canonical"] or elements["identifier"]
    elements["og_locale"] = OPEN_GRAPH_LOCALES.get(elements["language"], "vi_VN")
    elements["site_name"] = getattr(getattr(context.get("request"), "tenant", None), "name", "") or ""
    return elements


OPEN_GRAPH_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def _dublin_core(context) -> dict[str, str]:
    request = context.get("request")
    page = context.get("page") or context.get("self")
    tenant = getattr(request, "tenant", None)
    tenant_name = getattr(tenant, "name", "") or ""
    language = context.get("LANGUAGE_CODE") or "vi"
    if not isinstance(page, Page):
        url = request.build_absolute_uri() if request is not None else ""
        return {
            "title": context.get("dc_title", tenant_name),
            "creator": tenant_name,
            "creators": [tenant_name],
            "contributors": [],
            "publisher": tenant_name,
            "date": timezone.localdate(timezone=timezone.get_default_timezone()).isoformat(),
            "description": tenant_name,
            "identifier": url,
            "language": language,
            "subject": "",
            "source": "",
            "canonical": url,
            "og_type": "website",
        }
    specific = page.specific if type(page) is Page else page
    url = specific.get_full_url(request) or (request.build_absolute_uri() if request is not None else "")
    date = specific.dc_date() if hasattr(specific, "dc_date") else publication_day(specific)
    describe = getattr(specific, "meta_description", None)
    subjects = getattr(specific, "dc_subjects", lambda: [])()
    # DC.creator: each author of a page with contributors (``contributors.Credited``), else the site.
    creators = getattr(specific, "dc_creators", lambda: [])() or [tenant_name]
    return {
        "title": specific.seo_title or specific.title,
        "creator": creators[0],
        "creators": creators,
        "contributors": getattr(specific, "dc_contributors", lambda: [])(),
        "publisher": getattr(specific, "dc_publisher", lambda: "")() or tenant_name,
        "date": date.isoformat() if date else "",
        "description": describe() if describe else (specific.search_description or specific.title),
        "identifier": url,
        "language": specific.locale.language_code if specific.locale_id else language,
        "subject": "; ".join(s for s in subjects if s),
        "source": getattr(specific, "dc_source", lambda: "")(),
        "canonical": url,
        "og_type": "website" if specific.depth <= 2 else "article",  # a home page sits under the root
    }


@register.inclusion_tag("sites/includes/dossier_widget.html", takes_context=True)
def dossier_widget(context) -> dict:
    root = _site_root(context.get("request"), localized=False)  # statistics belong to the source pages
    if root is None:
        return {"summary": None}
    return {"summary": site_fragment(f"dossiers:{root.pk}", lambda: dossier_summary(root))}


def _digest(raw: dict) -> str:
    """A home block's stored data (type, id, settings) in 16 hex digits."""
    return hashlib.sha1(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()[:16]


@register.simple_tag(takes_context=True)
def home_body(context, home) -> SafeString:
    """The home page's blocks in the board's order. Each block's HTML is kept between renders as a
    layout fragment (``pagecache.fragments``: the site's generations, so a document or consultation
    published makes it stale like the cached pages; keys: host, language, the home, the block and a
    digest of its settings, so a draft's preview never meets the live page's HTML). A warm home
    reads all its blocks in one round trip and runs no SQL for them; a cold one converts and renders
    only the blocks it misses. A block that renders to nothing (component sites of a commune) leaves
    no trace."""
    request = context.get("request")
    stream = home.body
    flat = context.flatten()
    known = [
        (index, raw) for index, raw in enumerate(stream.raw_data) if raw.get("type") in stream.stream_block.child_blocks
    ]

    def build(index: int) -> str:  # a block type since removed from the code is left out above
        child = stream[index]
        block_id = stream.raw_data[index].get("id") or ""
        return str(child.block.render(child.value, context={**flat, "block_id": block_id, "page": home})).strip()

    if request is not None and not getattr(request, "is_preview", False):
        prefix = f"home-block:{_host(request)}:{home.pk}"
        names = [f"{prefix}:{_digest(raw)}" for _index, raw in known]  # two same blocks without ids: one name
        indexes = {name: index for name, (index, _raw) in zip(names, known, strict=True)}
        found = site_fragments(names, lambda name: build(indexes[name]))
        rendered = [found[name] for name in names]
    else:
        rendered = [build(index) for index, _raw in known]
    return mark_safe("\n".join(html for html in rendered if html))  # noqa: S308 — the blocks' own rendered templates
