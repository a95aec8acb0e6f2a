"""Snapshots of a period (R-AR-1, R-AR-5): starting one, its progress, its files and
manifest, its transfer to the clerk and the act of that transfer."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from archive import selectors, services
from archive.documents.disclosures import record_disclosure
from archive.forms import (
    SnapshotStartForm,
    transfer_form,
)
from archive.models import (
    DisclosureGround,
    Snapshot,
    SnapshotStatus,
    TransferStatus,
)
from archive.models.snapshots import BUSY
from archive.views.common import (
    KIND_FILE,
    KIND_MANIFEST,
    KIND_TRANSFER_ACT,
    Unavailable,
    refusal_text,
    render_pdf,
    stored_bytes,
    take_move,
)
from archive.workflow import TRANSFER_MOVES, allowed
from common.downloads import logged_download
from learners.access import has_role, roles_of
from learners.models import Role


@login_required
def snapshot_new(request):
    if not has_role(request.user, Role.DEPUTY):
        raise PermissionDenied("Снимок периода формирует заместитель директора.")
    form = SnapshotStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = services.snapshot_start(
                actor=request.user,
                year=form.cleaned_data["year"],
                period=form.cleaned_data["period"],
                groups=form.chosen_groups(),
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, refusal_text(error))
        else:
            messages.success(request, f"Формирование снимка «{snapshot.title}» начато.")
            return redirect("archive_snapshot", snapshot.pk)
    return render(
        request,
        "archive/snapshot_new.html",
        {"form": form, "running": Snapshot.objects.filter(run_key=BUSY).first()},
    )


def _progress(snapshot: Snapshot) -> dict:
    # While a class is being written the bar says which one («Класс 3 из 40»);
    # once all are written, the last.
    current = snapshot.done if not snapshot.in_progress else snapshot.done + 1
    return {
        "snapshot": snapshot,
        "current": min(max(current, 0), snapshot.total),
        "percent": snapshot.percent,
    }


@login_required
def snapshot_detail(request, pk):
    snapshot = selectors.get_snapshot_for_user(request.user, pk)
    files = list(snapshot.files.select_related("document_type", "destruction_act"))
    by_group: dict[str, list] = {}
    for f in files:
        # Under its class's heading a file is named without the class folder.
        f.short_name = f.name.rsplit("/", 1)[-1]
        by_group.setdefault(f.group_name or "Вся организация", []).append(f)
    complete = snapshot.status == SnapshotStatus.COMPLETE
    return render(
        request,
        "archive/snapshot.html",
        {
            **_progress(snapshot),
            "groups": list(by_group.items()),
            "history": list(
                snapshot.changes.select_related("changed_by").order_by("changed_at", "pk")
            ),
            "moves": allowed(TRANSFER_MOVES, snapshot.transfer_status, request.user)
            if complete
            else [],
            "can_retry": snapshot.status == SnapshotStatus.FAILED
            and has_role(request.user, Role.DEPUTY),
            "has_act": complete and snapshot.transfer_status != TransferStatus.KEPT,
            "previous": Snapshot.objects.filter(number=snapshot.number - 1).first()
            if snapshot.number and snapshot.number > 1
            else None,
        },
    )


@login_required
def snapshot_progress(request, pk):
    """The progress block alone, for htmx to poll. Once the run is over the page is
    reloaded (HX-Refresh) to show the files or the reason of the failure."""
    snapshot = selectors.get_snapshot_for_user(request.user, pk)
    response = render(request, "archive/_progress.html", _progress(snapshot))
    if request.htmx and not snapshot.in_progress:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@login_required
def snapshot_retry(request, pk):
    snapshot = selectors.get_snapshot_for_user(request.user, pk)
    try:
        services.snapshot_retry(snapshot=snapshot, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, "Формирование снимка начато снова.")
    return redirect("archive_snapshot", snapshot.pk)


@require_POST
@login_required
def snapshot_transfer(request, pk):
    snapshot = selectors.get_snapshot_for_user(request.user, pk)
    take_move(
        request,
        form=transfer_form(request.POST),
        moves=TRANSFER_MOVES,
        status=snapshot.transfer_status,
        service=partial(services.snapshot_transition, snapshot=snapshot, actor=request.user),
    )
    return redirect("archive_snapshot", snapshot.pk)


def _record_export(user, what: str) -> None:
    """An archive copy leaving the system is a disclosure of the results it holds
    (001 §4.2): a row of the log, about no one learner, naming who took it."""
    roles = ", ".join(sorted(role.label for role in roles_of(user)))
    name = user.get_full_name() or user.username
    record_disclosure(
        actor=user,
        what=f"Архивная копия: {what}",
        recipient=f"{name} ({roles})" if roles else name,
        ground=DisclosureGround.ARCHIVE,
    )


@login_required
def file_download(request, pk):
    archive_file = selectors.get_archive_file_for_user(request.user, pk)
    if archive_file.destroyed_at is not None:
        raise Http404(
            f"Файл уничтожен {timezone.localtime(archive_file.destroyed_at):%d.%m.%Y} "
            f"по акту № {archive_file.destruction_act_id}."
        )
    if archive_file.snapshot.status != SnapshotStatus.COMPLETE:
        raise Http404("Снимок ещё не сформирован.")
    try:
        content = stored_bytes(archive_file.storage_name, sha256=archive_file.sha256)
    except Unavailable as reason:
        messages.error(request, f"«{archive_file.name}»: {reason}")
        return redirect("archive_snapshot", archive_file.snapshot_id)
    # The row of the log and the record of the download stand or fall together.
    with transaction.atomic():
        _record_export(request.user, f"{archive_file.snapshot}, файл «{archive_file.name}»")
        return logged_download(
            user=request.user,
            content=content,
            content_type=archive_file.content_type,
            filename=archive_file.name.rsplit("/", 1)[-1],
            kind=KIND_FILE,
            subject=archive_file,
        )


@login_required
def manifest_download(request, pk):
    snapshot = selectors.get_snapshot_for_user(request.user, pk)
    if snapshot.status != SnapshotStatus.COMPLETE:
        raise Http404("Снимок ещё не сформирован: манифеста нет.")
    try:
        content = stored_bytes(snapshot.manifest_name, sha256=snapshot.manifest_sha256)
    except Unavailable as reason:
        messages.error(request, f"Манифест: {reason}")
        return redirect("archive_snapshot", snapshot.pk)
    # The row of the log and the record of the download stand or fall together.
    with transaction.atomic():
        _record_export(request.user, f"{snapshot}, манифест")
        return logged_download(
            user=request.user,
            content=content,
            content_type="application/json",
            filename=f"Манифест снимка № {snapshot.number}.json",
            kind=KIND_MANIFEST,
            subject=snapshot,
        )


@login_required
def transfer_act(request, pk):
    snapshot = selectors.get_snapshot_for_user(request.user, pk)
    if snapshot.status != SnapshotStatus.COMPLETE or snapshot.handed_at is None:
        raise Http404("Акт приёма-передачи составляется, когда снимок передан в архив.")
    content = render_pdf(
        "archive/act_transfer.html",
        snapshot=snapshot,
        handed_at=timezone.localtime(snapshot.handed_at),
        accepted_at=timezone.localtime(snapshot.accepted_at) if snapshot.accepted_at else None,
    )
    return logged_download(
        user=request.user,
        content=content,
        content_type="application/pdf",
        filename=f"Акт приёма-передачи снимка № {snapshot.number}.pdf",
        kind=KIND_TRANSFER_ACT,
        subject=snapshot,
        as_attachment=request.GET.get("download") == "1",
    )
