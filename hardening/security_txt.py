"""``/.well-known/security.txt`` (RFC 9116) of every host: where to report a vulnerability."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


def expires(now: datetime | None = None) -> datetime:
    """``SECURITY_TXT_EXPIRES`` (ISO date) if set, else ``SECURITY_TXT_DAYS`` ahead (less than a year,
    as RFC 9116 recommends), at midnight UTC so the file is the same all day."""
    fixed = getattr(settings, "SECURITY_TXT_EXPIRES", "")
    if fixed:
        day = datetime.fromisoformat(fixed).date()
    else:
        day = (now or timezone.now()).date() + timedelta(days=settings.SECURITY_TXT_DAYS)
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def security_txt_body(now: datetime | None = None) -> str:
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACTS]
    lines.append(f"Expires: {expires(now).strftime('%Y-%m-%dT%H:%M:%SZ')}")
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    lines.append("Preferred-Languages: vi, en")
    return "\n".join(lines) + "\n"


@require_safe
@cache_control(max_age=86400, public=True)
def security_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(security_txt_body(), content_type="text/plain; charset=utf-8")
