"""Pages of credit transfer: the family applies and follows its application, staff
register a paper application, the subject teacher converts marks. The deputy's and
the director's workflow runs in the admin site (credit_transfer/admin.py)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from common.downloads import logged_download, stored_download
from common.forms import error_texts
from common.ids import parse_id
from common.paging import paginate
from credit_transfer import selectors, services, workflow
from credit_transfer.forms import (
    YEAR_TARGET,
    ApplicationForm,
    AttachmentsForm,
    ConversionForm,
    LineFormSet,
    PaperForm,
)
from credit_transfer.models import Application, Status
from learners import selectors as learner_selectors
from learners.access import (
    handles_all_applications,
    has_role,
    refuse,
    represented_learners,
    visible_learners,
)
from learners.models import Learner, Role, StudyPeriod, Subject

REGISTRARS = (Role.DEPUTY, Role.CLERK)


@login_required
def index(request):
    """The family's applications, the teacher's conversion requests; the
    administration works in the admin list."""
    user = request.user
    parent, teacher = has_role(user, Role.PARENT), has_role(user, Role.TEACHER)
    if not (parent or teacher):
        if handles_all_applications(user):
            return redirect("admin:credit_transfer_application_changelist")
        raise PermissionDenied("Зачёт результатов — для родителей, учителей и администрации.")
    lines = list(selectors.conversion_queue(user)) if teacher else []
    # A family's list grows with every application over the years: shown a page at a time.
    page = paginate(request, selectors.family_applications(user)) if parent else None
    return render(
        request,
        "credit_transfer/index.html",
        {
            # An empty page is falsy: a family without applications still gets its
            # section and the button to apply.
            "applications": list(page.object_list) if page is not None else None,
            "page": page,
            "pending": [
                line
                for line in lines
                if line.application.status == Status.WITH_TEACHER and not line.conversion
            ],
            "decided": [line for line in lines if line.conversion],
            "is_teacher": teacher,
            "is_staff": handles_all_applications(user),
        },
    )


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
    learner_id = request.GET.get("learner") or request.POST.get("paper_learner")
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
    if request.method == "POST" and action in ("save", "submit") and forms.valid():
        saved = _save(request, forms, application=application, submit=action == "submit")
        if saved is not None:
            return redirect("credit_detail", saved.pk)
    # A posted form shown again cannot keep its chosen files (a browser never refills
    # a file input): say so, after «+ Добавить предмет» without script too.
    saved_files_lost = request.method == "POST" and bool(request.FILES)
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
            "addressee": selectors.addressee(),
            "attachments": list(application.attachments.all()) if application else [],
        },
    )


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
    subjects = Subject.objects.order_by("name")
    lines = LineFormSet(data, instance=instance, prefix="lines", strict=strict, subjects=subjects)
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
    return EditForms(form, lines, AttachmentsForm(data, request.FILES or None), paper)


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


@require_GET
@login_required
def line_form(request):
    """One more empty line of the form, for htmx: the index comes from the form's
    own TOTAL_FORMS counter, which the answer updates out of band."""
    index = parse_id(request.GET.get("lines-TOTAL_FORMS", "0"), minimum=0)
    if index is not None and index >= 20:
        index = None
    if index is None:
        return HttpResponse(status=400)
    formset = LineFormSet(prefix="lines", subjects=Subject.objects.order_by("name"))
    return render(
        request,
        "credit_transfer/_line_added.html",
        {"line": formset._construct_form(index, empty_permitted=True), "total": index + 1},
    )


@login_required
def application_detail(request, pk):
    application = selectors.get_application_for_user(request.user, pk)
    user = request.user
    staff = handles_all_applications(user)
    family = selectors.is_family_of(user, application)
    return render(
        request,
        "credit_transfer/detail.html",
        {
            "application": application,
            "lines": selectors.lines_with_checks(application),
            "attachments": list(application.attachments.select_related("uploaded_by")),
            "history": list(selectors.history(application)),
            "documents": workflow.documents_of(application),
            "moves": workflow.status_page_moves(application, user),
            "family": family,
            "staff": staff,
            "show_personal": selectors.shows_applicant_personal(user, application),
            "can_edit": application.is_editable_by_family
            and workflow.acts_as(user, application, workflow.APPLICANT),
            "files": AttachmentsForm(),
        },
    )


@require_POST
@login_required
def application_withdraw(request, pk):
    application = selectors.get_application_for_user(request.user, pk)
    try:
        services.application_transition(
            application=application,
            to=Status.WITHDRAWN,
            actor=request.user,
            version=_version(request),
            comment=request.POST.get("comment", ""),
        )
    except PermissionDenied:
        raise refuse(request.user, "credit_application_withdraw", pk) from None
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, "Заявление отозвано.")
    return redirect("credit_detail", application.pk)


@require_POST
@login_required
def attachments_upload(request, pk):
    application = selectors.get_application_for_user(request.user, pk)
    files = AttachmentsForm(request.POST, request.FILES)
    try:
        if not files.is_valid():
            # The fields' own words («…: Отправленный файл пуст.»): a file was chosen.
            raise ValidationError(error_texts(files))
        if not files.uploads():
            raise ValidationError("Выберите хотя бы один файл.")
        added = services.attachments_add(
            application=application, uploads=files.uploads(), actor=request.user
        )
    except PermissionDenied:
        raise refuse(request.user, "credit_attachment_upload", pk) from None
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, f"Добавлено документов: {len(added)}.")
    return redirect("credit_detail", application.pk)


@require_POST
@login_required
def attachment_delete(request, pk):
    attachment = selectors.get_attachment_for_user(request.user, pk)
    try:
        services.attachment_remove(attachment=attachment, actor=request.user)
    except PermissionDenied:
        raise refuse(request.user, "credit_attachment_delete", pk) from None
    messages.success(request, f"Документ «{attachment.original_name}» убран из заявления.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("credit_detail", args=[attachment.application_id])
    return redirect(back)


@login_required
def attachment_download(request, pk):
    attachment = selectors.get_attachment_for_user(request.user, pk)
    return stored_download(
        user=request.user,
        stored=attachment,
        kind="credit_attachment",
        as_attachment=request.GET.get("download") == "1",
    )


@login_required
def document(request, pk, kind):
    application = selectors.get_application_for_user(request.user, pk)
    title = dict(workflow.documents_of(application)).get(kind)
    if title is None:
        raise Http404("Такого документа по заявлению ещё нет.")
    from credit_transfer import exports

    content = exports.document_pdf(
        application,
        kind,
        show_personal=selectors.shows_applicant_personal(request.user, application),
    )
    return logged_download(
        user=request.user,
        content=content,
        content_type="application/pdf",
        filename=f"{title} {application.number.replace('/', '-')}.pdf",
        kind=f"credit_{kind}",
        subject=application,
        as_attachment=request.GET.get("download") == "1",
    )


@require_POST
@login_required
def line_convert(request, pk):
    line = selectors.get_line_for_teacher(request.user, pk)
    form = ConversionForm(request.POST)
    try:
        if not form.is_valid():
            # «Выберите решение.» only when none was chosen: a comment too long says so.
            raise ValidationError(error_texts(form, labels=False))
        services.line_convert(
            line=line,
            conversion=form.cleaned_data["conversion"],
            comment=form.cleaned_data["comment"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, f"{line.subject.name}: {'; '.join(error.messages)}")
    else:
        messages.success(
            request,
            f"Решение по предмету «{line.subject.name}» "
            f"({line.application.learner.short_name}) сохранено.",
        )
    return redirect("credit_index")
