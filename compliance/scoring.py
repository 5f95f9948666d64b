"""The score of a site (0–100), grouped like the ministry's yearly evaluation criteria.

Weights (documented in ``docs/compliance.md``): required information 40, timeliness 25, interaction
and public services 20, technical requirements 15. Within a group each check has the weight given
on its line in ``compliance.registry.CHECKS``. A check counts 1 when present, 0.5 when stale, 0 when
missing; a late check counts the share of its dated items posted on time; not-applicable checks
(and groups with none applicable) are left out, so a site is not punished for what it cannot have.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .findings import LATE, ON_TIME, Finding, Status
from .registry import CONTENT, INTERACTION, TECHNICAL, TIMELINESS

GROUPS = {
    CONTENT: (40, _("Cung cấp thông tin bắt buộc")),
    TIMELINESS: (25, _("Cập nhật kịp thời")),
    INTERACTION: (20, _("Tương tác, dịch vụ công")),
    TECHNICAL: (15, _("Yêu cầu kỹ thuật")),
}


def finding_value(finding: Finding) -> float | None:
    if finding.status == Status.NOT_APPLICABLE:
        return None
    if finding.status == Status.PRESENT:
        return 1.0
    if finding.status == Status.STALE:
        return 0.5
    if finding.status == Status.LATE:
        dated = [item for item in finding.evidence if item.status in (LATE, ON_TIME)]
        return sum(item.status == ON_TIME for item in dated) / len(dated) if dated else 0.0
    return 0.0


def score(findings: list[Finding], weights: dict[str, int]) -> tuple[float, dict[str, float]]:
    """(total, per-group score), each 0–100 rounded to one decimal; ``weights``: check code → weight."""
    sums: dict[str, list[float]] = {group: [0.0, 0.0] for group in GROUPS}
    for finding in findings:
        value = finding_value(finding)
        if value is None:
            continue
        weight = weights.get(finding.code, 1)
        if not weight:
            continue  # informational checks (weight 0) do not count
        sums[finding.group][0] += weight * value
        sums[finding.group][1] += weight
    groups = {group: round(100 * got / possible, 1) for group, (got, possible) in sums.items() if possible}
    total_weight = sum(GROUPS[group][0] for group in groups)
    total = sum(GROUPS[group][0] * value for group, value in groups.items()) / total_weight if total_weight else 0.0
    return round(total, 1), groups
