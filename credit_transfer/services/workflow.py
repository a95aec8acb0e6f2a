"""The one transition service of credit transfer: it moves an application along an
edge of credit_transfer.workflow's table (who may, a comment where the table asks for
one), with the move's own checks and effects (STEPS), its history row and its letter
to the family, in one transaction."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from achievements import credits
from credit_transfer import selectors
from credit_transfer.models import (
    Application,
    ApplicationChange,
    LineDecision,
    Notification,
    Outcome,
    Status,
)
from credit_transfer.services import review
from credit_transfer.services.drafts import require_complete, signature_digest
from credit_transfer.services.locks import locked
from credit_transfer.workflow import REFUSALS, TRANSITIONS, may_make
from learners.access import has_role
from learners.models import Role
from learners.terms import current_terms

log = logging.getLogger("uchet.credit")


@dataclass
class Details:
    """What a move needs beyond the move itself."""

    comment: str = ""
    ip: str | None = None
    decisions: dict | None = None  # line id → {"credit": bool, "reason": str}
    decided_on: date | None = None
    order_number: str = ""
    order_date: date | None = None
    returns_on: date | None = None


@transaction.atomic
def application_transition(
    *, application: Application, to: str, actor, version: int | None = None, **details
) -> Application:
    """Move an application to ``to`` if the table allows it for this actor, with the
    step's checks and effects, its history row and the family's notification."""
    application = locked(application, version)
    given = Details(**details)
    given.comment = given.comment.strip()
    move = TRANSITIONS.get((application.status, to))
    if move is None:
        raise ValidationError(
            f"Нельзя перевести заявление из состояния «{application.get_status_display()}» "
            f"в «{Status(to).label}»."
        )
    if not may_make(actor, application, move):
        log.warning(
            "credit transition refused: user=%s application=%s %s→%s",
            actor.pk,
            application.pk,
            application.status,
            to,
        )
        raise PermissionDenied(REFUSALS[sorted(move.who)[0]])
    if move.comment_required and not given.comment:
        raise ValidationError(move.comment_required)
    step = STEPS.get(to)
    if step is not None:
        step(application, actor, given)
    old = application.status
    application.status = to
    application.status_comment = given.comment[:1000]
    application.version += 1
    application.save()
    _record(application, actor=actor, old=old, action=move.action, comment=given.comment)
    return application


def _record(application, *, actor, old: str, action: str, comment: str = "") -> ApplicationChange:
    change = ApplicationChange.objects.create(
        application=application,
        changed_by=actor,
        old_status=old,
        new_status=application.status,
        action=action[:200],
        comment=comment[:1000],
    )
    if application.status != Status.DRAFT:
        _notify(application, change)
    return change


def _notify(application: Application, change: ApplicationChange) -> None:
    from credit_transfer.tasks import deliver_notification

    lines = list(application.lines.select_related("subject"))
    body = render_to_string(
        "credit_transfer/email/notification.txt",
        {
            "application": application,
            "change": change,
            "lines": lines,
            "url": f"{settings.SITE_URL.rstrip('/')}/credit/{application.pk}/",
        },
    )
    notification = Notification.objects.create(
        application=application,
        change=change,
        recipient=application.applicant.email,
        subject=f"Заявление о зачёте № {application.number}: {change.action.lower()}"[:300],
        body=body,
    )
    transaction.on_commit(lambda: deliver_notification.enqueue(notification.pk))


# --- what each move checks and does ---------------------------------------------------------


def _submit(application: Application, actor, details: Details) -> None:
    require_complete(application)
    application.addressee = selectors.addressee()
    now = timezone.now()
    if application.submitted_at is None:
        application.submitted_at = now
    if not application.number:
        application.number = f"{timezone.localdate(now).year}/{application.pk:04d}"
    if actor.pk == application.applicant_id and not application.is_paper:
        application.signed_by, application.signed_from = actor, details.ip
    else:
        application.is_paper, application.registered_by = True, actor
        application.signed_by, application.signed_from = None, None
    application.signed_at = now
    application.signature_digest = signature_digest(application)


def _review(application: Application, actor, details: Details) -> None:
    # The teachers hand back when all have decided; the deputy may take it back earlier.
    if (
        application.status == Status.WITH_TEACHER
        and not has_role(actor, Role.DEPUTY)
        and review.pending_conversions(application)
    ):
        raise ValidationError("Не по всем предметам учитель принял решение.")


def _to_teacher(application: Application, actor, details: Details) -> None:
    pending = review.pending_conversions(application)
    if not pending:
        raise ValidationError("Нет предметов, по которым нужно решение учителя о переводе отметки.")
    untaught = [
        line.subject.name
        for line in pending
        if not selectors.subject_teachers(application.group, line.subject)
    ]
    if untaught:
        words = current_terms()
        raise ValidationError(
            f"В {words['group_prep']} {application.group.name} нет {words['teacher_gen']} по "
            "предмету: "
            f"{', '.join(untaught)}. Назначьте педагогическую нагрузку."
        )


def _to_council(application: Application, actor, details: Details) -> None:
    if not review.council_lines(application):
        raise ValidationError(
            "Нет предметов, по которым нужно мнение педагогического совета: наименования "
            "совпадают и часов достаточно."
        )


def _order(application: Application, actor, details: Details) -> None:
    number, day = details.order_number.strip(), details.order_date
    if not number or day is None:
        raise ValidationError("Укажите номер и дату приказа.")
    if application.outcome == Outcome.REFUSED:
        raise ValidationError("В зачёте отказано: приказ об освобождении не издаётся.")
    if day > timezone.localdate():
        raise ValidationError("Дата приказа не может быть в будущем.")
    if application.decision_taken_on and day < application.decision_taken_on:
        raise ValidationError(
            f"Решение принято {application.decision_taken_on:%d.%m.%Y}: приказ не может "
            "быть издан раньше."
        )
    application.order_number, application.order_date = number[:50], day
    if application.wants_exemption:
        _exempt(application, actor, day)


def _exempt(application: Application, actor, day: date) -> None:
    """Exempt the learner from the lessons of every credited subject from the order's
    day to the end of the period the marks are for."""
    ends_on = application.period.ends_on if application.period else application.year.ends_on
    reference = f"приказ № {application.order_number} от {day:%d.%m.%Y}"
    for line in application.lines.filter(decision=LineDecision.CREDITED).select_related("subject"):
        if line.exemption_id is not None or day > ends_on:
            continue
        line.exemption = credits.exemption_start(
            learner=application.learner,
            subject=line.subject,
            starts_on=day,
            ends_on=ends_on,
            order_reference=reference,
            source=f"Зачёт: {application.other_name} (заявление № {application.number})",
            actor=actor,
        )
        line.save(update_fields=["exemption"])


def _end_exemption(application: Application, actor, details: Details) -> None:
    returns_on = details.returns_on
    if returns_on is None:
        raise ValidationError("Укажите, с какого дня обучающийся снова посещает занятия.")
    if application.order_date and returns_on <= application.order_date:
        raise ValidationError(
            f"Освобождение действует с {application.order_date:%d.%m.%Y}: вернуться на "
            "занятия можно не раньше следующего дня."
        )
    application.exemption_ended_on = returns_on
    reason = f"{details.comment} (заявление № {application.number})"
    for line in application.lines.filter(decision=LineDecision.CREDITED).select_related(
        "subject", "exemption", "period_mark__period", "period_mark__year"
    ):
        if line.exemption is not None:
            credits.exemption_end(
                exemption=line.exemption,
                ends_on=returns_on - timedelta(days=1),
                reason=reason,
                actor=actor,
            )
        mark = line.period_mark
        if mark is not None and mark.is_credited:
            ends = mark.period.ends_on if mark.period else mark.year.ends_on
            # A period already over keeps its credited mark; one still running is
            # attested on general grounds (000 §5.5).
            if ends >= returns_on:
                credits.credited_mark_withdraw(mark=mark, reason=reason, actor=actor)


STEPS = {
    Status.SUBMITTED: _submit,
    Status.UNDER_REVIEW: _review,
    Status.WITH_TEACHER: _to_teacher,
    Status.WITH_COUNCIL: _to_council,
    Status.DECIDED: review.decide,
    Status.ORDER_ISSUED: _order,
    Status.EXEMPTION_ENDED: _end_exemption,
}
