"""Accounts across sites: each site keeps its own accounts in its own schema (isolation stays); province
IT sees and manages them from the console — list, create, disable/enable, reset a password, move a role
(the editorial board's Wagtail groups) — always inside that site's schema, each change in the audit log.

``console.SiteAccount`` indexes every site's accounts in the public schema, for the province-wide search
of a person; it is refreshed for a site whenever its accounts are listed or changed here and by
``manage.py console_refresh``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from core.editorial_board import SECTION_ROLES, SITE_ROLES, section_group_prefix
from core.text import fold, nfc
from sites.services import members
from tenants.models import Tenant
from tenants.services.errors import TenantError
from tenants.services.registry import get_tenant

from ..models import SiteAccount
from . import audit

ROLES = SITE_ROLES


@dataclass
class Account:
    id: int
    username: str
    full_name: str
    email: str
    roles: list[str]
    is_active: bool
    is_superuser: bool
    last_login: datetime | None
    has_2fa: bool


def _accounts_in_schema() -> list[Account]:
    users = get_user_model().objects.prefetch_related("groups").order_by("username")
    with_2fa = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    return [
        Account(
            u.pk,
            u.username,
            u.get_full_name(),
            u.email,
            sorted(g.name for g in u.groups.all()),
            u.is_active,
            u.is_superuser,
            u.last_login,
            u.pk in with_2fa,
        )
        for u in users
    ]


def _index(tenant: Tenant, accounts: list[Account]) -> None:
    with schema_context("public"), transaction.atomic():
        SiteAccount.objects.filter(tenant=tenant).delete()
        SiteAccount.objects.bulk_create(
            SiteAccount(
                tenant=tenant,
                user_id=a.id,
                username=a.username,
                full_name=a.full_name,
                email=a.email,
                roles=a.roles,
                is_active=a.is_active,
                last_login=a.last_login,
                has_2fa=a.has_2fa,
                search_key=fold(f"{a.username} {a.full_name} {a.email}"),
            )
            for a in accounts
        )


def site_accounts(path: str) -> tuple[Tenant, list[Account]]:
    """Every account of one site, read in its schema (and indexed for the province-wide search)."""
    tenant = get_tenant(path)
    with schema_context(tenant.schema_name):
        accounts = _accounts_in_schema()
    _index(tenant, accounts)
    return tenant, accounts


def index_site(tenant: Tenant) -> None:
    with schema_context(tenant.schema_name):
        accounts = _accounts_in_schema()
    _index(tenant, accounts)


def find_people(query: str, limit: int = 200) -> list[SiteAccount]:
    """Which sites can this person edit? Name, username or e-mail, with or without diacritics."""
    words = fold(query).split()
    if not words:
        return []
    with schema_context("public"):
        found = SiteAccount.objects.select_related("tenant")
        for word in words:
            found = found.filter(search_key__contains=word)
        return list(found.order_by("search_key", "tenant__path")[:limit])


def _role(role: str) -> str:
    if role not in ROLES:
        raise TenantError(f"Vai trò “{role}” không tồn tại (unknown role); chọn: {', '.join(ROLES)}.")
    return role


def _user(user_id: int):
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise TenantError("Không tìm thấy tài khoản này trong đơn vị (no such account on this site).")
    return user


def _checked_password(password: str, user=None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise TenantError(" ".join(exc.messages)) from exc


def create_account(path: str, username: str, password: str, role: str, full_name: str = "", email: str = "") -> None:
    tenant = get_tenant(path)
    username, full_name = nfc(username or "").strip(), nfc(full_name or "").strip()
    role = _role(role)
    if not username:
        raise TenantError("Tên đăng nhập là bắt buộc (username is required).")
    with schema_context(tenant.schema_name), transaction.atomic():
        model = get_user_model()
        if model.objects.filter(username__iexact=username).exists():
            raise TenantError(f"Tên đăng nhập “{username}” đã có trong đơn vị này (duplicate username).")
        first, _, last = full_name.rpartition(" ")
        user = model(username=username, email=(email or "").strip(), first_name=first, last_name=last)
        _checked_password(password, user)
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        audit.record("account_create", tenant.path, {}, {"username": username, "role": role})
    index_site(tenant)


def set_active(path: str, user_id: int, active: bool) -> None:
    tenant = get_tenant(path)
    with schema_context(tenant.schema_name), transaction.atomic():
        user = _user(user_id)
        if user.is_active == active:
            raise TenantError("Tài khoản đã ở trạng thái này (the account already has this state).")
        user.is_active = active
        user.save(update_fields=["is_active"])
        action = "account_enable" if active else "account_disable"
        audit.record(action, tenant.path, {"username": user.username, "active": not active}, {"active": active})
    index_site(tenant)


def reset_password(path: str, user_id: int, password: str) -> None:
    tenant = get_tenant(path)
    with schema_context(tenant.schema_name), transaction.atomic():
        user = _user(user_id)
        _checked_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record("account_reset_password", tenant.path, {"username": user.username}, {"password": "(đã đặt lại)"})


def _role_groups(user) -> list[str]:
    """The account's groups of a role: the site-wide ones and the per-section ones ("Biên tập viên · Tin tức")."""
    found = Q(name__in=ROLES)
    for role in SECTION_ROLES:
        found |= Q(name__startswith=section_group_prefix(role))
    return sorted(user.groups.filter(found).values_list("name", flat=True))


def move_role(path: str, user_id: int, role: str) -> None:
    """Give the account exactly one role (removing its other roles: board member or collaborator), by the
    rule of the head's screen (``sites.services.members.move_to_role``): its section assignments are kept
    only when the new role works within sections (Cộng tác viên, Biên tập viên); a move to Phó trưởng ban
    or Trưởng ban removes its section groups."""
    tenant = get_tenant(path)
    role = _role(role)
    with schema_context(tenant.schema_name), transaction.atomic():
        user = _user(user_id)
        before = _role_groups(user)
        if members.role_of(user) == role:
            raise TenantError(f"Tài khoản đã có vai trò “{role}” (the account already has this role).")
        try:
            members.move_to_role(user, role)
        except members.MemberError as error:
            raise TenantError(str(error)) from error
        after = _role_groups(user)
        audit.record("account_role", tenant.path, {"username": user.username, "roles": before}, {"roles": after})
    index_site(tenant)


def check_new_password(password: str, username: str = "") -> None:
    """The password rules of every account, before a site is provisioned with its first admin."""
    _checked_password(password, get_user_model()(username=username))
