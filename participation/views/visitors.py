"""The visitor counter's figures (D19) outside the page, so pages stay cacheable: a JSON endpoint
(``core.api`` convention) that the footer's script asks, and a page for browsers without script.
Neither counts a visit: pages count (``participation.middleware``), these only read."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.api import ApiError, api_view

from ..services.visitors import visitor_stats


def _limit() -> int:
    return int(getattr(settings, "VISITOR_API_RATE_LIMIT_PER_MINUTE", 120))


@never_cache
@api_view("visitors", _limit)
def visitor_counter_api(request: HttpRequest) -> dict:
    stats = visitor_stats()
    if stats is None:
        raise ApiError(_("Chưa có số liệu"), status=503)
    return {"online": stats.online, "today": stats.today, "week": stats.week, "total": stats.total}


@never_cache
def visitor_counter_page(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/visitors.html", {"stats": visitor_stats()})
