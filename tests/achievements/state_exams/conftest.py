"""A school of 2026/2027 (01.09.2026–31.05.2027) with 9А (Антонова, Борисов; class
teacher; mathematics teacher; a teacher of Russian), 9Б (another class teacher), 11А
(Волков) and a user for every other role. ОГЭ in mathematics is the usual page."""

from dataclasses import dataclass, field
from datetime import date

import pytest

from learners.models import Role
from tests.schools import SchoolBuilder


@dataclass
class Gia:
    school: SchoolBuilder
    year: object
    math: object
    russian: object
    group: object
    other_group: object
    senior: object
    learner: object
    classmate: object
    graduate: object
    people: dict = field(default_factory=dict)

    def url(self, kind="oge", group=None, subject=None, tail=""):
        group = group or self.group
        subject = subject or self.math
        return f"/journal/state-exams/{group.pk}/{kind}/{subject.pk}/{tail}"


@pytest.fixture
def gia(db):
    school = SchoolBuilder()
    math, russian = school.subject("Математика"), school.subject("Русский язык")
    class_teacher = school.class_teacher()
    group = school.group("9А", grade=9, class_teacher=class_teacher)
    other_group = school.group("9Б", grade=9, class_teacher=school.class_teacher())
    senior = school.group("11А", grade=11)
    learner = school.learner(group, "Антонова", "Мария", "Ивановна", started_on=date(2026, 9, 1))
    classmate = school.learner(group, "Борисов", "Пётр", "", started_on=date(2026, 9, 1))
    graduate = school.learner(senior, "Волков", "Илья", "", started_on=date(2026, 9, 1))
    people = {
        "deputy": school.official(Role.DEPUTY),
        "director": school.official(Role.DIRECTOR),
        "class_teacher": class_teacher.user,
        "other_class_teacher": other_group.class_teacher.user,
        "teacher": school.subject_teacher(group, math).user,
        "subject_stranger": school.subject_teacher(group, russian).user,
        "other_teacher": school.subject_teacher(other_group, math).user,
        "parent": school.parent(learner).user,
        "learner": school.user(Role.LEARNER),
        "clerk": school.official(Role.CLERK),
        "customer": school.user(Role.CUSTOMER),
        "no_role": school.user(),
    }
    learner.user = people["learner"]
    learner.save()
    return Gia(
        school, school.year, math, russian, group, other_group, senior,
        learner, classmate, graduate, people,
    )  # fmt: skip
