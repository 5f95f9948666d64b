"""Document records (issue 17, item 1): no classified document (marker in the number, title or file text
refused with a clear message, the uploader confirms the document is public, "bí mật" in prose is no
marker), each file's SHA-256 and size on the public page, and the correction (đính chính) note — through
the admin signed in as the board's editor (Biên tập viên)."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django_tenants.utils import tenant_context
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from sites.classified import classified_marker, file_text
from sites.models import LegalDocumentIndexPage, LegalDocumentPage
from sites.services.legal import attach_file, withdraw_document

from .content_helpers import add_index, add_legal_document, host, make_board, signed_in

pytest_plugins = ["tests.content_fixtures"]

EDIT = "/admin/pages/{pk}/edit/"


def text_pdf(*lines: str) -> bytes:
    """A minimal real PDF (written by hand: one page, Helvetica) whose page shows ``lines`` (ASCII)."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


@pytest.fixture
def register(make_tenant, content_media):
    """A published decision with one PDF, and the board accounts (bientap = Biên tập viên)."""
    tenant = make_tenant("hoso")
    with tenant_context(tenant):
        index = add_index(LegalDocumentIndexPage, "van-ban", "Văn bản")
        doc = add_legal_document(
            index,
            "qd-12",
            "12/QĐ-UBND",
            "Ban hành Quy chế bảo vệ bí mật nhà nước của Ủy ban nhân dân xã",
            signer="Trần Thị Bình",
            issue_date=datetime.date(2026, 2, 3),
        )
        attach_file(doc, "qd-12.pdf", text_pdf("Quyet dinh ban hanh quy che", "giu bi mat thong tin"), "Toàn văn")
        doc.get_latest_revision().publish()
        make_board()
    return tenant


def form(doc: LegalDocumentPage, confirm: bool = True, files=None, corrections=None, **fields) -> dict:
    existing = [{"id": f.pk, "document": f.document_id, "label": f.label, "ORDER": i} for i, f in
                enumerate(doc.files.all(), start=1)]  # fmt: skip
    data = {
        "title": doc.title,
        "slug": doc.slug,
        "doc_type": doc.doc_type_id,
        "number": doc.number,
        "issuing_body": doc.issuing_body_id,
        "signer": doc.signer,
        "issue_date": doc.issue_date.isoformat(),
        "summary": doc.summary,
        "status": doc.status,
        "files": inline_formset(existing + (files or []), initial=len(existing)),
        "corrections": inline_formset(corrections or []),
        "body": streamfield([]),
        "comments": inline_formset([]),
        **fields,
    }
    if confirm:
        data["confirm_public"] = "on"
    return nested_form_data(data)


def document(tenant) -> LegalDocumentPage:
    with tenant_context(tenant):
        return LegalDocumentPage.objects.get(slug="qd-12")


def save_as_editor(tenant, **kwargs):
    """Post the edit form as the board's editor; returns the response and the revision count before/after."""
    doc = document(tenant)
    with tenant_context(tenant):
        data = form(doc, **kwargs)
        before = doc.revisions.count()
    response = signed_in(tenant, "bientap").post(EDIT.format(pk=doc.pk), data, HTTP_HOST=host(tenant))
    with tenant_context(tenant):
        after = LegalDocumentPage.objects.get(pk=doc.pk).revisions.count()
    return response, before, after


def assert_refused(response, before: int, after: int, text: str) -> None:
    assert response.status_code == 200 and after == before
    assert text in response.content.decode()


CLASSIFIED = "không được đăng trên cổng thông tin điện tử"


def test_classified_number_is_refused(register):
    response, before, after = save_as_editor(register, number="12/QĐ-UBND-MẬT")
    assert_refused(response, before, after, "Văn bản mang dấu chỉ độ mật (“Mật”) " + CLASSIFIED)


def test_classified_title_is_refused(register):
    response, before, after = save_as_editor(register, title="Quyết định 12/QĐ-UBND (TỐI MẬT)")
    assert_refused(response, before, after, "(“Tối mật”) " + CLASSIFIED)
    response, before, after = save_as_editor(register, title="Độ mật: Tuyệt mật — Quyết định 12")
    assert_refused(response, before, after, CLASSIFIED)


def test_classified_file_text_is_refused_in_admin_and_service(register):
    secret = text_pdf("UY BAN NHAN DAN XA", "TUYET MAT", "Quyet dinh so 13/QD-UBND")
    assert classified_marker(file_text("x.pdf", secret)) == "tuyet mat"
    with tenant_context(register):
        upload = get_document_model()(title="Quyết định 13")
        upload.file = ContentFile(secret, name="qd-13.pdf")
        upload.save()
        doc = LegalDocumentPage.objects.get(slug="qd-12")
        with pytest.raises(ValidationError, match="độ mật"):
            attach_file(doc, "qd-13.pdf", secret, "Quyết định 13")
        assert doc.files.count() == 1
    response, before, after = save_as_editor(register, files=[{"document": upload.pk, "label": "Phụ lục", "ORDER": 2}])
    assert_refused(response, before, after, "(“Tuyệt mật”) " + CLASSIFIED)


def test_unreadable_file_is_not_refused_for_that_reason(register):
    assert file_text("hong.pdf", b"%PDF-1.4 not really a pdf") == ""
    with tenant_context(register):
        doc = LegalDocumentPage.objects.get(slug="qd-12")
        attach_file(doc, "hong.pdf", b"%PDF-1.4 not really a pdf", "Tệp hỏng")
        assert doc.files.count() == 2


def test_confirmation_that_the_document_is_public_is_required(register):
    response, before, after = save_as_editor(register, confirm=False)
    assert_refused(response, before, after, "Phải xác nhận văn bản được phép công khai trước khi lưu.")
    response, before, after = save_as_editor(register)
    assert response.status_code == 302 and after == before + 1


def test_bi_mat_in_ordinary_prose_is_no_marker(register):
    for prose in (
        "Quy chế bảo vệ bí mật nhà nước; cán bộ giữ bí mật thông tin của người dân",
        "QUY ĐỊNH VỀ BẢO VỆ BÍ MẬT NHÀ NƯỚC",
        "Mật độ dân số của xã; tôi mất giấy tờ",
    ):
        assert classified_marker(prose) is None, prose
    response, before, after = save_as_editor(
        register,
        title="Quyết định ban hành Quy chế bảo vệ bí mật nhà nước",
        summary="Quy chế bảo vệ bí mật nhà nước; cán bộ giữ bí mật thông tin của người dân.",
    )
    assert response.status_code == 302 and after == before + 1


def test_public_page_shows_sha256_and_size_of_each_file(register):
    with tenant_context(register):
        attached = LegalDocumentPage.objects.get(slug="qd-12").files.get()
        with attached.document.file.open("rb") as handle:
            content = handle.read()
    assert attached.sha256 == hashlib.sha256(content).hexdigest() and attached.size == len(content)
    html = Client().get("/van-ban/qd-12/", HTTP_HOST=host(register)).content.decode()
    assert f'SHA-256: <code class="hash">{attached.sha256}</code>' in html
    assert f"{len(content)} byte" in html


def test_correction_entered_by_the_editor_shows_its_note(register):
    correction = {
        "corrected_at": "2026-03-10 08:30",
        "corrected_by": "Văn phòng HĐND-UBND xã",
        "what_changed": "Điều 3: sửa “ngày 03/02” thành “ngày 05/02”.",
        "reason": "Sai sót khi đánh máy.",
    }
    response, before, after = save_as_editor(register, corrections=[correction])
    assert response.status_code == 302 and after == before + 1
    with tenant_context(register):
        document(register).get_latest_revision().publish()
    html = Client().get("/van-ban/qd-12/", HTTP_HOST=host(register)).content.decode()
    assert "Đính chính ngày" in html and "10/03/2026" in html
    assert "Sai sót khi đánh máy." in html and "Văn phòng HĐND-UBND xã" in html


def test_withdrawal_records_request_time_and_unit_and_the_4_hour_check(register):
    from django.utils import timezone

    with tenant_context(register):
        doc = LegalDocumentPage.objects.get(slug="qd-12")
        received = timezone.now() - datetime.timedelta(hours=5)
        record = withdraw_document(
            doc, None, "Theo yêu cầu của Sở Tư pháp", request_received_at=received, requesting_unit="Sở Tư pháp"
        )
        assert record.requesting_unit == "Sở Tư pháp" and record.within_deadline() is False
        assert 5 <= record.hours_after_request() < 5.1
        record.request_received_at = record.at - datetime.timedelta(hours=3, minutes=59)
        assert record.within_deadline() is True
    html = Client().get("/van-ban/qd-12/", HTTP_HOST=host(register)).content.decode()
    assert "Sở Tư pháp" in html and "thu hồi quá 4 giờ" in html


def test_head_records_the_request_in_the_admin_withdrawal_form(register):
    from django.utils import timezone

    doc = document(register)
    received = timezone.localtime() - datetime.timedelta(hours=2)
    head = signed_in(register, "truongban")
    url = f"/admin/portal/withdraw/{doc.pk}/"
    future = (timezone.localtime() + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    refused = head.post(url, {"reason": "Sai thẩm quyền", "request_received_at": future}, HTTP_HOST=host(register))
    assert refused.status_code == 200 and "không thể ở tương lai" in refused.content.decode()
    done = head.post(
        url,
        {
            "reason": "Sai thẩm quyền",
            "request_received_at": received.strftime("%Y-%m-%dT%H:%M"),
            "requesting_unit": "Phòng Tư pháp huyện",
        },
        HTTP_HOST=host(register),
    )
    assert done.status_code == 302
    with tenant_context(register):
        record = LegalDocumentPage.objects.get(pk=doc.pk).withdrawals.get()
        assert record.requesting_unit == "Phòng Tư pháp huyện" and record.within_deadline() is True
    html = Client().get("/van-ban/qd-12/", HTTP_HOST=host(register)).content.decode()
    assert "thu hồi trong vòng 4 giờ" in html and "Phòng Tư pháp huyện" in html
