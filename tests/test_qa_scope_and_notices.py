"""Q&A as the regulations describe it (issue 15 item 5): a question may be declared out of scope (with
the reason), a progress notice states the new answer date, the asker is e-mailed of the answer, the
out-of-scope decision and the progress notice (only with an address), and the admin list shows and
filters what is overdue or due soon — through the admin as the head of the board (Trưởng ban)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.editorial_board import HEAD_GROUP
from participation.models import Question
from participation.models.questions import soon_limit
from participation.services import questions as qa
from tests.content_helpers import make_user, signed_in
from tests.participation_helpers import NO_CITATIONS, QUESTION

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis", "eager_tasks")]

FORM_FIELDS = ("asker_kind", "asker_name", "asker_address", "asker_email", "asker_phone", "topic", "title", "body")
REASON = "Nội dung thuộc thẩm quyền của Tòa án nhân dân, đề nghị ông/bà liên hệ Tòa án khu vực."


@pytest.fixture
def eager_tasks(monkeypatch):
    """Run queued Celery tasks at once, in the schema they were queued from (as a worker would)."""
    from config.celery_app import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)


def committed():
    """Run the on-commit callbacks of the block (the test's transaction never commits)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def new_question(citizen_site, **changes) -> Question:
    with tenant_context(citizen_site.tenant):
        return qa.submit_question(citizen_site.qa_page, {**QUESTION, **changes})


def reload(citizen_site, question: Question) -> Question:
    with tenant_context(citizen_site.tenant):
        return Question.objects.get(pk=question.pk)


@pytest.fixture
def head(citizen_site):
    """The head of the board (Trưởng ban), who answers for the site, signed in to its admin."""
    with tenant_context(citizen_site.tenant):
        make_user("truongban", HEAD_GROUP)
    return signed_in(citizen_site.tenant, "truongban")


def edit(client, citizen_site, question: Question, **fields):
    data = {**NO_CITATIONS, **{name: getattr(question, name) for name in FORM_FIELDS}}
    data.update({"assigned_unit": question.assigned_unit, "progress_note": question.progress_note})
    data.update(fields)
    with committed():
        return client.post(f"/admin/cau-hoi/edit/{question.pk}/", data, HTTP_HOST=citizen_site.host)


def day(value) -> str:
    return f"{value:%d/%m/%Y}"


def iso(value) -> str:
    """As the admin's date widget posts it."""
    return f"{value:%Y-%m-%d}"


# --- out of scope --------------------------------------------------------------------------------


def test_declaring_out_of_scope_needs_a_reason_and_tells_the_asker(citizen_site):
    question = new_question(citizen_site)
    with tenant_context(citizen_site.tenant), committed():
        with pytest.raises(ValidationError) as refused:
            qa.declare_out_of_scope(question, "   ", None)
    assert "Nhập lý do câu hỏi không thuộc phạm vi" in " ".join(refused.value.messages)
    stored = reload(citizen_site, question)
    assert (stored.status, stored.out_of_scope_reason, stored.out_of_scope_at) == ("received", "", None)
    assert mail.outbox == []

    with tenant_context(citizen_site.tenant), committed():
        user = make_user("photruongban", "Phó trưởng ban")
        qa.declare_out_of_scope(question, REASON, user)
    stored = reload(citizen_site, question)
    assert stored.status == Question.Status.OUT_OF_SCOPE and stored.get_status_display() == "Không thuộc phạm vi"
    assert stored.out_of_scope_reason == REASON and stored.out_of_scope_at is not None
    assert stored.out_of_scope_by_id == user.pk and not stored.is_overdue and stored.deadline_marker == "—"
    [message] = mail.outbox
    assert message.to == [QUESTION["asker_email"]]
    assert question.tracking_code in message.subject and "không thuộc phạm vi" in message.subject
    assert REASON in message.body and "Kính gửi ông/bà Đinh Thị Bảo Ngọc" in message.body
    assert f"/hoi-dap/tra-cuu/?ma={question.tracking_code}" in message.body
    with tenant_context(citizen_site.tenant), pytest.raises(ValidationError):
        qa.answer(question, "Trả lời muộn.")  # closed: no answer any more


def test_the_head_declares_out_of_scope_in_the_admin(citizen_site, head):
    question = new_question(citizen_site)
    assert head.get(f"/admin/cau-hoi/edit/{question.pk}/", HTTP_HOST=citizen_site.host).status_code == 200
    refused = edit(head, citizen_site, question, mark_out_of_scope="on", out_of_scope_reason="  ")
    assert refused.status_code == 200
    assert "Nhập lý do câu hỏi không thuộc phạm vi" in refused.content.decode()
    assert reload(citizen_site, question).status == Question.Status.RECEIVED and mail.outbox == []

    done = edit(head, citizen_site, question, mark_out_of_scope="on", out_of_scope_reason=REASON)
    assert done.status_code == 302
    stored = reload(citizen_site, question)
    assert (stored.status, stored.out_of_scope_reason) == (Question.Status.OUT_OF_SCOPE, REASON)
    with tenant_context(citizen_site.tenant):
        assert stored.out_of_scope_by.username == "truongban"
    [message] = mail.outbox
    assert REASON in message.body
    # Saving the closed question again (a typo in its title) works and sends nothing more
    again = edit(head, citizen_site, stored, title="Hồ sơ tách thửa đất ở (đã sửa)", out_of_scope_reason=REASON)
    assert again.status_code == 302 and len(mail.outbox) == 1
    assert reload(citizen_site, question).status == Question.Status.OUT_OF_SCOPE
    status = head.get(f"/hoi-dap/tra-cuu/?ma={question.tracking_code}", HTTP_HOST=citizen_site.host)
    assert "Không thuộc phạm vi" in status.content.decode() and REASON in status.content.decode()


def test_the_admin_refuses_out_of_scope_with_an_answer_or_publication(citizen_site, head):
    question = new_question(citizen_site)
    refused = edit(
        head,
        citizen_site,
        question,
        mark_out_of_scope="on",
        out_of_scope_reason=REASON,
        answer="Trả lời.",
        published="on",
    )
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "không nhập nội dung trả lời" in body and "Chỉ công bố được câu hỏi đã có câu trả lời" in body
    assert reload(citizen_site, question).status == Question.Status.RECEIVED and mail.outbox == []


# --- progress notice with its new date -----------------------------------------------------------


def test_a_progress_notice_must_state_a_new_date_after_today(citizen_site, head):
    question = new_question(citizen_site)
    today = timezone.localdate()
    for new_date in ("", iso(today)):
        refused = edit(
            head, citizen_site, question, progress_note="Đang xác minh thực địa.", progress_new_date=new_date
        )
        assert refused.status_code == 200
        assert "phải nêu thời hạn trả lời mới, sau ngày hôm nay" in refused.content.decode(), new_date
    stored = reload(citizen_site, question)
    assert (stored.status, stored.progress_note, stored.progress_new_date) == ("received", "", None)
    with tenant_context(citizen_site.tenant), pytest.raises(ValidationError):
        qa.notify_progress(question, "Đang xác minh thực địa.", today - timedelta(days=1))
    assert mail.outbox == []

    promised = question.deadline + timedelta(days=10)
    done = edit(head, citizen_site, question, progress_note="Đang xác minh thực địa.", progress_new_date=iso(promised))
    assert done.status_code == 302
    stored = reload(citizen_site, question)
    assert (stored.status, stored.progress_new_date) == (Question.Status.PROGRESS, promised)
    assert stored.due_date == promised
    [message] = mail.outbox
    assert "thông báo tiến độ" in message.subject
    assert f"Thời hạn trả lời mới: {day(promised)}" in message.body and "Đang xác minh thực địa." in message.body
    status = head.get(f"/hoi-dap/tra-cuu/?ma={question.tracking_code}", HTTP_HOST=citizen_site.host)
    assert day(promised) in status.content.decode()


# --- e-mail on the answer; none without an address -----------------------------------------------


def test_the_asker_is_emailed_the_answer_once(citizen_site, head):
    question = new_question(citizen_site)
    answered = edit(head, citizen_site, question, assigned_unit="Phòng Tư pháp", answer="Hồ sơ gồm đơn đề nghị.")
    assert answered.status_code == 302
    [message] = mail.outbox
    assert message.to == [QUESTION["asker_email"]] and "đã có câu trả lời" in message.subject
    assert "Hồ sơ gồm đơn đề nghị." in message.body and "(Phòng Tư pháp)" in message.body
    stored = reload(citizen_site, question)
    assert edit(head, citizen_site, stored, answer="Hồ sơ gồm đơn đề nghị và bản đồ.").status_code == 302
    assert len(mail.outbox) == 1  # correcting the answer does not mail the asker again


def test_no_email_when_the_asker_gave_none(citizen_site, head):
    quiet = [new_question(citizen_site, asker_email="") for _ in range(3)]
    later = iso(timezone.localdate() + timedelta(days=30))
    assert edit(head, citizen_site, quiet[0], answer="Trả lời.").status_code == 302
    assert edit(head, citizen_site, quiet[1], progress_note="Đang xử lý.", progress_new_date=later).status_code == 302
    assert edit(head, citizen_site, quiet[2], mark_out_of_scope="on", out_of_scope_reason=REASON).status_code == 302
    statuses = [reload(citizen_site, q).status for q in quiet]
    assert statuses == [Question.Status.ANSWERED, Question.Status.PROGRESS, Question.Status.OUT_OF_SCOPE]
    assert mail.outbox == []


def test_a_broker_failure_does_not_break_the_change(citizen_site, monkeypatch):
    from participation import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.notify_asker, "apply_async", broker_down)
    question = new_question(citizen_site)
    with tenant_context(citizen_site.tenant), committed():
        qa.answer(question, "Trả lời.")
    assert reload(citizen_site, question).status == Question.Status.ANSWERED and mail.outbox == []


# --- overdue filter and marker in the admin list -------------------------------------------------


def test_the_admin_list_marks_and_filters_overdue_and_due_soon_questions(citizen_site, head):
    today = timezone.localdate()
    overdue = new_question(citizen_site, title="Câu hỏi quá hạn")
    soon = new_question(citizen_site, title="Câu hỏi sắp đến hạn")
    in_time = new_question(citizen_site, title="Câu hỏi còn hạn")
    postponed = new_question(citizen_site, title="Câu hỏi đã hẹn ngày mới")
    answered = new_question(citizen_site, title="Câu hỏi đã trả lời")
    with tenant_context(citizen_site.tenant):
        Question.objects.filter(pk__in=[overdue.pk, postponed.pk, answered.pk]).update(
            deadline=today - timedelta(days=3)
        )
        Question.objects.filter(pk=soon.pk).update(deadline=soon_limit(today))
        Question.objects.filter(pk=postponed.pk).update(
            status=Question.Status.PROGRESS, progress_new_date=today + timedelta(days=20)
        )
        Question.objects.filter(pk=answered.pk).update(status=Question.Status.ANSWERED)
        markers = {q.title: q.deadline_marker for q in Question.objects.all()}
    assert markers == {
        "Câu hỏi quá hạn": "Quá hạn",
        "Câu hỏi sắp đến hạn": "Sắp đến hạn (≤ 2 ngày làm việc)",
        "Câu hỏi còn hạn": "Còn hạn",
        "Câu hỏi đã hẹn ngày mới": "Còn hạn",
        "Câu hỏi đã trả lời": "—",
    }

    def listed(**params) -> set[str]:
        response = head.get("/admin/cau-hoi/", params, HTTP_HOST=citizen_site.host)
        assert response.status_code == 200
        body = response.content.decode()
        return {q.tracking_code for q in (overdue, soon, in_time, postponed, answered) if q.tracking_code in body}

    everything = head.get("/admin/cau-hoi/", HTTP_HOST=citizen_site.host).content.decode()
    rows = {
        q.tracking_code: row
        for row in everything.split("<tr")[1:]
        for q in (overdue, soon, answered)
        if q.tracking_code in row
    }
    assert "Quá hạn" in rows[overdue.tracking_code]  # the marker is words in the row, not a colour
    assert "Sắp đến hạn (≤ 2 ngày làm việc)" in rows[soon.tracking_code]
    assert "Quá hạn" not in rows[answered.tracking_code] and "—" in rows[answered.tracking_code]
    assert "Thời hạn trả lời" in everything  # the filter
    assert listed() == {q.tracking_code for q in (overdue, soon, in_time, postponed, answered)}
    assert listed(deadline_state="overdue") == {overdue.tracking_code}
    assert listed(deadline_state="due_soon") == {soon.tracking_code}
    assert listed(deadline_state="in_time") == {in_time.tracking_code, postponed.tracking_code}


def test_a_question_taken_by_phone_is_added_out_of_scope_in_the_admin(citizen_site, head):
    data = {**QUESTION, **NO_CITATIONS, "mark_out_of_scope": "on", "out_of_scope_reason": REASON}
    with committed():
        response = head.post("/admin/cau-hoi/new/", data, HTTP_HOST=citizen_site.host)
    assert response.status_code == 302
    with tenant_context(citizen_site.tenant):
        [question] = Question.objects.all()
    assert (question.status, question.out_of_scope_reason) == (Question.Status.OUT_OF_SCOPE, REASON)
    assert len(question.tracking_code) == 10 and question.deadline is not None
    [message] = mail.outbox
    assert question.tracking_code in message.subject and REASON in message.body


# --- the compliance check reads the new date, not the note's text ---------------------------------


def test_compliance_reads_the_new_date_and_counts_out_of_scope_as_handled(commune):
    import datetime

    from compliance.findings import LATE, ON_TIME
    from compliance.services import evaluate_site
    from tests.compliance_helpers import NOW, at, build_compliant_site, question

    D = datetime.date
    received = at(D(2026, 2, 2))  # due Monday 02/03/2026 (15 working days, Tết skipped)
    with tenant_context(commune):
        build_compliant_site(commune)
        promised = question(
            received,
            title="Hẹn ngày trong trường ngày mới",
            status="progress",
            progress_note="Đang xác minh thực địa.",  # no date in the text: the field states it
            progress_new_date=D(2026, 3, 20),
            progress_at=at(D(2026, 2, 27)),
        )
        text_only = question(
            received,
            title="Ngày chỉ nằm trong nội dung",
            status="progress",
            progress_note="Sẽ trả lời trước 20/03/2026.",
            progress_at=at(D(2026, 2, 27)),
        )
        closed = question(
            received,
            title="Không thuộc phạm vi",
            status="out_of_scope",
            out_of_scope_reason=REASON,
            out_of_scope_at=at(D(2026, 2, 20)),
        )
    report = evaluate_site(commune, NOW)
    [found] = [f for f in report.findings if f.code == "questions-in-time"]
    statuses = {item.object: item.status for item in found.evidence}
    assert statuses[f"participation.question:{promised.pk}"] == ON_TIME
    assert statuses[f"participation.question:{text_only.pk}"] == LATE
    assert statuses[f"participation.question:{closed.pk}"] == ON_TIME
