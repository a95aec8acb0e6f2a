"""Requests for documents as the office sees them (R-AR-7): the list with deadlines, a
request made in person, by phone or post registered on the family's behalf, and one
request with its history, preview and answer. The family's own pages are in family.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from archive.documents import selectors
from archive.documents.forms import OfficeRequestForm, ReasonForm, RequestFilter
from archive.documents.kinds import kind_label
from archive.documents.requests import (
    allowed,
    applicant_choices,
    request_create,
    request_transition,
)
from archive.documents.services import issue_document, preview_document
from archive.documents.views.common import draft_download, error_text, office_only
from archive.models import RequestStatus
from common.paging import paginate
from learners import selectors as learner_selectors
from learners.access import get_learner_for_user, issues_documents


@office_only
def request_list(request):
    filters = RequestFilter(request.GET or None)
    requests = selectors.requests_for_user(request.user)
    if filters.is_valid() and filters.cleaned_data["status"]:
        requests = requests.filter(status=filters.cleaned_data["status"])
    page = paginate(request, requests.order_by("-registered_on", "-number"))
    return render(
        request,
        "archive/documents/requests.html",
        {
            "filters": filters,
            "page": page,
            "today": timezone.localdate(),
            "registered": RequestStatus.REGISTERED,
        },
    )


@office_only
def request_new(request):
    learner_id = request.GET.get("learner") or request.POST.get("learner")
    if not (learner_id or "").isdigit():
        return _find_learner(request)
    learner = get_learner_for_user(request.user, int(learner_id))
    form = OfficeRequestForm(request.POST or None, applicants=applicant_choices(learner))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = request_create(
                learner=learner,
                kind=data["kind"],
                purpose=data["purpose"],
                delivery=data["delivery"],
                channel=data["channel"],
                applicant=data["applicant"],
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                f"Запрос зарегистрирован под № {created.number}, "
                f"срок ответа — {created.deadline:%d.%m.%Y}.",
            )
            return redirect("documents_request", created.pk)
    return render(request, "archive/documents/request_new.html", {"form": form, "learner": learner})


def _find_learner(request):
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "archive/documents/request_find.html",
        {"query": query, "found": learner_selectors.find_learners(request.user, query)},
    )


@login_required
def request_detail(request, pk):
    info = selectors.get_request_for_user(request.user, pk)
    office = issues_documents(request.user)
    moves = [(target, move) for target, move in allowed(request.user, info) if not move.by_issue]
    return render(
        request,
        "archive/documents/request.html",
        {
            "info": info,
            "office": office,
            "moves": moves,
            "can_issue": office and info.status == RequestStatus.REGISTERED,
            "history": list(info.changes.select_related("changed_by").order_by("changed_at", "pk")),
            "documents": list(
                selectors.documents_for_user(request.user).filter(request=info).order_by("pk")
            ),
            "overdue": info.status == RequestStatus.REGISTERED
            and info.deadline < timezone.localdate(),
        },
    )


@office_only
def request_preview(request, pk):
    info = selectors.get_request_for_user(request.user, pk)
    try:
        content = preview_document(kind=info.kind, learner=info.learner)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("documents_request", info.pk)
    return draft_download(
        request, content=content, filename=f"Проект — {kind_label(info.kind)}.pdf", subject=info
    )


@require_POST
@office_only
def request_issue(request, pk):
    info = selectors.get_request_for_user(request.user, pk)
    try:
        issued = issue_document(
            kind=info.kind,
            learner=info.learner,
            to_family=True,
            recipient=info.applicant_name,
            purpose=info.purpose,
            request=info,
            actor=request.user,
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect("documents_request", info.pk)
    messages.success(
        request,
        f"Выдан документ № {issued.registration_number}: он появился в личном кабинете семьи.",
    )
    return redirect("documents_request", info.pk)


@require_POST
@login_required
def request_move(request, pk):
    info = selectors.get_request_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Причина: " + " ".join(form.errors.get("reason", [])))
        return redirect("documents_request", info.pk)
    status = form.cleaned_data["status"]
    moves = dict(allowed(request.user, info))
    if status not in moves or moves[status].by_issue:
        messages.error(request, "Этот шаг вам недоступен. Обновите страницу.")
        return redirect("documents_request", info.pk)
    try:
        request_transition(
            request=info, status=status, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, moves[status].done)
    return redirect("documents_request", info.pk)
