"""``manage.py tenants merge SOURCE... --into TARGET | --new SLUG --name … [--pages PATH…] [--dry-run]``.

Registered with the ``tenants`` command (``tenants.cli``). Without ``--dry-run`` the merge is queued
as a Celery job and the command follows its progress with a bar; ``--here`` runs it in this process
(no worker needed). The same services (``plan_merge``, ``jobs``) serve the console.
"""

from __future__ import annotations

import time

from tqdm import tqdm

from tenants.cli import Action, register

from . import jobs
from .plan import new_site_for, plan_merge


def add_arguments(parser) -> None:
    parser.add_argument("sources", nargs="+", help="tree paths of the sites merged, e.g. phutho.sonhung")
    parser.add_argument("--into", help="tree path of an existing commune that receives them")
    parser.add_argument("--new", help="slug of a new commune that receives them")
    parser.add_argument("--name", help="Vietnamese name of the new commune")
    parser.add_argument("--name-en", default="")
    parser.add_argument("--parent", help="tree path of the new commune's parent (default: the first source's)")
    parser.add_argument("--pages", nargs="+", help="partial merge: paths on the source that move, e.g. /tin-tuc/")
    parser.add_argument("--dry-run", action="store_true", help="only show what would move")
    parser.add_argument("--here", action="store_true", help="run in this process instead of the Celery worker")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait for the worker")


def run(command, sources, into, new, name, name_en, parent, pages, dry_run, here, timeout, **_) -> None:
    new_site = new_site_for(sources, new, name, name_en, parent) if new else None
    plan = plan_merge(sources, into=into, new_site=new_site, pages=pages)
    for line in plan.lines():
        command.stdout.write(line)
    if dry_run:
        command.stdout.write(command.style.WARNING("Chạy thử: không thay đổi gì (dry run: nothing changed)."))
        return
    job = jobs.create_job(plan, {"sources": sources, "into": into, "new": new, "pages": pages})
    if here:
        _follow_here(job.pk)
    else:
        _follow_worker(command, job.pk, timeout)
    job.refresh_from_db()
    command.stdout.write(job.log)
    style = command.style.SUCCESS if job.status == job.Status.DONE else command.style.ERROR
    command.stdout.write(style(f"Sáp nhập {job.status} (merge job {job.pk}: {job.status})."))


def _follow_here(job_id: int) -> None:
    bar = tqdm(total=1, unit="page", desc="Sáp nhập")

    def draw(done: int, total: int, message: str) -> None:
        bar.total, bar.n = total, done
        bar.refresh()

    try:
        jobs.execute(job_id, also=draw)
    finally:
        bar.close()


def _follow_worker(command, job_id: int, timeout: float) -> None:
    from .models import MergeJob
    from .tasks import run_merge_job

    run_merge_job.delay(job_id)
    bar, started = tqdm(total=1, unit="page", desc="Sáp nhập"), time.monotonic()
    while time.monotonic() - started < timeout:
        state = jobs.progress_of(job_id)
        if state:
            bar.total, bar.n = state["total"], state["done"]
            bar.refresh()
        if MergeJob.objects.filter(pk=job_id, status__in=["done", "failed"]).exists():
            break
        time.sleep(0.5)
    bar.close()


register("merge", Action("merge communes (or part of one) into a new or an existing commune", add_arguments, run))
