"""Intake ("Gửi tin, bài — Liên hệ Ban Biên tập", issue 15 item 3): the public form with its files, the
private storage, and the board's inbox in the admin — assign, refuse with a reason, accept as a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tenants.utils import tenant_context

from intake.models import Attachment, Submission
from sites.models import NewsIndexPage, NewsPage

from .content_helpers import add_index, host, make_board, make_user, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SENT = {
    "sender_name": "Lò Văn Thắng",
    "sender_email": "thang.lo@example.vn",
    "sender_phone": "",
    "organisation": "Trường Tiểu học Sơn Hùng",
    "kind": "news",
    "title": "Lễ khai giảng năm học mới ở bản Mường",
    "body": "Sáng 5/9, thầy và trò trường Tiểu học Sơn Hùng dự lễ khai giảng.\n\nCó 320 học sinh tham dự.",
}


@pytest.fixture
def private_root(settings, tmp_path):
    settings.INTAKE_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.INTAKE_PRIVATE_ROOT


@pytest.fixture
def site(commune, private_root):
    tenant = commune
    with tenant_context(tenant):
        add_index(NewsIndexPage, "tin-tuc", "Tin tức")
        make_board()
        make_user("khach", None)  # a staff account outside the board
    return tenant


def pdf(name="bien-ban.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored(tenant):
    with tenant_context(tenant):
        return list(Submission.objects.all()), list(Attachment.objects.all())


def files_under(root: Path) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


def send(tenant, data=None, files=None, client=None):
    payload = {**SENT, **(data or {})}
    if files is not None:
        payload["files"] = files
    return (client or Client()).post("/gui-tin-bai/", payload, HTTP_HOST=host(tenant))


def test_a_citizen_sends_news_with_a_pdf_and_gets_a_tracking_code(site, private_root):
    client = Client()
    form = client.get("/gui-tin-bai/", HTTP_HOST=host(site))
    html = form.content.decode()
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in html
    assert '<label for="id_sender_name">Họ và tên người gửi' in html and 'for="id_files"' in html
    assert 'aria-describedby="id_files-help"' in html and 'id="id_files-help"' in html
    response = send(site, files=[pdf()], client=client)
    assert response.status_code == 303 and response["Location"].startswith("/gui-tin-bai/da-nhan/?t=")
    [submission], [attachment] = stored(site)
    assert (submission.title, submission.sender_name, submission.status) == (SENT["title"], "Lò Văn Thắng", "new")
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        "bien-ban.pdf",
        "application/pdf",
        len(PDF),
    )
    receipt = client.get(response["Location"], HTTP_HOST=host(site))
    assert receipt.status_code == 200 and submission.tracking_code in receipt.content.decode()
    assert "no-cache" in receipt["Cache-Control"] or "no-store" in receipt["Cache-Control"]
    # The file is on the private storage, in the site's own directory, and nowhere under MEDIA_ROOT.
    [on_disk] = files_under(private_root)
    assert on_disk.read_bytes() == PDF and site.schema_name in on_disk.parts
    assert files_under(Path(private_root).parent / "media") == []


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/pdf"), "chỉ nhận tệp PDF"),
        (SimpleUploadedFile("anh.svg", b"<svg/>", content_type="image/svg+xml"), "chỉ nhận tệp PDF"),
        (SimpleUploadedFile("gia.pdf", b"MZ not a pdf", content_type="application/pdf"), "không đúng với loại tệp"),
        (SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf"), "quá lớn"),
    ],
)
def test_a_refused_or_oversized_file_is_stated_and_nothing_is_stored(site, private_root, settings, upload, message):
    settings.INTAKE_MAX_UPLOAD_MB = 1
    response = send(site, files=[upload])
    html = response.content.decode()
    assert response.status_code == 400 and "Tin, bài chưa được gửi" in html and message in html
    assert 'href="#id_files"' in html  # the error summary leads to the file field
    assert 'aria-describedby="id_files-help id_files-err"' in html and 'id="id_files-err"' in html
    assert stored(site) == ([], []) and files_under(private_root) == []


def test_without_any_contact_or_with_the_honeypot_nothing_is_stored(site):
    no_contact = send(site, {"sender_email": "", "sender_phone": ""})
    assert no_contact.status_code == 400 and "Cần ít nhất thư điện tử hoặc số điện thoại" in no_contact.content.decode()
    assert send(site, {"website": "http://spam.example"}).status_code == 400
    assert stored(site) == ([], [])


def test_the_form_is_rate_limited_per_client_and_failures_are_not_counted(site, settings):
    settings.PARTICIPATION_RATE_LIMITS = {"submission": (1, 600)}
    assert send(site, {"sender_email": "", "sender_phone": ""}).status_code == 400  # not counted
    assert send(site).status_code == 303
    refused = send(site)
    assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    assert len(stored(site)[0]) == 1


def test_a_deleted_submission_leaves_no_file(site, private_root):
    send(site, files=[pdf()])
    assert len(files_under(private_root)) == 1
    with tenant_context(site):
        Submission.objects.all().delete()
    assert files_under(private_root) == []


def test_the_form_speaks_english_under_en_and_every_page_links_to_it(site):
    html = Client().get("/en/gui-tin-bai/", HTTP_HOST=host(site)).content.decode()
    assert "Send news or an article" in html and "Sender’s full name" in html
    home = Client().get("/", HTTP_HOST=host(site)).content.decode()
    assert 'href="/gui-tin-bai/"' in home and "Gửi tin, bài — Liên hệ Ban Biên tập" in home


def test_the_form_may_carry_its_files_past_the_citizen_forms_body_limit(settings):
    from hardening.body_limit import body_limit

    files = settings.INTAKE_MAX_UPLOAD_MB * settings.INTAKE_MAX_FILES * 1024 * 1024
    assert body_limit("/gui-tin-bai/") > files and body_limit("/en/gui-tin-bai/") > files
    assert body_limit("/hoi-dap/") == settings.REQUEST_MAX_BYTES < files


def test_existing_sites_board_groups_get_the_intake_permissions(site):
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from intake.provisioning import grant_intake_permissions

    with tenant_context(site):
        editors = Group.objects.get(name="Biên tập viên")
        editors.permissions.remove(*Permission.objects.filter(content_type__app_label="intake"))
        grant_intake_permissions(apps, create_groups=False)  # what migration 0002 runs on every site
        codenames = set(editors.permissions.filter(content_type__app_label="intake").values_list("codename", flat=True))
    assert codenames == {"view_submission", "change_submission", "view_attachment"}


def test_an_attachment_is_never_public(site, private_root):
    send(site, files=[pdf()])
    [_submission], [attachment] = stored(site)
    url = f"/admin/tin-bai-gui-den/file/{attachment.pk}/"
    anonymous = Client().get(url, HTTP_HOST=host(site))
    assert anonymous.status_code in (302, 403, 404) and PDF not in anonymous.content
    outsider = signed_in(site, "khach").get(url, HTTP_HOST=host(site))
    assert outsider.status_code in (302, 403) and PDF not in outsider.content
    # Not under /media/ either, whatever the path a guesser tries.
    relative = attachment.file.name
    for guess in (f"/media/{relative}", f"/media/{site.schema_name}/{relative}"):
        assert Client().get(guess, HTTP_HOST=host(site)).status_code == 404
    board = signed_in(site, "bientap").get(url, HTTP_HOST=host(site))
    assert board.status_code == 200 and b"".join(board.streaming_content) == PDF
    assert board["Content-Disposition"].startswith("attachment") and board["X-Content-Type-Options"] == "nosniff"


def test_the_board_member_assigns_and_accepts_as_a_draft_news_page(site):
    send(site, files=[pdf()])
    [submission], _ = stored(site)
    editor = signed_in(site, "bientap")
    dashboard = editor.get("/admin/", HTTP_HOST=host(site)).content.decode()
    assert "/admin/tin-bai-gui-den/" in dashboard  # the menu item (in the sidebar's JSON)
    assert "1 tin, bài mới chưa giao xử lý." in dashboard  # and the board's queue on the dashboard
    inbox = editor.get("/admin/tin-bai-gui-den/?status=new", HTTP_HOST=host(site))
    assert inbox.status_code == 200 and SENT["title"] in inbox.content.decode()
    assert (
        SENT["title"] not in editor.get("/admin/tin-bai-gui-den/?status=refused", HTTP_HOST=host(site)).content.decode()
    )
    edit_url = f"/admin/tin-bai-gui-den/edit/{submission.pk}/"
    edit = editor.get(edit_url, HTTP_HOST=host(site)).content.decode()
    assert "bien-ban.pdf" in edit and "Nhận làm bản nháp" in edit and "Từ chối" in edit
    with tenant_context(site):
        deputy_pk = Submission._meta.get_field("assigned_to").related_model.objects.get(username="photruongban").pk
    assigned = editor.post(edit_url, {"assigned_to": deputy_pk}, HTTP_HOST=host(site))
    assert assigned.status_code == 302, assigned.content.decode()[:3000]
    with tenant_context(site):
        submission.refresh_from_db()
        assert (submission.status, submission.assigned_to.username) == ("assigned", "photruongban")
    deputy_dashboard = signed_in(site, "photruongban").get("/admin/", HTTP_HOST=host(site)).content.decode()
    assert "Được giao cho bạn" in deputy_dashboard and SENT["title"] in deputy_dashboard

    confirm = editor.get(f"/admin/tin-bai-gui-den/accept/{submission.pk}/", HTTP_HOST=host(site))
    assert confirm.status_code == 200 and "Tạo bản nháp" in confirm.content.decode()
    accepted = editor.post(f"/admin/tin-bai-gui-den/accept/{submission.pk}/", HTTP_HOST=host(site))
    assert accepted.status_code == 302 and "/admin/pages/" in accepted["Location"]
    with tenant_context(site):
        submission.refresh_from_db()
        page = NewsPage.objects.get(pk=submission.draft_page_id)
        assert submission.status == "accepted" and not page.live and page.has_unpublished_changes
        assert page.get_parent().specific_class is NewsIndexPage
        assert (page.title, page.author, page.source) == (SENT["title"], "Lò Văn Thắng", SENT["organisation"])
        text = page.body_text()
        assert "320 học sinh" in text and "khai giảng" in text
    # The draft is not public, and the draft opens in the page editor for the 3-step workflow.
    assert Client().get(f"/tin-tuc/{page.slug}/", HTTP_HOST=host(site)).status_code == 404
    assert editor.get(accepted["Location"], HTTP_HOST=host(site)).status_code == 200
    # Who assigned and accepted, and when, is in the submission's history.
    history = editor.get(f"/admin/tin-bai-gui-den/history/{submission.pk}/", HTTP_HOST=host(site)).content.decode()
    assert "Đã giao xử lý tin, bài" in history and "Đã nhận làm bản nháp tin bài" in history
    # Accepting twice creates nothing more.
    editor.post(f"/admin/tin-bai-gui-den/accept/{submission.pk}/", HTTP_HOST=host(site))
    with tenant_context(site):
        assert NewsPage.objects.count() == 1


def test_refusing_needs_a_reason(site):
    send(site)
    [submission], _ = stored(site)
    head = signed_in(site, "truongban")
    url = f"/admin/tin-bai-gui-den/refuse/{submission.pk}/"
    form = head.get(url, HTTP_HOST=host(site)).content.decode()
    assert '<label class="w-field__label" for="id_reason">Lý do từ chối' in form
    empty = head.post(url, {"reason": "   "}, HTTP_HOST=host(site))
    assert empty.status_code == 400 and "Từ chối phải nêu rõ lý do." in empty.content.decode()
    with tenant_context(site):
        submission.refresh_from_db()
        assert (submission.status, submission.refusal_reason) == ("new", "")
    done = head.post(url, {"reason": "Tin đã đăng trên báo Phú Thọ."}, HTTP_HOST=host(site))
    assert done.status_code == 302
    with tenant_context(site):
        submission.refresh_from_db()
        assert (submission.status, submission.refusal_reason) == ("refused", "Tin đã đăng trên báo Phú Thọ.")
        from wagtail.models import ModelLogEntry

        [entry] = ModelLogEntry.objects.filter(action="intake.refuse", object_id=str(submission.pk))
        assert entry.user.username == "truongban" and entry.data["reason"] == "Tin đã đăng trên báo Phú Thọ."
    # A refused submission can no longer be accepted.
    head.post(f"/admin/tin-bai-gui-den/accept/{submission.pk}/", HTTP_HOST=host(site))
    with tenant_context(site):
        submission.refresh_from_db()
        assert submission.status == "refused" and NewsPage.objects.count() == 0


def test_the_inbox_is_for_the_board_only(site):
    send(site)
    [submission], _ = stored(site)
    outsider = signed_in(site, "khach")
    outsider_dashboard = outsider.get("/admin/", HTTP_HOST=host(site)).content.decode()
    assert "/admin/tin-bai-gui-den/" not in outsider_dashboard and SENT["title"] not in outsider_dashboard
    for url in ("/admin/tin-bai-gui-den/", f"/admin/tin-bai-gui-den/accept/{submission.pk}/"):
        assert outsider.get(url, HTTP_HOST=host(site)).status_code in (302, 403)
    assert outsider.post(f"/admin/tin-bai-gui-den/accept/{submission.pk}/", HTTP_HOST=host(site)).status_code in (
        302,
        403,
    )
    with tenant_context(site):
        assert NewsPage.objects.count() == 0


def test_the_chart_keeps_the_files_private_on_either_media_storage():
    from tests.test_deploy import by_kind, render

    s3 = render()  # the default: S3 media, stateless pods
    assert by_kind(s3, "ConfigMap")["phutho"]["data"]["INTAKE_STORAGE"] == "s3"
    assert not by_kind(s3, "PersistentVolumeClaim")
    filesystem = render({"media": {"storage": "filesystem"}})
    config = by_kind(filesystem, "ConfigMap")["phutho"]["data"]
    assert (config["INTAKE_STORAGE"], config["INTAKE_PRIVATE_ROOT"]) == ("filesystem", "/app/private")
    assert "phutho-private" in by_kind(filesystem, "PersistentVolumeClaim")
    for deployment in by_kind(filesystem, "Deployment").values():
        pod = deployment["spec"]["template"]["spec"]
        assert {"name": "private", "persistentVolumeClaim": {"claimName": "phutho-private"}} in pod["volumes"]
        assert {"name": "private", "mountPath": "/app/private"} in pod["containers"][0]["volumeMounts"]


def test_on_s3_the_files_sit_outside_every_sites_media_prefix(site):
    from intake.storage import S3_PREFIX, _s3_storage

    storage = _s3_storage()
    with tenant_context(site):
        assert storage.location == f"{S3_PREFIX}/{site.schema_name}"
        with pytest.raises(ValueError):
            storage.url("intake/x.pdf")
    assert "-" in S3_PREFIX  # schema names never hold a hyphen: no site's media prefix can be this one


@pytest.fixture
def eager_notice(monkeypatch):
    """The queued notice runs at once, as a worker runs it: in the queuing schema."""
    from django.db import connection

    from intake.tasks import notify_board_task

    def run_now(args, **_kwargs):
        notify_board_task.apply(args=args, headers={"_schema_name": connection.schema_name})

    monkeypatch.setattr(notify_board_task, "apply_async", run_now)


def test_the_board_is_told_by_mail_after_the_submission_is_stored(site, eager_notice, mailoutbox):
    with tenant_context(site):
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(username="truongban").update(email="truongban@sonhung.gov.vn")
    assert send(site).status_code == 303
    [notice] = mailoutbox
    [submission], _ = stored(site)
    assert notice.to == ["truongban@sonhung.gov.vn"] and SENT["title"] in notice.subject
    assert (
        submission.tracking_code in notice.body
        and f"{host(site)}/admin/tin-bai-gui-den/edit/{submission.pk}/" in notice.body
    )
    assert SENT["sender_email"] not in notice.body  # contact details stay in the admin


def test_a_broken_broker_or_mail_server_loses_no_submission(site, monkeypatch):
    from intake.tasks import notify_board_task

    def broker_down(*_args, **_kwargs):
        raise ConnectionError("Redis down")

    monkeypatch.setattr(notify_board_task, "apply_async", broker_down)
    response = send(site, files=[pdf()])
    assert response.status_code == 303
    assert [len(rows) for rows in stored(site)] == [1, 1]


def test_accepted_photos_and_files_join_the_library_and_the_draft(site, private_root):
    """Issue 15 item 3: once accepted, the sender's PNG becomes an image and the PDF a document of the
    site's library, placed in the draft's body; the private copies stay with the submission."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from .factories import png_bytes

    photo = SimpleUploadedFile("le-khai-giang.png", png_bytes(), content_type="image/png")
    send(site, files=[pdf(), photo])
    [submission], attachments = stored(site)
    assert len(attachments) == 2
    editor = signed_in(site, "bientap")
    accepted = editor.post(f"/admin/tin-bai-gui-den/accept/{submission.pk}/", HTTP_HOST=host(site))
    assert accepted.status_code == 302
    with tenant_context(site):
        submission.refresh_from_db()
        page = NewsPage.objects.get(pk=submission.draft_page_id)
        image = get_image_model().objects.get(title="le-khai-giang.png — Lò Văn Thắng")
        document = get_document_model().objects.get(title="bien-ban.pdf — Lò Văn Thắng")
        blocks = {block.block_type: block.value for block in page.body}
        assert blocks["image"]["image"] == image and blocks["attachment"]["document"] == document
        with document.file.open("rb") as copied:
            assert copied.read() == PDF
        assert (image.width, image.height) != (0, 0)
    assert len(files_under(private_root)) == 2  # the submission keeps its private copies
    assert Client().get(f"/tin-tuc/{page.slug}/", HTTP_HOST=host(site)).status_code == 404  # still a draft
