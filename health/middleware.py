"""Answers ``/healthz`` and ``/readyz`` before tenant routing and host validation, so a probe that
addresses the pod by IP, or the platform host, gets the same answer as any site's host."""

from __future__ import annotations

import time

from django.http import HttpRequest, JsonResponse

from .checks import run_checks

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"


def liveness() -> JsonResponse:
    return JsonResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


def readiness() -> JsonResponse:
    started = time.perf_counter()
    results = run_checks()
    healthy = all(result.ok for result in results)
    body = {
        "status": "ok" if healthy else "fail",
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "checks": {result.name: result.as_dict() for result in results},
    }
    return JsonResponse(body, status=200 if healthy else 503, headers={"Cache-Control": "no-store"})


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.method in ("GET", "HEAD"):
            if request.path == LIVENESS_PATH:
                return liveness()
            if request.path == READINESS_PATH:
                return readiness()
        return self.get_response(request)
