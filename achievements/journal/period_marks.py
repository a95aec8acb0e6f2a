"""Attestation: the period, year and final marks a teacher confirms or sets against
the journal's proposal, each change with its history row."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from achievements import attestation, selectors
from achievements.debts import services as debts
from achievements.journal.cells import canonical_code
from achievements.journal.conflicts import mark_conflict, refuse_stale, save_or_conflict
from achievements.journal.reasons import check_reason
from achievements.models import MarkKind, MarkOrigin, PeriodMark, PeriodMarkChange
from learners.access import JournalAccess, journal_access
from learners.models import Enrollment, Learner, StudyGroup, StudyPeriod, Subject

ATTESTATION_SPECIAL = {attestation.NOT_ATTESTED, "осв."}


def _may_set(actor, *, group, subject, kind, period, reason) -> JournalAccess:
    """Who may set this mark now; returns the actor's access to the journal."""
    access = journal_access(actor, group_id=group.pk, subject_id=subject.pk)
    if access < JournalAccess.WRITE:
        raise PermissionDenied("Отметки аттестации ставит учитель, который ведёт журнал.")
    # The year page offers the final mark in a graduating class only; a request made
    # by hand must not put one in the record of a learner who is not finishing.
    if kind == MarkKind.FINAL and group.grade != group.programme.last_grade:
        raise ValidationError(
            f"Итоговая отметка ставится только в выпускном классе: {group.name} — "
            "не последний год обучения по программе."
        )
    closed = kind == MarkKind.PERIOD and selectors.is_closed(period=period, group=group)
    if closed and access < JournalAccess.CORRECT:
        raise ValidationError(
            "Период закрыт: отметку исправляет заместитель директора с указанием причины."
        )
    if closed and not reason.strip():
        raise ValidationError("Укажите причину исправления.", code="reason_required")
    return access


def _checked_value(value: str, *, subject: Subject) -> str:
    allowed = selectors.allowed_codes(subject)
    value = canonical_code(" ".join(value.split()).lower(), allowed)
    if value and value not in allowed | ATTESTATION_SPECIAL:
        raise ValidationError(
            f"«{value}» нельзя поставить за период. Можно: "
            f"{', '.join(sorted(allowed, reverse=True))}, н/а, осв."
        )
    return value


def _replace_credited(mark: PeriodMark, *, access: JournalAccess, reason: str) -> None:
    """A credited mark follows the credit-transfer decision (000 §5.4); only the
    deputy replaces it, with a reason, and it becomes the school's own mark."""
    if access < JournalAccess.CORRECT:
        raise ValidationError(
            f"Отметка зачтена из другой организации ({mark.credit_reference}): "
            "изменить её может только заместитель директора."
        )
    if not reason.strip():
        raise ValidationError(
            "Отметка зачтена из другой организации: укажите причину замены.",
            code="reason_required",
        )
    mark.origin = MarkOrigin.SCHOOL
    mark.credit_source = mark.credit_original = mark.credit_reference = ""
    mark.credit_achievement = None


def year_complete(*, learner: Learner, subject: Subject, year) -> bool:
    """Whether every period of the year holds the learner's mark: only then does the
    journal propose a year mark (one quarter's mark is not the year's)."""
    marked = PeriodMark.objects.filter(
        learner=learner, subject=subject, kind=MarkKind.PERIOD, period__year=year
    ).exclude(value="")
    unmarked = StudyPeriod.objects.filter(year=year).exclude(pk__in=marked.values("period_id"))
    return not unmarked.exists()


def _proposal(*, learner, subject, group, kind, period) -> str:
    year = group.year
    # A module's result is proposed from its own lessons (achievements/selectors/modules.py).
    if (
        kind == MarkKind.YEAR
        and not selectors.by_modules(group)
        and not year_complete(learner=learner, subject=subject, year=year)
    ):
        return ""
    return selectors.proposed_mark(
        learner=learner, subject=subject, group=group, kind=kind, period=period
    )


@transaction.atomic
def period_mark_save(
    *,
    learner: Learner,
    subject: Subject,
    group: StudyGroup,
    kind: str,
    period: StudyPeriod | None,
    value: str,
    version: int,
    actor,
    reason: str = "",
) -> PeriodMark:
    """Confirm the proposed attestation mark, or set another one with a reason."""
    check_reason(reason)
    access = _may_set(actor, group=group, subject=subject, kind=kind, period=period, reason=reason)
    if not Enrollment.objects.filter(learner=learner, group=group).exists():
        raise ValidationError("Обучающийся не числится в этом классе.")
    value = _checked_value(value, subject=subject)
    proposed = _proposal(learner=learner, subject=subject, group=group, kind=kind, period=period)
    if value and not proposed and not reason.strip():
        raise ValidationError(
            "Отметки выставлены не за все периоды года, и журнал не предлагает годовую "
            f"отметку. Чтобы поставить «{value}», укажите причину.",
            code="reason_required",
        )
    if value and value != proposed and not reason.strip():
        raise ValidationError(
            f"Журнал предлагает «{proposed}». Чтобы поставить «{value}», укажите причину.",
            code="reason_required",
        )
    lookup = {"learner": learner, "subject": subject, "kind": kind}
    lookup |= {"period": period} if kind == MarkKind.PERIOD else {"year": group.year}
    mark = PeriodMark.objects.select_for_update().filter(**lookup).first()
    refuse_stale(mark, version=version, text=lambda found: found.value, message=mark_conflict)
    old = mark.value if mark is not None else ""
    if mark is None:
        mark = PeriodMark(**(lookup | {"year": group.year}), version=0)
    if old == value and mark.pk is not None:
        return mark
    if mark.is_credited:
        _replace_credited(mark, access=access, reason=reason)
    mark.value, mark.proposed, mark.reason = value, proposed, reason.strip()
    mark.version += 1
    mark.updated_by = actor
    save_or_conflict(
        mark,
        current=lambda: PeriodMark.objects.filter(**lookup),
        text=lambda found: found.value,
        message=mark_conflict,
    )
    PeriodMarkChange.objects.create(
        mark=mark,
        changed_by=actor,
        old_value=old,
        new_value=value,
        proposed=proposed,
        reason=reason.strip(),
    )
    debts.debt_sync(mark=mark, group=group, actor=actor)
    return mark
