"""One journal to work in: 5А, Математика (five-point scale), the first quarter of
2026/2027 (01.09–25.10.2026), its teacher, two enrolled learners and one lesson on
15.09.2026 (work on the lesson, weight 1.0). Built with ``tests.schools.SchoolBuilder``;
5А has no class teacher until ``tests.achievements.people`` gives it one."""

from dataclasses import dataclass
from datetime import date

import pytest

from achievements.models import Lesson
from learners.models import AcademicYear, Learner, Staff, StudyGroup, StudyPeriod, Subject
from tests.achievements.factories import LessonFactory
from tests.schools import SchoolBuilder


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
    school = SchoolBuilder()
    period = school.period()
    group = school.group("5А")
    subject = school.subject("Математика")
    teacher = school.subject_teacher(group, subject)
    learner = school.learner(group, "Антонова", started_on=date(2026, 9, 1))
    classmate = school.learner(group, "Борисов", started_on=date(2026, 9, 1))
    lesson = LessonFactory(
        group=group,
        subject=subject,
        period=period,
        date=date(2026, 9, 15),
        number=1,
        teacher=teacher,
    )
    return Journal(school.year, period, group, subject, teacher, learner, classmate, lesson)


@pytest.fixture
def teacher_client(client, journal):
    client.force_login(journal.teacher_user)
    return client
