"""Academic debts (R-JRN-13; 003 §2.2.6, 273-ФЗ ст. 58): opened and cancelled by the
attestation mark (``debt_sync``, called by the mark's saving service), retakes recorded
(``debt_attempt_record``), the term set (``debt_deadline_set``). Each write leaves its
DebtChange row in the same transaction; a passing retake replaces the mark with its
own PeriodMarkChange row."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from achievements.attestation import NOT_ATTESTED
from achievements.debts import rules
from achievements.debts.selectors import mark_label
from achievements.debts.tasks import send_debt_notice
from achievements.models import (
    AcademicDebt,
    DebtAction,
    DebtAttempt,
    DebtChange,
    DebtStatus,
    MarkKind,
    PeriodMark,
    PeriodMarkChange,
)
from learners.access import can_teach, has_role
from learners.models import Enrollment, Role, ScaleKind, ScaleValue, Subject

CORRECTED = "Отметка исправлена"


def _day(value: date) -> str:
    return f"{value:%d.%m.%Y}"


def _fails(value: str, *, subject: Subject) -> bool:
    codes = dict(
        ScaleValue.objects.filter(scale_id=subject.grading_scale_id).values_list(
            "code", "is_passing"
        )
    )
    pass_points = None
    if value not in codes and value.isascii() and value.isdigit():
        pass_points = subject.grading_scale.pass_points
    return rules.is_failing(value, codes, pass_points=pass_points)


def _group_of(mark: PeriodMark):
    # The credit services know no class: the learner's class of the mark's year.
    enrollment = (
        Enrollment.objects.filter(learner_id=mark.learner_id, group__year_id=mark.year_id)
        .select_related("group")
        .order_by("-started_on", "-pk")
        .first()
    )
    return enrollment.group if enrollment else None


def _close(debt: AcademicDebt, *, status: str, on: date, actor, reason: str, new_value: str):
    debt.status, debt.closed_on, debt.closed_by = status, on, actor
    debt.close_reason = reason[:500]
    debt.save(update_fields=["status", "closed_on", "closed_by", "close_reason"])
    action = DebtAction.CLOSED if status == DebtStatus.CLOSED else DebtAction.CANCELLED
    DebtChange.objects.create(
        debt=debt,
        changed_by=actor,
        action=action,
        old_value=debt.value,
        new_value=new_value,
        reason=debt.close_reason,
    )


# No savepoint of its own: it runs inside the mark's save, and a failure here must
# undo the mark too.
@transaction.atomic(savepoint=False)
def debt_sync(*, mark: PeriodMark, actor, group=None) -> AcademicDebt | None:
    """Bring the debts of an attestation mark in line with its value: a period or
    year mark that is not a positive result opens a debt (one open debt per mark); a
    mark corrected to a positive result (or cleared) cancels the open one. Final marks
    open none: final attestation has its own retakes. Returns the open debt, if any."""
    if mark.kind == MarkKind.FINAL:
        return None
    failing = _fails(mark.value, subject=mark.subject) and rules.opens_debt(mark.subject.kind)
    if failing:
        group = group or _group_of(mark)
        failing = group is None or rules.programme_has_debts(group.programme.level)
    debt = AcademicDebt.objects.select_for_update().filter(mark=mark, status=DebtStatus.OPEN)
    debt = debt.first()
    if debt is not None and not failing:
        _close(
            debt,
            status=DebtStatus.CANCELLED,
            on=timezone.localdate(),
            actor=actor,
            reason=CORRECTED,
            new_value=mark.value,
        )
        return None
    if debt is not None or not failing:
        # «н/а» corrected to «2» is the same debt, with its term and attempts.
        return debt
    group = group or _group_of(mark)
    if group is None:
        raise ValidationError(
            "Обучающийся не числится ни в одном классе этого учебного года: "
            "академическую задолженность не к чему отнести."
        )
    opened_on = timezone.localdate()
    debt = AcademicDebt.objects.create(
        learner_id=mark.learner_id,
        subject=mark.subject,
        group=group,
        mark=mark,
        value=mark.value,
        opened_on=opened_on,
        deadline=rules.default_deadline(opened_on),
    )
    DebtChange.objects.create(
        debt=debt,
        changed_by=actor,
        action=DebtAction.OPENED,
        new_value=mark.value,
        reason=f"Отметка «{mark.value}»: {mark_label(mark)}",
    )
    transaction.on_commit(lambda pk=debt.pk: send_debt_notice.enqueue(pk))
    return debt


def _locked(debt: AcademicDebt) -> AcademicDebt:
    return (
        AcademicDebt.objects.select_for_update(of=("self",))
        .select_related("subject__grading_scale", "group")
        .get(pk=debt.pk)
    )


def _refuse_not_open(debt: AcademicDebt) -> None:
    if debt.status == DebtStatus.CLOSED:
        raise ValidationError(
            f"Задолженность ликвидирована {_day(debt.closed_on)} ({debt.close_reason}): "
            "пересдача не нужна."
        )
    if debt.status == DebtStatus.CANCELLED:
        raise ValidationError(
            f"Задолженность отменена {_day(debt.closed_on)} ({debt.close_reason}): "
            "пересдача не нужна."
        )


def _may_record(actor, *, debt: AcademicDebt, number: int) -> None:
    if has_role(actor, Role.DEPUTY):
        return
    if number == 1 and can_teach(actor, group=debt.group, subject=debt.subject):
        return
    if number == 1:
        raise PermissionDenied(
            "Первую пересдачу вносит учитель предмета в этом классе или заместитель директора."
        )
    raise PermissionDenied("Вторую пересдачу, перед комиссией, вносит заместитель директора.")


def _checked_result(value: str, *, subject: Subject) -> str:
    scale = subject.grading_scale
    codes = set(
        scale.values.filter(is_enabled=True, is_special=False).values_list("code", flat=True)
    )
    # The scale's own spelling of what was typed («в» for the level «В»).
    typed = " ".join(value.split())
    value = {code.lower(): code for code in codes | {NOT_ATTESTED}}.get(typed.lower(), typed)
    if value in codes or value == NOT_ATTESTED:
        return value
    points = scale.kind == ScaleKind.POINTS and value.isascii() and value.isdigit()
    if points and scale.min_points <= int(value) <= scale.max_points:
        return value
    allowed = [*sorted(codes, reverse=True), NOT_ATTESTED]
    if scale.kind == ScaleKind.POINTS:
        allowed.insert(0, f"от {scale.min_points} до {scale.max_points} баллов")
    raise ValidationError(
        f"«{value}» нет в шкале предмета «{subject.name}». Можно: {', '.join(allowed)}."
    )


def _check_dates(debt: AcademicDebt, *, held_on: date, previous: DebtAttempt | None) -> None:
    if held_on < debt.opened_on:
        raise ValidationError(
            f"Пересдача не может быть раньше, чем возникла задолженность ({_day(debt.opened_on)})."
        )
    if held_on > timezone.localdate():
        raise ValidationError(
            f"Пересдача {_day(held_on)} ещё не прошла: результат вносится после пересдачи."
        )
    if held_on > debt.deadline:
        raise ValidationError(
            f"Срок ликвидации задолженности — до {_day(debt.deadline)}, пересдача "
            f"{_day(held_on)} позже срока. Срок может продлить заместитель директора "
            "(не более года с момента возникновения задолженности)."
        )
    if previous is not None and held_on <= previous.held_on:
        raise ValidationError(
            f"Вторая пересдача должна быть позже первой ({_day(previous.held_on)})."
        )


@transaction.atomic
def debt_attempt_record(
    *, debt: AcademicDebt, held_on: date, value: str, commission: str, actor
) -> DebtAttempt:
    """Record a retake. A positive result liquidates the debt and replaces the
    attestation mark, with the mark's history row; a failing second retake leaves the
    debt open with both attempts used, for the deputy to decide on."""
    debt = _locked(debt)
    _refuse_not_open(debt)
    attempts = list(debt.attempts.order_by("number"))
    number = len(attempts) + 1
    if number > rules.MAX_ATTEMPTS:
        raise ValidationError("Пересдать можно не более двух раз (ст. 58 273-ФЗ).")
    _may_record(actor, debt=debt, number=number)
    _check_dates(debt, held_on=held_on, previous=attempts[-1] if attempts else None)
    members = rules.commission_members(commission)
    if number == rules.MAX_ATTEMPTS and len(members) < rules.COMMISSION_MIN:
        raise ValidationError(
            "Вторую пересдачу принимает комиссия не менее чем из трёх педагогов "
            "(ст. 58 273-ФЗ): укажите их через запятую или каждого с новой строки."
        )
    value = _checked_result(value, subject=debt.subject)
    attempt = DebtAttempt.objects.create(
        debt=debt,
        number=number,
        held_on=held_on,
        commission="\n".join(members),
        value=value,
        recorded_by=actor,
    )
    what = f"пересдача № {number} от {_day(held_on)}"
    DebtChange.objects.create(
        debt=debt, changed_by=actor, action=DebtAction.ATTEMPT, new_value=value, reason=what
    )
    if not _fails(value, subject=debt.subject):
        _replace_mark(debt, value=value, actor=actor, reason=what)
        _close(
            debt,
            status=DebtStatus.CLOSED,
            on=held_on,
            actor=actor,
            reason=f"{what.capitalize()}: «{value}»",
            new_value=value,
        )
    return attempt


def _replace_mark(debt: AcademicDebt, *, value: str, actor, reason: str) -> None:
    # Not period_mark_save: that one weighs the journal's proposal, which a retake
    # result does not follow.
    mark = PeriodMark.objects.select_for_update().get(pk=debt.mark_id)
    old = mark.value
    reason = f"Ликвидация академической задолженности: {reason}"
    mark.value, mark.reason = value, reason
    mark.version += 1
    mark.updated_by = actor
    mark.save(update_fields=["value", "reason", "version", "updated_by", "updated_at"])
    PeriodMarkChange.objects.create(
        mark=mark,
        changed_by=actor,
        old_value=old,
        new_value=value,
        proposed=mark.proposed,
        reason=reason,
    )


@transaction.atomic
def debt_deadline_set(*, debt: AcademicDebt, deadline: date, actor) -> AcademicDebt:
    """The deputy sets the term of liquidation: not before the debt arose and not
    later than one year after it (273-ФЗ ст. 58 ч. 5)."""
    if not has_role(actor, Role.DEPUTY):
        raise PermissionDenied("Срок ликвидации задолженности устанавливает заместитель директора.")
    debt = _locked(debt)
    if not debt.is_open:
        raise ValidationError(
            f"Задолженность уже {debt.get_status_display().lower()}: срок не меняется."
        )
    if deadline < debt.opened_on:
        raise ValidationError(
            f"Срок не может быть раньше, чем возникла задолженность ({_day(debt.opened_on)})."
        )
    limit = rules.legal_limit(debt.opened_on)
    if deadline > limit:
        raise ValidationError(
            "Пересдать задолженность можно в пределах одного года с момента её "
            f"возникновения (ст. 58 273-ФЗ): срок — не позднее {_day(limit)}."
        )
    if deadline == debt.deadline:
        return debt
    old = debt.deadline
    debt.deadline = deadline
    debt.save(update_fields=["deadline"])
    DebtChange.objects.create(
        debt=debt,
        changed_by=actor,
        action=DebtAction.DEADLINE,
        old_value=_day(old),
        new_value=_day(deadline),
    )
    return debt
