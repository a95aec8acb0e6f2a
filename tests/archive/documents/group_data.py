"""Data for the group documents, the supplement and the book of certificates: a school
with a graduating class 9А (and a 5А) and a training company with a group."""

from dataclasses import dataclass, field
from datetime import date

from achievements.models import MarkKind
from learners.models import OrganisationKind, ProgrammeLevel, Role, Sex
from tests.achievements.factories import PeriodMarkFactory
from tests.factories import CurriculumLineFactory, ProgrammeFactory
from tests.schools import SchoolBuilder


@dataclass
class Graduates:
    school: SchoolBuilder
    group: object
    other_group: object
    period: object
    subjects: dict
    learners: list
    deputy: object
    clerk: object
    teacher: object
    parent: object
    extra: dict = field(default_factory=dict)


def mark(learner, subject, value, *, kind=MarkKind.PERIOD, period=None, year=None, **fields):
    if kind == MarkKind.PERIOD:
        return PeriodMarkFactory(
            learner=learner, subject=subject, period=period, value=value, **fields
        )
    return PeriodMarkFactory(
        learner=learner, subject=subject, kind=kind, period=None, year=year, value=value, **fields
    )


def build_school() -> Graduates:
    school = SchoolBuilder()
    school.organisation()
    period = school.period(number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))
    school.period(number=2, starts_on=date(2026, 11, 5), ends_on=date(2026, 12, 28))
    programme = ProgrammeFactory(
        name="Основная образовательная программа основного общего образования",
        level=ProgrammeLevel.BASIC,
        first_grade=5,
        last_grade=9,
    )
    teacher_staff = school.class_teacher("Смирнова", "Ольга", "Петровна")
    group = school.group("9А", programme=programme, grade=9, class_teacher=teacher_staff)
    other = school.group("5А")
    maths, russian, history = (
        school.subject("Математика"),
        school.subject("Русский язык"),
        school.subject("История"),
    )
    CurriculumLineFactory(programme=programme, subject=maths, grade=9, hours=170)
    CurriculumLineFactory(programme=programme, subject=russian, grade=9, hours=102)
    CurriculumLineFactory(programme=programme, subject=history, grade=8, hours=68)
    maths_teacher = school.subject_teacher(
        group,
        maths,
        username="maths-9a",
        last_name="Петрова",
        first_name="Анна",
        patronymic="Сергеевна",
    )
    school.subject_teacher(group, russian)
    titov = school.learner(group, "Титов", "Михаил", "Андреевич", birth_date=date(2011, 3, 14))
    titov.sex = Sex.MALE
    titov.save()
    antonova = school.learner(group, "Антонова", "Мария", "Игоревна", birth_date=date(2011, 7, 2))
    learners = [antonova, titov]
    year = school.year
    for learner, values in ((antonova, ("5", "5", "5")), (titov, ("4", "3", "5"))):
        for subject, value in zip((maths, russian, history), values, strict=True):
            if subject is not history:
                mark(learner, subject, value, period=period)
                mark(learner, subject, value, kind=MarkKind.YEAR, year=year)
            mark(learner, subject, value, kind=MarkKind.FINAL, year=year)
    parent = school.parent(titov, username="titov-parent")
    return Graduates(
        school=school,
        group=group,
        other_group=other,
        period=period,
        subjects={"maths": maths, "russian": russian, "history": history},
        learners=learners,
        deputy=school.official(Role.DEPUTY, username="docs-deputy", staff=True),
        clerk=school.official(Role.CLERK, username="docs-clerk", staff=True),
        teacher=maths_teacher.user,
        parent=parent.user,
    )


def build_training() -> Graduates:
    school = SchoolBuilder()
    school.organisation(
        kind=OrganisationKind.TRAINING,
        full_name="Общество с ограниченной ответственностью «Учебный центр Профи»",
        short_name="ООО «УЦ Профи»",
    )
    period = school.period(number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))
    programme = ProgrammeFactory(
        name="Охрана труда для руководителей",
        level=ProgrammeLevel.ADVANCED_TRAINING,
        first_grade=1,
        last_grade=1,
    )
    group = school.group("ОТ-12", programme=programme, grade=1)
    safety, electric = school.subject("Охрана труда"), school.subject("Электробезопасность")
    CurriculumLineFactory(programme=programme, subject=safety, grade=1, hours=40)
    CurriculumLineFactory(programme=programme, subject=electric, grade=1, hours=32)
    teacher = school.subject_teacher(
        group,
        safety,
        username="trainer",
        last_name="Кузнецов",
        first_name="Олег",
        patronymic="Иванович",
    )
    learner = school.learner(group, "Шевчук", "Ирина", "Олеговна", birth_date=date(1990, 1, 5))
    for subject, value in ((safety, "5"), (electric, "4")):
        mark(learner, subject, value, period=period)
        mark(learner, subject, value, kind=MarkKind.FINAL, year=school.year)
    return Graduates(
        school=school,
        group=group,
        other_group=None,
        period=period,
        subjects={"safety": safety, "electric": electric},
        learners=[learner],
        deputy=school.official(Role.DEPUTY, username="train-deputy", staff=True),
        clerk=school.official(Role.CLERK, username="train-clerk", staff=True),
        teacher=teacher.user,
        parent=None,
    )
