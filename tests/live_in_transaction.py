"""A live HTTP server for browser tests that shares the test's database connection and transaction.

pytest-django's ``live_server`` needs committed data (``transactional_db``), whose flush would wipe the
public schema (platform tenant, holiday calendar) and leave tenant schemas behind. This server runs
requests one at a time in a thread that uses the *test's* connection, so everything the browser does
happens inside the test transaction and is rolled back with it.

``in_browser(steps)`` runs Playwright steps in a thread of their own: Playwright's sync API marks its
event loop as running in the thread that uses it, which Django's database layer refuses (and which
would hide the test's connection), so the test's thread stays free of it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import QuietWSGIRequestHandler, _StaticFilesHandler


class InTransactionLiveServer:
    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.port = 0
        self._ready = threading.Event()
        self._error: BaseException | None = None

    def __enter__(self) -> InTransactionLiveServer:
        self.connection = connections["default"]
        self.connection.inc_thread_sharing()
        # A request must not close the shared connection (it is inside the test's atomic block).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        self._ready.wait(10)
        if self._error:
            raise self._error
        return self

    def _serve(self) -> None:
        connections["default"] = self.connection
        try:
            # Not threaded: one request at a time on the one connection (responses say Connection: close).
            self.httpd = WSGIServer((self.host, 0), QuietWSGIRequestHandler, allow_reuse_address=False)
            self.httpd.set_app(_StaticFilesHandler(WSGIHandler()))
            self.port = self.httpd.server_address[1]
        except BaseException as error:  # noqa: BLE001 — re-raised in the test thread
            self._error = error
            self._ready.set()
            return
        self._ready.set()
        self.httpd.serve_forever(poll_interval=0.1)

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        self.connection.dec_thread_sharing()

    def url(self, hostname: str, path: str = "/") -> str:
        return f"http://{hostname}:{self.port}{path}"


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]


def in_browser(steps: Callable[[Any], Any], locale: str = "vi-VN") -> Any:
    """Run ``steps(page)`` in Debian's Chromium in a separate thread; return its result or raise its error."""
    from playwright.sync_api import sync_playwright

    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                try:
                    page = browser.new_page(locale=locale)
                    page.set_default_timeout(20_000)
                    outcome["result"] = steps(page)
                finally:
                    browser.close()
        except BaseException as error:  # noqa: BLE001 — re-raised in the test thread
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(180)
    if "error" in outcome:
        raise outcome["error"]
    if thread.is_alive():
        raise TimeoutError("browser steps did not finish in 180 s")
    return outcome.get("result")
