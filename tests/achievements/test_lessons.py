"""Lessons (R-JRN-1): one lesson through journal_services.lesson_save and the lesson form, and
a period's lessons from a weekly timetable through journal_services.lessons_generate and the
timetable form, skipping Russian public holidays and slots already taken."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from achievements import journal as journal_services
from achievements.models import Lesson
from learners.calendar import calendar_year_fill
from learners.models import CalendarDay, CalendarDayKind
from tests.achievements.factories import (
    CONTROL_WORK,
    LessonFactory,
    PeriodClosureFactory,
    work_kind,
)
from tests.achievements.helpers import grid_url
from tests.factories import StaffFactory, StudyPeriodFactory

pytestmark = pytest.mark.django_db

EMPTY_PATTERN = "В расписании недели не отмечено ни одного урока."
CLOSED = "Период закрыт: добавлять и менять уроки нельзя."
MONDAY, WEDNESDAY = 0, 2


def save(journal, day, number=2, topic="", homework="", actor=None, lesson=None, kind=None):
    return journal_services.lesson_save(
        group=journal.group,
        subject=journal.subject,
        period=journal.period,
        day=day,
        number=number,
        topic=topic,
        homework=homework,
        work_kind=kind or work_kind(),
        actor=actor or journal.teacher_user,
        lesson=lesson,
    )


def slots(journal, period=None):
    return list(
        Lesson.objects.filter(
            group=journal.group, subject=journal.subject, period=period or journal.period
        )
        .order_by("date", "number")
        .values_list("date", "number")
    )


# One lesson ---------------------------------------------------------------------------------


def test_lesson_save_stores_topic_homework_and_teacher(journal):
    lesson = save(
        journal,
        date(2026, 9, 17),
        number=3,
        topic="  Сложение дробей ",
        homework=" № 215, 216 ",
        kind=work_kind(CONTROL_WORK),
    )

    lesson.refresh_from_db()
    assert (lesson.group, lesson.subject, lesson.period) == (
        journal.group,
        journal.subject,
        journal.period,
    )
    assert (lesson.date, lesson.number, lesson.topic, lesson.homework) == (
        date(2026, 9, 17),
        3,
        "Сложение дробей",
        "№ 215, 216",
    )
    assert (lesson.work_kind.name, lesson.work_kind.weight) == (CONTROL_WORK, 2)
    assert lesson.teacher == journal.teacher


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2026, 10, 26), "Дата 26.10.2026 вне периода «1-я четверть» (01.09.2026–25.10.2026)."),
        (date(2026, 8, 31), "Дата 31.08.2026 вне периода «1-я четверть» (01.09.2026–25.10.2026)."),
        (date(2026, 11, 10), "Дата 10.11.2026 вне периода «1-я четверть» (01.09.2026–25.10.2026)."),
    ],
)
def test_lesson_save_date_outside_period_refused(journal, day, message):
    with pytest.raises(ValidationError) as error:
        save(journal, day)

    assert error.value.messages == [message]
    assert slots(journal) == [(date(2026, 9, 15), 1)]


@pytest.mark.parametrize("day", [date(2026, 9, 1), date(2026, 10, 25)])
def test_lesson_save_period_edges_accepted(journal, day):
    save(journal, day, number=1)

    assert (day, 1) in slots(journal)


def test_lesson_save_duplicate_slot_refused(journal):
    with pytest.raises(ValidationError) as error:
        save(journal, date(2026, 9, 15), number=1, topic="Повтор")

    assert error.value.messages == ["1-й урок 15.09.2026 в этом журнале уже есть."]
    assert slots(journal) == [(date(2026, 9, 15), 1)]
    assert Lesson.objects.get().topic == ""


def test_lesson_save_same_slot_other_number_accepted(journal):
    save(journal, date(2026, 9, 15), number=2)

    assert slots(journal) == [(date(2026, 9, 15), 1), (date(2026, 9, 15), 2)]


def test_lesson_save_edits_given_lesson(journal):
    save(journal, date(2026, 9, 16), number=4, topic="Проценты", lesson=journal.lesson)

    journal.lesson.refresh_from_db()
    assert (journal.lesson.date, journal.lesson.number, journal.lesson.topic) == (
        date(2026, 9, 16),
        4,
        "Проценты",
    )
    assert Lesson.objects.count() == 1


def test_lesson_save_edit_onto_taken_slot_refused(journal):
    other = LessonFactory(
        group=journal.group, subject=journal.subject, period=journal.period, date=date(2026, 9, 22)
    )

    with pytest.raises(ValidationError) as error:
        save(journal, date(2026, 9, 15), number=1, lesson=other)

    assert error.value.messages == ["1-й урок 15.09.2026 в этом журнале уже есть."]
    assert slots(journal) == [(date(2026, 9, 15), 1), (date(2026, 9, 22), 1)]


def test_lesson_save_closed_period_refused(journal):
    PeriodClosureFactory(period=journal.period, group=journal.group)

    with pytest.raises(ValidationError) as error:
        save(journal, date(2026, 9, 17))

    assert error.value.messages == [CLOSED]
    assert Lesson.objects.count() == 1


def test_lesson_save_other_teacher_forbidden(journal):
    with pytest.raises(PermissionDenied):
        save(journal, date(2026, 9, 17), actor=StaffFactory().user)

    assert Lesson.objects.count() == 1


def lesson_form(day, number="2", topic="Дроби", homework="§ 5", kind=None):
    return {
        "date": day,
        "number": number,
        "topic": topic,
        "homework": homework,
        "work_kind": (kind or work_kind()).pk,
    }


def test_lesson_new_page_post_creates_lesson(teacher_client, journal):
    url = f"{grid_url(journal.group, journal.subject, journal.period)}lessons/new/"

    response = teacher_client.post(url, lesson_form("2026-09-17"))

    assert response.status_code == 302
    assert response["Location"] == grid_url(journal.group, journal.subject, journal.period)
    lesson = Lesson.objects.get(date=date(2026, 9, 17))
    assert (lesson.number, lesson.topic, lesson.homework, lesson.teacher) == (
        2,
        "Дроби",
        "§ 5",
        journal.teacher,
    )


def test_lesson_new_page_date_outside_period_shows_error(teacher_client, journal):
    url = f"{grid_url(journal.group, journal.subject, journal.period)}lessons/new/"

    response = teacher_client.post(url, lesson_form("2026-10-26"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Дата 26.10.2026 вне периода «1-я четверть» (01.09.2026–25.10.2026)."
    ]
    assert Lesson.objects.count() == 1


def test_lesson_edit_page_post_changes_lesson(teacher_client, journal):
    response = teacher_client.post(
        f"/journal/lessons/{journal.lesson.pk}/",
        lesson_form("2026-09-15", number="1", topic="Уравнения", homework="§ 7"),
    )

    assert response.status_code == 302
    journal.lesson.refresh_from_db()
    assert (journal.lesson.topic, journal.lesson.homework) == ("Уравнения", "§ 7")


# Lessons from the weekly timetable -----------------------------------------------------


@pytest.fixture
def november(journal):
    """Two periods after the fixture's first quarter: 02.11–15.11.2026 (holds Wednesday
    4 November, Unity Day) and 16.11–29.11.2026 (two plain weeks, Monday to Sunday)."""
    return (
        StudyPeriodFactory(
            year=journal.year, number=2, starts_on=date(2026, 11, 2), ends_on=date(2026, 11, 15)
        ),
        StudyPeriodFactory(
            year=journal.year, number=3, starts_on=date(2026, 11, 16), ends_on=date(2026, 11, 29)
        ),
    )


def generate(journal, period, weekly, actor=None, kind=None):
    return journal_services.lessons_generate(
        group=journal.group,
        subject=journal.subject,
        period=period,
        weekly=weekly,
        work_kind=kind or work_kind(),
        actor=actor or journal.teacher_user,
    )


def test_lessons_generate_weekly_pattern_two_weeks(journal, november):
    period = november[1]

    created = generate(journal, period, {MONDAY: [1], WEDNESDAY: [3]})

    assert created == 4
    assert slots(journal, period) == [
        (date(2026, 11, 16), 1),
        (date(2026, 11, 18), 3),
        (date(2026, 11, 23), 1),
        (date(2026, 11, 25), 3),
    ]
    assert set(
        Lesson.objects.filter(period=period).values_list("teacher", "work_kind__name", "topic")
    ) == {(journal.teacher.pk, "Работа на уроке", "")}


def test_lessons_generate_several_lessons_a_day_and_saturday(journal, november):
    period = november[1]

    created = generate(journal, period, {0: [1, 2], 1: [], 5: [4]})

    assert created == 6
    assert slots(journal, period) == [
        (date(2026, 11, 16), 1),
        (date(2026, 11, 16), 2),
        (date(2026, 11, 21), 4),
        (date(2026, 11, 23), 1),
        (date(2026, 11, 23), 2),
        (date(2026, 11, 28), 4),
    ]


def test_lessons_generate_skips_unity_day(journal, november):
    period = november[0]

    created = generate(journal, period, {MONDAY: [1], WEDNESDAY: [3]})

    assert created == 3
    assert slots(journal, period) == [
        (date(2026, 11, 2), 1),
        (date(2026, 11, 9), 1),
        (date(2026, 11, 11), 3),
    ]


def test_lessons_generate_skips_new_year_holidays(journal):
    winter = StudyPeriodFactory(
        year=journal.year, number=4, starts_on=date(2026, 12, 28), ends_on=date(2027, 1, 12)
    )

    created = generate(journal, winter, {day: [1] for day in range(5)})

    # 31.12.2026 (a moved day off) and 1–8.01.2027 are not working days.
    assert created == 5
    assert slots(journal, winter) == [
        (date(2026, 12, 28), 1),
        (date(2026, 12, 29), 1),
        (date(2026, 12, 30), 1),
        (date(2027, 1, 11), 1),
        (date(2027, 1, 12), 1),
    ]


def test_lessons_generate_twice_does_not_duplicate(journal, november):
    period = november[1]
    first = generate(journal, period, {MONDAY: [1], WEDNESDAY: [3]})

    second = generate(journal, period, {MONDAY: [1], WEDNESDAY: [3]})

    assert (first, second) == (4, 0)
    assert len(slots(journal, period)) == 4


def test_lessons_generate_keeps_existing_lesson(journal, november):
    period = november[1]
    existing = LessonFactory(
        group=journal.group,
        subject=journal.subject,
        period=period,
        date=date(2026, 11, 18),
        number=3,
        topic="Контрольная работа № 2",
        work_kind=work_kind(CONTROL_WORK),
    )

    created = generate(journal, period, {MONDAY: [1], WEDNESDAY: [3]})

    assert created == 3
    assert len(slots(journal, period)) == 4
    existing.refresh_from_db()
    assert (existing.topic, existing.work_kind.name) == ("Контрольная работа № 2", CONTROL_WORK)


@pytest.mark.parametrize("weekly", [{}, {day: [] for day in range(6)}])
def test_lessons_generate_empty_pattern_refused(journal, november, weekly):
    with pytest.raises(ValidationError) as error:
        generate(journal, november[1], weekly)

    assert error.value.messages == [EMPTY_PATTERN]
    assert slots(journal, november[1]) == []


def test_lessons_generate_closed_period_refused(journal, november):
    PeriodClosureFactory(period=november[1])

    with pytest.raises(ValidationError) as error:
        generate(journal, november[1], {MONDAY: [1]})

    assert error.value.messages == [CLOSED]
    assert slots(journal, november[1]) == []


def test_lessons_generate_other_teacher_forbidden(journal, november):
    with pytest.raises(PermissionDenied):
        generate(journal, november[1], {MONDAY: [1]}, actor=StaffFactory().user)

    assert slots(journal, november[1]) == []


def generate_url(journal, period):
    return f"{grid_url(journal.group, journal.subject, period)}lessons/generate/"


def test_lessons_generate_page_post_creates_lessons(teacher_client, journal, november):
    period = november[0]
    data = {"day_0": ["1"], "day_2": ["3"], "work_kind": work_kind(CONTROL_WORK).pk}

    response = teacher_client.post(generate_url(journal, period), data)

    assert response.status_code == 302
    assert response["Location"] == grid_url(journal.group, journal.subject, period)
    assert slots(journal, period) == [
        (date(2026, 11, 2), 1),
        (date(2026, 11, 9), 1),
        (date(2026, 11, 11), 3),
    ]
    assert set(Lesson.objects.filter(period=period).values_list("work_kind__name", flat=True)) == {
        CONTROL_WORK
    }
    followed = teacher_client.get(response["Location"])
    assert [str(m) for m in followed.context["messages"]] == ["Создано уроков: 3."]


def test_lessons_generate_page_empty_pattern_shows_error(teacher_client, journal, november):
    response = teacher_client.post(
        generate_url(journal, november[0]), {"work_kind": work_kind().pk}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [EMPTY_PATTERN]
    assert EMPTY_PATTERN in response.content.decode()
    assert slots(journal, november[0]) == []


def test_lessons_generate_page_period_of_other_year_not_found(teacher_client, journal):
    other = StudyPeriodFactory(
        year__name="2027/2028",
        year__starts_on=date(2027, 9, 1),
        year__ends_on=date(2028, 5, 31),
        starts_on=date(2027, 9, 1),
        ends_on=date(2027, 10, 24),
    )

    response = teacher_client.post(
        generate_url(journal, other), {"day_0": ["1"], "work_kind": work_kind().pk}
    )

    assert response.status_code == 404
    assert Lesson.objects.count() == 1


# The production calendar as the deputy edited it (learners/calendar.py) -------------------

SATURDAY = 5


def _calendar_day(day, kind, name=""):
    calendar = calendar_year_fill(year=day.year)
    CalendarDay.objects.update_or_create(
        day=day, defaults={"calendar": calendar, "kind": kind, "name": name}
    )


def test_lessons_generate_day_marked_non_working_gets_no_lesson(journal, november):
    _calendar_day(date(2026, 11, 16), CalendarDayKind.DAY_OFF, "Выходной (перенесено с 21.11.2026)")

    created = generate(journal, november[1], {MONDAY: [1]})

    assert created == 1
    assert slots(journal, november[1]) == [(date(2026, 11, 23), 1)]


def test_lessons_generate_moved_working_saturday_gets_lesson_of_saturday_timetable(
    journal, november
):
    _calendar_day(date(2026, 11, 16), CalendarDayKind.DAY_OFF, "Выходной (перенесено с 21.11.2026)")
    _calendar_day(date(2026, 11, 21), CalendarDayKind.WORKING, "Рабочий день")

    created = generate(journal, november[1], {MONDAY: [1], SATURDAY: [2]})

    assert created == 3
    assert slots(journal, november[1]) == [
        (date(2026, 11, 21), 2),
        (date(2026, 11, 23), 1),
        (date(2026, 11, 28), 2),
    ]


def test_lessons_generate_moved_working_saturday_without_saturday_timetable_no_lesson(
    journal, november
):
    _calendar_day(date(2026, 11, 21), CalendarDayKind.WORKING, "Рабочий день")

    created = generate(journal, november[1], {MONDAY: [1]})

    assert created == 2
    assert slots(journal, november[1]) == [(date(2026, 11, 16), 1), (date(2026, 11, 23), 1)]


def test_lessons_generate_holiday_made_working_by_deputy_gets_lesson(journal, november):
    # The package knows 04.11.2026 as Unity Day; the deputy's table is what counts.
    _calendar_day(date(2026, 11, 4), CalendarDayKind.WORKING, "Рабочий день")

    generate(journal, november[0], {WEDNESDAY: [3]})

    assert slots(journal, november[0]) == [(date(2026, 11, 4), 3), (date(2026, 11, 11), 3)]
