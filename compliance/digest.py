"""The weekly digest (issue 14 item 6): an e-mail to each site's head (the Trưởng ban group) listing
what its newest snapshot finds missing, stale or late, with the links to fix them. Sent by the Celery
beat entry ``compliance-weekly-digest`` (``COMPLIANCE_DIGEST_CRON``) through Django's e-mail backend;
a site with nothing to fix, no snapshot or no head with an e-mail address gets none."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from core.editorial_board import HEAD_GROUP
from tenants.models import Tenant

from . import services
from .findings import LATE

log = logging.getLogger(__name__)


def heads_of(tenant: Tenant) -> list[str]:
    """E-mail addresses of the active members of ``tenant``'s Trưởng ban group."""
    with tenant_context(tenant):
        users = get_user_model().objects.filter(is_active=True, groups__name=HEAD_GROUP).exclude(email="")
        return sorted(set(users.values_list("email", flat=True)))


def digest_message(tenant: Tenant) -> EmailMessage | None:
    snapshot = services.latest_snapshot(tenant)
    if snapshot is None:
        return None
    findings = services.findings_to_fix(snapshot)
    if not findings:
        return None
    recipients = heads_of(tenant)
    if not recipients:
        return None
    late_items = [
        item
        for finding in snapshot.report.get("findings", [])
        for item in finding["evidence"]
        if item["status"] == LATE
    ]
    with translation.override("vi"):
        subject = _("[Cổng TTĐT] %(name)s: %(count)s nghĩa vụ cần xử lý (điểm %(score)s)") % {
            "name": tenant.name,
            "count": len(findings),
            "score": snapshot.score,
        }
        body = render_to_string(
            "compliance/digest.txt",
            {"tenant": tenant, "snapshot": snapshot, "findings": findings, "late_items": late_items},
        )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def send_weekly_digests(tenants: list[Tenant] | None = None) -> int:
    """Send each site's digest; returns how many were sent. One failing site is logged and skipped."""
    sent = 0
    for tenant in services.sites_to_check() if tenants is None else tenants:
        try:
            message = digest_message(tenant)
            if message is not None:
                message.send()
                sent += 1
        except Exception:
            log.exception("compliance: the digest of %s failed", tenant.path)
    return sent
