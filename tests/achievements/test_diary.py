"""The e-diary for families (R-JRN-7): the week by day, marks with their date and
kind in plain text, homework with the date it was set and is due, the choice of
child, and nothing internal (login, personal-file number) on a family's screen."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achievements.selectors.diary_week import week_start
from tests.achievements.factories import (
    CONTROL_WORK,
    JournalCellFactory,
    LessonFactory,
    work_kind,
)
from tests.achievements.people import People
from tests.factories import (
    EnrollmentFactory,
    GuardianshipFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
)

pytestmark = pytest.mark.django_db

WEEK = "2026-09-16"  # a Wednesday: the week of 14–19.09.2026


@pytest.fixture
def people(journal):
    return People(journal)


@pytest.fixture
def week(journal):
    """Maths on Thu 10.09 (homework «№ 1»), Tue 15.09 (the fixture's lesson: topic
    «Дроби», homework «№ 2», marks 5/4) and Thu 17.09 (control work: 3, late);
    the classmate has a 2 on Tuesday."""
    before = LessonFactory(
        group=journal.group, subject=journal.subject, period=journal.period,
        date=date(2026, 9, 10), homework="№ 1",
    )  # fmt: skip
    journal.lesson.topic, journal.lesson.homework = "Дроби", "№ 2"
    journal.lesson.save()
    control = LessonFactory(
        group=journal.group, subject=journal.subject, period=journal.period,
        date=date(2026, 9, 17), number=2, topic="Контрольная", work_kind=work_kind(CONTROL_WORK),
    )  # fmt: skip
    JournalCellFactory(lesson=journal.lesson, learner=journal.learner, marks="5/4")
    JournalCellFactory(lesson=control, learner=journal.learner, marks="3", attendance="оп")
    JournalCellFactory(lesson=journal.lesson, learner=journal.classmate, marks="2")
    return before, control


def week_url(learner, day=WEEK):
    return f"/diary/{learner.pk}/week/?date={day}"


def lessons_by_day(response):
    return [
        (
            day.date,
            [
                (
                    item.lesson.subject.name,
                    item.lesson.topic,
                    item.marks,
                    item.attendance,
                    item.due_homework,
                    item.due_set_on,
                    item.homework_due_on,
                )
                for item in day.lessons
            ],
        )
        for day in response.context["days"]
    ]


def test_diary_week_parent_sees_homework_marks_and_absences(client, journal, week, people):
    client.force_login(people["parent"])

    response = client.get(week_url(journal.learner))

    assert response.status_code == 200
    assert response.context["monday"] == date(2026, 9, 14)
    assert lessons_by_day(response) == [
        (date(2026, 9, 14), []),
        (date(2026, 9, 15), [
            ("Математика", "Дроби", "5/4", "", "№ 1", date(2026, 9, 10), date(2026, 9, 17)),
        ]),
        (date(2026, 9, 16), []),
        (date(2026, 9, 17), [
            ("Математика", "Контрольная", "3", "оп", "№ 2", date(2026, 9, 15), None),
        ]),
        (date(2026, 9, 18), []),
        (date(2026, 9, 19), []),
    ]  # fmt: skip
    page = response.content.decode()
    assert "Контрольная работа, вес 2" in page
    assert "Работа на уроке</span>" in page
    assert "оп — опоздал" in page
    assert "Домашнее задание к этому уроку (задано 10.09):</span> № 1" in page
    assert "Задано на уроке, выполнить к 17.09:</span> № 2" in page
    assert re.findall(r'<span class="mark">([^<]*)</span>', page) == ["5/4", "3"]
    assert ">2<" not in page  # the classmate's mark


def test_diary_week_navigation_links_point_to_neighbour_weeks(client, journal, week, people):
    client.force_login(people["parent"])

    page = client.get(week_url(journal.learner)).content.decode()

    assert 'href="?date=2026-09-07"' in page
    assert 'href="?date=2026-09-21"' in page
    assert 'value="2026-09-14"' in page
    assert "Неделя 14.09–19.09.2026" in page


def test_diary_week_without_date_shows_current_week(client, journal, people):
    client.force_login(people["parent"])

    response = client.get(f"/diary/{journal.learner.pk}/week/")

    today = timezone.localdate()
    assert response.status_code == 200
    assert response.context["monday"] == today - timedelta(days=today.weekday())
    assert response.context["is_current"] is True
    assert [day.date for day in response.context["days"]][:6] == [
        response.context["monday"] + timedelta(days=i) for i in range(6)
    ]


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("2026-02-31", "Дата указана неверно: нужна дата вида 01.12.2026."),
        ("завтра", "Дата указана неверно: нужна дата вида 01.12.2026."),
        ("0001-01-01", "Дата должна быть между 01.01.2000 и 31.12.2100."),
        ("9999-12-31", "Дата должна быть между 01.01.2000 и 31.12.2100."),
    ],
)
def test_diary_week_bad_date_shows_error_and_current_week(client, journal, people, value, error):
    client.force_login(people["parent"])

    response = client.get(week_url(journal.learner, value))

    assert response.status_code == 200
    assert response.context["form"].errors == {"date": [error]}
    assert response.context["monday"] == week_start(timezone.localdate())
    assert f"{error} Показана текущая неделя." in response.content.decode()


def test_diary_week_accepts_russian_date_format(client, journal, week, people):
    client.force_login(people["parent"])

    response = client.get(week_url(journal.learner, "17.09.2026"))

    assert response.context["monday"] == date(2026, 9, 14)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("parent", 200),
        ("learner", 200),
        ("teacher", 200),
        ("class_teacher", 200),
        ("deputy", 200),
        ("other_parent", 404),
        ("other_teacher", 404),
        ("clerk", 404),
        ("no_role", 404),
    ],
)
def test_diary_week_access_by_role(client, journal, week, people, role, status):
    client.force_login(people[role])

    response = client.get(week_url(journal.learner))

    assert response.status_code == status


def test_diary_week_anonymous_goes_to_login(client, journal):
    response = client.get(week_url(journal.learner))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_diary_week_subject_teacher_sees_only_own_subjects(client, journal, week, people):
    russian = SubjectFactory(name="Русский язык")
    TeachingAssignmentFactory(group=journal.group, subject=russian)
    dictation = LessonFactory(
        group=journal.group, subject=russian, period=journal.period,
        date=date(2026, 9, 16), homework="упр. 12",
    )  # fmt: skip
    JournalCellFactory(lesson=dictation, learner=journal.learner, marks="2")
    client.force_login(people["teacher"])

    response = client.get(week_url(journal.learner))

    assert [name for _, items in lessons_by_day(response) for name, *_ in items] == [
        "Математика",
        "Математика",
    ]
    assert "упр. 12" not in response.content.decode()
    client.force_login(people["parent"])
    assert [name for _, items in lessons_by_day(client.get(week_url(journal.learner)))
            for name, *_ in items] == ["Математика", "Русский язык", "Математика"]  # fmt: skip


def test_diary_week_club_lessons_only_while_enrolled(client, journal, people):
    club = StudyGroupFactory(year=journal.year, name="Робототехника")
    robotics = SubjectFactory(name="Робототехника")
    EnrollmentFactory(learner=journal.learner, group=club, started_on=date(2026, 9, 16))
    for day in (date(2026, 9, 15), date(2026, 9, 18), date(2026, 9, 20)):
        LessonFactory(group=club, subject=robotics, period=journal.period, date=day)
    client.force_login(people["parent"])

    response = client.get(week_url(journal.learner))

    assert [(d, [x[0] for x in items]) for d, items in lessons_by_day(response) if items] == [
        (date(2026, 9, 15), ["Математика"]),
        (date(2026, 9, 18), ["Робототехника"]),
        (date(2026, 9, 20), ["Робототехника"]),  # a Sunday is shown when it has a lesson
    ]


def week_of(journal, name, lessons):
    """A learner of a new class with ``lessons`` marked lessons in the week of 14.09
    (two subjects, up to six lessons a day), and their parent."""
    group = StudyGroupFactory(year=journal.year, name=name)
    learner = EnrollmentFactory(group=group).learner
    subjects = [journal.subject, SubjectFactory()]
    for i in range(lessons):
        lesson = LessonFactory(
            group=group, subject=subjects[i % 2], period=journal.period,
            date=date(2026, 9, 14) + timedelta(days=i % 6), number=1 + i // 6,
            homework=f"§ {i}", work_kind=work_kind(CONTROL_WORK if i % 3 else "Устный ответ"),
        )  # fmt: skip
        JournalCellFactory(lesson=lesson, learner=learner, marks="5", attendance="оп" * (i % 2))
    return learner, GuardianshipFactory(learner=learner).guardian.user


def test_queries_diary_week_constant_for_1_and_30_lessons(
    client, journal, django_assert_num_queries
):
    one, one_parent = week_of(journal, "6А", lessons=1)
    many, many_parent = week_of(journal, "6Б", lessons=30)
    client.force_login(one_parent)
    with CaptureQueriesContext(connection) as context:
        first = client.get(week_url(one))
    client.force_login(many_parent)

    with django_assert_num_queries(len(context.captured_queries)):
        second = client.get(week_url(many))

    assert [len(day.lessons) for day in first.context["days"]] == [1, 0, 0, 0, 0, 0]
    assert [len(day.lessons) for day in second.context["days"]] == [5, 5, 5, 5, 5, 5]


# The per-subject view ---------------------------------------------------------------------


def test_diary_marks_show_date_kind_and_weight_without_hover(client, journal, week, people):
    client.force_login(people["parent"])

    page = client.get(f"/diary/{journal.learner.pk}/?period={journal.period.pk}").content.decode()

    chips = re.findall(
        r'<span class="mark">([^<]*)</span> <span class="diary-mark-meta">([^<]*)</span>', page
    )
    assert chips == [("5/4", "15.09 Ур"), ("3", "17.09 КР ×2")]
    assert "<dt>КР</dt><dd>Контрольная работа, вес 2</dd>" in page
    assert "<dt>Ур</dt><dd>Работа на уроке</dd>" in page
    assert " title=" not in page.split('<table class="table diary stack">')[1].split("</table>")[0]


def test_diary_homework_says_when_set_and_when_due(client, journal, week, people):
    client.force_login(people["parent"])

    page = client.get(f"/diary/{journal.learner.pk}/?period={journal.period.pk}").content.decode()

    assert (
        '<li><strong>Математика</strong> <span class="muted">(задано 15.09, выполнить к 17.09)'
        "</span>: № 2</li>"
    ) in page
    assert "(задано 10.09, выполнить к 15.09)</span>: № 1</li>" in page


# Choosing the child ------------------------------------------------------------------------


def test_diary_index_learner_in_class_and_club_goes_straight_to_diary(client, journal, people):
    user = people["learner"]
    EnrollmentFactory(learner=journal.learner, group=StudyGroupFactory(name="Робототехника"))
    GuardianshipFactory(learner=journal.learner)

    client.force_login(user)

    response = client.get("/diary/")

    assert response.status_code == 302
    assert response["Location"] == f"/diary/{journal.learner.pk}/"


def test_diary_index_parent_of_two_sees_one_card_each(client, journal, people):
    parent = people["parent"]
    guardian = parent.guardian
    GuardianshipFactory(learner=journal.classmate, guardian=guardian)
    EnrollmentFactory(learner=journal.learner, group=StudyGroupFactory(name="Робототехника"))
    client.force_login(parent)

    response = client.get("/diary/")

    page = response.content.decode()
    assert response.status_code == 200
    assert [learner.pk for learner in response.context["learners"]] == [
        journal.learner.pk,  # Антонова before Борисов
        journal.classmate.pk,
    ]
    assert page.count(f'href="/diary/{journal.learner.pk}/week/"') == 1
    assert page.count(f'href="/diary/{journal.classmate.pk}/week/"') == 1
    assert page.count(journal.learner.full_name) == 1


@pytest.mark.parametrize("url", ["/diary/", "/diary/{pk}/", "/diary/{pk}/week/?date=" + WEEK])
def test_diary_family_screens_show_no_login_or_file_number(client, journal, week, people, url):
    parent = people["parent"]
    GuardianshipFactory(learner=journal.classmate, guardian=parent.guardian)
    learner_user = people["learner"]
    client.force_login(parent)

    page = client.get(url.format(pk=journal.learner.pk)).content.decode()

    main = page.split("<main", 1)[1]
    for secret in (
        journal.learner.personal_file_number,
        journal.classmate.personal_file_number,
        learner_user.username,
        journal.teacher_user.username,
    ):
        assert secret not in main
