"""Retention (R-AR-4): files past their term, the acts of their destruction and the
director's approval."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from archive import selectors, services
from archive.forms import (
    DestructionActForm,
    destruction_form,
)
from archive.models import (
    DestructionAct,
    DestructionStatus,
    RetentionRule,
)
from archive.services.snapshots import person_name
from archive.views.common import (
    KIND_DESTRUCTION_ACT,
    keepers_only,
    refusal_text,
    render_pdf,
    take_move,
)
from archive.workflow import DESTRUCTION_MOVES, allowed
from common.downloads import logged_download
from common.forms import error_texts
from common.paging import paginate
from learners.access import has_role
from learners.models import Role


def _draws_acts(user) -> bool:
    return has_role(user, Role.CLERK, Role.DEPUTY)


@keepers_only
def expired(request):
    """Files past their retention term; the clerk (or the deputy) ticks them and draws
    up an act of destruction for the director to approve."""
    form = DestructionActForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not _draws_acts(request.user):
            raise PermissionDenied("Акт о выделении к уничтожению составляет делопроизводитель.")
        try:
            if not form.is_valid():
                raise ValidationError(error_texts(form, labels=False))
            act = services.destruction_act_create(
                actor=request.user, files=list(form.cleaned_data["files"])
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, refusal_text(error))
            return redirect("archive_expired")
        messages.success(request, f"{act} составлен и ждёт утверждения директором.")
        return redirect("archive_act", act.pk)
    return render(
        request,
        "archive/expired.html",
        {
            "files": list(selectors.expired_files()),
            "can_draw": _draws_acts(request.user),
            "unconfirmed": RetentionRule.objects.filter(confirmed_at__isnull=True).count(),
        },
    )


@keepers_only
def acts(request):
    page = paginate(
        request,
        DestructionAct.objects.annotate(file_count=Count("files"))
        .select_related("created_by")
        .order_by("-created_at", "-pk"),
    )
    return render(request, "archive/acts.html", {"page": page, "acts": list(page.object_list)})


@login_required
def act_detail(request, pk):
    act = selectors.get_act_for_user(request.user, pk)
    return render(
        request,
        "archive/act.html",
        {
            "act": act,
            "created_by": person_name(act.created_by),
            "files": list(
                act.files.select_related("snapshot").order_by("snapshot__number", "name")
            ),
            "history": list(act.changes.select_related("changed_by").order_by("changed_at", "pk")),
            "moves": allowed(DESTRUCTION_MOVES, act.status, request.user),
        },
    )


@require_POST
@login_required
def act_transition(request, pk):
    act = selectors.get_act_for_user(request.user, pk)
    take_move(
        request,
        form=destruction_form(request.POST),
        moves=DESTRUCTION_MOVES,
        status=act.status,
        service=partial(services.destruction_transition, act=act, actor=request.user),
    )
    return redirect("archive_act", act.pk)


@login_required
def act_pdf(request, pk):
    act = selectors.get_act_for_user(request.user, pk)
    files = list(
        act.files.select_related("snapshot", "document_type").order_by("snapshot__number", "name")
    )
    content = render_pdf(
        "archive/act_destruction.html",
        act=act,
        files=files,
        total_size=sum(f.size for f in files),
        created_by=person_name(act.created_by),
        created_at=timezone.localtime(act.created_at),
        approved_at=timezone.localtime(act.approved_at) if act.approved_at else None,
        executed_at=timezone.localtime(act.executed_at) if act.executed_at else None,
        is_draft=act.status == DestructionStatus.DRAFT,
    )
    return logged_download(
        user=request.user,
        content=content,
        content_type="application/pdf",
        filename=f"Акт о выделении к уничтожению № {act.pk}.pdf",
        kind=KIND_DESTRUCTION_ACT,
        subject=act,
        as_attachment=request.GET.get("download") == "1",
    )
