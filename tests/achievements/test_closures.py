"""Closing and reopening study periods (R-JRN-5): a reopened closure stays as a row
with who, when and why; the period can be closed again; a reopening without a
reason is refused and changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from achievements import journal as journal_services
from achievements.models import PeriodClosure
from learners.models import Role
from tests.achievements.factories import PeriodClosureFactory
from tests.achievements.helpers import save_cell
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy(db):
    return UserFactory(roles=[Role.DEPUTY], username="zavuch")


def _rows():
    return list(
        PeriodClosure.objects.order_by("pk").values_list(
            "group__name", "closed_by__username", "reopened_by__username", "reopen_reason"
        )
    )


def test_period_reopen_keeps_row_with_who_when_why(journal, deputy):
    closure = journal_services.period_close(period=journal.period, group=None, actor=deputy)

    reopened = journal_services.period_reopen(
        closure=closure, reason="  Пересдача контрольной  ", actor=deputy
    )

    assert _rows() == [(None, "zavuch", "zavuch", "Пересдача контрольной")]
    assert reopened.reopened_at is not None
    assert reopened.reopened_at >= reopened.closed_at
    assert PeriodClosure.objects.in_force().count() == 0


def test_period_close_again_after_reopen_adds_row(journal, deputy):
    first = journal_services.period_close(period=journal.period, group=journal.group, actor=deputy)
    journal_services.period_reopen(closure=first, reason="Ошибка в отметке", actor=deputy)

    second = journal_services.period_close(period=journal.period, group=journal.group, actor=deputy)

    assert second.pk != first.pk
    assert _rows() == [
        ("5А", "zavuch", "zavuch", "Ошибка в отметке"),
        ("5А", "zavuch", None, ""),
    ]
    assert list(PeriodClosure.objects.in_force().values_list("pk", flat=True)) == [second.pk]


def test_period_close_again_after_reopen_blocks_teacher(client, journal, deputy):
    closure = journal_services.period_close(period=journal.period, group=None, actor=deputy)
    journal_services.period_reopen(closure=closure, reason="Пересдача", actor=deputy)
    journal_services.period_close(period=journal.period, group=None, actor=deputy)
    client.force_login(journal.teacher_user)

    response = save_cell(client, journal.lesson, journal.learner, "5")

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Укажите причину, по которой период открывается снова."),
        ("   ", "Укажите причину, по которой период открывается снова."),
        (
            "Пере\x00сдача",
            "Причина открытия периода содержит недопустимый управляющий символ: введите её заново.",
        ),
        ("я" * 501, "Причина открытия периода — не длиннее 500 символов (сейчас 501)."),
    ],
)
def test_period_reopen_bad_reason_refused_nothing_changed(journal, deputy, reason, message):
    closure = journal_services.period_close(period=journal.period, group=None, actor=deputy)

    with pytest.raises(ValidationError) as refused:
        journal_services.period_reopen(closure=closure, reason=reason, actor=deputy)

    assert refused.value.messages == [message]
    assert _rows() == [(None, "zavuch", None, "")]
    assert PeriodClosure.objects.in_force().count() == 1


def test_period_reopen_by_teacher_refused(journal, deputy):
    closure = journal_services.period_close(period=journal.period, group=None, actor=deputy)

    with pytest.raises(PermissionDenied):
        journal_services.period_reopen(
            closure=closure, reason="Хочу исправить", actor=journal.teacher_user
        )

    assert _rows() == [(None, "zavuch", None, "")]


def test_period_reopen_twice_refused(journal, deputy):
    closure = journal_services.period_close(period=journal.period, group=None, actor=deputy)
    journal_services.period_reopen(closure=closure, reason="Пересдача", actor=deputy)

    with pytest.raises(ValidationError) as refused:
        journal_services.period_reopen(closure=closure, reason="Ещё раз", actor=deputy)

    assert refused.value.messages == ["Этот период уже открыт."]
    assert _rows() == [(None, "zavuch", "zavuch", "Пересдача")]


def test_periods_page_reopen_without_reason_refused_in_russian(client, journal, deputy):
    PeriodClosureFactory(period=journal.period, closed_by=deputy)
    client.force_login(deputy)

    response = client.post(
        "/journal/periods/", {"period": journal.period.pk, "action": "reopen"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Укажите причину, по которой период открывается снова."
    ]
    assert _rows() == [(None, "zavuch", None, "")]


def test_periods_page_reopen_with_reason_keeps_history(client, journal, deputy):
    PeriodClosureFactory(period=journal.period, group=journal.group, closed_by=deputy)
    client.force_login(deputy)
    page = client.get("/journal/periods/").content.decode()

    response = client.post(
        "/journal/periods/",
        {"period": journal.period.pk, "group": journal.group.pk, "action": "reopen",
         "reason": "Исправление отметки"},
    )  # fmt: skip

    field = f'id="reason-{journal.period.pk}-{journal.group.pk}" name="reason" maxlength="500"'
    assert field in page
    assert response.status_code == 302
    assert _rows() == [("5А", "zavuch", "zavuch", "Исправление отметки")]


def test_period_closure_unique_in_force_enforced_by_database(journal, deputy):
    """The service checks first (its message is what people see); the database keeps
    the rule even so."""
    PeriodClosureFactory(period=journal.period, closed_by=deputy)

    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodClosure.objects.create(period=journal.period, group=None, closed_by=deputy)


def test_admin_closure_history_read_only(client, journal, deputy):
    closure = journal_services.period_close(period=journal.period, group=None, actor=deputy)
    journal_services.period_reopen(closure=closure, reason="Пересдача", actor=deputy)
    admin = UserFactory(roles=[Role.DEPUTY], is_staff=True, is_superuser=True)
    client.force_login(admin)

    listing = client.get("/admin/achievements/periodclosure/")
    change = client.get(f"/admin/achievements/periodclosure/{closure.pk}/change/")
    posted = client.post(
        f"/admin/achievements/periodclosure/{closure.pk}/change/", {"reopen_reason": "Другое"}
    )

    assert listing.status_code == 200
    assert "Пересдача" in listing.content.decode()
    assert change.status_code == 200
    assert posted.status_code == 403
    assert _rows() == [(None, "zavuch", "zavuch", "Пересдача")]
