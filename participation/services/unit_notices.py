"""The e-mail to the unit a question was forwarded to (``services.forwarding`` records the forwarding).

What the unit is told: the question (tracking code, topic, title, text, date received, answer due) and the
board's request; **never the asker's name, address, e-mail or phone**. ``send_unit_notice`` sends one
forwarding's notice once (the row locked and marked sent in the sending transaction); the beat's
``resend_all_sites`` sends those never queued. Kept apart from ``forwarding`` so that the tasks module,
which imports this one, is not imported back by it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Question, QuestionForwarding

logger = logging.getLogger(__name__)


def _site_name() -> str:
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "name", "") or _("Cổng thông tin điện tử")


def unit_notice(forwarding: QuestionForwarding) -> EmailMessage:
    """The message to the unit: the question, never the asker's personal data."""
    question = forwarding.question
    with translation.override("vi"):
        subject = _("[%(site)s] Chuyển câu hỏi %(code)s để xử lý: %(title)s") % {
            "site": _site_name(),
            "code": question.tracking_code,
            "title": question.title,
        }
        lines = [
            _("Kính gửi: %(unit)s,") % {"unit": forwarding.unit.name},
            "",
            _("Ban Biên tập chuyển đến quý đơn vị câu hỏi của người dân dưới đây để xử lý, trả lời."),
            "",
            _("Mã câu hỏi: %(code)s") % {"code": question.tracking_code},
            _("Lĩnh vực: %(topic)s") % {"topic": question.topic},
            _("Ngày tiếp nhận: %(day)s") % {"day": f"{timezone.localtime(question.received_at):%d/%m/%Y}"},
            _("Hạn trả lời: %(day)s") % {"day": f"{question.due_date:%d/%m/%Y}"},
            "",
            _("Tiêu đề: %(title)s") % {"title": question.title},
            "",
            question.body,
        ]
        if forwarding.note:
            lines += ["", _("Đề nghị của Ban Biên tập:"), forwarding.note]
        lines += [
            "",
            _(
                "Xin gửi nội dung trả lời về Ban Biên tập trước hạn trả lời; Ban Biên tập gửi câu trả lời cho "
                "người hỏi và công bố trên cổng thông tin."
            ),
            _("Thư này được gửi tự động, vui lòng không trả lời thư này."),
        ]
    return EmailMessage(subject, "\n".join(lines) + "\n", settings.DEFAULT_FROM_EMAIL, [forwarding.unit.email])


def send_unit_notice(forwarding_id: int) -> bool:
    """Send the notice of one forwarding of the current site once; False when there is nothing to send.

    The row is locked (``SKIP LOCKED``: a concurrent sender of the same forwarding gives up) and marked
    sent in the same transaction as the sending, so the task queued on commit and the periodic re-send
    (``resend_unsent_notices``) never both e-mail the unit; a failed sending leaves it unsent.
    """
    with transaction.atomic():
        forwarding = (
            QuestionForwarding.objects.select_related("question", "unit")
            .select_for_update(of=("self",), skip_locked=True)
            .filter(pk=forwarding_id, notified_at__isnull=True)
            .first()
        )
        if forwarding is None or not forwarding.unit.email:
            return False
        unit_notice(forwarding).send()
        QuestionForwarding.objects.filter(pk=forwarding.pk).update(notified_at=timezone.now())
    logger.info("participation: question %s forwarded to %s", forwarding.question.tracking_code, forwarding.unit.name)
    return True


def unsent_notices() -> list[int]:
    """The forwardings of the current site whose unit was never e-mailed (the task was not queued or was
    lost), oldest first; only questions still being handled (a closed question needs no unit's answer)."""
    return list(
        QuestionForwarding.objects.filter(notified_at__isnull=True)
        .exclude(unit__email="")
        .exclude(question__status__in=Question.CLOSED)
        .order_by("forwarded_at", "pk")
        .values_list("pk", flat=True)
    )


def resend_unsent_notices() -> int:
    """Send every unsent notice of the current site, each once; the number sent. A failing sending
    (mail server down) is logged and stays unsent for the next run."""
    sent = 0
    for forwarding_id in unsent_notices():
        try:
            sent += send_unit_notice(forwarding_id)
        except Exception as error:  # the next run tries again; the other forwardings still go out
            logger.warning("participation: unit notice of forwarding %s not sent (%s)", forwarding_id, error)
    return sent


def resend_all_sites() -> dict[str, int]:
    """``resend_unsent_notices`` in every active site; the notices sent per schema (sites with none left out)."""
    from django_tenants.utils import schema_context

    from tenants.tree import active_sites

    with schema_context("public"):
        schemas = list(active_sites().values_list("schema_name", flat=True))
    sent: dict[str, int] = {}
    for schema_name in schemas:
        with schema_context(schema_name):
            count = resend_unsent_notices()
        if count:
            sent[schema_name] = count
    return sent
