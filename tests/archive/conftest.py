"""A small school with a closed first quarter, and a snapshot of it, for the archive's
suites: two classes (5А with three learners, 5Б with one), two subjects, marks, an
absence, period marks and a closure of the quarter for the whole organisation."""

from dataclasses import dataclass
from datetime import date

import pytest

from archive.models import Snapshot
from archive.services import snapshot_start
from learners.models import Role, StudyGroup, StudyPeriod
from tests.achievements.factories import (
    JournalCellFactory,
    LessonFactory,
    PeriodClosureFactory,
    PeriodMarkFactory,
)
from tests.schools import SchoolBuilder


@dataclass
class ArchiveSchool:
    school: SchoolBuilder
    period: StudyPeriod
    group_a: StudyGroup
    group_b: StudyGroup
    deputy: object
    director: object
    clerk: object
    teacher: object
    learners: list


def build_archive_school(*, close: bool = True) -> ArchiveSchool:
    school = SchoolBuilder()
    school.organisation()
    period = school.period(number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))
    group_a = school.group("5А", class_teacher=school.class_teacher("Смирнова", "Ольга"))
    group_b = school.group("5Б")
    maths, russian = school.subject("Математика"), school.subject("Русский язык")
    teacher = school.subject_teacher(group_a, maths, username="archive-teacher")
    school.subject_teacher(group_a, russian)
    school.subject_teacher(group_b, maths)
    learners = [
        school.learner(group_a, "Антонова", "Мария", started_on=date(2026, 9, 1)),
        school.learner(group_a, "Борисов", "Иван", started_on=date(2026, 9, 1)),
        school.learner(group_a, "Васильева", "Анна", started_on=date(2026, 9, 1)),
    ]
    other = school.learner(group_b, "Григорьев", "Пётр", started_on=date(2026, 9, 1))
    for number, day in enumerate((date(2026, 9, 7), date(2026, 9, 14)), start=1):
        for subject in (maths, russian):
            lesson = LessonFactory(
                group=group_a,
                subject=subject,
                date=day,
                number=number,
                period=period,
                topic=f"Тема {number}",
            )
            for learner, marks in zip(learners, ("5", "4", ""), strict=True):
                JournalCellFactory(
                    lesson=lesson,
                    learner=learner,
                    marks=marks,
                    attendance="н" if not marks else "",
                )
    lesson_b = LessonFactory(group=group_b, subject=maths, date=date(2026, 9, 7), period=period)
    JournalCellFactory(lesson=lesson_b, learner=other, marks="3")
    for learner, value in zip(learners, ("5", "4", "2"), strict=True):
        for subject in (maths, russian):
            PeriodMarkFactory(learner=learner, subject=subject, period=period, value=value)
    PeriodMarkFactory(learner=other, subject=maths, period=period, value="3")
    if close:
        PeriodClosureFactory(period=period, group=None)
    return ArchiveSchool(
        school=school,
        period=period,
        group_a=group_a,
        group_b=group_b,
        deputy=school.official(Role.DEPUTY, username="archive-deputy", staff=True),
        director=school.official(Role.DIRECTOR, username="archive-director", staff=True),
        clerk=school.official(Role.CLERK, username="archive-clerk", staff=True),
        teacher=teacher.user,
        learners=[*learners, other],
    )


@pytest.fixture
def archive_school(db) -> ArchiveSchool:
    return build_archive_school()


def make_snapshot(archive: ArchiveSchool, capture, *, groups=None) -> Snapshot:
    """A complete snapshot of the quarter (the immediate task backend builds it when
    the start commits)."""
    with capture(execute=True):
        snapshot = snapshot_start(
            actor=archive.deputy,
            year=archive.period.year,
            period=archive.period,
            groups=groups,
        )
    snapshot.refresh_from_db()
    return snapshot


@pytest.fixture
def snapshot(archive_school, django_capture_on_commit_callbacks) -> Snapshot:
    return make_snapshot(archive_school, django_capture_on_commit_callbacks)
