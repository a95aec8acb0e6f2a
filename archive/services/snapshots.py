"""Making a period snapshot (R-AR-1): the deputy starts it, a background task writes
it one class at a time with progress, and only a run that wrote every file and the
manifest is marked complete. A run that fails or is killed leaves nothing marked
complete and can be started again; the run is idempotent (it clears what an earlier
attempt left and writes everything anew)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from achievements.models import Exemption, MarkKind, PeriodClosure, PeriodMark
from archive import manifest
from archive.collect import Scope, class_data
from archive.models import ArchiveFile, FileKind, RetentionRule, Snapshot, SnapshotStatus
from archive.models.snapshots import BUSY
from archive.storage import archive_storage, walk, write
from learners.access import has_role
from learners.models import Role, StudyGroup, StudyPeriod, TeachingAssignment

log = logging.getLogger("uchet.archive")

# Which line of the nomenclature (archive/migrations/0002) keeps each kind of file.
DOCUMENT_TYPES = {
    FileKind.WORKBOOK: "Электронный журнал успеваемости и посещаемости (классный журнал)",
    FileKind.JOURNAL_PDF: "Электронный журнал успеваемости и посещаемости (классный журнал)",
    FileKind.SUMMARY_PDF: "Сводные ведомости итоговых отметок обучающихся",
    FileKind.DATA: "Электронные носители со сведениями о результатах освоения "
    "образовательных программ",
}


def person_name(user) -> str:
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.full_name if staff is not None else (user.get_full_name() or user.username)


def snapshot_start(*, actor, year, period: StudyPeriod | None, groups) -> Snapshot:
    """Queue a snapshot of ``period`` (or, period None, of the whole ``year``) for
    ``groups`` — an iterable of classes, or None for the whole organisation. Refuses,
    with a message for the deputy, anything that cannot be archived yet."""
    if not has_role(actor, Role.DEPUTY):
        raise PermissionDenied("Снимок периода формирует заместитель директора.")
    if period is not None and period.year_id != year.pk:
        raise ValidationError("Выбранный период относится к другому учебному году.")
    whole = groups is None
    chosen = list(
        StudyGroup.objects.filter(year=year).order_by("grade", "name")
        if whole
        else StudyGroup.objects.filter(pk__in=[g.pk for g in groups], year=year).order_by(
            "grade", "name"
        )
    )
    if not chosen:
        raise ValidationError(
            "Не выбрано ни одного класса." if not whole else "В этом учебном году нет классов."
        )
    scope = Scope(year=year, period=period)
    _check_closed(scope, chosen)
    snapshot = Snapshot(
        year=year,
        period=period,
        title=scope.title,
        period_ends_on=scope.ends_on,
        whole_organisation=whole,
        group_names="\n".join(g.name for g in chosen),
        run_key=BUSY,
        total=len(chosen),
        stage="Ожидает начала",
        started_by=actor,
        started_by_name=person_name(actor),
    )
    try:
        with transaction.atomic():
            snapshot.save()
            snapshot.groups.set(chosen)
    except IntegrityError:
        running = Snapshot.objects.filter(run_key=BUSY).first()
        if running is None:
            # Not the one-run-at-a-time key: a real fault, not a message for the deputy.
            raise
        raise ValidationError(
            f"Уже формируется снимок «{running.title}». "
            "Дождитесь его окончания: одновременно формируется один снимок."
        ) from None
    _enqueue(snapshot)
    return snapshot


def _check_closed(scope: Scope, groups: list[StudyGroup]) -> None:
    """A snapshot freezes final results: every period it covers must be closed for
    every class, and for a year every learner must have a year mark."""
    periods = [scope.period] if scope.period else list(scope.year.periods.order_by("number"))
    if not periods:
        raise ValidationError("В учебном году нет учебных периодов.")
    closures = PeriodClosure.objects.in_force().filter(period__in=periods)
    closed = {(c.period_id, c.group_id) for c in closures}
    open_ones = []
    for group in groups:
        for period in periods:
            if (period.pk, None) not in closed and (period.pk, group.pk) not in closed:
                open_ones.append(f"{group.name} — {period.name}")
    if open_ones:
        raise ValidationError(
            "Снимок делается только по закрытому периоду. Не закрыты: "
            + _listing(open_ones)
            + ". Закройте период на странице «Закрытие периодов»."
        )
    if scope.period is None:
        _check_year_marks(scope, groups)


def _check_year_marks(scope: Scope, groups: list[StudyGroup]) -> None:
    from archive.collect import _roster

    missing = []
    marks = {
        (m.learner_id, m.subject_id)
        for m in PeriodMark.objects.filter(
            year=scope.year, kind=MarkKind.YEAR, learner__enrollments__group__in=groups
        ).exclude(value="")
    }
    exempt = {
        (e.learner_id, e.subject_id)
        for e in Exemption.objects.filter(starts_on__lte=scope.ends_on, ends_on__isnull=True)
    }
    assignments = {}
    for assignment in TeachingAssignment.objects.filter(group__in=groups):
        assignments.setdefault(assignment.group_id, set()).add(assignment.subject_id)
    for group in groups:
        for enrollment in _roster(group, scope):
            if enrollment.ended_on and enrollment.ended_on < scope.ends_on:
                continue
            for subject_id in assignments.get(group.pk, ()):
                key = (enrollment.learner_id, subject_id)
                if key not in marks and key not in exempt:
                    missing.append(group.name)
                    break
            if missing and missing[-1] == group.name:
                break
    if missing:
        raise ValidationError(
            "Годовые отметки выставлены не всем обучающимся. Классы: " + _listing(missing) + "."
        )


def _listing(items: list[str], limit: int = 10) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" и ещё {len(items) - limit}" if len(items) > limit else "")


def snapshot_retry(*, snapshot: Snapshot, actor) -> Snapshot:
    """Start a failed snapshot again."""
    if not has_role(actor, Role.DEPUTY):
        raise PermissionDenied("Снимок периода формирует заместитель директора.")
    try:
        with transaction.atomic():
            locked = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
            if locked.status != SnapshotStatus.FAILED:
                raise ValidationError("Повторить можно только снимок, который не сформирован.")
            locked.status, locked.run_key = SnapshotStatus.QUEUED, BUSY
            locked.stage, locked.done, locked.error = "Ожидает начала", 0, ""
            locked.heartbeat_at = None
            locked.save()
    except IntegrityError:
        if not Snapshot.objects.filter(run_key=BUSY).exists():
            raise
        raise ValidationError("Уже формируется другой снимок. Дождитесь его окончания.") from None
    _enqueue(locked)
    return locked


def _enqueue(snapshot: Snapshot) -> None:
    from archive.tasks import snapshot_build_task

    def enqueue():
        result = snapshot_build_task.enqueue(snapshot.pk)
        Snapshot.objects.filter(pk=snapshot.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)


def snapshot_build(*, snapshot_id: int) -> None:
    """Write the snapshot's files class by class, then its manifest, then mark it
    complete — all or nothing. Any error marks the run failed with its reason (in
    Russian, for the deputy) and removes what it wrote; the error is raised again so
    the worker records the task as failed."""
    with transaction.atomic():
        snapshot = Snapshot.objects.select_for_update().filter(pk=snapshot_id).first()
        if snapshot is None or snapshot.status != SnapshotStatus.QUEUED:
            # Running, complete or reaped already: a second delivery of the task does
            # nothing (a retry queues the snapshot again and enqueues a new task).
            return
        snapshot.status, snapshot.attempts = SnapshotStatus.RUNNING, snapshot.attempts + 1
        snapshot.heartbeat_at, snapshot.stage, snapshot.done = timezone.now(), "Начало", 0
        snapshot.save()
    storage = archive_storage()
    try:
        _clear(snapshot, storage)
        _write_classes(snapshot, storage)
        _finish(snapshot, storage)
    except Exception as error:
        _fail(snapshot, storage, error)
        raise


def _clear(snapshot: Snapshot, storage) -> None:
    """Remove whatever an earlier attempt of this snapshot left."""
    ArchiveFile.objects.filter(snapshot=snapshot).delete()
    for name in list(walk(storage, _folder(snapshot))):
        storage.delete(name)


def _folder(snapshot: Snapshot) -> str:
    return f"snapshots/{snapshot.pk:06d}"


def _write_classes(snapshot: Snapshot, storage) -> None:
    from archive.exports import class_files

    scope = Scope(year=snapshot.year, period=snapshot.period)
    rules = {r.document_type: r for r in RetentionRule.objects.all()}
    groups = list(snapshot.groups.order_by("grade", "name"))
    for index, group in enumerate(groups, start=1):
        _progress(snapshot, done=index - 1, stage=f"Класс {group.name}: {index} из {len(groups)}")
        data = class_data(scope=scope, group=group)
        rows = []
        for position, exported in enumerate(class_files(data), start=1):
            storage_name = f"{_folder(snapshot)}/{group.pk:06d}-{position}{_extension(exported)}"
            write(storage, storage_name, exported.content)
            rule = rules.get(DOCUMENT_TYPES.get(exported.kind, ""))
            rows.append(
                ArchiveFile(
                    snapshot=snapshot,
                    name=f"{group.name}/{exported.name}",
                    kind=exported.kind,
                    group=group,
                    group_name=group.name,
                    document_type=rule,
                    keep_until=_keep_until(snapshot, rule),
                    content_type=exported.content_type,
                    size=len(exported.content),
                    sha256=manifest.sha256(exported.content),
                    storage_name=storage_name,
                )
            )
        ArchiveFile.objects.bulk_create(rows)
        # Release what the class held before the next one is read.
        del data, rows
    _progress(snapshot, done=len(groups), stage="Манифест и контрольные суммы")


def _extension(exported) -> str:
    dot = exported.name.rfind(".")
    return exported.name[dot:] if dot > 0 else ""


def _keep_until(snapshot: Snapshot, rule: RetentionRule | None):
    """Archival terms run from 1 January of the year after the records were closed."""
    from archive.models import RetentionTerm

    if rule is None or rule.term != RetentionTerm.YEARS:
        return None
    return snapshot.period_ends_on.replace(
        year=snapshot.period_ends_on.year + 1 + rule.years, month=1, day=1
    )


class Superseded(Exception):
    """This run was reaped (its worker looked dead) and the snapshot may be running
    again elsewhere: the run stops and touches nothing of it."""


def _ours(snapshot: Snapshot):
    """The snapshot's row while this run (its attempt) is the one running it."""
    return Snapshot.objects.filter(
        pk=snapshot.pk, status=SnapshotStatus.RUNNING, attempts=snapshot.attempts
    )


def _progress(snapshot: Snapshot, *, done: int, stage: str) -> None:
    if not _ours(snapshot).update(done=done, stage=stage[:300], heartbeat_at=timezone.now()):
        raise Superseded


def _finish(snapshot: Snapshot, storage) -> None:
    with transaction.atomic():
        locked = _ours(snapshot).select_for_update().first()
        if locked is None:
            raise Superseded
        previous = (
            Snapshot.objects.filter(status=SnapshotStatus.COMPLETE).order_by("-number").first()
        )
        files = list(locked.files.order_by("name"))
        locked.number = (previous.number if previous else 0) + 1
        locked.finished_at = timezone.now()
        locked.previous_sha256 = previous.manifest_sha256 if previous else ""
        content = manifest.manifest_bytes(
            snapshot=locked, files=files, previous_sha256=locked.previous_sha256
        )
        locked.manifest_name = f"{_folder(locked)}/manifest.json"
        write(storage, locked.manifest_name, content)
        locked.manifest_sha256 = manifest.sha256(content)
        locked.status, locked.run_key = SnapshotStatus.COMPLETE, None
        locked.done, locked.stage = locked.total, "Готово"
        locked.software_version = settings.UCHET_VERSION
        locked.file_count = len(files)
        locked.total_size = sum(f.size for f in files)
        locked.heartbeat_at = timezone.now()
        locked.save()


def _fail(snapshot: Snapshot, storage, error: Exception) -> None:
    if isinstance(error, Superseded) or not _ours(snapshot).exists():
        log.warning("archive snapshot %s: attempt %s superseded", snapshot.pk, snapshot.attempts)
        return
    log.exception("archive snapshot %s failed", snapshot.pk)
    reason = _reason(error)
    try:
        _clear(snapshot, storage)
    except Exception:
        log.exception("archive snapshot %s: cleaning after failure failed", snapshot.pk)
    _ours(snapshot).update(
        status=SnapshotStatus.FAILED,
        run_key=None,
        error=reason,
        stage="Ошибка",
        heartbeat_at=timezone.now(),
    )


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return (
            "Не удалось записать файлы в хранилище архива (нет места на диске или нет "
            f"прав на запись): {error}"
        )[:2000]
    return f"Ошибка при формировании снимка: {type(error).__name__}: {error}"[:2000]


def snapshots_reap(*, minutes: int | None = None, now=None) -> list[Snapshot]:
    """Fail runs with no sign of work for ``minutes``: a worker killed outright never
    reports, and its run would otherwise block every later snapshot. The task row a
    database worker left RUNNING is failed too."""
    minutes = settings.ARCHIVE_REAP_AFTER_MINUTES if minutes is None else minutes
    cutoff = (now or timezone.now()) - timedelta(minutes=minutes)
    reaped = []
    for snapshot in Snapshot.objects.filter(
        status__in=[SnapshotStatus.QUEUED, SnapshotStatus.RUNNING]
    ):
        last_sign = snapshot.heartbeat_at or snapshot.created_at
        if last_sign >= cutoff:
            continue
        with transaction.atomic():
            updated = Snapshot.objects.filter(
                pk=snapshot.pk,
                status__in=[SnapshotStatus.QUEUED, SnapshotStatus.RUNNING],
                heartbeat_at=snapshot.heartbeat_at,
            ).update(
                status=SnapshotStatus.FAILED,
                run_key=None,
                stage="Прервано",
                error=f"Формирование прервано: нет признаков работы больше {minutes} мин "
                "(процесс остановлен). Запустите снимок снова.",
            )
        if updated:
            _fail_task_row(snapshot.task_id)
            _clear(snapshot, archive_storage())
            reaped.append(snapshot)
    return reaped


def _fail_task_row(task_id: str) -> None:
    from django.apps import apps

    if not task_id or not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    result = DBTaskResult.objects.filter(pk=task_id, status="RUNNING").first()
    if result is not None:
        result.set_failed(RuntimeError("reaped: the worker stopped without reporting"))
