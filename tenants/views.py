"""Views of the routing layer that answer on every host: the platform's own 400 page."""

from django.http import HttpResponse
from django.shortcuts import render

from core.requestlog import request_id_of


def bad_request(request, exception=None) -> HttpResponse:
    """The platform's own 400 page on every host (``handler400``): a malformed upload, a body over the
    size limits, any other SuspiciousOperation. Reads nothing from the request body."""
    return render(request, "tenants/bad_request.html", {"request_id": request_id_of(request)}, status=400)
