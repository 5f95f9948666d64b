"""English coverage of the legally required items (Decree 42/2022 Art. 7(2), D13): for each tenant,
which D1 / D9 / D15 pages have no live English version (missing) and which English versions were
synced before the Vietnamese page last changed (stale).

Pages are found generically: live pages in the default (Vietnamese) locale whose specific class
declares ``english_duty``; ``requires_english()`` (when defined) decides whether the page counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from tqdm import tqdm

from tenants.models import Tenant
from tenants.tree import all_sites

DUTIES = {
    "D1": _("Giới thiệu, cơ cấu tổ chức, chức năng nhiệm vụ"),
    "D9": _("Thông tin liên hệ của cán bộ"),
    "D15": _("Dịch vụ công người nước ngoài sử dụng được"),
}
ALWAYS_REQUIRED = ("D1", "D9")  # every site must have these; D15 only for services foreigners can use

OK, MISSING, STALE, NO_SOURCE = "ok", "missing", "stale", "no_source"
STATUS_LABELS = {
    OK: _("đủ"),
    MISSING: _("thiếu bản tiếng Anh"),
    STALE: _("bản tiếng Anh đã cũ"),
    NO_SOURCE: _("thiếu (chưa có cả trang tiếng Việt)"),
}


@dataclass
class CoverageItem:
    duty: str
    status: str
    page_id: int | None = None
    title: str = ""
    vi_changed_at: datetime | None = None
    en_synced_at: datetime | None = None
    en_page_id: int | None = None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class TenantCoverage:
    path: str
    name: str
    kind: str
    items: list[CoverageItem] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(item.status for item in self.items)

    def duty_summary(self, duty: str) -> str:
        """ "2/3" (English ok / required) or a status word when nothing to count."""
        items = [item for item in self.items if item.duty == duty]
        if not items:
            return "–"
        if all(item.status == NO_SOURCE for item in items):
            return NO_SOURCE
        required = [item for item in items if item.status != NO_SOURCE]
        return f"{sum(item.status == OK for item in required)}/{len(required)}"

    @property
    def problems(self) -> list[CoverageItem]:
        return [item for item in self.items if item.status != OK]


def duty_page_models() -> list[type]:
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if getattr(model, "english_duty", None)]


def _requires_english(page) -> bool:
    requires = getattr(page, "requires_english", None)
    return bool(requires()) if callable(requires) else True


def _vi_changed_at(page) -> datetime | None:
    return page.last_published_at or page.latest_revision_created_at or page.first_published_at


def _synced_at(en_page, source) -> datetime | None:
    """When the English page last reflected the Vietnamese source: the wagtail-localize sync of the
    source — unless the English page has not been published since (then its publication) — or, for
    a translation made without wagtail-localize, the English page's last publication."""
    published = en_page.last_published_at
    if source is None:
        return published
    if published is None:
        return source.last_updated_at
    return min(source.last_updated_at, published)


def _item(page, en_page, source) -> CoverageItem:
    item = CoverageItem(getattr(page, "english_duty", "") or "", MISSING, page.pk, page.title, _vi_changed_at(page))
    if en_page is not None and en_page.live:
        item.en_page_id = en_page.pk
        item.en_synced_at = _synced_at(en_page, source)
        stale = item.vi_changed_at and item.en_synced_at and item.vi_changed_at > item.en_synced_at
        item.status = STALE if stale else OK
    return item


def english_status(page) -> CoverageItem:
    """Missing / stale / ok of one page's English version (any page, duty or not)."""
    from wagtail.models import Locale
    from wagtail_localize.models import TranslationSource

    english = Locale.objects.filter(language_code="en").first()
    en_page = page.get_translation_or_none(english) if english else None
    source = TranslationSource.objects.filter(object_id=page.translation_key, locale_id=page.locale_id).first()
    return _item(page, en_page, source)


def current_tenant_items() -> list[CoverageItem]:
    """Coverage of the tenant schema that is active now."""
    from wagtail.models import Locale, Page
    from wagtail_localize.models import TranslationSource

    models = duty_page_models()
    source_locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    english = Locale.objects.filter(language_code="en").first()
    if source_locale is None:
        return [CoverageItem(duty, NO_SOURCE) for duty in ALWAYS_REQUIRED]
    # Match content types by name in this schema (not through the process-wide ContentType cache).
    of_duty_type = Q(pk__in=[])
    for model in models:
        of_duty_type |= Q(content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name)
    pages = list(Page.objects.live().filter(of_duty_type, locale=source_locale).order_by("path").specific())
    pages = [page for page in pages if getattr(page, "english_duty", None) and _requires_english(page)]
    keys = [page.translation_key for page in pages]
    en_pages = (
        {page.translation_key: page for page in Page.objects.filter(locale=english, translation_key__in=keys)}
        if english
        else {}
    )
    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(locale=source_locale, object_id__in=keys)
    }
    items = [_item(page, en_pages.get(page.translation_key), sources.get(page.translation_key)) for page in pages]
    present = {item.duty for item in items}
    items += [CoverageItem(duty, NO_SOURCE) for duty in ALWAYS_REQUIRED if duty not in present]
    order = list(DUTIES)
    return sorted(items, key=lambda item: order.index(item.duty) if item.duty in order else len(order))


def tenant_coverage(tenant: Tenant) -> TenantCoverage:
    with tenant_context(tenant):
        items = current_tenant_items()
    return TenantCoverage(tenant.path, tenant.name, tenant.kind, items)


def coverage_report(tenants: list[Tenant] | None = None, progress: bool = False) -> list[TenantCoverage]:
    """Coverage of every site (active and suspended; not archived) — also what the console shows."""
    if tenants is None:
        with schema_context(get_public_schema_name()):
            tenants = list(
                all_sites().exclude(status__in=[Tenant.Status.ARCHIVED, Tenant.Status.MERGED]).order_by("path")
            )
    return [
        tenant_coverage(tenant) for tenant in tqdm(tenants, desc="Độ phủ tiếng Anh", unit="site", disable=not progress)
    ]
