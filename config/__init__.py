"""Django project package: settings, URL confs, ASGI app and Celery app (imported by nobody)."""

from .celery_app import app as celery_app

__all__ = ["celery_app"]
