"""One journal to work in: 5А, Математика (five-point scale), the first quarter of
2026/2027 (01.09–25.10.2026), its teacher, two enrolled learners and one lesson on
15.09.2026 (work on the lesson, weight 1.0)."""

from dataclasses import dataclass
from datetime import date

import pytest

from achievements.models import Lesson
from learners.models import AcademicYear, Learner, Staff, StudyGroup, StudyPeriod, Subject
from tests.achievements.factories import LessonFactory
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    LearnerFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
)


@dataclass
class Journal:
    year: AcademicYear
    period: StudyPeriod
    group: StudyGroup
    subject: Subject
    teacher: Staff
    learner: Learner
    classmate: Learner
    lesson: Lesson

    @property
    def teacher_user(self):
        return self.teacher.user


@pytest.fixture
def journal(db):
    year = AcademicYearFactory()
    period = StudyPeriodFactory(year=year)
    group = StudyGroupFactory(year=year, name="5А")
    subject = SubjectFactory(name="Математика")
    assignment = TeachingAssignmentFactory(group=group, subject=subject)
    learner = EnrollmentFactory(
        group=group, learner=LearnerFactory(last_name="Антонова"), started_on=date(2026, 9, 1)
    ).learner
    classmate = EnrollmentFactory(
        group=group, learner=LearnerFactory(last_name="Борисов"), started_on=date(2026, 9, 1)
    ).learner
    lesson = LessonFactory(
        group=group,
        subject=subject,
        period=period,
        date=date(2026, 9, 15),
        number=1,
        teacher=assignment.teacher,
    )
    return Journal(year, period, group, subject, assignment.teacher, learner, classmate, lesson)


@pytest.fixture
def teacher_client(client, journal):
    client.force_login(journal.teacher_user)
    return client
