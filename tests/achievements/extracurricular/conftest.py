"""Two courses of extracurricular activity beside the journal fixture's 5А Математика:
«Разговоры о важном» on the pass/fail scale and «Шахматы» on the levels scale, both
in 5А's plan for grade 5 (the plan of extracurricular activity is part of the
programme, 000 §3.2), each with its own teacher and one lesson on 15.09.2026."""

from dataclasses import dataclass
from datetime import date

import pytest

from achievements.models import Lesson
from learners.models import GradingScale, Staff, Subject, SubjectKind
from tests.achievements.factories import LessonFactory
from tests.factories import (
    CurriculumLineFactory,
    StaffFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
)


@dataclass
class Course:
    subject: Subject
    teacher: Staff
    lesson: Lesson

    @property
    def teacher_user(self):
        return self.teacher.user


def make_course(journal, name: str, scale_code: str, *, number: int = 2) -> Course:
    subject = SubjectFactory(
        name=name,
        kind=SubjectKind.EXTRACURRICULAR,
        grading_scale=GradingScale.objects.get(code=scale_code),
    )
    CurriculumLineFactory(
        programme=journal.group.programme, subject=subject, grade=journal.group.grade, hours=34
    )
    teacher = StaffFactory()
    TeachingAssignmentFactory(teacher=teacher, group=journal.group, subject=subject)
    lesson = LessonFactory(
        group=journal.group,
        subject=subject,
        period=journal.period,
        date=date(2026, 9, 15),
        number=number,
        teacher=teacher,
    )
    return Course(subject, teacher, lesson)


@pytest.fixture
def talks(journal):
    """«Разговоры о важном», зачтено / не зачтено."""
    CurriculumLineFactory(
        programme=journal.group.programme,
        subject=journal.subject,
        grade=journal.group.grade,
        hours=170,
    )
    return make_course(journal, "Разговоры о важном", "pass-fail", number=2)


@pytest.fixture
def chess(journal, talks):
    """«Шахматы», уровни освоения (В, С, Н)."""
    return make_course(journal, "Шахматы", "levels", number=3)
