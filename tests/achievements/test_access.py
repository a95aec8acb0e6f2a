"""Who may open and write the journal, the e-diary, the cell history, the lesson
pages and the period closures (R-JRN-2, R-JRN-5, R-JRN-7, R-SEC-2), with exact status
codes through the real URLs."""

import re
from datetime import date
from decimal import Decimal

import pytest

from achievements.models import JournalCell, Lesson, PeriodClosure
from learners.models import Role
from tests.achievements.factories import (
    CellChangeFactory,
    JournalCellFactory,
    LessonFactory,
    PeriodClosureFactory,
    PeriodMarkFactory,
)
from tests.achievements.helpers import grid_url, save_cell
from tests.achievements.people import People
from tests.factories import (
    CurriculumLineFactory,
    EnrollmentFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "teacher",
    "other_teacher",
    "class_teacher",
    "deputy",
    "director",
    "clerk",
    "parent",
    "learner",
    "no_role",
]


@pytest.fixture
def people(journal):
    return People(journal)


# The journal grid -------------------------------------------------------------------------

GRID_STATUS = {
    "teacher": 200,
    "other_teacher": 404,
    "class_teacher": 200,
    "deputy": 200,
    "director": 200,
    "clerk": 404,  # the clerk keeps the archive, not the live journal (R-SEC-1)
    "parent": 404,
    "learner": 404,
    "no_role": 404,
}
EDITABLE = {"teacher": True, "class_teacher": False, "deputy": True, "director": False}


@pytest.mark.parametrize("role", ROLES)
def test_journal_grid_status_by_role(client, journal, people, role):
    client.force_login(people[role])

    response = client.get(grid_url(journal.group, journal.subject, journal.period))

    assert response.status_code == GRID_STATUS[role]
    if role in EDITABLE:
        assert response.context["editable"] is EDITABLE[role]
        flag = "1" if EDITABLE[role] else "0"
        assert f'data-editable="{flag}"' in response.content.decode()


def test_journal_grid_anonymous_redirected_to_login(client, journal):
    url = grid_url(journal.group, journal.subject, journal.period)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


def test_journal_grid_closed_period_read_only_for_teacher(client, journal, people):
    PeriodClosureFactory(period=journal.period, group=journal.group)
    client.force_login(people["teacher"])

    response = client.get(grid_url(journal.group, journal.subject, journal.period))

    assert response.status_code == 200
    assert (response.context["editable"], response.context["can_edit_lessons"]) == (False, False)


def test_journal_grid_group_of_other_year_not_found(client, journal, people):
    client.force_login(people["deputy"])
    other_year_group = StudyGroupFactory(
        year__name="2025/2026",
        year__starts_on=date(2025, 9, 1),
        year__ends_on=date(2026, 5, 31),
        name="4А",
    )

    response = client.get(grid_url(other_year_group, journal.subject, journal.period))

    assert response.status_code == 404


SAVE_STATUS = {
    "teacher": 200,
    "other_teacher": 403,
    "class_teacher": 403,
    "deputy": 200,
    "director": 403,
    "clerk": 403,
    "parent": 403,
    "learner": 403,
    "no_role": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_journal_cell_save_status_by_role(client, journal, people, role):
    client.force_login(people[role])

    response = save_cell(client, journal.lesson, journal.learner, "5", reason="проверка")

    assert response.status_code == SAVE_STATUS[role]
    assert JournalCell.objects.filter(marks="5").count() == (1 if SAVE_STATUS[role] == 200 else 0)


# The e-diary (R-JRN-7) -----------------------------------------------------------------------


@pytest.fixture
def diary_data(journal, people):
    second = LessonFactory(
        group=journal.group, subject=journal.subject, period=journal.period, date=date(2026, 9, 22)
    )
    third = LessonFactory(
        group=journal.group,
        subject=journal.subject,
        period=journal.period,
        date=date(2026, 9, 29),
        homework="№ 215, 216",
    )
    JournalCellFactory(lesson=journal.lesson, learner=journal.learner, marks="5/4")
    JournalCellFactory(lesson=second, learner=journal.learner, marks="3")
    JournalCellFactory(lesson=third, learner=journal.learner, marks="", attendance="н")
    JournalCellFactory(lesson=journal.lesson, learner=journal.classmate, marks="2")
    JournalCellFactory(lesson=third, learner=journal.classmate, marks="", attendance="б")
    PeriodMarkFactory(
        learner=journal.learner, subject=journal.subject, period=journal.period, value="4"
    )
    return people


def diary_url(journal, learner):
    return f"/diary/{learner.pk}/?period={journal.period.pk}"


def shown_marks(response):
    return re.findall(r'<span class="mark"[^>]*>([^<]*)</span>', response.content.decode())


@pytest.mark.parametrize("role", ["parent", "learner", "teacher", "class_teacher", "deputy"])
def test_diary_own_learner_shows_exactly_their_marks(client, journal, diary_data, role):
    client.force_login(diary_data[role])

    response = client.get(diary_url(journal, journal.learner))

    assert response.status_code == 200
    assert response.context["learner"] == journal.learner
    assert shown_marks(response) == ["5/4", "3"]
    assert [
        (row.subject.name, [text for _, text in row.marks], row.mean, row.period_mark)
        for row in response.context["subjects"]
    ] == [("Математика", ["5/4", "3"], Decimal("4.00"), "4")]
    assert response.context["attendance"] == {"н": 1}
    assert [lesson.homework for lesson in response.context["homework"]] == ["№ 215, 216"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("learner", 404), ("parent", 404), ("other_teacher", 404), ("teacher", 200)],
)
def test_diary_classmate_by_role(client, journal, diary_data, role, status):
    client.force_login(diary_data[role])

    response = client.get(diary_url(journal, journal.classmate))

    assert response.status_code == status
    if status == 200:
        assert shown_marks(response) == ["2"]


def test_diary_other_parent_sees_only_their_child(client, journal, diary_data):
    client.force_login(diary_data["other_parent"])

    own = client.get(diary_url(journal, journal.classmate))
    foreign = client.get(diary_url(journal, journal.learner))

    assert (own.status_code, foreign.status_code) == (200, 404)
    assert shown_marks(own) == ["2"]
    assert own.context["attendance"] == {"б": 1}


def test_diary_index_single_child_redirects_to_diary(client, journal, diary_data):
    client.force_login(diary_data["parent"])

    response = client.get("/diary/")

    assert response.status_code == 302
    assert response["Location"] == f"/diary/{journal.learner.pk}/"


def test_diary_subject_teacher_sees_only_own_subjects(client, journal, diary_data):
    """A maths teacher opening a pupil's diary sees maths: not the other subjects'
    marks, attendance or homework (their journals answer 404 to him too)."""
    russian = SubjectFactory(name="Русский язык")
    other = TeachingAssignmentFactory(group=journal.group, subject=russian)
    dictation = LessonFactory(
        group=journal.group, subject=russian, period=journal.period,
        date=date(2026, 9, 23), homework="упр. 12",
    )  # fmt: skip
    JournalCellFactory(lesson=dictation, learner=journal.learner, marks="2", attendance="оп")
    PeriodMarkFactory(learner=journal.learner, subject=russian, period=journal.period, value="3")
    CurriculumLineFactory(programme=journal.group.programme, grade=journal.group.grade,
                          subject=russian)  # fmt: skip
    client.force_login(diary_data["teacher"])

    response = client.get(diary_url(journal, journal.learner))

    assert response.status_code == 200
    assert shown_marks(response) == ["5/4", "3"]
    assert [row.subject.name for row in response.context["subjects"]] == ["Математика"]
    assert response.context["attendance"] == {"н": 1}
    assert [lesson.homework for lesson in response.context["homework"]] == ["№ 215, 216"]
    assert "упр. 12" not in response.content.decode()
    client.force_login(other.teacher.user)
    assert [row.subject.name for row in client.get(
        diary_url(journal, journal.learner)).context["subjects"]] == ["Русский язык"]  # fmt: skip


@pytest.mark.parametrize("role", ["parent", "class_teacher", "deputy"])
def test_diary_family_class_teacher_and_deputy_see_every_subject(client, journal, diary_data, role):
    russian = SubjectFactory(name="Русский язык")
    TeachingAssignmentFactory(group=journal.group, subject=russian)
    lesson = LessonFactory(group=journal.group, subject=russian, period=journal.period,
                           date=date(2026, 9, 23))  # fmt: skip
    JournalCellFactory(lesson=lesson, learner=journal.learner, marks="2")
    client.force_login(diary_data[role])

    response = client.get(diary_url(journal, journal.learner))

    assert sorted(row.subject.name for row in response.context["subjects"]) == [
        "Математика",
        "Русский язык",
    ]


@pytest.mark.parametrize("role", ["clerk", "administrator"])
def test_diary_and_portfolio_closed_to_clerk_and_administrator(client, journal, diary_data, role):
    user = UserFactory(roles=[Role.CLERK if role == "clerk" else Role.ADMINISTRATOR])
    client.force_login(user)

    statuses = [
        client.get(url).status_code
        for url in (
            diary_url(journal, journal.learner),
            f"/portfolio/learners/{journal.learner.pk}/",
            f"/portfolio/groups/{journal.group.pk}/",
            grid_url(journal.group, journal.subject, journal.period),
        )
    ]

    assert statuses == [404, 404, 404, 404]
    # The roster card stays theirs: the clerk keeps personal files, the administrator
    # the accounts.
    assert client.get(f"/learners/{journal.learner.pk}/").status_code == 200


def test_learner_who_left_drops_out_of_teacher_scope(client, journal, diary_data):
    enrollment = journal.learner.enrollments.get(group=journal.group)
    enrollment.ended_on = date(2026, 10, 1)
    enrollment.save()
    client.force_login(diary_data["teacher"])

    statuses = [
        client.get(url).status_code
        for url in (f"/learners/{journal.learner.pk}/", diary_url(journal, journal.learner))
    ]
    grid = client.get(grid_url(journal.group, journal.subject, journal.period))

    assert statuses == [404, 404]
    # The journal of the period keeps the learner with their marks: the record of who
    # was there does not change.
    assert grid.status_code == 200
    assert [row.learner.pk for row in grid.context["grid"].rows] == [
        journal.learner.pk,
        journal.classmate.pk,
    ]


# Cell history ----------------------------------------------------------------------------


def test_cell_history_learner_of_another_class_refused_and_logged(client, journal, people, caplog):
    """The probe walked ids: a lesson of his own journal with the id of a pupil from
    another class named that pupil. Now it is a logged 404, as for a foreign object."""
    stranger = EnrollmentFactory(group=StudyGroupFactory(year=journal.year, name="11Б")).learner
    client.force_login(people["teacher"])

    with caplog.at_level("WARNING", logger="uchet.access"):
        response = client.get(
            f"/journal/cell/history/?lesson={journal.lesson.pk}&learner={stranger.pk}"
        )

    assert response.status_code == 404
    assert stranger.last_name not in response.content.decode()
    assert [r.getMessage() for r in caplog.records if r.name == "uchet.access"] == [
        f"access refused: user={people['teacher'].pk} roles=teacher "
        f"journal_cell={journal.lesson.pk}/{stranger.pk}"
    ]


def history_url(journal):
    return f"/journal/cell/history/?lesson={journal.lesson.pk}&learner={journal.learner.pk}"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("teacher", 200),
        ("deputy", 200),
        ("class_teacher", 200),
        ("other_teacher", 404),
        ("parent", 404),
        ("learner", 404),
    ],
)
def test_cell_history_status_by_role(client, journal, people, role, status):
    cell = JournalCellFactory(
        lesson=journal.lesson, learner=journal.learner, marks="4", updated_by=people["teacher"]
    )
    CellChangeFactory(cell=cell, old_marks="", new_marks="5", changed_by=people["teacher"])
    CellChangeFactory(
        cell=cell, old_marks="5", new_marks="4", reason="опечатка", changed_by=people["teacher"]
    )
    client.force_login(people[role])

    response = client.get(history_url(journal))

    assert response.status_code == status
    if status == 200:
        assert [(c.old_text, c.new_text, c.reason) for c in response.context["changes"]] == [
            ("5", "4", "опечатка"),
            ("", "5", ""),
        ]
        assert "опечатка" in response.content.decode()


@pytest.mark.parametrize("query", ["", "?lesson=1", "?lesson=x&learner=1"])
def test_cell_history_bad_query_not_found(teacher_client, query):
    assert teacher_client.get(f"/journal/cell/history/{query}").status_code == 404


# Lesson pages ------------------------------------------------------------------------------


def lessons_url(journal, action="new"):
    return f"{grid_url(journal.group, journal.subject, journal.period)}lessons/{action}/"


@pytest.mark.parametrize(
    ("role", "status"),
    [("teacher", 200), ("other_teacher", 404), ("class_teacher", 404), ("director", 404)],
)
@pytest.mark.parametrize("action", ["new", "generate"])
def test_lesson_pages_status_by_role(client, journal, people, role, status, action):
    client.force_login(people[role])

    assert client.get(lessons_url(journal, action)).status_code == status


def test_lesson_edit_page_other_teacher_not_found(client, journal, people):
    client.force_login(people["other_teacher"])

    assert client.get(f"/journal/lessons/{journal.lesson.pk}/").status_code == 404


def test_lesson_new_closed_period_refused(client, journal, people):
    PeriodClosureFactory(period=journal.period)
    client.force_login(people["teacher"])
    data = {
        "date": "2026-09-17",
        "number": "2",
        "topic": "Дроби",
        "homework": "",
        "work_kind": journal.lesson.work_kind.pk,
    }

    response = client.post(lessons_url(journal), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Период закрыт: добавлять и менять уроки нельзя."
    ]
    assert "Период закрыт: добавлять и менять уроки нельзя." in response.content.decode()
    assert list(Lesson.objects.values_list("date", "number")) == [(date(2026, 9, 15), 1)]


# Closing periods (R-JRN-5) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("deputy", 200), ("teacher", 403), ("director", 403), ("class_teacher", 403), ("parent", 403)],
)
def test_periods_page_status_by_role(client, people, role, status):
    client.force_login(people[role])

    assert client.get("/journal/periods/").status_code == status


def closures():
    """The closures in force (a reopened one stays as a row, with who, when and why)."""
    return sorted(
        PeriodClosure.objects.in_force().values_list("period__number", "group__name", "closed_by"),
        key=str,
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_periods_deputy_closes_and_reopens(client, journal, people):
    deputy = people["deputy"]
    client.force_login(deputy)
    period = journal.period.pk

    by_group = client.post("/journal/periods/", {"period": period, "group": journal.group.pk})
    assert by_group.status_code == 302
    assert by_group["Location"] == "/journal/periods/"
    assert closures() == [(1, "5А", deputy.pk)]
    client.get("/journal/periods/")  # shows (and so consumes) the message

    whole = client.post("/journal/periods/", {"period": period, "action": "close"}, follow=True)
    assert messages_of(whole) == ["Период «1-я четверть» закрыт для всей организации."]
    assert closures() == [(1, "5А", deputy.pk), (1, None, deputy.pk)]

    again = client.post("/journal/periods/", {"period": period}, follow=True)
    assert messages_of(again) == ["Этот период уже закрыт."]
    assert PeriodClosure.objects.count() == 2

    reopened = client.post(
        "/journal/periods/",
        {"period": period, "action": "reopen", "reason": "Пересдача"},
        follow=True,
    )
    assert messages_of(reopened) == ["Период «1-я четверть» снова открыт."]
    assert closures() == [(1, "5А", deputy.pk)]

    client.post(
        "/journal/periods/",
        {"period": period, "group": journal.group.pk, "action": "reopen", "reason": "Пересдача"},
    )
    assert closures() == []


def test_periods_close_for_group_message(client, journal, people):
    client.force_login(people["deputy"])

    response = client.post(
        "/journal/periods/", {"period": journal.period.pk, "group": journal.group.pk}, follow=True
    )

    assert messages_of(response) == ["Период «1-я четверть» закрыт для 5А."]


def test_periods_closing_blocks_teacher_then_reopening_allows(client, journal, people):
    client.force_login(people["deputy"])
    client.post("/journal/periods/", {"period": journal.period.pk})
    client.force_login(people["teacher"])
    refused = save_cell(client, journal.lesson, journal.learner, "5")

    client.force_login(people["deputy"])
    client.post(
        "/journal/periods/", {"period": journal.period.pk, "action": "reopen", "reason": "Ошибка"}
    )
    client.force_login(people["teacher"])
    accepted = save_cell(client, journal.lesson, journal.learner, "5")

    assert (refused.status_code, accepted.status_code) == (400, 200)


def test_periods_teacher_post_forbidden(client, journal, people):
    client.force_login(people["teacher"])

    response = client.post("/journal/periods/", {"period": journal.period.pk})

    assert response.status_code == 403
    assert PeriodClosure.objects.count() == 0


# The journal index and the year page ------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "journals"),
    [
        ("teacher", 200, [("5А", "Математика")]),
        ("class_teacher", 200, [("5А", "Математика")]),
        ("other_teacher", 200, [("5Б", "Математика")]),
        ("deputy", 200, [("5А", "Математика"), ("5Б", "Математика")]),
        ("parent", 403, None),
        ("learner", 403, None),
    ],
)
def test_journal_index_lists_own_journals(client, people, role, status, journals):
    people["other_teacher"]  # 5Б Математика exists for everyone
    people["class_teacher"]
    client.force_login(people[role])

    response = client.get("/journal/")

    assert response.status_code == status
    if journals is not None:
        assert [(j.group.name, j.subject.name) for j in response.context["journals"]] == journals


@pytest.mark.parametrize(
    ("role", "get_status", "post_status"),
    [
        ("teacher", 200, 302),
        ("class_teacher", 200, 404),
        ("director", 200, 404),
        ("other_teacher", 404, 404),
        ("parent", 404, 404),
    ],
)
def test_year_page_status_by_role(client, journal, people, role, get_status, post_status):
    client.force_login(people[role])
    url = f"/journal/{journal.group.pk}/{journal.subject.pk}/year/{journal.year.pk}/"

    assert client.get(url).status_code == get_status
    assert client.post(url, {"action": "save"}).status_code == post_status
