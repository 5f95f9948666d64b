"""The console's merge screen over ``restructuring``: the form's input as ``plan_merge`` arguments, the
preview as rows to show, and the job to start — no rule of its own (the command line shares them)."""

from __future__ import annotations

from django.apps import apps

from restructuring import jobs
from restructuring.models import MergeJob
from restructuring.plan import MergePlan, new_site_for, plan_merge


def plan_from_form(data: dict) -> MergePlan:
    """``plan_merge`` for the cleaned ``MergeForm``; raises its bilingual ``TenantError``."""
    sources = data["source_paths"]
    new_site = None
    if data.get("new_slug") or data.get("new_name"):
        new_site = new_site_for(sources, data["new_slug"], data["new_name"], data["new_name_en"], data["new_parent"])
    return plan_merge(sources, into=data.get("into") or None, new_site=new_site, pages=data.get("page_paths"))


def start(plan: MergePlan, data: dict, actor: str) -> MergeJob:
    request = {
        "sources": data["source_paths"],
        "into": data.get("into") or None,
        "new": data.get("new_slug") or None,
        "pages": data.get("page_paths"),
        "actor": actor,
        "via": "console",
    }
    return jobs.start_job(plan, request)


def _type_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def preview(plan: MergePlan) -> list[dict]:
    """Per source, what ``plan.lines()`` lists, as the preview page shows it."""
    return [
        {
            "plan": source,
            "types": [(label, _type_name(label), count) for label, count in source.pages_by_type().items()],
            "total": sum(source.pages_by_type().values()),
            "translations": source.translations(),
        }
        for source in plan.sources
    ]


def recent_jobs(count: int = 10) -> list[MergeJob]:
    return list(MergeJob.objects.order_by("-created_at")[:count])


def find_job(job_id: int) -> MergeJob | None:
    return MergeJob.objects.filter(pk=job_id).first()


def job_state(job: MergeJob) -> dict:
    state = jobs.progress_of(job.pk)
    if job.status == MergeJob.Status.DONE and not state:
        state = {"done": 1, "total": 1, "message": "done"}
    return state
