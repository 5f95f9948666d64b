"""What every check of one site receives: the tenant, today's date, its deadlines, the evaluation
window, and the helpers that turn a page or row into evidence with its public and admin URLs.

A context is built inside the site's schema (``tenant_context``) by ``compliance.services``; checks
read that schema through the feature apps' models and never open another site's schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Page

from core.siteurl import site_origin
from workdays.deadlines import Deadlines

from .findings import OK, Evidence


def window_days() -> int:
    """How far back deadline checks look (the ministry evaluates a year)."""
    return int(getattr(settings, "COMPLIANCE_WINDOW_DAYS", 365))


def stale_days() -> int:
    """Introduction and contacts older than this are stale."""
    return int(getattr(settings, "COMPLIANCE_STALE_DAYS", 365))


@dataclass
class CheckContext:
    tenant: object
    today: date
    now: datetime
    deadlines: Deadlines
    hostname: str
    url_cache: SimpleNamespace = field(default_factory=SimpleNamespace)

    @property
    def origin(self) -> str:
        return site_origin(self.hostname)

    @property
    def since(self) -> date:
        return self.today - timedelta(days=window_days())

    @cached_property
    def since_datetime(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.since, datetime.min.time()))

    @cached_property
    def private_q(self) -> Q:
        """Pages in private sections (view restrictions), read once per evaluation."""
        return Page.objects.all().private_q()

    def published(self, model):
        """Live pages of ``model`` outside private sections: Wagtail's ``live().public()`` without
        reading the view restrictions again for every query."""
        return model.objects.live().exclude(self.private_q)

    def admin_url(self, name: str, *args) -> str:
        try:
            return f"{self.origin}{reverse(name, args=args, urlconf=settings.ROOT_URLCONF)}"
        except NoReverseMatch:
            return ""

    def page_admin_url(self, page) -> str:
        return self.admin_url("wagtailadmin_pages:edit", page.pk)

    def page_public_url(self, page) -> str:
        """The page's public URL ("" when not live or not routable). The site root paths are read once
        per evaluation: Wagtail caches them on the object passed as ``request`` to ``get_url_parts``."""
        if not page.live:
            return ""
        parts = page.get_url_parts(request=self.url_cache)
        if not parts or parts[1] is None:
            return ""
        _site_id, root_url, path = parts
        return f"{root_url}{path}"

    def page_evidence(self, page, status: str = OK, detail: str = "") -> Evidence:
        return Evidence(
            label=page.title,
            status=status,
            detail=detail,
            object=f"{page._meta.label_lower}:{page.pk}",
            public_url=self.page_public_url(page),
            admin_url=self.page_admin_url(page),
        )

    def home_admin_url(self) -> str:
        return f"{self.origin}/admin/"

    def console_site_url(self) -> str:
        """The province-IT console page of this site (EMC code, links are set there)."""
        try:
            path = reverse("console:site", args=[self.tenant.path], urlconf=settings.PUBLIC_SCHEMA_URLCONF)
        except NoReverseMatch:
            return ""
        return f"{site_origin(settings.PLATFORM_HOST)}{path}"

    def local_date(self, value) -> date | None:
        if value is None:
            return None
        return timezone.localdate(value) if isinstance(value, datetime) else value
