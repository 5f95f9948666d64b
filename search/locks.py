"""The drain lock of a site: one writer of a site's aggregate entries at a time.

A transaction-scoped advisory lock per site schema. Every writer of a site's entries takes it before
touching the aggregate (the outbox drain, ``rebuild_tenant``, removing or moving a site's entries, the
bulk path), so a bulk load that reads pages and replaces entries over minutes does not lose a write
made in between: the writer waits and runs after the commit, on the entries then in service. A bulk load
that commits its build in several transactions holds the locks at session level until its swap.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from django.db import connection

DRAIN_LOCK_CLASS = 0x5EA4C
SWAP_LOCK = (0x5EA4D, 1)  # one swapped bulk load at a time (they build the same beside table)


def drain_key(schema_name: str) -> int:
    return zlib.crc32(schema_name.encode()) - 2**31


def lock_site_drain(schema_name: str) -> None:
    """Wait for, then hold until the end of the transaction, the drain lock of one site."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [DRAIN_LOCK_CLASS, drain_key(schema_name)])


def lock_site_drains(schema_names: Iterable[str], session: bool = False) -> None:
    """The drain locks of many sites, in one order (two such callers cannot deadlock each other); with
    ``session``, held across transactions until :func:`release_site_drains` (or the connection ends)."""
    keys = sorted({drain_key(name) for name in schema_names})
    function = "pg_advisory_lock" if session else "pg_advisory_xact_lock"
    if keys:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {function}(%s, k) FROM (SELECT unnest(%s::int[]) AS k ORDER BY 1) AS s",
                [DRAIN_LOCK_CLASS, keys],
            )
            cursor.fetchall()


def release_site_drains(schema_names: Iterable[str]) -> None:
    """Release session-held drain locks taken by :func:`lock_site_drains` with ``session``."""
    keys = sorted({drain_key(name) for name in schema_names})
    if keys:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, k) FROM unnest(%s::int[]) AS k", [DRAIN_LOCK_CLASS, keys])
            cursor.fetchall()


def lock_swap(release: bool = False) -> None:
    """Wait for (or ``release``) the session-level lock of the one bulk load building beside the aggregate."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {'pg_advisory_unlock' if release else 'pg_advisory_lock'}(%s, %s)", list(SWAP_LOCK))
