"""Working days by the production calendar: the five days within which the family must
learn of a credit-transfer decision (000 §5.7)."""

from datetime import date

import pytest

from learners.calendar import (
    add_working_days,
    calendar_year_fill,
    package_days,
    working_days_between,
)
from learners.models import CalendarDay, CalendarDayKind, CalendarYear

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # Thursday: Fri 20, (weekend), Mon 23, Tue 24, Wed 25, Thu 26.
        (date(2026, 11, 19), 5, date(2026, 11, 26)),
        # Across the public holiday of 4 November 2026 (a Wednesday).
        (date(2026, 11, 2), 5, date(2026, 11, 10)),
        # Across a moved day off: 3 November 2025 is off, Saturday 1 November works.
        (date(2025, 10, 30), 5, date(2025, 11, 7)),
        # Across the New Year holidays, 1–8 January 2027.
        (date(2026, 12, 29), 5, date(2027, 1, 14)),
        # Counted from a Saturday: Monday is the first working day.
        (date(2026, 11, 21), 1, date(2026, 11, 23)),
        # Across 9 March 2026, the day off moved from Sunday 8 March.
        (date(2026, 3, 5), 2, date(2026, 3, 10)),
    ],
)
def test_add_working_days_by_calendar(start, count, expected):
    assert add_working_days(start, count) == expected


def test_add_working_days_follows_edited_table():
    calendar = CalendarYear.objects.get(year=2026)
    CalendarDay.objects.create(
        calendar=calendar, day=date(2026, 11, 24), kind=CalendarDayKind.HOLIDAY, name="Решение"
    )
    assert add_working_days(date(2026, 11, 19), 5) == date(2026, 11, 27)
    CalendarDay.objects.create(
        calendar=calendar, day=date(2026, 11, 21), kind=CalendarDayKind.WORKING, name="Перенос"
    )
    assert add_working_days(date(2026, 11, 19), 5) == date(2026, 11, 26)


def test_add_working_days_year_not_in_table_read_from_package():
    before = CalendarYear.objects.count()
    # 1 January 2031 is a holiday: from 30 December 2030, 9 January is the 2nd working day.
    assert add_working_days(date(2030, 12, 30), 2) == date(2031, 1, 9)
    assert CalendarYear.objects.count() == before


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 11, 20), date(2026, 11, 27), 5),
        (date(2026, 11, 27), date(2026, 11, 20), -5),
        (date(2026, 11, 20), date(2026, 11, 20), 0),
        (date(2026, 11, 3), date(2026, 11, 5), 1),  # the 4th is a holiday
    ],
)
def test_working_days_between_signed(start, end, expected):
    assert working_days_between(start, end) == expected


def test_package_days_moved_days_and_working_saturdays():
    days = package_days(2025)
    assert days[date(2025, 11, 3)][0] == CalendarDayKind.DAY_OFF
    assert days[date(2025, 11, 4)][0] == CalendarDayKind.HOLIDAY
    assert days[date(2025, 11, 1)] == (
        CalendarDayKind.WORKING,
        "Рабочий день (выходной перенесён на 03.11.2025)",
    )
    assert package_days(2024)[date(2024, 4, 27)][0] == CalendarDayKind.WORKING


def test_calendar_year_fill_once_and_keeps_edits():
    calendar = calendar_year_fill(year=2031)
    assert calendar.days.count() == len(package_days(2031))
    CalendarDay.objects.filter(day=date(2031, 1, 1)).update(name="Изменено")
    calendar_year_fill(year=2031)
    assert CalendarDay.objects.get(day=date(2031, 1, 1)).name == "Изменено"
    assert calendar.days.count() == len(package_days(2031))


def test_calendar_admin_add_year_fills_days(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post("/admin/learners/calendaryear/add/", {"year": "2032"})
    assert response.status_code == 302
    calendar = CalendarYear.objects.get(year=2032)
    assert calendar.days.count() == len(package_days(2032))
    assert calendar.days.get(day=date(2032, 1, 1)).kind == CalendarDayKind.HOLIDAY
