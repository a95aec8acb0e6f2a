"""Closing and reopening study periods (R-JRN-5). A closure is never deleted:
reopening records who, when and why on the same row, and closing again adds a new
one, so the deputy's decisions stay in the record."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from achievements import selectors
from achievements.journal.reasons import check_reason
from achievements.models import PeriodClosure
from learners.access import has_role
from learners.models import Role, StudyGroup, StudyPeriod

log = logging.getLogger("uchet.journal")


def _require_deputy(actor, what: str) -> None:
    if not has_role(actor, Role.DEPUTY):
        raise PermissionDenied(f"{what} период заместитель директора.")


@transaction.atomic
def period_close(*, period: StudyPeriod, group: StudyGroup | None, actor) -> PeriodClosure:
    _require_deputy(actor, "Закрывает")
    # Locks the period row so that two deputies closing at once do not both pass the
    # check below and one of them meet the unique constraint instead of this message.
    StudyPeriod.objects.select_for_update().filter(pk=period.pk).first()
    if selectors.is_closed(period=period, group=group):
        raise ValidationError("Этот период уже закрыт.")
    return PeriodClosure.objects.create(period=period, group=group, closed_by=actor)


@transaction.atomic
def period_reopen(*, closure: PeriodClosure, reason: str, actor) -> PeriodClosure:
    """Open a closed period again; the closure stays, marked with who reopened it,
    when and why."""
    _require_deputy(actor, "Открывает")
    check_reason(reason, what="Причина открытия периода")
    if not reason.strip():
        raise ValidationError("Укажите причину, по которой период открывается снова.")
    closure = PeriodClosure.objects.select_for_update().get(pk=closure.pk)
    if not closure.in_force:
        raise ValidationError("Этот период уже открыт.")
    closure.reopened_at = timezone.now()
    closure.reopened_by = actor
    closure.reopen_reason = reason.strip()
    closure.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    log.info(
        "period reopened: period=%s group=%s by user=%s (closed %s by user=%s)",
        closure.period_id,
        closure.group_id,
        actor.pk,
        closure.closed_at,
        closure.closed_by_id,
    )
    return closure
