"""The national public service portal (Cổng Dịch vụ công quốc gia): a procedure's page there, from its code.

One home for the address rule: a site's public service page links to it (``sites``), and the province-wide search
shows it beside a procedure offered by many sites (``search``). The pattern is the setting
``NATIONAL_PUBLIC_SERVICE_URL`` (``{code}`` marks the code).
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings


def national_procedure_url(code: str) -> str:
    """The procedure's page on the national public service portal, or "" without a code."""
    code = (code or "").strip()
    if not code:
        return ""
    return settings.NATIONAL_PUBLIC_SERVICE_URL.replace("{code}", quote(code, safe=""))
