"""Destruction of files past their retention term (R-AR-4): the clerk draws up an act
of what has expired, the director approves it (or not), and only then the clerk
destroys the files. The act, the files' rows and the manifests stay: verification
knows each destroyed file's act, and the chain still holds."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from archive.models import ArchiveFile, DestructionAct, DestructionChange, DestructionStatus
from archive.selectors import expired_files
from archive.services.snapshots import person_name
from archive.storage import archive_storage
from archive.workflow import DESTRUCTION_MOVES
from learners.access import has_role
from learners.models import Role


@transaction.atomic
def destruction_act_create(*, actor, files, today=None) -> DestructionAct:
    """An act for ``files``, each of which must have passed its term and not be in
    another open act."""
    if not has_role(actor, Role.CLERK, Role.DEPUTY):
        raise PermissionDenied("Акт о выделении к уничтожению составляет делопроизводитель.")
    wanted = {f.pk for f in files}
    if not wanted:
        raise ValidationError("Отметьте файлы, срок хранения которых истёк.")
    allowed = set(expired_files(today=today).values_list("pk", flat=True))
    if wanted - allowed:
        raise ValidationError(
            "Часть отмеченных файлов ещё хранится по сроку, уже уничтожена или включена в "
            "другой акт. Обновите страницу."
        )
    act = DestructionAct.objects.create(created_by=actor)
    act.files.set(ArchiveFile.objects.filter(pk__in=wanted))
    DestructionChange.objects.create(
        act=act,
        changed_by=actor,
        old_status=DestructionStatus.DRAFT,
        new_status=DestructionStatus.DRAFT,
        comment=f"Составлен: файлов {len(wanted)}",
    )
    return act


def destruction_transition(*, act: DestructionAct, to: str, actor, comment: str = ""):
    with transaction.atomic():
        locked = DestructionAct.objects.select_for_update().get(pk=act.pk)
        move = DESTRUCTION_MOVES.get((locked.status, to))
        if move is None:
            raise ValidationError(
                f"Акт сейчас в состоянии «{locked.get_status_display()}»: этот шаг невозможен."
            )
        if not has_role(actor, move.role):
            if to == DestructionStatus.EXECUTED:
                raise PermissionDenied("Файлы уничтожает делопроизводитель по утверждённому акту.")
            raise PermissionDenied("Акт о выделении к уничтожению утверждает директор.")
        comment = (comment or "").strip()
        if move.needs_comment and not comment:
            raise ValidationError("Укажите причину.")
        old, now = locked.status, timezone.now()
        locked.status = to
        if to == DestructionStatus.APPROVED:
            locked.approved_at, locked.approved_by_name = now, person_name(actor)
        if to == DestructionStatus.EXECUTED:
            locked.executed_at = now
            files = list(locked.files.select_for_update().filter(destroyed_at__isnull=True))
            ArchiveFile.objects.filter(pk__in=[f.pk for f in files]).update(
                destroyed_at=now, destruction_act=locked
            )
        locked.save()
        DestructionChange.objects.create(
            act=locked, changed_by=actor, old_status=old, new_status=to, comment=comment[:500]
        )
    if to == DestructionStatus.EXECUTED:
        # The bytes go only once the act's rows are committed: a failure here leaves
        # a file the verification reports as destroyed-but-present, never the reverse.
        storage = archive_storage()
        for f in files:
            if storage.exists(f.storage_name):
                storage.delete(f.storage_name)
    return locked
