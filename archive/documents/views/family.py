"""The family's documents (R-AR-7, R-SEC-1): for each of their learners the documents
issued to them, their requests with deadlines, the request form, and the rows of the
disclosure log about the learner («Кому передавались сведения»)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from archive.documents import selectors
from archive.documents.forms import FamilyRequestForm
from archive.documents.requests import request_create
from archive.documents.views.common import error_text
from archive.models import RequestChannel
from learners.access import family_learners, is_family, refuse

FAMILY_ONLY = "Страница документов — для обучающегося и его родителей (законных представителей)."


@login_required
def family(request):
    learners = list(family_learners(request.user).order_by("last_name", "first_name", "pk"))
    if not learners:
        raise PermissionDenied(FAMILY_ONLY)
    by_learner = {learner.pk: {"learner": learner, "documents": [], "requests": [], "rows": []}
                  for learner in learners}  # fmt: skip
    # Three queries (and the learners') for the whole family however many children it has.
    # A parent who also works in the office sees only their own family here.
    ids = list(by_learner)
    documents = selectors.documents_for_user(request.user).filter(to_family=True, learner__in=ids)
    for issued in documents.order_by("-issued_on", "-pk"):
        by_learner[issued.learner_id]["documents"].append(issued)
    requests = selectors.requests_for_user(request.user).filter(learner__in=ids)
    for info in requests.order_by("-registered_on", "-number"):
        by_learner[info.learner_id]["requests"].append(info)
    rows = selectors.disclosures_for_user(request.user).filter(learner__in=ids)
    for row in rows.order_by("-disclosed_at", "-pk"):
        by_learner[row.learner_id]["rows"].append(row)
    return render(request, "archive/documents/family.html", {"families": list(by_learner.values())})


@login_required
def family_request(request, learner_id):
    if not is_family(request.user, learner_id):
        raise refuse(request.user, "document request", learner_id)
    learner = family_learners(request.user).get(pk=learner_id)
    form = FamilyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = request_create(
                learner=learner,
                kind=data["kind"],
                purpose=data["purpose"],
                delivery=data["delivery"],
                channel=RequestChannel.ONLINE,
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                f"Запрос № {created.number} зарегистрирован. Срок ответа — "
                f"{created.deadline:%d.%m.%Y}.",
            )
            return redirect("documents_family")
    return render(
        request, "archive/documents/family_request.html", {"form": form, "learner": learner}
    )
