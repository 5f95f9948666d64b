"""Citizen rating (D23): the form, its protections, and the results per month."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django_tenants.utils import tenant_context

from participation.models import SiteRating
from participation.services.ratings import monthly_results

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]
VN = ZoneInfo("Asia/Ho_Chi_Minh")
GOOD = {"interface": "5", "content": "4", "quality": "4", "support": "3", "comment": "Trang dễ dùng."}


def ratings(tenant):
    with tenant_context(tenant):
        return list(SiteRating.objects.all())


def test_a_citizen_rates_the_site(client, province):
    host = province.primary_hostname
    form = client.get("/danh-gia-trang/", HTTP_HOST=host)
    assert form.status_code == 200 and "Giao diện" in form.content.decode()
    response = client.post("/danh-gia-trang/", GOOD, HTTP_HOST=host, follow=True)
    assert response.status_code == 200 and "Cảm ơn bạn đã đánh giá" in response.content.decode()
    [rating] = ratings(province)
    assert (rating.interface, rating.content, rating.quality, rating.support) == (5, 4, 4, 3)


@pytest.mark.parametrize(
    "changes",
    [
        {"interface": "6"},
        {"support": "0"},
        {"content": ""},
        {"quality": "năm"},
        {"comment": "<script>x</script>"},
        {"comment": "z" * 2001},
        {"website": "http://spam"},
    ],
)
def test_bad_ratings_are_refused_and_nothing_stored(client, province, changes):
    response = client.post("/danh-gia-trang/", {**GOOD, **changes}, HTTP_HOST=province.primary_hostname)
    assert response.status_code == 400 and "Đánh giá chưa được gửi" in response.content.decode()
    assert ratings(province) == []


@override_settings(PARTICIPATION_RATE_LIMITS={"rating": (1, 3600)})
def test_ratings_are_rate_limited_per_ip(client, province):
    host = province.primary_hostname
    assert client.post("/danh-gia-trang/", GOOD, HTTP_HOST=host).status_code == 303
    assert client.post("/danh-gia-trang/", GOOD, HTTP_HOST=host).status_code == 429
    assert len(ratings(province)) == 1


def test_results_per_month_average_and_count(province):
    rows = [
        (datetime(2026, 9, 30, 23, 30, tzinfo=VN), (5, 5, 5, 5)),  # still September in Vietnam
        (datetime(2026, 9, 2, 8, 0, tzinfo=VN), (3, 4, 2, 1)),
        (datetime(2026, 10, 1, 0, 30, tzinfo=VN), (4, 4, 4, 4)),  # 30/09 17:30 UTC, but October locally
    ]
    with tenant_context(province):
        for when, (a, b, c, d) in rows:
            SiteRating.objects.create(interface=a, content=b, quality=c, support=d, submitted_at=when)
        october, september = monthly_results()
    assert (october["month"].month, october["count"], october["overall"]) == (10, 1, 4.0)
    assert (september["month"].month, september["count"]) == (9, 2)
    scores = tuple(september[name] for name in ("interface", "content", "quality", "support"))
    assert scores == (4.0, 4.5, 3.5, 3.0)
    assert september["overall"] == 3.75


def test_monthly_report_in_the_admin_is_for_the_board_only(province):
    with tenant_context(province):
        SiteRating.objects.create(interface=2, content=3, quality=4, support=5)
        member = get_user_model().objects.create_user("truongban", password="x", is_staff=True)
        member.groups.add(Group.objects.get(name="Trưởng ban"))
        outsider = get_user_model().objects.create_user("khach", password="x", is_staff=True)
        outsider.groups.add(Group.objects.get(name="Biên tập viên"))
        outsider.groups.clear()
        board, other = Client(), Client()
        board.force_login(member)
        other.force_login(outsider)
    host = province.primary_hostname
    report = board.get("/admin/bao-cao/danh-gia/", HTTP_HOST=host)
    assert report.status_code == 200 and "3,50" in report.content.decode()
    assert other.get("/admin/bao-cao/danh-gia/", HTTP_HOST=host).status_code in (302, 403)


@override_settings(PARTICIPATION_RATE_LIMITS={"rating": (1, 3600)})
def test_a_rating_redirects_a_reload_files_nothing_and_failures_are_not_counted(client, province):
    host = province.primary_hostname
    failed = client.post("/danh-gia-trang/", {**GOOD, "interface": "6"}, HTTP_HOST=host)
    html = failed.content.decode()
    assert failed.status_code == 400 and "data-error-summary" in html and 'href="#id_interface_0"' in html
    posted = client.post("/danh-gia-trang/", GOOD, HTTP_HOST=host)
    assert posted.status_code == 303 and posted["Location"] == "/danh-gia-trang/"
    assert "Cảm ơn bạn đã đánh giá" in client.get("/danh-gia-trang/", HTTP_HOST=host).content.decode()
    assert client.get("/danh-gia-trang/", HTTP_HOST=host).status_code == 200  # reload
    assert len(ratings(province)) == 1
