"""Idempotent loader of the demo province: creates what is missing, never duplicates.

The only entry point of the demo: it provisions the tenant tree and calls the builders of
``demo.builders`` in the order of ``STEPS`` inside each tenant's schema. No production app knows
the demo exists (import contract "No production app imports the demo").
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
from tenants.services.domains import ensure_platform_tenant
from tenants.services.provisioning import TenantSpec, provision_tenant

from .builders import content, english, participation
from .province import BOARD, CONSOLE_ADMIN, DEMO_PASSWORD, FORMER_COMMUNES, MERGED_COMMUNE, SITES, DemoSite

STEPS: tuple[Callable[[Tenant, DemoSite], None], ...] = (
    content.portal_content,  # every page type of sites/
    participation.questions_and_answers,
    participation.consultations,
    participation.ratings,
    english.english_versions,  # last: translates the pages the steps above created
)


def load_demo(progress: bool = True) -> list[Tenant]:
    ensure_platform_tenant()
    _ensure_console_admin()
    tenants = []
    for site in tqdm(SITES, desc="Tỉnh mẫu Phú Thọ", unit="site", disable=not progress):
        tenant = _ensure_tenant(site)
        with tenant_context(tenant):
            with transaction.atomic(), wagtail_indexes_rebuilt_at_the_end():
                _ensure_board(site)
                _ensure_home_intro(site)
                for step in STEPS:
                    step(tenant, site)
        tenants.append(tenant)
    tenants.append(_ensure_demo_merge())
    return tenants


def _ensure_demo_merge() -> Tenant:
    """Two former communes (settings, introduction and news only: the demo build stays short) merged
    once into a new commune through the same service as ``manage.py tenants merge``; the new commune
    then gets what every demo site has (the steps skip what the merge brought)."""
    new = MERGED_COMMUNE
    with schema_context("public"):
        merged = Tenant.objects.filter(path=_path(new)).first()
    if merged is None:
        for site in FORMER_COMMUNES:
            tenant = _ensure_tenant(site)
            with tenant_context(tenant), transaction.atomic(), wagtail_indexes_rebuilt_at_the_end():
                _ensure_board(site)
                _ensure_home_intro(site)
                content.former_commune_content(tenant, site)
        plan = plan_merge(
            [_path(site) for site in FORMER_COMMUNES],
            new_site=NewSite(slug=new.slug, name=new.name, name_en=new.name_en, parent_path=new.parent),
        )
        merged = run_merge(plan).target
    with tenant_context(merged), transaction.atomic(), wagtail_indexes_rebuilt_at_the_end():
        _enable_board()
        _ensure_home_intro(new)
        for step in STEPS:
            step(merged, new)
    return merged


def _enable_board() -> None:
    """What the new site's head does after a merge: enable the board's accounts (moved disabled)."""
    user_model = get_user_model()
    for username, _group, superuser in BOARD:
        user_model.objects.filter(username=username).update(is_active=True, is_superuser=superuser)
    _ensure_board(MERGED_COMMUNE)


def _path(site: DemoSite) -> str:
    return f"{site.parent}.{site.slug}" if site.parent else site.slug


def _ensure_tenant(site: DemoSite) -> Tenant:
    with schema_context("public"):
        tenant = Tenant.objects.filter(path=_path(site)).first()
    if tenant is None:
        tenant = provision_tenant(
            TenantSpec(name=site.name, name_en=site.name_en, slug=site.slug, kind=site.kind, parent_path=site.parent)
        )
    return tenant


def _ensure_user(username: str, superuser: bool, group: str | None) -> None:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"is_staff": True, "is_superuser": superuser, "email": f"{username}@example.gov.vn"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))


def _ensure_board(site: DemoSite) -> None:
    for suffix, group, superuser in BOARD:
        _ensure_user(f"{suffix}", superuser, group)


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
            user.set_password(DEMO_PASSWORD)
            user.save()
