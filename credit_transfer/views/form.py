"""The application form: the family applies, the office registers a paper application;
its lines offer the learner's curriculum and show the eligibility checks as they are
filled in, before anything is signed."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render

from common.ids import parse_id
from credit_transfer import checks, selectors, services, workflow
from credit_transfer.forms import (
    YEAR_TARGET,
    ApplicationForm,
    AttachmentsForm,
    LineForm,
    LineFormSet,
    PaperForm,
)
from credit_transfer.models import Application, Status
from learners import selectors as learner_selectors
from learners.access import (
    has_role,
    refuse,
    represented_learners,
    visible_learners,
)
from learners.models import Learner, Role, StudyPeriod, Subject

REGISTRARS = (Role.DEPUTY, Role.CLERK)


def _targets(year) -> list[tuple[str, str]]:
    periods = StudyPeriod.objects.filter(year=year).order_by("starts_on") if year else []
    return [
        ("", "— выберите —"),
        (YEAR_TARGET, f"учебного года {year.name}" if year else "учебного года"),
        *[(str(p.pk), f"{p.name} ({p.starts_on:%d.%m.%Y}–{p.ends_on:%d.%m.%Y})") for p in periods],
    ]


@login_required
def application_new(request):
    """A legal representative starts an application for one of their children; the
    deputy or the clerk registers a paper one from the learner's card."""
    user = request.user
    # «paper_learner» in a GET: the applicant's choice re-reads the form (htmx).
    learner_id = (
        request.GET.get("learner")
        or request.GET.get("paper_learner")
        or request.POST.get("paper_learner")
    )
    if learner_id and has_role(user, *REGISTRARS):
        # ASCII digits only: int() would read «١» or « 1» as learner 1.
        number = parse_id(learner_id)
        learner = visible_learners(user).filter(pk=number).first() if number else None
        if learner is None:
            raise refuse(user, "learner", learner_id)
        return _edit(
            request,
            application=None,
            learners=Learner.objects.filter(pk=learner.pk),
            paper_learner=learner,
        )
    if has_role(user, *REGISTRARS) and not has_role(user, Role.PARENT):
        return _find_learner(request)
    children = represented_learners(user).order_by("last_name", "first_name")
    if not children.exists():
        raise PermissionDenied("Заявление подаёт законный представитель обучающегося.")
    return _edit(request, application=None, learners=children)


def _find_learner(request):
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "credit_transfer/find_learner.html",
        {"query": query, "found": learner_selectors.find_learners(request.user, query)},
    )


@login_required
def application_edit(request, pk):
    application = selectors.get_application_for_user(request.user, pk)
    if not application.is_editable_by_family:
        messages.info(
            request, f"Заявление в статусе «{application.get_status_display()}» не изменяется."
        )
        return redirect("credit_detail", application.pk)
    if not workflow.acts_as(request.user, application, workflow.APPLICANT):
        raise refuse(request.user, "credit_application_edit", pk)
    return _edit(
        request,
        application=application,
        learners=Learner.objects.filter(pk=application.learner_id),
        paper_learner=application.learner
        if application.is_paper and has_role(request.user, *REGISTRARS)
        else None,
    )


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _edit(request, *, application, learners, paper_learner=None):
    """The application form: shown, saved as a draft, or saved and submitted."""
    action = request.POST.get("action", "save")
    forms = _edit_forms(
        request, application=application, learners=list(learners), paper_learner=paper_learner
    )
    if (
        request.method == "POST"
        and action in ("save", "submit")
        and forms.valid()
        and _eligible(forms, application=application)
    ):
        saved = _save(request, forms, application=application, submit=action == "submit")
        if saved is not None:
            return redirect("credit_detail", saved.pk)
    found = _line_checks(forms, application=application)
    for line in forms.lines.forms:
        line.credit_check = found.get(line.prefix)
    files_kept, saved_files_lost = False, False
    if request.method == "POST" and request.FILES:
        # A browser never refills a file input: the files of a form shown again are
        # kept with the draft so that the family does not pick them again.
        application, files_kept = _keep_files(
            request, forms, application=application, paper_learner=paper_learner
        )
        saved_files_lost = not files_kept
    return render(
        request,
        "credit_transfer/form.html",
        {
            "form": forms.application,
            "lines": forms.lines,
            "files": forms.files,
            "paper": forms.paper,
            "application": application,
            "paper_learner": paper_learner,
            "submit_label": workflow.submit_move(application).button_text,
            "files_lost": saved_files_lost,
            "files_kept": files_kept,
            "addressee": selectors.addressee(),
            "attachments": list(application.attachments.all()) if application else [],
        },
    )


def _group_of(application, learner):
    return (
        application.group if application is not None else learner_selectors.current_group(learner)
    )


def _eligible(forms: "EditForms", *, application) -> bool:
    """Refuse a line that can never be credited (not in the learner's curriculum,
    mandatory at or chosen for the state exam, a negative result) beside its subject,
    before the family signs it (000 §4.6)."""
    learner = forms.application.cleaned_data["learner"]
    group = _group_of(application, learner)
    kept = [form for form in forms.lines.forms if forms.lines._kept(form)]
    kept = [form for form in kept if form.cleaned_data.get("subject") is not None]
    if group is None or not kept:
        return True
    context = selectors.group_check_context(
        group=group,
        learner_id=learner.pk,
        period_id=forms.application.period_id(),
        subject_ids=[form.cleaned_data["subject"].pk for form in kept],
    )
    eligible = True
    for form, check in zip(
        kept, selectors.check_lines(context, [form.cleaned_data for form in kept]), strict=True
    ):
        if check.ineligible:
            form.add_error("subject", f"Не подлежит зачёту: {check.failures}.")
            eligible = False
    return eligible


def _line_checks(forms: "EditForms", *, application) -> dict[str, object]:
    """{line prefix: its checks} for the lines shown, so that the family sees them
    before signing (the same rules the decision applies)."""
    form = forms.application
    if form.is_bound:
        form.is_valid()
        learner, period_id = form.cleaned_data.get("learner"), form.period_id()
    else:
        chosen = form.initial.get("learner")
        learner = next((x for x in form.fields["learner"].queryset if x.pk == chosen), None)
        period_id = application.period_id if application is not None else None
    if learner is None:
        return {}
    return _checks_for(
        learner=learner,
        group=_group_of(application, learner),
        period_id=period_id,
        lines=[(line.prefix, _line_values(line)) for line in forms.lines.forms],
    )


def _line_values(line) -> dict | None:
    """The line's values as typed (cleaned where valid), or None without a subject."""
    if line.is_bound:
        if not hasattr(line, "cleaned_data"):
            line.is_valid()
        values = dict(line.cleaned_data)
    else:
        values = {name: line.initial.get(name) for name in LineForm.Meta.fields}
        subject = values.get("subject")
        if subject is not None and not isinstance(subject, Subject):
            values["subject"] = Subject.objects.filter(pk=subject).first()
    return values if values.get("subject") is not None else None


def _checks_for(*, learner, group, period_id, lines) -> dict[str, object]:
    typed = [(prefix, values) for prefix, values in lines if values is not None]
    if group is None or not typed:
        return {}
    context = selectors.group_check_context(
        group=group,
        learner_id=learner.pk,
        period_id=period_id,
        subject_ids=[values["subject"].pk for _, values in typed],
    )
    found = {}
    for prefix, values in typed:
        complete = all(
            values.get(name) for name in ("external_scale", "external_result", "external_hours")
        )
        found[prefix] = (
            selectors.check_lines(context, [values])[0]
            if complete
            else checks.check_eligibility(values["subject"].pk, context)
        )
    return found


def _keep_files(request, forms: "EditForms", *, application, paper_learner):
    """Store the valid uploads of a form shown again as the draft's attachments (a
    new draft is made for them when the learner, and for paper the applicant, are
    known): (the application now, whether the files were kept)."""
    files = forms.files
    if not files.is_valid() or not files.uploads():
        return application, False
    try:
        if application is not None:
            if _version(request) not in (None, application.version):
                # Changed meanwhile: its draft is not the one the family sees.
                return application, False
            services.attachments_add(
                application=application, uploads=files.uploads(), actor=request.user
            )
            return application, True
        form, paper = forms.application, forms.paper
        form.is_valid()
        learner = form.cleaned_data.get("learner")
        applicant = None
        if paper is not None:
            paper.is_valid()
            applicant = paper.cleaned_data.get("applicant")
            if applicant is None:
                return application, False
        if learner is None:
            return application, False
        # The draft holds the files only: the typed values stay in the form shown
        # again and are saved once they are valid.
        with transaction.atomic():
            draft = services.application_save(
                application=None,
                learner=learner,
                fields={},
                lines=[],
                uploads=files.uploads(),
                applicant=applicant,
                actor=request.user,
            )
    except (ValidationError, PermissionDenied):
        return application, False
    return draft, True


@dataclass
class EditForms:
    application: ApplicationForm
    lines: LineFormSet
    files: AttachmentsForm
    paper: PaperForm | None

    def valid(self) -> bool:
        # Every form validated, so that each shows its own errors.
        results = [self.application.is_valid(), self.lines.is_valid(), self.files.is_valid()]
        if self.paper is not None:
            results.append(self.paper.is_valid())
        return all(results)


def _edit_forms(request, *, application, learners, paper_learner) -> EditForms:
    user = request.user
    year = application.year if application else learner_selectors.current_year()
    strict = request.POST.get("action", "save") == "submit"
    instance = application or Application()
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and data.get("action") == "add_line":
        total = parse_id(data.get("lines-TOTAL_FORMS", "0"), minimum=0)
        # No more lines than the formset takes (max_num): a forged counter must not
        # render a thousand empty lines.
        data["lines-TOTAL_FORMS"] = str(min(total + 1, LineFormSet.max_num) if total else 1)
    form = ApplicationForm(
        data,
        instance=instance,
        learners=Learner.objects.filter(pk__in=[x.pk for x in learners]).order_by("last_name"),
        classes=learner_selectors.current_class_names([x.pk for x in learners]),
        targets=_targets(year),
        strict=strict,
    )
    if application is None:
        form.initial.setdefault("learner", learners[0].pk if len(learners) == 1 else None)
        form.initial.update(_applicant_defaults(user if paper_learner is None else None))
        # Most credits are for the year (Appendix 1 names it first).
        form.initial.setdefault("target", YEAR_TARGET)
    lines = LineFormSet(
        data,
        instance=instance,
        prefix="lines",
        strict=strict,
        subjects=_offered_subjects(application, learners, data),
    )
    if data is None and not instance.pk:
        lines.extra = 1
    paper = None
    if paper_learner is not None:
        guardians = (
            get_user_model().objects.filter(guardian__learners=paper_learner).order_by("last_name")
        )
        paper = PaperForm(data, guardians=guardians)
        if application is not None:
            paper.initial["applicant"] = application.applicant_id
        # Choosing who signed fills in their name and phone from the card (htmx swaps
        # those two fields; typed values elsewhere stay).
        paper.fields["applicant"].widget.attrs.update(
            {
                "hx-get": request.path,
                "hx-trigger": "change",
                "hx-include": "[name='paper_learner']",
                "hx-select": "#applicant-fields",
                "hx-target": "#applicant-fields",
                "hx-swap": "outerHTML",
            }
        )
        chosen = parse_id(request.GET.get("applicant", "")) if data is None else None
        signer = guardians.filter(pk=chosen).first() if chosen is not None else None
        if signer is not None:
            paper.initial["applicant"] = signer.pk
            form.initial.update(_applicant_defaults(signer))
    return EditForms(form, lines, AttachmentsForm(data, request.FILES or None), paper)


def _offered_subjects(application, learners, data):
    """The subjects of the learner's curriculum for the application's year: of the
    chosen child, or of every child while none is chosen; a subject already on the
    application stays (the checks then say why it cannot be credited)."""
    if application is not None:
        groups = [application.group]
    else:
        enrollments = learner_selectors.current_enrollments([x.pk for x in learners])
        chosen = parse_id(data.get("learner", "")) if data is not None else None
        if chosen is None and len(learners) == 1:
            chosen = learners[0].pk
        groups = [e.group for pk, e in enrollments.items() if chosen is None or pk == chosen]
    offered = selectors.curriculum_subjects(groups)
    if application is not None:
        offered = Subject.objects.filter(
            Q(pk__in=offered.values("pk")) | Q(pk__in=application.lines.values("subject_id"))
        )
    return offered.order_by("name")


def _save(request, forms: EditForms, *, application, submit: bool) -> Application | None:
    """Save the valid forms (and submit): the saved application, or None with the
    services' refusal added to the form."""
    form, paper = forms.application, forms.paper
    try:
        with transaction.atomic():
            saved = services.application_save(
                application=application,
                learner=form.cleaned_data["learner"],
                fields=form.model_fields() | {"period_id": form.period_id()},
                lines=forms.lines.lines(),
                uploads=forms.files.uploads(),
                applicant=paper.cleaned_data["applicant"] if paper else None,
                actor=request.user,
                version=_version(request),
            )
            if submit:
                services.application_transition(
                    application=saved,
                    to=Status.SUBMITTED,
                    actor=request.user,
                    ip=_client_ip(request),
                )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if not submit:
        done = "Черновик сохранён: вы можете вернуться к нему позже."
    elif paper is None:
        done = (
            "Заявление подано. Решение будет сообщено вам по электронной почте и на этой странице."
        )
    else:
        done = "Бумажное заявление зарегистрировано."
    messages.success(request, done)
    return saved


def _version(request) -> int | None:
    return parse_id(request.POST.get("version", ""), minimum=0)


def _applicant_defaults(user) -> dict:
    guardian = getattr(user, "guardian", None) if user is not None else None
    if guardian is None:
        return {}
    return {"applicant_name": guardian.full_name, "phone": guardian.phone}
