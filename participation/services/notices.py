"""E-mails to the asker of a question (D16): the answer, the out-of-scope decision with its reason and
the progress notice with its new answer date. Only for askers who gave an e-mail address; sent by the
Celery task ``participation.notify_asker`` once the change is committed (``services.questions``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..models import Question

log = logging.getLogger(__name__)

ANSWERED = "answered"
OUT_OF_SCOPE = "out_of_scope"
PROGRESS = "progress"
EVENTS = (ANSWERED, OUT_OF_SCOPE, PROGRESS)


def _status_url(question: Question) -> str:
    page = question.page
    base = page.get_full_url() if page is not None else None
    if not base:
        return ""
    return base + page.reverse_subpage("status") + "?" + urlencode({"ma": question.tracking_code})


def _site_name() -> str:
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "name", "") or _("Cổng thông tin điện tử")


def _event_text(question: Question, event: str) -> tuple[str, str]:
    """The subject's ending and the paragraph that tells what happened."""
    if event == ANSWERED:
        text = _("Câu hỏi của ông/bà đã được trả lời%(unit)s:") % {
            "unit": f" ({question.answering_unit})" if question.answering_unit else ""
        }
        return _("đã có câu trả lời"), f"{text}\n\n{question.answer}"
    if event == OUT_OF_SCOPE:
        text = _("Câu hỏi của ông/bà không thuộc phạm vi trả lời của cơ quan, với lý do sau:")
        return _("không thuộc phạm vi trả lời"), f"{text}\n\n{question.out_of_scope_reason}"
    text = _("Câu hỏi của ông/bà đang được xử lý. Thời hạn trả lời mới: %(day)s.") % {
        "day": f"{question.progress_new_date:%d/%m/%Y}"
    }
    return _("thông báo tiến độ"), f"{text}\n\n{question.progress_note}"


def asker_notice(question: Question, event: str) -> EmailMessage | None:
    """The message for ``event`` (one of EVENTS), or None when the asker gave no e-mail address."""
    if not question.asker_email or event not in EVENTS:
        return None
    with translation.override("vi"):
        ending, paragraph = _event_text(question, event)
        subject = _("[%(site)s] Câu hỏi %(code)s: %(what)s") % {
            "site": _site_name(),
            "code": question.tracking_code,
            "what": ending,
        }
        lines = [
            _("Kính gửi ông/bà %(name)s,") % {"name": question.asker_name},
            "",
            _("Câu hỏi “%(title)s” (mã tra cứu %(code)s, tiếp nhận ngày %(day)s).")
            % {
                "title": question.title,
                "code": question.tracking_code,
                "day": f"{timezone.localtime(question.received_at):%d/%m/%Y}",
            },
            "",
            paragraph,
        ]
        url = _status_url(question)
        if url:
            lines += ["", _("Xem tình trạng câu hỏi: %(url)s") % {"url": url}]
        lines += ["", _("Thư này được gửi tự động, vui lòng không trả lời thư này.")]
    return EmailMessage(subject, "\n".join(lines) + "\n", settings.DEFAULT_FROM_EMAIL, [question.asker_email])


def send_asker_notice(question_id: int, event: str) -> bool:
    """Send the notice of one question of the current site; False when there is nothing to send."""
    question = Question.objects.select_related("page").filter(pk=question_id).first()
    message = asker_notice(question, event) if question is not None else None
    if message is None:
        return False
    message.send()
    log.info("participation: %s notice sent for question %s", event, question.tracking_code)
    return True
