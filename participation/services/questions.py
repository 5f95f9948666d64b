"""Q&A lifecycle: received → assigned (unit) → progress notice → answered → published."""

from __future__ import annotations

import re
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Question, QuestionIndexPage
from ..models.questions import TRACKING_LENGTH

QUESTION_FIELDS = ("asker_kind", "asker_name", "asker_address", "asker_email", "asker_phone", "topic", "title", "body")


class LifecycleError(ValueError):
    """An editor's action that the question's state does not allow (message for the admin form)."""


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


def notify_progress(question: Question, note: str) -> Question:
    note = (note or "").strip()
    if not note:
        raise LifecycleError(_("Nhập nội dung thông báo tiến độ."))
    if question.status == Question.Status.ANSWERED:
        raise LifecycleError(_("Câu hỏi đã được trả lời, không cần thông báo tiến độ."))
    question.progress_note = note
    question.progress_at = timezone.now()
    question.status = Question.Status.PROGRESS
    question.save()
    return question


def answer(question: Question, text: str, user=None, unit: str = "") -> Question:
    text = (text or "").strip()
    if not text:
        raise LifecycleError(_("Nhập nội dung trả lời."))
    question.answer = text
    question.answered_at = question.answered_at or timezone.now()
    question.answered_by = user if user is not None and user.is_authenticated else question.answered_by
    question.answering_unit = (unit or question.answering_unit or question.assigned_unit).strip()
    question.status = Question.Status.ANSWERED
    question.save()
    return question


def set_published(question: Question, published: bool) -> Question:
    if published and question.status != Question.Status.ANSWERED:
        raise LifecycleError(_("Chỉ công bố được câu hỏi đã có câu trả lời."))
    if published and not question.published:
        question.published_at = timezone.now()
    question.published = published
    question.save()
    return question
