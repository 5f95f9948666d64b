"""The audit log: every console action and every lifecycle command, who, when, what, before → after.

Lifecycle changes are recorded from ``tenants.signals.tenant_changed``, which every tenants service
sends inside the transaction of its change (tenants/ cannot import the console: it sits above). So a
change made by ``manage.py tenants …`` and the same change made in the console are logged by one
receiver, and an entry commits — or rolls back — with its change. Who acted comes from
:func:`acting_as`, which the console views wrap around their service calls; outside it the actor is the
command line's operating-system user. Console actions that are not tenant lifecycle (accounts across
sites, lockouts) call :func:`record` themselves.
"""

from __future__ import annotations

import csv
import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db.models import QuerySet
from django_tenants.utils import schema_context

from core.text import nfc_data
from tenants.tree import under_path

from ..models import AuditEntry

_actor: ContextVar[str | None] = ContextVar("console_actor", default=None)


@contextmanager
def acting_as(user) -> Iterator[None]:
    token = _actor.set(user.get_username())
    try:
        yield
    finally:
        _actor.reset(token)


def _command_actor() -> str:
    try:
        return f"manage.py ({getpass.getuser()})"
    except (KeyError, OSError):
        return "manage.py"


def record(
    action: str, site_path: str = "", before: dict | None = None, after: dict | None = None, actor: str | None = None
) -> AuditEntry:
    """One entry; the actor is :func:`acting_as`'s, else ``actor`` (an officer whose request runs in a
    background job: the console), else the command line's user."""
    actor = _actor.get() or actor
    with schema_context("public"):
        return AuditEntry.objects.create(
            actor=actor or _command_actor(),
            action=action,
            site_path=site_path,
            before=nfc_data(before or {}),
            after=nfc_data(after or {}),
            via="console" if actor else "command",
        )


def entries(
    actor: str = "", action: str = "", site: str = "", since: date | None = None, until: date | None = None
) -> QuerySet[AuditEntry]:
    """The log filtered: actor and site by prefix (a site's path selects its subtree), dates inclusive."""
    with schema_context("public"):
        found = AuditEntry.objects.all()
    if actor:
        found = found.filter(actor__istartswith=actor)
    if action:
        found = found.filter(action=action)
    if site:
        found = found.filter(under_path(site, "site_path"))
    if since:
        found = found.filter(at__date__gte=since)
    if until:
        found = found.filter(at__date__lte=until)
    return found


def actions() -> list[str]:
    with schema_context("public"):
        return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def write_csv(queryset: QuerySet[AuditEntry], out) -> None:
    writer = csv.writer(out)
    writer.writerow(["at", "actor", "via", "action", "site", "before", "after"])
    for entry in queryset.iterator():
        writer.writerow(
            [
                entry.at.isoformat(),
                entry.actor,
                entry.via,
                entry.action,
                entry.site_path,
                _json(entry.before),
                _json(entry.after),
            ]
        )
