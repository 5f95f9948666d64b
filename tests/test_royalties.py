"""Nhuận bút, thù lao (issue 15 items 4 and 7): the province's scales in the console, the head's
grading of published pages in the site admin, revocation on unpublish, and the period statements
(printable page, CSV, ``manage.py royalties statement``) checked against an independent Decimal sum."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from intake.models import Submission
from royalties.grading.models import Grade
from royalties.models import RoyaltyCategory, RoyaltyScale, SiteScale
from royalties.services import grading, scales
from royalties.services.errors import RoyaltyError
from royalties.services.people import Person, contributors_of
from royalties.services.statement import build_statement
from sites.models import NewsIndexPage, NewsPage

from .console_helpers import HOST, console_staff, verified_login
from .content_helpers import add_index, host, make_board, signed_in

pytestmark = pytest.mark.django_db

UNIT = Decimal("115000")
TIN_PERCENT = Decimal("66.67")  # on component sites
PHOTO = Decimal("150000")
PHOTO_PERCENT = Decimal("50")
ZONE = datetime.timezone(datetime.timedelta(hours=7))


def at(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 9, 30, tzinfo=ZONE)


def expected(coefficient: Decimal | None, percent: Decimal, fixed: Decimal | None = None) -> Decimal:
    base = fixed if fixed is not None else coefficient * UNIT
    return (base * percent / Decimal(100)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


@pytest.fixture
def scale():
    with schema_context("public"):
        made = RoyaltyScale.objects.create(name="Khung Sơn Hùng 2026", unit_value=UNIT, is_default=True)
        RoyaltyCategory.objects.create(
            scale=made, code="tin", name="Tin", min_coefficient=1, max_coefficient=3, component_percentage=TIN_PERCENT
        )
        RoyaltyCategory.objects.create(
            scale=made, code="bai-viet", name="Bài viết", min_coefficient=2, max_coefficient=5
        )
        RoyaltyCategory.objects.create(
            scale=made, code="anh", name="Ảnh", fixed_amount=PHOTO, component_percentage=PHOTO_PERCENT
        )
    return made


def publish_news(slug: str, title: str, owner_name: str = "bientap", first_published: datetime.datetime | None = None):
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.get(username=owner_name)
    index = NewsIndexPage.objects.first() or add_index(NewsIndexPage, "tin-tuc", "Tin tức")
    page = NewsPage(title=title, slug=slug, summary="Tóm tắt.", source="Ban Biên tập", owner=owner)
    index.add_child(instance=page)
    page.save_revision(user=owner).publish()
    if first_published:
        NewsPage.objects.filter(pk=page.pk).update(first_published_at=first_published)
        page.refresh_from_db()
    return page


@pytest.fixture
def site(commune, scale):
    from django.contrib.auth import get_user_model

    with tenant_context(commune):
        make_board()
        get_user_model().objects.filter(username="bientap").update(first_name="Hà Thị", last_name="Lan")
    return commune


def test_a_scale_amount_uses_the_component_percentage_and_rounds_half_up(site, province, scale):
    with schema_context("public"):
        tin = scale.categories.get(code="tin")
        photo = scale.categories.get(code="anh")
    # 1,5 × 115 000 × 66,67 % = 115 005,75 → 115 006 on a commune; the whole 172 500 on the province
    assert (
        scales.amount_for(scale, tin, "1.5", site).amount == Decimal("115006") == expected(Decimal("1.5"), TIN_PERCENT)
    )
    assert scales.amount_for(scale, tin, Decimal("1.5"), province).amount == Decimal("172500")
    assert scales.amount_for(scale, photo, None, site).amount == Decimal("75000")
    assert scales.scale_for(site) == scale  # the province's default
    with schema_context("public"):
        other = RoyaltyScale.objects.create(name="Khung riêng", unit_value=Decimal("90000"))
    scales.set_site_scale(site, other)
    assert scales.scale_for(site) == other and scales.scale_for(province) == scale


def test_bad_figures_are_refused_with_a_clear_message(site, scale):
    with schema_context("public"):
        tin = scale.categories.get(code="tin")
    with pytest.raises(RoyaltyError, match="ngoài khoảng 1.00–3.00"):
        scales.amount_for(scale, tin, "3.5", site)
    with pytest.raises(RoyaltyError, match="không được âm"):
        scales.amount_for(scale, tin, "-1", site)
    with pytest.raises(RoyaltyError, match="không được âm"):
        scales.check_category(None, None, Decimal("-5000"))
    with pytest.raises(RoyaltyError, match="lớn hơn"):
        scales.check_category(Decimal("3"), Decimal("1"), None)


def test_province_it_edits_a_scale_with_its_categories_in_the_console(site, scale):
    client = verified_login(Client(), console_staff())
    listing = client.get("/nhuan-but/", **HOST)
    assert listing.status_code == 200 and "Khung Sơn Hùng 2026" in listing.content.decode()
    form = {
        "name": "Khung Phú An",
        "unit_value": "-100",
        "is_default": "on",
        "categories-TOTAL_FORMS": "2",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
        "categories-0-code": "dich",
        "categories-0-name": "Dịch",
        "categories-0-min_coefficient": "1",
        "categories-0-max_coefficient": "2",
        "categories-0-component_percentage": "80",
        "categories-1-code": "dang-van-ban",
        "categories-1-name": "Đăng văn bản",
        "categories-1-fixed_amount": "50000",
    }
    refused = client.post("/nhuan-but/tao-moi/", form, **HOST)
    assert refused.status_code == 400 and "Giá trị một hệ số không được âm (đã nhập -100)." in refused.content.decode()
    with schema_context("public"):
        assert not RoyaltyScale.objects.filter(name="Khung Phú An").exists()
    saved = client.post("/nhuan-but/tao-moi/", {**form, "unit_value": "120000"}, **HOST)
    assert saved.status_code == 302
    with schema_context("public"):
        new = RoyaltyScale.objects.get(name="Khung Phú An")
        assert new.is_default and not RoyaltyScale.objects.get(pk=scale.pk).is_default  # one default
        assert [(c.code, c.min_coefficient, c.fixed_amount, c.component_percentage) for c in new.categories.all()] == [
            ("dang-van-ban", None, Decimal("50000"), None),
            ("dich", Decimal("1.00"), None, Decimal("80.00")),
        ]
    page = client.get(f"/don-vi/{site.path}/", **HOST)
    assert "Khung nhuận bút" in page.content.decode() and "Khung Phú An" in page.content.decode()
    chosen = client.post(f"/nhuan-but/don-vi/{site.path}/", {"scale": scale.pk}, **HOST)
    assert chosen.status_code == 302
    with schema_context("public"):
        assert SiteScale.objects.get(tenant=site).scale == scale


def test_the_scale_screens_need_a_verified_console_account(site, scale):
    anonymous = Client().get("/nhuan-but/", **HOST)
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]
    password_only = Client()
    password_only.force_login(console_staff("cntt2"))  # no second factor
    assert password_only.get(f"/nhuan-but/{scale.pk}/", **HOST).status_code == 302
    refused = password_only.post(f"/nhuan-but/don-vi/{site.path}/", {"scale": ""}, **HOST)
    assert refused.status_code == 302 and "/dang-nhap/" in refused["Location"]
    with schema_context("public"):
        assert not SiteScale.objects.exists()


def test_the_head_grades_a_published_page_in_the_admin_and_an_editor_cannot(site, scale):
    with tenant_context(site):
        page = publish_news("le-hoi", "Lễ hội đền Sơn Hùng")
        draft = NewsPage(title="Bản nháp", slug="ban-nhap", summary="Tóm tắt.", source="Ban Biên tập", live=False)
        NewsIndexPage.objects.first().add_child(instance=draft)
        draft.save_revision()
    post = {
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-category": "tin",
        "lines-0-coefficient": "1.5",
    }
    editor = signed_in(site, "bientap")  # Wagtail answers a refused admin view with a redirect to the dashboard
    for refused in (
        editor.get("/admin/nhuan-but/", HTTP_HOST=host(site)),
        editor.post(f"/admin/nhuan-but/cham/{page.pk}/", post, HTTP_HOST=host(site)),
    ):
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert "/admin/nhuan-but/" not in editor.get("/admin/", HTTP_HOST=host(site)).content.decode()  # no menu item
    with tenant_context(site):
        assert not Grade.objects.exists()
    head = signed_in(site, "truongban")
    assert "/admin/nhuan-but/" in head.get("/admin/", HTTP_HOST=host(site)).content.decode()
    listing = head.get("/admin/nhuan-but/", HTTP_HOST=host(site)).content.decode()
    assert "Lễ hội đền Sơn Hùng" in listing and "Bản nháp" not in listing
    form = head.get(f"/admin/nhuan-but/cham/{page.pk}/", HTTP_HOST=host(site)).content.decode()
    assert "Hà Thị Lan" in form  # no contributors relation yet: the owner, by full name
    out_of_range = head.post(
        f"/admin/nhuan-but/cham/{page.pk}/", {**post, "lines-0-coefficient": "4"}, HTTP_HOST=host(site)
    )
    assert out_of_range.status_code == 400 and "ngoài khoảng" in out_of_range.content.decode()
    negative = head.post(
        f"/admin/nhuan-but/cham/{page.pk}/", {**post, "lines-0-coefficient": "-1"}, HTTP_HOST=host(site)
    )
    assert negative.status_code == 400 and "Hệ số không được âm (đã nhập -1)." in negative.content.decode()
    unpublished = head.post(f"/admin/nhuan-but/cham/{draft.pk}/", post, HTTP_HOST=host(site))
    assert unpublished.status_code == 400 and "chưa xuất bản" in unpublished.content.decode()
    with tenant_context(site):
        assert not Grade.objects.exists()
    done = head.post(f"/admin/nhuan-but/cham/{page.pk}/", post, HTTP_HOST=host(site))
    assert done.status_code == 302
    with tenant_context(site):
        [grade] = Grade.objects.all()
        assert (grade.contributor, grade.category_code, grade.coefficient, grade.amount) == (
            "Hà Thị Lan",
            "tin",
            Decimal("1.50"),
            expected(Decimal("1.5"), TIN_PERCENT),
        )
        assert grade.graded_by.username == "truongban"
    listing = head.get("/admin/nhuan-but/", HTTP_HOST=host(site)).content.decode()
    assert "Đã chấm nhuận bút trang “Lễ hội đền Sơn Hùng”." in listing
    assert f"/admin/nhuan-but/cham/{page.pk}/" not in listing  # graded: no longer waiting
    assert "Lễ hội đền Sơn Hùng" in head.get("/admin/nhuan-but/da-cham/", HTTP_HOST=host(site)).content.decode()
    again = head.post(f"/admin/nhuan-but/cham/{page.pk}/", post, HTTP_HOST=host(site))
    assert again.status_code == 400 and "đã được chấm" in again.content.decode()


def test_contributors_come_from_the_contributors_relation_when_it_has_rows():
    rows = [SimpleNamespace(name="Lò Văn Thắng", role="author", user=None),
            SimpleNamespace(name="", role="photographer", user=SimpleNamespace(get_full_name=lambda: "Đinh Thị Mai", get_username=lambda: "mai"))]  # fmt: skip
    page = SimpleNamespace(contributors=SimpleNamespace(all=lambda: rows), owner=None)
    assert contributors_of(page) == [Person("Lò Văn Thắng", "author"), Person("Đinh Thị Mai", "photographer")]
    assert Person("Trường Tiểu học Sơn Hùng", "supplier").is_unit and not Person("Lò Văn Thắng").is_unit
    empty = SimpleNamespace(
        contributors=SimpleNamespace(all=lambda: []),
        owner=SimpleNamespace(get_full_name=lambda: "", get_username=lambda: "an"),
    )
    assert contributors_of(empty) == [Person("an", "author")]


@pytest.fixture
def graded_site(site, scale, monkeypatch):
    """October: page A graded; November: page B graded (two lines), page A unpublished; December: C graded."""
    from django.contrib.auth import get_user_model

    with tenant_context(site):
        head = get_user_model().objects.get(username="truongban")
        a = publish_news("a", "Tin tháng mười", first_published=at(10, 5))
        b = publish_news("b", "Phóng sự tháng mười một", first_published=at(11, 3))
        c = publish_news("c", "Tin tháng mười hai")
        lan, mai = Person("Hà Thị Lan"), Person("Đinh Thị Mai", "photographer")
        grading.grade_page(a, [grading.GradeLine(lan, "tin", "2.25")], head, site, when=at(10, 15))
        grading.grade_page(
            b, [grading.GradeLine(lan, "bai-viet", "3.3"), grading.GradeLine(mai, "anh")], head, site, when=at(11, 20)
        )
        grading.grade_page(c, [grading.GradeLine(lan, "tin", "1")], head, site)
        monkeypatch.setattr(timezone, "now", lambda: at(11, 25))
        a.unpublish(user=head)  # Wagtail's page_unpublished → A's grade revoked on 25/11
        monkeypatch.undo()
        Submission.objects.create(tracking_code="RB-1", sender_name="Lò Văn Thắng", sender_email="t@example.vn",
                                  organisation="Trường Tiểu học Sơn Hùng", title="Khai giảng", body="…",
                                  received_at=at(11, 2), status="accepted", handled_at=at(11, 4))  # fmt: skip
        Submission.objects.create(tracking_code="RB-2", sender_name="Lò Văn Thắng", sender_email="t@example.vn",
                                  title="Mùa gặt", body="…", received_at=at(11, 12))  # fmt: skip
    return site


def test_unpublishing_revokes_and_the_statement_adds_a_negative_adjustment(graded_site):
    a_amount = expected(Decimal("2.25"), TIN_PERCENT)
    b_article = expected(Decimal("3.3"), Decimal(100))
    b_photo = expected(None, PHOTO_PERCENT, fixed=PHOTO)
    c_amount = expected(Decimal("1"), TIN_PERCENT)
    with tenant_context(graded_site):
        assert Grade.objects.get(page_title="Tin tháng mười").revoked_at == at(11, 25)
        october = build_statement(graded_site, "2026-10")
        november = build_statement(graded_site, "2026-11")
        quarter = build_statement(graded_site, "2026-Q4")
    assert october.total == a_amount  # graded in October, revoked later: it stays in October's statement
    mai, lan = november.sections  # in Vietnamese order: Đ with D, before H
    assert (lan.name, mai.name) == ("Hà Thị Lan", "Đinh Thị Mai")
    assert [(line.amount, line.adjustment) for line in lan.lines] == [(b_article, False), (-a_amount, True)]
    assert (lan.items, lan.grades, lan.adjustments, lan.amount) == (1, 1, 1, b_article - a_amount)
    assert mai.amount == b_photo == Decimal("75000")
    assert november.total == b_article + b_photo - a_amount
    assert quarter.total == b_article + b_photo + c_amount  # A graded and revoked within Q4: nets out
    counted = {
        (entry.name, entry.kind): (entry.submitted, entry.accepted, entry.published) for entry in november.contributions
    }
    assert counted == {
        ("Lò Văn Thắng", "person"): (2, 1, 0),
        ("Trường Tiểu học Sơn Hùng", "unit"): (1, 1, 0),
        ("Hà Thị Lan", "person"): (0, 0, 1),
    }


def test_published_items_are_counted_per_person_and_per_unit_of_the_contributors(graded_site, monkeypatch):
    from royalties.services import statement

    credits = [Person("Hà Thị Lan"), Person("Đinh Thị Mai", "photographer"), Person("Đài Truyền thanh xã", "supplier")]
    monkeypatch.setattr(statement, "contributors_of", lambda page: credits)
    with tenant_context(graded_site):
        counted = {(e.name, e.kind): e.published for e in build_statement(graded_site, "2026-11").contributions}
    assert counted[("Đài Truyền thanh xã", "unit")] == counted[("Đinh Thị Mai", "person")] == 1  # page B only


def test_statement_page_csv_and_command(graded_site):
    expected_total = expected(Decimal("3.3"), Decimal(100)) + Decimal("75000") - expected(Decimal("2.25"), TIN_PERCENT)
    head = signed_in(graded_site, "truongban")
    page = head.get("/admin/nhuan-but/bang-ke/?ky=2026-11", HTTP_HOST=host(graded_site))
    html = page.content.decode()
    assert page.status_code == 200 and "Điều chỉnh: gỡ xuất bản" in html and f"{expected_total} đồng" in html
    editor = signed_in(graded_site, "bientap").get("/admin/nhuan-but/bang-ke/?ky=2026-11", HTTP_HOST=host(graded_site))
    assert (editor.status_code, editor["Location"]) == (302, "/admin/")
    download = head.get("/admin/nhuan-but/bang-ke/?ky=2026-11&format=csv", HTTP_HOST=host(graded_site))
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    lines = [row for row in rows if row and row[0] in ("grade", "adjustment")]
    assert sum(Decimal(row[7]) for row in lines) == expected_total
    assert [row for row in rows if row and row[0] == "total"][0][7] == str(expected_total)
    assert [row[0] for row in lines].count("adjustment") == 1
    out = io.StringIO()
    call_command("royalties", "statement", graded_site.path, "--period", "2026-11", "--format", "csv", stdout=out)
    assert list(csv.reader(io.StringIO(out.getvalue()))) == rows
    text = io.StringIO()
    call_command("royalties", "statement", graded_site.path, "--period", "2026-11", stdout=text)
    assert "Hà Thị Lan" in text.getvalue() and "điều chỉnh" in text.getvalue()
    assert f"Tổng cộng: {expected_total:,.0f}".replace(",", ".") in text.getvalue()


def test_a_future_period_or_an_unknown_site_is_an_error_and_nothing_is_written(graded_site):
    future = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).strftime("%Y-%m")
    out = io.StringIO()
    with pytest.raises(CommandError, match="chưa đến"):
        call_command("royalties", "statement", graded_site.path, "--period", future, stdout=out)
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("royalties", "statement", graded_site.path, "--period", "2026-13", stdout=out)
    with pytest.raises(CommandError, match="Không có trang"):
        call_command("royalties", "statement", "khong-co", "--period", "2026-11", stdout=out)
    assert out.getvalue() == ""
    head = signed_in(graded_site, "truongban")
    refused = head.get(f"/admin/nhuan-but/bang-ke/?ky={future}&format=csv", HTTP_HOST=host(graded_site))
    assert refused.status_code == 400 and "chưa đến" in refused.content.decode()
