"""The transfer of a snapshot to the archive (000 §6.7, R-AR-5): the one transition
service of the edge table in archive/workflow.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from archive.models import Snapshot, SnapshotChange, SnapshotStatus, TransferStatus
from archive.services.snapshots import person_name
from archive.workflow import TRANSFER_MOVES
from learners.access import has_role


@transaction.atomic
def snapshot_transition(*, snapshot: Snapshot, to: str, actor, comment: str = "") -> Snapshot:
    locked = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
    move = TRANSFER_MOVES.get((locked.transfer_status, to))
    if move is None or locked.status != SnapshotStatus.COMPLETE:
        raise ValidationError(
            f"Снимок сейчас в состоянии «{locked.get_transfer_status_display()}»: "
            "этот шаг невозможен. Обновите страницу."
        )
    if not has_role(actor, move.role):
        raise PermissionDenied(f"Этот шаг делает {move.role.label.lower()}.")
    comment = (comment or "").strip()
    if move.needs_comment and not comment:
        raise ValidationError("Укажите причину: без неё снимок не возвращается.")
    old = locked.transfer_status
    locked.transfer_status = to
    now = timezone.now()
    if to == TransferStatus.HANDED:
        locked.handed_at, locked.handed_by_name = now, person_name(actor)
        locked.accepted_at, locked.accepted_by_name = None, ""
    elif to == TransferStatus.ACCEPTED:
        locked.accepted_at, locked.accepted_by_name = now, person_name(actor)
    else:
        locked.handed_at, locked.handed_by_name = None, ""
    locked.save()
    SnapshotChange.objects.create(
        snapshot=locked, changed_by=actor, old_status=old, new_status=to, comment=comment[:500]
    )
    return locked
