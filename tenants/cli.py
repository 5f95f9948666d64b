"""Sub-commands other apps add to ``manage.py tenants`` without ``tenants`` importing them.

An app above ``tenants`` (e.g. ``restructuring`` for ``tenants merge``) calls ``register`` from its
``AppConfig.ready()``; the command builds its parser from what is registered when it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    help: str
    add_arguments: Callable  # (parser) -> None
    run: Callable  # (command, **options) -> None; raise TenantError for bad input


EXTRA_ACTIONS: dict[str, Action] = {}


def register(name: str, action: Action) -> None:
    EXTRA_ACTIONS[name] = action


def site_or_command_error(path: str):
    """The site at tree ``path`` (read in the public schema), or the commands' one message for a path
    that names no site."""
    from django.core.management.base import CommandError
    from django_tenants.utils import get_public_schema_name, schema_context

    from .tree import site_by_path

    with schema_context(get_public_schema_name()):
        tenant = site_by_path(path)
    if tenant is None:
        raise CommandError(f"Không có trang “{path}” (no site with this path).")
    return tenant
