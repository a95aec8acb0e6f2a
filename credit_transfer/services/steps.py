"""Steps that are not moves: the subject teacher's conversion of a mark from another
scale and the pedagogical council's protocol. Each leaves its history row; the
teacher's last conversion hands the application back to the deputy by the one
transition service."""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from credit_transfer.models import (
    Application,
    ApplicationChange,
    ApplicationLine,
    Conversion,
    CouncilDecision,
    Status,
)
from credit_transfer.services.locks import locked
from credit_transfer.services.review import (
    NOTIFY_WORKING_DAYS,
    council_lines,
    council_reference,
    pending_conversions,
)
from credit_transfer.services.workflow import application_transition
from credit_transfer.workflow import DEPUTY, REFUSALS
from learners.access import can_teach, has_role
from learners.calendar import add_working_days
from learners.models import Role
from learners.terms import current_terms

log = logging.getLogger("uchet.credit")


def _same_status_change(application: Application, *, actor, action: str, comment: str) -> None:
    ApplicationChange.objects.create(
        application=application,
        changed_by=actor,
        old_status=application.status,
        new_status=application.status,
        action=action[:200],
        comment=comment[:1000],
    )


@transaction.atomic
def line_convert(
    *, line: ApplicationLine, conversion: str, comment: str = "", actor
) -> ApplicationLine:
    """The subject teacher's decision on a result from another scale (000 §4.7). When
    the last such decision is in, the application returns to the deputy."""
    application = locked(line.application)
    line = ApplicationLine.objects.select_related("subject").get(pk=line.pk)
    if not can_teach(actor, group=application.group, subject=line.subject):
        log.warning("credit conversion refused: user=%s line=%s", actor.pk, line.pk)
        raise PermissionDenied(
            f"Решение по предмету «{line.subject.name}» принимает {current_terms()['teacher']}, "
            "который ведёт его "
            f"в {application.group.name}."
        )
    if application.status != Status.WITH_TEACHER:
        raise ValidationError(
            f"Заявление не ждёт решения учителя: его статус — «{application.get_status_display()}»."
        )
    if conversion not in Conversion.values:
        raise ValidationError("Выберите решение: зачесть на «5», на «4» или предложить аттестацию.")
    comment = comment.strip()
    if conversion == Conversion.ATTESTATION and not comment:
        raise ValidationError("Напишите, в какой форме и когда предлагается пройти аттестацию.")
    line.conversion, line.conversion_comment = conversion, comment[:500]
    line.conversion_by, line.conversion_at = actor, timezone.now()
    line.save()
    _same_status_change(
        application,
        actor=actor,
        action=f"Учитель: «{line.subject.name}» — {Conversion(conversion).label.lower()}",
        comment=comment,
    )
    if not pending_conversions(application):
        application_transition(
            application=application,
            to=Status.UNDER_REVIEW,
            actor=actor,
            comment="Учитель-предметник принял решение о переводе отметок.",
        )
    return line


@transaction.atomic
def council_record(
    *,
    application: Application,
    protocol_number: str,
    protocol_date: date,
    decisions: dict[int, str],
    actor,
    version: int | None = None,
) -> Application:
    """Record the pedagogical council's protocol and its decision on every line that
    needed it (000 §5.7). The protocol date is when the decision was taken: the
    five working days to tell the family count from it."""
    if not has_role(actor, Role.DEPUTY):
        raise PermissionDenied(REFUSALS[DEPUTY])
    application = locked(application, version)
    protocol_number = _check_protocol(application, protocol_number, protocol_date)
    needing = council_lines(application)
    missing = [
        line.subject.name
        for line in needing
        if decisions.get(line.pk) not in CouncilDecision.values
    ]
    if missing:
        raise ValidationError(f"Укажите решение педсовета по предмету: {', '.join(missing)}.")
    for line in needing:
        line.council_decision = decisions[line.pk]
        line.save(update_fields=["council_decision"])
    application.council_protocol_number = protocol_number[:50]
    application.council_protocol_date = protocol_date
    application.decision_taken_on = protocol_date
    application.notify_by = add_working_days(protocol_date, NOTIFY_WORKING_DAYS)
    application.version += 1
    application.save()
    _same_status_change(
        application,
        actor=actor,
        action=f"Решение педагогического совета ({council_reference(application)})",
        comment="; ".join(
            f"«{line.subject.name}» — {CouncilDecision(line.council_decision).label.lower()}"
            for line in needing
        ),
    )
    return application


def _check_protocol(application: Application, number: str, day: date | None) -> str:
    """The protocol's number, stripped, once the application and the date allow it."""
    if application.status != Status.WITH_COUNCIL:
        raise ValidationError("Решение педсовета записывается, пока заявление у педсовета.")
    number = number.strip()
    if not number or day is None:
        raise ValidationError("Укажите номер и дату протокола педагогического совета.")
    if day > timezone.localdate():
        raise ValidationError("Дата протокола не может быть в будущем.")
    if application.submitted_at and day < timezone.localdate(application.submitted_at):
        raise ValidationError("Педсовет не мог рассмотреть заявление раньше, чем оно подано.")
    return number
