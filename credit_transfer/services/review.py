"""What the rules make of each line of an application: its checks, the subject
teacher's conversion and the pedagogical council's decision resolved into credited,
refused or attestation, and the deputy's decision that writes them into the record."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from achievements import credits
from credit_transfer import selectors
from credit_transfer.checks import LineCheck
from credit_transfer.models import (
    CONVERTED_VALUE,
    Application,
    ApplicationLine,
    Conversion,
    CouncilDecision,
    LineDecision,
    Outcome,
    Status,
)
from learners.calendar import add_working_days

NOTIFY_WORKING_DAYS = 5  # 000 §5.7: the decision reaches the family within five working days


def pending_conversions(application: Application) -> list[ApplicationLine]:
    """Lines still waiting for the subject teacher's conversion."""
    return [
        line
        for line, check in selectors.lines_with_checks(application)
        if check.needs_conversion and not check.ineligible and not line.conversion
    ]


def council_lines(application: Application) -> list[ApplicationLine]:
    """Lines the pedagogical council has to decide on."""
    return [
        line
        for line, check in selectors.lines_with_checks(application)
        if check.needs_council and not check.ineligible
    ]


@dataclass(frozen=True)
class Resolution:
    decision: str
    value: str
    reason: str
    fixed: bool  # the rules leave the deputy no choice

    @property
    def label(self) -> str:
        return LineDecision(self.decision).label


def resolve_line(
    line: ApplicationLine, check: LineCheck, *, council_protocol: str = ""
) -> Resolution | str:
    """What the rules make of a line: a Resolution, or the text of what is still
    missing before it can be decided."""
    if check.ineligible:
        return Resolution(LineDecision.REFUSED, "", f"Не подлежит зачёту: {check.failures}.", True)
    if check.needs_council and not line.council_decision:
        return f"«{line.subject.name}»: нужно решение педагогического совета (п. 5.7)."
    if line.council_decision == CouncilDecision.REFUSE:
        return Resolution(
            LineDecision.REFUSED,
            "",
            f"Педагогический совет отказал в зачёте ({council_protocol}).",
            True,
        )
    if check.needs_conversion and not line.conversion:
        return f"«{line.subject.name}»: нужно решение учителя-предметника о переводе отметки."
    if line.conversion == Conversion.ATTESTATION:
        reason = "Учитель-предметник предложил пройти промежуточную аттестацию (п. 4.7)"
        if line.conversion_comment:
            reason += f": {line.conversion_comment}"
        return Resolution(LineDecision.ATTESTATION, "", reason + ".", True)
    value = CONVERTED_VALUE.get(line.conversion, check.credited_value)
    return Resolution(LineDecision.CREDITED, value, "", False)


def council_reference(application: Application) -> str:
    if not application.council_protocol_number:
        return ""
    return (
        f"протокол педагогического совета № {application.council_protocol_number} "
        f"от {application.council_protocol_date:%d.%m.%Y}"
    )


def _resolve_all(
    application: Application, decisions: dict
) -> list[tuple[ApplicationLine, Resolution]]:
    """Every line resolved by the rules and, where they leave a choice, by the
    deputy's ``decisions``; a ValidationError lists every line that cannot be."""
    protocol = council_reference(application)
    errors, resolved = [], []
    for line, check in selectors.lines_with_checks(application):
        resolution = resolve_line(line, check, council_protocol=protocol)
        if isinstance(resolution, str):
            errors.append(resolution)
            continue
        wanted = decisions.get(line.pk, {})
        reason = str(wanted.get("reason", "")).strip()
        if not resolution.fixed and wanted.get("credit") is False:
            if not reason:
                errors.append(f"«{line.subject.name}»: укажите причину отказа — её увидит семья.")
                continue
            resolution = Resolution(LineDecision.REFUSED, "", reason, False)
        elif reason and resolution.decision == LineDecision.CREDITED:
            resolution = Resolution(resolution.decision, resolution.value, reason, False)
        resolved.append((line, resolution))
    if errors:
        raise ValidationError(errors)
    return resolved


def _outcome(resolved: list[tuple[ApplicationLine, Resolution]]) -> str:
    credited = [line for line, r in resolved if r.decision == LineDecision.CREDITED]
    if not credited:
        return Outcome.REFUSED
    return Outcome.APPROVED if len(credited) == len(resolved) else Outcome.PARTLY


def decide(application: Application, actor, details) -> None:
    """The deputy's decision (the move to DECIDED): every line resolved, the credited
    marks written into the learner's record, the family's deadline set."""
    resolved = _resolve_all(application, details.decisions or {})
    application.outcome = _outcome(resolved)
    application.decision_comment = details.comment[:1000]
    application.decision_taken_on = _decision_date(
        application, details.decided_on, timezone.localdate()
    )
    application.notify_by = add_working_days(application.decision_taken_on, NOTIFY_WORKING_DAYS)
    # The decision reaches the family now: it shows in their account and the letter
    # goes out with this step.
    application.decision_notified_at = timezone.now()
    reference = (
        f"заявление № {application.number}, решение от {application.decision_taken_on:%d.%m.%Y}"
    )
    for line, resolution in resolved:
        line.decision, line.credited_value = resolution.decision, resolution.value
        line.decision_reason = resolution.reason[:1000]
        if resolution.decision == LineDecision.CREDITED and line.period_mark_id is None:
            line.period_mark = credits.credited_mark_record(
                learner=application.learner,
                subject=line.subject,
                year=application.year,
                period=application.period,
                value=resolution.value,
                source=application.other_name,
                original=line.original_result,
                reference=reference,
                actor=actor,
            )
        line.save()


def _decision_date(application: Application, decided_on: date | None, today: date) -> date:
    """The day the decision was taken: the council's protocol date when it decided,
    else the day the deputy names (a meeting last week), else today."""
    if application.status == Status.WITH_COUNCIL and application.council_protocol_date:
        return application.council_protocol_date
    if decided_on is None:
        return today
    if decided_on > today:
        raise ValidationError("Дата решения не может быть в будущем.")
    if application.submitted_at and decided_on < timezone.localdate(application.submitted_at):
        raise ValidationError("Решение не может быть принято раньше, чем подано заявление.")
    return decided_on
