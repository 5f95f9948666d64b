"""The editorial board (Ban Biên tập) of every site: its groups, one per step of the 3-step
publishing workflow of D18 (cập nhật → biên tập → duyệt), and its collaborators (cộng tác viên, issue 15),
who send drafts into it but are not members: they never publish, approve, nor see citizens' personal data,
so the apps that grant the board its rights on questions, comments and the intake inbox (over
``BOARD_GROUPS``) give collaborators nothing. The content app creates the groups and the workflow; other
apps grant the same groups their own permissions, so the names live here."""

from __future__ import annotations

EDITOR_GROUP = "Biên tập viên"  # update: any board member drafts and submits
DEPUTY_GROUP = "Phó trưởng ban"  # edit: the deputy head edits and passes on
HEAD_GROUP = "Trưởng ban"  # approve: the head publishes
BOARD_GROUPS = (EDITOR_GROUP, DEPUTY_GROUP, HEAD_GROUP)
COLLABORATOR_GROUP = "Cộng tác viên"  # drafts news, articles, documents and submits them; not a board member
SITE_ROLES = (*BOARD_GROUPS, COLLABORATOR_GROUP)  # the roles province IT gives a site's accounts (console)
