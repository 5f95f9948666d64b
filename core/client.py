"""The client's address, taken only from the configured trusted proxies.

``TRUSTED_PROXIES`` (setting, from the environment: comma-separated addresses or CIDR networks) lists
the reverse proxies in front of the application; the same value is uvicorn's ``--forwarded-allow-ips``
(``deploy/entrypoint.sh``, the Helm chart). ``X-Forwarded-For`` is read only when the peer
(``REMOTE_ADDR``) is one of them, from the right: the first entry that is not a trusted proxy is the
client. A value sent by anyone else is ignored, so a spoofed header cannot get around a rate limit.
Behind uvicorn with ``--proxy-headers`` the peer is already the client and the rule changes nothing.
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def trusted_networks() -> tuple[Network, ...]:
    entries = getattr(settings, "TRUSTED_PROXIES", ())
    if isinstance(entries, str):
        entries = entries.split(",")
    return _networks(tuple(entries))


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    parsed = _address(address)
    return parsed is not None and any(parsed in network for network in trusted_networks())


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent ``request`` ("unknown" when the server gave none)."""
    peer = (request.META.get("REMOTE_ADDR") or "").strip()
    if not peer:
        return "unknown"
    if not is_trusted_proxy(peer):
        return peer
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    client = peer
    for hop in reversed(hops):
        if _address(hop) is None:
            break  # garbage before a trusted hop: keep the last address a trusted proxy vouched for
        client = str(_address(hop))
        if not is_trusted_proxy(hop):
            break
    return client


def client_address(request: HttpRequest) -> str | None:
    """:func:`client_ip` as a valid address, or ``None`` when the server gave none (a request built in
    code, e.g. a test client's ``login()``): for stores that keep an IP field (login lockouts)."""
    address = client_ip(request)
    return address if _address(address) is not None else None
