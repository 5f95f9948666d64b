"""The head (Trưởng ban) manages the board's members on "Thành viên Ban Biên tập" without superuser
rights — add, role, disable, sections — and the guard rails hold; signed in as the real roles."""

from __future__ import annotations

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.editorial_board import EDITOR_GROUP, HEAD_GROUP
from intake.forms import board_members
from sites.models import NewsIndexPage, NewsPage
from sites.services.board import grant_board_permissions

from .content_helpers import BOARD_PASSWORD, add_index, host, make_board, make_user, signed_in

pytest_plugins = ["tests.content_fixtures"]
NEW_PASSWORD = BOARD_PASSWORD  # so that signed_in() signs the new member in
SCREEN = "/admin/ban-bien-tap/"


@pytest.fixture
def board_site(make_tenant, content_media):
    tenant = make_tenant("thanhvien")
    with tenant_context(tenant):
        news = add_index(NewsIndexPage, "tin-tuc", "Tin tức")
        notices = add_index(NewsIndexPage, "thong-bao", "Thông báo")
        make_board()
        make_user("quantri", superuser=True)
    return tenant, news.pk, notices.pk


def user(tenant, username: str):
    with tenant_context(tenant):
        return get_user_model().objects.prefetch_related("groups").get(username=username)


def groups_of(tenant, username: str) -> set[str]:
    with tenant_context(tenant):
        return set(Group.objects.filter(user__username=username).values_list("name", flat=True))


def add_member(head: Client, tenant, username: str = "phongvien", role: str = EDITOR_GROUP, password=NEW_PASSWORD):
    data = {"username": username, "full_name": "Lò Văn Phóng", "email": "pv@example.vn", "password": password}
    return head.post(SCREEN, {**data, "role": role}, HTTP_HOST=host(tenant))


def can_sign_in(tenant, username: str, password: str = NEW_PASSWORD) -> bool:
    response = Client().post("/admin/login/", {"username": username, "password": password}, HTTP_HOST=host(tenant))
    return response.status_code == 302


def news_form(slug: str) -> dict:
    return nested_form_data(
        {
            "title": f"Tin {slug}",
            "slug": slug,
            "date": "2026-03-02 09:00",
            "source": "Ban Biên tập",
            "event_kind": "event",
            "summary": "Tóm tắt.",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "comments": inline_formset([]),
            "contributors": inline_formset([]),
        }
    )


def test_head_adds_sets_role_and_disables_a_member(board_site):
    tenant, _news, _notices = board_site
    head = signed_in(tenant, "truongban")
    screen = head.get(SCREEN, HTTP_HOST=host(tenant))
    assert screen.status_code == 200 and "Thành viên Ban Biên tập" in screen.content.decode()
    assert SCREEN in head.get("/admin/", HTTP_HOST=host(tenant)).content.decode()  # the menu item

    weak = add_member(head, tenant, password="123")  # Django's password validators apply
    assert weak.status_code == 400 and not can_sign_in(tenant, "phongvien", "123")
    assert add_member(head, tenant).status_code == 302
    added = user(tenant, "phongvien")
    assert not added.is_superuser and not added.is_staff and added.get_full_name() == "Lò Văn Phóng"
    assert groups_of(tenant, "phongvien") == {EDITOR_GROUP}
    assert can_sign_in(tenant, "phongvien")

    head.post(f"{SCREEN}{added.pk}/vai-tro/", {"role": "Phó trưởng ban"}, HTTP_HOST=host(tenant))
    assert groups_of(tenant, "phongvien") == {"Phó trưởng ban"}

    head.post(f"{SCREEN}{added.pk}/trang-thai/", {"active": "0"}, HTTP_HOST=host(tenant))
    assert not user(tenant, "phongvien").is_active and not can_sign_in(tenant, "phongvien")
    head.post(f"{SCREEN}{added.pk}/trang-thai/", {"active": "1"}, HTTP_HOST=host(tenant))
    assert user(tenant, "phongvien").is_active  # re-enabled, never deleted

    with tenant_context(tenant):
        actions = list(
            ModelLogEntry.objects.filter(object_id=str(added.pk)).order_by("timestamp").values_list("action", "user_id")
        )
        head_id = get_user_model().objects.get(username="truongban").pk
    assert actions == [
        ("portal.member.add", head_id),
        ("portal.member.role", head_id),
        ("portal.member.disable", head_id),
        ("portal.member.enable", head_id),
    ]


def test_member_assigned_to_a_section_edits_only_there(board_site):
    tenant, news, notices = board_site
    head = signed_in(tenant, "truongban")
    add_member(head, tenant)
    member = user(tenant, "phongvien")
    response = head.post(f"{SCREEN}{member.pk}/chuyen-muc/", {"sections": [news]}, HTTP_HOST=host(tenant))
    assert response.status_code == 302
    assert groups_of(tenant, "phongvien") == {"Biên tập viên · Tin tức"}

    writer = signed_in(tenant, "phongvien")
    ok = writer.post(f"/admin/pages/add/portal/newspage/{news}/", news_form("trong-muc"), HTTP_HOST=host(tenant))
    assert ok.status_code == 302, ok.content.decode()[:2000]
    refused = writer.post(
        f"/admin/pages/add/portal/newspage/{notices}/", news_form("ngoai-muc"), HTTP_HOST=host(tenant)
    )
    assert refused.status_code in (302, 403)
    with tenant_context(tenant):
        assert NewsPage.objects.filter(slug="trong-muc").exists()
        assert not NewsPage.objects.filter(slug="ngoai-muc").exists()
    # Images and documents: the section group keeps the step-1 rights on the library; he is still of the board.
    assert writer.get("/admin/images/add/", HTTP_HOST=host(tenant)).status_code == 200
    with tenant_context(tenant):
        assert "phongvien" in board_members().values_list("username", flat=True)

    head.post(f"{SCREEN}{member.pk}/chuyen-muc/", {}, HTTP_HOST=host(tenant))  # no sections: the whole site again
    assert groups_of(tenant, "phongvien") == {EDITOR_GROUP}


def test_guard_rails(board_site):
    tenant, news, _notices = board_site
    head = signed_in(tenant, "truongban")
    admin, me, editor = user(tenant, "quantri"), user(tenant, "truongban"), user(tenant, "bientap")

    head.post(f"{SCREEN}{admin.pk}/trang-thai/", {"active": "0"}, HTTP_HOST=host(tenant))
    head.post(f"{SCREEN}{admin.pk}/vai-tro/", {"role": EDITOR_GROUP}, HTTP_HOST=host(tenant))
    head.post(f"{SCREEN}{admin.pk}/chuyen-muc/", {"sections": [news]}, HTTP_HOST=host(tenant))
    admin_now = user(tenant, "quantri")
    assert admin_now.is_active and admin_now.is_superuser and groups_of(tenant, "quantri") == set()

    with tenant_context(tenant):
        Group.objects.create(name="Quản trị nội dung")
    refused = head.post(f"{SCREEN}{editor.pk}/vai-tro/", {"role": "Quản trị nội dung"}, HTTP_HOST=host(tenant))
    assert groups_of(tenant, "bientap") == {EDITOR_GROUP}
    page = head.get(refused.url, HTTP_HOST=host(tenant)).content.decode()
    assert "không thuộc Ban Biên tập" in page
    assert add_member(head, tenant, "lachloi", role="Quản trị nội dung").status_code == 400
    assert not can_sign_in(tenant, "lachloi")

    head.post(f"{SCREEN}{me.pk}/trang-thai/", {"active": "0"}, HTTP_HOST=host(tenant))
    head.post(f"{SCREEN}{me.pk}/vai-tro/", {"role": EDITOR_GROUP}, HTTP_HOST=host(tenant))
    assert user(tenant, "truongban").is_active and groups_of(tenant, "truongban") == {"Trưởng ban"}

    # Wagtail's own Users admin stays with the superusers: the custom screen is the only door.
    assert head.get("/admin/users/", HTTP_HOST=host(tenant)).status_code != 200
    assert not user(tenant, "truongban").has_perm("auth.change_user")


@pytest.mark.parametrize("username", ["bientap", "photruongban"])
def test_other_roles_cannot_open_the_screen(board_site, username):
    tenant, _news, _notices = board_site
    client = signed_in(tenant, username)
    assert client.get(SCREEN, HTTP_HOST=host(tenant)).status_code == 403
    member = user(tenant, "bientap")
    assert client.post(f"{SCREEN}{member.pk}/trang-thai/", {"active": "0"}, HTTP_HOST=host(tenant)).status_code == 403
    assert user(tenant, "bientap").is_active
    assert SCREEN not in client.get("/admin/", HTTP_HOST=host(tenant)).content.decode()


def test_existing_sites_head_gets_the_permission(board_site):
    """The data migration's and provisioning's grant: a head group without it gets it back, once."""
    tenant, _news, _notices = board_site
    with tenant_context(tenant):
        head = Group.objects.get(name=HEAD_GROUP)
        permission = Permission.objects.get(content_type__app_label="portal", codename="manage_board_members")
        head.permissions.remove(permission)
        grant_board_permissions(django_apps)
        grant_board_permissions(django_apps)
        assert list(head.permissions.filter(codename="manage_board_members")) == [permission]
        holders = Group.objects.filter(permissions=permission).values_list("name", flat=True)
        assert list(holders) == [HEAD_GROUP]


def index_form(title: str, slug: str) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": rich_text(""),
            "supplying_unit": "",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )


def test_a_renamed_section_renames_its_groups(board_site):
    """The head publishes a section under a new title: the members' group of that section takes the new
    name, keeps its members and its rights; the other section's group is left as it was."""
    tenant, news, notices = board_site
    head = signed_in(tenant, "truongban")
    add_member(head, tenant)
    add_member(head, tenant, username="congtac", role="Cộng tác viên")
    member, collaborator = user(tenant, "phongvien"), user(tenant, "congtac")
    head.post(f"{SCREEN}{member.pk}/chuyen-muc/", {"sections": [news, notices]}, HTTP_HOST=host(tenant))
    head.post(f"{SCREEN}{collaborator.pk}/chuyen-muc/", {"sections": [news]}, HTTP_HOST=host(tenant))
    assert groups_of(tenant, "phongvien") == {"Biên tập viên · Tin tức", "Biên tập viên · Thông báo"}

    response = head.post(
        f"/admin/pages/{news}/edit/", index_form("Tin tức – Sự kiện", "tin-tuc"), HTTP_HOST=host(tenant)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(tenant):
        assert NewsIndexPage.objects.get(pk=news).title == "Tin tức – Sự kiện"
        renamed = Group.objects.get(name="Biên tập viên · Tin tức – Sự kiện")
        assert set(renamed.page_permissions.values_list("page_id", flat=True)) == {news}
    assert groups_of(tenant, "phongvien") == {"Biên tập viên · Tin tức – Sự kiện", "Biên tập viên · Thông báo"}
    assert groups_of(tenant, "congtac") == {"Cộng tác viên · Tin tức – Sự kiện"}
    screen = head.get(SCREEN, HTTP_HOST=host(tenant)).content.decode()
    assert "Tin tức – Sự kiện" in screen

    # A title another group already carries: the section's id tells them apart, nothing is lost.
    with tenant_context(tenant):
        Group.objects.create(name="Biên tập viên · Thông tin")
    head.post(f"/admin/pages/{news}/edit/", index_form("Thông tin", "tin-tuc"), HTTP_HOST=host(tenant))
    assert groups_of(tenant, "phongvien") == {f"Biên tập viên · Thông tin ({news})", "Biên tập viên · Thông báo"}
