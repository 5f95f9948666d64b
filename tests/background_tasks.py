"""A Celery task for tests/test_background.py, loaded by the test's own worker (``--include``)."""

import json

import redis
from celery import shared_task
from django.conf import settings
from django.db import connection


@shared_task
def record_schema(key: str) -> None:
    """Push the schema the task runs in, and the Wagtail Site hostnames it reads there, to ``key``."""
    hostnames = []
    if connection.schema_name != "public":
        from wagtail.models import Site

        hostnames = list(Site.objects.values_list("hostname", flat=True))
    redis.Redis.from_url(settings.REDIS_URL).rpush(key, json.dumps([connection.schema_name, hostnames]))
