"""Questions & answers (D16): asking, validation and abuse protection, lifecycle, privacy, deadlines."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django_tenants.utils import tenant_context

from participation.models import Question
from participation.services import questions as qa
from tests.participation_helpers import CLOSED_PORT_CACHE, NO_CITATIONS, PERSONAL, QUESTION

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def ask(client, citizen_site, **changes):
    data = {**QUESTION, **changes}
    return client.post("/hoi-dap/gui-cau-hoi/", data, HTTP_HOST=citizen_site.host, follow=True)


def stored(citizen_site) -> list[Question]:
    with tenant_context(citizen_site.tenant):
        return list(Question.objects.all())


def test_a_citizen_asks_and_gets_a_tracking_code_and_a_15_working_day_deadline(client, citizen_site):
    response = ask(client, citizen_site)
    assert response.status_code == 200
    [question] = stored(citizen_site)
    body = response.content.decode()
    assert question.tracking_code in body
    assert len(question.tracking_code) == 10 and question.tracking_code.isalnum()
    assert question.status == Question.Status.RECEIVED
    from django.utils import timezone

    from workdays.services import add_working_days

    assert question.deadline == add_working_days(timezone.localdate(question.received_at), 15)
    assert question.asker_name == QUESTION["asker_name"] and question.page_id == citizen_site.qa_page.pk


def test_a_question_received_just_before_tet_2026_is_due_after_the_holiday(citizen_site):
    with tenant_context(citizen_site.tenant):
        question = qa.submit_question(
            citizen_site.qa_page, QUESTION, received_at=datetime(2026, 2, 13, 16, 30, tzinfo=VN)
        )
    # Friday 13/02: the Tết week 16–20/02 is not counted → 23/02–13/03 are working days 1–15
    assert question.deadline == date(2026, 3, 13)
    # Without Tết it would be five working days earlier: the holiday moved it
    assert date(2026, 3, 6) < question.deadline
    # The Vietnamese calendar day counts: 23:30 UTC on Thursday 12/02 is already Friday 13/02 in Vietnam
    with tenant_context(citizen_site.tenant):
        early = qa.submit_question(
            citizen_site.qa_page, QUESTION, received_at=datetime(2026, 2, 12, 23, 30, tzinfo=ZoneInfo("UTC"))
        )
    assert early.deadline == date(2026, 3, 13)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"asker_name": ""}, "asker_name", "họ tên và địa chỉ liên hệ"),
        ({"asker_address": "   "}, "asker_address", "họ tên và địa chỉ liên hệ"),
        ({"asker_kind": "organisation", "asker_address": ""}, "asker_address", "tổ chức: tên đầy đủ và địa chỉ"),
        ({"body": "x" * 5001}, "body", "5000"),
        ({"title": "<script>alert(1)</script>Câu hỏi"}, "title", "mã lệnh (script)"),
        ({"body": '<img src=x onerror="alert(1)">'}, "body", "mã lệnh (script)"),
        ({"asker_email": "khong-phai-email"}, "asker_email", "email"),
        ({"asker_phone": "gọi tôi"}, "asker_phone", "Số điện thoại"),
        ({"topic": "Lĩnh vực bịa"}, "topic", "không nằm trong"),
        ({"body": "<b></b>"}, "body", "bắt buộc"),
    ],
)
def test_bad_input_gives_a_clear_error_and_stores_nothing(client, citizen_site, changes, field, message):
    response = ask(client, citizen_site, **changes)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Câu hỏi chưa được gửi" in body
    assert f'id="id_{field}-err"' in body and 'aria-invalid="true"' in body
    assert message.lower() in body.lower() or field in ("asker_email", "topic")
    assert stored(citizen_site) == []


def test_html_is_stripped_and_text_normalised_to_nfc(client, citizen_site):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Tôi ở <b>Sơn Hùng</b>, xin hỏi")
    name = unicodedata.normalize("NFD", "Lò Văn Thắng")
    assert ask(client, citizen_site, body=nfd, asker_name=name).status_code == 200
    [question] = stored(citizen_site)
    assert question.body == "Tôi ở Sơn Hùng, xin hỏi"
    assert question.body == unicodedata.normalize("NFC", question.body)
    assert question.asker_name == unicodedata.normalize("NFC", "Lò Văn Thắng")


def test_editor_edits_are_stored_as_nfc_too(citizen_site):
    import unicodedata

    with tenant_context(citizen_site.tenant):
        question = qa.submit_question(citizen_site.qa_page, QUESTION)
        qa.answer(
            question,
            unicodedata.normalize("NFD", "Ủy ban nhân dân xã trả lời"),
            unit=unicodedata.normalize("NFD", "Phòng Tư pháp"),
        )
        question.refresh_from_db()
    assert question.answer == unicodedata.normalize("NFC", "Ủy ban nhân dân xã trả lời")
    assert question.answering_unit == unicodedata.normalize("NFC", "Phòng Tư pháp")


def test_honeypot_filled_is_rejected_and_nothing_stored(client, citizen_site):
    response = ask(client, citizen_site, website="http://spam.example")
    assert response.status_code == 400
    assert "Biểu mẫu không hợp lệ" in response.content.decode()
    assert stored(citizen_site) == []


def test_csrf_token_is_required(citizen_site):
    strict = Client(enforce_csrf_checks=True)
    assert ask(strict, citizen_site).status_code == 403
    assert stored(citizen_site) == []
    form = strict.get("/hoi-dap/", HTTP_HOST=citizen_site.host)
    token = form.cookies["csrftoken"].value
    assert ask(strict, citizen_site, csrfmiddlewaretoken=token).status_code == 200
    assert len(stored(citizen_site)) == 1


@override_settings(PARTICIPATION_RATE_LIMITS={"question": (2, 600)})
def test_rate_limit_per_ip(client, citizen_site):
    assert ask(client, citizen_site).status_code == 200
    assert ask(client, citizen_site).status_code == 200
    third = client.post("/hoi-dap/gui-cau-hoi/", QUESTION, HTTP_HOST=citizen_site.host)
    assert third.status_code == 429 and "quá nhiều câu hỏi" in third.content.decode()
    assert len(stored(citizen_site)) == 2
    other_ip = client.post("/hoi-dap/gui-cau-hoi/", QUESTION, HTTP_HOST=citizen_site.host, REMOTE_ADDR="10.1.2.3")
    assert other_ip.status_code == 303
    assert len(stored(citizen_site)) == 3


@override_settings(PARTICIPATION_RATE_LIMITS={"question": (1, 600)})
def test_failed_validation_is_not_counted_against_the_rate_limit(client, citizen_site):
    for _ in range(3):
        assert ask(client, citizen_site, asker_name="").status_code == 400
    assert ask(client, citizen_site).status_code == 200  # the corrected question is accepted
    assert ask(client, citizen_site).status_code == 429  # only accepted submissions are counted
    assert len(stored(citizen_site)) == 1


def test_a_reload_of_the_receipt_files_nothing_and_still_shows_the_tracking_code(client, citizen_site):
    posted = client.post("/hoi-dap/gui-cau-hoi/", QUESTION, HTTP_HOST=citizen_site.host)
    assert posted.status_code == 303 and "/hoi-dap/gui-cau-hoi/da-tiep-nhan/?t=" in posted["Location"]
    [question] = stored(citizen_site)
    assert question.tracking_code not in posted["Location"]  # never in a URL
    for _ in range(2):  # follow, then reload
        receipt = client.get(posted["Location"], HTTP_HOST=citizen_site.host)
        assert receipt.status_code == 200 and question.tracking_code in receipt.content.decode()
        assert "no-store" in receipt["Cache-Control"]  # one citizen's code: never in a cache
    assert len(stored(citizen_site)) == 1
    forged = posted["Location"].replace("?t=", "?t=x")
    assert client.get(forged, HTTP_HOST=citizen_site.host).status_code == 404
    assert client.get("/hoi-dap/gui-cau-hoi/da-tiep-nhan/", HTTP_HOST=citizen_site.host).status_code == 404


def test_a_failed_question_shows_an_error_summary_that_takes_the_focus(client, citizen_site):
    response = ask(client, citizen_site, asker_name="", asker_email="khong-phai-email")
    html = response.content.decode()
    assert response.status_code == 400
    summary = html[html.index("data-error-summary") - 200 : html.index('name="asker_kind"')]
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "autofocus" in summary
    assert "<h2" in summary and "Câu hỏi chưa được gửi" in summary
    assert 'href="#id_asker_name"' in summary and 'href="#id_asker_email"' in summary
    assert "js/error_summary.js" in summary  # focus moved by a static script (CSP: no inline)
    assert html.index("data-error-summary") < html.index('name="asker_name"')  # at the top of the form


@override_settings(PARTICIPATION_RATE_LIMITS={"question": (1, 600)})
def test_with_redis_down_a_valid_question_is_still_accepted_and_stored(client, citizen_site):
    with override_settings(CACHES={"default": CLOSED_PORT_CACHE}):
        for _ in range(3):  # no rate limit can be applied: never lose a citizen's question
            response = ask(client, citizen_site)
            assert response.status_code == 200
    questions = stored(citizen_site)
    assert len(questions) == 3
    assert all(q.tracking_code in r for q, r in [(questions[0], response.content.decode())])


def test_status_lookup_by_tracking_code_shows_no_personal_data(client, citizen_site):
    ask(client, citizen_site)
    [question] = stored(citizen_site)
    code = question.tracking_code
    page = client.get(f"/hoi-dap/tra-cuu/?ma={code.lower()[:5]}-{code.lower()[5:]}", HTTP_HOST=citizen_site.host)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Đã tiếp nhận" in body and question.deadline.strftime("%d/%m/%Y") in body
    assert not any(value in body for value in PERSONAL)
    assert client.get("/hoi-dap/tra-cuu/?ma=AAAAAAAAAA", HTTP_HOST=citizen_site.host).status_code == 404
    assert client.get("/hoi-dap/tra-cuu/?ma=x", HTTP_HOST=citizen_site.host).status_code == 404


def test_lifecycle_received_assigned_progress_answered_published(client, citizen_site):
    ask(client, citizen_site)
    [question] = stored(citizen_site)
    public_list = lambda: client.get("/hoi-dap/", HTTP_HOST=citizen_site.host).content.decode()  # noqa: E731
    status = lambda: client.get(f"/hoi-dap/tra-cuu/?ma={question.tracking_code}", HTTP_HOST=citizen_site.host)  # noqa: E731
    assert QUESTION["title"] not in public_list()
    with tenant_context(citizen_site.tenant):
        with pytest.raises(qa.LifecycleError):
            qa.set_published(question, True)  # not answered yet
        qa.assign(question, "Phòng Tài nguyên và Môi trường")
    assert "Đã chuyển đơn vị xử lý" in status().content.decode()
    with tenant_context(citizen_site.tenant):
        qa.notify_progress(
            question,
            "Đang xác minh hồ sơ địa chính, dự kiến trả lời trước 20/3.",
            question.deadline + timedelta(days=5),
        )
    assert "Đang xác minh hồ sơ địa chính" in status().content.decode()
    with tenant_context(citizen_site.tenant):
        qa.answer(question, "Hồ sơ gồm đơn đề nghị tách thửa và giấy chứng nhận.")
    assert "Hồ sơ gồm đơn đề nghị tách thửa" in status().content.decode()
    assert QUESTION["title"] not in public_list()  # answered but not published
    assert client.get(f"/hoi-dap/cau-hoi/{question.pk}/", HTTP_HOST=citizen_site.host).status_code == 404
    with tenant_context(citizen_site.tenant):
        qa.set_published(question, True)
    listing = public_list()
    detail = client.get(f"/hoi-dap/cau-hoi/{question.pk}/", HTTP_HOST=citizen_site.host).content.decode()
    assert QUESTION["title"] in listing and "Hồ sơ gồm đơn đề nghị tách thửa" in detail
    for html in (listing, detail, status().content.decode()):
        assert not any(value in html for value in PERSONAL), "personal data of the asker leaked"


def _member(citizen_site, username: str, group: str):
    with tenant_context(citizen_site.tenant):
        user = get_user_model().objects.create_user(username, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
    return client


def test_the_editor_drafts_the_answer_and_the_deputy_head_publishes_it(citizen_site):
    """Step 1 (Biên tập viên) assigns and answers; publishing is step 3's (Phó trưởng ban, Trưởng ban):
    the editor's "publish" is ignored and said so, the deputy's is refused while there is no answer."""
    anonymous = Client()
    ask(anonymous, citizen_site)
    [question] = stored(citizen_site)
    editor = _member(citizen_site, "bientap", "Biên tập viên")
    deputy = _member(citizen_site, "photruongban", "Phó trưởng ban")
    listing = editor.get("/admin/cau-hoi/", HTTP_HOST=citizen_site.host)
    assert listing.status_code == 200 and question.tracking_code in listing.content.decode()
    form = NO_CITATIONS | {
        name: QUESTION[name]
        for name in (
            "asker_kind",
            "asker_name",
            "asker_address",
            "asker_email",
            "asker_phone",
            "topic",
            "title",
            "body",
        )
    }
    url = f"/admin/cau-hoi/edit/{question.pk}/"
    # Publishing an unanswered question is refused with a clear message, nothing changes
    refused = deputy.post(url, {**form, "assigned_unit": "", "published": "on"}, HTTP_HOST=citizen_site.host)
    assert refused.status_code == 200 and "Chỉ công bố được câu hỏi đã có câu trả lời" in refused.content.decode()
    assert stored(citizen_site)[0].published is False
    assert editor.post(url, {**form, "assigned_unit": "Phòng Tư pháp"}, HTTP_HOST=citizen_site.host).status_code == 302
    assert stored(citizen_site)[0].status == Question.Status.ASSIGNED
    page = editor.get(url, HTTP_HOST=citizen_site.host).content.decode()
    assert "Câu trả lời do Phó trưởng ban hoặc Trưởng ban công bố" in page
    done = editor.post(
        url,
        {**form, "assigned_unit": "Phòng Tư pháp", "answer": "Trả lời: xem Điều 7.", "published": "on"},
        HTTP_HOST=citizen_site.host,
    )
    assert done.status_code == 302
    [answered] = stored(citizen_site)
    assert (answered.status, answered.published, answered.answering_unit) == ("answered", False, "Phòng Tư pháp")
    with tenant_context(citizen_site.tenant):
        assert answered.answered_by.username == "bientap"
    assert client_sees(citizen_site, answered) == 404  # drafted, not yet public

    # The deputy head's dashboard lists it as waiting for publication; he publishes it.
    dashboard = deputy.get("/admin/", HTTP_HOST=citizen_site.host).content.decode()
    assert "1 câu trả lời chờ công bố" in dashboard and answered.tracking_code in dashboard
    published = deputy.post(
        url,
        {**form, "assigned_unit": "Phòng Tư pháp", "answer": "Trả lời: xem Điều 7.", "published": "on"},
        HTTP_HOST=citizen_site.host,
    )
    assert published.status_code == 302 and stored(citizen_site)[0].published is True
    assert client_sees(citizen_site, answered) == 200


def client_sees(citizen_site, question) -> int:
    return Client().get(f"/hoi-dap/cau-hoi/{question.pk}/", HTTP_HOST=citizen_site.host).status_code


def test_questions_stay_in_their_own_site(client, citizen_site, make_tenant):
    other = make_tenant("huyenkhac", kind="district", parent=citizen_site.tenant)
    ask(client, citizen_site)
    with tenant_context(other):
        assert Question.objects.count() == 0
    assert len(stored(citizen_site)) == 1


def test_search_document_of_the_qa_page(citizen_site):
    with tenant_context(citizen_site.tenant):
        doc = citizen_site.qa_page.search_document()
    assert doc.kind == "question" and doc.title == "Hỏi đáp"
