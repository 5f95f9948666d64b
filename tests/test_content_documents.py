"""Legal documents (D6): withdrawal (audit, files hidden at once, revision published), file type and size
rules with clear messages and nothing stored, and model validation."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.signals import page_published

from sites.models import (
    DocumentStatus,
    DocumentWithdrawal,
    LegalDocumentIndexPage,
    LegalDocumentPage,
)
from sites.services.legal import attach_file, withdraw_document

from .content_helpers import add_index, add_legal_document, host, make_board, make_user, signed_in
from .factories import pdf_bytes

pytest_plugins = ["tests.content_fixtures"]


@pytest.fixture
def register_site(make_tenant, content_media):
    """A province with a published decision carrying one PDF, and its board accounts."""
    tenant = make_tenant("vanban")
    with tenant_context(tenant):
        index = add_index(LegalDocumentIndexPage, "van-ban", "Văn bản")
        doc = add_legal_document(
            index,
            "qd-09",
            "09/QĐ-BBT",
            "Ban hành Quy chế hoạt động của Cổng thông tin điện tử",
            issuing_body="Ban Biên tập cổng thông tin điện tử",
            signer="Nguyễn Văn An",
            issue_date=datetime.date(2021, 1, 12),
            effective_date=datetime.date(2021, 1, 12),
        )
        attach_file(doc, "qd-09.pdf", pdf_bytes("Quyết định 09/QĐ-BBT"), title="Toàn văn").publish()
        make_board()
    return tenant


def file_url(tenant) -> str:
    with tenant_context(tenant):
        return LegalDocumentPage.objects.get(slug="qd-09").files.get().document.url


def test_withdrawal_records_audit_hides_files_at_once_and_publishes_a_revision(client, register_site):
    url = file_url(register_site)
    served = client.get(url, HTTP_HOST=host(register_site))
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF-1.4")
    published = []

    def on_published(sender, instance, revision, **kwargs):
        published.append((instance.pk, revision.pk))

    page_published.connect(on_published)
    try:
        with tenant_context(register_site):
            head = get_user_model().objects.get(username="truongban")
            doc = LegalDocumentPage.objects.get(slug="qd-09")
            before = datetime.datetime.now(datetime.UTC)
            audit = withdraw_document(doc, head, "Đăng nhầm phụ lục có thông tin cá nhân.")
            doc.refresh_from_db()
            assert doc.status == DocumentStatus.WITHDRAWN and doc.live and doc.withdrawn_at >= before
            assert audit.user == head and audit.username == "truongban" and audit.at >= before
            assert audit.reason == "Đăng nhầm phụ lục có thông tin cá nhân."
            assert doc.live_revision_id == audit.revision_id and published == [(doc.pk, audit.revision_id)]
            assert doc.search_document() is None  # the search aggregate drops it on page_published
            assert doc.get_latest_revision().as_object().status == DocumentStatus.WITHDRAWN
    finally:
        page_published.disconnect(on_published)
    refused = client.get(url, HTTP_HOST=host(register_site))
    assert refused.status_code == 410 and "đã bị thu hồi" in refused.content.decode()
    page = client.get("/van-ban/qd-09/", HTTP_HOST=host(register_site)).content.decode()
    assert "Văn bản đã bị thu hồi" in page and url not in page and "Đăng nhầm phụ lục" in page
    listing = client.get("/van-ban/", HTTP_HOST=host(register_site)).content.decode()
    assert "09/QĐ-BBT" not in listing
    editor = signed_in(register_site, "bientap")  # the board keeps access to the file (history)
    assert editor.get(url, HTTP_HOST=host(register_site)).status_code == 200


def test_withdrawal_needs_a_reason_and_the_publish_permission(register_site):
    with tenant_context(register_site):
        doc = LegalDocumentPage.objects.get(slug="qd-09")
        head = get_user_model().objects.get(username="truongban")
        with pytest.raises(ValidationError, match="Phải ghi lý do"):
            withdraw_document(doc, head, "   ")
        with pytest.raises(PermissionDenied):
            withdraw_document(doc, get_user_model().objects.get(username="bientap"), "Lý do")
        doc.refresh_from_db()
        assert doc.status == DocumentStatus.IN_FORCE and not DocumentWithdrawal.objects.exists()
        withdraw_document(doc, head, "Lý do")
        with pytest.raises(ValidationError, match="đã được thu hồi"):
            withdraw_document(doc, head, "Lần hai")
        assert DocumentWithdrawal.objects.count() == 1


def test_withdraw_from_the_admin(register_site):
    with tenant_context(register_site):
        doc_id = LegalDocumentPage.objects.get(slug="qd-09").pk
    head = signed_in(register_site, "truongban")
    edit = head.get(f"/admin/pages/{doc_id}/edit/", HTTP_HOST=host(register_site)).content.decode()
    assert f"/admin/portal/withdraw/{doc_id}/" in edit  # header button
    form_url = f"/admin/portal/withdraw/{doc_id}/"
    assert head.get(form_url, HTTP_HOST=host(register_site)).status_code == 200
    empty = head.post(form_url, {"reason": ""}, HTTP_HOST=host(register_site))
    assert empty.status_code == 200
    with tenant_context(register_site):
        assert not DocumentWithdrawal.objects.exists()
    done = head.post(form_url, {"reason": "Theo đề nghị của Văn phòng"}, HTTP_HOST=host(register_site))
    assert done.status_code == 302
    with tenant_context(register_site):
        assert DocumentWithdrawal.objects.get().reason == "Theo đề nghị của Văn phòng"
    editor = signed_in(register_site, "bientap")
    denied = editor.get(form_url, HTTP_HOST=host(register_site))
    assert denied.status_code == 302 and denied.url == "/admin/"  # Wagtail: permission denied → admin home


def test_legal_files_only_pdf_doc_docx_odt_with_a_clear_message_and_nothing_stored(register_site, settings):
    document_model = get_document_model()
    with tenant_context(register_site):
        doc = LegalDocumentPage.objects.get(slug="qd-09")
        count = document_model.objects.count()
        with pytest.raises(ValidationError) as error:
            attach_file(doc, "bang-tinh.xlsx", b"PK\x03\x04 fake", title="Bảng tính")
        assert "văn bản chỉ nhận tệp PDF, DOC, DOCX hoặc ODT" in error.value.messages[0]
        assert "bang-tinh.xlsx" in error.value.messages[0]
        settings.DOCUMENT_MAX_UPLOAD_MB = 1
        with pytest.raises(ValidationError) as error:
            attach_file(doc, "qua-lon.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10), title="Quá lớn")
        assert "quá lớn" in error.value.messages[0] and "tối đa là 1 MB" in error.value.messages[0]
        assert document_model.objects.count() == count
        doc = LegalDocumentPage.objects.get(slug="qd-09")
        assert doc.files.count() == 1 and doc.get_latest_revision().as_object().files.count() == 1
        for name in ("ban-in.docx", "ban-in.doc", "ban-in.odt"):
            attach_file(doc, name, b"document", title=name)  # accepted formats
        assert document_model.objects.count() == count + 3


def test_admin_upload_rejects_oversize_and_forbidden_types_storing_nothing(register_site, settings, content_media):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    with tenant_context(register_site):
        make_user("quantri", superuser=True)
        count = get_document_model().objects.count()
        collection = Collection.get_first_root_node().pk
    admin = signed_in(register_site, "quantri")
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), content_type="application/pdf")
    response = admin.post(
        "/admin/documents/add/",
        {"title": "Tệp lớn", "file": big, "collection": collection},
        HTTP_HOST=host(register_site),
    )
    assert response.status_code == 200 and "Tệp quá lớn" in response.content.decode()
    program = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = admin.post(
        "/admin/documents/add/",
        {"title": "Chương trình", "file": program, "collection": collection},
        HTTP_HOST=host(register_site),
    )
    assert response.status_code == 200 and "exe" in response.content.decode()
    with tenant_context(register_site):
        assert get_document_model().objects.count() == count
    assert not list(content_media.rglob("lon*.pdf")) and not list(content_media.rglob("virus*"))


@pytest.mark.django_db
def test_legal_document_validation_messages():
    page = LegalDocumentPage(
        issue_date=datetime.date(2026, 3, 1), effective_date=datetime.date(2026, 2, 1), status=DocumentStatus.REPLACED
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "Ngày có hiệu lực không được trước ngày ban hành." in error.value.message_dict["effective_date"]
    assert "văn bản thay thế" in error.value.message_dict["replaced_by"][0]
    page = LegalDocumentPage(issue_date=datetime.date(2026, 3, 1), status=DocumentStatus.WITHDRAWN)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "Thu hồi văn bản" in error.value.message_dict["status"][0]


def test_admin_page_form_refuses_a_spreadsheet_as_legal_file(register_site):
    from django.core.files.base import ContentFile
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    with tenant_context(register_site):
        make_user("quantri", superuser=True)
        doc = LegalDocumentPage.objects.get(slug="qd-09")
        existing = doc.files.get()
        sheet = get_document_model()(title="Bảng tổng hợp")
        sheet.file = ContentFile(b"PK\x03\x04", name="bang.xlsx")
        sheet.save()
        revisions = doc.revisions.count()
        data = nested_form_data(
            {
                "title": doc.title,
                "slug": doc.slug,
                "doc_type": doc.doc_type_id,
                "number": doc.number,
                "issuing_body": doc.issuing_body_id,
                "signer": doc.signer,
                "issue_date": "2021-01-12",
                "effective_date": "2021-01-12",
                "summary": doc.summary,
                "status": "in_force",
                "files": inline_formset(
                    [
                        {"id": existing.pk, "document": existing.document_id, "label": "", "ORDER": 1},
                        {"document": sheet.pk, "label": "Bảng", "ORDER": 2},
                    ],
                    initial=1,
                ),
                "body": streamfield([]),
                "contributors": inline_formset([]),
                "comments": inline_formset([]),
            }
        )
    admin = signed_in(register_site, "quantri")
    response = admin.post(
        f"/admin/pages/{doc.pk}/edit/", {**data, "action-publish": "1"}, HTTP_HOST=host(register_site)
    )
    assert response.status_code == 200
    assert "văn bản chỉ nhận tệp PDF, DOC, DOCX hoặc ODT" in response.content.decode()
    with tenant_context(register_site):
        doc = LegalDocumentPage.objects.get(slug="qd-09")
        assert doc.revisions.count() == revisions and doc.files.count() == 1
