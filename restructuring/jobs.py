"""Merge jobs: a ``MergeJob`` row per run (request, preview, status, the one log) and its progress.

Progress lives in the shared cache (Redis), not in the row: the merge writes inside one transaction
per source, which other connections cannot see until it commits.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tenants.utils import schema_context

from core.cache import shared_store

from .merge import Progress, run_merge
from .models import MergeJob
from .plan import MergePlan

log = logging.getLogger(__name__)
PROGRESS_SECONDS = 24 * 3600


def _store():
    return shared_store("restructuring")


def create_job(plan: MergePlan, request: dict | None = None) -> MergeJob:
    with schema_context("public"):
        return MergeJob.objects.create(
            sources=[s.path for s in plan.sources], target=plan.target_path, request=request or {}, plan=plan.to_dict()
        )


def start_job(plan: MergePlan, request: dict | None = None) -> MergeJob:
    """Record the job and queue it for the Celery worker (the console; ``request["actor"]``, when
    given, is who the audit log names for it)."""
    from .tasks import run_merge_job  # the task module imports this one

    job = create_job(plan, request)
    run_merge_job.delay(job.pk)
    return job


def progress_of(job_id: int) -> dict:
    """``{"done", "total", "message"}`` of a running job (empty before it starts or without Redis)."""
    try:
        return _store().get(f"merge-{job_id}") or {}
    except Exception:  # noqa: BLE001 — cache down: no progress to show
        return {}


def _report(job_id: int, also: Progress | None):
    def report(done: int, total: int, message: str) -> None:
        try:
            _store().set(f"merge-{job_id}", {"done": done, "total": total, "message": message}, PROGRESS_SECONDS)
        except Exception:  # noqa: BLE001 — progress is best-effort
            pass
        if also is not None:
            also(done, total, message)

    return report


def execute(job_id: int, also: Progress | None = None) -> MergeJob:
    """Run a queued job (the Celery task, or the command with ``--here``, which passes ``also`` to
    draw its bar); record status and log."""
    with schema_context("public"):
        job = MergeJob.objects.get(pk=job_id)
        job.status = MergeJob.Status.RUNNING
        job.save(update_fields=["status"])
    lines: list[str] = []
    try:
        run_merge(MergePlan.from_dict(job.plan), _report(job_id, also), lines, actor=job.request.get("actor"))
    except Exception as exc:
        log.exception("merge job %s failed", job_id)
        lines.append(f"{timezone.now():%Y-%m-%d %H:%M:%S} LỖI (failed): {exc}")
        _finish(job, MergeJob.Status.FAILED, "\n".join(lines))
        raise
    _finish(job, MergeJob.Status.DONE, "\n".join(lines))
    return job


def _finish(job: MergeJob, status: str, text: str) -> None:
    with schema_context("public"):
        job.status, job.finished_at = status, timezone.now()
        job.log = "\n".join(filter(None, [job.log, text]))
        job.save(update_fields=["status", "finished_at", "log"])
