"""The editorial board (Ban Biên tập) of every site: its groups, one per step of the 3-step
publishing workflow of D18 (cập nhật → biên tập → duyệt). The content app creates the groups and
the workflow; other apps grant the same groups their own permissions, so the names live here."""

from __future__ import annotations

EDITOR_GROUP = "Biên tập viên"  # update: any board member drafts and submits
DEPUTY_GROUP = "Phó trưởng ban"  # edit: the deputy head edits and passes on
HEAD_GROUP = "Trưởng ban"  # approve: the head publishes
BOARD_GROUPS = (EDITOR_GROUP, DEPUTY_GROUP, HEAD_GROUP)
