"""The list and an application's page: the family follows its application, the office
its paper ones, the subject teacher converts marks; the attachments and documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from common.downloads import logged_download, stored_download
from common.forms import error_texts
from common.paging import paginate
from credit_transfer import selectors, services, workflow
from credit_transfer.forms import (
    AttachmentsForm,
    ConversionForm,
)
from credit_transfer.models import Conversion, Status
from credit_transfer.views.form import _version
from learners.access import (
    handles_all_applications,
    has_role,
    refuse,
)
from learners.models import Role
from learners.terms import current_terms


@login_required
def index(request):
    """The family's applications, the teacher's conversion requests; the
    administration works in the admin list."""
    user = request.user
    parent, teacher = has_role(user, Role.PARENT), has_role(user, Role.TEACHER)
    # The clerk registers paper applications from here as from the card; the deputy
    # and the director work in the admin's list.
    registrar = has_role(user, Role.CLERK)
    if not (parent or teacher or registrar):
        if handles_all_applications(user):
            return redirect("admin:credit_transfer_application_changelist")
        raise PermissionDenied(
            f"Зачёт результатов — для родителей, {current_terms()['teachers_gen']} и администрации."
        )
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
            "registrar": registrar,
        },
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
            "convertible": selectors.convertible_line_ids(user, application),
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
        messages.success(request, workflow.move_named("withdraw").done)
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
        staff=handles_all_applications(request.user),
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
            f"({line.application.learner.short_name}) сохранено: "
            f"{Conversion(form.cleaned_data['conversion']).label.lower()}.",
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("credit_index")
    return redirect(back)
