"""Duties the platform fulfils for every site by construction (search, print view and RSS, the
3-step workflow, NFC text, accessibility, the JSON API, security controls), and the site's backups
(D31); duties not checked automatically yet are *not applicable* with a note saying so."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.services import backup_store

from ..context import CheckContext
from ..findings import PROBLEM, Evidence, Outcome, Status

BACKUP_MAX_AGE_DAYS = 2


def platform_feature(ctx: CheckContext) -> Outcome:
    return Outcome(Status.PRESENT, _("Nền tảng cung cấp cho mọi trang."))


def not_checked(ctx: CheckContext) -> Outcome:
    return Outcome(Status.NOT_APPLICABLE, _("Chưa kiểm tra tự động."))


def backups(ctx: CheckContext) -> Outcome:
    """D31: a backup of the site not older than two days."""
    names = backup_store.names(ctx.tenant.path)  # the folder or the bucket, as the backups are kept
    if not names:
        return Outcome(
            Status.MISSING,
            _("Chưa có bản sao lưu."),
            [Evidence(_("Sao lưu"), PROBLEM, admin_url=ctx.console_site_url())],
        )
    taken = timezone.localtime(backup_store.taken_at(max(names)))
    evidence = [Evidence(_("Sao lưu"), detail=f"{taken:%d/%m/%Y %H:%M}", admin_url=ctx.console_site_url())]
    if ctx.now - taken > timedelta(days=BACKUP_MAX_AGE_DAYS):
        evidence[0].status = PROBLEM
        return Outcome(Status.STALE, _("Bản sao lưu mới nhất đã quá 2 ngày."), evidence)
    return Outcome(Status.PRESENT, "", evidence)
