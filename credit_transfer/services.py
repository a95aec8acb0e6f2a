"""Writes of the credit-transfer workflow (R-CT-1..10).

One transition service, ``application_transition``, moves an application by the
table below, each move with its own preconditions and effects (STEPS), its history
row and its notification to the family, all in one transaction. Everything else
here prepares what a move needs: the family's draft and attachments, the subject
teacher's conversion, the pedagogical council's protocol."""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from achievements import credits
from common.files import check_upload, stored
from credit_transfer import selectors
from credit_transfer.checks import LineCheck
from credit_transfer.models import (
    CONVERTED_VALUE,
    OPEN_STATUSES,
    Application,
    ApplicationChange,
    ApplicationLine,
    Attachment,
    Conversion,
    CouncilDecision,
    LineDecision,
    Notification,
    Outcome,
    Status,
)
from learners.access import can_teach, has_role, represented_learners
from learners.calendar import add_working_days
from learners.models import Guardianship, Role

log = logging.getLogger("uchet.credit")

NOTIFY_WORKING_DAYS = 5  # 000 §5.7: the decision reaches the family within five working days
MAX_FILES = 10

APPLICANT, DEPUTY, DIRECTOR, TEACHER = "applicant", "deputy", "director", "teacher"

# (from, to) → who may make the move, and how the history names it. Nothing else
# changes an application's status.
TRANSITIONS: dict[tuple[str, str], tuple[frozenset, str]] = {
    (Status.DRAFT, Status.SUBMITTED): (frozenset({APPLICANT}), "Заявление подано"),
    (Status.SUBMITTED, Status.UNDER_REVIEW): (frozenset({DEPUTY}), "Принято к рассмотрению"),
    (Status.UNDER_REVIEW, Status.DOCUMENTS_REQUESTED): (
        frozenset({DEPUTY}),
        "Запрошены дополнительные документы",
    ),
    (Status.DOCUMENTS_REQUESTED, Status.SUBMITTED): (
        frozenset({APPLICANT}),
        "Заявление подано повторно",
    ),
    (Status.UNDER_REVIEW, Status.WITH_TEACHER): (
        frozenset({DEPUTY}),
        "Передано учителю-предметнику",
    ),
    (Status.WITH_TEACHER, Status.UNDER_REVIEW): (
        frozenset({TEACHER, DEPUTY}),
        "Возвращено на рассмотрение",
    ),
    (Status.UNDER_REVIEW, Status.WITH_COUNCIL): (
        frozenset({DEPUTY}),
        "Передано на педагогический совет",
    ),
    (Status.UNDER_REVIEW, Status.DECIDED): (frozenset({DEPUTY}), "Принято решение"),
    (Status.WITH_COUNCIL, Status.DECIDED): (frozenset({DEPUTY}), "Принято решение"),
    (Status.DECIDED, Status.ORDER_ISSUED): (frozenset({DIRECTOR}), "Издан приказ"),
    (Status.ORDER_ISSUED, Status.EXEMPTION_ENDED): (
        frozenset({DEPUTY}),
        "Освобождение от посещения занятий прекращено",
    ),
    **{
        (status, Status.WITHDRAWN): (frozenset({APPLICANT}), "Заявление отозвано заявителем")
        for status in OPEN_STATUSES
    },
}

REFUSALS = {
    APPLICANT: "Это может сделать только заявитель.",
    DEPUTY: "Это решает заместитель директора.",
    DIRECTOR: "Приказ издаёт директор.",
    TEACHER: "Это решает учитель, который ведёт предмет в классе.",
}


class Conflict(ValidationError):
    """The application changed since the person opened it."""


def _acts_as(actor, application: Application, who: str) -> bool:
    if who == DEPUTY:
        return has_role(actor, Role.DEPUTY)
    if who == DIRECTOR:
        return has_role(actor, Role.DIRECTOR)
    if who == TEACHER:
        return any(
            can_teach(actor, group=application.group, subject=line.subject)
            for line in application.lines.all()
        )
    # The applicant acts from their own account while they represent the learner; a
    # paper application is carried through by the staff who register its papers.
    if application.is_paper and has_role(actor, Role.DEPUTY, Role.CLERK):
        return True
    return (
        actor.pk == application.applicant_id
        and represented_learners(actor).filter(pk=application.learner_id).exists()
    )


def _locked(application: Application, version: int | None = None) -> Application:
    locked = (
        # Only the application's row is locked: PostgreSQL cannot lock the nullable side
        # of the period's outer join, and the joined rows are read, not changed.
        Application.objects.select_for_update(of=("self",))
        .select_related("learner", "group__programme", "year", "period", "applicant")
        .get(pk=application.pk)
    )
    if version is not None and locked.version != version:
        raise Conflict(
            "Заявление уже изменилось (его статус сейчас — "
            f"«{locked.get_status_display()}»). Обновите страницу и проверьте."
        )
    return locked


# --- the transition ----------------------------------------------------------------------


@dataclass
class Move:
    """What a step needs beyond the move itself."""

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
    application = _locked(application, version)
    move = Move(**details)
    move.comment = move.comment.strip()
    key = (application.status, to)
    if key not in TRANSITIONS:
        raise ValidationError(
            f"Нельзя перевести заявление из состояния «{application.get_status_display()}» "
            f"в «{Status(to).label}»."
        )
    allowed, action = TRANSITIONS[key]
    if not any(_acts_as(actor, application, who) for who in allowed):
        log.warning(
            "credit transition refused: user=%s application=%s %s→%s",
            actor.pk,
            application.pk,
            application.status,
            to,
        )
        raise PermissionDenied(REFUSALS[sorted(allowed)[0]])
    step = STEPS.get(to)
    if step is not None:
        step(application, actor, move)
    old = application.status
    application.status = to
    application.status_comment = move.comment[:1000]
    application.version += 1
    application.save()
    _record(application, actor=actor, old=old, action=action, comment=move.comment)
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


# --- steps: what each move checks and does ----------------------------------------------------


def _require_complete(application: Application) -> None:
    missing = [
        label
        for field, label in (
            ("applicant_name", "ФИО заявителя"),
            ("passport_series", "серия паспорта"),
            ("passport_number", "номер паспорта"),
            ("passport_issued_by", "кем выдан паспорт"),
            ("passport_issued_on", "дата выдачи паспорта"),
            ("registration_address", "адрес регистрации"),
            ("phone", "телефон"),
            ("other_name", "наименование другой организации"),
            ("other_address", "адрес другой организации"),
            ("other_licence_number", "номер лицензии другой организации"),
            ("other_licence_date", "дата лицензии другой организации"),
            ("subject_area", "предметная область"),
            ("programme_name", "наименование программы"),
            ("ground", "основание зачёта"),
        )
        if not getattr(application, field)
    ]
    if missing:
        raise ValidationError(f"Заполните: {', '.join(missing)}.")
    if not application.consent:
        raise ValidationError(
            "Подтвердите согласие на выставление отметок: без него заявление не подаётся."
        )
    if not application.lines.exists():
        raise ValidationError("Добавьте хотя бы один предмет для зачёта.")
    if not application.attachments.exists():
        raise ValidationError(
            "Приложите хотя бы один документ: справку (выписку) с отметками, заверенную "
            "организацией, или документ об образовании."
        )


def signature_digest(application: Application) -> str:
    """A SHA-256 of what was signed: the application's fields, its lines and the
    hashes of its attachments, in a canonical form."""
    fields = {
        name: str(getattr(application, name) or "")
        for name in (
            "learner_id", "group_id", "addressee", "applicant_name", "passport_series",
            "passport_number", "passport_issued_by", "passport_issued_on",
            "registration_address", "phone", "other_name", "other_address",
            "other_licence_number", "other_licence_date", "other_accreditation_number",
            "other_accreditation_date", "subject_area", "programme_name", "ground",
            "ground_details", "year_id", "period_id", "wants_exemption", "consent",
        )
    }  # fmt: skip
    fields["lines"] = [
        [line.subject_id, line.external_name, line.external_scale, line.external_result,
         line.external_hours]
        for line in application.lines.order_by("order", "pk")
    ]  # fmt: skip
    fields["attachments"] = sorted(application.attachments.values_list("sha256", flat=True))
    canonical = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _submit(application: Application, actor, move: Move) -> None:
    _require_complete(application)
    application.addressee = selectors.addressee()
    now = timezone.now()
    if application.submitted_at is None:
        application.submitted_at = now
    if not application.number:
        application.number = f"{timezone.localdate(now).year}/{application.pk:04d}"
    if actor.pk == application.applicant_id and not application.is_paper:
        application.signed_by, application.signed_from = actor, move.ip
    else:
        application.is_paper, application.registered_by = True, actor
        application.signed_by, application.signed_from = None, None
    application.signed_at = now
    application.signature_digest = signature_digest(application)


def _review(application: Application, actor, move: Move) -> None:
    # The teachers hand back when all have decided; the deputy may take it back earlier.
    if (
        application.status == Status.WITH_TEACHER
        and not has_role(actor, Role.DEPUTY)
        and any(
            check.needs_conversion and not check.ineligible and not line.conversion
            for line, check in selectors.lines_with_checks(application)
        )
    ):
        raise ValidationError("Не по всем предметам учитель принял решение.")


def _request_documents(application: Application, actor, move: Move) -> None:
    if not move.comment:
        raise ValidationError("Напишите семье, какие документы нужны и почему (п. 4.8).")


def _to_teacher(application: Application, actor, move: Move) -> None:
    pending = [
        line
        for line, check in selectors.lines_with_checks(application)
        if check.needs_conversion and not check.ineligible and not line.conversion
    ]
    if not pending:
        raise ValidationError("Нет предметов, по которым нужно решение учителя о переводе отметки.")
    untaught = [
        line.subject.name
        for line in pending
        if not selectors.subject_teachers(application.group, line.subject)
    ]
    if untaught:
        raise ValidationError(
            f"В классе {application.group.name} нет учителя по предмету: "
            f"{', '.join(untaught)}. Назначьте педагогическую нагрузку."
        )


def _to_council(application: Application, actor, move: Move) -> None:
    if not any(
        check.needs_council and not check.ineligible
        for _, check in selectors.lines_with_checks(application)
    ):
        raise ValidationError(
            "Нет предметов, по которым нужно мнение педагогического совета: наименования "
            "совпадают и часов достаточно."
        )


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


def _decide(application: Application, actor, move: Move) -> None:
    decisions = move.decisions or {}
    today = timezone.localdate()
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
    credited = [line for line, r in resolved if r.decision == LineDecision.CREDITED]
    application.outcome = (
        Outcome.REFUSED
        if not credited
        else Outcome.APPROVED
        if len(credited) == len(resolved)
        else Outcome.PARTLY
    )
    application.decision_comment = move.comment[:1000]
    application.decision_taken_on = _decision_date(application, move.decided_on, today)
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


def _order(application: Application, actor, move: Move) -> None:
    number, day = move.order_number.strip(), move.order_date
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
    if not application.wants_exemption:
        return
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


def _end_exemption(application: Application, actor, move: Move) -> None:
    returns_on = move.returns_on
    if returns_on is None:
        raise ValidationError("Укажите, с какого дня обучающийся снова посещает занятия.")
    if not move.comment:
        raise ValidationError(
            "Укажите причину: например, обучающийся отчислен из другой организации (п. 5.5)."
        )
    if application.order_date and returns_on <= application.order_date:
        raise ValidationError(
            f"Освобождение действует с {application.order_date:%d.%m.%Y}: вернуться на "
            "занятия можно не раньше следующего дня."
        )
    application.exemption_ended_on = returns_on
    reason = f"{move.comment} (заявление № {application.number})"
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
    Status.DOCUMENTS_REQUESTED: _request_documents,
    Status.WITH_TEACHER: _to_teacher,
    Status.WITH_COUNCIL: _to_council,
    Status.DECIDED: _decide,
    Status.ORDER_ISSUED: _order,
    Status.EXEMPTION_ENDED: _end_exemption,
}


# --- steps that are not moves -------------------------------------------------------------


@transaction.atomic
def line_convert(
    *, line: ApplicationLine, conversion: str, comment: str = "", actor
) -> ApplicationLine:
    """The subject teacher's decision on a result from another scale (000 §4.7). When
    the last such decision is in, the application returns to the deputy."""
    application = _locked(line.application)
    line = ApplicationLine.objects.select_related("subject").get(pk=line.pk)
    if not can_teach(actor, group=application.group, subject=line.subject):
        log.warning("credit conversion refused: user=%s line=%s", actor.pk, line.pk)
        raise PermissionDenied(
            f"Решение по предмету «{line.subject.name}» принимает учитель, который ведёт его "
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
    ApplicationChange.objects.create(
        application=application,
        changed_by=actor,
        old_status=application.status,
        new_status=application.status,
        action=f"Учитель: «{line.subject.name}» — {Conversion(conversion).label.lower()}"[:200],
        comment=comment[:1000],
    )
    pending = [
        other
        for other, check in selectors.lines_with_checks(application)
        if check.needs_conversion and not check.ineligible and not other.conversion
    ]
    if not pending:
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
    application = _locked(application, version)
    if application.status != Status.WITH_COUNCIL:
        raise ValidationError("Решение педсовета записывается, пока заявление у педсовета.")
    protocol_number = protocol_number.strip()
    if not protocol_number or protocol_date is None:
        raise ValidationError("Укажите номер и дату протокола педагогического совета.")
    if protocol_date > timezone.localdate():
        raise ValidationError("Дата протокола не может быть в будущем.")
    if application.submitted_at and protocol_date < timezone.localdate(application.submitted_at):
        raise ValidationError("Педсовет не мог рассмотреть заявление раньше, чем оно подано.")
    needing = [
        line
        for line, check in selectors.lines_with_checks(application)
        if check.needs_council and not check.ineligible
    ]
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
    summary = "; ".join(
        f"«{line.subject.name}» — {CouncilDecision(line.council_decision).label.lower()}"
        for line in needing
    )
    ApplicationChange.objects.create(
        application=application,
        changed_by=actor,
        old_status=application.status,
        new_status=application.status,
        action=f"Решение педагогического совета ({council_reference(application)})"[:200],
        comment=summary[:1000],
    )
    return application


# --- the family's draft and documents -------------------------------------------------------------


LINE_FIELDS = ["subject", "external_name", "external_scale", "external_result", "external_hours"]


@transaction.atomic
def application_save(
    *,
    application: Application | None,
    learner,
    fields: dict,
    lines: list[dict],
    uploads: list[tuple[str, object]],
    actor,
    applicant=None,
    version: int | None = None,
) -> Application:
    """Create or update the family's draft (or the application sent back for
    documents). ``applicant`` is given when staff register a paper application."""
    staff = has_role(actor, Role.DEPUTY, Role.CLERK)
    if application is None:
        if applicant is None:
            if not represented_learners(actor).filter(pk=learner.pk).exists():
                raise PermissionDenied("Заявление подаёт законный представитель обучающегося.")
            applicant = actor
        elif not staff:
            raise PermissionDenied(
                "Бумажное заявление регистрирует заместитель директора или делопроизводитель."
            )
        elif not Guardianship.objects.filter(learner=learner, guardian__user=applicant).exists():
            raise ValidationError("Заявитель не указан законным представителем обучающегося.")
        group = selectors.learner_class(learner)
        if group is None:
            raise ValidationError("Обучающийся не зачислен в класс: зачитывать некуда.")
        application = Application(
            learner=learner,
            group=group,
            year=group.year,
            applicant=applicant,
            created_by=actor,
            is_paper=applicant.pk != actor.pk,
            registered_by=actor if applicant.pk != actor.pk else None,
        )
    else:
        application = _locked(application, version)
        if not application.is_editable_by_family:
            raise ValidationError(
                f"Заявление в статусе «{application.get_status_display()}» изменить нельзя."
            )
        if not _acts_as(actor, application, APPLICANT):
            raise PermissionDenied(REFUSALS[APPLICANT])
        application.version += 1
    for name, value in fields.items():
        setattr(application, name, value)
    if application.period is not None and application.period.year_id != application.year_id:
        raise ValidationError("Период должен относиться к учебному году обучающегося.")
    application.save()
    _replace_lines(application, lines)
    attachments_add(application=application, uploads=uploads, actor=actor, locked=True)
    return application


def _replace_lines(application: Application, lines: list[dict]) -> None:
    """Lines are matched by subject: an unchanged line keeps the teacher's and the
    council's decisions, a changed one starts afresh."""
    subjects = [line["subject"].pk for line in lines]
    if len(subjects) != len(set(subjects)):
        raise ValidationError("Каждый предмет указывается в заявлении один раз.")
    existing = {line.subject_id: line for line in application.lines.all()}
    application.lines.exclude(subject_id__in=subjects).delete()
    for order, data in enumerate(lines):
        line = existing.get(data["subject"].pk)
        if line is None:
            line = ApplicationLine(application=application)
        changed = any(getattr(line, name, None) != data[name] for name in LINE_FIELDS)
        for name in LINE_FIELDS:
            setattr(line, name, data[name])
        line.order = order
        if changed:
            line.conversion = line.council_decision = line.conversion_comment = ""
            line.conversion_by = line.conversion_at = None
        line.save()


@transaction.atomic
def attachments_add(
    *, application: Application, uploads: list[tuple[str, object]], actor, locked: bool = False
) -> list[Attachment]:
    """Attach documents (kind, file), each checked by content like evidence scans; one
    bad file stores none of them."""
    if not uploads:
        return []
    if not locked:
        application = _locked(application)
        if not application.is_editable_by_family or not _acts_as(actor, application, APPLICANT):
            raise PermissionDenied("Документы добавляет заявитель, пока заявление не подано.")
    if application.attachments.count() + len(uploads) > MAX_FILES:
        raise ValidationError(f"К заявлению можно приложить не больше {MAX_FILES} файлов.")
    kinds = [kind for kind, _ in uploads]
    checked = [check_upload(upload) for _, upload in uploads]
    with stored(checked, folder=f"credit/{application.pk}") as names:
        return [
            Attachment.objects.create(
                application=application,
                kind=kind,
                file=name,
                original_name=item.name,
                content_type=item.content_type,
                size=len(item.content),
                sha256=item.sha256,
                uploaded_by=actor,
            )
            for kind, item, name in zip(kinds, checked, names, strict=True)
        ]


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor) -> None:
    application = _locked(attachment.application)
    if not application.is_editable_by_family or not _acts_as(actor, application, APPLICANT):
        raise PermissionDenied("Убрать документ можно, пока заявление не подано.")
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: default_storage.delete(name))
