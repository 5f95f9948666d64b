"""Celery task of tenants: the nightly backup of every active site (beat entry ``tenants-backup-all``)."""

from celery import shared_task

from .services.backups import backup_all


@shared_task(name="tenants.backup_all", ignore_result=True)
def backup_every_site() -> int:
    return len(backup_all())
