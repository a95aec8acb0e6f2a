"""The documents about one learner (R-AR-6): the office's page where they are issued
from the record, the draft preview, and the class teacher's sign-off of the year's
final results (001 §3.7). Every write goes through archive/documents/services.py and
archive/documents/signoffs.py; every page checks the viewer against the learner or the
group first and answers 404 (refuse) outside their scope."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from archive.documents.content.learner import year_results, years_by_learner
from archive.documents.services import issue_document, preview_document
from archive.documents.signoffs import group_signoffs, signoff_states, yearly_results_sign
from archive.documents.views.common import draft_download
from archive.models import DocumentKind, IssuedDocument
from common.forms import error_texts
from common.ids import parse_id
from common.text import refuse_control_characters
from learners.access import get_learner_for_user, issues_documents, leads_class_of, refuse
from learners.models import AcademicYear, Enrollment, Guardianship, Learner, StudyGroup
from learners.terms import current_terms

LEARNER_KINDS = (
    DocumentKind.STUDY_CERTIFICATE,
    DocumentKind.JOURNAL_EXTRACT,
    DocumentKind.YEARLY_RESULTS,
)
OTHER = "other"
LEARNER = "learner"


class LearnerDocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Документ", choices=[(kind.value, kind.label) for kind in LEARNER_KINDS]
    )
    academic_year = forms.ChoiceField(
        label="Учебный год (для выписки из журнала)",
        required=False,
        help_text="Пусто — текущий учебный год (или последний год обучения).",
    )
    recipient = forms.ChoiceField(label="Кому выдаётся")
    other_recipient = forms.CharField(
        label="Другая организация (наименование)",
        max_length=300,
        required=False,
        validators=[refuse_control_characters],
    )
    purpose = forms.CharField(
        label="Для чего",
        max_length=300,
        required=False,
        validators=[refuse_control_characters],
        help_text="Например: «для предъявления по месту требования».",
    )

    def __init__(self, *args, recipients, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = [(key, label) for key, label, _ in recipients]
        self.fields["academic_year"].choices = [("", "—"), *years]
        self._names = {key: name for key, _, name in recipients}

    def clean(self):
        data = super().clean()
        recipient = data.get("recipient")
        if recipient == OTHER:
            other = (data.get("other_recipient") or "").strip()
            if not other:
                self.add_error("other_recipient", "Укажите организацию, которой выдаётся документ.")
            data["recipient_name"], data["to_family"] = other, False
        elif recipient:
            data["recipient_name"], data["to_family"] = self._names[recipient], True
        return data


def _recipients(learner) -> list[tuple[str, str, str]]:
    """(choice key, label, name as the register records it): the learner, their legal
    representatives, and another organisation typed in."""
    who = current_terms()["learner"]
    found = [(LEARNER, f"{learner.full_name} ({who})", learner.full_name)]
    guardianships = Guardianship.objects.filter(learner=learner).select_related("guardian")
    for g in guardianships.order_by("guardian__last_name", "guardian__first_name", "pk"):
        name = f"{g.guardian.full_name} ({g.get_kinship_display().lower()})"
        found.append((f"guardian-{g.guardian_id}", name, name))
    found.append((OTHER, "Другая организация (указать)", ""))
    return found


def _learner_years(learner) -> list[AcademicYear]:
    return list(
        AcademicYear.objects.filter(groups__enrollments__learner=learner)
        .distinct()
        .order_by("-starts_on")
    )


def _office_or_class_teacher(request, learner_id) -> tuple[Learner, bool]:
    user = request.user
    office = issues_documents(user)
    if not office and not leads_class_of(user, learner_id):
        raise refuse(user, "learner documents", learner_id)
    return get_learner_for_user(user, learner_id), office


def _page(request, learner, *, office, form=None, errors=(), status=200):
    years = _learner_years(learner)
    if office and form is None:
        form = LearnerDocumentForm(
            recipients=_recipients(learner), years=[(y.pk, y.name) for y in years]
        )
    results = year_results(learner)
    states = signoff_states(years=years_by_learner(learner, results))
    enrollments = list(
        Enrollment.objects.filter(learner=learner)
        .select_related("group__year", "group__class_teacher", "programme")
        .order_by("started_on", "pk")
    )
    # The signoff page of a year's class opens for the office and that class's teacher.
    user_id = request.user.pk
    signoff_groups = {
        e.group_id
        for e in enrollments
        if office or (e.group.class_teacher and e.group.class_teacher.user_id == user_id)
    }
    documents = (
        IssuedDocument.objects.filter(learner=learner)
        .select_related("uploaded_by__staff")
        .order_by("-issued_on", "-pk")
    )
    return render(
        request,
        "archive/documents/learner.html",
        {
            "learner": learner,
            "office": office,
            "form": form,
            "errors": errors,
            "enrollments": enrollments,
            "documents": documents,
            "signoffs": [
                {"year": year, "state": states[(learner.pk, year["year_id"])]} for year in results
            ],
            "kinds": LEARNER_KINDS,
            "signoff_groups": signoff_groups,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def learner_documents(request, learner_id):
    learner, office = _office_or_class_teacher(request, learner_id)
    if request.method == "GET":
        return _page(request, learner, office=office)
    if not office:
        raise refuse(request.user, "learner documents issue", learner_id)
    years = _learner_years(learner)
    form = LearnerDocumentForm(
        request.POST, recipients=_recipients(learner), years=[(y.pk, y.name) for y in years]
    )
    if not form.is_valid():
        return _page(request, learner, office=office, form=form, errors=error_texts(form))
    data = form.cleaned_data
    year = next((y for y in years if str(y.pk) == data["academic_year"]), None)
    year_arg = year if data["kind"] == DocumentKind.JOURNAL_EXTRACT else None
    if request.POST.get("action") == "preview":
        url = reverse("documents_learner_preview", args=[learner.pk, data["kind"]])
        return redirect(f"{url}?year={year_arg.pk}" if year_arg else url)
    try:
        document = issue_document(
            kind=data["kind"],
            actor=request.user,
            recipient=data["recipient_name"],
            purpose=data["purpose"],
            to_family=data["to_family"],
            learner=learner,
            academic_year=year_arg,
        )
    except ValidationError as error:
        return _page(request, learner, office=office, form=form, errors=error.messages)
    messages.success(
        request,
        f"Выдан документ «{document.title}» № {document.registration_number} "
        f"от {document.issued_on:%d.%m.%Y}.",
    )
    return redirect("documents_learner", learner.pk)


@login_required
def learner_preview(request, learner_id, kind):
    """The document as it would be issued now, marked as a draft: nothing is
    registered and no number is taken."""
    if not issues_documents(request.user):
        raise refuse(request.user, "learner document preview", learner_id)
    learner = get_learner_for_user(request.user, learner_id)
    if kind not in {k.value for k in LEARNER_KINDS}:
        raise Http404("Нет такого документа.")
    year = None
    if kind == DocumentKind.JOURNAL_EXTRACT and request.GET.get("year"):
        year_id = parse_id(request.GET["year"])
        year = next((y for y in _learner_years(learner) if y.pk == year_id), None)
        if year is None:
            raise Http404("Нет такого учебного года.")
    try:
        content = preview_document(kind=kind, learner=learner, academic_year=year)
    except ValidationError as error:
        return _page(request, learner, office=True, errors=error.messages)
    label = DocumentKind(kind).label
    return draft_download(
        request,
        content=content,
        filename=f"Проект — {label} — {learner.short_name}".rstrip(".") + ".pdf",
        subject=learner,
    )


def _group_for_signoffs(request, group_id) -> tuple[StudyGroup, bool]:
    """The group and whether the viewer is its class teacher (who signs); the office
    reads the page; anyone else gets 404."""
    user = request.user
    group = (
        StudyGroup.objects.select_related("year", "class_teacher", "programme")
        .filter(pk=group_id)
        .first()
    )
    teacher = group.class_teacher if group else None
    signs = teacher is not None and teacher.user_id is not None and teacher.user_id == user.pk
    if group is None or not (signs or issues_documents(user)):
        raise refuse(user, "group signoffs", group_id)
    return group, signs


@login_required
@require_http_methods(["GET", "POST"])
def signoffs(request, group_id):
    group, signs = _group_for_signoffs(request, group_id)
    if request.method == "POST":
        return _sign(request, group, signs)
    rows = group_signoffs(group=group)
    subjects = sorted({row["subject"] for entry in rows for row in entry["rows"]})
    for entry in rows:
        by_subject = {row["subject"]: row for row in entry["rows"]}
        entry["cells"] = [by_subject.get(subject) for subject in subjects]
    return render(
        request,
        "archive/documents/signoffs.html",
        {"group": group, "signs": signs, "rows": rows, "subjects": subjects},
    )


def _sign(request, group, signs):
    """«Заверить» one learner (``learner``) or «Заверить всех» (``all``)."""
    if not signs:
        raise refuse(request.user, "group signoffs sign", group.pk)
    learners = Learner.objects.filter(enrollments__group=group).distinct()
    if request.POST.get("all") != "1":
        learner_id = parse_id(request.POST.get("learner", ""))
        learners = learners.filter(pk=learner_id) if learner_id else learners.none()
        if not learners:
            raise refuse(request.user, "signoff learner", request.POST.get("learner"))
    signed, problems = 0, []
    for learner in learners.order_by("last_name", "first_name", "pk"):
        try:
            yearly_results_sign(learner=learner, academic_year=group.year, actor=request.user)
            signed += 1
        except ValidationError as error:
            problems.extend(error.messages)
    if signed:
        messages.success(request, f"Заверены итоговые результаты: {signed}.")
    for problem in problems:
        messages.error(request, problem)
    return redirect("documents_signoffs", group.pk)
