"""The site's place in the tenant tree: parent portal (D14) and component sites (D28), plus the EMC badge (D27)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.siteurl import site_url
from tenants.tree import children_of, parent_of, primary_hostnames, tree_generation

CACHE_SECONDS = 60  # and until the tenant tree changes (the tree generation moves)
EMC_TOKEN_RE = re.compile(r"^[A-Za-z0-9_.:\-]{1,200}$")


@dataclass(frozen=True)
class SiteLink:
    name: str
    url: str
    kind: str
    name_en: str = ""

    @property
    def label(self) -> str:
        """The site's name in the active language (English name on English pages, when set)."""
        english = getattr(self, "name_en", "")
        return english if english and (translation.get_language() or "").startswith("en") else self.name


def _links(tenants) -> list[SiteLink]:
    hosts = primary_hostnames(tenants)
    return [SiteLink(t.name, site_url(hosts[t.pk]), t.kind, t.name_en or "") for t in tenants if t.pk in hosts]


def parent_portal(tenant) -> SiteLink | None:
    """The portal this site is a component of (automatic from the tenant tree)."""
    if tenant is None or not getattr(tenant, "parent_id", None):
        return None

    def build():
        parent = parent_of(tenant)
        links = _links([parent]) if parent is not None else []
        return links[0] if links else False

    return tree_generation.cached(f"portal:parent:{tenant.pk}", build, CACHE_SECONDS) or None


def component_sites(tenant) -> list[SiteLink]:
    """Active sites directly beneath this one (districts, communes, agencies), by kind then name."""
    if tenant is None or not getattr(tenant, "pk", None):
        return []
    return tree_generation.cached(f"portal:components:{tenant.pk}", lambda: _links(children_of(tenant)), CACHE_SECONDS)


def emc_badge(code: str | None, nonce: str = "") -> SafeString:
    """The EMC monitoring code of the site, rendered safely (D27).

    * empty → nothing;
    * a plain identifier → the EMC script (``EMC_SCRIPT_URL`` setting, loaded ``async``) and a text badge;
    * an HTML snippet pasted from the EMC system → only ``<script src=https…>`` (forced async),
      ``<a href=https…>`` and ``<img src=https…>`` survive; anything else is dropped.

    Its scripts carry ``nonce`` (the request's CSP nonce): the public policy runs no other script from
    another origin.
    """
    code = (code or "").strip()
    if not code:
        return mark_safe("")
    if EMC_TOKEN_RE.match(code):
        script_url = getattr(settings, "EMC_SCRIPT_URL", "")
        script = (
            format_html('<script async src="{}" data-emc-id="{}"{}></script>', script_url, code, _nonce_attr(nonce))
            if script_url
            else ""
        )
        return format_html(
            '<p class="emc-badge" data-emc-id="{}">{}</p>{}', code, "EMC — Hệ thống đo lường Chính phủ số", script
        )
    return mark_safe(f'<div class="emc-badge">{_sanitize_emc_html(code, nonce)}</div>')


def _nonce_attr(nonce: str) -> str:
    return format_html(' nonce="{}"', nonce) if nonce else ""


def _sanitize_emc_html(snippet: str, nonce: str = "") -> str:
    from bs4 import BeautifulSoup

    allowed = {"script": ("src",), "a": ("href", "title"), "img": ("src", "alt", "width", "height")}
    out: list[str] = []
    for tag in BeautifulSoup(snippet, "html.parser").find_all(list(allowed)):
        if tag.name == "img" and tag.find_parent("a") is not None:
            continue  # rendered with its link
        out.append(_render_tag(tag, allowed, nonce))
    return "".join(part for part in out if part)


def _render_tag(tag, allowed, nonce: str = "") -> str:
    from django.utils.html import escape

    def https(value) -> bool:
        return isinstance(value, str) and value.startswith("https://")

    if tag.name == "script":
        return (
            format_html('<script async src="{}"{}></script>', tag["src"], _nonce_attr(nonce))
            if https(tag.get("src"))
            else ""
        )
    if tag.name == "img":
        if not https(tag.get("src")):
            return ""
        attrs = "".join(f' {name}="{escape(tag[name])}"' for name in allowed["img"] if tag.get(name))
        return f"<img{attrs}>" if tag.get("alt") else f'<img{attrs} alt="EMC">'
    if tag.name == "a" and https(tag.get("href")):
        inner = "".join(_render_tag(img, allowed) for img in tag.find_all("img")) or escape(tag.get_text(strip=True))
        return format_html('<a href="{}">{}</a>', tag["href"], mark_safe(inner or "EMC"))
    return ""
