"""Constant query counts (R-JRN-2: as fast as a spreadsheet): the grid, the e-diary
and the deputy's journal index cost the same number of queries whatever the number of
learners, lessons and groups; saving one mark stays within six data queries."""

from datetime import date, timedelta
from itertools import cycle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.models import JournalCell, Lesson
from learners.models import Enrollment, Role
from tests.achievements.factories import (
    CONTROL_WORK,
    ExemptionFactory,
    PeriodMarkFactory,
    work_kind,
)
from tests.achievements.helpers import data_queries, grid_url, save_cell
from tests.factories import (
    CurriculumLineFactory,
    GuardianshipFactory,
    LearnerFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GRID_BUDGET = 12
SAVE_BUDGET = 6
CELL_TEXTS = ["5", "4/5", "3", "н", "оп/4", "", "2", "б", "5/5/4"]


def spread_lessons(group, subject, period, count, teacher=None):
    """``count`` lessons spread over the period: one a day, a second lesson a day once
    every day of the period has one; every third is a control work (weight 2)."""
    days = (period.ends_on - period.starts_on).days + 1
    kinds = cycle([work_kind(), work_kind(), work_kind(CONTROL_WORK)])
    return Lesson.objects.bulk_create(
        Lesson(
            group=group,
            subject=subject,
            period=period,
            teacher=teacher,
            date=period.starts_on + timedelta(days=(i * max(days // count, 1)) % days),
            number=1 + (i * max(days // count, 1)) // days,
            topic=f"Тема {i + 1}",
            homework=f"§ {i + 1}",
            work_kind=next(kinds),
        )
        for i in range(count)
    )


def enroll(group, count):
    learners = LearnerFactory.create_batch(count)
    Enrollment.objects.bulk_create(
        Enrollment(learner=x, group=group, programme=group.programme, started_on=date(2026, 9, 1))
        for x in learners
    )
    return learners


def fill_cells(lessons, learners, author):
    texts = cycle(CELL_TEXTS)
    cells = []
    for learner in learners:
        for lesson in lessons:
            text = next(texts)
            attendance = next((p for p in text.split("/") if not p.isdigit()), "")
            marks = "/".join(p for p in text.split("/") if p.isdigit())
            cells.append(
                JournalCell(
                    lesson=lesson,
                    learner=learner,
                    marks=marks,
                    attendance=attendance,
                    updated_by=author,
                )
            )
    JournalCell.objects.bulk_create(cells)


def build_journal(journal, name, learners, lessons):
    """A journal of the same teacher and subject with ``learners`` × ``lessons``, every
    cell filled, a period mark and an exemption for the first learner."""
    group = StudyGroupFactory(year=journal.year, name=name)
    TeachingAssignmentFactory(teacher=journal.teacher, group=group, subject=journal.subject)
    people = enroll(group, learners)
    fill_cells(
        spread_lessons(group, journal.subject, journal.period, lessons, journal.teacher),
        people,
        journal.teacher_user,
    )
    PeriodMarkFactory(learner=people[0], subject=journal.subject, period=journal.period)
    ExemptionFactory(learner=people[1], subject=journal.subject, starts_on=date(2026, 10, 1))
    return group


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


def test_queries_spread_lessons_cover_period(journal):
    group = StudyGroupFactory(year=journal.year, name="5Я")
    lessons = spread_lessons(group, journal.subject, journal.period, 60)

    days = sorted({x.date for x in lessons})
    assert (len(lessons), len(days)) == (60, 55)
    assert (days[0], days[-1]) == (date(2026, 9, 1), date(2026, 10, 25))
    assert len({(x.date, x.number) for x in lessons}) == 60


def test_queries_grid_constant_for_3x5_and_30x60(
    teacher_client, journal, django_assert_num_queries
):
    small = build_journal(journal, "5Б", learners=3, lessons=5)
    large = build_journal(journal, "5В", learners=30, lessons=60)
    assert JournalCell.objects.filter(lesson__group=large).count() == 1800

    small_count, small_page = count_queries(
        teacher_client, grid_url(small, journal.subject, journal.period)
    )
    with django_assert_num_queries(small_count):
        large_page = teacher_client.get(grid_url(large, journal.subject, journal.period))

    assert (len(small_page.context["grid"].rows), len(small_page.context["grid"].lessons)) == (
        3,
        5,
    )
    assert (len(large_page.context["grid"].rows), len(large_page.context["grid"].lessons)) == (
        30,
        60,
    )
    assert small_count <= GRID_BUDGET


def test_queries_grid_within_budget_assert_max(
    teacher_client, journal, django_assert_max_num_queries
):
    large = build_journal(journal, "5В", learners=30, lessons=60)

    with django_assert_max_num_queries(GRID_BUDGET):
        response = teacher_client.get(grid_url(large, journal.subject, journal.period))

    assert response.status_code == 200


@pytest.mark.parametrize("existing", [False, True], ids=["new_cell", "changed_cell"])
def test_queries_save_one_mark_within_budget(teacher_client, journal, existing):
    large = build_journal(journal, "5В", learners=30, lessons=60)
    lesson = Lesson.objects.filter(group=large).order_by("date", "number").last()
    learner = Enrollment.objects.filter(group=large).first().learner
    version = 0
    if existing:
        version = JournalCell.objects.get(lesson=lesson, learner=learner).version
    else:
        JournalCell.objects.filter(lesson=lesson, learner=learner).delete()

    with CaptureQueriesContext(connection) as context:
        response = save_cell(teacher_client, lesson, learner, "5/4", version)

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "5/4", "version": version + 1}
    assert len(data_queries(context.captured_queries)) <= SAVE_BUDGET


def diary_learner(journal, name, per_subject):
    """A learner of a new class with two subjects of ``per_subject`` lessons each,
    every lesson marked, and a parent."""
    group = StudyGroupFactory(year=journal.year, name=name)
    other = SubjectFactory()
    for subject in (journal.subject, other):
        CurriculumLineFactory(programme=group.programme, subject=subject, grade=group.grade)
    learner = enroll(group, 1)[0]
    for subject in (journal.subject, other):
        lessons = spread_lessons(group, subject, journal.period, per_subject)
        fill_cells(lessons, [learner], journal.teacher_user)
        PeriodMarkFactory(learner=learner, subject=subject, period=journal.period, value="4")
    parent = GuardianshipFactory(learner=learner).guardian.user
    return learner, parent


def test_queries_diary_constant_for_3_and_30_lessons(client, journal, django_assert_num_queries):
    few, few_parent = diary_learner(journal, "6А", per_subject=3)
    many, many_parent = diary_learner(journal, "6Б", per_subject=30)
    client.force_login(few_parent)
    few_count, few_page = count_queries(client, f"/diary/{few.pk}/?period={journal.period.pk}")
    client.force_login(many_parent)

    with django_assert_num_queries(few_count):
        many_page = client.get(f"/diary/{many.pk}/?period={journal.period.pk}")

    marked = JournalCell.objects.exclude(marks="")
    for learner, page in [(few, few_page), (many, many_page)]:
        assert [len(row.marks) for row in page.context["subjects"]] == [
            marked.filter(learner=learner, lesson__subject=row.subject).count()
            for row in page.context["subjects"]
        ]
    assert [len(row.marks) for row in many_page.context["subjects"]] == [21, 21]


def add_groups(journal, names):
    for name in names:
        build_journal(journal, name, learners=3, lessons=4)


def test_queries_journal_index_constant_for_2_and_6_groups(
    client, journal, django_assert_num_queries
):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))
    url = f"/journal/?period={journal.period.pk}"
    add_groups(journal, ["6А"])  # with the fixture's 5А: two groups

    two_count, two_page = count_queries(client, url)
    add_groups(journal, ["6Б", "7А", "7Б", "8А"])

    with django_assert_num_queries(two_count):
        six_page = client.get(url)

    assert len(two_page.context["journals"]) == 2
    assert [(j.group.name, j.lesson_total) for j in six_page.context["journals"]] == [
        ("5А", 1),
        ("6А", 4),
        ("6Б", 4),
        ("7А", 4),
        ("7Б", 4),
        ("8А", 4),
    ]
