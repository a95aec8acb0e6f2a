"""Pages of consent to the processing of personal data (R-SEC-4): the office's list of
who has not given it, a learner's history of consents with the paper form, and the
parent's consent for each child online."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.forms import error_texts
from common.paging import paginate
from learners import consent, selectors
from learners.access import has_role, refuse, represented_learners
from learners.consent_forms import ConsentFilter, ConsentForm, FamilyConsentForm, WithdrawForm
from learners.models import Role
from learners.search import search_groups
from learners.views import role_required

REGISTER_PER_PAGE = 50


# A page holds one such form per consent or per child: each gets its own ids, while the
# fields keep their plain names.
def withdraw_ids(pk) -> str:
    return f"id_withdraw-{pk}-%s"


def give_ids(pk) -> str:
    return f"id_consent-{pk}-%s"


@role_required(*consent.CONSENT_READERS)
def consent_list(request):
    """«Согласия на обработку персональных данных»: the learners enrolled now, those
    without an active consent first, so the office sees whom to ask."""
    year = selectors.current_year()
    filters = ConsentFilter(request.GET or None, groups=search_groups(request.user, year=year))
    group, missing = None, False
    if filters.is_bound and filters.is_valid():
        group, missing = filters.cleaned_data["group"], filters.cleaned_data["missing"]
    page = paginate(
        request, consent.consent_register(group=group, missing=missing), per_page=REGISTER_PER_PAGE
    )
    classes = selectors.current_class_names([learner.pk for learner in page])
    for learner in page:
        learner.class_name = classes.get(learner.pk, "")
    return render(
        request,
        "learners/consent/list.html",
        {"filters": filters, "page": page, "filtered": bool(group or missing)},
    )


@role_required(*consent.CONSENT_READERS, Role.CLASS_TEACHER)
def learner_consents(request, pk):
    """A learner's consents, withdrawn ones included; the office and the class teacher
    record a signed paper form here."""
    learner = consent.get_learner_consents_for_user(request.user, pk)
    records = consent.records_consent(request.user, learner)
    form = ConsentForm(learner=learner)
    status = 200
    if request.method == "POST":
        if not records:
            raise refuse(request.user, "consents", pk)
        form = ConsentForm(request.POST, learner=learner)
        if form.is_valid():
            data = form.cleaned_data
            try:
                consent.consent_give(
                    learner=learner,
                    guardian=data["giver"],
                    scopes=data["scopes"],
                    given_on=data["given_on"],
                    paper=data["paper"],
                    note=data["note"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Согласие записано.")
                return redirect("learner_consents", learner.pk)
        status = 400
    withdraws = has_role(request.user, *consent.CONSENT_OFFICE)
    history = list(consent.consent_history(learner))
    for row in history:
        if withdraws and row.is_active:
            row.withdraw_form = WithdrawForm(
                auto_id=withdraw_ids(row.pk), initial={"on": timezone.localdate()}
            )
    return render(
        request,
        "learners/consent/learner.html",
        {
            "learner": learner,
            "consents": history,
            "form": form if records else None,
            "withdraws": withdraws,
        },
        status=status,
    )


@role_required(Role.PARENT)
def family_consents(request):
    """The parent's children, each with the consent given for them and the buttons to
    give or withdraw their own. Nothing of the school's bookkeeping (who typed it in,
    logins) is shown to the family."""
    children = consent.family_consents(request.user)
    for child in children:
        child.consent_form = FamilyConsentForm(auto_id=give_ids(child.pk))
    return render(request, "learners/consent/family.html", {"children": children})


@require_POST
@role_required(Role.PARENT)
def family_consent_give(request, learner_id):
    learner = represented_learners(request.user).filter(pk=learner_id).first()
    if learner is None:
        raise refuse(request.user, "consent_learner", learner_id)
    form = FamilyConsentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(error_texts(form, labels=False))
        consent.consent_give(
            learner=learner,
            guardian=request.user.guardian,
            scopes=form.cleaned_data["scopes"],
            given_on=timezone.localdate(),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, f"Согласие за {learner.full_name} дано.")
    return redirect("family_consents")


@require_POST
@login_required
def consent_withdraw(request, pk):
    """Withdraw a consent: the parent who gave it from their account, the office from
    the learner's page with the request's reason and date."""
    found = consent.get_consent_for_user(request.user, pk)
    office = has_role(request.user, *consent.CONSENT_OFFICE)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(error_texts(form))
        on = form.cleaned_data["on"] if office else None
        consent.consent_withdraw(
            consent=found,
            reason=form.cleaned_data["reason"],
            on=on or timezone.localdate(),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, f"Согласие отозвано с {found.withdrawn_on:%d.%m.%Y}.")
    if office:
        return redirect("learner_consents", found.learner_id)
    return redirect("family_consents")


def consent_section(request, learner) -> str:
    """The consents section of a learner's card (common/sections.py): for those who
    read the learner's consents; empty for anyone else."""
    if not consent.reads_consents(request.user, learner):
        return ""
    return render_to_string(
        "learners/consent/_learner_section.html",
        {"learner": learner, "consents": list(consent.active_consents().filter(learner=learner))},
    )
