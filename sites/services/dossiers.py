"""Public-service dossier results (D15): the home-page widget "Kết quả giải quyết TTHC" and the import
of the figures from a CSV export of the national public service portal (Cổng Dịch vụ công quốc gia).

The import file (UTF-8, with or without a byte-order mark; columns separated by "," or ";"), one row per
procedure and period, headers in Vietnamese with or without diacritics, in any order:

========================  ===========================================================================
``Kỳ``                    the period: ``MM/YYYY`` (a month) or ``YYYY`` (a year); or instead both of
``Từ ngày``, ``Đến ngày`` the first and last day (``DD/MM/YYYY`` or ``YYYY-MM-DD``)
``Mã thủ tục``            the national procedure code (``1.001193``); or instead
``Tên thủ tục``           the procedure's title on this site (exactly one service must have it)
``Tiếp nhận``             dossiers received
``Đúng hạn``              resolved on time
``Trễ hạn``               resolved late
``Đang giải quyết``       pending (optional)
========================  ===========================================================================

``STT``, ``Ghi chú`` and rate columns (``Tỷ lệ …``) are ignored; any other column is an error. The import
is all or nothing: one wrong row and nothing is stored; a figure already stored for the same procedure and
period is replaced by the file's.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from core.text import fold, nfc

from ..models.public_services import DossierStatistics, ServicePage

IMPORT_ACTION = "portal.import_dossiers"
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 20000


@dataclass(frozen=True)
class DossierSummary:
    year: int
    received: int
    processed: int
    on_time: int
    late: int
    updated_at: datetime.datetime | None
    # The latest period (the rows that end on the latest day): what "% đã giải quyết" is computed from.
    # Defaults keep a summary cached before these fields existed readable.
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    period_received: int = 0
    period_on_time: int = 0

    @property
    def late_rate(self) -> float:
        """Percentage of processed dossiers that were late (one decimal)."""
        return round(100 * self.late / self.processed, 1) if self.processed else 0.0

    @property
    def on_time_rate(self) -> float:
        return round(100 * self.on_time / self.processed, 1) if self.processed else 0.0

    @property
    def resolved_rate(self) -> Decimal | None:
        """ "% đã giải quyết" of the latest period: resolved on time over received, one decimal rounded
        half up, in exact decimal arithmetic (no float artefacts); None without dossiers received."""
        return resolved_rate(self.period_on_time, self.period_received)


def resolved_rate(on_time: int, received: int) -> Decimal | None:
    if not received:
        return None
    return (Decimal(100 * on_time) / Decimal(received)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def dossier_summary(root: Page | None = None, year: int | None = None) -> DossierSummary | None:
    """Totals over the live services beneath ``root`` for ``year`` (default: the latest year with data),
    and the figures of the latest period of that year."""
    rows = DossierStatistics.objects.filter(service__live=True)
    if root is not None:
        rows = rows.filter(service__path__startswith=root.path)
    latest = (rows.filter(period_end__year=year) if year is not None else rows).aggregate(latest=Max("period_end"))[
        "latest"
    ]
    if latest is None:
        if year is None:
            return None
        return DossierSummary(year=year, received=0, processed=0, on_time=0, late=0, updated_at=None)
    year = latest.year
    in_period = Q(period_end=latest)
    totals = rows.filter(period_end__year=year).aggregate(
        year_received=Sum("received"),
        year_processed=Sum("processed"),
        year_on_time=Sum("on_time"),
        year_late=Sum("late"),
        last_update=Max("updated_at"),
        first_day=Max("period_start", filter=in_period),
        period_received=Sum("received", filter=in_period),
        period_on_time=Sum("on_time", filter=in_period),
    )  # aliases unlike the field names: an aggregate may not be named as a field it sums
    return DossierSummary(
        year=year,
        received=totals["year_received"] or 0,
        processed=totals["year_processed"] or 0,
        on_time=totals["year_on_time"] or 0,
        late=totals["year_late"] or 0,
        updated_at=totals["last_update"],
        period_start=totals["first_day"],
        period_end=latest,
        period_received=totals["period_received"] or 0,
        period_on_time=totals["period_on_time"] or 0,
    )


# ---------------------------------------------------------------------------------------------------
# CSV import

# Each column of the file: the folded headers (lower case, no diacritics) it is recognised by.
COLUMNS: dict[str, tuple[str, ...]] = {
    "period": ("ky", "ky bao cao", "thang"),
    "period_start": ("tu ngay", "ngay bat dau"),
    "period_end": ("den ngay", "ngay ket thuc"),
    "code": ("ma thu tuc", "ma tthc", "ma"),
    "name": ("ten thu tuc", "ten tthc", "thu tuc"),
    "received": ("tiep nhan", "da tiep nhan", "so ho so tiep nhan", "tong so tiep nhan"),
    "on_time": ("dung han", "giai quyet dung han", "da giai quyet dung han"),
    "late": ("tre han", "qua han", "giai quyet tre han", "da giai quyet tre han"),
    "pending": ("dang giai quyet", "dang xu ly", "chua giai quyet"),
}
COUNTS = ("received", "on_time", "late", "pending")
REQUIRED_COUNTS = ("received", "on_time", "late")
IGNORED = re.compile(r"^(stt|so tt|ghi chu|ty le\b.*)$")
_HEADER_OF = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
_INTEGER = re.compile(r"^\d+$")
_NEGATIVE = re.compile(r"^-\s*\d+([.,]\d+)?$")


@dataclass(frozen=True)
class ImportProblem:
    line: int  # the line of the file; 0: the file as a whole
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("Dòng %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def stored(self) -> int:
        return self.created + self.updated


@dataclass(frozen=True)
class _Row:
    line: int
    service: ServicePage
    period_start: datetime.date
    period_end: datetime.date
    counts: dict[str, int]


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _parse_date(value: str) -> datetime.date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _parse_period(value: str) -> tuple[datetime.date, datetime.date] | None:
    """ "10/2026" → 1–31 October 2026; "2026" → the year."""
    if match := re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{4})", value):
        month, year = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
        return None
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return None


def _read_header(cells: list[str], line: int) -> tuple[dict[str, int], list[ImportProblem]]:
    positions: dict[str, int] = {}
    problems: list[ImportProblem] = []
    for index, cell in enumerate(cells):
        label = fold(nfc(cell).strip().strip('"'))
        if not label or IGNORED.match(label):
            continue
        key = _HEADER_OF.get(label)
        if key is None:
            problems.append(ImportProblem(line, _("cột “%(column)s” không thuộc mẫu nhập.") % {"column": cell.strip()}))
        elif key in positions:
            problems.append(ImportProblem(line, _("cột “%(column)s” bị lặp.") % {"column": cell.strip()}))
        else:
            positions[key] = index
    missing = []
    if "period" not in positions and not {"period_start", "period_end"} <= positions.keys():
        missing.append(_("Kỳ (hoặc Từ ngày và Đến ngày)"))
    if "code" not in positions and "name" not in positions:
        missing.append(_("Mã thủ tục (hoặc Tên thủ tục)"))
    labels = _count_labels()
    missing += [labels[key] for key in REQUIRED_COUNTS if key not in positions]
    if missing:
        problems.append(ImportProblem(line, _("thiếu cột: %(columns)s.") % {"columns": "; ".join(missing)}))
    return positions, problems


class _Procedures:
    """The site's procedures in the source language (figures belong to the source page, not its
    translations), by code and by folded title; read once per import, on first use."""

    def __init__(self) -> None:
        self._by: dict[str, dict[str, list[ServicePage]]] = {}

    def find(self, key: str, value: str) -> list[ServicePage]:
        if key not in self._by:
            found: dict[str, list[ServicePage]] = {}
            for service in ServicePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).only(
                "id", "title", "code", "path"
            ):
                found.setdefault(service.code.strip() if key == "code" else fold(service.title), []).append(service)
            self._by[key] = found
        return self._by[key].get(value if key == "code" else fold(value), [])


def _count_labels() -> dict[str, str]:
    return {"received": _("Tiếp nhận"), "on_time": _("Đúng hạn"), "late": _("Trễ hạn"), "pending": _("Đang giải quyết")}


def _row_service(cell, procedures: _Procedures, problems: list[str]) -> ServicePage | None:
    code, name = cell("code"), cell("name")
    if code:
        matches = procedures.find("code", code)
        if not matches:
            problems.append(_("không có thủ tục mã “%(code)s” trên trang này.") % {"code": code})
    elif name:
        matches = procedures.find("name", name)
        if not matches:
            problems.append(_("không có thủ tục “%(name)s” trên trang này.") % {"name": name})
        elif len(matches) > 1:
            problems.append(_("có nhiều thủ tục tên “%(name)s”: ghi mã thủ tục để phân biệt.") % {"name": name})
    else:
        matches = []
        problems.append(_("thiếu mã thủ tục."))
    return matches[0] if len(matches) == 1 else None


def _row_period(cell, positions: dict[str, int], problems: list[str]) -> tuple[datetime.date, datetime.date] | None:
    if "period" in positions and cell("period"):
        period = _parse_period(cell("period"))
        if period is None:
            problems.append(_("kỳ “%(value)s” không đúng dạng MM/YYYY hoặc YYYY.") % {"value": cell("period")})
        return period
    start, end = _parse_date(cell("period_start")), _parse_date(cell("period_end"))
    if start is None or end is None:
        problems.append(_("thiếu kỳ, hoặc ngày không đúng dạng DD/MM/YYYY."))
        return None
    if end < start:
        problems.append(_("ngày cuối kỳ phải sau ngày đầu kỳ."))
        return None
    return start, end


def _row_counts(cell, problems: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    labels = _count_labels()
    for key in COUNTS:
        value = cell(key).replace(" ", "")
        if not value and key not in REQUIRED_COUNTS:
            counts[key] = 0
        elif _INTEGER.match(value):
            counts[key] = int(value)
        elif _NEGATIVE.match(value):
            problems.append(
                _("“%(column)s” là số âm (%(value)s): số hồ sơ không thể âm.") % {"column": labels[key], "value": value}
            )
        else:
            problems.append(
                _("“%(column)s” phải là số nguyên không âm, không phải “%(value)s”.")
                % {"column": labels[key], "value": value}
            )
    return counts


def _parse_rows(text: str) -> tuple[list[_Row], list[ImportProblem]]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        return [], [ImportProblem(0, _("Tệp không có dữ liệu."))]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first), strict=True)
    rows: list[_Row] = []
    problems: list[ImportProblem] = []
    positions: dict[str, int] | None = None
    procedures = _Procedures()
    seen: dict[tuple[int, datetime.date, datetime.date], int] = {}
    for cells in _safe_rows(reader, problems):
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if positions is None:
            positions, header_problems = _read_header(cells, line)
            if header_problems:
                return [], header_problems  # rows cannot be read against wrong columns
            continue
        if len(rows) + len(problems) >= MAX_IMPORT_ROWS:
            problems.append(ImportProblem(line, _("tệp quá %(count)d dòng.") % {"count": MAX_IMPORT_ROWS}))
            break
        cell = _cell_reader(cells, positions)
        row_problems: list[str] = []
        service = _row_service(cell, procedures, row_problems)
        period = _row_period(cell, positions, row_problems)
        counts = _row_counts(cell, row_problems)
        if service is not None and period is not None:
            key = (service.pk, *period)
            if key in seen:
                row_problems.append(_("thủ tục và kỳ này đã có ở dòng %(line)d.") % {"line": seen[key]})
            seen.setdefault(key, line)
        problems += [ImportProblem(line, message) for message in row_problems]
        if not row_problems and service is not None and period is not None:
            rows.append(_Row(line, service, period[0], period[1], counts))
    if positions is None:
        problems.append(ImportProblem(0, _("Tệp không có dữ liệu.")))
    elif not rows and not problems:
        problems.append(ImportProblem(0, _("Tệp chỉ có dòng tiêu đề, không có số liệu.")))
    return rows, problems


def _safe_rows(reader, problems: list[ImportProblem]):
    """The rows of ``reader``; a line the csv module cannot read (a NUL byte, a broken quote) ends the
    reading with a problem on that line instead of an exception."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(ImportProblem(reader.line_num, _("dòng không đọc được (%(error)s).") % {"error": error}))
            return


def _cell_reader(cells: list[str], positions: dict[str, int]):
    """The cell of a column in this row, NFC and stripped ("" when the column or the cell is absent)."""

    def cell(key: str) -> str:
        index = positions.get(key)
        return nfc(cells[index]).strip() if index is not None and index < len(cells) else ""

    return cell


def import_dossier_csv(data: bytes, user, filename: str = "") -> ImportResult:
    """Store the figures of a CSV export (the columns above), all or nothing: any problem and nothing is
    written, the result lists every problem with its line. Each stored row is logged (who, when, file)."""
    if len(data) > MAX_IMPORT_BYTES:
        return ImportResult(
            problems=[ImportProblem(0, _("Tệp lớn hơn %(mb)d MB.") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)})]
        )
    text = _decode(data)
    if text is None:
        return ImportResult(
            problems=[ImportProblem(0, _("Tệp không phải văn bản UTF-8 (CSV xuất từ Cổng Dịch vụ công)."))]
        )
    rows, problems = _parse_rows(text)
    if problems:
        return ImportResult(problems=problems)
    result = ImportResult()
    with transaction.atomic():
        for row in rows:
            on_time, late = row.counts["on_time"], row.counts["late"]
            figures, created = DossierStatistics.objects.update_or_create(
                service=row.service,
                period_start=row.period_start,
                period_end=row.period_end,
                defaults={
                    "received": row.counts["received"],
                    "processed": on_time + late,
                    "on_time": on_time,
                    "late": late,
                    "pending": row.counts["pending"],
                },
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
            log(
                instance=figures,
                action=IMPORT_ACTION,
                user=user,
                data={"file": filename, "line": row.line, "created": created},
            )
    return result
