"""The demo's extracurricular activity (learners.demo.extracurricular): two courses in
the plan of 7А (class teacher ``klassruk``), the family's 3Б and a fifth form, «Шахматы»
taught by ``uchitel``, weekly lessons with attendance and results up to today, period
results of the first quarter — and the demo parent sees them in the diary."""

from datetime import date

import pytest

from achievements.models import CellChange, JournalCell, Lesson, PeriodMark, PeriodMarkChange
from learners.demo import extracurricular as demo
from learners.models import CurriculumLine, SubjectKind, TeachingAssignment
from tests.schools import SchoolBuilder

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)  # the second quarter: the first (01.09–04.11) is over


@pytest.fixture
def school():
    build = SchoolBuilder(today=TODAY)
    klassruk = build.class_teacher("Волкова", username="klassruk")
    seventh = build.group("7А", grade=7, class_teacher=klassruk)
    third = build.group("3Б", grade=3, class_teacher=build.class_teacher("Иванова"))
    fifth = build.group("5А", grade=5)
    build.subject_teacher(seventh, "Алгебра", username="uchitel", last_name="Лебедев")
    son = build.learner(seventh, "Соколов", started_on=date(2026, 9, 1))
    daughter = build.learner(third, "Соколова", started_on=date(2026, 9, 1))
    build.learner(fifth, "Петров", started_on=date(2026, 9, 1))
    build.learner(build.group("9Б", grade=9), "Орлов", started_on=date(2026, 9, 1))
    build.parent(son, daughter, username="roditel")
    return build


def test_demo_courses_in_the_plan_and_taught(school):
    summary = demo.generate(today=TODAY, seed=17)

    assert summary["extracurricular_courses"] == 2
    assert sorted(
        TeachingAssignment.objects.filter(subject__kind=SubjectKind.EXTRACURRICULAR).values_list(
            "group__name", "subject__name", "teacher__last_name"
        )
    ) == [
        ("3Б", "Разговоры о важном", "Иванова"),
        ("3Б", "Шахматы", "Лебедев"),
        # 5А has no class teacher in this school: the demo teacher leads the course.
        ("5А", "Разговоры о важном", "Лебедев"),
        ("5А", "Шахматы", "Лебедев"),
        ("7А", "Разговоры о важном", "Волкова"),
        ("7А", "Шахматы", "Лебедев"),
    ]
    assert set(
        CurriculumLine.objects.filter(subject__kind=SubjectKind.EXTRACURRICULAR).values_list(
            "grade", "hours"
        )
    ) == {(3, 34), (5, 34), (7, 34)}


def test_demo_lessons_cells_and_first_quarter_results_with_history(school):
    summary = demo.generate(today=TODAY, seed=17)

    lessons = Lesson.objects.filter(subject__kind=SubjectKind.EXTRACURRICULAR)
    assert summary["extracurricular_lessons"] == lessons.count() > 0
    assert not lessons.filter(date__gt=TODAY).exists()
    assert set(lessons.values_list("number", flat=True)) == {8}
    assert JournalCell.objects.count() == CellChange.objects.count() > 0
    results = PeriodMark.objects.filter(subject__kind=SubjectKind.EXTRACURRICULAR)
    # Three learners (7А, 3Б, 5А) × two courses, for the first quarter only.
    assert results.count() == 6
    assert set(results.values_list("period__number", flat=True)) == {1}
    assert set(results.values_list("value", flat=True)) <= {"зач", "незач", "В", "С", "Н"}
    assert PeriodMarkChange.objects.count() == 6
    assert summary["extracurricular_results"] == 6 + JournalCell.objects.count()


def test_demo_parent_sees_courses_in_diary(client, school):
    demo.generate(today=TODAY, seed=17)
    son = school.year.groups.get(name="7А").enrollments.get().learner
    first = school.periods[0]
    client.force_login(son.guardians.get().user)

    html = client.get(f"/diary/{son.pk}/?period={first.pk}").content.decode()

    section = html[html.index('<section class="card" id="extracurricular">') :]
    assert "Разговоры о важном" in section and "Шахматы" in section


def test_demo_without_periods_writes_nothing(db):
    assert demo.generate(today=TODAY, seed=17) == {
        "extracurricular_courses": 0,
        "extracurricular_lessons": 0,
        "extracurricular_results": 0,
    }
