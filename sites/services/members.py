"""The board's members, managed by the head (Trưởng ban) without superuser rights: add a member, give a
role, disable or re-enable an account (never delete it: its history stays), narrow a member to sections.

A role is one of ``core.editorial_board.MEMBER_ROLES``. A member of a role in ``SECTION_ROLES`` assigned
to sections leaves the role's site-wide group for one group per section ("Biên tập viên · Tin tức"),
which holds the role's rights (model and collection permissions: images and documents too) but its
page permissions — add and change, never publish — only on that section's index page; with no
sections he is back in the site-wide group. A section group is named from the section's title and
renamed when a new title is published (``rename_section_groups``, a receiver of ``page_published``).

Guard rails: whatever the caller sends, only these groups are ever given or taken; a superuser, or an
account holding any other group, is never touched; staff and superuser flags are never set; the head
cannot disable himself or change his own role. Every change is written to Wagtail's log, with who.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, Site

from core.editorial_board import MEMBER_ROLES, SECTION_ROLES, section_group_prefix
from core.text import nfc

from ..models.board import MANAGE_PERMISSION

PERMISSION = f"portal.{MANAGE_PERMISSION}"
SECTION_PAGE_PERMISSIONS = ("add_page", "change_page")  # never publish: the workflow stays whole
ADD_ACTION = "portal.member.add"
ROLE_ACTION = "portal.member.role"
DISABLE_ACTION = "portal.member.disable"
ENABLE_ACTION = "portal.member.enable"
SECTIONS_ACTION = "portal.member.sections"


class MemberError(ValueError):
    """A change the guard rails refuse (the message is for the head)."""


@dataclass
class Member:
    user: object
    role: str | None
    sections: list[Page]
    manageable: bool  # False: a superuser or an account with rights outside the board


def available_roles() -> list[str]:
    """The board roles this site has a group for, in the order of ``MEMBER_ROLES``."""
    present = set(Group.objects.filter(name__in=MEMBER_ROLES).values_list("name", flat=True))
    return [role for role in MEMBER_ROLES if role in present]


def sections() -> list[Page]:
    """The site's sections: the pages right under its home page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return list(site.root_page.get_children().order_by("path")) if site else []


def _section_groups():
    """Every per-section group of the board (recognised by name and by its page permission)."""
    groups = Group.objects.none()
    for role in SECTION_ROLES:
        groups |= Group.objects.filter(name__startswith=section_group_prefix(role))
    return groups


def _board_groups():
    return Group.objects.filter(name__in=MEMBER_ROLES) | _section_groups()


def _role_of(groups: list[Group]) -> str | None:
    for role in MEMBER_ROLES:
        if any(g.name == role or g.name.startswith(section_group_prefix(role)) for g in groups):
            return role
    return None


def _sections_of(user) -> list[Page]:
    ids = GroupPagePermission.objects.filter(group__in=_section_groups(), group__user=user).values("page_id")
    return list(Page.objects.filter(pk__in=ids).order_by("path"))


def _is_manageable(user, board: set[int] | None = None) -> bool:
    """Neither a superuser nor holding any group but the board's: the head may change the account."""
    board = set(_board_groups().values_list("pk", flat=True)) if board is None else board
    return not user.is_superuser and all(group.pk in board for group in user.groups.all())


def members() -> list[Member]:
    """Every account of the site, with its role and sections (superusers shown, never manageable)."""
    board = set(_board_groups().values_list("pk", flat=True))
    return [
        Member(user, _role_of(list(user.groups.all())), _sections_of(user), _is_manageable(user, board))
        for user in get_user_model().objects.prefetch_related("groups").order_by("username")
    ]


def _log(action: str, member, actor, **data) -> None:
    log(instance=member, action=action, user=actor, data={"username": member.get_username(), **data})


def _manageable(member, actor) -> None:
    if member.is_superuser:
        raise MemberError(_("Không thể thay đổi tài khoản quản trị hệ thống."))
    if not _is_manageable(member):
        raise MemberError(_("Tài khoản này có quyền ngoài Ban Biên tập: chỉ quản trị hệ thống được thay đổi."))


def _not_self(member, actor, message: str) -> None:
    if member.pk == actor.pk:
        raise MemberError(message)


def _role(role: str) -> Group:
    group = Group.objects.filter(name=role).first() if role in MEMBER_ROLES else None
    if group is None:
        raise MemberError(_("Vai trò “%(role)s” không thuộc Ban Biên tập.") % {"role": role})
    return group


def _checked_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise MemberError(" ".join(error.messages)) from error


@transaction.atomic
def add_member(actor, username: str, full_name: str, email: str, password: str, role: str):
    """A new account of the site in one board role (no staff or superuser flag)."""
    username, full_name = nfc(username or "").strip(), nfc(full_name or "").strip()
    group = _role(role)
    if not username:
        raise MemberError(_("Tên đăng nhập là bắt buộc."))
    model = get_user_model()
    if model.objects.filter(username__iexact=username).exists():
        raise MemberError(_("Tên đăng nhập “%(username)s” đã có trên trang này.") % {"username": username})
    first, _space, last = full_name.rpartition(" ")
    user = model(username=username, email=(email or "").strip(), first_name=first, last_name=last)
    _checked_password(password, user)
    user.set_password(password)
    user.save()
    user.groups.add(group)
    _log(ADD_ACTION, user, actor, role=role)
    return user


@transaction.atomic
def set_role(actor, member, role: str) -> None:
    """Give the member exactly one board role; sections carry over between sectioned roles."""
    _manageable(member, actor)
    _not_self(member, actor, _("Bạn không thể tự thay đổi vai trò của mình."))
    before, _kept = move_to_role(member, role)
    _log(ROLE_ACTION, member, actor, before=before, role=role)


def role_of(user) -> str | None:
    """The account's board role (its site-wide group or its section groups), or None."""
    return _role_of(list(user.groups.all()))


def move_to_role(member, role: str) -> tuple[str | None, list[Page]]:
    """Move an account to ``role``, the one rule of the head's screen and of the console: its other
    board groups go; its sections stay only when the new role is one that works within sections
    (``SECTION_ROLES``: Cộng tác viên, Biên tập viên draft and edit in the sections given) — a deputy
    head or head edits and approves the whole site, so a move there drops the section groups. Returns
    the role before and the sections kept. No guard rails: the caller checks who may do it."""
    group = _role(role)
    before = role_of(member)
    kept = _sections_of(member) if role in SECTION_ROLES else []
    member.groups.remove(*_board_groups())
    if kept:
        member.groups.add(*(_section_group(role, section) for section in kept))
    else:
        member.groups.add(group)
    return before, kept


@transaction.atomic
def set_active(actor, member, active: bool) -> None:
    """Disable (the account can no longer sign in) or re-enable a member; accounts are never deleted."""
    _manageable(member, actor)
    if not active:
        _not_self(member, actor, _("Bạn không thể tự khoá tài khoản của mình."))
    if member.is_active == active:
        raise MemberError(_("Tài khoản đã ở trạng thái này."))
    member.is_active = active
    member.save(update_fields=["is_active"])
    _log(ENABLE_ACTION if active else DISABLE_ACTION, member, actor)


def _section_group_name(role: str, section: Page, taken_by_other: bool) -> str:
    name = f"{section_group_prefix(role)}{section.title}"[:140]
    return f"{name} ({section.pk})" if taken_by_other else name


def _free_name(role: str, section: Page, group: Group | None = None) -> str:
    """The group's name from the section's title; with the section's id when another group has it."""
    name = _section_group_name(role, section, False)
    others = Group.objects.filter(name=name).exclude(pk=group.pk if group else None)
    return _section_group_name(role, section, others.exists())


def rename_section_groups(section: Page) -> list[str]:
    """The per-section groups of ``section`` named again from its (new) title; the names given."""
    renamed = []
    for group in _section_groups().filter(page_permissions__page=section).distinct():
        role = next(role for role in SECTION_ROLES if group.name.startswith(section_group_prefix(role)))
        name = _free_name(role, section, group)
        if group.name != name:
            group.name = name
            group.save(update_fields=["name"])
            renamed.append(name)
    return renamed


def _section_group(role: str, section: Page) -> Group:
    """The role's group on one section, created with the role's rights the first time, kept in step after."""
    role_group = Group.objects.get(name=role)
    group = Group.objects.filter(name__startswith=section_group_prefix(role), page_permissions__page=section).first()
    if group is None:
        group = Group.objects.create(name=_free_name(role, section))
        # The role's own rights on pages, on this section only: a collaborator's "add", an editor's "add, change".
        held = set(GroupPagePermission.objects.filter(group=role_group).values_list("permission__codename", flat=True))
        for codename in (codename for codename in SECTION_PAGE_PERMISSIONS if codename in held):
            GroupPagePermission.objects.create(
                group=group,
                page=section,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
    group.permissions.set(role_group.permissions.all())
    for grant in GroupCollectionPermission.objects.filter(group=role_group):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection_id=grant.collection_id, permission_id=grant.permission_id
        )
    return group


@transaction.atomic
def assign_sections(actor, member, section_ids: list[int]) -> None:
    """Narrow a member of a sectioned role to these sections (none: the whole site again)."""
    _manageable(member, actor)
    role = _role_of(list(member.groups.all()))
    if role not in SECTION_ROLES:
        raise MemberError(
            _("Chỉ thành viên có vai trò %(roles)s mới được giao chuyên mục.") % {"roles": ", ".join(SECTION_ROLES)}
        )
    by_id = {section.pk: section for section in sections()}
    unknown = [pk for pk in section_ids if pk not in by_id]
    if unknown:
        raise MemberError(_("Chuyên mục được chọn không thuộc trang này."))
    chosen = [by_id[pk] for pk in dict.fromkeys(section_ids)]
    member.groups.remove(*_board_groups())
    if chosen:
        member.groups.add(*(_section_group(role, section) for section in chosen))
    else:
        member.groups.add(_role(role))
    _log(SECTIONS_ACTION, member, actor, role=role, sections=[section.title for section in chosen])
