"""What one request asks the database for more than once, asked once: a memo that lives for one
request (opened by the routing middleware, ``tenants.middleware``) and is empty outside requests.

Two answers of Wagtail are kept in it (``install``, from ``core.apps``): the ``Locale`` of a language
code (``Locale.get_active()`` is asked by routing, by ``.localized`` and by the templates) and the
site's page view restrictions (``PageQuerySet.public()``, asked by every listing and the language
links). Keys carry the schema, so a request that visits another schema never reads the first one's
answers. Outside a request (commands, tasks, tests calling the ORM) nothing is kept.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.db import connection

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


@contextlib.contextmanager
def request_scope() -> Iterator[dict]:
    """A fresh memo for the duration of one request."""
    token = _memo.set({})
    try:
        yield _memo.get()
    finally:
        _memo.reset(token)


def remembered(name: str, build: Callable[[], Any]) -> Any:
    """``build()``, once per request and schema (every time outside a request)."""
    memo = _memo.get()
    if memo is None:
        return build()
    key = (getattr(connection, "schema_name", ""), name)
    if key not in memo:
        memo[key] = build()
    return memo[key]


def forget() -> None:
    """Drop what this request kept (after a write that changes an answer, e.g. a new locale)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def install() -> None:
    """Route Wagtail's per-request repeated lookups through the memo (idempotent)."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models.i18n import LocaleManager
    from wagtail.query import PageQuerySet

    if getattr(LocaleManager.get_for_language, "remembered", False):
        return
    get_for_language = LocaleManager.get_for_language
    private_q = PageQuerySet.private_q

    def remembered_get_for_language(self, language_code):
        if self.model._meta.label_lower != "wagtailcore.locale":
            return get_for_language(self, language_code)
        # A missing locale raises every time (nothing kept): Wagtail's fallbacks rely on it.
        return remembered(f"locale:{language_code}", lambda: get_for_language(self, language_code))

    def remembered_private_q(self):
        from django.db.models import Q
        from wagtail.models import PageViewRestriction

        if _memo.get() is None:
            return private_q(self)
        restricted = remembered(
            "view-restrictions",
            lambda: [restriction.page for restriction in PageViewRestriction.objects.select_related("page")],
        )
        q = Q()
        for page in restricted:  # as Wagtail's own ``private_q``
            q |= self.descendant_of_q(page, inclusive=True)
        return q if q else Q(pk__in=[])

    def written(**_kwargs):
        forget()

    for model in ("wagtailcore.Locale", "wagtailcore.PageViewRestriction"):
        post_save.connect(written, sender=model, weak=False, dispatch_uid=f"requestmemo-saved-{model}")
        post_delete.connect(written, sender=model, weak=False, dispatch_uid=f"requestmemo-deleted-{model}")
    remembered_get_for_language.remembered = True
    LocaleManager.get_for_language = remembered_get_for_language
    PageQuerySet.private_q = remembered_private_q
