"""Forwarding a citizen's question to a unit of the site's list (đơn vị xử lý) and the unit's e-mail.

``forward`` records the forwarding (which unit, who, when), sets the question's status to "forwarded to
the handling unit" (``Question.Status.ASSIGNED``) when it was only received, writes the question's
history (``FORWARD_ACTION``) and, once the change commits, queues the unit's notice (the Celery task
``participation.notify_unit``; the notice itself is ``services.unit_notices``). Refused — nothing changed — for an inactive unit or a closed question.

What the unit is told: the question (tracking code, topic, title, text, date received, answer due) and the
board's request; **never the asker's name, address, e-mail or phone**. The unit answers the question,
not the person: the board, which keeps the asker's data, sends the answer and publishes it. (What the
asker wrote in the question itself is passed on as written.)
"""

from __future__ import annotations

import functools

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import ProcessingUnit, Question, QuestionForwarding
from .questions import LifecycleError

FORWARD_ACTION = "participation.question.forward"


def _user(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def check_forward(question: Question, unit: ProcessingUnit | None) -> None:
    """Raise LifecycleError unless ``question`` may be forwarded to ``unit``."""
    if unit is None:
        raise LifecycleError(_("Chọn đơn vị xử lý để chuyển câu hỏi."), code="unit")
    if not unit.active:
        raise LifecycleError(
            _("Đơn vị “%(unit)s” đã ngừng nhận câu hỏi; chọn một đơn vị đang hoạt động.") % {"unit": unit.name},
            code="unit",
        )
    if not question.is_open:
        raise LifecycleError(_("Câu hỏi đã kết thúc xử lý (đã trả lời hoặc không thuộc phạm vi), không chuyển được."))


def forward(question: Question, unit: ProcessingUnit | None, user=None, note: str = "") -> QuestionForwarding:
    """Forward ``question`` to ``unit``; the unit is e-mailed once the change commits."""
    check_forward(question, unit)
    with transaction.atomic():
        forwarding = QuestionForwarding.objects.create(
            question=question, unit=unit, note=(note or "").strip(), forwarded_by=_user(user)
        )
        question.assigned_unit = unit.name
        question.assigned_at = forwarding.forwarded_at
        if question.status == Question.Status.RECEIVED:
            question.status = Question.Status.ASSIGNED
        question.save()
        log(
            instance=question,
            action=FORWARD_ACTION,
            user=_user(user),
            data={"unit": unit.name, "email": unit.email, "forwarding": forwarding.pk},
        )
        from ..tasks import enqueue_unit_notice  # lazily: the tasks module imports the services package

        transaction.on_commit(functools.partial(enqueue_unit_notice, forwarding.pk))
    return forwarding
