"""Celery task base class: a task runs in the schema it was queued from — or not at all.

tenant-schemas-celery switches the schema in a ``task_prerun`` signal handler. Celery logs and
swallows an error there (e.g. the tenant was deleted, or is not visible yet, when the task starts)
and would then run the task in the public schema. This base class refuses to run it instead.
"""

import logging

from django.db import connection
from django_tenants.utils import get_public_schema_name
from tenant_schemas_celery.app import get_schema_name_from_task
from tenant_schemas_celery.task import TenantTask

log = logging.getLogger(__name__)


class WrongSchemaError(RuntimeError):
    pass


class SchemaBoundTask(TenantTask):
    abstract = True

    def __call__(self, *args, **kwargs):
        wanted = get_schema_name_from_task(self, kwargs) or get_public_schema_name()
        if connection.schema_name != wanted:
            raise WrongSchemaError(
                f"Task {self.name} was queued in schema {wanted!r} but would run in "
                f"{connection.schema_name!r}: not run."
            )
        return super().__call__(*args, **kwargs)


def enqueue_quietly(task, *args) -> bool:
    """Queue ``task(*args)`` in the current schema; never raises (broker unreachable, Redis down…):
    the failure is logged and False returned, the caller's request goes on."""
    try:
        task.apply_async(args=list(args), retry=False)
    except Exception as exc:
        log.warning("Task %s%r not queued (%s).", task.name, args, exc)
        return False
    return True
