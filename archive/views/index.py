"""The archive's start page, its verification and backup buttons, and the log of
what was downloaded from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from archive import selectors, services
from archive.models import (
    Backup,
    RetentionRule,
    Snapshot,
    SnapshotStatus,
    TransferStatus,
)
from archive.views.common import (
    KIND_NAMES,
    keepers_only,
    problem_lines,
)
from common.models import DocumentDownload
from common.paging import paginate
from learners.access import has_role
from learners.models import Role


@keepers_only
def index(request):
    user = request.user
    page = paginate(request, selectors.snapshot_list())
    verification = selectors.last_verification()
    problems, more = problem_lines(verification)
    clerk = has_role(user, Role.CLERK)
    return render(
        request,
        "archive/index.html",
        {
            "page": page,
            "snapshots": list(page.object_list),
            "waiting": list(
                Snapshot.objects.filter(
                    status=SnapshotStatus.COMPLETE, transfer_status=TransferStatus.HANDED
                ).order_by("number")
            )
            if clerk
            else [],
            "warnings": selectors.archive_warnings(),
            "verification": verification,
            "problems": problems,
            "more_problems": more,
            # The latest attempt, failed or not, with each place's result; and the
            # latest one that succeeded, which is what the 25 January rule counts.
            "backup": Backup.objects.prefetch_related("copies")
            .order_by("-created_at", "-pk")
            .first(),
            "good_backup": selectors.last_backup(),
            "unconfirmed": RetentionRule.objects.filter(confirmed_at__isnull=True).count(),
            "expired": selectors.expired_files().count(),
            "open_acts": selectors.pending_acts().count(),
            "is_deputy": has_role(user, Role.DEPUTY),
            "sees_log": has_role(user, Role.DEPUTY, Role.DIRECTOR),
        },
    )


@require_POST
@keepers_only
def verify(request):
    verification = services.archive_verify(actor=request.user)
    if verification.ok:
        messages.success(
            request,
            f"Архив цел: проверено снимков — {verification.snapshots_checked}, "
            f"файлов — {verification.files_checked}.",
        )
    else:
        messages.error(
            request,
            f"Проверка целостности нашла нарушения: {len(verification.problems)}. "
            "Список — в разделе «Проверка целостности».",
        )
    return redirect("archive_index")


@require_POST
@keepers_only
def backup(request):
    if not has_role(request.user, Role.DEPUTY):
        raise PermissionDenied("Резервную копию архива создаёт заместитель директора.")
    try:
        from archive.services.backup import archive_backup
    except ImportError:
        messages.error(request, "Резервное копирование архива ещё не настроено.")
        return redirect("archive_index")
    made = archive_backup(actor=request.user)
    if made.ok:
        messages.success(
            request,
            f"Резервная копия создана и проверена во всех местах хранения: файлов — {made.files}.",
        )
    else:
        messages.error(
            request,
            "Резервная копия создана не во всех местах хранения: причины — в разделе "
            "«Резервные копии».",
        )
    return redirect("archive_index")


@login_required
def downloads(request):
    if not has_role(request.user, Role.DEPUTY, Role.DIRECTOR):
        raise PermissionDenied("Журнал скачиваний архива ведут заместитель директора и директор.")
    page = paginate(
        request,
        DocumentDownload.objects.filter(kind__startswith="archive_")
        .select_related("user")
        .order_by("-downloaded_at", "-pk"),
    )
    rows = [(row, KIND_NAMES.get(row.kind, row.kind)) for row in page.object_list]
    return render(request, "archive/downloads.html", {"page": page, "rows": rows})
