"""Public services after the reform (issue 16 item 3, D15): each service carries its national procedure
code, submission methods, conditions and result, and links to its procedure on the national public service
portal; the home widget shows the share of received dossiers resolved on time in the latest period with a
link to the details; the board imports dossier figures from a CSV export of the national portal in the
admin, all or nothing — wrong columns, an unknown procedure or a negative count store nothing and list the
errors by line."""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django_tenants.utils import tenant_context
from wagtail.models import ModelLogEntry

from sites.models import DossierStatistics, ServicePage
from sites.models.public_services import national_procedure_url
from sites.services.dossiers import IMPORT_ACTION

from . import factories
from .content_helpers import host, make_board, signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]

IMPORT = "/admin/portal/dossiers/import/"
LIST = "/admin/snippets/portal/dossierstatistics/"
HEADER = "Kỳ;Mã thủ tục;Tên thủ tục;Tiếp nhận;Đúng hạn;Trễ hạn;Đang giải quyết;Tỷ lệ đúng hạn (%)"


@pytest.fixture
def services_site(make_tenant):
    """A site with two procedures (one with last month's figures) and the board accounts."""
    tenant = make_tenant("dvcong", name="Tỉnh Dịch Vụ")
    with tenant_context(tenant):
        index = factories.ServiceIndexPageFactory()
        birth = factories.ServicePageFactory(
            parent=index,
            slug="dang-ky-khai-sinh",
            title="Đăng ký khai sinh",
            code="1.001193",
            submission_methods=["in_person", "online", "post"],
            conditions="<p>Trẻ em sinh ra chưa được đăng ký khai sinh.</p>",
            result="Giấy khai sinh (bản chính)",
        )
        factories.ServicePageFactory(parent=index, slug="dang-ky-ket-hon", title="Đăng ký kết hôn", code="1.000894")
        factories.DossierStatisticsFactory(
            service=birth,
            period_start=datetime.date(2026, 9, 1),
            period_end=datetime.date(2026, 9, 30),
            received=40,
            processed=30,
            on_time=29,
            late=1,
        )
        make_board()
    return tenant


def upload(tenant, content: str | bytes, username: str = "bientap", name: str = "dvc.csv", client=None):
    data = content.encode("utf-8") if isinstance(content, str) else content
    client = client or signed_in(tenant, username)
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data, "text/csv")}, HTTP_HOST=host(tenant))


def figures(tenant) -> list[tuple]:
    with tenant_context(tenant):
        return list(
            DossierStatistics.objects.order_by("service__code", "period_start").values_list(
                "service__code", "period_start", "period_end", "received", "processed", "on_time", "late", "pending"
            )
        )


def problems(response) -> list[str]:
    body = response.content.decode()
    block = body[body.index('id="import-problems"') : body.index("</div>", body.index('id="import-problems"'))]
    return [re.sub(r"\s+", " ", item).strip() for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


# --- the procedure's fields and the national link -------------------------------------------------------


def test_the_service_page_shows_the_procedure_fields_and_links_to_the_national_portal(client, services_site):
    body = client.get("/dich-vu-cong/dang-ky-khai-sinh/", HTTP_HOST=host(services_site)).content.decode()
    facts = body[body.index('<dl class="facts">') : body.index("</dl>")]
    assert "<dt>Mã thủ tục</dt><dd>1.001193</dd>" in facts
    assert "<dt>Cách thức thực hiện</dt><dd>Trực tiếp; Trực tuyến; Qua dịch vụ bưu chính</dd>" in facts
    assert "<dt>Kết quả thực hiện</dt><dd>Giấy khai sinh (bản chính)</dd>" in facts
    assert "<h2>Điều kiện thực hiện</h2>" in body and "chưa được đăng ký khai sinh" in body
    link = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193"
    assert (
        f'<a href="{link}" rel="noopener external" hreflang="vi">Thủ tục 1.001193 trên Cổng Dịch vụ công quốc gia</a>'
        in body
    )
    # A page made before the reform (no methods, conditions or result) still shows, without empty headings.
    other = client.get("/dich-vu-cong/dang-ky-ket-hon/", HTTP_HOST=host(services_site)).content.decode()
    assert "Cách thức thực hiện" not in other and "Điều kiện thực hiện" not in other and "ma_thu_tuc=1.000894" in other


def test_the_board_edits_the_methods_as_check_boxes(services_site):
    with tenant_context(services_site):
        pk = ServicePage.objects.get(code="1.001193").pk
    form = signed_in(services_site, "bientap").get(f"/admin/pages/{pk}/edit/", HTTP_HOST=host(services_site))
    body = form.content.decode()
    boxes = re.findall(r'<input type="checkbox" name="submission_methods" value="(\w+)"[^>]*?( checked)?>', body)
    assert boxes == [("in_person", " checked"), ("online", " checked"), ("post", " checked")], boxes
    assert 'name="conditions"' in body and 'name="result"' in body


def test_the_national_link_comes_from_one_setting():
    assert national_procedure_url("") == ""
    with override_settings(NATIONAL_PUBLIC_SERVICE_URL="https://dvc.example/tthc/{code}/"):
        assert national_procedure_url("2.000815") == "https://dvc.example/tthc/2.000815/"
        assert ServicePage(code="1.001193").national_url() == "https://dvc.example/tthc/1.001193/"


def test_the_procedure_code_is_digits_and_dots_and_unique_on_the_site(services_site):
    with tenant_context(services_site):
        index = ServicePage.objects.get(code="1.001193").get_parent()
        for wrong in ("1.001193a", "TTHC-01", "1..2", ".1"):
            page = ServicePage(title="Thử", slug="thu", code=wrong, agency="UBND xã", processing_time="1 ngày")
            with pytest.raises(ValidationError) as error:
                page.clean_fields(exclude=[f.name for f in ServicePage._meta.fields if f.name != "code"])
            assert "chữ số và dấu chấm" in str(error.value)
        twin = ServicePage(
            title="Khai sinh bản sao", slug="ban-sao", code="1.001193", locale=index.locale,
            depth=index.depth + 1, path=index.path + "9999",
        )  # fmt: skip
        with pytest.raises(ValidationError) as error:
            twin.clean()
        assert "1.001193 đã có" in str(error.value)
        ServicePage.objects.get(code="1.001193").clean()  # the page itself: not a duplicate of itself


# --- the CSV import, signed in as a board member ---------------------------------------------------------


def test_the_board_imports_a_csv_export(services_site):
    content = "\ufeff" + "\n".join(
        [
            HEADER,
            "10/2026;1.001193;Đăng ký khai sinh;52;47;3;2;90,4",
            "10/2026;;Đăng ký kết hôn;12;12;0;;100",
            "09/2026;1.001193;Đăng ký khai sinh;41;30;1;0;73,2",  # replaces September's typed figures
        ]
    )
    board = signed_in(services_site, "bientap")
    response = upload(services_site, content, client=board)
    assert response.status_code == 302 and response["Location"] == LIST
    page = board.get(LIST, HTTP_HOST=host(services_site)).content.decode()
    assert "Đã nhập 3 dòng số liệu (2 mới, 1 cập nhật)." in page
    assert "Nhập từ tệp CSV" in page  # the button on the list screen
    sep, octo = (datetime.date(2026, 9, 1), datetime.date(2026, 9, 30)), (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))  # fmt: skip
    assert figures(services_site) == [
        ("1.000894", *octo, 12, 12, 12, 0, 0),
        ("1.001193", *sep, 41, 31, 30, 1, 0),
        ("1.001193", *octo, 52, 50, 47, 3, 2),
    ]
    with tenant_context(services_site):
        entries = ModelLogEntry.objects.filter(action=IMPORT_ACTION)
        assert entries.count() == 3 and {entry.user.username for entry in entries} == {"bientap"}
        assert all(entry.data["file"] == "dvc.csv" and entry.timestamp for entry in entries)


def test_comma_separated_with_dates_is_read_too(services_site):
    content = "Từ ngày,Đến ngày,Mã thủ tục,Tiếp nhận,Đúng hạn,Trễ hạn\n01/10/2026,31/10/2026,1.000894,5,4,1\n"
    assert upload(services_site, content).status_code == 302
    assert ("1.000894", datetime.date(2026, 10, 1), datetime.date(2026, 10, 31), 5, 5, 4, 1, 0) in figures(
        services_site
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "Kỳ;Mã thủ tục;Số hồ sơ;Đúng hạn\n10/2026;1.001193;5;5\n",
            ["Dòng 1: cột “Số hồ sơ” không thuộc mẫu nhập.", "Dòng 1: thiếu cột: Tiếp nhận; Trễ hạn."],
        ),
        (
            f"{HEADER}\n10/2026;1.001193;;52;47;-3;2;\n10/2026;1.000894;;12;1,5;0;;\n",
            [
                "Dòng 2: “Trễ hạn” là số âm (-3): số hồ sơ không thể âm.",
                "Dòng 3: “Đúng hạn” phải là số nguyên không âm, không phải “1,5”.",
            ],
        ),
        (
            f"{HEADER}\n10/2026;1.001193;;52;47;3;2;\n10/2026;9.999999;;1;1;0;0;\n11/2026;;Cấp giấy phép lái xe;1;1;0;0;\n",
            [
                "Dòng 3: không có thủ tục mã “9.999999” trên trang này.",
                "Dòng 4: không có thủ tục “Cấp giấy phép lái xe” trên trang này.",
            ],
        ),
    ],
    ids=["wrong columns", "negative and non-integer counts", "unknown procedure"],
)
def test_a_wrong_file_stores_nothing_and_lists_the_errors_by_line(services_site, content, expected):
    before = figures(services_site)
    response = upload(services_site, content)
    assert response.status_code == 400
    assert problems(response) == expected
    assert "chưa lưu dòng nào" in response.content.decode()
    assert figures(services_site) == before  # the valid row of the same file was not stored either
    with tenant_context(services_site):
        assert not ModelLogEntry.objects.filter(action=IMPORT_ACTION).exists()


def test_a_file_that_is_not_utf8_or_empty_is_refused_with_a_message(services_site):
    before = figures(services_site)
    for content, message in (
        ("Kỳ;Mã thủ tục\n".encode("utf-16"), "không phải văn bản UTF-8"),
        (b"\xef\xbb\xbf\n\n", "Tệp không có dữ liệu."),
        (f"{HEADER}\n".encode(), "chỉ có dòng tiêu đề"),
        (f'{HEADER}\n10/2026;"1.001193"x;;1;1;0;0;\n'.encode(), "Dòng 2: dòng không đọc được"),
    ):
        response = upload(services_site, content)
        assert response.status_code == 400 and message in response.content.decode(), message
    assert upload(services_site, b"").status_code == 200  # an empty upload: the form's own message
    assert figures(services_site) == before


def test_only_the_board_imports(services_site):
    with tenant_context(services_site):
        from .content_helpers import make_user

        make_user("khach")  # staff, no group: may not change the figures
    response = upload(services_site, f"{HEADER}\n10/2026;1.001193;;1;1;0;0;\n", username="khach")
    assert response.status_code in (302, 403) and response.status_code != 200
    assert len(figures(services_site)) == 1


# --- the home widget -----------------------------------------------------------------------------------


def test_the_home_widget_shows_the_share_resolved_on_time_of_the_latest_period(client, services_site):
    rows = [("1.001193", 52, 47, 3), ("1.000894", 17, 14, 2)]
    with tenant_context(services_site):
        for code, received, on_time, late in rows:
            factories.DossierStatisticsFactory(
                service=ServicePage.objects.get(code=code),
                period_start=datetime.date(2026, 10, 1),
                period_end=datetime.date(2026, 10, 31),
                received=received,
                processed=on_time + late,
                on_time=on_time,
                late=late,
            )
    body = client.get("/", HTTP_HOST=host(services_site)).content.decode()
    received = sum(row[1] for row in rows)
    on_time = sum(row[2] for row in rows)
    expected = (Decimal(on_time) * 100 / Decimal(received)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert str(expected) == "88.4"  # 61 of 69 (September's figures are not the latest period)
    rate = re.search(r'data-stat="resolved_rate">([^<]+)<', body)[1]
    assert rate == f"{expected}%".replace(".", ",")
    assert "61/69 hồ sơ tiếp nhận, 01/10/2026 – 31/10/2026" in body
    assert 'href="/tong-hop-dich-vu-cong/"' in body


# --- who changed the figures, and when (issue 15 item 2) --------------------------------------------------


def test_an_edit_and_an_import_by_the_head_are_logged_and_shown_in_the_history(services_site):
    """The head (Trưởng ban) corrects a period's figures in the admin's form, then imports a file: each
    leaves a log entry naming the account and the time, and the item's history screen lists both in
    Vietnamese."""
    with tenant_context(services_site):
        row = DossierStatistics.objects.get()
        service_id = row.service_id
    head = signed_in(services_site, "truongban")
    edit = f"{LIST}edit/{row.pk}/"
    form = {
        "service": service_id,
        "period_start": "2026-09-01",
        "period_end": "2026-09-30",
        "received": 41,
        "processed": 31,
        "on_time": 29,
        "late": 2,
        "pending": 0,
    }
    response = head.post(edit, form, HTTP_HOST=host(services_site))
    assert response.status_code == 302, response.content.decode()[:3000]
    response = upload(services_site, f"{HEADER}\n09/2026;1.001193;;42;30;2;0;\n", client=head)
    assert response.status_code == 302
    with tenant_context(services_site):
        row.refresh_from_db()
        assert (row.received, row.on_time, row.late) == (42, 30, 2)
        entries = list(ModelLogEntry.objects.for_instance(row).order_by("timestamp"))
        assert [entry.action for entry in entries] == ["wagtail.edit", IMPORT_ACTION]
        assert {entry.user.username for entry in entries} == {"truongban"}
        assert all(entry.timestamp for entry in entries)

    history = head.get(f"{LIST}history/{row.pk}/", HTTP_HOST=host(services_site), HTTP_ACCEPT_LANGUAGE="vi")
    assert history.status_code == 200
    body = history.content.decode()
    assert "Lịch sử" in body
    assert "Nhập số liệu từ tệp CSV" in body and "truongban" in body
    assert "Đã sửa" in body and "Đã nhập số liệu từ tệp CSV" in body  # the two actions, each with its time
    assert "vừa xong" in body.lower()
    for english in ("Edited", "Just now", "updated."):
        assert english not in body, english
