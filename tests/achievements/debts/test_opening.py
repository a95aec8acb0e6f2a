"""Debts opened and cancelled by the attestation mark (R-JRN-13): period_mark_save calls
debt_sync in its transaction. In the journal fixture Антонова has no current marks, so
the journal proposes «н/а» for the first quarter; any other value needs a reason."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from achievements.debts.services import debt_sync
from achievements.journal.period_marks import period_mark_save
from achievements.models import AcademicDebt, DebtChange, MarkKind, PeriodMark
from learners.models import GradingScale, Role
from tests.achievements.factories import PeriodMarkFactory
from tests.factories import GuardianshipFactory, OrganisationFactory, SubjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def save(journal, value, *, version=0, reason="", kind=MarkKind.PERIOD):
    return period_mark_save(
        learner=journal.learner,
        subject=journal.subject,
        group=journal.group,
        kind=kind,
        period=journal.period if kind == MarkKind.PERIOD else None,
        value=value,
        version=version,
        actor=journal.teacher_user,
        reason=reason,
    )


def debts():
    return list(
        AcademicDebt.objects.order_by("pk").values_list(
            "learner_id", "subject_id", "group_id", "mark_id", "value", "opened_on",
            "deadline", "status", "closed_on", "closed_by_id", "close_reason",
        )
    )  # fmt: skip


def changes():
    return list(
        DebtChange.objects.order_by("pk").values_list(
            "action", "old_value", "new_value", "reason", "changed_by_id"
        )
    )


def test_debt_sync_not_attested_period_mark_opens_debt(journal):
    mark = save(journal, "н/а")

    today = timezone.localdate()
    assert debts() == [
        (journal.learner.pk, journal.subject.pk, journal.group.pk, mark.pk, "н/а", today,
         today + timedelta(days=60), "open", None, None, ""),
    ]  # fmt: skip
    assert changes() == [
        ("opened", "", "н/а", "Отметка «н/а»: 1-я четверть 2026/2027", journal.teacher_user.pk)
    ]


def test_debt_sync_two_as_year_mark_opens_debt(journal):
    mark = save(journal, "2", kind=MarkKind.YEAR, reason="Итог года")

    assert [(d[3], d[4], d[7]) for d in debts()] == [(mark.pk, "2", "open")]
    assert changes()[0][3] == "Отметка «2»: годовая отметка 2026/2027"


def test_debt_sync_passing_mark_opens_nothing(journal):
    save(journal, "4", reason="Устный ответ")

    assert debts() == []
    assert changes() == []


def test_debt_sync_final_mark_opens_nothing(journal):
    mark = PeriodMarkFactory(
        learner=journal.learner, subject=journal.subject, kind=MarkKind.FINAL, period=None,
        year=journal.year, value="2",
    )  # fmt: skip

    assert debt_sync(mark=mark, group=journal.group, actor=journal.teacher_user) is None
    assert debts() == []


def test_debt_sync_corrected_to_passing_cancels_debt(journal):
    mark = save(journal, "н/а")
    save(journal, "3", version=mark.version, reason="Ответ по билету")

    today = timezone.localdate()
    assert [(d[7], d[8], d[9], d[10]) for d in debts()] == [
        ("cancelled", today, journal.teacher_user.pk, "Отметка исправлена")
    ]
    assert [c[:4] for c in changes()] == [
        ("opened", "", "н/а", "Отметка «н/а»: 1-я четверть 2026/2027"),
        ("cancelled", "н/а", "3", "Отметка исправлена"),
    ]


def test_debt_sync_failing_correction_keeps_the_same_debt(journal):
    mark = save(journal, "н/а")
    save(journal, "2", version=mark.version, reason="Контрольная не написана")

    assert [(d[4], d[7]) for d in debts()] == [("н/а", "open")]
    assert len(changes()) == 1


def test_debt_sync_failing_again_after_cancel_opens_new_debt(journal):
    mark = save(journal, "н/а")
    mark = save(journal, "3", version=mark.version, reason="Ответ")
    save(journal, "2", version=mark.version, reason="Ошибка в отметке")

    assert [(d[4], d[7]) for d in debts()] == [("н/а", "cancelled"), ("2", "open")]


def test_debt_sync_failing_code_of_another_scale_opens_debt(journal):
    journal.subject.grading_scale = GradingScale.objects.get(code="pass-fail")
    journal.subject.save()

    save(journal, "незач", reason="Зачёт не сдан")

    assert [(d[4], d[7]) for d in debts()] == [("незач", "open")]


def test_debt_sync_points_below_pass_mark_opens_debt(journal):
    subject = SubjectFactory(grading_scale=GradingScale.objects.get(code="points-100"))
    passing = PeriodMarkFactory(
        learner=journal.learner, subject=subject, period=journal.period, value="50"
    )
    failing = PeriodMarkFactory(
        learner=journal.learner, subject=subject, kind=MarkKind.YEAR, period=None,
        year=journal.year, value="49",
    )  # fmt: skip

    assert debt_sync(mark=passing, group=journal.group, actor=journal.teacher_user) is None
    assert debt_sync(mark=failing, group=journal.group, actor=journal.teacher_user).value == "49"


def test_debt_sync_opening_mails_each_guardian_once(journal, django_capture_on_commit_callbacks):
    OrganisationFactory()
    mother = GuardianshipFactory(learner=journal.learner).guardian
    father = GuardianshipFactory(learner=journal.learner).guardian
    silent = GuardianshipFactory(learner=journal.learner).guardian
    silent.user.email = ""
    silent.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        save(journal, "н/а")

    deadline = timezone.localdate() + timedelta(days=60)
    assert [m.to for m in mail.outbox] == [[mother.user.email], [father.user.email]]
    letter = mail.outbox[0]
    assert letter.subject == "Академическая задолженность: Антонова М.И., Математика"
    assert f"Здравствуйте, {mother.first_name} {mother.patronymic}!" in letter.body
    assert (
        "МАОУ «Лицей № 1» сообщает: у обучающегося Антонова Мария Ивановна (5А) образовалась "
        "академическая задолженность по предмету «Математика» — 1-я четверть 2026/2027, "
        "отметка «н/а»." in letter.body
    )
    assert f"Ликвидировать задолженность нужно до {deadline:%d.%m.%Y}." in letter.body
    assert f"/diary/{journal.learner.pk}/" in letter.body
    assert "парол" not in letter.body and mother.user.username not in letter.body


def test_debt_sync_cancelled_before_the_letter_sends_nothing(
    journal, django_capture_on_commit_callbacks
):
    GuardianshipFactory(learner=journal.learner)

    with django_capture_on_commit_callbacks(execute=True):
        mark = save(journal, "н/а")
        save(journal, "3", version=mark.version, reason="Ответ")

    assert mail.outbox == []


def test_debt_sync_deputy_correction_of_closed_period_cancels(journal):
    mark = save(journal, "н/а")
    deputy = UserFactory(roles=[Role.DEPUTY])
    period_mark_save(
        learner=journal.learner, subject=journal.subject, group=journal.group,
        kind=MarkKind.PERIOD, period=journal.period, value="3", version=mark.version,
        actor=deputy, reason="Справка о болезни",
    )  # fmt: skip

    assert [(d[7], d[9]) for d in debts()] == [("cancelled", deputy.pk)]
    assert PeriodMark.objects.get().value == "3"
