"""A site's royalty statement for a month (``2026-11``) or a quarter (``2026-Q4``): per contributor
the grade lines graded in the period (not revoked in it) and, as negative adjustment lines, the grades
revoked in the period that were graded before it — never silently dropped; the totals; and the
"contributions counted" (issue 15 item 7): per person and per unit, items submitted and accepted
(the intake's submissions) and published (pages first published in the period, by contributor).
Output: ``write_csv`` and ``render_text``; the admin's printable page renders the same ``Statement``."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.periods import PeriodError, aware_bounds, period_bounds
from core.text import fold
from intake.models import Submission
from tenants.models import Tenant

from ..grading.models import Grade
from .errors import RoyaltyError
from .grading import CONTENT_DEPTH
from .people import contributors_of
from .scales import scale_for

UNIT = "unit"
ZERO = Decimal("0")


@dataclass(frozen=True)
class Line:
    page_id: int | None
    page_title: str
    role: str
    category: str
    coefficient: Decimal | None
    amount: Decimal  # negative on an adjustment line
    graded_on: date
    adjustment: bool = False
    revoked_on: date | None = None


@dataclass
class ContributorSection:
    name: str
    lines: list[Line] = field(default_factory=list)

    @property
    def items(self) -> int:
        return len({line.page_id or line.page_title for line in self.lines if not line.adjustment})

    @property
    def grades(self) -> int:
        return sum(1 for line in self.lines if not line.adjustment)

    @property
    def adjustments(self) -> int:
        return sum(1 for line in self.lines if line.adjustment)

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


@dataclass
class Contribution:
    name: str
    kind: str  # "person" | "unit"
    submitted: int = 0
    accepted: int = 0
    published: int = 0


@dataclass
class Statement:
    site_path: str
    site_name: str
    period: str
    start: date
    end: date
    scale: str
    sections: list[ContributorSection]
    contributions: list[Contribution]

    @property
    def total(self) -> Decimal:
        return sum((section.amount for section in self.sections), ZERO)

    @property
    def grades(self) -> int:
        return sum(section.grades for section in self.sections)

    @property
    def adjustments_total(self) -> Decimal:
        return sum((line.amount for s in self.sections for line in s.lines if line.adjustment), ZERO)


def statement_period(text: str, today: date | None = None) -> tuple[date, date]:
    """The period's days; a malformed period or one that has not begun is refused."""
    try:
        start, end = period_bounds(text)
    except PeriodError as error:
        raise RoyaltyError(str(error)) from error
    today = today or timezone.localdate()
    if start > today:
        raise RoyaltyError(
            _("Kỳ “%(period)s” chưa đến (hôm nay là %(today)s): không lập bảng kê cho kỳ tương lai.")
            % {"period": text, "today": today.strftime("%d/%m/%Y")}
        )
    return start, end


def _line(grade: Grade, adjustment: bool = False) -> Line:
    return Line(
        page_id=grade.page_id,
        page_title=grade.page_title,
        role=grade.role,
        category=grade.category_name,
        coefficient=grade.coefficient,
        amount=-grade.amount if adjustment else grade.amount,
        graded_on=timezone.localdate(grade.graded_at),
        adjustment=adjustment,
        revoked_on=timezone.localdate(grade.revoked_at) if grade.revoked_at else None,
    )


def _sections(start: date, end: date) -> list[ContributorSection]:
    low, high = aware_bounds(start, end)
    revoked_within = Q(revoked_at__gte=low, revoked_at__lt=high)
    graded = Grade.objects.filter(graded_at__gte=low, graded_at__lt=high).exclude(revoked_within)
    adjusted = Grade.objects.filter(revoked_within, graded_at__lt=low)
    sections: dict[str, ContributorSection] = {}
    for grade, adjustment in [(g, False) for g in graded] + [(g, True) for g in adjusted]:
        sections.setdefault(grade.contributor, ContributorSection(grade.contributor)).lines.append(
            _line(grade, adjustment)
        )
    return sorted(sections.values(), key=lambda section: (fold(section.name), section.name))


def _contributions(start: date, end: date) -> list[Contribution]:
    low, high = aware_bounds(start, end)
    counted: dict[tuple[str, str], Contribution] = {}

    def row(name: str, kind: str) -> Contribution:
        return counted.setdefault((kind, name), Contribution(name, kind))

    submissions = Submission.objects.filter(
        Q(received_at__gte=low, received_at__lt=high) | Q(handled_at__gte=low, handled_at__lt=high)
    )
    for submission in submissions:
        received = low <= submission.received_at < high
        accepted = (
            submission.status == Submission.Status.ACCEPTED
            and submission.handled_at is not None
            and low <= submission.handled_at < high
        )
        holders = [(submission.sender_name.strip(), "person")]
        if submission.organisation.strip():
            holders.append((submission.organisation.strip(), UNIT))
        for name, kind in holders:
            entry = row(name, kind)
            entry.submitted += received
            entry.accepted += accepted
    published = Page.objects.filter(
        depth__gte=CONTENT_DEPTH, first_published_at__gte=low, first_published_at__lt=high
    ).select_related("owner")
    for page in published.specific():
        for person in {(p.name, UNIT if p.is_unit else "person") for p in contributors_of(page)}:
            row(*person).published += 1
    return sorted(counted.values(), key=lambda entry: (entry.kind != "person", fold(entry.name), entry.name))


def build_statement(tenant: Tenant, period: str, today: date | None = None) -> Statement:
    """The statement of the current schema's site (``tenant``) for ``period``."""
    start, end = statement_period(period, today)
    scale = scale_for(tenant)
    return Statement(
        site_path=tenant.path,
        site_name=tenant.name,
        period=period.strip().upper(),
        start=start,
        end=end,
        scale=scale.name if scale else "",
        sections=_sections(start, end),
        contributions=_contributions(start, end),
    )


CSV_HEADER = [
    "line",
    "contributor",
    "role",
    "page_id",
    "page",
    "category",
    "coefficient",
    "amount_vnd",
    "graded_on",
    "revoked_on",
]


def write_csv(statement: Statement, out) -> None:
    writer = csv.writer(out)
    writer.writerow(["site", statement.site_path, statement.site_name, "period", statement.period, statement.scale])
    writer.writerow(CSV_HEADER)
    for section in statement.sections:
        for line in section.lines:
            writer.writerow(
                [
                    "adjustment" if line.adjustment else "grade",
                    section.name,
                    line.role,
                    line.page_id or "",
                    line.page_title,
                    line.category,
                    "" if line.coefficient is None else line.coefficient,
                    line.amount,
                    line.graded_on.isoformat(),
                    line.revoked_on.isoformat() if line.revoked_on and line.adjustment else "",
                ]
            )
        writer.writerow(
            [
                "subtotal",
                section.name,
                "",
                "",
                f"items={section.items}",
                f"grades={section.grades}",
                "",
                section.amount,
                "",
                "",
            ]
        )
    writer.writerow(["total", "", "", "", "", f"grades={statement.grades}", "", statement.total, "", ""])
    writer.writerow([])
    writer.writerow(["contributions", "name", "kind", "submitted", "accepted", "published"])
    for entry in statement.contributions:
        writer.writerow(["contribution", entry.name, entry.kind, entry.submitted, entry.accepted, entry.published])


def _money(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", ".")


def render_text(statement: Statement) -> str:
    lines = [
        f"{statement.site_name} ({statement.site_path}) — {_('Bảng kê nhuận bút')} {statement.period} "
        f"({statement.start:%d/%m/%Y}–{statement.end:%d/%m/%Y}) — {statement.scale or '—'}"
    ]
    for section in statement.sections:
        lines.append(
            f"{section.name}: {section.items} {_('tin, bài')}, {section.grades} {_('dòng chấm')}, {_money(section.amount)} đ"
        )
        for line in section.lines:
            mark = _("điều chỉnh") if line.adjustment else line.graded_on.strftime("%d/%m/%Y")
            coefficient = "" if line.coefficient is None else f" × {line.coefficient}"
            lines.append(f"  [{mark}] {line.page_title} — {line.category}{coefficient}: {_money(line.amount)} đ")
    lines.append(f"{_('Tổng cộng')}: {_money(statement.total)} đ")
    lines.append(_("Tin, bài được tính (gửi / nhận / đăng):"))
    for entry in statement.contributions:
        kind = _("đơn vị") if entry.kind == UNIT else _("cá nhân")
        lines.append(f"  {entry.name} ({kind}): {entry.submitted} / {entry.accepted} / {entry.published}")
    return "\n".join(lines) + "\n"
