"""Citizen interaction: Q&A answered in time or with a progress notice in time (D16), closed
consultations with a published summary (D8), visitor counter (D19) and rating figures (D23)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Sum
from django.utils.translation import gettext as _

from participation.models import ConsultationPage, Question, SiteRating, VisitDay
from workdays.deadlines import DeadlineKind

from ..context import CheckContext
from ..findings import LATE, ON_TIME, PROBLEM, Evidence, Outcome, Status
from .deadlines import verdict

VISITOR_DAYS = 30


def _question_evidence(ctx: CheckContext, question: Question, status: str, detail: str) -> Evidence:
    return Evidence(
        label=f"{question.tracking_code} — {question.title}",
        status=status,
        detail=detail,
        object=f"participation.question:{question.pk}",
        admin_url=ctx.admin_url("cau-hoi:edit", question.pk),
    )


def questions_in_time(ctx: CheckContext) -> Outcome:
    """D16: each question answered within the site's deadline, or a progress notice sent within it
    that states the new answer date (``progress_new_date``: then that date is the deadline); a question
    declared out of scope within the deadline counts as handled in time; a question past its deadline
    without either is late, item by item. A question still within its deadline says nothing yet."""
    evidence = []
    for question in Question.objects.filter(received_at__gte=ctx.since_datetime).order_by("received_at"):
        due = ctx.deadlines.due_date(DeadlineKind.QUESTION, ctx.local_date(question.received_at))
        detail = _("hạn %(due)s") % {"due": f"{due:%d/%m/%Y}"}
        answered = ctx.local_date(question.answered_at) if question.status == Question.Status.ANSWERED else None
        if question.status == Question.Status.OUT_OF_SCOPE and question.out_of_scope_at:
            answered = ctx.local_date(question.out_of_scope_at)  # closed with the reason sent to the asker
            detail = _("%(detail)s, không thuộc phạm vi") % {"detail": detail}
        notice = ctx.local_date(question.progress_at) if question.progress_note.strip() else None
        promised = question.progress_new_date if notice is not None and notice <= due else None
        limit = max(due, promised) if promised else due
        if promised:
            detail = _("%(detail)s, đã thông báo tiến độ, hẹn trả lời %(day)s") % {
                "detail": detail,
                "day": f"{promised:%d/%m/%Y}",
            }
        elif notice is not None and notice <= due:
            detail = _("%(detail)s, thông báo tiến độ không nêu thời hạn trả lời") % {"detail": detail}
        elif answered is None:
            detail = _("%(detail)s, quá hạn không thông báo tiến độ") % {"detail": detail}
        if answered is not None:
            evidence.append(_question_evidence(ctx, question, ON_TIME if answered <= limit else LATE, detail))
        elif ctx.today > limit:
            evidence.append(_question_evidence(ctx, question, LATE, detail))
        elif promised:
            evidence.append(_question_evidence(ctx, question, ON_TIME, detail))
    return verdict(evidence)


def consultation_summaries(ctx: CheckContext) -> Outcome:
    """D8: every closed consultation publishes the summary of the comments it received."""
    evidence = []
    closed = ctx.published(ConsultationPage).filter(close_at__lt=ctx.now, close_at__gte=ctx.since_datetime)
    for page in closed.order_by("close_at"):
        has_summary = bool((page.comments_summary or "").strip())
        evidence.append(
            ctx.page_evidence(
                page, ON_TIME if has_summary else PROBLEM, "" if has_summary else _("chưa công bố tổng hợp ý kiến")
            )
        )
    if not evidence:
        return Outcome(Status.NOT_APPLICABLE, _("Không có mục nào trong kỳ đánh giá."))
    if any(item.status == PROBLEM for item in evidence):
        return Outcome(Status.MISSING, _("Dự thảo đã hết hạn góp ý chưa công bố tổng hợp ý kiến."), evidence)
    return Outcome(Status.PRESENT, "", evidence)


def visitor_counter(ctx: CheckContext) -> Outcome:
    """D19: the counter has counted visits in the last 30 days (the figures are the evidence)."""
    recent = (
        VisitDay.objects.filter(date__gte=ctx.today - timedelta(days=VISITOR_DAYS)).aggregate(total=Sum("visits"))[
            "total"
        ]
        or 0
    )
    total = VisitDay.objects.aggregate(total=Sum("visits"))["total"] or 0
    detail = _("%(recent)s lượt trong 30 ngày, tổng %(total)s") % {"recent": recent, "total": total}
    evidence = [Evidence(_("Bộ đếm lượt truy cập"), ON_TIME if recent else PROBLEM, detail)]
    return Outcome(
        Status.PRESENT if recent else Status.STALE,
        "" if recent else _("Chưa ghi nhận lượt truy cập trong 30 ngày."),
        evidence,
    )


def rating_figures(ctx: CheckContext) -> Outcome:
    """D23: the rating is offered on every page (platform); its figures are the evidence."""
    count = SiteRating.objects.filter(submitted_at__gte=ctx.since_datetime).count()
    detail = _("%(count)s lượt đánh giá") % {"count": count}
    return Outcome(Status.PRESENT, "", [Evidence(_("Đánh giá của người dân"), detail=detail)])
