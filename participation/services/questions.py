"""Q&A lifecycle: received → assigned (unit) → progress notice (with a new date) → answered → published,
or declared out of scope (with the reason). The asker, if they gave an e-mail address, is told of the
answer, of the progress notice and of the out-of-scope decision once the change commits."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Question, QuestionIndexPage
from ..models.questions import TRACKING_LENGTH

QUESTION_FIELDS = ("asker_kind", "asker_name", "asker_address", "asker_email", "asker_phone", "topic", "title", "body")


class LifecycleError(ValidationError, ValueError):
    """An editor's action that the question's state does not allow (message for the admin form)."""

    def __str__(self) -> str:
        return " ".join(self.messages)


def _notify_asker_on_commit(question: Question, event: str) -> None:
    """Queue the e-mail to the asker once the change is committed (none without an address)."""
    if question.asker_email:
        from ..tasks import enqueue_asker_notice  # lazily: the tasks module imports the services package

        transaction.on_commit(functools.partial(enqueue_asker_notice, question.pk, event))


def _store(question: Question) -> None:
    """Save every field (never ``update_fields``: the instance may not be in the database yet)."""
    question.save()


def submit_question(
    page: QuestionIndexPage | None, data: dict, client_hash: str = "", received_at: datetime | None = None
) -> Question:
    """Store a citizen's (already validated) question with its tracking code and its deadline
    (15 working days); committed before this returns."""
    with transaction.atomic():
        question = Question(
            page=page,
            client_hash=client_hash,
            received_at=received_at or timezone.now(),
            **{name: data.get(name, "") for name in QUESTION_FIELDS},
        )
        question.save()
    return question


def normalise_tracking_code(raw: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (raw or "").upper())[:TRACKING_LENGTH]


def find_by_tracking_code(raw: str) -> Question | None:
    code = normalise_tracking_code(raw)
    if len(code) != TRACKING_LENGTH:
        return None
    return Question.objects.filter(tracking_code=code).first()


def assign(question: Question, unit: str) -> Question:
    unit = (unit or "").strip()
    if not unit:
        raise LifecycleError(_("Chọn đơn vị được giao xử lý."))
    question.assigned_unit = unit
    question.assigned_at = timezone.now()
    if question.status == Question.Status.RECEIVED:
        question.status = Question.Status.ASSIGNED
    question.save()
    return question


def check_progress(question: Question, note: str, new_date: date | None) -> None:
    """Raise LifecycleError unless a progress notice with this text and new date may be sent."""
    if not (note or "").strip():
        raise LifecycleError(_("Nhập nội dung thông báo tiến độ."), code="note")
    if question.status == Question.Status.ANSWERED:
        raise LifecycleError(_("Câu hỏi đã được trả lời, không cần thông báo tiến độ."), code="closed")
    if question.status == Question.Status.OUT_OF_SCOPE:
        raise LifecycleError(_("Câu hỏi không thuộc phạm vi, không cần thông báo tiến độ."), code="closed")
    if new_date is None or new_date <= timezone.localdate():
        raise LifecycleError(
            _("Thông báo tiến độ phải nêu thời hạn trả lời mới, sau ngày hôm nay (%(today)s).")
            % {"today": f"{timezone.localdate():%d/%m/%Y}"},
            code="new_date",
        )


def notify_progress(question: Question, note: str, new_date: date | None = None) -> Question:
    """Record a progress notice stating the new answer date; the asker is told by e-mail."""
    check_progress(question, note, new_date)
    with transaction.atomic():
        question.progress_note = note.strip()
        question.progress_new_date = new_date
        question.progress_at = timezone.now()
        question.status = Question.Status.PROGRESS
        _store(question)
        _notify_asker_on_commit(question, "progress")
    return question


def check_out_of_scope(question: Question, reason: str) -> None:
    if not (reason or "").strip():
        raise LifecycleError(_("Nhập lý do câu hỏi không thuộc phạm vi: lý do được gửi cho người hỏi."), code="reason")
    if question.status == Question.Status.ANSWERED:
        raise LifecycleError(_("Câu hỏi đã được trả lời, không thể chuyển sang không thuộc phạm vi."), code="closed")


def declare_out_of_scope(question: Question, reason: str, by_user=None) -> Question:
    """Close the question as outside the site's remit, with the reason (sent to the asker).
    A blank reason raises ValidationError and changes nothing."""
    check_out_of_scope(question, reason)
    with transaction.atomic():
        question.status = Question.Status.OUT_OF_SCOPE
        question.out_of_scope_reason = reason.strip()
        question.out_of_scope_at = timezone.now()
        if by_user is not None and by_user.is_authenticated:
            question.out_of_scope_by = by_user
        question.published = False
        _store(question)
        _notify_asker_on_commit(question, "out_of_scope")
    return question


def answer(question: Question, text: str, user=None, unit: str = "") -> Question:
    text = (text or "").strip()
    if not text:
        raise LifecycleError(_("Nhập nội dung trả lời."))
    if question.status == Question.Status.OUT_OF_SCOPE:
        raise LifecycleError(_("Câu hỏi đã được xác định không thuộc phạm vi."), code="closed")
    with transaction.atomic():
        first_answer = question.status != Question.Status.ANSWERED
        question.answer = text
        question.answered_at = question.answered_at or timezone.now()
        question.answered_by = user if user is not None and user.is_authenticated else question.answered_by
        question.answering_unit = (unit or question.answering_unit or question.assigned_unit).strip()
        question.status = Question.Status.ANSWERED
        _store(question)
        if first_answer:
            _notify_asker_on_commit(question, "answered")
    return question


def set_published(question: Question, published: bool) -> Question:
    if published and question.status != Question.Status.ANSWERED:
        raise LifecycleError(_("Chỉ công bố được câu hỏi đã có câu trả lời."))
    if published and not question.published:
        question.published_at = timezone.now()
    question.published = published
    question.save()
    return question
