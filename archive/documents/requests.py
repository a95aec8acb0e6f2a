"""Families' requests for documents about a learner (R-AR-7; 001 §4.3, 002 §6.3) and
their one edge table (DESIGN «Workflows»). A request is answered by issuing the
document it asks for (issue_document(..., request=...) takes the «issued» edge in its
own transaction), refused by the office with a reason, or withdrawn.

Results go to no one but the learner and their legal representatives (R-SEC-1): an
online request comes from the family's own account, and one registered by the office
names its applicant by choosing the learner or one of their guardians, never by typing
a name."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from archive.documents.kinds import kind_label
from archive.documents.numbering import next_number
from archive.models import (
    REQUESTABLE,
    Delivery,
    InfoRequest,
    IssuedDocument,
    RequestChange,
    RequestChannel,
    RequestStatus,
)
from archive.models.documents import REQUESTS_REGISTER
from common.text import strip_control_characters
from learners.access import is_family, issues_documents
from learners.calendar import add_working_days
from learners.models import Guardianship, Learner
from learners.terms import current_terms

# Who takes an edge: the office that issues documents; the family the request is about.
OFFICE, FAMILY = "office", "family"

PURPOSE_LENGTH = 300
REASON_LENGTH = 500

NOT_FAMILY = (
    "Запросить документ можно только о себе или о ребёнке, законным представителем "
    "которого вы являетесь."
)
NOT_APPLICANT = (
    "Заявителем может быть только сам обучающийся или его законный представитель: "
    "выберите его из списка."
)
NOT_OFFICE = "Запросы регистрируют делопроизводитель, заместитель директора и директор."


@dataclass(frozen=True)
class Move:
    who: frozenset[str]
    button: str
    done: str
    needs_reason: bool = False
    # The «issued» edge is taken by issue_document, never by the transition form.
    by_issue: bool = False


MOVES: dict[tuple[str, str], Move] = {
    (RequestStatus.REGISTERED, RequestStatus.ISSUED): Move(
        frozenset({OFFICE}), "Выдать документ", "Документ выдан.", by_issue=True
    ),
    (RequestStatus.REGISTERED, RequestStatus.REFUSED): Move(
        frozenset({OFFICE}), "Отказать", "В выдаче документа отказано.", needs_reason=True
    ),
    (RequestStatus.REGISTERED, RequestStatus.WITHDRAWN): Move(
        frozenset({OFFICE, FAMILY}), "Отозвать", "Запрос отозван."
    ),
}

REFUSALS = {
    frozenset({OFFICE}): "Отвечают на запросы делопроизводитель, заместитель директора и директор.",
    frozenset({OFFICE, FAMILY}): "Отозвать запрос может заявитель (семья обучающегося) или "
    "организация.",
}


def _takes(user, who: frozenset[str], request: InfoRequest) -> bool:
    if OFFICE in who and issues_documents(user):
        return True
    return FAMILY in who and is_family(user, request.learner_id)


def may(user, request: InfoRequest, status: str) -> bool:
    move = MOVES.get((request.status, status))
    return move is not None and _takes(user, move.who, request)


def allowed(user, request: InfoRequest) -> list[tuple[str, Move]]:
    """The edges from the request's status that ``user`` may take: (target, move)."""
    return [
        (target, move)
        for (source, target), move in MOVES.items()
        if source == request.status and _takes(user, move.who, request)
    ]


def applicant_choices(learner: Learner) -> list[tuple[str, str]]:
    """Who may be named as the applicant of a request about ``learner``: the learner
    and each legal representative, as (key, name with kinship)."""
    choices = [("learner", f"{learner.full_name} ({current_terms()['learner']})")]
    guardianships = (
        Guardianship.objects.filter(learner=learner)
        .select_related("guardian")
        .order_by("kinship", "guardian__last_name", "pk")
    )
    for link in guardianships:
        choices.append(
            (
                f"guardian:{link.guardian_id}",
                f"{link.guardian.full_name} ({link.get_kinship_display().lower()})",
            )
        )
    return choices


def _family_applicant(user, learner: Learner) -> tuple[str, object]:
    """The name (with kinship) of a family member asking from their own account."""
    if learner.user_id is not None and learner.user_id == user.pk:
        return f"{learner.full_name} ({current_terms()['learner']})", user
    link = (
        Guardianship.objects.filter(learner=learner, guardian__user=user)
        .select_related("guardian")
        .first()
    )
    if link is None:
        raise PermissionDenied(NOT_FAMILY)
    return f"{link.guardian.full_name} ({link.get_kinship_display().lower()})", user


def _office_applicant(applicant: str, learner: Learner) -> tuple[str, object]:
    """The applicant chosen by its key from applicant_choices; their account if any."""
    names = dict(applicant_choices(learner))
    if applicant not in names:
        raise ValidationError(NOT_APPLICANT)
    if applicant == "learner":
        return names[applicant], learner.user
    guardian_id = int(applicant.split(":", 1)[1])
    link = Guardianship.objects.select_related("guardian__user").get(
        learner=learner, guardian_id=guardian_id
    )
    return names[applicant], link.guardian.user


def _purpose(value: str) -> str:
    purpose = strip_control_characters(value or "").strip()
    if not purpose:
        raise ValidationError("Укажите, для чего нужен документ.")
    if len(purpose) > PURPOSE_LENGTH:
        raise ValidationError(
            f"Назначение документа — не длиннее {PURPOSE_LENGTH} знаков (сейчас {len(purpose)})."
        )
    return purpose


def request_create(
    *,
    learner: Learner,
    kind: str,
    purpose: str,
    delivery: str = Delivery.ACCOUNT,
    channel: str,
    applicant: str = "",
    actor,
) -> InfoRequest:
    """Registers a request and gives it the next number of the requests' register.

    Online (``channel`` «online») the applicant is ``actor``, who must be the learner
    or their legal representative. Registered by the office, ``applicant`` is a key
    from applicant_choices: «learner» or «guardian:<id>». Bad input refuses the whole
    request: nothing is saved and no number is consumed."""
    if channel not in RequestChannel.values:
        raise ValidationError("Укажите, как поступил запрос.")
    if delivery not in Delivery.values:
        raise ValidationError("Укажите, как выдать документ.")
    if kind not in REQUESTABLE:
        raise ValidationError(
            "По запросу выдаются только: "
            + ", ".join(kind_label(k).lower() for k in REQUESTABLE)
            + "."
        )
    if channel == RequestChannel.ONLINE:
        if not is_family(actor, learner.pk):
            raise PermissionDenied(NOT_FAMILY)
        applicant_name, account = _family_applicant(actor, learner)
    else:
        if not issues_documents(actor):
            raise PermissionDenied(NOT_OFFICE)
        applicant_name, account = _office_applicant(applicant, learner)
    purpose = _purpose(purpose)
    today = timezone.localdate()
    with transaction.atomic():
        request = InfoRequest.objects.create(
            year=today.year,
            number=next_number(register=REQUESTS_REGISTER, year=today.year),
            registered_on=today,
            deadline=add_working_days(today, settings.UCHET_REQUEST_WORKING_DAYS),
            learner=learner,
            kind=kind,
            purpose=purpose,
            delivery=delivery,
            channel=channel,
            applicant_name=applicant_name[:300],
            applicant=account,
            created_by=actor,
        )
        RequestChange.objects.create(
            request=request, old_status="", new_status=RequestStatus.REGISTERED, changed_by=actor
        )
    return request


def request_transition(*, request: InfoRequest, status: str, actor, reason: str = ""):
    """The one service that changes a request's status, by the edge table. «Issued» is
    taken only by issue_document, inside its transaction, once the document answering
    the request is in the register."""
    with transaction.atomic():
        request = InfoRequest.objects.select_for_update().get(pk=request.pk)
        move = MOVES.get((request.status, status))
        if move is None:
            if request.status != RequestStatus.REGISTERED:
                raise ValidationError(
                    f"Запрос № {request.number} уже закрыт "
                    f"({request.get_status_display().lower()}). Обновите страницу."
                )
            raise ValidationError("Такого перехода у запроса нет.")
        if not _takes(actor, move.who, request):
            raise PermissionDenied(REFUSALS[move.who])
        if move.by_issue and not IssuedDocument.objects.filter(request=request).exists():
            raise ValidationError(
                "Запрос закрывается выдачей документа: выдайте документ по этому запросу."
            )
        reason = strip_control_characters(reason or "").strip()
        if move.needs_reason and not reason:
            raise ValidationError("Укажите причину отказа: её увидит заявитель.")
        if len(reason) > REASON_LENGTH:
            raise ValidationError(f"Причина — не длиннее {REASON_LENGTH} знаков.")
        old = request.status
        request.status = status
        if reason:
            request.answer = reason
        request.save(update_fields=["status", "answer"])
        RequestChange.objects.create(
            request=request, old_status=old, new_status=status, reason=reason, changed_by=actor
        )
    return request
