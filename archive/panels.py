"""The archive's panel of the overview (common/panels.py). Those answerable for the
archive (R-AR-2, R-AR-3) — the deputy and the director — see its warnings (a failed
or stale verification, no backup since 25 January) and the destruction acts waiting;
the clerk, who keeps it, sees the snapshots handed over for acceptance and the files
whose retention term has passed. A fixed number of queries."""

from django.template.loader import render_to_string

from archive import selectors
from archive.models import DestructionStatus, Snapshot, SnapshotStatus, TransferStatus
from common.panels import register
from learners.access import has_role
from learners.models import Role


def register_panels() -> None:
    register("overview", "archive", overview_archive, order=60)


def overview_archive(request) -> str:
    user = request.user
    answerable = has_role(user, Role.DEPUTY, Role.DIRECTOR)
    clerk = has_role(user, Role.CLERK)
    if not (answerable or clerk):
        return ""
    context = {"answerable": answerable, "clerk": clerk}
    if answerable:
        context["warnings"] = selectors.archive_warnings()
        # The director approves a drafted act (archive.views.retention).
        context["acts_to_approve"] = (
            selectors.pending_acts().filter(status=DestructionStatus.DRAFT).count()
            if has_role(user, Role.DIRECTOR)
            else 0
        )
    if clerk:
        context["handed"] = Snapshot.objects.filter(
            status=SnapshotStatus.COMPLETE, transfer_status=TransferStatus.HANDED
        ).count()
        context["expired"] = selectors.expired_files().count()
    waiting = (
        context.get("warnings")
        or context.get("acts_to_approve")
        or context.get("handed")
        or context.get("expired")
    )
    context["waiting"] = bool(waiting)
    return render_to_string("archive/panels/archive.html", context, request=request)
