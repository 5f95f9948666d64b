"""The client address that login lockouts count by.

Placeholder until the project's single rule for the client address behind trusted proxies exists: the
peer address of the connection, never a client-supplied header. ``AXES_CLIENT_IP_CALLABLE`` points here.
"""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")
