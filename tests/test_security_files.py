"""Security of uploaded files and of the platform host (issue 12, holes 1, 2 and 5).

Every case is asked from four hosts: the owning commune, a sibling commune, the province and the
platform host. Documents answer only through Wagtail's checked view on their own site; no document
file is reachable under ``/media/``; image renditions answer only on their own site, with headers
that cannot execute; SVG uploads are refused; unknown paths on the platform host are its own 404.
"""

from __future__ import annotations

import datetime
import io
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context, tenant_context
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from sites.models import LegalDocumentIndexPage
from sites.services.legal import attach_file, withdraw_document

from .content_helpers import add_index, add_legal_document, host, make_board, signed_in


def small_pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` (ASCII), xref offsets computed."""
    stream = zlib.compress(f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def small_png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.domain)</script></svg>'


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def files_site(make_tenant, province, district, commune, settings, tmp_path):
    """A commune with a public document, a withdrawn legal document's file, a document in a
    password-protected collection and an image rendition; a sibling commune; the province."""
    settings.MEDIA_ROOT = str(tmp_path)
    cache.clear()  # Wagtail caches renditions by schema and id: a former run's files are elsewhere
    sibling = make_tenant("lactuong", kind="commune", parent=district, name="Xã Lương Lỗ")
    files = {}
    with tenant_context(commune):
        make_board()
        documents = get_document_model()
        public = documents(title="Công khai ngân sách")
        public.file = ContentFile(small_pdf("Cong khai ngan sach"), name="cong-khai.pdf")
        public.save()
        files["public"] = public

        index = add_index(LegalDocumentIndexPage, "van-ban", "Văn bản")
        page = add_legal_document(
            index,
            "qd-12",
            "12/QĐ-UBND",
            "Danh sách hộ nghèo có số căn cước",
            signer="Nguyễn Văn An",
            issue_date=datetime.date(2026, 3, 2),
            effective_date=datetime.date(2026, 3, 2),
        )
        attach_file(page, "ho-ngheo.pdf", small_pdf("Danh sach ho ngheo"), title="Toàn văn").publish()
        withdraw_document(page, get_user_model().objects.get(username="truongban"), "Lộ dữ liệu cá nhân.")
        files["withdrawn"] = page.files.get().document

        private_collection = Collection.get_first_root_node().add_child(name="Nội bộ")
        CollectionViewRestriction.objects.create(
            collection=private_collection, restriction_type="password", password="mat-khau-noi-bo"
        )
        private = documents(title="Tài liệu nội bộ", collection=private_collection)
        private.file = ContentFile(small_pdf("Tai lieu noi bo"), name="noi-bo.pdf")
        private.save()
        files["private"] = private

        image = get_image_model()(title="Ảnh trụ sở")
        image.file = ContentFile(small_png(), name="tru-so.png")
        image.save()
        files["image"] = image
        files["rendition"] = image.get_rendition("width-20").url
    connection.set_schema_to_public()
    return {"commune": commune, "sibling": sibling, "province": province, **files}


def other_hosts(site) -> list[str]:
    from django.conf import settings

    return [host(site["sibling"]), host(site["province"]), settings.PLATFORM_HOST]


def media_path(site, document) -> str:
    return f"/media/{site['commune'].schema_name}/{document.file.name}"


def assert_not_executable(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy


def _a_public_document_answers_only_through_its_checked_view_on_its_own_site(files_site):
    client = Client()
    document = files_site["public"]
    served = client.get(document.url, HTTP_HOST=host(files_site["commune"]))
    assert served.status_code == 200 and body(served).startswith(b"%PDF-1.4")
    assert_not_executable(served)
    for other in other_hosts(files_site):
        assert client.get(document.url, HTTP_HOST=other).status_code == 404, other
    for hostname in [host(files_site["commune"]), *other_hosts(files_site)]:
        assert client.get(media_path(files_site, document), HTTP_HOST=hostname).status_code == 404, hostname


def _a_withdrawn_document_is_unreachable_by_any_url(files_site):
    client = Client()
    document = files_site["withdrawn"]
    assert client.get(document.url, HTTP_HOST=host(files_site["commune"])).status_code == 410
    for other in other_hosts(files_site):
        assert client.get(document.url, HTTP_HOST=other).status_code == 404, other
    for hostname in [host(files_site["commune"]), *other_hosts(files_site)]:
        response = client.get(media_path(files_site, document), HTTP_HOST=hostname)
        assert response.status_code == 404 and b"%PDF" not in body(response), hostname


def _a_document_of_a_private_collection_is_unreachable_without_its_password(files_site):
    client = Client()
    document = files_site["private"]
    form = client.get(document.url, HTTP_HOST=host(files_site["commune"]))
    assert form.status_code == 200 and b"%PDF" not in body(form) and b'type="password"' in body(form)
    for other in other_hosts(files_site):
        assert client.get(document.url, HTTP_HOST=other).status_code == 404, other
    for hostname in [host(files_site["commune"]), *other_hosts(files_site)]:
        response = client.get(media_path(files_site, document), HTTP_HOST=hostname)
        assert response.status_code == 404 and b"%PDF" not in body(response), hostname


def _an_image_rendition_answers_only_on_its_own_site_with_headers_that_cannot_execute(files_site):
    client = Client()
    url = files_site["rendition"]
    own = host(files_site["commune"])
    assert url.startswith(f"/media/{files_site['commune'].schema_name}/images/")
    served = client.get(url, HTTP_HOST=own)
    assert served.status_code == 200 and body(served).startswith(b"\x89PNG")
    assert served["Content-Type"] == "image/png"
    assert_not_executable(served)
    for other in other_hosts(files_site):
        assert client.get(url, HTTP_HOST=other).status_code == 404, other
    # the sibling's own media prefix does not lead into the commune's files either
    sibling = files_site["sibling"].schema_name
    sneaky = url.replace(f"/media/{files_site['commune'].schema_name}/", f"/media/{sibling}/../")
    commune_schema = files_site["commune"].schema_name
    for path in (sneaky, sneaky.replace("../", f"..%2F{commune_schema}/"), f"/media/{sibling}/%2e%2e/{url[7:]}"):
        assert client.get(path, HTTP_HOST=host(files_site["sibling"])).status_code == 404, path
    # originals stay with the board; the public sees renditions only
    original = f"/media/{files_site['commune'].schema_name}/{files_site['image'].file.name}"
    assert client.get(original, HTTP_HOST=own).status_code == 404
    editor = signed_in(files_site["commune"], "bientap")
    assert editor.get(original, HTTP_HOST=own).status_code == 200
    assert editor.get(original, HTTP_HOST=host(files_site["province"])).status_code == 404


def _an_old_svg_or_html_file_is_served_so_that_it_cannot_run(files_site):
    """Files kept from before the SVG ban: an SVG rendition and an HTML document are downloads with a
    sandbox policy, never a page of the site's origin."""
    own = host(files_site["commune"])
    with tenant_context(files_site["commune"]):
        image = get_image_model()(title="Cũ", width=10, height=10)
        image.file = ContentFile(SVG, name="cu.svg")
        image.save()
        path = image.get_rendition("original").file.name
        document = get_document_model()(title="Trang cũ")
        document.file = ContentFile(b"<html><script>alert(1)</script></html>", name="trang-cu.html")
        document.save()
    connection.set_schema_to_public()
    client = Client()
    svg = client.get(f"/media/{files_site['commune'].schema_name}/{path}", HTTP_HOST=own)
    assert svg.status_code == 200 and svg["Content-Disposition"].startswith("attachment")
    assert_not_executable(svg)
    html = client.get(document.url, HTTP_HOST=own)
    assert html.status_code == 200 and html["Content-Disposition"].startswith("attachment")
    assert_not_executable(html)


def test_files_answer_only_on_their_own_site_through_checked_views(files_site):
    """One set of four sites (provisioning is the slow part), every file case asked of it."""
    _a_public_document_answers_only_through_its_checked_view_on_its_own_site(files_site)
    _a_withdrawn_document_is_unreachable_by_any_url(files_site)
    _a_document_of_a_private_collection_is_unreachable_without_its_password(files_site)
    _an_image_rendition_answers_only_on_its_own_site_with_headers_that_cannot_execute(files_site)
    _an_old_svg_or_html_file_is_served_so_that_it_cannot_run(files_site)


def grant_image_uploads(group_name: str) -> None:
    """Wagtail checks image permissions per collection; the provisioned groups hold only the model
    permissions, so the editor gets them on the root collection here, as a site's head would."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupCollectionPermission

    group = Group.objects.get(name=group_name)
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(content_type__app_label="wagtailimages", codename=codename),
        )


def test_a_board_member_cannot_upload_an_svg_image(commune, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with tenant_context(commune):
        make_board()
        grant_image_uploads("Biên tập viên")
        images = get_image_model()
        before = images.objects.count()
        collection = Collection.get_first_root_node().pk
    editor = signed_in(commune, "bientap")
    svg = SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")
    refused = editor.post(
        "/admin/images/add/", {"title": "Biểu trưng", "file": svg, "collection": collection}, HTTP_HOST=host(commune)
    )
    assert refused.status_code == 200 and "svg" in refused.content.decode().lower()
    multiple = editor.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("logo2.svg", SVG, content_type="image/svg+xml"), "collection": collection},
        HTTP_HOST=host(commune),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert multiple.status_code in (200, 400) and multiple.json()["success"] is False
    with tenant_context(commune):
        assert images.objects.count() == before
    png = SimpleUploadedFile("anh.png", small_png(), content_type="image/png")
    accepted = editor.post(
        "/admin/images/add/", {"title": "Ảnh", "file": png, "collection": collection}, HTTP_HOST=host(commune)
    )
    assert accepted.status_code == 302
    with tenant_context(commune):
        assert images.objects.count() == before + 1


@pytest.mark.parametrize("path", ["/favicon.ico", "/accounts/profile/", "/khong-co-trang-nay/", "/media/public/x.png"])
def test_unknown_paths_on_the_platform_host_are_its_own_404(db, settings, path):
    client = Client(raise_request_exception=False)
    response = client.get(path, HTTP_HOST=settings.PLATFORM_HOST)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_platform_robots_txt_keeps_crawlers_out_of_the_console(db, settings):
    response = Client().get("/robots.txt", HTTP_HOST=settings.PLATFORM_HOST)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Disallow: /" in response.content.decode()


def test_console_staff_land_on_the_console_after_login(db, settings):
    with schema_context("public"):
        get_user_model().objects.create_user(username="cntt", password="Mk-2026-cntt!", is_staff=True)
    client = Client()
    response = client.post("/dang-nhap/", {"username": "cntt", "password": "Mk-2026-cntt!"}, HTTP_HOST="localhost")
    # Password first, then the TOTP second factor (console accounts always); then the console itself.
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/xac-thuc/")
    assert client.get(response["Location"], HTTP_HOST="localhost").status_code == 200  # enrols a device
    with schema_context("public"):
        device = TOTPDevice.objects.get(user__username="cntt")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    done = client.post(response["Location"], {"token": f"{totp.token():0{device.digits}d}"}, HTTP_HOST="localhost")
    # Signed in: the first sign-in (enrolment) shows the recovery codes once, then the console itself.
    assert done.status_code == 200 and "Mã khôi phục" in done.content.decode()
    assert client.get("/", HTTP_HOST=settings.PLATFORM_HOST).status_code == 200


def test_the_demo_binds_to_loopback_unless_asked():
    from pathlib import Path

    script = (Path(__file__).resolve().parent.parent / "bin" / "demo").read_text()
    assert "--host 0.0.0.0" not in script and "DEMO_BIND:-127.0.0.1" in script
