"""Working-day calendar: seeded holidays, deadline arithmetic, editing by province IT, cache."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import override_settings
from django_tenants.utils import schema_context
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.console_helpers import verified_login
from tests.participation_helpers import CLOSED_PORT_CACHE
from workdays.models import CompensatoryWorkday, PublicHoliday
from workdays.services import add_working_days, get_calendar, is_working_day, working_days_between

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("participation_redis")]


def test_seeded_calendar_has_the_announced_2025_and_2026_days_off():
    days = set(PublicHoliday.objects.values_list("date", flat=True))
    # Tết Ất Tỵ 2025: Mon 27/01 – Fri 31/01; Tết Bính Ngọ 2026: Mon 16/02 – Fri 20/02
    assert {date(2025, 1, d) for d in range(27, 32)} <= days
    assert {date(2026, 2, d) for d in range(16, 21)} <= days
    # Giỗ Tổ Hùng Vương (10/3 âm lịch): Mon 07/04/2025; 2026 falls on Sunday 26/04 → Monday 27/04 off
    assert {date(2025, 4, 7), date(2026, 4, 27), date(2027, 4, 16)} <= days
    assert {date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2), date(2025, 9, 1), date(2025, 9, 2)} <= days
    assert {date(2026, 1, 1), date(2026, 1, 2), date(2026, 4, 30), date(2026, 5, 1), date(2026, 9, 2)} <= days
    # Make-up Saturdays for the swapped days off
    assert set(CompensatoryWorkday.objects.values_list("date", flat=True)) >= {date(2025, 4, 26), date(2026, 1, 10)}


def test_deadline_of_a_question_before_tet_2026_lands_after_the_holiday():
    # Received Tuesday 10/02/2026: 3 working days before Tết, none during 16–20/02, then 12 more.
    assert add_working_days(date(2026, 2, 10), 15) == date(2026, 3, 10)
    # Without the holiday it would have been five working days earlier
    assert add_working_days(date(2026, 2, 10), 15) - timedelta(days=7) == date(2026, 3, 3)
    assert working_days_between(date(2026, 2, 10), date(2026, 3, 10)) == 15


def test_weekends_holidays_and_make_up_saturdays():
    assert not is_working_day(date(2026, 2, 17))  # mùng 1 Tết
    assert not is_working_day(date(2026, 2, 14))  # Saturday
    assert is_working_day(date(2025, 4, 26))  # make-up Saturday
    assert not is_working_day(date(2025, 5, 2))  # swapped Friday off
    assert add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)  # Friday + 1 = make-up Saturday
    assert add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)  # across 30/4–4/5
    assert add_working_days(date(2026, 3, 6), 0) == date(2026, 3, 6)
    assert working_days_between(date(2026, 3, 10), date(2026, 2, 10)) == -15
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 6), -1)


@hsettings(max_examples=60, deadline=None)
@given(start=st.dates(min_value=date(2024, 12, 1), max_value=date(2027, 11, 30)), n=st.integers(0, 40))
def test_add_and_between_agree(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert n == 0 or is_working_day(end)


def test_a_holiday_added_by_province_it_moves_deadlines_at_once():
    start = date(2026, 6, 1)
    before = add_working_days(start, 15)
    PublicHoliday.objects.create(date=date(2026, 6, 10), name="Ngày nghỉ thử")
    assert add_working_days(start, 15) == before + timedelta(days=1)
    PublicHoliday.objects.filter(date=date(2026, 6, 10)).delete()
    assert add_working_days(start, 15) == before


def test_calendar_works_with_the_cache_down():
    with override_settings(CACHES={"default": CLOSED_PORT_CACHE}):
        assert add_working_days(date(2026, 2, 10), 15) == date(2026, 3, 10)
        assert date(2026, 2, 17) in get_calendar().holidays


def test_make_up_day_must_be_a_weekend_day():
    with pytest.raises(ValidationError):
        CompensatoryWorkday(date=date(2026, 6, 3), name="Thứ Tư").full_clean()


def test_names_are_stored_as_nfc():
    import unicodedata

    holiday = PublicHoliday.objects.create(date=date(2027, 12, 24), name=unicodedata.normalize("NFD", "Ngày thử Tết"))
    holiday.refresh_from_db()
    assert holiday.name == unicodedata.normalize("NFC", "Ngày thử Tết")


def test_console_page_is_for_province_it_staff_only(client):
    url = "/lich-ngay-lam-viec/?nam=2026"
    assert client.get(url, HTTP_HOST="localhost").status_code == 302  # to the console login
    with schema_context("public"):
        staff = get_user_model().objects.create_user("cntt", password="x", is_staff=True)
    verified_login(client, staff)  # console accounts pass their second factor
    page = client.get(url, HTTP_HOST="localhost")
    assert page.status_code == 200
    assert "Tết Nguyên đán Bính Ngọ (mùng 1)" in page.content.decode()
    created = client.post(
        "/lich-ngay-lam-viec/",
        {
            "loai": "ngay-nghi",
            "ngay-nghi-date": "2026-12-31",
            "ngay-nghi-name": "Nghỉ cuối năm",
            "ngay-nghi-kind": "holiday",
        },
        HTTP_HOST="localhost",
    )
    assert created.status_code == 302
    assert not is_working_day(date(2026, 12, 31))
    bad = client.post(
        "/lich-ngay-lam-viec/",
        {"loai": "ngay-lam-bu", "ngay-lam-bu-date": "2026-12-30", "ngay-lam-bu-name": "Thứ Tư"},
        HTTP_HOST="localhost",
    )
    assert bad.status_code == 400 and "thứ Bảy hoặc Chủ nhật" in bad.content.decode()
    assert not CompensatoryWorkday.objects.filter(date=date(2026, 12, 30)).exists()
    holiday = PublicHoliday.objects.get(date=date(2026, 12, 31))
    assert client.post(f"/lich-ngay-lam-viec/ngay-nghi/{holiday.pk}/xoa/", HTTP_HOST="localhost").status_code == 302
    assert is_working_day(date(2026, 12, 31))


def test_a_held_calendar_is_read_once_for_a_unit_of_work(monkeypatch):
    """One site's compliance checks compute many deadlines: inside ``calendar_held`` the calendar is
    read from the cache once, and a change made meanwhile shows from the next unit of work on."""
    from django.core.cache import cache

    from workdays.services import calendar_held

    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: reads.append(key) or real_get(key, *args, **kwargs))
    start = date(2026, 6, 1)
    before = add_working_days(start, 15)
    reads.clear()
    with calendar_held():
        PublicHoliday.objects.create(date=date(2026, 6, 10), name="Ngày nghỉ thử")
        assert [add_working_days(start, n) for n in (15, 15, 15)] == [before] * 3
        assert working_days_between(start, before) == 15
    assert len(reads) == 1
    assert add_working_days(start, 15) == before + timedelta(days=1)
