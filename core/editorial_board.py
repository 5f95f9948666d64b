"""The editorial board (Ban Biên tập) of every site: its groups, one per step of the 3-step
publishing workflow of D18 (cập nhật → biên tập → duyệt), and its collaborators (cộng tác viên, issue 15),
who send drafts into it but are not members: they never publish, approve, nor see citizens' personal data,
so the apps that grant the board its rights on questions, comments and the intake inbox (over
``BOARD_GROUPS``) give collaborators nothing. The content app creates the groups and the workflow; other
apps grant the same groups their own permissions, so the names live here."""

from __future__ import annotations

from django.db.models import Q

EDITOR_GROUP = "Biên tập viên"  # update: any board member drafts and submits
DEPUTY_GROUP = "Phó trưởng ban"  # edit: the deputy head edits and passes on
HEAD_GROUP = "Trưởng ban"  # approve: the head publishes
BOARD_GROUPS = (EDITOR_GROUP, DEPUTY_GROUP, HEAD_GROUP)
COLLABORATOR_GROUP = "Cộng tác viên"  # drafts news, articles, documents and submits them; not a board member
SITE_ROLES = (*BOARD_GROUPS, COLLABORATOR_GROUP)  # the roles province IT gives a site's accounts (console)

# The roles the head (Trưởng ban) may give a member on the board's screen: only these groups, and the
# per-section groups of SECTION_ROLES below, are ever assigned there (a role whose group a site does
# not have yet is not offered).
MEMBER_ROLES = (COLLABORATOR_GROUP, EDITOR_GROUP, DEPUTY_GROUP, HEAD_GROUP)
# Roles that may be narrowed to sections: "Biên tập viên · Tin tức" holds the role's rights on one
# section index page of the site instead of on the whole site.
SECTION_ROLES = (COLLABORATOR_GROUP, EDITOR_GROUP)
SECTION_SEPARATOR = " · "


def section_group_prefix(role: str) -> str:
    """The start of the names of ``role``'s per-section groups."""
    return f"{role}{SECTION_SEPARATOR}"


def in_board(field: str = "groups__name") -> Q:
    """Accounts (or groups, ``field="name"``) of the board: its groups, and its members narrowed to sections."""
    found = Q(**{f"{field}__in": BOARD_GROUPS})
    for role in SECTION_ROLES:
        if role in BOARD_GROUPS:
            found |= Q(**{f"{field}__startswith": section_group_prefix(role)})
    return found
