"""Reads the archive's pages share. Every page of the archive is for its keepers only
(learners.access.keeps_archive); these assume the caller checked."""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from archive.models import (
    ArchiveFile,
    Backup,
    DestructionAct,
    DestructionStatus,
    Snapshot,
    SnapshotStatus,
    Verification,
)

VERIFICATION_MAX_AGE_DAYS = 31


def expired_files(*, today: date | None = None):
    """Files whose retention term has passed, not destroyed and not in an open act
    (a draft or an approved one)."""
    today = today or timezone.localdate()
    open_act = DestructionAct.objects.filter(
        files=OuterRef("pk"),
        status__in=[DestructionStatus.DRAFT, DestructionStatus.APPROVED],
    )
    return (
        ArchiveFile.objects.filter(
            keep_until__isnull=False,
            keep_until__lte=today,
            destroyed_at__isnull=True,
            snapshot__status=SnapshotStatus.COMPLETE,
        )
        .exclude(Exists(open_act))
        .select_related("snapshot", "document_type")
        .order_by("keep_until", "snapshot__number", "name")
    )


def snapshot_list():
    return Snapshot.objects.order_by("-created_at", "-pk")


def last_verification() -> Verification | None:
    return Verification.objects.order_by("-started_at", "-pk").first()


def last_backup() -> Backup | None:
    return Backup.objects.filter(ok=True).order_by("-created_at", "-pk").first()


def archive_warnings(*, today: date | None = None) -> list[str]:
    """What the deputy's start page warns about: a failed or stale verification, no
    backup since 25 January of this year (003 §6.3)."""
    today = today or timezone.localdate()
    warnings = []
    has_snapshots = Snapshot.objects.filter(status=SnapshotStatus.COMPLETE).exists()
    if not has_snapshots:
        return warnings
    verification = last_verification()
    if verification is None:
        warnings.append("Целостность архива ещё ни разу не проверялась.")
    elif not verification.ok:
        warnings.append(
            f"Последняя проверка целостности архива "
            f"({timezone.localtime(verification.started_at):%d.%m.%Y}) нашла нарушения."
        )
    elif (today - timezone.localdate(verification.started_at)).days > VERIFICATION_MAX_AGE_DAYS:
        warnings.append(
            "Целостность архива не проверялась больше месяца "
            f"(последняя проверка {timezone.localtime(verification.started_at):%d.%m.%Y})."
        )
    backup = last_backup()
    deadline = date(today.year, 1, 25)
    if backup is None:
        warnings.append("Резервная копия архива ещё ни разу не создавалась.")
    elif today >= deadline and timezone.localdate(backup.created_at) < deadline:
        warnings.append(
            f"С 25 января {today.year} года резервная копия архива не создавалась "
            f"(последняя — {timezone.localtime(backup.created_at):%d.%m.%Y})."
        )
    return warnings


def pending_acts():
    return DestructionAct.objects.filter(
        Q(status=DestructionStatus.DRAFT) | Q(status=DestructionStatus.APPROVED)
    )


# --- object lookups for the archive's pages (R-SEC-3) ------------------------------------
# The keepers (deputy, director, clerk) see every snapshot, file and act; anyone else
# is answered 404, so that not even the existence of an archive record shows.


def get_snapshot_for_user(user, pk) -> Snapshot:
    from learners.access import keeps_archive, refuse

    found = Snapshot.objects.filter(pk=pk).first() if keeps_archive(user) else None
    if found is None:
        raise refuse(user, "archive_snapshot", pk)
    return found


def get_archive_file_for_user(user, pk) -> ArchiveFile:
    from learners.access import keeps_archive, refuse

    found = (
        ArchiveFile.objects.select_related("snapshot", "destruction_act").filter(pk=pk).first()
        if keeps_archive(user)
        else None
    )
    if found is None:
        raise refuse(user, "archive_file", pk)
    return found


def get_act_for_user(user, pk) -> DestructionAct:
    from learners.access import keeps_archive, refuse

    found = (
        DestructionAct.objects.select_related("created_by").filter(pk=pk).first()
        if keeps_archive(user)
        else None
    )
    if found is None:
        raise refuse(user, "archive_destruction_act", pk)
    return found
