"""Shared by the security tests: what a nonce-based CSP would block in a page, and a plain HTTP client
for the demo server (one connection per request to 127.0.0.1, any ``Host``, cookies kept per client)."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode


class InlineCode(HTMLParser):
    """Collects what a nonce-based CSP without 'unsafe-inline' would block: inline scripts and styles
    without the nonce, scripts of another origin without it, ``style=`` attributes, ``on…=`` handlers
    and ``javascript:`` links."""

    def __init__(self, nonce: str):
        super().__init__()
        self.nonce = nonce
        self.blocked: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        has_nonce = bool(self.nonce) and attributes.get("nonce") == self.nonce
        if tag == "script" and attributes.get("type") != "application/json" and not has_nonce:
            src = attributes.get("src") or ""
            if not src:
                self.blocked.append(f"inline <script> {attrs}")
            elif not src.startswith("/"):
                self.blocked.append(f"foreign <script> {attrs}")
        if tag == "style" and not has_nonce:
            self.blocked.append("inline <style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}=javascript:…>")


def csp_directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def blocked_inline_code(csp_header: str, html: str) -> list[str]:
    """What the page's own CSP would block in it; the CSP itself must have no 'unsafe-inline'."""
    directives = csp_directives(csp_header)
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives.get(directive, []), directive
    nonces = [value for value in directives.get("script-src", []) if value.startswith("'nonce-")]
    parser = InlineCode(nonces[0][len("'nonce-") : -1] if nonces else "")
    parser.feed(html)
    return parser.blocked


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class HttpClient:
    """A browser-like client of the demo server: talks to 127.0.0.1, says ``Host: <hostname>:<port>``,
    keeps the cookies each host set (host-only cookies, as browsers do)."""

    port: int
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)

    def request(
        self, method: str, hostname: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"{hostname}:{self.port}", **(headers or {})}
        jar = self.cookies.get(hostname, {})
        if jar and "Cookie" not in sent:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            result = Response(response.status, response.headers, response.read())
        finally:
            connection.close()
        for cookie in result.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies.setdefault(hostname, {})[name.strip()] = rest.split(";", 1)[0]
        return result

    def get(self, hostname: str, path: str, **kwargs) -> Response:
        return self.request("GET", hostname, path, **kwargs)

    def post_form(self, hostname: str, path: str, data: dict) -> Response:
        token = self.cookies.get(hostname, {}).get("csrftoken", "")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": token,
            "Referer": f"http://{hostname}:{self.port}{path}",
        }
        return self.request("POST", hostname, path, urlencode({**data, "csrfmiddlewaretoken": token}).encode(), headers)

    def admin_login(self, hostname: str, username: str, password: str) -> Response:
        self.get(hostname, "/admin/login/")
        return self.post_form(
            hostname, "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
        )


def session_cookie_attributes(response: Response) -> str:
    for cookie in response.headers.get_all("Set-Cookie") or []:
        if cookie.startswith("sessionid="):
            return cookie
    return ""


def has_domain_attribute(set_cookie: str) -> bool:
    return re.search(r";\s*domain=", set_cookie, re.I) is not None
