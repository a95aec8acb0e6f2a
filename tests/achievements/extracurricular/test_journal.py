"""The journal of a course of extracurricular activity (R-JRN-12): the ordinary journal
grid, on the course's own scale — «зач»/«незач» or the levels В/С/Н — with attendance,
and its period result recorded as a PeriodMark with history."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.models import CellChange, JournalCell, MarkKind, PeriodMark, PeriodMarkChange
from learners.models import Role
from tests.achievements.extracurricular.conftest import make_course
from tests.achievements.factories import LessonFactory
from tests.achievements.helpers import PERIOD_MARK_URL, grid_url, post_json, save_cell
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTENDANCE_HINT = "посещаемость: н, б, уп, оп."


def refused(response, message):
    assert response.status_code == 400
    assert response.json() == {"ok": False, "error": message}


def course_client(client, course):
    client.force_login(course.teacher_user)
    return client


def post_period_result(client, journal, course, value, reason="", version=0):
    return post_json(
        client,
        PERIOD_MARK_URL,
        {
            "learner": journal.learner.pk,
            "group": journal.group.pk,
            "subject": course.subject.pk,
            "period": journal.period.pk,
            "kind": "period",
            "value": value,
            "version": version,
            "reason": reason,
        },
    )


def test_course_grid_saves_pass_mark_and_attendance(client, journal, talks):
    client = course_client(client, talks)

    passed = save_cell(client, talks.lesson, journal.learner, "зач")
    absent = save_cell(client, talks.lesson, journal.classmate, "н")

    assert passed.status_code == 200
    assert absent.status_code == 200
    assert sorted(JournalCell.objects.values_list("learner__last_name", "marks", "attendance")) == [
        ("Антонова", "зач", ""),
        ("Борисов", "", "н"),
    ]
    assert CellChange.objects.count() == 2


def test_course_grid_saves_level(client, journal, chess):
    response = save_cell(course_client(client, chess), chess.lesson, journal.learner, "В")

    assert response.status_code == 200
    assert JournalCell.objects.get().marks == "В"


@pytest.mark.parametrize("value", ["5", "2"])
def test_course_grid_five_point_mark_refused(client, journal, talks, value):
    response = save_cell(course_client(client, talks), talks.lesson, journal.learner, value)

    refused(
        response,
        f"«{value}» нет в шкале оценивания предмета. Можно: незач, зач; {ATTENDANCE_HINT}",
    )
    assert JournalCell.objects.count() == 0
    assert CellChange.objects.count() == 0


def test_levels_grid_five_point_mark_refused(client, journal, chess):
    response = save_cell(course_client(client, chess), chess.lesson, journal.learner, "5")

    refused(response, f"«5» нет в шкале оценивания предмета. Можно: С, Н, В; {ATTENDANCE_HINT}")
    assert JournalCell.objects.count() == 0


def test_course_period_result_recorded_with_history(client, journal, talks):
    client = course_client(client, talks)

    response = post_period_result(client, journal, talks, "зач", reason="Курс освоен")

    assert response.status_code == 200
    mark = PeriodMark.objects.get()
    assert (mark.subject, mark.kind, mark.period, mark.value, mark.reason) == (
        talks.subject,
        MarkKind.PERIOD,
        journal.period,
        "зач",
        "Курс освоен",
    )
    assert list(
        PeriodMarkChange.objects.values_list("old_value", "new_value", "reason", "changed_by")
    ) == [("", "зач", "Курс освоен", talks.teacher_user.pk)]


def test_course_period_five_point_result_refused(client, journal, talks):
    response = post_period_result(
        course_client(client, talks), journal, talks, "5", reason="Курс освоен"
    )

    refused(response, "«5» нельзя поставить за период. Можно: незач, зач, н/а, осв.")
    assert PeriodMark.objects.count() == 0
    assert PeriodMarkChange.objects.count() == 0


def test_course_grid_teacher_of_another_course_404(client, journal, talks, chess):
    client.force_login(chess.teacher_user)

    page = client.get(grid_url(journal.group, talks.subject, journal.period))
    cell = save_cell(client, talks.lesson, journal.learner, "зач")

    assert page.status_code == 404
    # The grid is a foreign object (404); a save names why it is refused, as for any
    # journal of another teacher.
    assert cell.status_code == 403
    assert cell.json() == {
        "ok": False,
        "error": "Этот журнал ведёт другой учитель: изменить отметку нельзя.",
    }
    assert JournalCell.objects.count() == 0


def test_course_grid_own_teacher_200(client, journal, talks):
    response = course_client(client, talks).get(
        grid_url(journal.group, talks.subject, journal.period)
    )

    assert response.status_code == 200
    assert 'data-scale-kind="pass_fail" data-codes="незач|зач"' in response.content.decode()


def test_journal_index_lists_courses_in_own_section(client, journal, talks, chess):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    html = client.get("/journal/").content.decode()
    html = html[html.index("<table") :]  # the filter's options list the subjects too

    heading = html.index("Внеурочная деятельность")
    assert html.count("Внеурочная деятельность") == 1
    assert html.index("Математика") < heading < html.index("Разговоры о важном")
    assert heading < html.index("Шахматы")


def test_journal_index_without_courses_has_no_section(client, journal):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    html = client.get("/journal/").content.decode()

    assert "Математика" in html
    assert "Внеурочная деятельность" not in html


def test_journal_index_queries_constant_in_course_journals(client, journal, talks):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/journal/?period={journal.period.pk}")
        assert response.status_code == 200
        return len(captured), response.content.decode().count("Открыть журнал</a>")

    with_two = count()
    for number in range(4):
        make_course(journal, f"Курс {number}", "levels", number=4 + number)
    with_six = count()

    assert (with_two[1], with_six[1]) == (2, 6)
    assert with_six[0] == with_two[0]


def test_journal_index_course_never_below_attestation_minimum(client, journal, talks):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    html = client.get(f"/journal/?period={journal.period.pk}").content.decode()

    rows = re.findall(r"<tr>\s*<td>5А</td>\s*<td>([^<]+)</td>.*?</tr>", html, re.S)
    assert rows == ["Математика", "Разговоры о важном"]
    figures = [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r'<td class="num">(.*?)</td>', row)]
        for row in re.findall(r"<tr>\s*<td>5А</td>.*?</tr>", html, re.S)
    ]
    # Lessons, without a topic, below the rule's three marks: both learners are below it
    # in the subject; a course's result is not proposed from marks, so nobody is.
    assert figures == [["1", "1", "2"], ["1", "1", "0"]]


def test_course_grid_proposes_latest_result(client, journal, talks):
    client = course_client(client, talks)
    later = make_course_lesson(journal, talks, day=22)
    save_cell(client, talks.lesson, journal.learner, "незач")
    save_cell(client, later, journal.learner, "зач")

    grid = client.get(grid_url(journal.group, talks.subject, journal.period)).context["grid"]

    assert [(row.enrollment.learner.last_name, row.proposed, row.mean) for row in grid.rows] == [
        ("Антонова", "зач", None),
        ("Борисов", "н/а", None),
    ]


def test_course_period_result_latest_confirmed_without_reason(client, journal, talks):
    client = course_client(client, talks)
    save_cell(client, talks.lesson, journal.learner, "зач")

    response = post_period_result(client, journal, talks, "зач")

    assert response.status_code == 200
    assert list(PeriodMark.objects.values_list("value", "proposed", "reason")) == [
        ("зач", "зач", "")
    ]


def test_course_period_result_other_than_latest_needs_reason(client, journal, talks):
    client = course_client(client, talks)
    save_cell(client, talks.lesson, journal.learner, "незач")

    response = post_period_result(client, journal, talks, "зач")

    assert response.status_code == 400
    assert response.json()["error"] == (
        "Журнал предлагает «незач». Чтобы поставить «зач», укажите причину."
    )
    assert PeriodMark.objects.count() == 0


def make_course_lesson(journal, course, *, day):
    return LessonFactory(
        group=journal.group, subject=course.subject, period=journal.period,
        date=date(2026, 9, day), number=2, teacher=course.teacher,
    )  # fmt: skip


def test_teacher_panel_course_never_below_attestation_minimum(client, journal, talks):
    client = course_client(client, talks)

    html = client.get("/teaching/").content.decode()

    row = re.search(r"<tr>(?:(?!</tr>).)*Разговоры о важном(?:(?!</tr>).)*</tr>", html, re.S)
    assert row is not None
    assert "из" not in re.sub(r"<[^>]+>", " ", row.group(0))
