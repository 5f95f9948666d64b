"""Periodic refresh of the register's figures and the account index (shared task: no project Celery import)."""

from __future__ import annotations

from celery import shared_task

from .services import accounts, figures


@shared_task(name="console.refresh_site_figures", ignore_result=True)
def refresh_site_figures() -> int:
    return figures.refresh_all(coverage=True, also=accounts.index_site)
