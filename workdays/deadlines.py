"""Posting deadlines of a site (D35): the regulations' defaults, the province's defaults (public
schema, ``PostingDeadline`` rows without a tenant) and one site's overrides, in that order of
precedence; and whether an item counted from a start date met its deadline in working days.

Callers ask ``deadlines_for(tenant)`` once per evaluation and then ``due_date`` / ``is_late`` per
item, so the calendar and the settings are read once, not per item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from .models import DEADLINE_DEFAULTS, HOURS, DeadlineKind, PostingDeadline
from .services import add_working_days

__all__ = ["DeadlineKind", "Deadlines", "deadlines_for", "province_defaults", "set_deadlines"]


@dataclass(frozen=True)
class Deadlines:
    """The effective deadlines of one site: kind → value (working days, or hours for withdrawals),
    with where each comes from (``"law"``: the regulations' default, ``"province"``, ``"site"``)."""

    values: dict[str, int]
    origins: dict[str, str]

    def __getitem__(self, kind: str) -> int:
        return self.values[kind]

    def unit(self, kind: str) -> str:
        return DEADLINE_DEFAULTS[kind][1]

    def due_date(self, kind: str, start: date) -> date:
        """The last day on which an item counted from ``start`` is still on time."""
        if self.unit(kind) == HOURS:
            raise ValueError(f"{kind} is counted in hours: use due_at")
        return add_working_days(start, self.values[kind])

    def due_at(self, kind: str, start: datetime) -> datetime:
        return start + timedelta(hours=self.values[kind])

    def is_late(self, kind: str, start: date, done: date) -> bool:
        return done > self.due_date(kind, start)


def _rows(tenant_id: int | None) -> dict[str, int]:
    with schema_context(get_public_schema_name()):
        return dict(PostingDeadline.objects.filter(tenant_id=tenant_id).values_list("kind", "value"))


def province_defaults() -> Deadlines:
    """The province's defaults (the regulations' values where the province has set none)."""
    return _merge(_rows(None), {})


def deadlines_for(tenant) -> Deadlines:
    """The deadlines that apply to ``tenant`` (``None``: the province defaults)."""
    tenant_id = getattr(tenant, "pk", None)
    return _merge(_rows(None), _rows(tenant_id) if tenant_id else {})


def _merge(province: dict[str, int], site: dict[str, int]) -> Deadlines:
    values, origins = {}, {}
    for kind, (default, _unit) in DEADLINE_DEFAULTS.items():
        if kind in site:
            values[kind], origins[kind] = site[kind], "site"
        elif kind in province:
            values[kind], origins[kind] = province[kind], "province"
        else:
            values[kind], origins[kind] = default, "law"
    return Deadlines(values, origins)


def set_deadlines(values: dict[str, int | None], tenant=None) -> Deadlines:
    """Set the province defaults (``tenant=None``) or one site's overrides; ``None`` as a value removes
    the override (the site falls back to the province, the province to the regulations). Unknown
    kinds or negative values raise ``ValueError`` and nothing is changed."""
    unknown = sorted(set(values) - set(DeadlineKind.values))
    if unknown:
        raise ValueError(f"unknown deadline kinds: {', '.join(unknown)}")
    negative = sorted(kind for kind, value in values.items() if value is not None and value < 0)
    if negative:
        raise ValueError(f"deadlines must be zero or more: {', '.join(negative)}")
    tenant_id = getattr(tenant, "pk", None)
    with schema_context(get_public_schema_name()), transaction.atomic():
        for kind, value in values.items():
            if value is None:
                PostingDeadline.objects.filter(tenant_id=tenant_id, kind=kind).delete()
            else:
                PostingDeadline.objects.update_or_create(tenant_id=tenant_id, kind=kind, defaults={"value": value})
    return deadlines_for(tenant)
