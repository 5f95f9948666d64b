"""Q&A as the regulations describe it (issue 15 item 5), second part: an answer cites legal documents of
the site (shown on the public question page with number, issue date, issuing body and summary, linked),
and a question is forwarded to a unit of the site's list, which is e-mailed (without the asker's personal
data) — through the admin as the board's real roles; a collaborator neither sees nor forwards. Bad input
(an inactive unit, a page that is not a legal document) is refused with a clear message and changes
nothing. A commune merge carries the citations, the units and the forwardings."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context, tenant_context
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from core.editorial_board import COLLABORATOR_GROUP, DEPUTY_GROUP, EDITOR_GROUP, HEAD_GROUP
from participation.models import ProcessingUnit, Question, QuestionCitation, QuestionForwarding
from participation.services import citations, forwarding, unit_notices
from participation.services import questions as qa
from restructuring.merge import run_merge
from restructuring.plan import plan_merge
from tests import factories as f
from tests.content_helpers import make_user, signed_in
from tests.participation_helpers import PERSONAL, QUESTION

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis", "eager_tasks")]

FORM_FIELDS = ("asker_kind", "asker_name", "asker_address", "asker_email", "asker_phone", "topic", "title", "body")
ANSWER = "Hồ sơ tách thửa gồm đơn đề nghị và giấy chứng nhận, theo các văn bản dẫn dưới đây."


@pytest.fixture
def eager_tasks(monkeypatch):
    """Run queued Celery tasks at once, in the schema they were queued from (as a worker would)."""
    from config.celery_app import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def board(citizen_site):
    """The board's three roles and a collaborator of the site, each signed in to its admin; two legal
    documents, a news page, two units (one inactive) and a citizen's question."""
    with tenant_context(citizen_site.tenant):
        make_user("bientap", EDITOR_GROUP)
        make_user("photruongban", DEPUTY_GROUP)
        make_user("truongban", HEAD_GROUP)
        make_user("congtacvien", COLLABORATOR_GROUP)
        register = f.LegalDocumentIndexPageFactory()
        decision = f.LegalDocumentPageFactory(
            parent=register,
            number="12/2026/QĐ-UBND",
            issue_date=datetime.date(2026, 3, 2),
            summary="Ban hành quy định diện tích tối thiểu được tách thửa đất ở",
        )
        plan = f.LegalDocumentPageFactory(
            parent=register,
            type_name="Kế hoạch",
            number="45/KH-UBND",
            issue_date=datetime.date(2026, 5, 20),
            summary="Triển khai cấp giấy chứng nhận quyền sử dụng đất năm 2026",
        )
        news = f.NewsPageFactory(parent=f.NewsIndexPageFactory(), title="Tin đất đai")
        land = ProcessingUnit.objects.create(name="Phòng Nông nghiệp và Môi trường", email="nnmt@phutho.example.vn")
        closed = ProcessingUnit.objects.create(
            name="Phòng Tài nguyên và Môi trường (cũ)", email="tnmt@phutho.example.vn", active=False
        )
        question = qa.submit_question(citizen_site.qa_page, QUESTION)
    tenant = citizen_site.tenant
    return {
        "editor": signed_in(tenant, "bientap"),
        "deputy": signed_in(tenant, "photruongban"),
        "head": signed_in(tenant, "truongban"),
        "collaborator": signed_in(tenant, "congtacvien"),
        "decision": decision,
        "plan": plan,
        "news": news,
        "land": land,
        "closed": closed,
        "question": question,
    }


def form_data(question: Question, cited=(), **fields) -> dict:
    """The edit screen's post: the question's fields, its stored citations (as the admin sends them
    back) followed by the pages newly chosen in ``cited``."""
    data = {name: getattr(question, name) for name in FORM_FIELDS}
    data.update({"assigned_unit": question.assigned_unit, "progress_note": question.progress_note})
    data.update(fields)
    kept = [
        {"id": row.pk, "document": row.document_id, "ORDER": n}
        for n, row in enumerate(QuestionCitation.objects.filter(question_id=question.pk).order_by("sort_order"))
    ]
    rows = kept + [{"document": page.pk, "ORDER": len(kept) + n} for n, page in enumerate(cited)]
    return nested_form_data({"citations": inline_formset(rows, initial=len(kept))}) | data


def edit(client, citizen_site, question: Question, cited=(), **fields):
    with tenant_context(citizen_site.tenant):
        data = form_data(question, cited, **fields)
    with committed():
        return client.post(f"/admin/cau-hoi/edit/{question.pk}/", data, HTTP_HOST=citizen_site.host)


def stored(citizen_site, question: Question) -> Question:
    with tenant_context(citizen_site.tenant):
        return Question.objects.get(pk=question.pk)


def cited_ids(citizen_site, question: Question) -> list[int]:
    with tenant_context(citizen_site.tenant):
        return list(
            QuestionCitation.objects.filter(question=question)
            .order_by("sort_order")
            .values_list("document_id", flat=True)
        )


# --- citing legal documents -----------------------------------------------------------------------


def test_an_answer_cites_legal_documents_shown_on_the_public_page(citizen_site, board, client):
    question, decision, plan = board["question"], board["decision"], board["plan"]
    # The chooser of the edit screen offers legal documents only.
    screen = board["editor"].get(f"/admin/cau-hoi/edit/{question.pk}/", HTTP_HOST=citizen_site.host).content.decode()
    assert "Văn bản pháp luật được dẫn trong câu trả lời" in screen
    assert "portal.legaldocumentpage" in screen.lower()
    # A board member of step 1 drafts the answer citing two documents; the deputy head publishes it.
    drafted = edit(board["editor"], citizen_site, question, cited=[decision, plan], answer=ANSWER)
    assert drafted.status_code == 302
    assert cited_ids(citizen_site, question) == [decision.pk, plan.pk]
    question = stored(citizen_site, question)
    assert (question.status, question.published) == (Question.Status.ANSWERED, False)
    published = edit(board["deputy"], citizen_site, question, published="on")
    assert published.status_code == 302 and stored(citizen_site, question).published
    assert cited_ids(citizen_site, question) == [decision.pk, plan.pk]

    page = client.get(f"/hoi-dap/cau-hoi/{question.pk}/", HTTP_HOST=citizen_site.host).content.decode()
    section = page[page.index('id="cited-documents"') :]
    for doc, day in ((decision, "02/03/2026"), (plan, "20/05/2026")):
        assert f'href="{doc.url}"' in section
        assert doc.number in section and day in section and doc.summary in section
    assert "Ủy ban nhân dân" in section  # the issuing body
    assert section.index(decision.number) < section.index(plan.number)  # the editor's order
    assert not any(value in page for value in PERSONAL)


def test_a_withdrawn_or_unpublished_document_is_not_shown_to_the_public(citizen_site, board, client):
    question, decision, plan = board["question"], board["decision"], board["plan"]
    with tenant_context(citizen_site.tenant):
        citations.cite(question, [decision, plan])
        qa.answer(question, ANSWER)
        qa.set_published(question, True)
        plan.unpublish()
    page = client.get(f"/hoi-dap/cau-hoi/{question.pk}/", HTTP_HOST=citizen_site.host).content.decode()
    assert decision.number in page and plan.number not in page


@override_settings(PAGE_CACHE_ENABLED=False)
def test_the_public_page_reads_its_cited_documents_in_as_many_queries_whatever_their_number(citizen_site, board):
    question, decision, plan = board["question"], board["decision"], board["plan"]
    with tenant_context(citizen_site.tenant):
        more = [
            f.LegalDocumentPageFactory(
                parent=decision.get_parent(), type_name=kind, number=f"7{n}/VP-UBND", summary=f"Về việc thứ {n}"
            )
            for n, kind in enumerate(("Kế hoạch", "Quyết định", "Kế hoạch"))
        ]
        qa.answer(question, ANSWER)
        qa.set_published(question, True)

    def shown(cited) -> tuple[str, int]:
        with tenant_context(citizen_site.tenant):
            citations.cite(question, cited)
        address = f"/hoi-dap/cau-hoi/{question.pk}/"
        Client().get(address, HTTP_HOST=citizen_site.host)  # the site's kept fragments, built again
        with CaptureQueriesContext(connection) as queries:
            page = Client().get(address, HTTP_HOST=citizen_site.host).content.decode()
        return page[page.index('id="cited-documents"') :], len(queries)

    _one, few_queries = shown([decision])
    section, many_queries = shown([decision, plan, *more])
    assert many_queries == few_queries
    numbers = [doc.number for doc in (decision, plan, *more)]
    assert [section.index(number) for number in numbers] == sorted(section.index(number) for number in numbers)
    assert "Kế hoạch" in section and "Ủy ban nhân dân" in section and "Về việc thứ 2" in section


def test_citing_a_page_that_is_not_a_legal_document_is_refused_and_changes_nothing(citizen_site, board):
    question, news = board["question"], board["news"]
    refused = edit(board["head"], citizen_site, question, cited=[board["decision"], news], answer=ANSWER)
    assert refused.status_code == 200
    assert "“Tin đất đai” không phải là văn bản pháp luật" in refused.content.decode()
    assert cited_ids(citizen_site, question) == []
    assert (stored(citizen_site, question).status, stored(citizen_site, question).answer) == ("received", "")
    twice = edit(board["head"], citizen_site, question, cited=[board["decision"], board["decision"]])
    assert twice.status_code == 200 and "đã được dẫn" in twice.content.decode()
    assert cited_ids(citizen_site, question) == []
    with tenant_context(citizen_site.tenant), pytest.raises(qa.LifecycleError, match="không phải là văn bản"):
        citations.cite(question, [news])
    assert cited_ids(citizen_site, question) == []
    assert mail.outbox == []


# --- forwarding to a unit ---------------------------------------------------------------------------


def test_the_head_keeps_the_list_of_units(citizen_site, board):
    added = board["head"].post(
        "/admin/don-vi-xu-ly/new/",
        {"name": "Văn phòng HĐND và UBND xã", "email": "vanphong@phutho.example.vn", "active": "on"},
        HTTP_HOST=citizen_site.host,
    )
    assert added.status_code == 302
    with tenant_context(citizen_site.tenant):
        assert ProcessingUnit.objects.get(name="Văn phòng HĐND và UBND xã").active
    listing = board["editor"].get("/admin/don-vi-xu-ly/", HTTP_HOST=citizen_site.host)
    assert listing.status_code == 200 and "Phòng Nông nghiệp và Môi trường" in listing.content.decode()


@pytest.mark.parametrize("role", ["editor", "deputy", "head"])
def test_forwarding_to_a_unit_sends_it_exactly_one_email(citizen_site, board, role):
    question, land = board["question"], board["land"]
    screen = board[role].get(f"/admin/cau-hoi/edit/{question.pk}/", HTTP_HOST=citizen_site.host).content.decode()
    assert land.name in screen and board["closed"].name not in screen  # inactive units are not offered
    response = edit(
        board[role], citizen_site, question, forward_to=land.pk, forward_note="Đề nghị trả lời trước ngày 20."
    )
    assert response.status_code == 302
    [message] = mail.outbox  # the unit's notice only: the asker is not e-mailed of a forwarding
    assert message.to == [land.email]
    assert question.tracking_code in message.subject and question.title in message.subject
    assert question.body in message.body and "Đề nghị trả lời trước ngày 20." in message.body
    assert not any(value in message.subject + message.body for value in PERSONAL)  # no asker's data
    username = {"editor": "bientap", "deputy": "photruongban", "head": "truongban"}[role]
    with tenant_context(citizen_site.tenant):
        [done] = QuestionForwarding.objects.filter(question=question)
        assert (done.unit, done.forwarded_by.username, done.notified_at is not None) == (land, username, True)
        question = Question.objects.get(pk=question.pk)
        assert (question.status, question.assigned_unit) == (Question.Status.ASSIGNED, land.name)
        assert question.assigned_at == done.forwarded_at
    history = board[role].get(f"/admin/cau-hoi/history/{question.pk}/", HTTP_HOST=citizen_site.host)
    assert history.status_code == 200
    assert f"Đã chuyển câu hỏi đến “{land.name}” ({land.email})" in history.content.decode()
    again = board[role].get(f"/admin/cau-hoi/edit/{question.pk}/", HTTP_HOST=citizen_site.host).content.decode()
    assert f"Đã chuyển: {land.name}" in again


def test_forwarding_to_an_inactive_unit_is_refused_and_changes_nothing(citizen_site, board):
    question, closed = board["question"], board["closed"]
    refused = edit(board["head"], citizen_site, question, forward_to=closed.pk)
    assert refused.status_code == 200
    assert f"Đơn vị “{closed.name}” đã ngừng nhận câu hỏi" in refused.content.decode()
    with tenant_context(citizen_site.tenant):
        assert not QuestionForwarding.objects.exists()
        assert (Question.objects.get(pk=question.pk).status, Question.objects.get(pk=question.pk).assigned_unit) == (
            Question.Status.RECEIVED,
            "",
        )
        with pytest.raises(qa.LifecycleError, match="ngừng nhận"):
            forwarding.forward(question, closed)
        assert not QuestionForwarding.objects.exists()
    assert mail.outbox == []


def test_a_closed_question_is_not_forwarded(citizen_site, board):
    question = board["question"]
    with tenant_context(citizen_site.tenant):
        qa.answer(question, ANSWER)
    mail.outbox.clear()
    refused = edit(
        board["head"], citizen_site, stored(citizen_site, question), answer=ANSWER, forward_to=board["land"].pk
    )
    assert refused.status_code == 200 and "không chuyển được" in refused.content.decode()
    with tenant_context(citizen_site.tenant):
        assert not QuestionForwarding.objects.exists()
    assert mail.outbox == []


def test_a_collaborator_neither_sees_nor_forwards_a_question(citizen_site, board):
    question, collaborator = board["question"], board["collaborator"]
    for path in (
        f"/admin/cau-hoi/edit/{question.pk}/",
        f"/admin/cau-hoi/history/{question.pk}/",
        "/admin/don-vi-xu-ly/",
    ):
        assert collaborator.get(path, HTTP_HOST=citizen_site.host).status_code in (302, 403), path
    response = edit(collaborator, citizen_site, question, forward_to=board["land"].pk)
    assert response.status_code in (302, 403)
    with tenant_context(citizen_site.tenant):
        assert not QuestionForwarding.objects.exists()
        assert Question.objects.get(pk=question.pk).status == Question.Status.RECEIVED
    assert mail.outbox == []


def resend() -> dict[str, int]:
    """The beat's task, run as the beat runs it (from the public schema)."""
    from django.conf import settings

    from participation.tasks import resend_unit_notices

    assert "participation.resend_unit_notices" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    with schema_context("public"):
        return resend_unit_notices()


def test_a_notice_never_queued_is_sent_once_by_the_periodic_resend(citizen_site, board, monkeypatch):
    """The broker is down when the head forwards: the forwarding stays unsent; the beat's re-send e-mails
    the unit exactly once, a second run and the late queued task send nothing more."""
    from participation.tasks import notify_unit

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    question, land = board["question"], board["land"]
    with monkeypatch.context() as patched:
        patched.setattr(notify_unit, "apply_async", broker_down)
        response = edit(board["head"], citizen_site, question, forward_to=land.pk)
    assert response.status_code == 302  # the board's change is kept; only the e-mail is pending
    assert mail.outbox == []
    with tenant_context(citizen_site.tenant):
        [pending] = QuestionForwarding.objects.filter(question=question)
        assert pending.notified_at is None

    assert resend() == {citizen_site.tenant.schema_name: 1}
    [message] = mail.outbox
    assert message.to == [land.email] and question.tracking_code in message.subject
    assert not any(value in message.subject + message.body for value in PERSONAL)
    with tenant_context(citizen_site.tenant):
        assert QuestionForwarding.objects.get(pk=pending.pk).notified_at is not None
        assert unit_notices.send_unit_notice(pending.pk) is False  # what a task queued meanwhile runs: sent
    assert resend() == {}
    assert len(mail.outbox) == 1


def test_the_resend_leaves_closed_questions_and_a_failing_mail_server_retries(citizen_site, board, monkeypatch):
    """A sending that fails stays unsent and goes out at the next run; a forwarding whose question was
    answered meanwhile is not sent."""

    def mail_server_down(*args, **kwargs):
        raise OSError("connection refused")

    question = board["question"]
    with tenant_context(citizen_site.tenant):
        pending = QuestionForwarding.objects.create(question=question, unit=board["land"])
    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", mail_server_down)
        assert resend() == {}
    with tenant_context(citizen_site.tenant):
        assert QuestionForwarding.objects.get(pk=pending.pk).notified_at is None
    assert mail.outbox == []
    assert resend() == {citizen_site.tenant.schema_name: 1}  # the next run sends it
    assert [message.to for message in mail.outbox] == [[board["land"].email]]
    with tenant_context(citizen_site.tenant):
        qa.answer(question, ANSWER)
        QuestionForwarding.objects.create(question=question, unit=board["land"])  # unsent, question now closed
    mail.outbox.clear()
    assert resend() == {}
    assert mail.outbox == []


# --- the commune merge carries them ---------------------------------------------------------------


def test_a_merge_keeps_the_citations_the_units_and_the_forwardings(communes):
    source = communes.a
    with tenant_context(source.tenant):
        register = f.LegalDocumentIndexPageFactory()
        decision = f.LegalDocumentPageFactory(parent=register, number="7/2026/QĐ-UBND", summary="Về tách thửa")
        question = Question.objects.get(tracking_code=source.code)
        citations.cite(question, [decision])
        unit = ProcessingUnit.objects.create(name="Phòng Kinh tế", email="kinhte@xaa.example.vn")
        ProcessingUnit.objects.create(name="Công an xã", email="congan@xaa.example.vn", active=False)
        with committed():
            forwarding.forward(question, unit, user=source.extras.editor, note="Xin trả lời sớm.")
    with tenant_context(communes.target):
        ProcessingUnit.objects.create(name="Công an xã", email="congan@xac.example.vn")  # the target's own
    run_merge(plan_merge([source.tenant.path], into=communes.target.path))
    with tenant_context(communes.target):
        moved = Question.objects.get(tracking_code=source.code)
        [citation] = moved.citations.all()
        document = citation.document.specific
        assert document.number == "7/2026/QĐ-UBND" and document.live
        assert "/van-ban/" in document.url_path  # the target's copy of the source's document
        assert citations.public_citations(moved)[0].number == "7/2026/QĐ-UBND"
        [done] = moved.forwardings.all()
        assert (done.unit.name, done.unit.email, done.note) == (
            "Phòng Kinh tế",
            "kinhte@xaa.example.vn",
            "Xin trả lời sớm.",
        )
        assert done.forwarded_by.username == "bientap.xaa"  # the editor's (disabled) copy
        assert moved.assigned_unit == "Phòng Kinh tế" and moved.status == Question.Status.ASSIGNED
        # the units travel, matched by name: the target's own "Công an xã" keeps its address
        assert dict(ProcessingUnit.objects.values_list("name", "email")) == {
            "Phòng Kinh tế": "kinhte@xaa.example.vn",
            "Công an xã": "congan@xac.example.vn",
        }


def test_a_unit_questions_were_forwarded_to_is_kept_not_deleted(citizen_site, board):
    land, unused = board["land"], board["closed"]
    with tenant_context(citizen_site.tenant), committed():
        forwarding.forward(board["question"], land)
    refused = board["head"].post(f"/admin/don-vi-xu-ly/delete/{land.pk}/", HTTP_HOST=citizen_site.host, follow=True)
    assert "Không xoá được “Phòng Nông nghiệp và Môi trường”" in refused.content.decode()
    deleted = board["head"].post(f"/admin/don-vi-xu-ly/delete/{unused.pk}/", HTTP_HOST=citizen_site.host)
    assert deleted.status_code == 302
    with tenant_context(citizen_site.tenant):
        assert list(ProcessingUnit.objects.values_list("name", flat=True)) == [land.name]
        assert QuestionForwarding.objects.filter(unit=land).count() == 1
