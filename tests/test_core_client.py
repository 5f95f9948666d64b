"""Client address from trusted proxies only, and the one rate limit every form and API uses (issue: a
spoofed X-Forwarded-For got around the limits because the chart trusted every peer)."""

from __future__ import annotations

import asyncio
import random
import re
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import RequestFactory, override_settings
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from core.client import client_ip
from core.ratelimit import hit

from .participation_helpers import QUESTION

ROOT = Path(__file__).resolve().parent.parent
PROXY = "10.9.0.1"
factory = RequestFactory()


def spoof() -> str:
    return f"198.51.100.{random.randrange(1, 255)}"


def fresh_ip() -> str:
    return f"2001:db8:c0de::{random.randrange(1, 0xFFFF):x}"


def not_at_a_minute_boundary():
    if time.time() % 60 > 55:  # one-minute windows: do not straddle two
        time.sleep(61 - time.time() % 60)


@override_settings(TRUSTED_PROXIES=[PROXY, "fd00:1::/64"])
def test_forwarded_for_is_read_only_from_a_trusted_proxy():
    untrusted = factory.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip(untrusted) == "203.0.113.9"
    proxied = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip(proxied) == "192.0.2.1"
    # the client can prepend anything: the entry the trusted proxy appended (rightmost) wins
    chained = factory.get("/", REMOTE_ADDR="fd00:1::7", HTTP_X_FORWARDED_FOR=f"1.1.1.1, 192.0.2.77, {PROXY}")
    assert client_ip(chained) == "192.0.2.77"
    garbage = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(garbage) == PROXY
    assert client_ip(factory.get("/", REMOTE_ADDR="")) == "unknown"


def test_trusting_every_peer_is_refused_by_the_settings(monkeypatch):
    import importlib

    import config.settings as module

    monkeypatch.setenv("TRUSTED_PROXIES", "*")
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        importlib.reload(module)
    monkeypatch.delenv("TRUSTED_PROXIES")
    importlib.reload(module)


def test_the_chart_and_the_entrypoint_share_one_trusted_proxy_list():
    values = yaml.safe_load((ROOT / "helm" / "congttdt" / "values.yaml").read_text())
    # Was forwardedAllowIps: "*". Empty by default: only the pod itself (127.0.0.1,::1) until the operator
    # names the ingress controller (tests/test_deploy.py renders both cases through Helm).
    assert values["config"]["trustedProxies"] != "*"
    configmap = (ROOT / "helm" / "congttdt" / "templates" / "configmap.yaml").read_text()
    assert "TRUSTED_PROXIES: {{ . | quote }}" in configmap
    assert "FORWARDED_ALLOW_IPS" not in configmap
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    assert re.search(r'--forwarded-allow-ips "\$\{TRUSTED_PROXIES:-', entrypoint)


def _through_uvicorn(trusted: str, peer: str, forwarded: str) -> str:
    """The client address the app sees behind uvicorn --proxy-headers --forwarded-allow-ips=trusted."""
    seen = {}

    async def app(scope, receive, send):
        seen["client"] = scope["client"][0]

    scope = {
        "type": "http",
        "client": (peer, 5000),
        "headers": [(b"x-forwarded-for", forwarded.encode())],
        "scheme": "http",
    }
    asyncio.run(ProxyHeadersMiddleware(app, trusted_hosts=trusted)(scope, None, None))
    request = factory.get("/", REMOTE_ADDR=seen["client"], HTTP_X_FORWARDED_FOR=forwarded)
    return client_ip(request)


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored_through_uvicorn_and_the_app():
    trusted = ",".join(settings.TRUSTED_PROXIES)
    attacker = "203.0.113.50"
    addresses = {_through_uvicorn(trusted, attacker, spoof()) for _ in range(5)}
    assert addresses == {attacker}
    # the chart's old "*" let every spoofed value through: each request a new client
    assert len({_through_uvicorn("*", attacker, spoof()) for _ in range(5)}) > 1
    # a trusted proxy's header is honoured
    assert _through_uvicorn(trusted, "127.0.0.1", "192.0.2.60") == "192.0.2.60"


@pytest.mark.django_db
def test_the_counter_refuses_after_the_limit_and_says_when_to_retry():
    identity = fresh_ip()
    not_at_a_minute_boundary()
    results = [hit("test", identity, 2, 60) for _ in range(3)]
    assert [r.allowed for r in results] == [True, True, False]
    assert [r.remaining for r in results] == [1, 0, 0]
    refused = results[-1].headers()
    assert 1 <= int(refused["Retry-After"]) <= 60 and refused["RateLimit-Limit"] == "2"
    assert hit("test", fresh_ip(), 2, 60).allowed  # another client


def test_the_counter_never_refuses_when_redis_is_down(monkeypatch):
    from django.utils.module_loading import import_string

    from core import ratelimit

    from .participation_helpers import CLOSED_PORT_CACHE

    down = import_string(CLOSED_PORT_CACHE["BACKEND"])(CLOSED_PORT_CACHE["LOCATION"], CLOSED_PORT_CACHE)
    monkeypatch.setattr(ratelimit, "cache", down)  # a real connection failure (nothing on port 1)
    assert all(hit("down", "x", 1, 60).allowed for _ in range(3))


@pytest.mark.django_db
def test_a_spoofed_header_does_not_get_around_the_question_limit(client, citizen_site, participation_redis):
    attacker = "203.0.113.77"
    with override_settings(PARTICIPATION_RATE_LIMITS={"question": (2, 600)}):
        codes = [
            client.post(
                "/hoi-dap/gui-cau-hoi/",
                QUESTION,
                HTTP_HOST=citizen_site.host,
                REMOTE_ADDR=attacker,
                HTTP_X_FORWARDED_FOR=spoof(),
            ).status_code
            for _ in range(4)
        ]
    assert codes[:2] == [303, 303] and codes[2:] == [429, 429]  # accepted (redirect to the receipt), then limited


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=[PROXY])
def test_clients_behind_a_trusted_proxy_are_counted_apart(client, citizen_site, participation_redis):
    def ask(address: str) -> int:
        return client.post(
            "/hoi-dap/gui-cau-hoi/",
            QUESTION,
            HTTP_HOST=citizen_site.host,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=address,
        ).status_code

    with override_settings(PARTICIPATION_RATE_LIMITS={"question": (1, 600)}):
        assert [ask("192.0.2.10"), ask("192.0.2.10"), ask("192.0.2.11")] == [303, 429, 303]


@pytest.mark.django_db
def test_the_tracking_code_lookup_is_limited(client, citizen_site, participation_redis):
    with override_settings(PARTICIPATION_RATE_LIMITS={"lookup": (2, 600)}):
        codes = [
            client.get(
                "/hoi-dap/tra-cuu/", {"ma": f"ABCD{n:04d}"}, HTTP_HOST=citizen_site.host, REMOTE_ADDR="192.0.2.99"
            )
            for n in range(3)
        ]
    assert [r.status_code for r in codes] == [404, 404, 429]
    assert int(codes[-1]["Retry-After"]) > 0
