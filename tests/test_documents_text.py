"""Search inside attachments (issue 17, item 2): the text of attached PDF, DOCX and ODT files is read in
the background (a Celery task per file, a size and a time limit, a scanned PDF marked "no text", a broken
one "unreadable", never a failure), stored, and found — with or without diacritics — by the province-wide
search (snippet marked as found in the attached file) and by the document register; a withdrawn document's
text leaves the index with it. Files are uploaded by the board's editor (Biên tập viên) in the admin and
published by the head (Trưởng ban)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

from search.models import Entry
from search.service import SearchRequest, search
from sites.models import AttachmentText, LegalDocumentFile, LegalDocumentIndexPage, LegalDocumentPage, TextStatus
from sites.services.attachments import extract_document, snippet
from sites.services.legal import withdraw_document
from sites.tasks import extract_attachment_text, sweep_attachment_texts
from sites.textextract import extract, extract_bounded

from .content_helpers import add_index, add_legal_document, host, legal_form, make_board, signed_in, upload_as
from .document_files import docx_file, odt_file, scanned_pdf, text_pdf
from .search_support import drain

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.content_fixtures"]

EDIT = "/admin/pages/{pk}/edit/"
PHRASE = "cấp giấy chứng nhận quyền sử dụng đất lần đầu"
BODY = (
    "Điều 1. Phê duyệt kế hoạch của Ủy ban nhân dân xã Tệp Đính Kèm năm 2026.",
    f"Điều 2. Bộ phận một cửa tiếp nhận hồ sơ {PHRASE} cho hộ gia đình.",
    "Điều 3. Văn phòng HĐND và UBND xã chịu trách nhiệm thi hành quyết định này.",
)


@pytest.fixture
def eager_tasks(monkeypatch):
    """A queued reading runs at once in this process, as a worker runs it: the task with the queuing
    schema in its headers (tenant-schemas-celery switches to it; the task refuses any other)."""

    def run_now(document_ids):
        for document_id in document_ids:
            extract_attachment_text.apply(args=[document_id], headers={"_schema_name": connection.schema_name})

    monkeypatch.setattr("sites.receivers.enqueue", run_now)


@pytest.fixture
def site(make_tenant, content_media):
    tenant = make_tenant("tepdinhkem", name="Xã Tệp Đính Kèm")
    with tenant_context(tenant):
        index = add_index(LegalDocumentIndexPage, "van-ban", "Văn bản")
        add_legal_document(index, "qd-20", "20/QĐ-UBND", "Ban hành kế hoạch cải cách hành chính năm 2026",
                           signer="Lê Văn Cường", issue_date=datetime.date(2026, 4, 2))  # fmt: skip
        make_board()
    return tenant


def attach_as_board(tenant, filename: str, content: bytes, label: str) -> int:
    """The editor uploads and attaches the file (a draft), the head publishes it; the document's id."""
    doc_id = upload_as(tenant, "bientap", filename, content, label)
    with tenant_context(tenant):
        page = LegalDocumentPage.objects.get(slug="qd-20")
        data = legal_form(page, files=[{"document": doc_id, "label": label, "ORDER": len(page.files.all()) + 1}])
    response = signed_in(tenant, "bientap").post(EDIT.format(pk=page.pk), data, HTTP_HOST=host(tenant))
    assert response.status_code == 302
    with tenant_context(tenant), django_on_commit():  # the reading is queued when the publication commits
        draft = LegalDocumentPage.objects.get(pk=page.pk).get_latest_revision()
        draft.publish(user=get_user_model().objects.get(username="truongban"))
    return doc_id


def province_search(text: str):
    return search(SearchRequest(text), use_cache=False).hits


def test_each_format_is_read_and_bad_files_are_marked(tmp_path):
    pdf = extract_bounded("qd.pdf", text_pdf(*BODY), seconds=30)
    assert pdf.status == "ok" and PHRASE in pdf.text and pdf.pages == 1
    for name, content in (("qd.docx", docx_file(*BODY)), ("qd.odt", odt_file(*BODY))):
        result = extract_bounded(name, content, seconds=30)
        assert result.status == "ok" and PHRASE in result.text and "Điều 3." in result.text, name
    assert extract_bounded("scan.pdf", scanned_pdf(), seconds=30).status == "no_text"
    assert extract_bounded("old.doc", b"\xd0\xcf\x11\xe0 binary word", seconds=30).status == "unsupported"
    for name, content in (
        ("hong.pdf", b"%PDF-1.4 not really a pdf"),
        ("zip.pdf", docx_file("a DOCX named .pdf")),
        ("pdf.docx", text_pdf("a PDF named .docx")),
        ("hong.odt", b"PK\x03\x04 broken"),
        ("khoa.pdf", encrypted_pdf()),
    ):
        assert extract_bounded(name, content, seconds=30).status == "unreadable", name


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(*BODY))))
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_size_time_and_length_limits(site, settings):
    long_pdf = text_pdf(*BODY, pages=1500)
    assert extract_bounded("dai.pdf", long_pdf, seconds=0.3).status == "timeout"  # the reader is killed
    assert len(extract("dai.pdf", long_pdf, max_chars=1000).text) == 1000
    with tenant_context(site):
        document = upload_document("qd-lon.pdf", text_pdf(*BODY))
        settings.DOCUMENT_TEXT_MAX_MB = 0
        assert extract_document(document.pk).status == TextStatus.TOO_LARGE
        settings.DOCUMENT_TEXT_MAX_MB, settings.DOCUMENT_TEXT_SECONDS = 20, 0.3
        document.file.save("qd-dai.pdf", io.BytesIO(long_pdf))
        assert extract_document(document.pk).status == TextStatus.TIMEOUT
        settings.DOCUMENT_TEXT_SECONDS = 30
        assert extract_document(document.pk).status == TextStatus.TIMEOUT  # same stored file: not read again
        assert extract_document(document.pk, force=True).status == TextStatus.OK


def upload_document(name: str, content: bytes):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title=name)
    document.file = ContentFile(content, name=name)
    document.save()
    return document


def test_phrase_only_in_the_attached_pdf_is_found_by_province_search_and_register(site, eager_tasks):
    doc_id = attach_as_board(site, "qd-20.pdf", text_pdf(*BODY), "Toàn văn quyết định")
    with tenant_context(site):
        record = AttachmentText.objects.get(document_id=doc_id)
        assert record.status == TextStatus.OK and PHRASE in record.text
        page = LegalDocumentPage.objects.get(slug="qd-20")
        assert PHRASE not in f"{page.title} {page.summary} {page.body_text()}"
    drain()
    entry = Entry.objects.get(tenant=site, page_id=page.pk)
    assert PHRASE in entry.attachment and PHRASE not in entry.body
    for query in (PHRASE, "cap giay chung nhan quyen su dung dat lan dau", '"quyền sử dụng đất lần đầu"'):
        (hit,) = [h for h in province_search(query) if h.doc_number == "20/QĐ-UBND"]
        assert hit.in_attachment, query
        assert "<mark>" in hit.snippet_html and "lần" in hit.snippet_html
    html = Client().get("/tim-kiem/", {"q": "quyen su dung dat lan dau"}, HTTP_HOST=host(site)).content.decode()
    assert "Trong tệp đính kèm:" in html and "20/QĐ-UBND" in html
    api = Client().get("/api/v1/search", {"q": "quyền sử dụng đất lần đầu"}, HTTP_HOST=host(site)).json()
    assert any(item["doc_number"] == "20/QĐ-UBND" and item["in_attachment"] for item in api["results"])

    for query in ("quyền sử dụng đất lần đầu", "QUYEN SU DUNG DAT LAN DAU"):
        html = Client().get("/van-ban/", {"q": query}, HTTP_HOST=host(site)).content.decode()
        assert ">20/QĐ-UBND</a>" in html, html[html.find("result-count") :][:3000]
        assert "Trong tệp đính kèm “Toàn văn quyết định”:" in html
        assert "<mark>quyền</mark> <mark>sử</mark> <mark>dụng</mark> <mark>đất</mark> <mark>lần</mark>" in html
    assert (
        ">20/QĐ-UBND</a>"
        not in Client().get("/van-ban/", {"q": "giấy phép xây dựng"}, HTTP_HOST=host(site)).content.decode()
    )


def test_docx_and_odt_attachments_are_found_too(site, eager_tasks):
    attach_as_board(
        site, "phu-luc.docx", docx_file("Phụ lục I", "Danh mục tuyến đường giao thông nông thôn"), "Phụ lục"
    )
    attach_as_board(site, "bao-cao.odt", odt_file("Báo cáo", "Kết quả thu ngân sách quý ba"), "Báo cáo")
    drain()
    for query in ("tuyen duong giao thong nong thon", "thu ngân sách quý ba"):
        assert any(h.doc_number == "20/QĐ-UBND" and h.in_attachment for h in province_search(query)), query


def test_scanned_pdf_is_marked_and_nothing_fails(site, eager_tasks):
    doc_id = attach_as_board(site, "ban-quet.pdf", scanned_pdf(), "Bản quét")
    with tenant_context(site):
        assert AttachmentText.objects.get(document_id=doc_id).status == TextStatus.NO_TEXT
        assert LegalDocumentPage.objects.get(slug="qd-20").live
    html = Client().get("/van-ban/qd-20/", HTTP_HOST=host(site)).content.decode()
    assert "Tệp dạng ảnh quét, không có lớp chữ: không tìm được theo nội dung" in html
    broken = attach_as_board(site, "hong.pdf", b"%PDF-1.4 not really a pdf", "Tệp hỏng")
    with tenant_context(site):
        assert AttachmentText.objects.get(document_id=broken).status == TextStatus.UNREADABLE
    assert Client().get("/van-ban/qd-20/", HTTP_HOST=host(site)).status_code == 200


def test_withdrawn_document_text_leaves_the_index(site, eager_tasks):
    attach_as_board(site, "qd-20.pdf", text_pdf(*BODY), "Toàn văn quyết định")
    drain()
    assert any(h.doc_number == "20/QĐ-UBND" for h in province_search("quyen su dung dat lan dau"))
    with tenant_context(site):
        page = LegalDocumentPage.objects.get(slug="qd-20")
        withdraw_document(page, get_user_model().objects.get(username="truongban"), "Sai thẩm quyền ban hành")
    drain()
    assert not Entry.objects.filter(tenant=site, page_id=page.pk).exists()
    assert not [h for h in province_search("quyen su dung dat lan dau") if h.doc_number == "20/QĐ-UBND"]
    for params in ({"q": "quyền sử dụng đất"}, {"q": "quyền sử dụng đất", "status": "withdrawn"}):
        html = Client().get("/van-ban/", params, HTTP_HOST=host(site)).content.decode()
        assert "Trong tệp đính kèm" not in html and ">20/QĐ-UBND</a>" not in html, params


def test_files_whose_task_was_lost_are_read_by_the_sweep(site, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr("sites.tasks.extract_attachment_text.apply_async", broker_down)
    with tenant_context(site), django_on_commit():
        page = LegalDocumentPage.objects.get(slug="qd-20")
        document = upload_document("qd-20.odt", odt_file(*BODY))
        page.files.add(LegalDocumentFile(document=document, label="Toàn văn"))
        page.save_revision().publish()
    with tenant_context(site):
        assert AttachmentText.objects.get(document=document).status == TextStatus.PENDING
    assert sweep_attachment_texts() == {site.schema_name: 1}
    with tenant_context(site):
        assert AttachmentText.objects.get(document=document).status == TextStatus.OK
    assert sweep_attachment_texts() == {}


def django_on_commit():
    """Run the on-commit callbacks of the block (the test's transaction never commits)."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_snippet_maps_folded_matches_back_to_the_text():
    text = "Điều 2.  Bộ phận một cửa\ntiếp nhận hồ sơ <đăng ký>, hộ tịch — theo 43/2011/NĐ-CP"
    assert snippet(text, "dang ky ho tich") == (
        "Điều 2. Bộ phận một cửa tiếp nhận hồ sơ <mark>&lt;đăng</mark> <mark>ký&gt;,</mark> "
        "<mark>hộ</mark> <mark>tịch</mark> — theo 43/2011/NĐ-CP"
    )
    assert "<mark>43/2011/NĐ-CP</mark>" in snippet(text, "43/2011/nđ-cp")
    assert snippet(text, "giấy phép") is None
