"""The book of issued certificates (книга учёта выдачи аттестатов, свидетельств,
удостоверений; 000 §4.5, 002 §4.9, 004 §2.2): an entry per blank handed out, numbered
in its own register, with the final marks as issued and the electronic copy of the
supplement (a registered document given to the family). A duplicate is a new entry
pointing at the original, its supplement a marked duplicate of the original's.

Everything is checked before the number is taken; the entry, the number and the
supplement are written in one transaction, so a refusal consumes nothing."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from archive.documents.content.common import printed_date
from archive.documents.numbering import next_number
from archive.documents.services import build_content, issue_document, issue_duplicate
from archive.models import CertificateEntry, DocumentKind
from archive.models.documents import CERTIFICATES_REGISTER
from common.text import strip_control_characters
from learners.models import Organisation, OrganisationKind, ProgrammeLevel

# A training company's document of qualification follows the programme (004 §2.2).
QUALIFICATION_TITLES = {
    ProgrammeLevel.ADVANCED_TRAINING: "Удостоверение о повышении квалификации",
    ProgrammeLevel.RETRAINING: "Диплом о профессиональной переподготовке",
    ProgrammeLevel.PROFESSIONAL_TRAINING: "Свидетельство о профессии рабочего, должности служащего",
}
FINAL_ATTESTATION_LINE = "Итоговая аттестация"
QUALIFICATION_WORK_LINE = "Практическая квалификационная работа"


def is_training() -> bool:
    organisation = Organisation.objects.first()
    return organisation is not None and organisation.kind == OrganisationKind.TRAINING


def _qualification(*, learner, academic_year) -> tuple[str, list[dict]]:
    """A training company's entry: the title by the programme of the listener's passed
    final attestation, the modules' results and the attestation's own. Only a listener
    with a positive final attestation result gets a document of qualification."""
    from achievements.final_attestation.selectors import module_results, passed_result

    result = passed_result(learner, academic_year=academic_year)
    if result is None:
        raise ValidationError(
            f"{learner.full_name} не прошёл итоговую аттестацию с положительной оценкой: "
            "документ о квалификации не выдаётся."
        )
    group = result.commission.group
    title = QUALIFICATION_TITLES.get(group.programme.level)
    if title is None:
        raise ValidationError("Программа слушателя не предусматривает документа о квалификации.")
    marks = [{"subject": m["subject"], "mark": m["mark"]} for m in module_results(learner, group)]
    if result.work_mark:
        work = QUALIFICATION_WORK_LINE + (f": {result.work_topic}" if result.work_topic else "")
        marks.append({"subject": work, "mark": result.work_mark})
    marks.append({"subject": FINAL_ATTESTATION_LINE, "mark": result.final_mark})
    return title, marks


def _text(value, message: str = "", *, limit: int) -> str:
    value = strip_control_characters(value or "").strip()
    if message and not value:
        raise ValidationError(message)
    if len(value) > limit:
        raise ValidationError(f"Слишком длинное значение: не больше {limit} знаков.")
    return value


def blank_label(series: str, blank_number: str) -> str:
    return f"{series} № {blank_number}" if series else f"№ {blank_number}"


def _check_blank(*, document_title: str, series: str, blank_number: str, issued_on):
    if issued_on is None:
        raise ValidationError("Укажите дату выдачи.")
    if issued_on > timezone.localdate():
        raise ValidationError(
            f"Дата выдачи {printed_date(issued_on)} ещё не наступила: в книгу записывают "
            "уже выданные документы."
        )
    taken = CertificateEntry.objects.filter(
        document_title=document_title, series=series, blank_number=blank_number
    ).first()
    if taken is not None:
        raise ValidationError(
            f"Бланк {blank_label(series, blank_number)} уже записан в книгу под № "
            f"{taken.number} ({taken.year} г.)."
        )


def _create_entry(**fields) -> CertificateEntry:
    """The unique constraint on the blank is the last line against two clerks writing
    the same blank at once: its refusal reads like the check's."""
    try:
        with transaction.atomic():
            return CertificateEntry.objects.create(**fields)
    except IntegrityError:
        raise ValidationError(
            f"Бланк {blank_label(fields['series'], fields['blank_number'])} уже записан в книгу."
        ) from None


def _final_marks(*, learner, academic_year, with_honours: bool) -> list[dict]:
    """The final marks as the supplement reads them, before a number is taken: a
    learner without them is refused with the supplement's message."""
    content = build_content(
        kind=DocumentKind.CERTIFICATE_SUPPLEMENT, learner=learner, academic_year=academic_year
    )
    if with_honours and not content["all_five"]:
        raise ValidationError(
            "С отличием документ выдаётся, только если все итоговые отметки — «5»."
        )
    return [{"subject": m["subject"], "mark": m["mark"]} for m in content["marks"]]


def certificate_record(
    *,
    learner,
    academic_year,
    document_title: str,
    series: str,
    blank_number: str,
    issued_on,
    received_by: str,
    with_honours: bool = False,
    actor,
) -> CertificateEntry:
    training = is_training()
    if training:
        # The title is the programme's, not typed: it is checked before the blank.
        document_title, marks = _qualification(learner=learner, academic_year=academic_year)
        if with_honours and not all(m["mark"] == "5" for m in marks):
            raise ValidationError("С отличием документ выдаётся, только если все оценки — «5».")
    document_title = _text(document_title, "Укажите вид документа.", limit=200)
    series = _text(series, limit=20)
    blank_number = _text(blank_number, "Укажите номер бланка.", limit=30)
    received_by = _text(received_by, "Укажите, кому выдан документ.", limit=300)
    if academic_year is None:
        raise ValidationError("Выберите учебный год.")
    _check_blank(
        document_title=document_title, series=series, blank_number=blank_number, issued_on=issued_on
    )
    if not training:
        marks = _final_marks(
            learner=learner, academic_year=academic_year, with_honours=with_honours
        )
    with transaction.atomic():
        number = next_number(register=CERTIFICATES_REGISTER, year=issued_on.year)
        entry = _create_entry(
            year=issued_on.year,
            number=number,
            learner=learner,
            academic_year=academic_year,
            document_title=document_title,
            series=series,
            blank_number=blank_number,
            issued_on=issued_on,
            with_honours=with_honours,
            received_by=received_by,
            marks=marks,
            recorded_by=actor,
        )
        if training:
            # A document of qualification has no supplement of final marks printed
            # here: the entry's marks are its electronic copy.
            return entry
        entry.supplement = issue_document(
            kind=DocumentKind.CERTIFICATE_SUPPLEMENT,
            actor=actor,
            recipient=received_by,
            purpose=f"Электронная копия приложения; книга выдачи, запись № {number}",
            to_family=True,
            learner=learner,
            academic_year=academic_year,
            options={
                "certificate_number": blank_label(series, blank_number),
                "book_number": str(number),
                "issued_on": printed_date(issued_on),
            },
        )
        entry.save(update_fields=["supplement"])
    return entry


def certificate_duplicate(
    *, original: CertificateEntry, series: str, blank_number: str, issued_on, received_by: str,
    reason: str, actor,
) -> CertificateEntry:  # fmt: skip
    """A duplicate of ``original`` on a new blank: the marks as the original recorded
    them, the supplement a duplicate of the original's electronic copy."""
    series = _text(series, limit=20)
    blank_number = _text(blank_number, "Укажите номер бланка.", limit=30)
    received_by = _text(received_by, "Укажите, кому выдан дубликат.", limit=300)
    reason = _text(reason, "Укажите причину выдачи дубликата.", limit=300)
    _check_blank(
        document_title=original.document_title,
        series=series,
        blank_number=blank_number,
        issued_on=issued_on,
    )
    if issued_on < original.issued_on:
        raise ValidationError(
            f"Дубликат не может быть выдан раньше подлинника ({printed_date(original.issued_on)})."
        )
    with transaction.atomic():
        original = CertificateEntry.objects.select_for_update().get(pk=original.pk)
        number = next_number(register=CERTIFICATES_REGISTER, year=issued_on.year)
        entry = _create_entry(
            year=issued_on.year,
            number=number,
            learner=original.learner,
            academic_year=original.academic_year,
            document_title=original.document_title,
            series=series,
            blank_number=blank_number,
            issued_on=issued_on,
            with_honours=original.with_honours,
            received_by=received_by,
            duplicate_of=original,
            duplicate_reason=reason,
            marks=original.marks,
            recorded_by=actor,
        )
        if original.supplement_id is not None:
            entry.supplement = issue_duplicate(
                original=original.supplement,
                actor=actor,
                recipient=received_by,
                reason=reason,
                replacing={
                    "certificate_number": blank_label(series, blank_number),
                    "book_number": str(number),
                    "issued_on": printed_date(issued_on),
                },
            )
            entry.save(update_fields=["supplement"])
    return entry
