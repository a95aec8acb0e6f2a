"""Retakes and the term of a debt (R-JRN-13; 273-ФЗ ст. 58): the debt of Антонова in
5А Математика, opened thirty days ago by «2» for the first quarter, its term in thirty
days. A refused retake writes nothing: no attempt, no history, the mark untouched."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from achievements.debts.services import debt_attempt_record, debt_deadline_set
from achievements.models import (
    AcademicDebt,
    DebtAttempt,
    DebtChange,
    DebtStatus,
    PeriodMark,
    PeriodMarkChange,
)
from learners.models import Role
from tests.achievements.debts.factories import AcademicDebtFactory, DebtAttemptFactory, days_ago
from tests.achievements.factories import PeriodMarkFactory
from tests.achievements.people import People
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COMMISSION = "Иванова А. А., Петров Б. Б.\nСидорова В. В."


@pytest.fixture
def debt(journal):
    mark = PeriodMarkFactory(
        learner=journal.learner, subject=journal.subject, period=journal.period,
        value="2", proposed="2", version=3, updated_by=journal.teacher_user,
    )  # fmt: skip
    return AcademicDebtFactory(mark=mark, group=journal.group)


@pytest.fixture
def deputy(db):
    return UserFactory(roles=[Role.DEPUTY])


def state():
    """Everything a refused retake must leave as it was."""
    return (
        list(AcademicDebt.objects.values_list("status", "deadline", "closed_on", "close_reason")),
        list(DebtAttempt.objects.values_list("number", "held_on", "value", "commission")),
        DebtChange.objects.count(),
        list(PeriodMark.objects.values_list("value", "version", "reason")),
        PeriodMarkChange.objects.count(),
    )


def refused(call, *, error=ValidationError) -> str:
    """The refusal's message, after checking that nothing was written."""
    before = state()
    with pytest.raises(error) as caught:
        call()
    assert state() == before
    return caught.value.messages[0] if error is ValidationError else str(caught.value)


def test_debt_attempt_record_passing_first_retake_closes_debt_and_replaces_mark(journal, debt):
    held_on = days_ago(10)

    attempt = debt_attempt_record(
        debt=debt, held_on=held_on, value="3", commission="", actor=journal.teacher_user
    )

    day = f"{held_on:%d.%m.%Y}"
    reason = f"Ликвидация академической задолженности: пересдача № 1 от {day}"
    assert (attempt.number, attempt.held_on, attempt.value, attempt.commission) == (
        1, held_on, "3", "",
    )  # fmt: skip
    debt.refresh_from_db()
    assert (debt.status, debt.closed_on, debt.closed_by, debt.close_reason, debt.value) == (
        DebtStatus.CLOSED, held_on, journal.teacher_user, f"Пересдача № 1 от {day}: «3»", "2",
    )  # fmt: skip
    mark = PeriodMark.objects.get()
    assert (mark.value, mark.version, mark.reason, mark.updated_by) == (
        "3", 4, reason, journal.teacher_user,
    )  # fmt: skip
    assert list(
        PeriodMarkChange.objects.values_list("old_value", "new_value", "proposed", "reason")
    ) == [("2", "3", "2", reason)]
    assert list(
        DebtChange.objects.order_by("pk").values_list("action", "old_value", "new_value", "reason")
    ) == [
        ("attempt", "", "3", f"пересдача № 1 от {day}"),
        ("closed", "2", "3", f"Пересдача № 1 от {day}: «3»"),
    ]


def test_debt_attempt_record_failing_first_retake_keeps_debt_open(journal, debt):
    debt_attempt_record(
        debt=debt, held_on=days_ago(10), value="2", commission="", actor=journal.teacher_user
    )

    debt.refresh_from_db()
    assert debt.status == DebtStatus.OPEN
    assert PeriodMark.objects.get().value == "2"
    assert PeriodMarkChange.objects.count() == 0


def test_debt_attempt_record_second_retake_before_commission(deputy, debt):
    DebtAttemptFactory(debt=debt, number=1, held_on=days_ago(20), value="2")

    attempt = debt_attempt_record(
        debt=debt, held_on=days_ago(5), value="4", commission=COMMISSION, actor=deputy
    )

    assert (attempt.number, attempt.commission) == (
        2, "Иванова А. А.\nПетров Б. Б.\nСидорова В. В.",
    )  # fmt: skip
    assert attempt.commission_members == ["Иванова А. А.", "Петров Б. Б.", "Сидорова В. В."]
    debt.refresh_from_db()
    assert (debt.status, debt.closed_on) == (DebtStatus.CLOSED, days_ago(5))
    assert PeriodMark.objects.get().value == "4"


def test_debt_attempt_record_failing_second_retake_leaves_debt_open(deputy, debt):
    DebtAttemptFactory(debt=debt, number=1, held_on=days_ago(20), value="2")

    debt_attempt_record(debt=debt, held_on=days_ago(5), value="н/а", commission=COMMISSION,
                        actor=deputy)  # fmt: skip

    debt.refresh_from_db()
    assert debt.status == DebtStatus.OPEN
    assert list(debt.attempts.values_list("number", "value")) == [(1, "2"), (2, "н/а")]


def test_debt_attempt_record_before_debt_opened_refused(journal, debt):
    message = refused(
        lambda: debt_attempt_record(
            debt=debt, held_on=days_ago(31), value="3", commission="", actor=journal.teacher_user
        ),
    )
    assert message == (
        f"Пересдача не может быть раньше, чем возникла задолженность ({days_ago(30):%d.%m.%Y})."
    )


def test_debt_attempt_record_third_retake_refused(deputy, debt):
    DebtAttemptFactory(debt=debt, number=1, held_on=days_ago(20))
    DebtAttemptFactory(debt=debt, number=2, held_on=days_ago(15), commission=COMMISSION)

    message = refused(
        lambda: debt_attempt_record(debt=debt, held_on=days_ago(5), value="3",
                                    commission=COMMISSION, actor=deputy),
    )  # fmt: skip
    assert message == "Пересдать можно не более двух раз (ст. 58 273-ФЗ)."


def test_debt_attempt_record_second_retake_without_commission_refused(deputy, debt):
    DebtAttemptFactory(debt=debt, number=1, held_on=days_ago(20))

    message = refused(
        lambda: debt_attempt_record(debt=debt, held_on=days_ago(5), value="3",
                                    commission="Иванова А. А., иванова а. а.; Петров Б. Б.",
                                    actor=deputy),
    )  # fmt: skip
    assert message == (
        "Вторую пересдачу принимает комиссия не менее чем из трёх педагогов "
        "(ст. 58 273-ФЗ): укажите их через запятую или каждого с новой строки."
    )


def test_debt_attempt_record_closed_debt_refused(deputy, debt):
    debt_attempt_record(debt=debt, held_on=days_ago(10), value="3", commission="", actor=deputy)

    message = refused(
        lambda: debt_attempt_record(debt=debt, held_on=days_ago(5), value="4", commission="",
                                    actor=deputy),
    )  # fmt: skip
    day = f"{days_ago(10):%d.%m.%Y}"
    assert message == (
        f"Задолженность ликвидирована {day} (Пересдача № 1 от {day}: «3»): пересдача не нужна."
    )


def test_debt_attempt_record_cancelled_debt_refused(deputy, debt):
    AcademicDebt.objects.filter(pk=debt.pk).update(
        status=DebtStatus.CANCELLED, closed_on=days_ago(1), closed_by=deputy,
        close_reason="Отметка исправлена",
    )  # fmt: skip

    message = refused(
        lambda: debt_attempt_record(debt=debt, held_on=days_ago(5), value="4", commission="",
                                    actor=deputy),
    )  # fmt: skip
    assert message == (
        f"Задолженность отменена {days_ago(1):%d.%m.%Y} (Отметка исправлена): пересдача не нужна."
    )


@pytest.mark.parametrize(
    ("held", "value", "expected"),
    [
        (10, "6", "«6» нет в шкале предмета «Математика». Можно: 5, 4, 3, 2, н/а."),
        (-1, "3", "Пересдача {day} ещё не прошла: результат вносится после пересдачи."),
    ],
)
def test_debt_attempt_record_bad_value_or_date_refused(journal, debt, held, value, expected):
    held_on = days_ago(held)
    message = refused(
        lambda: debt_attempt_record(debt=debt, held_on=held_on, value=value, commission="",
                                    actor=journal.teacher_user),
    )  # fmt: skip
    assert message == expected.format(day=f"{held_on:%d.%m.%Y}")


def test_debt_attempt_record_after_deadline_refused(deputy, debt):
    AcademicDebt.objects.filter(pk=debt.pk).update(deadline=days_ago(15))

    message = refused(
        lambda: debt_attempt_record(debt=debt, held_on=days_ago(10), value="3", commission="",
                                    actor=deputy),
    )  # fmt: skip
    assert message.startswith(
        f"Срок ликвидации задолженности — до {days_ago(15):%d.%m.%Y}, пересдача "
        f"{days_ago(10):%d.%m.%Y} позже срока."
    )


def test_debt_attempt_record_second_not_after_first_refused(deputy, debt):
    DebtAttemptFactory(debt=debt, number=1, held_on=days_ago(10))

    message = refused(
        lambda: debt_attempt_record(debt=debt, held_on=days_ago(10), value="3",
                                    commission=COMMISSION, actor=deputy),
    )  # fmt: skip
    assert message == f"Вторая пересдача должна быть позже первой ({days_ago(10):%d.%m.%Y})."


@pytest.mark.parametrize("role", ["other_teacher", "class_teacher", "director", "parent"])
def test_debt_attempt_record_first_retake_by_outsider_refused(journal, debt, role):
    user = People(journal)[role]
    message = refused(
        lambda: debt_attempt_record(debt=debt, held_on=days_ago(10), value="3", commission="",
                                    actor=user),
        error=PermissionDenied,
    )  # fmt: skip
    assert message == (
        "Первую пересдачу вносит учитель предмета в этом классе или заместитель директора."
    )


def test_debt_attempt_record_second_retake_by_subject_teacher_refused(journal, debt):
    DebtAttemptFactory(debt=debt, number=1, held_on=days_ago(20))

    message = refused(
        lambda: debt_attempt_record(debt=debt, held_on=days_ago(5), value="3",
                                    commission=COMMISSION, actor=journal.teacher_user),
        error=PermissionDenied,
    )  # fmt: skip
    assert message == "Вторую пересдачу, перед комиссией, вносит заместитель директора."


def test_debt_deadline_set_writes_history(deputy, debt):
    old = debt.deadline
    new = days_ago(-90)

    debt_deadline_set(debt=debt, deadline=new, actor=deputy)

    debt.refresh_from_db()
    assert debt.deadline == new
    assert list(DebtChange.objects.values_list("action", "old_value", "new_value")) == [
        ("deadline", f"{old:%d.%m.%Y}", f"{new:%d.%m.%Y}")
    ]


def test_debt_deadline_set_beyond_one_year_refused(deputy, debt):
    limit = debt.opened_on + timedelta(days=365)

    message = refused(
        lambda: debt_deadline_set(debt=debt, deadline=limit + timedelta(days=1), actor=deputy),
    )
    assert message == (
        "Пересдать задолженность можно в пределах одного года с момента её возникновения "
        f"(ст. 58 273-ФЗ): срок — не позднее {limit:%d.%m.%Y}."
    )


def test_debt_deadline_set_before_opening_refused(deputy, debt):
    message = refused(
        lambda: debt_deadline_set(debt=debt, deadline=days_ago(31), actor=deputy),
    )
    assert message == (
        f"Срок не может быть раньше, чем возникла задолженность ({days_ago(30):%d.%m.%Y})."
    )


def test_debt_deadline_set_by_teacher_refused(journal, debt):
    message = refused(
        lambda: debt_deadline_set(debt=debt, deadline=days_ago(-90), actor=journal.teacher_user),
        error=PermissionDenied,
    )
    assert message == "Срок ликвидации задолженности устанавливает заместитель директора."
