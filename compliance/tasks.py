"""Celery tasks of the compliance monitor: the nightly refresh of every site (beat, ``config/settings.py``)
and the refresh of one site on demand (the console's button)."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.tree import site_by_path

from . import digest, services


@shared_task(name="compliance.refresh_all")
def refresh_all() -> int:
    with schema_context(get_public_schema_name()):
        return len(services.refresh())


@shared_task(name="compliance.refresh_site")
def refresh_site(path: str) -> bool:
    tenant = site_by_path(path)
    return bool(tenant is not None and services.refresh([tenant]))


@shared_task(name="compliance.send_digests")
def send_digests() -> int:
    with schema_context(get_public_schema_name()):
        return digest.send_weekly_digests()
