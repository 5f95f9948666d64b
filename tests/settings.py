"""Settings of the test run: the platform's settings with a fast password hasher (the suite hashes a
password for every demo board member and test account; the hash strength is not what is tested) and,
under pytest-xdist, cache keys and media files of their own for each worker (the workers share one
Redis database and one checkout; schema names such as ``phutho`` repeat in every worker's database)."""

import os

from config.settings import *  # noqa: F403
from config.settings import CACHES, MEDIA_ROOT

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if WORKER:
    CACHES["default"]["KEY_PREFIX"] = f"{CACHES['default']['KEY_PREFIX']}_{WORKER}"
    MEDIA_ROOT = MEDIA_ROOT / f"test_{WORKER}"
    # Messages nobody consumes pile up on the default queue; each worker counts its own.
    CELERY_TASK_DEFAULT_QUEUE = f"celery_{WORKER}"
