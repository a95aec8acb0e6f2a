"""Results credited from another organisation (000 §5.2–5.6) enter the learner's record
here, and only here: the credit-transfer workflow calls these services rather than
touching the journal's tables. Each write leaves its history row in the same
transaction, like every other change of an attestation mark (R-JRN-6)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from achievements.debts import services as debts
from achievements.models import Exemption, MarkKind, MarkOrigin, PeriodMark, PeriodMarkChange
from learners.access import has_role
from learners.models import AcademicYear, Learner, Role, StudyPeriod, Subject

CREDITED = "зач."


def _require_deputy(actor, what: str) -> None:
    if not has_role(actor, Role.DEPUTY):
        raise PermissionDenied(f"{what} заместитель директора.")


def creditable_values(subject: Subject) -> set[str]:
    """What a credited mark may be in this subject: «зач.», or a positive mark of the
    subject's own scale (000 §4.7 names «4» and «5»; a «3» from a five-point extract
    is credited as it was)."""
    positive = set(
        subject.grading_scale.values.filter(
            is_enabled=True, is_special=False, is_passing=True
        ).values_list("code", flat=True)
    )
    return positive | {CREDITED}


def _history(mark: PeriodMark, *, old: str, actor, reason: str) -> None:
    PeriodMarkChange.objects.create(
        mark=mark, changed_by=actor, old_value=old, new_value=mark.value, reason=reason[:500]
    )


@transaction.atomic
def credited_mark_record(
    *,
    learner: Learner,
    subject: Subject,
    year: AcademicYear,
    period: StudyPeriod | None,
    value: str,
    source: str,
    original: str,
    reference: str,
    actor,
    achievement=None,
) -> PeriodMark:
    """Set a credited period mark (``period`` given) or year mark. Recording the same
    credit again changes nothing and writes no second history row. ``achievement`` is
    the gifted learner's achievement the mark is credited for (achievements.gifted)."""
    _require_deputy(actor, "Зачтённые результаты вносит")
    source, original, reference = source.strip(), original.strip(), reference.strip()
    if value not in creditable_values(subject):
        raise ValidationError(
            f"«{value}» нельзя зачесть по предмету «{subject.name}»: можно "
            f"{', '.join(sorted(creditable_values(subject), reverse=True))}."
        )
    if not source:
        raise ValidationError("Укажите организацию, в которой получен результат.")
    if period is not None and period.year_id != year.pk:
        raise ValidationError("Период не относится к учебному году зачёта.")
    kind = MarkKind.PERIOD if period is not None else MarkKind.YEAR
    lookup = {"learner": learner, "subject": subject, "kind": kind}
    lookup |= {"period": period} if period is not None else {"year": year}
    mark = PeriodMark.objects.select_for_update().filter(**lookup).first()
    if (
        mark is not None
        and mark.is_credited
        and mark.value == value
        and mark.credit_reference == reference
        and mark.credit_achievement_id == getattr(achievement, "pk", None)
    ):
        return mark
    old = mark.value if mark is not None else ""
    if mark is None:
        mark = PeriodMark(**(lookup | {"year": year}), version=0)
    mark.value, mark.proposed = value, ""
    mark.origin = MarkOrigin.CREDITED
    mark.credit_source, mark.credit_original = source[:500], original[:200]
    mark.credit_reference = reference[:300]
    mark.credit_achievement = achievement
    mark.reason = f"Зачёт результатов: {mark.credit_reference}"[:500]
    mark.version += 1
    mark.updated_by = actor
    mark.save()
    _history(mark, old=old, actor=actor, reason=mark.credit_note)
    # A credited result replaces a failing mark: its academic debt is settled too.
    debts.debt_sync(mark=mark, actor=actor)
    return mark


@transaction.atomic
def credited_mark_withdraw(*, mark: PeriodMark, reason: str, actor) -> PeriodMark:
    """The learner returns to attestation on general grounds (000 §5.5): the credited
    mark is cleared so the teacher sets the period's mark as for everyone else."""
    _require_deputy(actor, "Зачтённую отметку снимает")
    if not reason.strip():
        raise ValidationError("Укажите, почему зачтённая отметка снимается.")
    mark = PeriodMark.objects.select_for_update().get(pk=mark.pk)
    if not mark.is_credited:
        return mark
    old = mark.value
    mark.value = ""
    mark.origin = MarkOrigin.SCHOOL
    mark.credit_source = mark.credit_original = mark.credit_reference = ""
    mark.credit_achievement = None
    mark.reason = reason.strip()[:500]
    mark.version += 1
    mark.updated_by = actor
    mark.save()
    _history(mark, old=old, actor=actor, reason=f"Зачёт снят: {reason.strip()}")
    return mark


@transaction.atomic
def exemption_start(
    *,
    learner: Learner,
    subject: Subject,
    starts_on: date,
    ends_on: date | None = None,
    order_reference: str,
    source: str,
    actor,
) -> Exemption:
    """Exempt a learner from a subject's lessons by a director's order (000 §5.6), until
    ``ends_on`` (the end of the credited period) or until ended. Starting the same
    exemption again returns the one already there."""
    _require_deputy_or_director(actor)
    order_reference = order_reference.strip()
    if not order_reference:
        raise ValidationError("Освобождение оформляется приказом: укажите его номер и дату.")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError("Освобождение не может закончиться раньше, чем началось.")
    existing = Exemption.objects.filter(
        learner=learner, subject=subject, starts_on=starts_on, order_reference=order_reference
    ).first()
    if existing is not None:
        return existing
    overlapping = Exemption.objects.filter(learner=learner, subject=subject).exclude(
        ends_on__lt=starts_on
    )
    if ends_on is not None:
        overlapping = overlapping.exclude(starts_on__gt=ends_on)
    if overlapping.exists():
        raise ValidationError(
            f"{learner.short_name} уже освобождён от уроков по предмету «{subject.name}»."
        )
    return Exemption.objects.create(
        learner=learner,
        subject=subject,
        starts_on=starts_on,
        ends_on=ends_on,
        order_reference=order_reference,
        source=source.strip()[:300],
        created_by=actor,
    )


def _require_deputy_or_director(actor) -> None:
    if not has_role(actor, Role.DEPUTY, Role.DIRECTOR):
        raise PermissionDenied("Освобождение от уроков оформляют директор и его заместитель.")


@transaction.atomic
def exemption_end(*, exemption: Exemption, ends_on: date, reason: str, actor) -> Exemption:
    """End an exemption: ``ends_on`` is its last day; from the next day the learner
    attends lessons and the journal takes their marks again (000 §5.5)."""
    _require_deputy(actor, "Освобождение прекращает")
    exemption = Exemption.objects.select_for_update().get(pk=exemption.pk)
    if not reason.strip():
        raise ValidationError("Укажите причину прекращения освобождения.")
    if exemption.ends_on is not None and exemption.ends_on <= ends_on:
        return exemption
    if ends_on < exemption.starts_on:
        raise ValidationError(
            f"Освобождение началось {exemption.starts_on:%d.%m.%Y}: "
            "оно не может закончиться раньше."
        )
    exemption.ends_on = ends_on
    exemption.ended_by = actor
    exemption.end_reason = reason.strip()[:500]
    exemption.save(update_fields=["ends_on", "ended_by", "end_reason"])
    return exemption
