"""Lockout of login forms after repeated failures (django-axes), in the schema of the current site.

Account logins count failures per account and per client address (``LOGIN_LOCKOUT_PARAMETERS``); page
and collection password forms, which have no account, count them per restricted object *and* address,
so nobody can lock a page for everyone. A lockout answers 429 with a bilingual notice and the time left
(``Retry-After``); it ends after the cool-off or when someone allowed to unlocks it here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_credentials, get_failure_limit
from axes.models import AccessAttempt, AccessBase
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

PAGE_PREFIX = "trang:"  # a colon never appears in a Django username
COLLECTION_PREFIX = "bo-suu-tap:"
RESTRICTION_PREFIXES = (PAGE_PREFIX, COLLECTION_PREFIX)


def page_key(page_id: int) -> str:
    return f"{PAGE_PREFIX}{page_id}"


def collection_key(restriction_id: int) -> str:
    return f"{COLLECTION_PREFIX}{restriction_id}"


def is_restriction_key(username: str | None) -> bool:
    return bool(username) and username.startswith(RESTRICTION_PREFIXES)


def _configured_parameters() -> list[str | list[str]]:
    return [item.split("+") if "+" in item else item for item in settings.LOGIN_LOCKOUT_PARAMETERS]


def lockout_parameters(request_or_attempt: HttpRequest | AccessBase, credentials: dict | None = None) -> list:
    """``AXES_LOCKOUT_PARAMETERS``: which attempts are summed against the failure limit."""
    if isinstance(request_or_attempt, AccessBase):
        username = request_or_attempt.username
    else:
        username = get_client_username(request_or_attempt, credentials)
    if is_restriction_key(username):
        return [["username", "ip_address"]]
    return _configured_parameters()


def cool_off() -> timedelta:
    return get_cool_off() or timedelta(0)


def seconds_left(request: HttpRequest, credentials: dict | None) -> int:
    """Seconds until the lockout that refuses ``request`` ends (an upper bound, at least 1)."""
    AxesProxyHandler.update_request(request)
    handler = AxesProxyHandler.get_implementation()
    limit = get_failure_limit(request, credentials)
    latest: datetime | None = None
    for attempts in handler.get_user_attempts(request, credentials):
        totals = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if (totals["failures"] or 0) >= limit and totals["last"] and (latest is None or totals["last"] > latest):
            latest = totals["last"]
    if latest is None:
        return 1
    return max(1, math.ceil((latest + cool_off() - timezone.now()).total_seconds()))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the bilingual notice, status ``AXES_HTTP_RESPONSE_CODE`` (429)."""
    seconds = seconds_left(request, credentials)
    username = get_client_username(request, credentials)
    context = {"minutes": max(1, math.ceil(seconds / 60)), "for_password_form": is_restriction_key(username)}
    response = render(request, "logins/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(seconds)
    return response


@dataclass(frozen=True)
class Attempt:
    """Failed sign-ins of one account (or password form) from one address within the cool-off."""

    id: int
    username: str
    ip_address: str | None
    failures: int
    last_failure: datetime
    locked: bool
    unlocks_at: datetime | None

    @property
    def is_password_form(self) -> bool:
        return is_restriction_key(self.username)

    @property
    def object_id(self) -> str:
        return self.username.split(":", 1)[1] if self.is_password_form else ""

    @property
    def is_page(self) -> bool:
        return self.username.startswith(PAGE_PREFIX)


def current_attempts() -> list[Attempt]:
    """Attempts of the current schema still counted (newer than the cool-off), newest first, each
    marked locked when it belongs to a group of attempts that reached the failure limit."""
    since = timezone.now() - cool_off()
    rows = list(AccessAttempt.objects.filter(attempt_time__gte=since).order_by("-attempt_time"))
    limit = settings.AXES_FAILURE_LIMIT
    result = []
    for row in rows:
        locked_until = None
        for parameter in lockout_parameters(row):
            fields = [parameter] if isinstance(parameter, str) else parameter
            group = [other for other in rows if all(getattr(other, f) == getattr(row, f) for f in fields)]
            if sum(other.failures_since_start for other in group) >= limit:
                until = max(other.attempt_time for other in group) + cool_off()
                locked_until = until if locked_until is None else max(locked_until, until)
        result.append(
            Attempt(
                id=row.pk,
                username=row.username or "",
                ip_address=row.ip_address,
                failures=row.failures_since_start,
                last_failure=row.attempt_time,
                locked=locked_until is not None,
                unlocks_at=locked_until,
            )
        )
    return result


def unlock(attempt_id: int) -> int:
    """Lift the lockout an attempt belongs to: every counted attempt of its account and of its address
    (for a password form: of that form from that address). Returns the number of attempts removed."""
    row = AccessAttempt.objects.filter(pk=attempt_id).first()
    if row is None:
        return 0
    if is_restriction_key(row.username):
        return AxesProxyHandler.reset_attempts(username=row.username, ip_address=row.ip_address)
    return AxesProxyHandler.reset_attempts(username=row.username, ip_address=row.ip_address, ip_or_username=True)


def guarded(request: HttpRequest, key: str, view, *args) -> HttpResponse:
    """Run a password form ``view`` (no account behind it) under the lockout of ``key`` + address: a
    POST answered with the form again (200) is a failure, a redirect a success."""
    if request.method != "POST":
        return view(request, *args)
    credentials = get_credentials(key)
    if not AxesProxyHandler.is_allowed(request, credentials):
        return lockout_response(request, None, credentials)
    response = view(request, *args)
    if response.status_code == 200:
        AxesProxyHandler.user_login_failed(sender=guarded, credentials=credentials, request=request)
    elif 300 <= response.status_code < 400:
        AxesProxyHandler.reset_attempts(username=key, ip_address=request.axes_ip_address)
    return response
