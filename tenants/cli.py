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
