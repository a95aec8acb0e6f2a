"""The deputy's roster import: upload and dry run, then the real run of the same file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from common.downloads import logged_download
from common.files import sanitise_name
from learners import selectors
from learners.models import Role
from learners.roster import services
from learners.roster.forms import ConfirmForm, UploadForm
from learners.roster.parse import MAX_BYTES, size_error
from learners.roster.template import CONTENT_TYPE, FILENAME, template_bytes
from learners.terms import current_terms
from learners.views import role_required

PAGE = "learners/roster/import.html"
RESULT = "roster_result"


@role_required(Role.DEPUTY)
def roster_import(request):
    if request.method == "POST":
        if "token" in request.POST:
            return _apply(request)
        return _check(request)
    return render(
        request, PAGE, {"form": UploadForm(), "result": request.session.pop(RESULT, None)}
    )


def _check(request):
    form = UploadForm(request.POST, request.FILES)
    context = {"form": form}
    if not form.is_valid():
        return render(request, PAGE, context)
    upload = form.cleaned_data["file"]
    name = sanitise_name(upload.name, "xlsx")
    try:
        if upload.size is not None and upload.size > MAX_BYTES:
            raise size_error(name)
        content = upload.read(MAX_BYTES + 1)
        plan = services.roster_check(content=content, name=name)
    except ValidationError as error:
        form.add_error("file", error)
        return render(request, PAGE, context)
    context.update(plan=plan, name=name)
    if plan.ok and plan.has_work:
        kept = services.upload_keep(content=content)
        context["confirm"] = ConfirmForm(
            initial={"token": kept.token, "sha256": kept.sha256, "name": name}
        )
    return render(request, PAGE, context)


def _apply(request):
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Загруженный файл не найден или изменился: загрузите его снова.")
        return redirect("roster_import")
    data = form.cleaned_data
    name = data["name"] or "файл"
    try:
        content = services.upload_read(token=data["token"], sha256=data["sha256"])
        result = services.roster_import(content=content, actor=request.user, name=name)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("roster_import")
    services.upload_discard(token=data["token"])
    request.session[RESULT] = {"name": name, **vars(result)}
    return redirect("roster_import")


@role_required(Role.DEPUTY)
def roster_template(request):
    content = template_bytes()
    return logged_download(
        user=request.user,
        content=content,
        content_type=CONTENT_TYPE,
        filename=FILENAME.format_map(current_terms()),
        kind="roster_template",
        subject=selectors.organisation() or request.user,
    )
