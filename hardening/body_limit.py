"""ASGI guard: a request body larger than the limit of its path is refused with 413 before it is read.

Django's ASGI handler spools the whole body (to disk past ``FILE_UPLOAD_MAX_MEMORY_SIZE``) before any
middleware runs, so the limit sits in front of it (``config/asgi.py``): a ``Content-Length`` above the
limit is answered at once without reading a byte; a body sent without one (chunked) is counted and cut
off as soon as it passes the limit. The Wagtail admin (document and image uploads) has its own, larger
limit. The answer is the platform's bilingual 413 page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.template.loader import render_to_string

from .policy import is_admin_path

Scope = dict[str, Any]
Message = dict[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


def body_limit(path: str) -> int:
    """Largest body (bytes) a request to ``path`` may send (a form with uploads: REQUEST_MAX_BYTES_PATHS)."""
    if is_admin_path(path):
        return settings.ADMIN_REQUEST_MAX_BYTES
    for prefix, limit in (getattr(settings, "REQUEST_MAX_BYTES_PATHS", None) or {}).items():
        if path.startswith(prefix) or path.startswith(f"/en{prefix}"):
            return max(limit, settings.REQUEST_MAX_BYTES)
    return settings.REQUEST_MAX_BYTES


def declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


_page: bytes | None = None


async def _too_large_page() -> bytes:
    global _page
    if _page is None:
        _page = (await sync_to_async(render_to_string)("hardening/request_too_large.html")).encode()
    return _page


async def send_too_large(send: Callable[[Message], Awaitable[None]]) -> None:
    body = await _too_large_page()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                (b"x-content-type-options", b"nosniff"),
                (b"content-security-policy", b"default-src 'none'; style-src 'self'; frame-ancestors 'none'"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """Wraps the ASGI application (see the module docstring)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = body_limit(scope.get("path", "/"))
        length = declared_length(scope)
        if length is not None and length > limit:
            return await send_too_large(send)

        received = 0
        cut_off = False
        started = False

        async def counted_receive() -> Message:
            nonlocal received, cut_off
            if cut_off:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    cut_off = True
                    return {"type": "http.disconnect"}  # Django stops reading and sends nothing
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if cut_off and not started:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counted_receive, tracked_send)
        if cut_off and not started:
            await send_too_large(send)
