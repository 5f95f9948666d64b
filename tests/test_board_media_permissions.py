"""The editorial board attaches images and files (issue 15, item 1): each board group holds Wagtail's
collection permissions on the root collection — new sites from provisioning, existing sites from the
data migration — so every member, signed in as that member, uploads an image, chooses one already in
the library and attaches a PDF; an account in no board group cannot. The head keeps the lockouts."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django_tenants.utils import tenant_context
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from core.editorial_board import BOARD_GROUPS, DEPUTY_GROUP, EDITOR_GROUP, HEAD_GROUP
from sites.services.board import media_codenames

from .content_helpers import BOARD, host, make_user, signed_in
from .factories import DocumentFactory, ImageFactory, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

MIGRATION = ("portal", "0004_board_collection_permissions")
LOCKOUTS = {"view_accessattempt", "delete_accessattempt"}


@pytest.fixture
def board_site(make_tenant, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    tenant = make_tenant("anhtep")
    with tenant_context(tenant):
        for username, group in BOARD.items():
            make_user(username, group)
        outsider = make_user("congtacvien")  # staff, reaches the admin, but in no board group
        outsider.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        ImageFactory(title="Ảnh có sẵn trong thư viện")
        DocumentFactory(title="Tài liệu có sẵn trong thư viện")
    return tenant


def collection_grants(group_name: str) -> set[tuple[str, str]]:
    root = Collection.get_first_root_node()
    return {
        (row.permission.content_type.app_label, row.permission.codename)
        for row in GroupCollectionPermission.objects.filter(group__name=group_name, collection=root).select_related(
            "permission__content_type"
        )
    }


def expected_grants(group_name: str) -> set[tuple[str, str]]:
    actions = ["add", "choose"] + (["change", "delete"] if group_name in (DEPUTY_GROUP, HEAD_GROUP) else [])
    return {(app, f"{action}_{model}") for app, model in [("wagtailimages", "image"), ("wagtaildocs", "document")]
            for action in actions}  # fmt: skip


def upload_image(client: Client, tenant, title: str):
    with tenant_context(tenant):
        collection = Collection.get_first_root_node().pk
    image = SimpleUploadedFile("anh-su-kien.png", png_bytes(), content_type="image/png")
    return client.post(
        "/admin/images/add/", {"title": title, "file": image, "collection": collection}, HTTP_HOST=host(tenant)
    )


def attach_pdf(client: Client, tenant, title: str):
    with tenant_context(tenant):
        collection = Collection.get_first_root_node().pk
    pdf = SimpleUploadedFile("quyet-dinh.pdf", pdf_bytes(title), content_type="application/pdf")
    return client.post(
        "/admin/documents/add/", {"title": title, "file": pdf, "collection": collection}, HTTP_HOST=host(tenant)
    )


def chooser_offers(client: Client, tenant, path: str, title: str) -> bool:
    response = client.get(path, HTTP_HOST=host(tenant))
    assert response.status_code == 200
    return title in response.json()["html"]


def test_new_sites_give_each_board_group_its_collection_permissions(board_site):
    with tenant_context(board_site):
        for name in BOARD_GROUPS:
            assert collection_grants(name) == expected_grants(name) == set(media_codenames(name))
            # No idle model permissions on images and documents are left on the group.
            assert (
                not Group.objects.get(name=name)
                .permissions.filter(content_type__app_label__in=["wagtailimages", "wagtaildocs"])
                .exists()
            )
        head_perms = set(Group.objects.get(name=HEAD_GROUP).permissions.values_list("codename", flat=True))
        assert LOCKOUTS <= head_perms
        editor_perms = set(Group.objects.get(name=EDITOR_GROUP).permissions.values_list("codename", flat=True))
        assert not LOCKOUTS & editor_perms


@pytest.mark.parametrize("username", list(BOARD))
def test_each_board_member_uploads_chooses_and_attaches(board_site, username):
    member = signed_in(board_site, username)
    site = host(board_site)
    # The Images and Documents screens open (Wagtail sends a member without rights back to /admin/).
    assert member.get("/admin/images/", HTTP_HOST=site).status_code == 200
    assert member.get("/admin/documents/", HTTP_HOST=site).status_code == 200

    uploaded = upload_image(member, board_site, f"Lễ khai giảng ({username})")
    assert uploaded.status_code == 302 and uploaded["Location"].startswith("/admin/images/")
    attached = attach_pdf(member, board_site, f"Quyết định số 12 ({username})")
    assert attached.status_code == 302 and attached["Location"].startswith("/admin/documents/")
    with tenant_context(board_site):
        image = get_image_model().objects.get(title=f"Lễ khai giảng ({username})")
        document = get_document_model().objects.get(title=f"Quyết định số 12 ({username})")
        assert image.uploaded_by_user.username == username and image.width == 64
        assert document.uploaded_by_user.username == username and document.file_extension == "pdf"
        assert document.file.read().startswith(b"%PDF")
        existing_image = get_image_model().objects.get(title="Ảnh có sẵn trong thư viện")
        existing_document = get_document_model().objects.get(title="Tài liệu có sẵn trong thư viện")

    # The choosers of the page editor list the library and hand the chosen item to the page.
    assert chooser_offers(member, board_site, "/admin/images/chooser/", "Ảnh có sẵn trong thư viện")
    chosen = member.get(f"/admin/images/chooser/chosen/{existing_image.pk}/", HTTP_HOST=site)
    assert chosen.status_code == 200 and chosen.json()["step"] == "chosen"
    assert chosen.json()["result"]["id"] == str(existing_image.pk)
    assert chooser_offers(member, board_site, "/admin/documents/chooser/", "Tài liệu có sẵn trong thư viện")
    chosen = member.get(f"/admin/documents/chooser/chosen/{existing_document.pk}/", HTTP_HOST=site)
    assert chosen.status_code == 200 and chosen.json()["result"]["id"] == str(existing_document.pk)


def test_only_the_deputy_and_the_head_edit_or_delete_anyone_s_file(board_site):
    with tenant_context(board_site):
        images = {name: ImageFactory(title=f"Ảnh xoá thử {name}") for name in BOARD}
        document = DocumentFactory(title="Tài liệu của người khác")
    for username, image in images.items():
        client = signed_in(board_site, username)
        editing = client.get(f"/admin/documents/edit/{document.pk}/", HTTP_HOST=host(board_site))
        assert (editing.status_code == 200) == (username != "bientap"), username
        client.post(f"/admin/images/{image.pk}/delete/", HTTP_HOST=host(board_site))
        with tenant_context(board_site):
            kept = get_image_model().objects.filter(pk=image.pk).exists()
        assert kept == (username == "bientap"), username


def test_a_step_one_member_edits_and_deletes_his_own_upload(board_site):
    member = signed_in(board_site, "bientap")
    assert upload_image(member, board_site, "Ảnh chụp nhầm").status_code == 302
    with tenant_context(board_site):
        own = get_image_model().objects.get(title="Ảnh chụp nhầm")
    assert member.get(f"/admin/images/{own.pk}/", HTTP_HOST=host(board_site)).status_code == 200
    member.post(f"/admin/images/{own.pk}/delete/", HTTP_HOST=host(board_site))
    with tenant_context(board_site):
        assert not get_image_model().objects.filter(pk=own.pk).exists()


def test_an_account_in_no_board_group_can_neither_upload_nor_choose(board_site):
    outsider = signed_in(board_site, "congtacvien")
    site = host(board_site)
    assert outsider.get("/admin/", HTTP_HOST=site).status_code == 200  # it does reach the admin
    with tenant_context(board_site):
        images, documents = get_image_model().objects.count(), get_document_model().objects.count()
        existing_image = get_image_model().objects.get(title="Ảnh có sẵn trong thư viện")
        existing_document = get_document_model().objects.get(title="Tài liệu có sẵn trong thư viện")
    refused = upload_image(outsider, board_site, "Ảnh không được phép")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's "no permission"
    refused = attach_pdf(outsider, board_site, "Tệp không được phép")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    with tenant_context(board_site):
        assert get_image_model().objects.count() == images and get_document_model().objects.count() == documents
    assert not chooser_offers(outsider, board_site, "/admin/images/chooser/", "Ảnh có sẵn trong thư viện")
    assert not chooser_offers(outsider, board_site, "/admin/documents/chooser/", "Tài liệu có sẵn trong thư viện")
    assert outsider.get(f"/admin/images/chooser/chosen/{existing_image.pk}/", HTTP_HOST=site).status_code != 200
    assert outsider.get(f"/admin/documents/chooser/chosen/{existing_document.pk}/", HTTP_HOST=site).status_code != 200


def _as_before_the_fix() -> None:
    """A site provisioned before the fix: model permissions only, no collection rows, no lockouts."""
    GroupCollectionPermission.objects.filter(group__name__in=BOARD_GROUPS).delete()
    media = Permission.objects.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"], codename__regex="^(add|change|choose)_"
    )
    for name in BOARD_GROUPS:
        Group.objects.get(name=name).permissions.add(*media)
    Group.objects.get(name=HEAD_GROUP).permissions.remove(
        *Permission.objects.filter(content_type__app_label="axes", codename__in=LOCKOUTS)
    )


def _run_migration() -> None:
    """The data migration's function, with the historical models of its own state."""
    module = importlib.import_module(f"sites.migrations.{MIGRATION[1]}")
    state = MigrationLoader(connection).project_state(MIGRATION)
    module.grant(state.apps, None)


def test_the_data_migration_gives_an_existing_site_what_was_missing_and_is_idempotent(board_site):
    with tenant_context(board_site):
        _as_before_the_fix()
        assert not GroupCollectionPermission.objects.filter(group__name__in=BOARD_GROUPS).exists()
    # The defect as measured: with model permissions only, a board member cannot upload.
    refused = upload_image(signed_in(board_site, "bientap"), board_site, "Trước khi cấp quyền")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    with tenant_context(board_site):
        _run_migration()
        for name in BOARD_GROUPS:
            assert collection_grants(name) == expected_grants(name)
        head = Group.objects.get(name=HEAD_GROUP)
        assert LOCKOUTS <= set(head.permissions.values_list("codename", flat=True))
        rows = GroupCollectionPermission.objects.count()
        _run_migration()  # twice: nothing more
        assert GroupCollectionPermission.objects.count() == rows
    # And the members of that site attach files again.
    assert upload_image(signed_in(board_site, "bientap"), board_site, "Sau khi cấp quyền").status_code == 302
    head = signed_in(board_site, "truongban")
    assert head.get("/admin/khoa-dang-nhap/", HTTP_HOST=host(board_site)).status_code == 200


def test_the_migration_is_recorded_and_harmless_in_a_schema_without_the_board(board_site):
    """Run in a freshly migrated schema (the clone template before provisioning): no groups yet."""
    with tenant_context(board_site):
        recorded = MigrationLoader(connection).applied_migrations
        assert MIGRATION in recorded
        Group.objects.filter(name__in=BOARD_GROUPS).delete()
        _run_migration()
        assert not Group.objects.filter(name__in=BOARD_GROUPS).exists()
