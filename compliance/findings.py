"""What a check returns: a status, a message and the evidence (the page, document or question
concerned, its public URL and the link to fix it in that site's admin); and a site's report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Status(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    STALE = "stale"
    LATE = "late"
    NOT_APPLICABLE = "not_applicable"


STATUS_LABELS = {
    Status.PRESENT: _("đạt"),
    Status.MISSING: _("thiếu"),
    Status.STALE: _("chưa cập nhật"),
    Status.LATE: _("đăng muộn"),
    Status.NOT_APPLICABLE: _("không áp dụng"),
}

# The worse status wins when several checks (or items) speak about one duty.
SEVERITY = {Status.NOT_APPLICABLE: 0, Status.PRESENT: 1, Status.STALE: 2, Status.LATE: 3, Status.MISSING: 4}

# Status of one evidence item (a deadline met, missed or not knowable; a section found or empty…).
ON_TIME, LATE, UNKNOWN, OK, PROBLEM = "on_time", "late", "unknown", "ok", "problem"


def worst(statuses) -> Status:
    statuses = list(statuses)
    return max(statuses, key=SEVERITY.__getitem__) if statuses else Status.NOT_APPLICABLE


@dataclass
class Evidence:
    """One object a finding is about."""

    label: str
    status: str = OK
    detail: str = ""
    object: str = ""  # "<app_label.model>:<pk>"
    public_url: str = ""
    admin_url: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Outcome:
    """What one check function returns."""

    status: Status
    message: str = ""
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Finding:
    """The outcome of one registered check on one site."""

    code: str
    duty: str
    group: str
    title: str
    status: Status
    message: str = ""
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "duty": self.duty,
            "group": self.group,
            "title": str(self.title),
            "status": str(self.status),
            "message": str(self.message),
            "evidence": [item.to_dict() for item in self.evidence],
        }


@dataclass
class SiteReport:
    """Every finding of one site, each duty's status (the worst of its checks), and the score."""

    path: str
    name: str
    day: date
    computed_at: datetime
    findings: list[Finding]
    duties: dict[str, Status]
    score: float
    group_scores: dict[str, float]

    def counts(self) -> dict[str, int]:
        counts = {str(status): 0 for status in Status}
        for status in self.duties.values():
            counts[str(status)] += 1
        return counts

    def late_items(self) -> list[dict]:
        return [
            {"code": finding.code, "duty": finding.duty, **item.to_dict()}
            for finding in self.findings
            for item in finding.evidence
            if item.status == LATE
        ]

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "name": self.name,
            "day": self.day.isoformat(),
            "computed_at": self.computed_at.isoformat(),
            "score": self.score,
            "group_scores": self.group_scores,
            "counts": self.counts(),
            "duties": {duty: str(status) for duty, status in self.duties.items()},
            "findings": [finding.to_dict() for finding in self.findings],
        }
