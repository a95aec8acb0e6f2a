"""The archive of the demo school: a snapshot of the class the demo accounts share
(7А) for the last closed quarter, handed by the deputy to the clerk, so that the clerk
finds something to accept and the deputy sees a whole archive at once. Written the way
the worker writes any snapshot (``snapshot_build``), only at once."""

from datetime import date

from django.contrib.auth import get_user_model

from achievements.models import PeriodClosure
from archive.collect import Scope
from archive.models import Snapshot, SnapshotStatus, TransferStatus
from archive.models.snapshots import BUSY
from archive.services.snapshots import person_name, snapshot_build
from archive.services.transfer import snapshot_transition
from learners.models import Role, StudyGroup

DEMO_CLASS = "7А"


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    closure = (
        PeriodClosure.objects.in_force()
        .filter(group__isnull=True, period__ends_on__lt=today)
        .select_related("period__year")
        .order_by("-period__ends_on")
        .first()
    )
    User = get_user_model()
    deputy = User.objects.filter(groups__name=Role.DEPUTY.label).order_by("pk").first()
    group = (
        StudyGroup.objects.filter(year=closure.period.year, name=DEMO_CLASS).first()
        if closure
        else None
    )
    if closure is None or deputy is None or group is None:
        return {"snapshots": 0}
    scope = Scope(year=closure.period.year, period=closure.period)
    snapshot = Snapshot.objects.create(
        year=scope.year,
        period=scope.period,
        title=scope.title,
        period_ends_on=scope.ends_on,
        group_names=group.name,
        run_key=BUSY,
        total=1,
        started_by=deputy,
        started_by_name=person_name(deputy),
    )
    snapshot.groups.set([group])
    snapshot_build(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    if snapshot.status == SnapshotStatus.COMPLETE:
        snapshot_transition(snapshot=snapshot, to=TransferStatus.HANDED, actor=deputy)
    return {"snapshots": 1}
