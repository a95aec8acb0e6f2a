"""Pages of credit transfer: the family applies and follows its application, staff
register a paper application, the subject teacher converts marks. The deputy's and
the director's workflow runs in the admin site (credit_transfer/admin.py)."""

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
from credit_transfer import selectors, services
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
# kind → (the exports function, the file's title)
DOCUMENTS = {
    "application": ("application_pdf", "Заявление о зачёте"),
    "decision": ("decision_pdf", "Решение о зачёте"),
    "order": ("order_pdf", "Приказ о зачёте"),
}
# Which documents exist once an application has reached a status.
AVAILABLE = {
    Status.SUBMITTED: ["application"],
    Status.UNDER_REVIEW: ["application"],
    Status.DOCUMENTS_REQUESTED: ["application"],
    Status.WITH_TEACHER: ["application"],
    Status.WITH_COUNCIL: ["application"],
    Status.WITHDRAWN: ["application"],
    Status.DECIDED: ["application", "decision"],
    Status.ORDER_ISSUED: ["application", "decision", "order"],
    Status.EXEMPTION_ENDED: ["application", "decision", "order"],
}


def documents_of(application: Application) -> list[tuple[str, str]]:
    return [(kind, DOCUMENTS[kind][1]) for kind in AVAILABLE.get(application.status, [])]


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
    found = []
    if len(query) >= 2:
        found = list(
            visible_learners(request.user)
            .filter(last_name__icontains=query)
            .order_by("last_name", "first_name")[:30]
        )
    classes = learner_selectors.current_class_names([x.pk for x in found])
    return render(
        request,
        "credit_transfer/find_learner.html",
        {"query": query, "found": [(x, classes.get(x.pk, "")) for x in found]},
    )


@login_required
def application_edit(request, pk):
    application = selectors.get_application_for_user(request.user, pk)
    if not application.is_editable_by_family:
        messages.info(
            request, f"Заявление в статусе «{application.get_status_display()}» не изменяется."
        )
        return redirect("credit_detail", application.pk)
    staff_paper = application.is_paper and has_role(request.user, *REGISTRARS)
    if request.user.pk != application.applicant_id and not staff_paper:
        raise refuse(request.user, "credit_application_edit", pk)
    return _edit(
        request,
        application=application,
        learners=Learner.objects.filter(pk=application.learner_id),
        paper_learner=application.learner if staff_paper else None,
    )


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _edit(request, *, application, learners, paper_learner=None):
    user = request.user
    learners = list(learners)
    classes = learner_selectors.current_class_names([x.pk for x in learners])
    year = application.year if application else learner_selectors.current_year()
    action = request.POST.get("action", "save")
    strict = action == "submit"
    instance = application or Application()
    subjects = Subject.objects.order_by("name")
    guardians = (
        get_user_model().objects.filter(guardian__learners=paper_learner).order_by("last_name")
        if paper_learner is not None
        else None
    )
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and action == "add_line":
        total = parse_id(data.get("lines-TOTAL_FORMS", "0"), minimum=0)
        # No more lines than the formset takes (max_num): a forged counter must not
        # render a thousand empty lines.
        data["lines-TOTAL_FORMS"] = str(min(total + 1, LineFormSet.max_num) if total else 1)
    form = ApplicationForm(
        data,
        instance=instance,
        learners=Learner.objects.filter(pk__in=[x.pk for x in learners]).order_by("last_name"),
        classes=classes,
        targets=_targets(year),
        strict=strict,
    )
    if application is None:
        form.initial.setdefault("learner", learners[0].pk if len(learners) == 1 else None)
        form.initial.update(_applicant_defaults(user if paper_learner is None else None))
        # Most credits are for the year (Appendix 1 names it first).
        form.initial.setdefault("target", YEAR_TARGET)
    lines = LineFormSet(data, instance=instance, prefix="lines", strict=strict, subjects=subjects)
    if data is None and not instance.pk:
        lines.extra = 1
    files = AttachmentsForm(data, request.FILES or None)
    paper = PaperForm(data, guardians=guardians) if guardians is not None else None
    if paper is not None and application is not None:
        paper.initial["applicant"] = application.applicant_id
    if request.method == "POST" and action in ("save", "submit"):
        forms_valid = [form.is_valid(), lines.is_valid(), files.is_valid()]
        if paper is not None:
            forms_valid.append(paper.is_valid())
        if all(forms_valid):
            try:
                with transaction.atomic():
                    saved = services.application_save(
                        application=application,
                        learner=form.cleaned_data["learner"],
                        fields=form.model_fields() | {"period_id": form.period_id()},
                        lines=lines.lines(),
                        uploads=files.uploads(),
                        applicant=paper.cleaned_data["applicant"] if paper else None,
                        actor=user,
                        version=_version(request),
                    )
                    if strict:
                        services.application_transition(
                            application=saved,
                            to=Status.SUBMITTED,
                            actor=user,
                            ip=_client_ip(request),
                        )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    (
                        "Заявление подано. Решение будет сообщено вам по электронной почте "
                        "и на этой странице."
                        if paper is None
                        else "Бумажное заявление зарегистрировано."
                    )
                    if strict
                    else "Черновик сохранён: вы можете вернуться к нему позже.",
                )
                return redirect("credit_detail", saved.pk)
    # A posted form shown again cannot keep its chosen files (a browser never refills
    # a file input): say so, after «+ Добавить предмет» without script too.
    saved_files_lost = request.method == "POST" and bool(request.FILES)
    return render(
        request,
        "credit_transfer/form.html",
        {
            "form": form,
            "lines": lines,
            "files": files,
            "paper": paper,
            "application": application,
            "paper_learner": paper_learner,
            "files_lost": saved_files_lost,
            "addressee": selectors.addressee(),
            "attachments": list(application.attachments.all()) if application else [],
        },
    )


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
    applicant = user.pk == application.applicant_id
    return render(
        request,
        "credit_transfer/detail.html",
        {
            "application": application,
            "lines": selectors.lines_with_checks(application),
            "attachments": list(application.attachments.select_related("uploaded_by")),
            "history": list(selectors.history(application)),
            "documents": documents_of(application),
            "family": family,
            "staff": staff,
            "show_personal": selectors.shows_applicant_personal(user, application),
            "can_edit": application.is_editable_by_family
            and (applicant or (application.is_paper and has_role(user, *REGISTRARS))),
            "can_withdraw": applicant
            and (application.status, Status.WITHDRAWN) in services.TRANSITIONS,
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
    if kind not in dict(documents_of(application)):
        raise Http404("Такого документа по заявлению ещё нет.")
    from credit_transfer import exports

    function, title = DOCUMENTS[kind]
    if kind == "application":
        content = exports.application_pdf(
            application,
            show_personal=selectors.shows_applicant_personal(request.user, application),
        )
    else:
        content = getattr(exports, function)(application)
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
