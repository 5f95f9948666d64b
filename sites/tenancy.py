"""The site's place in the tenant tree: parent portal (D14) and component sites (D28), plus the EMC badge (D27)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django_tenants.utils import schema_context

CACHE_SECONDS = 60
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


def site_url(hostname: str, scheme: str = "http") -> str:
    port = int(getattr(settings, "TENANT_SITE_PORT", 80))
    default_port = 443 if scheme == "https" else 80
    return f"{scheme}://{hostname}/" if port in (80, 443, default_port) else f"{scheme}://{hostname}:{port}/"


def _cached(key: str, build):
    """``build()`` cached for a minute and until the tenant tree changes (the routing generation moves)."""
    from tenants.routing import GENERATION_KEY

    try:
        with schema_context("public"):
            generation = cache.get(GENERATION_KEY)
        key = f"{key}:{generation}"
        value = cache.get(key)
    except Exception:  # Redis down: compute every time, never fail the page
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, CACHE_SECONDS)
        except Exception:
            pass
    return value


def _links(tenants, scheme: str) -> list[SiteLink]:
    from tenants.models import Domain

    hosts = dict(Domain.objects.filter(tenant__in=tenants, is_primary=True).values_list("tenant_id", "domain"))
    return [SiteLink(t.name, site_url(hosts[t.pk], scheme), t.kind, t.name_en or "") for t in tenants if t.pk in hosts]


def parent_portal(tenant, scheme: str = "http") -> SiteLink | None:
    """The portal this site is a component of (automatic from the tenant tree)."""
    if tenant is None or not getattr(tenant, "parent_id", None):
        return None

    def build():
        from tenants.models import Tenant

        with schema_context("public"):
            parent = Tenant.objects.filter(pk=tenant.parent_id).first()
            links = _links([parent], scheme) if parent is not None else []
        return links[0] if links else False

    return _cached(f"portal:parent:{tenant.pk}:{scheme}", build) or None


def component_sites(tenant, scheme: str = "http") -> list[SiteLink]:
    """Active sites directly beneath this one (districts, communes, agencies), by kind then name."""
    if tenant is None or not getattr(tenant, "pk", None):
        return []

    def build():
        from tenants.models import Tenant

        with schema_context("public"):
            children = list(
                Tenant.objects.filter(parent_id=tenant.pk, status=Tenant.Status.ACTIVE).order_by("kind", "name")
            )
            return _links(children, scheme)

    return _cached(f"portal:components:{tenant.pk}:{scheme}", build)


def emc_badge(code: str | None) -> SafeString:
    """The EMC monitoring code of the site, rendered safely (D27).

    * empty → nothing;
    * a plain identifier → the EMC script (``EMC_SCRIPT_URL`` setting, loaded ``async``) and a text badge;
    * an HTML snippet pasted from the EMC system → only ``<script src=https…>`` (forced async),
      ``<a href=https…>`` and ``<img src=https…>`` survive; anything else is dropped.
    """
    code = (code or "").strip()
    if not code:
        return mark_safe("")
    if EMC_TOKEN_RE.match(code):
        script_url = getattr(settings, "EMC_SCRIPT_URL", "")
        script = (
            format_html('<script async src="{}" data-emc-id="{}"></script>', script_url, code) if script_url else ""
        )
        return format_html(
            '<p class="emc-badge" data-emc-id="{}">{}</p>{}', code, "EMC — Hệ thống đo lường Chính phủ số", script
        )
    return mark_safe(f'<div class="emc-badge">{_sanitize_emc_html(code)}</div>')


def _sanitize_emc_html(snippet: str) -> str:
    from bs4 import BeautifulSoup

    allowed = {"script": ("src",), "a": ("href", "title"), "img": ("src", "alt", "width", "height")}
    out: list[str] = []
    for tag in BeautifulSoup(snippet, "html.parser").find_all(list(allowed)):
        if tag.name == "img" and tag.find_parent("a") is not None:
            continue  # rendered with its link
        out.append(_render_tag(tag, allowed))
    return "".join(part for part in out if part)


def _render_tag(tag, allowed) -> str:
    from django.utils.html import escape

    def https(value) -> bool:
        return isinstance(value, str) and value.startswith("https://")

    if tag.name == "script":
        return format_html('<script async src="{}"></script>', tag["src"]) if https(tag.get("src")) else ""
    if tag.name == "img":
        if not https(tag.get("src")):
            return ""
        attrs = "".join(f' {name}="{escape(tag[name])}"' for name in allowed["img"] if tag.get(name))
        return f"<img{attrs}>" if tag.get("alt") else f'<img{attrs} alt="EMC">'
    if tag.name == "a" and https(tag.get("href")):
        inner = "".join(_render_tag(img, allowed) for img in tag.find_all("img")) or escape(tag.get_text(strip=True))
        return format_html('<a href="{}">{}</a>', tag["href"], mark_safe(inner or "EMC"))
    return ""
