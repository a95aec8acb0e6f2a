"""The register of issued documents (003 §5.4.3), one issued document with its stored
copy and duplicates, and the disclosure log (001 §4.2)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from archive.documents import selectors
from archive.documents.forms import DisclosureFilter, DuplicateForm, RegisterFilter
from archive.documents.services import issue_duplicate
from archive.documents.views.common import error_text, office_only
from common.downloads import stored_download
from common.paging import paginate
from learners.access import issues_documents, reads_disclosures

LOG_READERS_ONLY = "Журнал передачи сведений ведут заместитель директора и директор."
# The kind under which the downloads of issued copies are logged (common.downloads).
KIND_ISSUED = "issued_document"


@office_only
def register(request):
    filters = RegisterFilter(request.GET or None)
    documents = selectors.documents_for_user(request.user).select_related("duplicate_of")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["kind"]:
            documents = documents.filter(kind=data["kind"])
        if data["year"]:
            documents = documents.filter(year=data["year"])
        if data["q"]:
            documents = documents.filter(
                Q(learner__last_name__icontains=data["q"]) | Q(title__icontains=data["q"])
            )
    page = paginate(request, documents.order_by("-issued_on", "-pk"))
    return render(
        request,
        "archive/documents/register.html",
        {
            "filters": filters,
            "page": page,
            "reads_log": reads_disclosures(request.user),
        },
    )


@login_required
def document(request, pk):
    issued = selectors.get_document_for_user(request.user, pk)
    office = issues_documents(request.user)
    return render(
        request,
        "archive/documents/document.html",
        {
            "document": issued,
            "office": office,
            "duplicates": list(issued.duplicates.select_related("uploaded_by").order_by("pk")),
            "original": issued.duplicate_of,
            "form": DuplicateForm() if office else None,
        },
    )


@login_required
def document_file(request, pk):
    issued = selectors.get_document_for_user(request.user, pk)
    return stored_download(
        user=request.user,
        stored=issued,
        kind=KIND_ISSUED,
        as_attachment=request.GET.get("download") == "1",
    )


@require_POST
@office_only
def duplicate(request, pk):
    original = selectors.get_document_for_user(request.user, pk)
    form = DuplicateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("documents_document", original.pk)
    try:
        copy = issue_duplicate(
            original=original,
            actor=request.user,
            recipient=form.cleaned_data["recipient"],
            reason=form.cleaned_data["reason"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect("documents_document", original.pk)
    messages.success(request, f"Выдан дубликат № {copy.registration_number}.")
    return redirect("documents_document", copy.pk)


@login_required
def disclosures(request):
    if not reads_disclosures(request.user):
        raise PermissionDenied(LOG_READERS_ONLY)
    filters = DisclosureFilter(request.GET or None)
    rows = selectors.disclosures_for_user(request.user).select_related("recorded_by")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            rows = rows.filter(learner__last_name__icontains=data["q"])
        if data["since"]:
            rows = rows.filter(disclosed_at__date__gte=data["since"])
        if data["until"]:
            rows = rows.filter(disclosed_at__date__lte=data["until"])
    page = paginate(request, rows.order_by("-disclosed_at", "-pk"))
    return render(
        request,
        "archive/documents/disclosures.html",
        {"filters": filters, "page": page},
    )
