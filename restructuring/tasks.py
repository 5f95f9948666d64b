"""Celery task of restructuring: a merge runs in the worker, reporting progress (``jobs``)."""

from celery import shared_task

from .jobs import execute


@shared_task(name="restructuring.run_merge_job", ignore_result=True)
def run_merge_job(job_id: int) -> None:
    execute(job_id)
