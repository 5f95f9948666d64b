"""Consultations on drafts (D8): open window, automatic close at the deadline, moderation, counts."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from participation.models import ConsultationComment
from participation.services import consultations as cs
from tests.participation_helpers import add_consultation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]
COMMENT = {"name": "Vũ Minh Khoa", "contact": "khoa.vu@example.vn", "body": "Đề nghị bổ sung quy định về trang phục."}


def comments(citizen_site):
    with tenant_context(citizen_site.tenant):
        return list(ConsultationComment.objects.order_by("submitted_at"))


def test_open_consultation_accepts_a_comment_pending_moderation(client, citizen_site):
    add_consultation(citizen_site)
    page = client.get("/lay-y-kien/du-thao/", HTTP_HOST=citizen_site.host).content.decode()
    assert "Gửi góp ý" in page and "Số ý kiến đã nhận: 0 (đã công bố: 0)" in page
    response = client.post("/lay-y-kien/du-thao/", COMMENT, HTTP_HOST=citizen_site.host, follow=True)
    assert response.status_code == 200 and "sẽ được công bố sau khi kiểm duyệt" in response.content.decode()
    [comment] = comments(citizen_site)
    assert comment.status == "pending"
    page = client.get("/lay-y-kien/du-thao/", HTTP_HOST=citizen_site.host).content.decode()
    assert "Số ý kiến đã nhận: 1 (đã công bố: 0)" in page
    assert COMMENT["body"] not in page  # not before moderation


def test_moderation_publishes_only_approved_comments_without_personal_data(client, citizen_site):
    page = add_consultation(citizen_site)
    for text in ("Ý kiến thứ nhất hợp lệ.", "Ý kiến thứ hai lạc đề."):
        client.post("/lay-y-kien/du-thao/", {**COMMENT, "body": text}, HTTP_HOST=citizen_site.host)
    first, second = comments(citizen_site)
    with tenant_context(citizen_site.tenant):
        cs.moderate(first, "approved")
        cs.moderate(second, "rejected")
        with pytest.raises(ValueError):
            cs.moderate(second, "deleted")
    html = client.get("/lay-y-kien/du-thao/", HTTP_HOST=citizen_site.host).content.decode()
    assert "Ý kiến thứ nhất hợp lệ." in html and "Ý kiến thứ hai lạc đề." not in html
    assert "Số ý kiến đã nhận: 2 (đã công bố: 1)" in html
    assert COMMENT["name"] not in html and COMMENT["contact"] not in html
    assert page.pk


@override_settings(PARTICIPATION_RATE_LIMITS={"comment": (1, 600)})
def test_a_comment_redirects_a_reload_files_nothing_and_failures_are_not_counted(client, citizen_site):
    add_consultation(citizen_site)
    url, host = "/lay-y-kien/du-thao/", citizen_site.host
    failed = client.post(url, {**COMMENT, "body": ""}, HTTP_HOST=host)
    html = failed.content.decode()
    assert failed.status_code == 400 and 'role="alert"' in html and 'href="#id_body"' in html
    posted = client.post(url, COMMENT, HTTP_HOST=host)  # the failure was not counted: accepted
    assert posted.status_code == 303 and posted["Location"] == url + "#gui-gop-y"
    shown = client.get(url, HTTP_HOST=host).content.decode()
    assert "sẽ được công bố sau khi kiểm duyệt" in shown
    reloaded = client.get(url, HTTP_HOST=host).content.decode()
    assert "sẽ được công bố sau khi kiểm duyệt" not in reloaded  # the thanks are shown once
    assert len(comments(citizen_site)) == 1
    assert client.post(url, COMMENT, HTTP_HOST=host).status_code == 429
    assert len(comments(citizen_site)) == 1


def test_consultation_closes_at_the_deadline(client, citizen_site):
    page = add_consultation(citizen_site, closes_in=timedelta(seconds=2))
    assert client.post("/lay-y-kien/du-thao/", COMMENT, HTTP_HOST=citizen_site.host).status_code == 303
    with tenant_context(citizen_site.tenant):
        # the deadline passes: no job needed, the state is computed at request time
        type(page).objects.filter(pk=page.pk).update(close_at=timezone.now() - timedelta(seconds=1))
    html = client.get("/lay-y-kien/du-thao/", HTTP_HOST=citizen_site.host).content.decode()
    assert "Đã hết thời gian nhận góp ý" in html and 'name="body"' not in html
    refused = client.post("/lay-y-kien/du-thao/", COMMENT, HTTP_HOST=citizen_site.host)
    assert refused.status_code == 403 and "Đợt lấy ý kiến đã kết thúc" in refused.content.decode()
    assert len(comments(citizen_site)) == 1
    with tenant_context(citizen_site.tenant):
        page.refresh_from_db()
        with pytest.raises(cs.ConsultationClosed):
            cs.submit_comment(page, COMMENT)
        assert page.is_open(page.close_at - timedelta(microseconds=1))
        assert not page.is_open(page.close_at)


def test_not_yet_open_consultation_refuses_comments(client, citizen_site):
    add_consultation(citizen_site, opens_in=timedelta(days=2), closes_in=timedelta(days=20))
    assert client.post("/lay-y-kien/du-thao/", COMMENT, HTTP_HOST=citizen_site.host).status_code == 403
    assert comments(citizen_site) == []
    index = client.get("/lay-y-kien/", HTTP_HOST=citizen_site.host).content.decode()
    assert "Dự thảo sắp lấy ý kiến" in index


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "bắt buộc"),
        ({"contact": ""}, "bắt buộc"),
        ({"body": "<script>document.cookie</script>"}, "mã lệnh (script)"),
        ({"body": "y" * 10001}, "10000"),
        ({"website": "spam"}, "Biểu mẫu không hợp lệ"),
    ],
)
def test_bad_comments_are_refused_and_nothing_stored(client, citizen_site, changes, message):
    add_consultation(citizen_site)
    response = client.post("/lay-y-kien/du-thao/", {**COMMENT, **changes}, HTTP_HOST=citizen_site.host)
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert comments(citizen_site) == []


def test_summary_of_comments_is_published_and_index_lists_open_and_closed(client, citizen_site):
    add_consultation(citizen_site, slug="dang-mo")
    closed = add_consultation(citizen_site, slug="da-dong", opens_in=timedelta(days=-40), closes_in=timedelta(days=-10))
    with tenant_context(citizen_site.tenant):
        closed.comments_summary = "<p>Tiếp thu 5 ý kiến về giờ làm việc.</p>"
        closed.save_revision().publish()
    index = client.get("/lay-y-kien/", HTTP_HOST=citizen_site.host).content.decode()
    open_part, closed_part = index.split("Dự thảo đã hết hạn lấy ý kiến")
    assert "/lay-y-kien/dang-mo/" in open_part and "/lay-y-kien/da-dong/" in closed_part
    html = client.get("/lay-y-kien/da-dong/", HTTP_HOST=citizen_site.host).content.decode()
    assert "Tiếp thu 5 ý kiến về giờ làm việc." in html


def member(citizen_site, username: str, group: str) -> Client:
    """A board member of ``group`` signed in to the site's admin."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    with tenant_context(citizen_site.tenant):
        user = get_user_model().objects.create_user(username, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
    return client


def a_pending_comment(citizen_site):
    add_consultation(citizen_site)
    Client().post("/lay-y-kien/du-thao/", COMMENT, HTTP_HOST=citizen_site.host)
    [comment] = comments(citizen_site)
    return comment


def test_editor_moderates_in_the_admin(citizen_site):
    comment = a_pending_comment(citizen_site)
    editor = member(citizen_site, "photruongban", "Phó trưởng ban")
    url = f"/admin/gop-y-du-thao/edit/{comment.pk}/"
    response = editor.post(url, {**COMMENT, "status": "approved"}, HTTP_HOST=citizen_site.host)
    assert response.status_code == 302
    assert comments(citizen_site)[0].status == "approved"


def test_a_member_of_step_one_cannot_publish_a_comment_but_may_refuse_it(citizen_site):
    comment = a_pending_comment(citizen_site)
    editor = member(citizen_site, "bientap", "Biên tập viên")
    url = f"/admin/gop-y-du-thao/edit/{comment.pk}/"
    refused = editor.post(url, {**COMMENT, "status": "approved"}, HTTP_HOST=citizen_site.host)
    assert refused.status_code == 200
    assert "Chỉ Phó trưởng ban hoặc Trưởng ban được duyệt công bố góp ý." in refused.content.decode()
    assert comments(citizen_site)[0].status == "pending"
    public = Client().get("/lay-y-kien/du-thao/", HTTP_HOST=citizen_site.host).content.decode()
    assert COMMENT["body"] not in public
    assert editor.post(url, {**COMMENT, "status": "rejected"}, HTTP_HOST=citizen_site.host).status_code == 302
    assert comments(citizen_site)[0].status == "rejected"


def test_search_document_of_a_consultation(citizen_site):
    page = add_consultation(citizen_site)
    with tenant_context(citizen_site.tenant):
        doc = page.search_document()
    assert doc.kind == "consultation" and doc.title == page.title
    assert "Phạm vi điều chỉnh" in doc.body and "<p>" not in doc.body
    assert doc.date == page.open_at
