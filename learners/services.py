"""Writes with a rule behind them for the learners app."""

from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from learners.models import (
    Customer,
    Enrollment,
    Learner,
    LearnerStatus,
    LearnerStatusChange,
    PasswordResetRequest,
    Role,
    StudyForm,
    StudyGroup,
)


def enrollment_check_open(*, learner: Learner, group: StudyGroup, started_on: date) -> None:
    """Raise the reason an enrollment cannot be opened; forms call it to show the
    message before saving, the service calls it again under the lock."""
    if started_on > group.year.ends_on:
        raise ValidationError(
            f"Дата зачисления {started_on:%d.%m.%Y} позже окончания учебного года {group.year}."
        )
    active = Enrollment.objects.filter(
        learner=learner, programme=group.programme, ended_on__isnull=True
    )
    if active.exists():
        raise ValidationError(
            f"{learner.full_name} уже зачислен(а) на программу «{group.programme}». "
            "Чтобы сменить класс, оформите перевод."
        )


@transaction.atomic
def enrollment_open(
    *,
    learner: Learner,
    group: StudyGroup,
    started_on: date,
    study_form: str = StudyForm.FULL_TIME,
    customer: Customer | None = None,
    order_reference: str = "",
    actor=None,
) -> Enrollment:
    # Lock the learner row so two clerks enrolling the same child queue up here.
    Learner.objects.select_for_update().filter(pk=learner.pk).first()
    enrollment_check_open(learner=learner, group=group, started_on=started_on)
    return Enrollment.objects.create(
        learner=learner,
        group=group,
        programme=group.programme,
        study_form=study_form,
        customer=customer,
        started_on=started_on,
        order_reference=order_reference,
        opened_at=timezone.now(),
        opened_by=actor,
    )


@transaction.atomic
def enrollment_transfer(
    *,
    enrollment: Enrollment,
    to_group: StudyGroup,
    on: date,
    reason: str,
    order_reference: str = "",
    study_form: str | None = None,
    actor=None,
) -> Enrollment:
    """Move a learner to another group (or programme, or form of study) from ``on``.
    The old enrollment is closed the day before, so both stay in the history."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.ended_on is not None:
        raise ValidationError("Это зачисление уже закрыто: переводить можно только текущее.")
    if enrollment.group_id == to_group.pk and (study_form or enrollment.study_form) == (
        enrollment.study_form
    ):
        raise ValidationError("Обучающийся уже в этом классе с этой формой обучения.")
    if on <= enrollment.started_on:
        raise ValidationError(
            f"Дата перевода должна быть позже даты зачисления ({enrollment.started_on:%d.%m.%Y})."
        )
    if not reason.strip():
        raise ValidationError("Укажите основание перевода.")
    enrollment.ended_on = on - timedelta(days=1)
    enrollment.end_reason = reason.strip()
    enrollment.closed_at, enrollment.closed_by = timezone.now(), actor
    enrollment.save(update_fields=["ended_on", "end_reason", "closed_at", "closed_by"])
    return enrollment_open(
        learner=enrollment.learner,
        group=to_group,
        started_on=on,
        study_form=study_form or enrollment.study_form,
        customer=enrollment.customer,
        order_reference=order_reference,
        actor=actor,
    )


REASON_LENGTH = LearnerStatusChange._meta.get_field("reason").max_length


def learner_status_check(*, learner: Learner, status: str, reason: str) -> None:
    """Raise the reason a learner's status cannot be changed so; the admin form calls it
    to show the message before saving, the service again under the lock."""
    if status not in LearnerStatus.values:
        raise ValidationError(f"Неизвестный статус обучающегося «{status}».")
    if status == learner.status:
        raise ValidationError(
            f"Статус обучающегося уже «{LearnerStatus(status).label}»: выберите другой."
        )
    if not reason.strip():
        raise ValidationError("Укажите основание смены статуса (приказ, заявление).")
    if len(reason.strip()) > REASON_LENGTH:
        raise ValidationError(f"Основание — не длиннее {REASON_LENGTH} символов.")


@transaction.atomic
def learner_status_change(
    *, learner: Learner, status: str, reason: str, actor
) -> LearnerStatusChange:
    """Change a learner's status, recording who, when, from what, to what and why."""
    locked = Learner.objects.select_for_update().get(pk=learner.pk)
    learner_status_check(learner=locked, status=status, reason=reason)
    change = LearnerStatusChange.objects.create(
        learner=locked,
        old_status=locked.status,
        new_status=status,
        reason=reason.strip(),
        changed_by=actor,
    )
    Learner.objects.filter(pk=locked.pk).update(status=status)
    learner.status = status
    return change


def role_grant(*, user, roles, actor=None) -> None:
    """Give a user the groups of the named roles (the groups exist from migration)."""
    labels = [Role(r).label for r in roles]
    groups = list(Group.objects.filter(name__in=labels))
    if len(groups) != len(labels):
        raise ValidationError("Не найдены группы ролей: выполните миграции.")
    user.groups.add(*groups)
    if hasattr(user, "_uchet_roles"):
        del user._uchet_roles


# Letters with a reset link an address may be sent, and requests one client may make,
# in an hour: enough for a parent who mistyped, too few to flood a mailbox or to probe
# which addresses have accounts.
RESET_PER_ADDRESS = 3
RESET_PER_CLIENT = 10
RESET_WINDOW = timedelta(hours=1)


@transaction.atomic
def password_reset_allow(*, email: str, client: str | None) -> None:
    """Record a request for a reset letter, or refuse it when the address or the client
    asked too often within the hour. The same answer whether the address has an
    account or not, so the limit tells nothing about who is registered."""
    now = timezone.now()
    PasswordResetRequest.objects.filter(requested_at__lt=now - timedelta(days=1)).delete()
    recent = PasswordResetRequest.objects.filter(requested_at__gte=now - RESET_WINDOW)
    email = email.strip().lower()
    too_many = recent.filter(email=email).count() >= RESET_PER_ADDRESS or (
        client is not None and recent.filter(client=client).count() >= RESET_PER_CLIENT
    )
    if too_many:
        raise ValidationError(
            "Слишком много запросов на восстановление пароля. Письмо уже отправлено, если "
            "адрес есть в системе: проверьте почту, в том числе папку «Спам», или повторите "
            "запрос через час.",
            code="throttled",
        )
    PasswordResetRequest.objects.create(email=email, client=client)
