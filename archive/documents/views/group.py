"""The group's documents (R-AR-6): the statement of attestation of a subject, the
summary statement, the list of graduates — each previewed as a draft or issued into
the register — and the list of the year's groups. Office only (views/common.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from archive.documents.forms_group import AttestationForm, GraduatesForm, SummaryForm
from archive.documents.services import issue_document, preview_document
from archive.documents.views.common import draft_download, error_text, office_only
from archive.models import DocumentKind, IssuedDocument
from common.forms import error_texts
from learners.access import refuse
from learners.models import AcademicYear, StudyGroup
from learners.selectors import current_year

GROUP_KINDS = {
    DocumentKind.ATTESTATION_STATEMENT: AttestationForm,
    DocumentKind.SUMMARY_STATEMENT: SummaryForm,
    DocumentKind.GRADUATES_LIST: GraduatesForm,
}


def _group(user, group_id) -> StudyGroup:
    group = (
        StudyGroup.objects.select_related("year", "programme", "class_teacher")
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        raise refuse(user, "study group", group_id)
    return group


def is_graduating(group) -> bool:
    return group.grade >= group.programme.last_grade


def _forms(group, data=None, kind=None) -> dict:
    forms = {}
    for form_kind, form_class in GROUP_KINDS.items():
        if form_kind == DocumentKind.GRADUATES_LIST and not is_graduating(group):
            continue
        bound = data if kind == form_kind else None
        forms[form_kind] = form_class(bound, group=group, prefix=form_kind.value)
    return forms


def _subjects(form) -> dict:
    """The issue's subjects and options from a valid form."""
    data = form.cleaned_data
    subjects = {"group": form.group}
    options = None
    if isinstance(form, AttestationForm):
        subjects["subject"] = data["subject"]
        options = form.options()
        subjects["period"] = form.period()
    elif isinstance(form, SummaryForm):
        subjects["period"] = form.period()
    return {"options": options, **subjects}


@office_only
@require_http_methods(["GET", "POST"])
def group_documents(request, group_id):
    group = _group(request.user, group_id)
    kind = request.POST.get("kind", "") if request.method == "POST" else ""
    forms = _forms(group, request.POST if kind else None, kind)
    if kind:
        form = forms.get(kind)
        if form is None:
            raise Http404("Нет такого документа.")
        if form.is_valid():
            try:
                document = issue_document(
                    kind=kind,
                    actor=request.user,
                    recipient=form.cleaned_data["recipient"],
                    **_subjects(form),
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(
                    request,
                    f"Документ «{document.title}» выдан: № {document.registration_number} "
                    f"от {document.issued_on:%d.%m.%Y}.",
                )
                return redirect("documents_group", group.pk)
    issued = (
        IssuedDocument.objects.filter(group=group)
        .select_related("uploaded_by", "subject", "period")
        .order_by("-issued_on", "-pk")
    )
    return render(
        request,
        "archive/documents/group.html",
        {
            "group": group,
            "forms": forms,
            "graduating": is_graduating(group),
            "issued": issued,
        },
    )


@office_only
@require_http_methods(["GET", "POST"])
def group_preview(request, group_id, kind):
    """The draft of a document from the group page's form (posted, so that the form's
    token stays out of the address) or from a link with the same fields."""
    group = _group(request.user, group_id)
    if kind not in GROUP_KINDS or (
        kind == DocumentKind.GRADUATES_LIST and not is_graduating(group)
    ):
        raise Http404("Нет такого документа.")
    form = _forms(group, request.POST if request.method == "POST" else request.GET, kind)[kind]
    try:
        if not form.is_valid():
            raise ValidationError(error_texts(form))
        subjects = _subjects(form)
        content = preview_document(kind=kind, **subjects)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("documents_group", group.pk)
    return draft_download(
        request,
        content=content,
        filename=f"{DocumentKind(kind).label} {group.name} (проект).pdf",
        subject=group,
    )


@office_only
def group_list(request):
    years = list(AcademicYear.objects.order_by("-starts_on"))
    year = None
    wanted = request.GET.get("year", "")
    if wanted.isdigit():
        year = next((y for y in years if str(y.pk) == wanted), None)
    year = year or current_year() or (years[0] if years else None)
    groups = (
        StudyGroup.objects.filter(year=year)
        .select_related("programme", "class_teacher")
        .annotate(
            learners=Count(
                "enrollments", filter=Q(enrollments__ended_on__isnull=True), distinct=True
            ),
            issued=Count("issueddocument", distinct=True),
        )
        .order_by("grade", "name")
        if year is not None
        else StudyGroup.objects.none()
    )
    return render(
        request,
        "archive/documents/groups.html",
        {"years": years, "year": year, "groups": groups},
    )
