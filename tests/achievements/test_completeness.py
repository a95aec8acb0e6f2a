"""The deputy's journal index counts each journal's marks in SQL (R-JRN-2): the
numbers equal counting every mark in Python, as the page did before, and the page's
queries stay the same however many marks the period holds."""

from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.models import JournalCell, Lesson
from achievements.selectors import journal_completeness
from learners.models import Enrollment, Role
from tests.achievements.factories import JournalCellFactory, LessonFactory
from tests.factories import EnrollmentFactory, LearnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def python_count(year, period, min_marks):
    """The index's former computation: every mark of the period read into Python."""
    counts = defaultdict(lambda: defaultdict(int))
    for group_id, subject_id, learner_id, text in (
        JournalCell.objects.filter(lesson__group__year=year, lesson__period=period)
        .exclude(marks="")
        .values_list("lesson__group_id", "lesson__subject_id", "learner_id", "marks")
    ):
        counts[(group_id, subject_id)][learner_id] += len(text.split("/"))
    found = {key: sum(1 for n in per.values() if n >= min_marks) for key, per in counts.items()}
    return {key: n for key, n in found.items() if n}


@pytest.fixture
def marked(journal):
    """5А Математика, three lessons (the fixture's and the second without a topic):
    Антонова 3 marks, Борисов 2, a learner who left 3; attendance counts no mark."""
    teacher = journal.teacher_user
    second = LessonFactory(
        group=journal.group, subject=journal.subject, period=journal.period,
        date=date(2026, 9, 16), number=1, topic="",
    )  # fmt: skip
    third = LessonFactory(
        group=journal.group, subject=journal.subject, period=journal.period,
        date=date(2026, 9, 17), number=1, topic="Дроби",
    )  # fmt: skip
    left = EnrollmentFactory(
        group=journal.group, learner=LearnerFactory(last_name="Яковлев"),
        started_on=date(2026, 9, 1), ended_on=date(2026, 9, 20),
    ).learner  # fmt: skip
    for lesson, learner, marks, attendance in [
        (journal.lesson, journal.learner, "5/4", ""),
        (second, journal.learner, "3", "оп"),
        (third, journal.learner, "", "н"),
        (journal.lesson, journal.classmate, "4", ""),
        (second, journal.classmate, "5", ""),
        (third, journal.classmate, "", "б"),
        (journal.lesson, left, "5/5/5", ""),
    ]:
        JournalCellFactory(
            lesson=lesson, learner=learner, marks=marks, attendance=attendance, updated_by=teacher
        )
    return journal


def test_completeness_equals_python_count_for_each_minimum(marked):
    for min_marks in (1, 2, 3, 4, 5):
        _, enough = journal_completeness(
            year=marked.year, period=marked.period, min_marks=min_marks
        )

        assert enough == python_count(marked.year, marked.period, min_marks)


def test_completeness_exact_numbers(marked):
    stats, enough = journal_completeness(year=marked.year, period=marked.period, min_marks=3)

    key = (marked.group.pk, marked.subject.pk)
    assert (stats[key]["total"], stats[key]["untitled"]) == (3, 2)
    # Антонова has three marks («5/4» and «3»), the learner who left three; Борисов two.
    assert enough == {key: 2}


def test_completeness_index_page_shows_counts(client, marked):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    response = client.get(f"/journal/?period={marked.period.pk}")

    assert response.status_code == 200
    [row] = response.context["journals"]
    # Two learners on the roster now, two with enough marks (one of them left): as before.
    assert (row.lesson_total, row.untitled, row.below_minimum) == (3, 2, 0)


def test_completeness_index_page_below_minimum_counts_learners(client, journal):
    teacher = journal.teacher_user
    JournalCellFactory(
        lesson=journal.lesson, learner=journal.learner, marks="5/4/3", updated_by=teacher
    )
    JournalCellFactory(
        lesson=journal.lesson, learner=journal.classmate, marks="5/4", updated_by=teacher
    )
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    [row] = client.get(f"/journal/?period={journal.period.pk}").context["journals"]

    assert (row.lesson_total, row.untitled, row.below_minimum) == (1, 1, 1)


def add_marked_lessons(journal, count):
    """``count`` more lessons of the journal, every enrolled learner marked «5/4»."""
    learners = [e.learner for e in Enrollment.objects.filter(group=journal.group)]
    start = journal.period.starts_on
    made = Lesson.objects.filter(group=journal.group).count() - 1  # less the fixture's
    for i in range(made, made + count):
        lesson = LessonFactory(
            group=journal.group, subject=journal.subject, period=journal.period,
            date=start + timedelta(days=i % 50), number=2 + i // 50,
        )  # fmt: skip
        JournalCell.objects.bulk_create(
            JournalCell(lesson=lesson, learner=x, marks="5/4", updated_by=journal.teacher_user)
            for x in learners
        )


def test_completeness_index_queries_constant_for_2_and_60_lessons_of_marks(
    client, journal, django_assert_num_queries
):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))
    url = f"/journal/?period={journal.period.pk}"
    add_marked_lessons(journal, 2)
    with CaptureQueriesContext(connection) as few:
        first = client.get(url)
    add_marked_lessons(journal, 58)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert JournalCell.objects.filter(lesson__group=journal.group).count() == 120
    [before] = first.context["journals"]
    [after] = response.context["journals"]
    assert (before.lesson_total, before.below_minimum) == (3, 0)
    assert (after.lesson_total, after.below_minimum) == (61, 0)
