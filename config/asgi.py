"""ASGI entry point served by uvicorn (`uvicorn config.asgi:application`).

Oversized request bodies are refused (413) in front of Django, before they are read or spooled to disk
(``hardening.body_limit``)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()

from hardening.body_limit import BodySizeLimit  # noqa: E402  (after Django is set up)

application = BodySizeLimit(django_application)
