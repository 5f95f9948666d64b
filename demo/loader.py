"""Idempotent loader of the demo province: creates what is missing, never duplicates.

The only entry point of the demo: it provisions the 2024 tenant tree, runs the 2025 restructuring
(a commune merge, communes moved up, districts closed: see ``demo.province``) through the services the
console and ``manage.py tenants`` use, and calls the builders of ``demo.builders`` in the order of
``STEPS`` inside each active tenant's schema. No production app knows the demo exists (import contract
"No production app imports the demo").
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django_tenants.utils import schema_context, tenant_context
from tqdm import tqdm

from core.wagtail_indexes import wagtail_indexes_rebuilt_at_the_end
from restructuring.merge import run_merge
from restructuring.plan import NewSite, plan_merge
from tenants.models import Tenant
from tenants.services.domains import add_domain, ensure_platform_tenant
from tenants.services.naming import default_hostname
from tenants.services.provisioning import TenantSpec, provision_tenant
from tenants.services.restructure import close_into, move_tenant

from .builders import content, english, gaps, participation, royalties
from .province import (
    BOARD,
    CONSOLE_ADMIN,
    CONSOLE_PASSWORD,
    DISTRICT_SUCCESSOR,
    FORMER_COMMUNES,
    FORMER_DISTRICTS,
    LEGACY_AGENCIES,
    MERGED_COMMUNE,
    SITES,
    DemoSite,
    site_password,
)

STEPS: tuple[Callable[[Tenant, DemoSite], None], ...] = (
    content.portal_content,  # every page type of sites/
    participation.questions_and_answers,
    participation.consultations,
    participation.visits,
    participation.ratings,
    royalties.recent_grades,  # the head grades the recent news (the province's scale first)
    english.english_versions,  # translates the pages the steps above created
    gaps.compliance_gaps,  # last: the EMC codes, then the duties a few sites miss on purpose
)


def load_demo(progress: bool = True) -> list[Tenant]:
    """The 2024 tree (districts with their history, communes where they were), then the 2025
    restructuring through the console's services, then every active site's content."""
    ensure_platform_tenant()
    _ensure_console_admin()
    for site in sorted([*SITES, *FORMER_DISTRICTS], key=lambda site: site.built_path.count(".")):
        _ensure_tenant(site)  # parents first
    for district in FORMER_DISTRICTS:
        _ensure_former_site(district)
    merged = _ensure_demo_merge()
    _ensure_two_levels()
    tenants = []
    for site in tqdm(SITES, desc="Tỉnh mẫu Phú Thọ", unit="site", disable=not progress):
        tenant = _tenant_at(site.path)
        with tenant_context(tenant):
            with transaction.atomic(), wagtail_indexes_rebuilt_at_the_end():
                _ensure_board(site)
                _ensure_home_intro(site)
                for step in STEPS:
                    step(tenant, site)
        tenants.append(tenant)
    tenants.append(_complete_merged_commune(merged))
    return tenants


def _ensure_former_site(site: DemoSite) -> Tenant:
    """A site of the 2024 tree closed or merged by the reform: settings, introduction and news only (the
    demo build stays short), built once while it was active."""
    tenant = _ensure_tenant(site)
    if tenant.status == Tenant.Status.ACTIVE:
        with tenant_context(tenant), transaction.atomic(), wagtail_indexes_rebuilt_at_the_end():
            _ensure_board(site)
            _ensure_home_intro(site)
            content.former_site_content(tenant, site)
    return tenant


def _ensure_demo_merge() -> Tenant:
    """Two former communes merged once into a new commune through the same service as ``manage.py tenants
    merge``, while they were still under their district (the new commune sits under the province)."""
    new = MERGED_COMMUNE
    merged = _tenant_at(new.path)
    if merged is None:
        for site in FORMER_COMMUNES:
            _ensure_former_site(site)
        plan = plan_merge(
            [site.built_path for site in FORMER_COMMUNES],
            new_site=NewSite(slug=new.slug, name=new.name, name_en=new.name_en, parent_path=new.parent),
        )
        merged = run_merge(plan).target
    return merged


def _ensure_two_levels() -> None:
    """The rest of the 2025 reform, as province IT runs it from the console: every site still under a
    district moves up to the province (a commune still active gets the regulations' hostname of its new
    place as primary, its old hostname kept), then each emptied district is closed into its successor."""
    for site in [*SITES, *FORMER_COMMUNES]:
        moved = _tenant_at(site.built_path) if site.formerly else None
        if moved is None:
            continue
        move_tenant(site.built_path, site.parent)
        if moved.status == Tenant.Status.ACTIVE:
            add_domain(site.path, default_hostname(site.kind, site.path), primary=True)
    for district in FORMER_DISTRICTS:
        if _tenant_at(district.path).status != Tenant.Status.MERGED:
            close_into(district.path, DISTRICT_SUCCESSOR)
    # A demo database built before the 2025 tree has the Sở Thông tin và Truyền thông: merged into the Sở KH&CN.
    for path, successor in LEGACY_AGENCIES.items():
        legacy = _tenant_at(path)
        if legacy is not None and legacy.status == Tenant.Status.ACTIVE:
            close_into(path, successor)


def _complete_merged_commune(merged: Tenant) -> Tenant:
    """The new commune then gets what every demo site has (the steps skip what the merge brought)."""
    new = MERGED_COMMUNE
    with tenant_context(merged), transaction.atomic(), wagtail_indexes_rebuilt_at_the_end():
        _enable_board()
        _ensure_home_intro(new)
        for step in STEPS:
            step(merged, new)
    return merged


def _enable_board() -> None:
    """What the new site's head does after a merge: enable the board's accounts (moved disabled), each
    with the new site's password."""
    user_model = get_user_model()
    for username, _group, superuser in BOARD:
        for user in user_model.objects.filter(username=username, is_active=False):
            user.is_active, user.is_superuser = True, superuser
            user.set_password(site_password(MERGED_COMMUNE.slug))
            user.save()
    _ensure_board(MERGED_COMMUNE)


def _tenant_at(path: str) -> Tenant | None:
    with schema_context("public"):
        return Tenant.objects.filter(path=path).first()


def _ensure_tenant(site: DemoSite) -> Tenant:
    """The site, wherever it is now (today's place or its 2024 one); provisioned where the 2024 tree had it."""
    tenant = _tenant_at(site.path) or _tenant_at(site.built_path)
    if tenant is None:
        parent = site.formerly or site.parent
        tenant = provision_tenant(
            TenantSpec(name=site.name, name_en=site.name_en, slug=site.slug, kind=site.kind, parent_path=parent)
        )
    return tenant


def _ensure_user(username: str, superuser: bool, group: str | None, password: str) -> None:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"is_staff": True, "is_superuser": superuser, "email": f"{username}@example.gov.vn"}
    )
    if created:
        user.set_password(password)
        user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))


def _ensure_board(site: DemoSite) -> None:
    for suffix, group, superuser in BOARD:
        _ensure_user(suffix, superuser, group, site_password(site.slug))


def _ensure_home_intro(site: DemoSite) -> None:
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page.specific
    intro = f"<p>{site.intro}</p>"
    if getattr(home, "intro", None) != intro:
        home.intro = intro
        home.save_revision().publish()


def _ensure_console_admin() -> None:
    with schema_context("public"):
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=CONSOLE_ADMIN, defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(CONSOLE_PASSWORD)
            user.save()
