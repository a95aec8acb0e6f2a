"""A school with a club of additional education, «Робототехника-1» (2026/2027, its
first quarter 01.09–25.10.2026), on the levels scale: its teacher, two members who are
also pupils of 5А, and everyone around them whose access the pages decide."""

from dataclasses import dataclass
from datetime import date

import pytest

from learners.models import (
    AcademicYear,
    GradingScale,
    Learner,
    ProgrammeLevel,
    Role,
    Staff,
    StudyGroup,
    StudyPeriod,
    Subject,
)
from tests.factories import (
    CurriculumLineFactory,
    ProgrammeFactory,
    SubjectFactory,
)
from tests.schools import SchoolBuilder


def association(school: SchoolBuilder, name: str, subject_name: str, *, scale="levels"):
    programme = ProgrammeFactory(
        name=f"Дополнительная общеразвивающая программа «{subject_name}»",
        level=ProgrammeLevel.ADDITIONAL_DEVELOPING,
        first_grade=1,
        last_grade=1,
    )
    group = school.group(name, programme=programme, grade=1)
    subject = SubjectFactory(name=subject_name, grading_scale=GradingScale.objects.get(code=scale))
    CurriculumLineFactory(programme=programme, subject=subject, grade=1, hours=72)
    return group, subject


@dataclass
class Club:
    school: SchoolBuilder
    year: AcademicYear
    period: StudyPeriod
    group: StudyGroup
    subject: Subject
    teacher: Staff
    learner: Learner
    classmate: Learner
    form: StudyGroup

    @property
    def teacher_user(self):
        return self.teacher.user


@pytest.fixture
def club(db):
    school = SchoolBuilder()
    period = school.period()
    school.period(number=2, starts_on=date(2026, 10, 26), ends_on=date(2026, 12, 28))
    form = school.group("5А")
    group, subject = association(school, "Робототехника-1", "Робототехника")
    teacher = school.subject_teacher(group, subject, last_name="Кулибина")
    learner = school.learner(form, "Антонова", account="antonova", started_on=date(2026, 9, 1))
    classmate = school.learner(form, "Борисов", account="borisov", started_on=date(2026, 9, 1))
    school.enroll(learner, group, started_on=date(2026, 9, 15))
    school.enroll(classmate, group, started_on=date(2026, 9, 15))
    return Club(school, school.year, period, group, subject, teacher, learner, classmate, form)


class People(dict):
    """A user for every role around the club, made on first use."""

    def __init__(self, club: Club):
        super().__init__()
        self.club = club

    def __missing__(self, role):
        self[role] = user = getattr(self, f"_{role}")()
        return user

    def _teacher(self):
        return self.club.teacher_user

    def _other_teacher(self):
        # The teacher of another association of the same year.
        group, subject = association(self.club.school, "Шахматы-1", "Шахматы")
        return self.club.school.subject_teacher(group, subject).user

    def _form_teacher(self):
        # Teaches the club's members mathematics in 5А, not the club.
        return self.club.school.subject_teacher(self.club.form, "Математика").user

    def _class_teacher(self):
        staff = self.club.school.class_teacher()
        self.club.form.class_teacher = staff
        self.club.form.save()
        return staff.user

    def _deputy(self):
        return self.club.school.official(Role.DEPUTY)

    def _director(self):
        return self.club.school.official(Role.DIRECTOR)

    def _clerk(self):
        return self.club.school.official(Role.CLERK)

    def _parent(self):
        return self.club.school.parent(self.club.learner).user

    def _other_parent(self):
        return self.club.school.parent(self.club.classmate).user

    def _learner(self):
        return self.club.learner.user

    def _other_learner(self):
        return self.club.classmate.user

    def _customer(self):
        customer = self.club.school.customer()
        enrollment = self.club.learner.enrollments.get(group=self.club.group)
        enrollment.customer = customer
        enrollment.save()
        return self.club.school.customer_account(customer)


@pytest.fixture
def people(club):
    return People(club)
