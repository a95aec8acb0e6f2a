"""The demo's debts: the journal demo writes failing marks in bulk, and the debts demo
opens their debts through debt_sync, dated when the quarter ended, with one failed
retake on the first debt of the year."""

from datetime import date

import pytest

from achievements.debts import demo
from achievements.models import AcademicDebt, DebtAttempt, DebtChange, MarkKind
from learners.models import Role
from tests.achievements.factories import PeriodMarkFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def mark(journal, learner, value):
    return PeriodMarkFactory(
        learner=learner, subject=journal.subject, period=journal.period, year=journal.year,
        kind=MarkKind.PERIOD, value=value, proposed=value,
    )  # fmt: skip


def test_demo_debts_failing_marks_opened_at_quarter_end(journal):
    deputy = UserFactory(roles=[Role.DEPUTY])
    mark(journal, journal.learner, "2")
    mark(journal, journal.classmate, "н/а")

    summary = demo.generate(today=date(2026, 12, 1))

    assert summary == {"debts": 2}
    assert list(
        AcademicDebt.objects.order_by("learner__last_name").values_list(
            "learner__last_name", "value", "opened_on", "deadline", "status"
        )
    ) == [
        ("Антонова", "2", date(2026, 10, 26), date(2026, 12, 25), "open"),
        ("Борисов", "н/а", date(2026, 10, 26), date(2026, 12, 25), "open"),
    ]
    assert list(
        DebtAttempt.objects.values_list("debt__learner__last_name", "number", "held_on", "value")
    ) == [("Антонова", 1, date(2026, 11, 9), "2")]
    assert set(DebtChange.objects.values_list("changed_by", flat=True)) == {deputy.pk}


def test_demo_debts_passing_marks_open_none(journal):
    UserFactory(roles=[Role.DEPUTY])
    mark(journal, journal.learner, "3")

    assert demo.generate(today=date(2026, 12, 1)) == {"debts": 0}
    assert AcademicDebt.objects.count() == 0


def test_demo_debts_without_deputy_open_none(journal):
    mark(journal, journal.learner, "2")

    assert demo.generate(today=date(2026, 12, 1)) == {"debts": 0}
    assert AcademicDebt.objects.count() == 0
