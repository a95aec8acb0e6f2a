"""The book of issued certificates (000 §4.5, 002 §4.9): its entries for a year, the
form that records an issued certificate (with its supplement's electronic copy), the
duplicate of an entry and the printout of the book; the calibration of printing the
supplement on the official blank, its test print and the print of an issued
supplement on the blank. Office only (views/common.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from archive.documents import blank
from archive.documents.certificates import (
    certificate_duplicate,
    certificate_record,
    is_training,
)
from archive.documents.forms_group import CalibrationForm, CertificateForm, DuplicateForm
from archive.documents.kinds import kind_label
from archive.documents.selectors import get_document_for_user
from archive.documents.services import issue_document
from archive.documents.views.common import error_text, office_only
from archive.models import CertificateEntry, DocumentKind, IssuedDocument
from common.downloads import logged_download
from common.forms import error_texts
from learners.access import refuse
from learners.models import AcademicYear, Enrollment, Learner, Organisation, OrganisationKind
from learners.selectors import current_year
from learners.terms import current_kind

KIND_BLANK = "certificate_blank_print"
KIND_TEST = "certificate_blank_test"
DOCUMENT_TITLES = {
    "school": "Аттестат об основном общем образовании",
    "additional": "Свидетельство об обучении",
    "training": "Удостоверение о повышении квалификации",
}


def _year(request) -> AcademicYear | None:
    wanted = request.GET.get("year") or request.POST.get("year") or ""
    if wanted.isdigit():
        found = AcademicYear.objects.filter(pk=wanted).first()
        if found is not None:
            return found
    return current_year() or AcademicYear.objects.order_by("-starts_on").first()


def graduates_of(year) -> "list[Learner]":
    """Learners enrolled in the year's graduating groups (the last year of their
    programme)."""
    from django.db.models import F

    ids = Enrollment.objects.filter(
        group__year=year, group__grade__gte=F("group__programme__last_grade")
    ).values("learner")
    return Learner.objects.filter(pk__in=ids).order_by("last_name", "first_name", "patronymic")


def _default_title() -> str:
    organisation = Organisation.objects.first()
    return DOCUMENT_TITLES.get(organisation.kind if organisation else "school", "")


def _record_form(year, data=None) -> CertificateForm:
    if not is_training():
        return CertificateForm(
            data, learners=graduates_of(year), document_title=_default_title(), prefix="record"
        )
    # A training company records a document of qualification for a listener who passed
    # the final attestation; its title follows the listener's programme (004 §2.2).
    from achievements.final_attestation.selectors import passed_learners

    form = CertificateForm(data, learners=passed_learners(year), document_title="", prefix="record")
    title = form.fields["document_title"]
    title.required = False
    title.disabled = True
    title.help_text = (
        "По программе слушателя: удостоверение о повышении квалификации, диплом о "
        "профессиональной переподготовке или свидетельство о профессии рабочего, "
        "должности служащего."
    )
    form.fields["learner"].label = "Слушатель, прошедший итоговую аттестацию"
    return form


@office_only
@require_http_methods(["GET", "POST"])
def certificates(request):
    year = _year(request)
    form = _record_form(year, request.POST if request.method == "POST" else None)
    if request.method == "POST" and year is not None:
        if request.POST.get("action") == "book":
            return _issue_book(request, year)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = certificate_record(
                    learner=data["learner"],
                    academic_year=year,
                    document_title=data["document_title"],
                    series=data["series"],
                    blank_number=data["blank_number"],
                    issued_on=data["issued_on"],
                    received_by=data["received_by"],
                    with_honours=data["with_honours"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(
                    request,
                    f"Выдача записана в книгу под № {entry.number}; электронная копия "
                    "приложения выдана."
                    if entry.supplement_id
                    else f"Выдача записана в книгу под № {entry.number}: {entry.document_title}.",
                )
                return redirect(f"{reverse('documents_certificates')}?year={year.pk}")
    entries = (
        CertificateEntry.objects.filter(academic_year=year)
        .select_related("learner", "duplicate_of", "supplement")
        .order_by("year", "number")
    )
    return render(
        request,
        "archive/documents/certificates.html",
        {
            "years": AcademicYear.objects.order_by("-starts_on"),
            "year": year,
            "book_title": kind_label(DocumentKind.CERTIFICATES_BOOK),
            # A training company's documents of qualification have no supplement.
            "training": current_kind() == OrganisationKind.TRAINING,
            "form": form,
            "entries": [(entry, DuplicateForm(prefix=f"d{entry.pk}")) for entry in entries],
            "books": IssuedDocument.objects.filter(
                kind=DocumentKind.CERTIFICATES_BOOK, academic_year=year
            ).order_by("-issued_on", "-pk"),
        },
    )


def _issue_book(request, year):
    try:
        document = issue_document(
            kind=DocumentKind.CERTIFICATES_BOOK,
            actor=request.user,
            recipient="В дело (книга учёта выдачи документов об образовании)",
            academic_year=year,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            f"Распечатка книги выдана: № {document.registration_number} "
            f"от {document.issued_on:%d.%m.%Y}.",
        )
    return redirect(f"{reverse('documents_certificates')}?year={year.pk}")


@require_POST
@office_only
def certificate_duplicate_view(request, pk):
    original = CertificateEntry.objects.select_related("supplement").filter(pk=pk).first()
    if original is None:
        raise refuse(request.user, "certificate entry", pk)
    form = DuplicateForm(request.POST, prefix=f"d{original.pk}")
    back = f"{reverse('documents_certificates')}?year={original.academic_year_id}"
    try:
        if not form.is_valid():
            raise ValidationError(error_texts(form))
        data = form.cleaned_data
        entry = certificate_duplicate(
            original=original,
            series=data["series"],
            blank_number=data["blank_number"],
            issued_on=data["issued_on"],
            received_by=data["received_by"],
            reason=data["reason"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, f"Дубликат записи № {original.number}: {error_text(error)}")
    else:
        messages.success(
            request, f"Дубликат записан в книгу под № {entry.number} (взамен № {original.number})."
        )
    return redirect(back)


@office_only
@require_http_methods(["GET", "POST"])
def calibration(request):
    row = blank.calibration()
    form = CalibrationForm(
        request.POST if request.method == "POST" else None,
        initial={"offset_x_mm": row.offset_x_mm, "offset_y_mm": row.offset_y_mm},
    )
    if request.method == "POST" and form.is_valid():
        try:
            blank.calibration_set(
                offset_x_mm=form.cleaned_data["offset_x_mm"],
                offset_y_mm=form.cleaned_data["offset_y_mm"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, "Настройка печати на бланке сохранена.")
            return redirect("documents_calibration")
    return render(
        request,
        "archive/documents/calibration.html",
        {"form": form, "calibration": row, "fields": blank.FIELDS},
    )


@office_only
def calibration_test(request):
    row = blank.calibration()
    return logged_download(
        user=request.user,
        content=blank.test_pdf(row),
        content_type="application/pdf",
        filename="Пробная печать приложения.pdf",
        kind=KIND_TEST,
        subject=row if row.pk else Organisation.objects.first() or row,
        as_attachment=False,
    )


@office_only
def blank_print(request, pk):
    document = get_document_for_user(request.user, pk)
    if document.kind != DocumentKind.CERTIFICATE_SUPPLEMENT:
        raise refuse(request.user, "supplement for blank print", pk)
    return logged_download(
        user=request.user,
        content=blank.blank_pdf(document.content, blank.calibration()),
        content_type="application/pdf",
        filename=f"{document.title} № {document.registration_number} (на бланке).pdf",
        kind=KIND_BLANK,
        subject=document,
        as_attachment=False,
    )
