"""The collaborator (Cộng tác viên, issue 15 item 3), signed in to the admin as a real member of the group:
drafts a news page and submits it to the 3-step workflow, but is refused publishing, approving, locking
and bulk-publishing; uploads and chooses images; creates content pages only (never a home page or a
section index); and never reaches a citizen's personal data — the Q&A, the comments and the intake inbox
are closed to him, and no admin screen he opens shows an asker's or a sender's contacts. New sites get
the group from provisioning, existing ones from the data migration; province IT gives the role from the console."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django_tenants.utils import tenant_context
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from console.services.accounts import create_account, move_role
from core.editorial_board import COLLABORATOR_GROUP, EDITOR_GROUP
from intake.models import Submission
from participation.models import Question
from sites.models import LegalDocumentIndexPage, NewsIndexPage, NewsPage, SectionIndexPage

from .content_helpers import BOARD_PASSWORD, add_index, host, make_board, make_user, signed_in
from .factories import ImageFactory, QuestionIndexPageFactory, png_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]

ASKER = {
    "asker_email": "an.nguyen.hoidap@example.vn",
    "asker_phone": "0912 345 678",
    "asker_address": "Khu 3, bản Mường",
}
SENDER = {"sender_email": "thang.lo.guitin@example.vn", "sender_phone": "0987 654 321"}
PERSONAL = [*ASKER.values(), *SENDER.values()]
MIGRATION = ("portal", "0014_collaborator_group")


@pytest.fixture
def site(commune, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.INTAKE_PRIVATE_ROOT = tmp_path / "private"
    tenant = commune
    with tenant_context(tenant):
        news = add_index(NewsIndexPage, "tin-tuc", "Tin tức")
        make_board()
        make_user("congtacvien", COLLABORATOR_GROUP)
        ImageFactory(title="Ảnh có sẵn trong thư viện")
        qa = QuestionIndexPageFactory()
        question = Question.objects.create(
            page=qa,
            asker_name="Nguyễn Văn An",
            topic="Đất đai",
            title="Cấp giấy chứng nhận quyền sử dụng đất",
            body="Thủ tục thế nào?",
            deadline=datetime.date(2026, 12, 30),
            **ASKER,
        )
        submission = Submission.objects.create(
            sender_name="Lò Văn Thắng", title="Lễ khai giảng ở bản Mường", body="Có 320 học sinh.", **SENDER
        )
    return {"tenant": tenant, "news": news.pk, "question": question.pk, "submission": submission.pk}


def news_form(title: str, slug: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2026-03-02 09:00",
            "source": "Cộng tác viên",
            "event_kind": "event",
            "summary": "Tin do cộng tác viên gửi.",
            "body": streamfield([("paragraph", rich_text("<p>Sáng 2/3, bản Mường mở hội.</p>"))]),
            "comments": inline_formset([]),
            "contributors": inline_formset([]),
        }
    )


def add_news(client: Client, tenant, index_id: int, title: str, slug: str, action: str):
    response = client.post(
        f"/admin/pages/add/portal/newspage/{index_id}/", {**news_form(title, slug), action: "1"}, HTTP_HOST=host(tenant)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(tenant):
        return NewsPage.objects.get(slug=slug)


def fresh(tenant, page_id: int) -> NewsPage:
    with tenant_context(tenant):
        return NewsPage.objects.get(pk=page_id)


def test_provisioning_gives_the_group_add_on_pages_and_add_choose_on_the_collection(site):
    with tenant_context(site["tenant"]):
        group = Group.objects.get(name=COLLABORATOR_GROUP)
        pages = {row.permission.codename for row in GroupPagePermission.objects.filter(group=group)}
        media = {row.permission.codename for row in GroupCollectionPermission.objects.filter(group=group)}
        models = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert pages == {"add_page"}
    assert media == {"add_image", "choose_image", "add_document", "choose_document"}
    assert models == {("wagtailadmin", "access_admin")}  # nothing on questions, comments, intake


def test_a_collaborator_drafts_and_submits_but_never_publishes_or_approves(site):
    tenant, site_host = site["tenant"], host(site["tenant"])
    collaborator, deputy = signed_in(tenant, "congtacvien"), signed_in(tenant, "photruongban")
    # "Publish" on the create form only saves a draft: publishing is not in his power.
    page = add_news(collaborator, tenant, site["news"], "Hội xuân bản Mường", "hoi-xuan", "action-publish")
    assert not page.live and page.owner.username == "congtacvien"
    assert Client().get("/tin-tuc/hoi-xuan/", HTTP_HOST=site_host).status_code == 404
    # He edits his own draft and submits it to the workflow's first step.
    response = collaborator.post(
        f"/admin/pages/{page.pk}/edit/",
        {**news_form("Hội xuân bản Mường", "hoi-xuan"), "action-submit": "1"},
        HTTP_HOST=site_host,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = fresh(tenant, page.pk)
    state = page.current_workflow_state
    assert not page.live and state.status == "in_progress"
    task_state = state.current_task_state
    assert task_state.task.name == "Biên tập (Phó trưởng ban)"
    # Publishing the submitted page and approving its task are refused.
    collaborator.post(
        f"/admin/pages/{page.pk}/edit/",
        {**news_form("Hội xuân bản Mường", "hoi-xuan"), "action-publish": "1"},
        HTTP_HOST=site_host,
    )
    approve = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    collaborator.post(approve, {"comment": ""}, HTTP_HOST=site_host)
    page = fresh(tenant, page.pk)
    assert not page.live and page.current_workflow_state.current_task_state.pk == task_state.pk
    # The board carries it on: the deputy approves his step (the workflow is the board's).
    assert deputy.post(approve, {"comment": ""}, HTTP_HOST=site_host).status_code == 302
    with tenant_context(tenant):
        assert NewsPage.objects.get(pk=page.pk).current_workflow_task.name == "Duyệt (Trưởng ban)"


def test_a_collaborator_neither_locks_nor_bulk_publishes_his_draft(site):
    tenant, site_host = site["tenant"], host(site["tenant"])
    collaborator = signed_in(tenant, "congtacvien")
    page = add_news(collaborator, tenant, site["news"], "Chợ phiên cuối tuần", "cho-phien", "action-draft")
    collaborator.post(f"/admin/pages/{page.pk}/lock/", HTTP_HOST=site_host)
    assert not fresh(tenant, page.pk).locked
    bulk = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
    collaborator.post(bulk, {"include_descendants": ""}, HTTP_HOST=site_host)
    assert not fresh(tenant, page.pk).live
    # The page header offers him no publish action.
    editing = collaborator.get(f"/admin/pages/{page.pk}/edit/", HTTP_HOST=site_host)
    assert editing.status_code == 200 and 'name="action-publish"' not in editing.content.decode()
    assert 'name="action-submit"' in editing.content.decode()
    # The same requests by the head do lock and publish (so the refusals above are the role's).
    head = signed_in(tenant, "truongban")
    head.post(f"/admin/pages/{page.pk}/lock/", HTTP_HOST=site_host)
    assert fresh(tenant, page.pk).locked
    head.post(f"/admin/pages/{page.pk}/unlock/", HTTP_HOST=site_host)
    head.post(bulk, {"include_descendants": ""}, HTTP_HOST=site_host)
    assert fresh(tenant, page.pk).live


def test_a_collaborator_uploads_and_chooses_an_image(site):
    tenant, site_host = site["tenant"], host(site["tenant"])
    collaborator = signed_in(tenant, "congtacvien")
    with tenant_context(tenant):
        collection = Collection.get_first_root_node().pk
        existing = get_image_model().objects.get(title="Ảnh có sẵn trong thư viện")
    upload = SimpleUploadedFile("hoi-xuan.png", png_bytes(), content_type="image/png")
    response = collaborator.post(
        "/admin/images/add/", {"title": "Ảnh hội xuân", "file": upload, "collection": collection}, HTTP_HOST=site_host
    )
    assert response.status_code == 302 and response["Location"].startswith("/admin/images/")
    with tenant_context(tenant):
        assert get_image_model().objects.get(title="Ảnh hội xuân").uploaded_by_user.username == "congtacvien"
    chooser = collaborator.get("/admin/images/chooser/", HTTP_HOST=site_host)
    assert chooser.status_code == 200 and "Ảnh có sẵn trong thư viện" in chooser.json()["html"]
    chosen = collaborator.get(f"/admin/images/chooser/chosen/{existing.pk}/", HTTP_HOST=site_host)
    assert chosen.status_code == 200 and chosen.json()["result"]["id"] == str(existing.pk)


def test_a_collaborator_cannot_create_a_home_page_or_a_section_index(site):
    tenant, site_host = site["tenant"], host(site["tenant"])
    collaborator = signed_in(tenant, "congtacvien")
    with tenant_context(tenant):
        home = Site.objects.get(is_default_site=True).root_page_id
        root = Page.get_first_root_node().pk
        pages = Page.objects.count()
    for path in (
        f"/admin/pages/add/portal/sectionindexpage/{home}/",
        f"/admin/pages/add/portal/newsindexpage/{home}/",
        f"/admin/pages/add/portal/homepage/{root}/",
    ):
        assert collaborator.get(path, HTTP_HOST=site_host).status_code in (302, 403), path
    refused = collaborator.post(
        f"/admin/pages/add/portal/sectionindexpage/{home}/",
        nested_form_data({"title": "Chuyên mục mới", "slug": "chuyen-muc-moi", "intro": rich_text(""),
                          "category": "", "comments": inline_formset([]), "action-submit": "1"}),
        HTTP_HOST=site_host,
        follow=True,
    )  # fmt: skip
    assert "Cộng tác viên chỉ tạo được tin, bài viết và văn bản" in refused.content.decode()
    with tenant_context(tenant):
        assert Page.objects.count() == pages and not SectionIndexPage.objects.filter(slug="chuyen-muc-moi").exists()
    # Inside the sections he opens the forms of news, articles and legal documents, and only those.
    with tenant_context(tenant):
        section = add_index(SectionIndexPage, "hoat-dong", "Hoạt động").pk
        register = add_index(LegalDocumentIndexPage, "van-ban", "Văn bản").pk
    for path, allowed in (
        (f"/admin/pages/add/portal/newspage/{site['news']}/", True),
        (f"/admin/pages/add/portal/articlepage/{section}/", True),
        (f"/admin/pages/add/portal/legaldocumentpage/{register}/", True),
        (f"/admin/pages/add/portal/workschedulepage/{section}/", False),
    ):
        assert (collaborator.get(path, HTTP_HOST=site_host).status_code == 200) == allowed, path
    # A board member still can (the rule is the collaborator's alone).
    editor = signed_in(tenant, "bientap")
    assert editor.get(f"/admin/pages/add/portal/sectionindexpage/{home}/", HTTP_HOST=site_host).status_code == 200


def test_a_collaborator_never_sees_citizens_personal_data(site):
    tenant, site_host = site["tenant"], host(site["tenant"])
    question, submission = site["question"], site["submission"]
    closed = [
        "/admin/cau-hoi/",
        f"/admin/cau-hoi/edit/{question}/",
        f"/admin/cau-hoi/inspect/{question}/",
        "/admin/gop-y-du-thao/",
        "/admin/tin-bai-gui-den/",
        f"/admin/tin-bai-gui-den/edit/{submission}/",
        "/admin/bao-cao/danh-gia/",
    ]
    # The board member who answers sees them (so the checks below look at real screens).
    editor = signed_in(tenant, "bientap")
    answering = editor.get(f"/admin/cau-hoi/edit/{question}/", HTTP_HOST=site_host)
    assert answering.status_code == 200 and ASKER["asker_email"] in answering.content.decode()
    inbox = editor.get(f"/admin/tin-bai-gui-den/edit/{submission}/", HTTP_HOST=site_host)
    assert inbox.status_code == 200 and SENDER["sender_email"] in inbox.content.decode()

    collaborator = signed_in(tenant, "congtacvien")
    for path in closed:
        response = collaborator.get(path, HTTP_HOST=site_host)
        assert response.status_code in (302, 403), path
        if response.status_code == 302:
            assert response["Location"] == "/admin/", path  # Wagtail's "no permission"
    # Nothing he can open shows them: the dashboard, the menus, the page explorer, search, reports.
    seen = [
        "/admin/",
        f"/admin/pages/{site['news']}/",
        "/admin/pages/search/?q=Nguy%E1%BB%85n",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        *closed,
    ]
    for path in seen:
        html = collaborator.get(path, HTTP_HOST=site_host, follow=True).content.decode()
        for value in PERSONAL:
            assert value not in html, (path, value)
    menu = collaborator.get("/admin/", HTTP_HOST=site_host).content.decode()
    assert "/admin/cau-hoi/" not in menu and "/admin/tin-bai-gui-den/" not in menu


def _run_migration() -> None:
    module = importlib.import_module(f"sites.migrations.{MIGRATION[1]}")
    module.create_group(MigrationLoader(connection).project_state(MIGRATION).apps, None)


def test_the_data_migration_gives_an_existing_site_the_group_and_is_idempotent(site):
    tenant = site["tenant"]
    with tenant_context(tenant):
        assert MIGRATION in MigrationLoader(connection).applied_migrations
        Group.objects.filter(name=COLLABORATOR_GROUP).delete()  # a site provisioned before the role
        _run_migration()
        rows = GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count()
        _run_migration()
        assert (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count()) == rows
        group = Group.objects.get(name=COLLABORATOR_GROUP)
        assert set(GroupCollectionPermission.objects.filter(group=group).values_list("permission__codename", flat=True))\
            == {"add_image", "choose_image", "add_document", "choose_document"}  # fmt: skip
        make_user("ctv2", COLLABORATOR_GROUP)
    # The migrated group works: the new collaborator drafts a news page.
    page = add_news(
        signed_in(tenant, "ctv2"), tenant, site["news"], "Tin sau khi nâng cấp", "tin-nang-cap", "action-draft"
    )
    assert not page.live


def test_the_migration_does_nothing_in_a_schema_without_the_board(site):
    with tenant_context(site["tenant"]):
        Group.objects.all().delete()
        _run_migration()
        assert not Group.objects.filter(name=COLLABORATOR_GROUP).exists()


def test_province_it_gives_an_account_the_collaborator_role_and_moves_it_to_the_board(site):
    tenant = site["tenant"]
    create_account(tenant.path, "ctv3", BOARD_PASSWORD, COLLABORATOR_GROUP, full_name="Hà Thị Mai")
    collaborator = signed_in(tenant, "ctv3")
    assert collaborator.get("/admin/cau-hoi/", HTTP_HOST=host(tenant))["Location"] == "/admin/"
    with tenant_context(tenant):
        user = get_user_model().objects.get(username="ctv3")
        assert list(user.groups.values_list("name", flat=True)) == [COLLABORATOR_GROUP]
    move_role(tenant.path, user.pk, EDITOR_GROUP)  # one role at a time: the collaborator joins the board
    with tenant_context(tenant):
        assert list(user.groups.values_list("name", flat=True)) == [EDITOR_GROUP]
    assert signed_in(tenant, "ctv3").get("/admin/cau-hoi/", HTTP_HOST=host(tenant)).status_code == 200


def test_a_collaborator_narrowed_to_a_section_still_creates_content_only_and_only_there(site):
    """The head narrows the collaborator to Tin tức (members screen service): the section group carries
    the collaborator's own rights (add, not change) and the page-type rule still holds."""
    from sites.services.members import assign_sections

    tenant, site_host = site["tenant"], host(site["tenant"])
    with tenant_context(tenant):
        other = add_index(SectionIndexPage, "hoat-dong", "Hoạt động").pk
        head, member = (get_user_model().objects.get(username=name) for name in ("truongban", "congtacvien"))
        assign_sections(head, member, [site["news"]])
        names = set(member.groups.values_list("name", flat=True))
        granted = set(
            GroupPagePermission.objects.filter(group__name__in=names).values_list("permission__codename", flat=True)
        )
    assert COLLABORATOR_GROUP not in names and names == {f"{COLLABORATOR_GROUP} · Tin tức"}
    assert granted == {"add_page"}
    collaborator = signed_in(tenant, "congtacvien")
    assert collaborator.get(f"/admin/pages/add/portal/newspage/{site['news']}/", HTTP_HOST=site_host).status_code == 200
    index_form = collaborator.get(f"/admin/pages/add/portal/newsindexpage/{site['news']}/", HTTP_HOST=site_host)
    assert index_form.status_code in (302, 403)
    assert collaborator.get(f"/admin/pages/add/portal/articlepage/{other}/", HTTP_HOST=site_host).status_code in (
        302,
        403,
    )
