"""The family's draft and its documents: saving the application (or the one sent back
for documents), its lines and attachments, what submission needs of it, and the
digest its signature covers."""

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction

from common.files import store_files
from credit_transfer.models import Application, ApplicationLine, Attachment, Status
from credit_transfer.services.locks import locked
from credit_transfer.workflow import APPLICANT, REFUSALS, acts_as
from learners import selectors as learner_selectors
from learners.access import has_role, represented_learners
from learners.models import Guardianship, Role

MAX_FILES = 10
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
    if application is None:
        application = _new_application(learner=learner, applicant=applicant, actor=actor)
    else:
        application = locked(application, version)
        if not application.is_editable_by_family:
            raise ValidationError(
                f"Заявление в статусе «{application.get_status_display()}» изменить нельзя."
            )
        if not acts_as(actor, application, APPLICANT):
            raise PermissionDenied(REFUSALS[APPLICANT])
        application.version += 1
    for name, value in fields.items():
        setattr(application, name, value)
    if application.period is not None and application.period.year_id != application.year_id:
        raise ValidationError("Период должен относиться к учебному году обучающегося.")
    if application.status != Status.DRAFT and not application.consent:
        # What the credit_application_consent constraint would refuse.
        raise ValidationError("Без согласия на выставление отметок заявление не может быть подано.")
    application.save()
    _replace_lines(application, lines)
    attachments_add(application=application, uploads=uploads, actor=actor, locked=True)
    return application


def _new_application(*, learner, applicant, actor) -> Application:
    """An unsaved application for the learner's current class: the parent's own, or a
    paper one staff register for the legal representative who signed it."""
    if applicant is None:
        if not represented_learners(actor).filter(pk=learner.pk).exists():
            raise PermissionDenied("Заявление подаёт законный представитель обучающегося.")
        applicant = actor
    elif not has_role(actor, Role.DEPUTY, Role.CLERK):
        raise PermissionDenied(
            "Бумажное заявление регистрирует заместитель директора или делопроизводитель."
        )
    elif not Guardianship.objects.filter(learner=learner, guardian__user=applicant).exists():
        raise ValidationError("Заявитель не указан законным представителем обучающегося.")
    group = learner_selectors.current_group(learner)
    if group is None:
        raise ValidationError("Обучающийся не зачислен в класс: зачитывать некуда.")
    paper = applicant.pk != actor.pk
    return Application(
        learner=learner,
        group=group,
        year=group.year,
        applicant=applicant,
        created_by=actor,
        is_paper=paper,
        registered_by=actor if paper else None,
    )


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
        application = _locked_for_family(application, actor)
    if application.attachments.count() + len(uploads) > MAX_FILES:
        raise ValidationError(f"К заявлению можно приложить не больше {MAX_FILES} файлов.")
    return store_files(
        Attachment,
        [upload for _, upload in uploads],
        folder=f"credit/{application.pk}",
        uploaded_by=actor,
        extra=[{"kind": kind} for kind, _ in uploads],
        application=application,
    )


def _locked_for_family(application: Application, actor) -> Application:
    application = locked(application)
    if not application.is_editable_by_family or not acts_as(actor, application, APPLICANT):
        raise PermissionDenied("Документы добавляет заявитель, пока заявление не подано.")
    return application


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor) -> None:
    application = locked(attachment.application)
    if not application.is_editable_by_family or not acts_as(actor, application, APPLICANT):
        raise PermissionDenied("Убрать документ можно, пока заявление не подано.")
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: default_storage.delete(name))


# --- what submission needs -------------------------------------------------------------------

REQUIRED_FIELDS = (
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


def require_complete(application: Application) -> None:
    missing = [label for field, label in REQUIRED_FIELDS if not getattr(application, field)]
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
