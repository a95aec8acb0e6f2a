"""Debts made directly, for the retake and page tests: opened thirty days ago with the
term in thirty days, so retakes between them are in the past and within the term."""

from datetime import timedelta

import factory
from django.utils import timezone

from achievements.models import AcademicDebt, DebtAttempt, DebtStatus, MarkKind
from learners.models import Role
from tests.achievements.factories import PeriodMarkFactory
from tests.factories import UserFactory


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


class AcademicDebtFactory(factory.django.DjangoModelFactory):
    """Needs ``mark`` (a failing PeriodMark) and ``group``."""

    class Meta:
        model = AcademicDebt

    mark = factory.SubFactory(PeriodMarkFactory, value="2", proposed="2", kind=MarkKind.PERIOD)
    learner = factory.SelfAttribute("mark.learner")
    subject = factory.SelfAttribute("mark.subject")
    value = factory.SelfAttribute("mark.value")
    opened_on = factory.LazyFunction(lambda: days_ago(30))
    deadline = factory.LazyFunction(lambda: days_ago(-30))
    status = DebtStatus.OPEN


class DebtAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DebtAttempt

    debt = factory.SubFactory(AcademicDebtFactory)
    number = 1
    held_on = factory.LazyFunction(lambda: days_ago(20))
    value = "2"
    recorded_by = factory.SubFactory(UserFactory, roles=[Role.DEPUTY])
