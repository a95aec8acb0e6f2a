"""factory-boy factories for the electronic journal. Work kinds are the ones seeded by
migration achievements/0002 (looked up by name, never created here)."""

from datetime import date

import factory

from achievements.models import (
    CellChange,
    Exemption,
    JournalCell,
    Lesson,
    MarkKind,
    PeriodClosure,
    PeriodMark,
    PeriodMarkChange,
    WorkKind,
)
from learners.models import Role, StudyPeriod
from tests.factories import (
    LearnerFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    UserFactory,
)

LESSON_WORK = "Работа на уроке"  # weight 1.0
CONTROL_WORK = "Контрольная работа"  # weight 2.0


def work_kind(name: str = LESSON_WORK) -> WorkKind:
    return WorkKind.objects.get(name=name)


def _period_of(lesson) -> StudyPeriod:
    """The group's period that holds the lesson date, made on first use."""
    found = StudyPeriod.objects.filter(
        year=lesson.group.year, starts_on__lte=lesson.date, ends_on__gte=lesson.date
    ).first()
    return found or StudyPeriodFactory(year=lesson.group.year)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    group = factory.SubFactory(StudyGroupFactory)
    subject = factory.SubFactory(SubjectFactory)
    date = date(2026, 9, 15)
    number = 1
    period = factory.LazyAttribute(_period_of)
    work_kind = factory.LazyFunction(work_kind)


class JournalCellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalCell

    lesson = factory.SubFactory(LessonFactory)
    learner = factory.SubFactory(LearnerFactory)
    marks = "5"
    attendance = ""
    version = 1
    updated_by = factory.SubFactory(UserFactory, roles=[Role.TEACHER])


class CellChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CellChange

    cell = factory.SubFactory(JournalCellFactory)
    changed_by = factory.SelfAttribute("cell.updated_by")
    old_marks = ""
    new_marks = "5"


class PeriodMarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodMark

    learner = factory.SubFactory(LearnerFactory)
    subject = factory.SubFactory(SubjectFactory)
    kind = MarkKind.PERIOD
    period = factory.SubFactory(StudyPeriodFactory)
    year = factory.LazyAttribute(lambda o: o.period.year)
    value = "5"
    proposed = "5"
    version = 1
    updated_by = factory.SubFactory(UserFactory, roles=[Role.TEACHER])


class PeriodMarkChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodMarkChange

    mark = factory.SubFactory(PeriodMarkFactory)
    changed_by = factory.SelfAttribute("mark.updated_by")
    old_value = ""
    new_value = "5"
    proposed = "5"


class PeriodClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodClosure

    period = factory.SubFactory(StudyPeriodFactory)
    group = None
    closed_by = factory.SubFactory(UserFactory, roles=[Role.DEPUTY])


class ExemptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exemption

    learner = factory.SubFactory(LearnerFactory)
    subject = factory.SubFactory(SubjectFactory)
    starts_on = date(2026, 9, 1)
    order_reference = "Приказ № 12-у от 01.09.2026"
    source = "Зачёт результатов из ДШИ № 3"
