"""The board's e-mail about a new submission: who sent what, and the inbox link (no personal data
beyond the sender's name; the contact details stay in the admin)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from core.editorial_board import in_board
from core.siteurl import site_origin
from tenants.models import Tenant

from .models import Submission


def board_addresses() -> list[str]:
    users = get_user_model().objects.filter(in_board(), is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _site_origin() -> str:
    """This site's own origin (its primary host), so the link opens the site's admin; "" if unknown. Looked
    up by schema: a worker's connection knows the schema, not always the tenant."""
    tenant = Tenant.objects.filter(schema_name=connection.schema_name).first()
    return site_origin(getattr(tenant, "primary_hostname", "") or "")


def notify_board(submission_id: int) -> int:
    submission = Submission.objects.filter(pk=submission_id).first()
    recipients = board_addresses()
    if submission is None or not recipients:
        return 0
    subject = _("Tin, bài mới gửi đến Ban Biên tập: %(title)s") % {"title": submission.title}
    body = _(
        "Mã tiếp nhận: %(code)s\nLoại: %(kind)s\nNgười gửi: %(sender)s\nTiêu đề: %(title)s\n\n"
        "Xem và xử lý trong mục “Tin, bài gửi đến” của trang quản trị: %(path)s"
    ) % {
        "code": submission.tracking_code,
        "kind": submission.get_kind_display(),
        "sender": submission.sender_name,
        "title": submission.title,
        "path": _site_origin() + reverse("intake_submission:edit", args=[submission.pk]),
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
