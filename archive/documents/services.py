"""Issuing documents (R-AR-6, 003 §5.4–5.5): the data is read first, then, in one
transaction, the number is taken from the register, the PDF/A printed with it, the
copy stored with its SHA-256 and entered in the register (and in the disclosure log
when it goes to the family). Anything failing rolls it all back: no number is
consumed by a document that was not issued."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from archive.documents.content.common import printed_date
from archive.documents.disclosures import record_disclosure
from archive.documents.kinds import SUBJECTS, kind_label, spec_of
from archive.documents.numbering import next_number
from archive.documents.render import render_document
from archive.models import PREFIX, DisclosureGround, IssuedDocument, RequestStatus
from common.files import CheckedFile, sanitise_name, stored
from common.text import strip_control_characters

MISSING = {
    "learner": "Выберите обучающегося.",
    "group": "Выберите класс (группу).",
    "subject": "Выберите предмет.",
    "academic_year": "Выберите учебный год.",
    "period": "Выберите период.",
}


def build_content(*, kind, options: dict | None = None, **subjects) -> dict:
    """The document's data read from the record; ValidationError (in Russian) when
    something it needs is not given or the record has nothing to print."""
    spec = spec_of(kind)
    unknown = set(subjects) - set(SUBJECTS)
    if unknown:
        raise TypeError(f"unknown document subjects: {sorted(unknown)}")
    for name in spec.required:
        if subjects.get(name) is None:
            raise ValidationError(MISSING[name])
    arguments = {
        name: subjects[name]
        for name in spec.required + spec.optional
        if subjects.get(name) is not None
    }
    return spec.build(**arguments, **(options or {}))


def preview_document(*, kind, options: dict | None = None, **subjects) -> bytes:
    """The document as it would be issued now, marked as a draft, without a number:
    nothing is registered or stored."""
    content = build_content(kind=kind, options=options, **subjects)
    return render_document(kind=kind, content=content, draft=True)


def issue_document(
    *,
    kind,
    actor,
    recipient: str,
    purpose: str = "",
    to_family: bool = False,
    request=None,
    options: dict | None = None,
    **subjects,
) -> IssuedDocument:
    spec = spec_of(kind)
    recipient = _clean(recipient, "Укажите, кому выдаётся документ.")
    purpose = strip_control_characters(purpose or "").strip()
    if to_family and not spec.for_family:
        raise ValidationError(
            "Этот документ — внутренний документ организации, семье он не выдаётся."
        )
    content = build_content(kind=kind, options=options, **subjects)
    with transaction.atomic():
        if request is not None:
            request = _answerable(request, kind=spec.kind, learner=subjects.get("learner"))
        document = _register(
            kind=spec.kind,
            content=content,
            actor=actor,
            recipient=recipient,
            purpose=purpose,
            to_family=to_family,
            request=request,
            subjects=subjects,
        )
        if request is not None:
            from archive.documents.requests import request_transition

            request_transition(request=request, status=RequestStatus.ISSUED, actor=actor)
    return document


def issue_duplicate(
    *, original: IssuedDocument, actor, recipient: str, reason: str, replacing: dict | None = None
) -> IssuedDocument:
    """A duplicate repeats the original's data (as stored with it, not as the record
    reads today), marked «Дубликат» and naming the original, under a new number.
    ``replacing`` gives the few particulars a duplicate has of its own, such as the
    new blank's number and its line in the book of certificates."""
    recipient = _clean(recipient, "Укажите, кому выдаётся дубликат.")
    reason = _clean(reason, "Укажите, почему выдаётся дубликат.")
    with transaction.atomic():
        original = IssuedDocument.objects.select_for_update().get(pk=original.pk)
        content = {**original.content, **(replacing or {}), "duplicate_reason": reason}
        return _register(
            kind=original.kind,
            content=content,
            actor=actor,
            recipient=recipient,
            purpose=original.purpose,
            to_family=original.to_family,
            request=None,
            duplicate_of=original,
            subjects={
                "learner": original.learner,
                "group": original.group,
                "subject": original.subject,
                "academic_year": original.academic_year,
                "period": original.period,
            },
        )


def _clean(value: str, message: str) -> str:
    value = strip_control_characters(value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


def _answerable(request, *, kind, learner):
    from archive.models import InfoRequest

    request = InfoRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.REGISTERED:
        raise ValidationError(
            f"Запрос № {request.number} уже закрыт ({request.get_status_display().lower()})."
        )
    if request.kind != kind or (learner is not None and request.learner_id != learner.pk):
        raise ValidationError(
            f"По запросу № {request.number} запрошен другой документ: {kind_label(request.kind)}."
        )
    return request


def _register(
    *, kind, content, actor, recipient, purpose, to_family, request, subjects, duplicate_of=None
) -> IssuedDocument:
    today = timezone.localdate()
    number = next_number(register=kind, year=today.year)
    printed = f"{PREFIX[kind]}-{number}"
    original = (
        f"{duplicate_of.registration_number} от {printed_date(duplicate_of.issued_on)}"
        if duplicate_of is not None
        else ""
    )
    pdf = render_document(
        kind=kind,
        content=content,
        number=printed,
        issued_on=printed_date(today),
        duplicate_of=original,
        purpose=purpose,
    )
    title = content["title"] + (" (дубликат)" if duplicate_of is not None else "")
    checked = CheckedFile(
        content=pdf,
        content_type="application/pdf",
        extension="pdf",
        name=sanitise_name(f"{title} № {printed}", "pdf"),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    with stored([checked], folder="documents") as [stored_name]:
        document = IssuedDocument.objects.create(
            file=stored_name,
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(pdf),
            sha256=checked.sha256,
            uploaded_by=actor,
            kind=kind,
            year=today.year,
            number=number,
            issued_on=today,
            title=title[:300],
            recipient=recipient[:300],
            purpose=purpose[:300],
            to_family=to_family,
            request=request,
            duplicate_of=duplicate_of,
            content=content,
            **{name: value for name, value in subjects.items() if value is not None},
        )
        if to_family:
            record_disclosure(
                actor=actor,
                learner=document.learner,
                what=f"{title} № {printed} от {printed_date(today)}",
                recipient=recipient,
                ground=(
                    DisclosureGround.FAMILY_REQUEST
                    if request is not None
                    else DisclosureGround.ISSUE
                ),
                ground_detail=(str(request) if request is not None else purpose),
                document=document,
            )
    return document
