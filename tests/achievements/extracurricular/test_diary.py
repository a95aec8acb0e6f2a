"""The diary shows the courses of extracurricular activity in a section of their own
(«Внеурочная деятельность»): each course's marks and its period result, and no mean —
a pass/fail or levels scale has no numeric average. The subjects' table stays as it
was. A family sees only its own child; a course teacher sees only their course."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.achievements.extracurricular.conftest import make_course
from tests.achievements.factories import JournalCellFactory, PeriodMarkFactory
from tests.achievements.people import People

pytestmark = pytest.mark.django_db

SECTION = '<section class="card" id="extracurricular">'


@pytest.fixture
def marked(journal, talks, chess):
    """Антонова: Математика 5 and 4 (mean 4.50), «зач» in «Разговоры о важном» with
    the period result «зач», «С» in «Шахматы» with no period result yet."""
    JournalCellFactory(lesson=journal.lesson, learner=journal.learner, marks="5/4")
    JournalCellFactory(lesson=talks.lesson, learner=journal.learner, marks="зач")
    JournalCellFactory(lesson=chess.lesson, learner=journal.learner, marks="С")
    PeriodMarkFactory(
        learner=journal.learner, subject=talks.subject, period=journal.period, value="зач"
    )
    return journal


def diary_url(journal):
    return f"/diary/{journal.learner.pk}/?period={journal.period.pk}"


def sections(html):
    """(the subjects' table, the extracurricular section) of a diary page."""
    start = html.index(SECTION)
    end = html.index("</section>", start)
    return html[:start], html[start:end]


def rows(section):
    """The cells' text of each body row, tags stripped."""
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).split()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_diary_parent_sees_courses_in_own_section(client, marked):
    client.force_login(People(marked)["parent"])

    response = client.get(diary_url(marked))

    assert response.status_code == 200
    subjects, courses = sections(response.content.decode())
    assert "<h2>Внеурочная деятельность — 1-я четверть</h2>" in courses
    assert rows(courses) == [
        [["Разговоры", "о", "важном"], ["зач", "15.09", "Ур"], ["зач"], ["—"]],
        [["Шахматы"], ["С", "15.09", "Ур"], ["—"], ["—"]],
    ]
    assert "Средний балл" not in courses
    assert "Разговоры о важном" not in subjects
    assert "Шахматы" not in subjects
    assert '<td class="num" data-label="Средний балл">4,50</td>' in subjects


def test_diary_without_courses_has_no_section(client, journal):
    JournalCellFactory(lesson=journal.lesson, learner=journal.learner, marks="5")
    client.force_login(People(journal)["parent"])

    html = client.get(diary_url(journal)).content.decode()

    assert SECTION not in html
    assert "Внеурочная деятельность" not in html


def test_diary_other_parent_404(client, marked):
    client.force_login(People(marked)["other_parent"])

    assert client.get(diary_url(marked)).status_code == 404


def test_diary_course_teacher_sees_only_own_course(client, marked, talks):
    client.force_login(talks.teacher_user)

    response = client.get(diary_url(marked))

    assert response.status_code == 200
    subjects, courses = sections(response.content.decode())
    assert [row[0] for row in rows(courses)] == [["Разговоры", "о", "важном"]]
    assert "Шахматы" not in courses
    assert "Математика" not in subjects


def test_diary_queries_constant_in_courses(client, journal, talks):
    client.force_login(People(journal)["parent"])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(diary_url(journal)).status_code == 200
        return len(captured)

    JournalCellFactory(lesson=talks.lesson, learner=journal.learner, marks="зач")
    with_one = count()
    for number in range(4):
        course = make_course(journal, f"Курс {number}", "levels", number=4 + number)
        JournalCellFactory(lesson=course.lesson, learner=journal.learner, marks="В")
    with_five = count()

    assert with_five == with_one
