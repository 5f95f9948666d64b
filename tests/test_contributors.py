"""Contributors of a page (issue 15 item 4, first half): a board member records the author and the
photographer in the page editor, the published page shows them as its byline and in Dublin Core
(``DC.creator`` per author, ``DC.contributor`` per other role); the intake's draft keeps its sender;
a merge carries the rows, an account that does not move becoming empty and the name staying."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation
from django_tenants.utils import tenant_context
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from contributors.models import Contributor, Role
from intake.models import Submission
from participation.models import ConsultationPage
from restructuring.merge import run_merge
from restructuring.plan import plan_merge
from sites.models import NewsIndexPage, NewsPage
from tests import factories

from .content_helpers import add_index, host, make_board, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]
pytest_plugins = ["tests.content_fixtures"]


@pytest.fixture
def board_site(make_tenant, content_media, settings, tmp_path):
    settings.INTAKE_PRIVATE_ROOT = tmp_path / "private"
    tenant = make_tenant("tacgia")
    with tenant_context(tenant):
        index = add_index(NewsIndexPage, "tin-tuc", "Tin tức")
        make_board()
        get_user_model().objects.filter(username="bientap").update(first_name="Nguyễn Văn", last_name="An")
    return tenant, index.pk


def meta(body: str, name: str) -> list[str]:
    return re.findall(rf'<meta name="{re.escape(name)}" content="([^"]*)">', body)


def approve_both_steps(tenant, page_id: int) -> None:
    """The deputy head, then the head, approve the page's workflow task in the admin."""
    for username in ("photruongban", "truongban"):
        with tenant_context(tenant):
            state = NewsPage.objects.get(pk=page_id).current_workflow_state.current_task_state
        response = signed_in(tenant, username).post(
            f"/admin/pages/workflow/action/{page_id}/approve/{state.pk}/", {"comment": ""}, HTTP_HOST=host(tenant)
        )
        assert response.status_code == 302, username


def news_form(contributors: list[dict]) -> dict:
    return nested_form_data(
        {
            "title": "Ngày hội đại đoàn kết bản Mường",
            "slug": "ngay-hoi-dai-doan-ket",
            "date": "2026-11-18 08:00",
            "source": "Ban Biên tập",
            "event_kind": "event",
            "summary": "Bà con bản Mường dự ngày hội đại đoàn kết toàn dân tộc.",
            "body": streamfield([("paragraph", rich_text("<p>Sáng 18/11, ngày hội diễn ra tại nhà văn hóa.</p>"))]),
            "contributors": inline_formset(contributors),
            "comments": inline_formset([]),
        }
    )


def test_an_editor_records_two_contributors_shown_as_byline_and_dublin_core(board_site):
    tenant, index_id = board_site
    editor = signed_in(tenant, "bientap")
    add_url = f"/admin/pages/add/portal/newspage/{index_id}/"
    form = editor.get(add_url, HTTP_HOST=host(tenant)).content.decode()
    assert 'name="contributors-TOTAL_FORMS"' in form and "Tác giả, người đóng góp" in form
    with tenant_context(tenant):
        account = get_user_model().objects.get(username="bientap").pk
    rows = [
        {"role": "author", "name": "", "user": account},  # the account's own name
        {"role": "photographer", "name": "Trần Thị Bình", "user": ""},  # a collaborator without an account
    ]
    response = editor.post(add_url, {**news_form(rows), "action-submit": "Gửi duyệt"}, HTTP_HOST=host(tenant))
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(tenant):
        page = NewsPage.objects.get(slug="ngay-hoi-dai-doan-ket")
        assert [(c.role, c.name, c.user_id) for c in page.contributors.all()] == [
            ("author", "Nguyễn Văn An", account),
            ("photographer", "Trần Thị Bình", None),
        ]
    edit = editor.get(f"/admin/pages/{page.pk}/edit/", HTTP_HOST=host(tenant)).content.decode()
    assert 'value="Trần Thị Bình"' in edit  # the editor shows them again
    approve_both_steps(tenant, page.pk)
    body = Client().get("/tin-tuc/ngay-hoi-dai-doan-ket/", HTTP_HOST=host(tenant)).content.decode()
    byline = re.search(r'<p class="byline">(.*?)</p>', body).group(1)
    assert re.sub(r"<[^>]+>", "", byline) == "Tác giả: Nguyễn Văn An; Ảnh: Trần Thị Bình"
    assert meta(body, "DC.creator") == ["Nguyễn Văn An"]
    assert meta(body, "DC.contributor") == ["Trần Thị Bình (ảnh)"]
    rss = Client().get("/tin-tuc/rss/", HTTP_HOST=host(tenant)).content.decode()
    assert re.search(r"<dc:creator[^>]*>Nguyễn Văn An</dc:creator>", rss)  # the feed names the author too
    with translation.override("en"):
        assert [str(Role(r).label) for r in ("author", "photographer", "translator", "supplier")] == [
            "Author", "Photo", "Translation", "Supplied by"
        ]  # fmt: skip


def test_a_row_with_neither_name_nor_account_is_refused(board_site):
    tenant, index_id = board_site
    rows = [{"role": "translator", "name": "  ", "user": ""}]
    response = signed_in(tenant, "bientap").post(
        f"/admin/pages/add/portal/newspage/{index_id}/", news_form(rows), HTTP_HOST=host(tenant)
    )
    assert response.status_code == 200 and "Ghi họ tên người đóng góp hoặc chọn tài khoản." in response.content.decode()
    with tenant_context(tenant):
        assert not NewsPage.objects.filter(slug="ngay-hoi-dai-doan-ket").exists()


def test_the_consultation_editor_has_the_same_panel(board_site):
    """The participation app's page type records contributors in the same table."""
    tenant, _index = board_site
    with tenant_context(tenant):
        consultations = factories.ConsultationIndexPageFactory()
        draft = factories.ConsultationPageFactory(parent=consultations, title="Dự thảo quy chế", slug="du-thao")
        Contributor.objects.create(page=draft, role=Role.SUPPLIER, name="Văn phòng HĐND và UBND")
        draft.save_revision().publish()
    edit = signed_in(tenant, "truongban").get(f"/admin/pages/{draft.pk}/edit/", HTTP_HOST=host(tenant))
    assert edit.status_code == 200 and 'value="Văn phòng HĐND và UBND"' in edit.content.decode()
    with tenant_context(tenant):
        path = draft.url_path[len(consultations.get_parent().url_path) - 1 :]
    body = Client().get(path, HTTP_HOST=host(tenant)).content.decode()
    assert meta(body, "DC.contributor") == ["Văn phòng HĐND và UBND (đơn vị cung cấp)"]
    with tenant_context(tenant):
        assert ConsultationPage.objects.get(pk=draft.pk).dc_creators() == []


def test_without_rows_the_author_text_is_the_byline_else_the_site_is_the_creator(board_site):
    tenant, _index = board_site
    with tenant_context(tenant):
        index = NewsIndexPage.objects.get()
        factories.NewsPageFactory(parent=index, slug="co-tac-gia", author="Lê Thị Hoa")
        factories.NewsPageFactory(parent=index, slug="khong-tac-gia", author="")
    body = Client().get("/tin-tuc/co-tac-gia/", HTTP_HOST=host(tenant)).content.decode()
    assert "Tác giả:</span> Lê Thị Hoa" in body and meta(body, "DC.creator") == ["Lê Thị Hoa"]
    body = Client().get("/tin-tuc/khong-tac-gia/", HTTP_HOST=host(tenant)).content.decode()
    assert 'class="byline"' not in body and meta(body, "DC.creator") == [tenant.name]
    assert meta(body, "DC.contributor") == []


def test_the_intake_draft_records_its_sender_as_author(board_site):
    tenant, _index = board_site
    sent = Client().post(
        "/gui-tin-bai/",
        {
            "sender_name": "Lò Văn Thắng",
            "sender_email": "thang.lo@example.vn",
            "sender_phone": "",
            "organisation": "Trường Tiểu học Sơn Hùng",
            "kind": "news",
            "title": "Lễ khai giảng ở bản Mường",
            "body": "Sáng 5/9, thầy và trò dự lễ khai giảng.",
        },
        HTTP_HOST=host(tenant),
    )
    assert sent.status_code == 303
    with tenant_context(tenant):
        submission = Submission.objects.get()
    accepted = signed_in(tenant, "bientap").post(
        f"/admin/tin-bai-gui-den/accept/{submission.pk}/", HTTP_HOST=host(tenant)
    )
    assert accepted.status_code == 302
    with tenant_context(tenant):
        submission.refresh_from_db()
        page = NewsPage.objects.get(pk=submission.draft_page_id)
        assert [(c.role, c.name, c.user_id) for c in page.contributors.all()] == [("author", "Lò Văn Thắng", None)]
        assert page.get_latest_revision_as_object().dc_creators() == ["Lò Văn Thắng"]  # the draft's revision too


def test_a_merge_copies_the_rows_and_empties_an_account_that_stays_behind(communes):
    a = communes.a
    with tenant_context(a.tenant):
        citizen = get_user_model().objects.create_user("nguoidan", password="Mk-2026-dan!")  # not an editor
        Contributor.objects.create(page=a.story, role=Role.AUTHOR, name="Hoàng Văn Nam", user=a.extras.editor)
        Contributor.objects.create(page=a.story, role=Role.PHOTOGRAPHER, name="Đỗ Thị Mai", user=citizen)
    run_merge(plan_merge([a.tenant.path], into=communes.target.path))
    with tenant_context(communes.target):
        story = NewsPage.objects.get(title="Lễ hội đình A")
        rows = [(c.role, c.name, c.user.username if c.user else None) for c in story.contributors.all()]
        assert rows == [("author", "Hoàng Văn Nam", "bientap.xaa"), ("photographer", "Đỗ Thị Mai", None)]
        editor = get_user_model().objects.get(username="bientap.xaa").pk
        revision = story.get_latest_revision_as_object()  # the copied revision names the target's accounts
        assert [(c.name, c.user_id) for c in revision.contributors.all()] == [
            ("Hoàng Văn Nam", editor),
            ("Đỗ Thị Mai", None),
        ]
        assert not get_user_model().objects.filter(username="nguoidan").exists()


def test_the_site_api_gives_each_items_contributors_without_personal_data(board_site, client):
    """``/api/v1/news/`` and ``/api/v1/documents/`` list each item's contributors as its byline does —
    role, its label and the name — and never the account, its username or its e-mail."""
    tenant, _index = board_site
    with tenant_context(tenant):
        account = get_user_model().objects.get(username="bientap")
        account.email = "nguyenvanan@sonhung.gov.vn"
        account.save()
        index = NewsIndexPage.objects.get()
        news = factories.NewsPageFactory(parent=index, slug="co-nguoi-dong-gop", author="")
        Contributor.objects.create(page=news, role=Role.AUTHOR, name="Nguyễn Văn An", user=account)
        Contributor.objects.create(page=news, role=Role.PHOTOGRAPHER, name="Trần Thị Bình")
        factories.NewsPageFactory(parent=index, slug="chi-co-tac-gia", author="Lê Thị Hoa")  # the old text field
        documents = factories.LegalDocumentIndexPageFactory()
        doc = factories.LegalDocumentPageFactory(parent=documents)
        Contributor.objects.create(page=doc, role=Role.SUPPLIER, name="Văn phòng HĐND và UBND")
    answer = client.get("/api/v1/news/", HTTP_HOST=host(tenant))
    assert answer.status_code == 200
    by_slug = {item["url"].rstrip("/").rsplit("/", 1)[-1]: item["contributors"] for item in answer.json()["results"]}
    assert by_slug["co-nguoi-dong-gop"] == [
        {"role": "author", "role_label": "Tác giả", "name": "Nguyễn Văn An"},
        {"role": "photographer", "role_label": "Ảnh", "name": "Trần Thị Bình"},
    ]
    assert by_slug["chi-co-tac-gia"] == [{"role": "author", "role_label": "Tác giả", "name": "Lê Thị Hoa"}]
    text = answer.content.decode()
    assert "nguyenvanan@" not in text and "bientap" not in text and '"user"' not in text
    docs = client.get("/api/v1/documents/", HTTP_HOST=host(tenant)).json()["results"]
    assert [item["contributors"] for item in docs] == [
        [{"role": "supplier", "role_label": "Đơn vị cung cấp", "name": "Văn phòng HĐND và UBND"}]
    ]
    detail = client.get(f"/api/v1/documents/{doc.pk}/", HTTP_HOST=host(tenant)).json()
    assert detail["contributors"] == docs[0]["contributors"]
