"""Document records (issue 17, item 1): no classified document (marker in the number, title or file text
refused with a clear message, the uploader confirms the document is public, "bí mật" in prose is no
marker), each file's SHA-256 and size on the public page, the correction (đính chính) note, and each PDF's
digital signatures (signer, time, verifies / signer not trusted / broken) with the register's filter —
through the admin signed in as the board's editor (Biên tập viên), published by the head (Trưởng ban)."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone, translation
from django_tenants.utils import schema_context, tenant_context
from wagtail.documents import get_document_model

from sites.classified import classified_marker, file_text
from sites.models import LegalDocumentFile, LegalDocumentIndexPage, LegalDocumentPage
from sites.services.legal import attach_file, withdraw_document
from sites.signatures import SignatureReport, SignatureState, verify_file

from .content_helpers import add_index, add_legal_document, host, make_board, signed_in, upload_as
from .content_helpers import legal_form as form
from .document_files import changed_after_signing, self_signed_signer, sign_pdf, tampered, text_pdf

pytest_plugins = ["tests.content_fixtures"]

EDIT = "/admin/pages/{pk}/edit/"


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


# --- Digital signatures (ký số): checked when attached, shown on the page, filtered in the register ---


@pytest.fixture(scope="module")
def signer():
    """A self-signed signing certificate made for the test: valid, but under no configured trust root."""
    return self_signed_signer("Nguyễn Văn An", "UBND xã Hồ Sơ")


SIGNED_TEXT = ("Quyet dinh so 14/QD-UBND", "Phe duyet ke hoach chuyen doi so")


def test_signature_states_valid_untrusted_trusted_tampered_altered_unsigned(signer, settings, tmp_path):
    signed = sign_pdf(text_pdf(*SIGNED_TEXT), signer[0])
    report = verify_file("qd-14.pdf", signed)
    assert report.state == SignatureState.UNTRUSTED
    (record,) = report.signatures
    assert record["signer"] == "Nguyễn Văn An" and record["organization"] == "UBND xã Hồ Sơ"
    assert record["intact"] and record["valid"] and not record["trusted"]
    signed_at = datetime.datetime.fromisoformat(record["signed_at"])
    assert abs((signed_at - datetime.datetime.now(datetime.UTC)).total_seconds()) < 120

    # The same signature under a configured trust root: trusted.
    root = tmp_path / "root.der"
    root.write_bytes(signer[1])
    settings.DOCUMENT_SIGNATURE_TRUST_ROOTS = [str(root)]
    assert verify_file("qd-14.pdf", signed).state == SignatureState.TRUSTED
    settings.DOCUMENT_SIGNATURE_TRUST_ROOTS = []

    # Bytes changed inside the signed range (the text is moved on the page): does not verify.
    broken = verify_file("qd-14.pdf", tampered(signed, b"72 720 Td", b"72 700 Td"))
    assert broken.state == SignatureState.INVALID and broken.signatures[0]["intact"] is False
    # Content replaced by an incremental update after signing (the signed bytes intact): does not verify.
    altered = verify_file("qd-14.pdf", changed_after_signing(signed))
    assert altered.state == SignatureState.INVALID and altered.signatures[0]["modified_after_signing"]

    assert verify_file("qd-14.pdf", text_pdf(*SIGNED_TEXT)) == SignatureReport(SignatureState.NONE)
    assert verify_file("qd-14.docx", signed).state == SignatureState.NONE  # only PDFs carry PDF signatures
    for bad in (b"%PDF-1.4 not really a pdf", signed[: len(signed) // 2], b"PK\x03\x04 a zip named .pdf"):
        assert verify_file("hong.pdf", bad).state == SignatureState.ERROR


def test_editor_uploads_signed_and_tampered_pdfs_the_page_shows_signer_time_and_state(register, signer):
    signed = sign_pdf(text_pdf(*SIGNED_TEXT), signer[0])
    good = upload_as(register, "bientap", "qd-12-ky-so.pdf", signed, "Bản ký số")
    bad = upload_as(register, "bientap", "qd-12-sua.pdf", tampered(signed, b"72 720 Td", b"72 700 Td"), "Bản bị sửa")
    rows = [{"document": good, "label": "Bản ký số", "ORDER": 2}, {"document": bad, "label": "Bản bị sửa", "ORDER": 3}]
    response, before, after = save_as_editor(register, files=rows)
    assert response.status_code == 302 and after == before + 1
    with tenant_context(register):
        doc = document(register)
        doc.get_latest_revision().publish(user=get_user_model().objects.get(username="truongban"))
        states = {f.label: f.signature_state for f in document(register).files.all()}
    assert states == {"Toàn văn": "none", "Bản ký số": "untrusted", "Bản bị sửa": "invalid"}

    html = Client().get("/van-ban/qd-12/", HTTP_HOST=host(register)).content.decode()
    assert html.count("Nguyễn Văn An (UBND xã Hồ Sơ)") == 2 and "ký lúc" in html
    assert "Chữ ký hợp lệ, chưa xác thực được người ký" in html
    assert "Chữ ký số không hợp lệ: tệp đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng" in html
    assert "Tệp không có chữ ký số." in html
    with tenant_context(register):
        stored = LegalDocumentFile.objects.get(document_id=good)
        when = timezone.localtime(stored.signature_records()[0]["signed_at"])
        with translation.override("en"):
            assert stored.get_signature_state_display() == "Valid signature, signer not trusted"
            assert str(SignatureState.INVALID.label).startswith("Signature does not verify")
    assert when.strftime("%H:%M %d/%m/%Y") in html  # shown in Vietnam's time


def test_signature_is_checked_once_when_attached_not_per_request(register, signer, monkeypatch):
    with tenant_context(register):
        doc = LegalDocumentPage.objects.get(slug="qd-12")
        attach_file(doc, "qd-12-ky.pdf", sign_pdf(text_pdf(*SIGNED_TEXT), signer[0]), "Bản ký số")
        doc.get_latest_revision().publish()

    def fail(*args, **kwargs):
        raise AssertionError("a page view must not verify signatures")

    monkeypatch.setattr("sites.models.legal.verify_file", fail)
    html = Client().get("/van-ban/qd-12/", HTTP_HOST=host(register)).content.decode()
    assert "Chữ ký hợp lệ, chưa xác thực được người ký" in html
    with tenant_context(register):  # saving again without a new file keeps the stored result
        LegalDocumentFile.objects.get(label="Bản ký số").save()


def test_register_and_api_filter_signed_documents(register, signer):
    signed = sign_pdf(text_pdf(*SIGNED_TEXT), signer[0])
    with tenant_context(register):
        index = LegalDocumentIndexPage.objects.get(slug="van-ban")
        for slug, number, content in (
            ("qd-14", "14/QĐ-UBND", signed),
            ("qd-15", "15/QĐ-UBND", tampered(signed, b"72 720 Td", b"72 700 Td")),
        ):
            doc = add_legal_document(index, slug, number, f"Văn bản {number}", signer="Nguyễn Văn An",
                                     issue_date=datetime.date(2026, 3, 1))  # fmt: skip
            attach_file(doc, f"{slug}.pdf", content, "Toàn văn")
            doc.get_latest_revision().publish()
    expected = {"signed": {"14/QĐ-UBND", "15/QĐ-UBND"}, "verified": {"14/QĐ-UBND"}, "unsigned": {"12/QĐ-UBND"}}
    for wanted, numbers in expected.items():
        response = Client().get(f"/van-ban/?signature={wanted}", HTTP_HOST=host(register))
        html = response.content.decode()
        assert response.status_code == 200
        assert {n for n in ("12/QĐ-UBND", "14/QĐ-UBND", "15/QĐ-UBND") if f">{n}</a>" in html} == numbers, wanted
        api = Client().get(f"/api/v1/documents/?signature={wanted}", HTTP_HOST=host(register)).json()
        assert {item["number"] for item in api["results"]} == numbers
    html = Client().get("/van-ban/?signature=verified", HTTP_HOST=host(register)).content.decode()
    assert 'class="status status-signed">Có chữ ký số</span>' in html
    api = Client().get("/api/v1/documents/?number=14/", HTTP_HOST=host(register)).json()
    (file_info,) = api["results"][0]["files"]
    assert file_info["signature"]["state"] == "untrusted"
    assert file_info["signature"]["signatures"][0]["signer"] == "Nguyễn Văn An"
    bad = Client().get("/api/v1/documents/?signature=maybe", HTTP_HOST=host(register))
    assert bad.status_code == 400 and "signature" in bad.json()["details"]


# --- Per issuing body, the document types it posts (coordination regulation, appendices 1–4) ---


def new_document_form(doc_type, body, number: str) -> dict:
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    return nested_form_data(
        {
            "title": f"{doc_type.name} {number}",
            "slug": f"vb-{number.split('/')[0]}",
            "doc_type": doc_type.pk,
            "number": number,
            "issuing_body": body.pk,
            "signer": "Phạm Thị Dung",
            "issue_date": "2026-05-04",
            "summary": "Vận động nhân dân tham gia giữ gìn vệ sinh môi trường",
            "status": "in_force",
            "files": inline_formset([]),
            "corrections": inline_formset([]),
            "body": streamfield([]),
            "contributors": inline_formset([]),
            "comments": inline_formset([]),
            "confirm_public": "on",
        }
    )


def test_a_body_posts_only_the_document_types_of_its_list(register):
    from sites.models import DocumentType, IssuingBody

    with tenant_context(register):
        front = IssuingBody.objects.get(name="Ủy ban Mặt trận Tổ quốc Việt Nam")
        resolution, plan = DocumentType.objects.get(name="Nghị quyết"), DocumentType.objects.get(name="Kế hoạch")
        assert not front.allows(resolution) and front.allows(plan)
        assert IssuingBody.objects.get(name="Ủy ban nhân dân").allows(DocumentType.objects.get(name="Chỉ thị"))
        assert IssuingBody.objects.get(name="Cơ quan cấp trên").allows(resolution)  # no list: any type
        index = LegalDocumentIndexPage.objects.get(slug="van-ban")
        count = LegalDocumentPage.objects.count()
    url = f"/admin/pages/add/portal/legaldocumentpage/{index.pk}/"
    editor = signed_in(register, "bientap")
    refused = editor.post(url, new_document_form(resolution, front, "05/NQ-MTTQ"), HTTP_HOST=host(register))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "“Ủy ban Mặt trận Tổ quốc Việt Nam” không đăng loại văn bản “Nghị quyết”" in html
    assert (
        "cơ quan này đăng Quyết định, Quy chế, Kế hoạch, Chương trình, Thông báo, Báo cáo, Tờ trình, Hướng dẫn, "
        "Công văn." in html
    )
    with tenant_context(register):
        assert LegalDocumentPage.objects.count() == count  # nothing stored
    accepted = editor.post(url, new_document_form(plan, front, "06/KH-MTTQ"), HTTP_HOST=host(register))
    assert accepted.status_code == 302
    with tenant_context(register):
        assert LegalDocumentPage.objects.filter(number="06/KH-MTTQ").exists()
        # The head narrows the front's list in the snippet editor: the rule follows the list.
        front.document_types.remove(plan)
        assert not front.allows(plan)


def test_the_type_rule_holds_on_every_save_not_only_in_the_admin(register):
    """A page saved by a service or the demo builder is refused too; a document already posted keeps
    saving (withdrawal, corrections) after its body's list narrows: only a new or changed type is checked."""
    from sites.models import DocumentType, IssuingBody

    with tenant_context(register):
        index = LegalDocumentIndexPage.objects.get(slug="van-ban")
        front = IssuingBody.objects.get(name="Ủy ban Mặt trận Tổ quốc Việt Nam")
        with pytest.raises(ValidationError) as refused:
            add_legal_document(index, "nq-07", "07/NQ-MTTQ", "Nghị quyết không thuộc danh mục",
                               doc_type="Nghị quyết", issuing_body=front.name, signer="—",
                               issue_date=datetime.date(2026, 5, 4))  # fmt: skip
        assert "không đăng loại văn bản “Nghị quyết”" in refused.value.message_dict["doc_type"][0]
        assert not LegalDocumentPage.objects.filter(slug="nq-07").exists()
        doc = LegalDocumentPage.objects.get(slug="qd-12")
        council = IssuingBody.objects.get(name="Ủy ban nhân dân")
        council.document_types.remove(DocumentType.objects.get(name="Quyết định"))
        doc.summary = "Ban hành Quy chế (sửa trích yếu)"
        doc.save_revision().publish()  # unchanged type and body: still saved
        doc.doc_type = DocumentType.objects.get(name="Nghị quyết")
        with pytest.raises(ValidationError):
            doc.save_revision()


def test_demo_and_test_documents_follow_the_body_lists():
    """The data follows the rule (Quang Khai appendix 1: Đảng ủy issues no Chỉ thị)."""
    from demo.builders.variety import CORE_DOCUMENTS, EXTRA_DOCUMENTS
    from sites.models.snippets import BODY_DOCUMENT_TYPES

    from .content_data import DOCUMENTS as TESTS

    demo = [(spec.slug, spec.doc_type, spec.body) for spec in [*CORE_DOCUMENTS, *EXTRA_DOCUMENTS]]
    for slug, type_name, body_name, *_rest in [*demo, *TESTS]:
        assert type_name in BODY_DOCUMENT_TYPES.get(body_name, [type_name]), (slug, type_name, body_name)


def test_verdicts_follow_the_trust_roots_when_they_change(register, signer, settings, tmp_path):
    """A root added turns the stored 'signer not trusted' into 'valid' on the next re-check (task and
    command), without a new upload; withdrawing the root turns it back; the page shows each verdict."""
    from io import StringIO

    from django.core.management import call_command

    from sites.services.signatures import recheck_site
    from sites.tasks import recheck_signatures

    with tenant_context(register):
        doc = LegalDocumentPage.objects.get(slug="qd-12")
        attach_file(doc, "qd-12-ky.pdf", sign_pdf(text_pdf(*SIGNED_TEXT), signer[0]), "Bản ký số")
        doc.get_latest_revision().publish()
        assert recheck_site().checked == 0  # verdicts made under today's roots are not verified again
    page = Client().get("/van-ban/qd-12/", HTTP_HOST=host(register)).content.decode()
    assert "Chữ ký hợp lệ, chưa xác thực được người ký" in page

    root = tmp_path / "root.der"
    root.write_bytes(signer[1])
    settings.DOCUMENT_SIGNATURE_TRUST_ROOTS = [str(root)]
    with schema_context("public"):  # the beat queues it in the public schema
        assert recheck_signatures() == {register.schema_name: 1}
    with tenant_context(register):
        stored = LegalDocumentFile.objects.get(label="Bản ký số")
        assert stored.signature_state == SignatureState.TRUSTED and stored.signatures[0]["trusted"]
        assert LegalDocumentFile.objects.get(label="Toàn văn").signature_state == SignatureState.NONE
        assert recheck_site().checked == 0  # done once per change of roots
    page = Client().get("/van-ban/qd-12/", HTTP_HOST=host(register)).content.decode()
    assert "Chữ ký số hợp lệ" in page and "chưa xác thực được người ký" not in page  # cached page refreshed

    settings.DOCUMENT_SIGNATURE_TRUST_ROOTS = []
    out = StringIO()
    call_command("signatures", "recheck", register.path, "--no-progress", stdout=out)
    assert f"{register.path}: 1 tệp kiểm tra lại, 1 thay đổi" in out.getvalue()
    with tenant_context(register):
        assert LegalDocumentFile.objects.get(label="Bản ký số").signature_state == SignatureState.UNTRUSTED
    page = Client().get("/van-ban/qd-12/", HTTP_HOST=host(register)).content.decode()
    assert "Chữ ký hợp lệ, chưa xác thực được người ký" in page
    with pytest.raises(CommandError):
        call_command("signatures", "recheck", "khong/co/trang", stdout=StringIO())
