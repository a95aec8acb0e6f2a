"""The production calendar (learners/calendar.py): the decision on a credit transfer must
reach the parent within five working days of being taken (000 §5.7), so deadlines count
working days — Monday to Friday, less public holidays and moved days off, plus the
Saturdays made working days. Years 2024–2029 are in the table (migration 0005); later
years are read from the ``holidays`` package until the deputy adds them in the admin.

Every expected date below was worked out by hand from ``package_days`` (the days of each
case are spelt out beside it), not copied from what the code returns."""

from datetime import date

import pytest
from django.contrib.messages import get_messages

from learners.calendar import (
    add_working_days,
    calendar_year_fill,
    package_days,
    working_days_between,
)
from learners.models import CalendarDay, CalendarDayKind, CalendarYear, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOLIDAY, DAY_OFF, WORKING = (
    CalendarDayKind.HOLIDAY,
    CalendarDayKind.DAY_OFF,
    CalendarDayKind.WORKING,
)


# add_working_days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        pytest.param(
            # Thu 19.11: Fri 20 (1), Sat 21 and Sun 22 off, Mon 23 (2), Tue 24 (3),
            # Wed 25 (4), Thu 26 (5).
            date(2026, 11, 19), 5, date(2026, 11, 26), id="plain-weekend",
        ),
        pytest.param(
            # Mon 02.11: Tue 3 (1), Wed 4 holiday (День народного единства), Thu 5 (2),
            # Fri 6 (3), weekend, Mon 9 (4), Tue 10 (5).
            date(2026, 11, 2), 5, date(2026, 11, 10), id="public-holiday",
        ),
        pytest.param(
            # Thu 30.10.2025: Fri 31 (1), Sat 01.11 working (2), Sun 2 off, Mon 3 moved
            # day off, Tue 4 holiday, Wed 5 (3), Thu 6 (4), Fri 7 (5).
            date(2025, 10, 30), 5, date(2025, 11, 7), id="moved-day-off",
        ),
        pytest.param(
            # Tue 29.12.2026: Wed 30 (1), Thu 31 moved day off, 1–8.01.2027 holidays,
            # Sat 9 and Sun 10 off, Mon 11 (2), Tue 12 (3), Wed 13 (4), Thu 14 (5).
            date(2026, 12, 29), 5, date(2027, 1, 14), id="new-year-holidays",
        ),
        pytest.param(
            # Sat 21.11.2026 is not counted: Mon 23 (1) … Fri 27 (5).
            date(2026, 11, 21), 5, date(2026, 11, 27), id="from-saturday",
        ),
        pytest.param(
            # Sat 21.11.2026: Sun 22 off, Mon 23 (1).
            date(2026, 11, 21), 1, date(2026, 11, 23), id="from-saturday-one-day",
        ),
        pytest.param(
            # Sun 22.11.2026: Mon 23 is the first working day.
            date(2026, 11, 22), 1, date(2026, 11, 23), id="from-sunday",
        ),
        pytest.param(
            # Fri 01.01.2027, a holiday itself: 2–8 holidays, Sat 9, Sun 10, Mon 11 (1).
            date(2027, 1, 1), 1, date(2027, 1, 11), id="from-holiday",
        ),
        pytest.param(
            # Sat 01.11.2025 is a working day itself, the day after it is counted from
            # Sun 2: Mon 3 and Tue 4 off, Wed 5 (1).
            date(2025, 11, 1), 1, date(2025, 11, 5), id="from-working-saturday",
        ),
        pytest.param(
            # Fri 27.12.2024: Sat 28 is a working day (the day off moved to Mon 30).
            date(2024, 12, 27), 1, date(2024, 12, 28), id="working-saturday-counted",
        ),
        pytest.param(
            # Thu 05.03.2026: Fri 6 (1), Sat 7, Sun 8 (holiday), Mon 9 day off for the
            # 8th, Tue 10 (2).
            date(2026, 3, 5), 2, date(2026, 3, 10), id="holiday-on-sunday-moved-to-monday",
        ),
        pytest.param(
            # Thu 30.04.2026: Fri 01.05 holiday, weekend, Mon 4 (1), Tue 5 (2), Wed 6 (3).
            date(2026, 4, 30), 3, date(2026, 5, 6), id="first-of-may",
        ),
        pytest.param(date(2026, 11, 19), 0, date(2026, 11, 19), id="zero-days"),
    ],
)  # fmt: skip
def test_add_working_days_by_production_calendar(start, count, expected):
    assert add_working_days(start, count) == expected


def test_add_working_days_weekday_made_holiday_moves_deadline():
    calendar = CalendarYear.objects.get(year=2026)
    assert add_working_days(date(2026, 11, 19), 5) == date(2026, 11, 26)

    CalendarDay.objects.create(
        calendar=calendar, day=date(2026, 11, 24), kind=HOLIDAY, name="Указ о нерабочем дне"
    )

    # Fri 20 (1), Mon 23 (2), Tue 24 now off, Wed 25 (3), Thu 26 (4), Fri 27 (5).
    assert add_working_days(date(2026, 11, 19), 5) == date(2026, 11, 27)


def test_add_working_days_holiday_and_working_saturday_added_together():
    calendar = CalendarYear.objects.get(year=2026)
    CalendarDay.objects.create(
        calendar=calendar, day=date(2026, 11, 24), kind=HOLIDAY, name="Решение"
    )
    assert add_working_days(date(2026, 11, 19), 5) == date(2026, 11, 27)

    CalendarDay.objects.create(
        calendar=calendar, day=date(2026, 11, 21), kind=WORKING, name="Перенос"
    )

    # Fri 20 (1), Sat 21 (2), Mon 23 (3), Tue 24 off, Wed 25 (4), Thu 26 (5).
    assert add_working_days(date(2026, 11, 19), 5) == date(2026, 11, 26)


def test_add_working_days_saturday_made_working_counted():
    # Fri 08.05.2026: Sat 9 holiday (День Победы), Sun 10, Mon 11 its day off, Tue 12.
    assert add_working_days(date(2026, 5, 8), 1) == date(2026, 5, 12)

    CalendarDay.objects.filter(day=date(2026, 5, 9)).update(kind=WORKING)

    assert add_working_days(date(2026, 5, 8), 1) == date(2026, 5, 9)


def test_add_working_days_plain_saturday_added_as_working_counted():
    calendar = CalendarYear.objects.get(year=2026)
    CalendarDay.objects.create(
        calendar=calendar, day=date(2026, 11, 21), kind=WORKING, name="Рабочая суббота"
    )

    # Fri 20 (1), Sat 21 (2), Mon 23 (3), Tue 24 (4), Wed 25 (5).
    assert add_working_days(date(2026, 11, 19), 5) == date(2026, 11, 25)


def test_add_working_days_holiday_deleted_from_table_works():
    CalendarDay.objects.filter(day=date(2026, 11, 4)).delete()

    # The table, not the package, decides for 2026: Tue 3 … Mon 9 are five days.
    assert add_working_days(date(2026, 11, 2), 5) == date(2026, 11, 9)


def test_add_working_days_year_not_in_table_read_from_package_without_writing():
    years, days = CalendarYear.objects.count(), CalendarDay.objects.count()
    assert not CalendarYear.objects.filter(year=2031).exists()

    # Thu 08.05.2031: Fri 9 holiday (День Победы), Sat 10, Sun 11, Mon 12 (1).
    assert add_working_days(date(2031, 5, 8), 1) == date(2031, 5, 12)
    # Wed 31.12.2031: 1–8.01.2032 holidays (Thu–Thu), Fri 9 (1): 2032 is not in the table
    # either.
    assert add_working_days(date(2031, 12, 31), 1) == date(2032, 1, 9)
    assert (CalendarYear.objects.count(), CalendarDay.objects.count()) == (years, days)


def test_add_working_days_from_package_year_into_the_next():
    before = CalendarYear.objects.count()

    # Mon 30.12.2030 (2030 is not in the table): Tue 31 (1), 1–8.01.2031 holidays, Thu 9 (2).
    assert add_working_days(date(2030, 12, 30), 2) == date(2031, 1, 9)
    assert CalendarYear.objects.count() == before


def test_add_working_days_across_table_and_package_years():
    # 2029 is in the table, 2030 is not: Mon 31.12.2029 → 1–8.01.2030 holidays (Tue–Tue),
    # Wed 9 (1).
    assert CalendarYear.objects.filter(year=2029).exists()
    assert not CalendarYear.objects.filter(year=2030).exists()

    assert add_working_days(date(2029, 12, 31), 1) == date(2030, 1, 9)


# working_days_between -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Sat 21, Sun 22 off; Mon 23 … Fri 27.
        pytest.param(date(2026, 11, 20), date(2026, 11, 27), 5, id="a-week"),
        pytest.param(date(2026, 11, 27), date(2026, 11, 20), -5, id="a-week-back"),
        pytest.param(date(2026, 11, 20), date(2026, 11, 20), 0, id="same-day"),
        pytest.param(date(2026, 11, 21), date(2026, 11, 22), 0, id="weekend-only"),
        # Wed 4 is a holiday, Thu 5 counts.
        pytest.param(date(2026, 11, 3), date(2026, 11, 5), 1, id="over-holiday"),
        # Overdue: deadline Thu 26.11, today Tue 01.12: Fri 27, Mon 30, Tue 1 are late.
        pytest.param(date(2026, 12, 1), date(2026, 11, 26), -3, id="overdue"),
        # Wed 30.12 → Mon 11.01.2027: only Mon 11 counts.
        pytest.param(date(2026, 12, 30), date(2027, 1, 11), 1, id="new-year"),
        # Sat 01.11.2025 works, Mon 3 and Tue 4 do not, Wed 5 does.
        pytest.param(date(2025, 10, 31), date(2025, 11, 5), 2, id="moved-day-off"),
        pytest.param(date(2025, 11, 5), date(2025, 10, 31), -2, id="moved-day-off-back"),
    ],
)
def test_working_days_between_signed(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize(
    "start", [date(2025, 10, 30), date(2026, 12, 29), date(2026, 11, 21), date(2031, 5, 8)]
)
def test_working_days_between_undoes_add_working_days(start):
    assert working_days_between(start, add_working_days(start, 5)) == 5


# calendar_year_fill -------------------------------------------------------------------------


def test_calendar_year_fill_new_year_from_package():
    years = CalendarYear.objects.count()

    calendar = calendar_year_fill(year=2031)

    assert CalendarYear.objects.count() == years + 1
    assert calendar.year == 2031
    assert calendar.days.count() == len(package_days(2031)) == 14
    new_year = calendar.days.get(day=date(2031, 1, 1))
    assert (new_year.kind, new_year.name) == (HOLIDAY, "Новогодние каникулы")


def test_calendar_year_fill_again_keeps_deputy_edits():
    calendar = calendar_year_fill(year=2031)
    CalendarDay.objects.filter(day=date(2031, 1, 8)).update(kind=WORKING, name="Указ")
    CalendarDay.objects.filter(day=date(2031, 11, 4)).delete()
    CalendarDay.objects.create(
        calendar=calendar, day=date(2031, 11, 3), kind=DAY_OFF, name="Перенос"
    )

    again = calendar_year_fill(year=2031)

    assert again.pk == calendar.pk
    assert CalendarYear.objects.filter(year=2031).count() == 1
    assert calendar.days.count() == 14
    assert CalendarDay.objects.get(day=date(2031, 1, 8)).kind == WORKING
    assert CalendarDay.objects.get(day=date(2031, 1, 8)).name == "Указ"
    assert not CalendarDay.objects.filter(day=date(2031, 11, 4)).exists()
    assert CalendarDay.objects.get(day=date(2031, 11, 3)).kind == DAY_OFF


def test_calendar_year_fill_year_from_migration_left_alone():
    assert CalendarDay.objects.filter(calendar__year=2026).count() == len(package_days(2026))
    CalendarDay.objects.filter(day=date(2026, 11, 4)).update(kind=WORKING)

    calendar_year_fill(year=2026)

    assert CalendarDay.objects.filter(calendar__year=2026).count() == 18
    assert CalendarDay.objects.get(day=date(2026, 11, 4)).kind == WORKING


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027, 2028, 2029])
def test_migration_filled_years_match_package(year):
    rows = CalendarDay.objects.filter(calendar__year=year)
    assert {d.day: (d.kind, d.name) for d in rows} == package_days(year)


# The admin ------------------------------------------------------------------------------------


@pytest.fixture(params=["superuser", "deputy"])
def admin_user(request):
    if request.param == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    return UserFactory(roles=[Role.DEPUTY])


def test_calendar_admin_add_year_fills_its_days(client, admin_user):
    client.force_login(admin_user)

    response = client.post("/admin/learners/calendaryear/add/", {"year": "2031"})

    assert response.status_code == 302
    calendar = CalendarYear.objects.get(year=2031)
    assert response["Location"] == "/admin/learners/calendaryear/"
    assert calendar.days.count() == len(package_days(2031)) == 14
    assert calendar.days.get(day=date(2031, 1, 1)).kind == HOLIDAY
    assert calendar.days.get(day=date(2031, 11, 4)).kind == HOLIDAY
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Календарь на 2031 год заполнен по производственному календарю: "
        "проверьте переносы выходных.",
        f'производственный календарь "<a href="/admin/learners/calendaryear/{calendar.pk}/change/">'
        'Производственный календарь на 2031 год</a>" был успешно добавлен.',
    ]


def test_calendar_admin_add_existing_year_refused(client, admin_user):
    client.force_login(admin_user)

    response = client.post("/admin/learners/calendaryear/add/", {"year": "2026"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["year"] == [
        "Производственный календарь с таким Год уже существует."
    ]
    assert CalendarDay.objects.filter(calendar__year=2026).count() == 18


def test_calendar_admin_teacher_cannot_add_year(client):
    client.force_login(UserFactory(roles=[Role.TEACHER]))

    response = client.post("/admin/learners/calendaryear/add/", {"year": "2031"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not CalendarYear.objects.filter(year=2031).exists()


# package_days --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [
        (date(2025, 11, 3), DAY_OFF, "Выходной (перенесено с 01.11.2025)"),
        (date(2025, 11, 1), WORKING, "Рабочий день (выходной перенесён на 03.11.2025)"),
        (date(2025, 11, 4), HOLIDAY, "День народного единства"),
        (date(2024, 4, 29), DAY_OFF, "Выходной (перенесено с 27.04.2024)"),
        (date(2024, 4, 27), WORKING, "Рабочий день (выходной перенесён на 29.04.2024)"),
        (date(2024, 11, 2), WORKING, "Рабочий день (выходной перенесён на 30.04.2024)"),
        (date(2024, 12, 28), WORKING, "Рабочий день (выходной перенесён на 30.12.2024)"),
        (date(2026, 1, 9), DAY_OFF, "Выходной (перенесено с 03.01.2026)"),
        (date(2026, 12, 31), DAY_OFF, "Выходной (перенесено с 04.01.2026)"),
        (date(2027, 2, 20), WORKING, "Рабочий день (выходной перенесён на 22.02.2027)"),
    ],
)
def test_package_days_kinds(day, kind, name):
    assert package_days(day.year)[day] == (kind, name)


def test_package_days_day_moved_from_a_holiday_stays_holiday():
    # 10.05.2024 is moved from Sat 06.01.2024, which is a holiday itself: it stays one.
    days = package_days(2024)
    assert days[date(2024, 5, 10)] == (DAY_OFF, "Выходной (перенесено с 06.01.2024)")
    assert days[date(2024, 1, 6)] == (HOLIDAY, "Новогодние каникулы")


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027, 2031])
def test_package_days_day_off_exactly_when_moved(year):
    for day, (kind, name) in package_days(year).items():
        assert day.year == year
        assert (kind == DAY_OFF) == ("перенесено с" in name), (day, name)
        if kind == WORKING:
            assert day.weekday() >= 5, day


def test_package_days_working_saturdays_of_2024():
    working = sorted(d for d, (kind, _) in package_days(2024).items() if kind == WORKING)
    assert working == [date(2024, 4, 27), date(2024, 11, 2), date(2024, 12, 28)]


def test_package_days_no_working_saturdays_in_2026():
    assert [d for d, (kind, _) in package_days(2026).items() if kind == WORKING] == []
