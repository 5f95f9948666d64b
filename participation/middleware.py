"""Counts each public HTML page view of a site in the visitor counter (never fails a request)."""

from __future__ import annotations

import re

from django.db import connection

from .services.visitors import record_visit

SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/favicon")
BOT_RE = re.compile(r"bot|crawl|spider|slurp|lighthouse|headless", re.IGNORECASE)


def should_count(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and connection.schema_name != "public"
        and not request.path.startswith(SKIPPED_PREFIXES)
        and not BOT_RE.search(request.META.get("HTTP_USER_AGENT", ""))
    )


class VisitorCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if should_count(request, response):
            record_visit(request)
        return response
