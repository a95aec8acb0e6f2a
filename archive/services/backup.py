"""Backups of the archive (R-AR-3, 003 §6.3): the files and an export of the archive's
rows copied to every configured location, each copy verified against the manifests
and recorded; and the restore of the archive from such a copy into an empty
installation, verified like any archive.

A copy is a folder (or bucket) laid out like the archive storage: ``snapshots/…`` with
the same names, plus ``rows/archive-rows.json`` — what the database knew about the
snapshots, their files and the acts of destruction (docs/archive-schema.md). Copies are
incremental: a file already in the location with the same SHA-256 is not written again.
"""

import json
import logging
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.utils.dateparse import parse_date, parse_datetime

from archive import manifest
from archive.models import (
    ArchiveFile,
    Backup,
    BackupCopy,
    DestructionAct,
    RetentionRule,
    Snapshot,
    SnapshotStatus,
    Verification,
)
from archive.services.verification import archive_verify
from archive.storage import ALIAS, archive_storage, sha256_of, walk, write

log = logging.getLogger("uchet.archive")

SCHEMA = "uchet-archive-rows/1"
ROWS_NAME = "rows/archive-rows.json"
ROOT = "snapshots"
# How many mismatches a copy's error lists before «и ещё N»: the row stays readable.
ERRORS_SHOWN = 10

SNAPSHOT_FIELDS = (
    "number",
    "title",
    "period_ends_on",
    "whole_organisation",
    "group_names",
    "status",
    "started_by_name",
    "created_at",
    "finished_at",
    "software_version",
    "manifest_name",
    "manifest_sha256",
    "previous_sha256",
    "file_count",
    "total_size",
    "transfer_status",
    "handed_at",
    "handed_by_name",
    "accepted_at",
    "accepted_by_name",
)
FILE_FIELDS = (
    "name",
    "kind",
    "group_name",
    "keep_until",
    "content_type",
    "size",
    "sha256",
    "storage_name",
    "destroyed_at",
)
ACT_FIELDS = ("created_at", "status", "approved_at", "approved_by_name", "executed_at")
DATE_FIELDS = {"period_ends_on", "keep_until"}
DATETIME_FIELDS = {
    "created_at",
    "finished_at",
    "handed_at",
    "accepted_at",
    "destroyed_at",
    "approved_at",
    "executed_at",
}


class CopyFailed(Exception):
    """A copy that was written but does not match the archive; the message is Russian."""


# ----------------------------------------------------------------------------- export


def _plain(value):
    # Full isoformat (DjangoJSONEncoder would cut microseconds): the rows come back
    # exactly as they were, the manifest's own timestamps included.
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def rows_export() -> dict:
    """The archive's rows as a JSON-ready document: complete snapshots, their files,
    the acts of destruction and the chain head of the last verification."""
    with transaction.atomic():
        snapshots = list(Snapshot.objects.filter(status=SnapshotStatus.COMPLETE).order_by("number"))
        files = list(
            ArchiveFile.objects.filter(snapshot__in=snapshots)
            .select_related("document_type")
            .order_by("snapshot__number", "pk")
        )
        acts = list(DestructionAct.objects.prefetch_related("files").order_by("pk"))
        head = Verification.objects.exclude(head_number=None).order_by("-started_at", "-pk").first()
    return {
        "schema": SCHEMA,
        "software_version": settings.UCHET_VERSION,
        "snapshots": [
            {"pk": s.pk, **{f: _plain(getattr(s, f)) for f in SNAPSHOT_FIELDS}} for s in snapshots
        ],
        "files": [
            {
                "pk": f.pk,
                "snapshot": f.snapshot_id,
                "document_type": f.document_type.document_type if f.document_type_id else "",
                "destruction_act": f.destruction_act_id,
                **{name: _plain(getattr(f, name)) for name in FILE_FIELDS},
            }
            for f in files
        ],
        "destruction_acts": [
            {
                "pk": a.pk,
                "files": sorted(f.pk for f in a.files.all()),
                **{name: _plain(getattr(a, name)) for name in ACT_FIELDS},
            }
            for a in acts
        ],
        "last_verification": (
            {"head_number": head.head_number, "head_sha256": head.head_sha256}
            if head is not None
            else None
        ),
    }


def _rows_bytes(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


# ----------------------------------------------------------------------------- backup


def archive_backup(*, actor=None) -> Backup:
    """Copy the archive to every location of settings.ARCHIVE_BACKUP_STORAGES and
    verify each copy. One location failing is recorded and the others still get their
    copy; the Backup is ok only when every copy is."""
    source = archive_storage()
    document = rows_export()
    content = _rows_bytes(document)
    folders = tuple(f"{ROOT}/{s['pk']:06d}/" for s in document["snapshots"])
    # Only the folders of complete snapshots: a snapshot being written right now
    # would otherwise land half-made in the copy and show up as unknown files after
    # a restore. The export was taken first, so every file it lists is already there.
    names = sorted(n for n in walk(source, ROOT) if n.startswith(folders)) if folders else []
    backup = Backup.objects.create(created_by=actor, ok=False, files=len(names))
    copies = [
        _backup_to(backup, alias, source=source, names=names, document=document, content=content)
        for alias in settings.ARCHIVE_BACKUP_STORAGES
    ]
    # Marked ok only here, after every copy was verified: a run that dies midway
    # leaves a Backup that is not ok.
    if copies and all(c.ok for c in copies):
        backup.ok = True
        backup.save(update_fields=["ok"])
    return backup


def _backup_to(backup, alias, *, source, names, document, content) -> BackupCopy:
    copy = BackupCopy(backup=backup, location=alias)
    try:
        target = storages[alias]
        copy.location = _describe(target, alias)[:500]
        copy.files_copied = _copy_files(source, target, names, counter=copy)
        _remove_destroyed(target, document)
        write(target, ROWS_NAME, content)
        copy.files_verified = _verify_copy(target, document, content)
        copy.ok = True
    except InvalidStorageError:
        copy.error = f"Место хранения «{alias}» не описано в настройке STORAGES."
    except CopyFailed as error:
        copy.error = str(error)
    except OSError as error:
        copy.error = (
            f"Не удалось записать или прочитать копию в «{copy.location}» (нет места, нет "
            f"прав на запись или место хранения недоступно): {error}"
        )
    except Exception as error:
        # Remote storages (S3) raise their own exceptions, not OSError; whatever it
        # is, this location failed and the next one must still get its copy.
        log.exception("archive backup to %s failed", alias)
        copy.error = f"Ошибка при копировании в «{copy.location}»: {type(error).__name__}: {error}"
    copy.save()
    return copy


def _describe(storage, alias: str) -> str:
    if isinstance(storage, FileSystemStorage):
        return str(storage.location)
    return alias


def _copy_files(source, target, names, *, counter: BackupCopy) -> int:
    copied = 0
    for name in names:
        with source.open(name, "rb") as handle:
            content = handle.read()
        if target.exists(name) and sha256_of(target, name)[0] == manifest.sha256(content):
            continue
        write(target, name, content)
        copied += 1
        # Kept on the row as it goes: a failure further on still reports how far it got.
        counter.files_copied = copied
    return copied


def _remove_destroyed(target, document) -> None:
    """An act of destruction covers every copy of the file, so the destroyed files an
    earlier backup holds are deleted here too."""
    for row in document["files"]:
        if row["destroyed_at"] and target.exists(row["storage_name"]):
            target.delete(row["storage_name"])


def _verify_copy(target, document, content: bytes) -> int:
    """Every manifest and every kept file of the copy hashed against the rows; the
    rows file read back. Raises CopyFailed listing what differs; returns how many
    files were checked."""
    problems, verified = [], 0
    expected = [(s["manifest_name"], s["manifest_sha256"], None) for s in document["snapshots"]]
    expected += [
        (f["storage_name"], f["sha256"], f["size"])
        for f in document["files"]
        if not f["destroyed_at"]
    ]
    for name, digest, size in expected:
        try:
            found, found_size = sha256_of(target, name)
        except FileNotFoundError:
            problems.append(f"нет файла {name}")
            continue
        if found != digest or (size is not None and found_size != size):
            problems.append(f"файл {name} не совпадает с архивом (SHA-256)")
            continue
        verified += 1
    try:
        with target.open(ROWS_NAME, "rb") as handle:
            if manifest.sha256(handle.read()) != manifest.sha256(content):
                problems.append(f"файл {ROWS_NAME} прочитан не таким, каким записан")
    except FileNotFoundError:
        problems.append(f"нет файла {ROWS_NAME}")
    if problems:
        shown = "; ".join(problems[:ERRORS_SHOWN])
        more = len(problems) - ERRORS_SHOWN
        raise CopyFailed(
            f"Копия не совпадает с архивом ({len(problems)} расхождений): {shown}"
            + (f" и ещё {more}" if more > 0 else "")
            + ". Запустите проверку целостности архива."
        )
    return verified


# ---------------------------------------------------------------------------- restore


def archive_restore(*, alias: str | None = None, path: str | None = None) -> Verification:
    """Rebuild the archive from the copy in ``alias`` (an alias of settings.STORAGES)
    or in the folder ``path``, into an installation whose archive is empty, and verify
    it. Refuses (ValidationError) a non-empty archive or something that is not a copy."""
    copy = _copy_storage(alias=alias, path=path)
    _check_empty()
    document = _read_rows(copy)
    target = archive_storage()
    written: list[str] = []
    try:
        with transaction.atomic():
            _create_rows(document)
            _restore_files(copy, target, document, written)
            head = document.get("last_verification")
            if head and head.get("head_number") is not None:
                # The chain head the archive had: the next verification checks that
                # the newest snapshot of the copy is still there, as it would have.
                Verification.objects.create(
                    ok=True,
                    problems=[],
                    snapshots_checked=0,
                    head_number=head["head_number"],
                    head_sha256=head["head_sha256"],
                )
    except Exception as error:
        for name in written:
            try:
                target.delete(name)
            except OSError:
                log.exception("archive restore: removing %s after failure failed", name)
        if isinstance(error, ValidationError):
            raise
        if isinstance(error, OSError):
            raise ValidationError(
                f"Не удалось скопировать файлы из резервной копии в хранилище архива: "
                f"{error}. Архив не восстановлен, скопированные файлы удалены."
            ) from error
        if isinstance(error, KeyError | TypeError | ValueError | IntegrityError):
            raise ValidationError(
                f"Файл {ROWS_NAME} резервной копии повреждён: {type(error).__name__}: "
                f"{error}. Архив не восстановлен."
            ) from error
        raise
    return archive_verify()


def _copy_storage(*, alias: str | None, path: str | None):
    if (alias is None) == (path is None):
        raise ValidationError("Укажите одно: место хранения копии или папку с копией.")
    if path is not None:
        return FileSystemStorage(location=path)
    if alias == ALIAS:
        raise ValidationError("Хранилище архива не может быть источником своей же копии.")
    try:
        return storages[alias]
    except InvalidStorageError:
        raise ValidationError(
            f"Место хранения «{alias}» не описано в настройке STORAGES."
        ) from None


def _check_empty() -> None:
    found = []
    if Snapshot.objects.exists():
        found.append("снимки")
    if ArchiveFile.objects.exists():
        found.append("файлы архива")
    # Acts would collide with the restored ones by number.
    if DestructionAct.objects.exists():
        found.append("акты об уничтожении")
    try:
        stored = next(iter(walk(archive_storage(), ROOT)), None)
    except OSError as error:
        raise ValidationError(f"Хранилище архива не читается: {error}.") from error
    if stored is not None:
        found.append("файлы в хранилище архива")
    if found:
        raise ValidationError(
            "Архив восстанавливается только в пустую установку, а в этой уже есть: "
            + ", ".join(found)
            + ". Восстановление не выполнено."
        )


def _read_rows(copy) -> dict:
    try:
        with copy.open(ROWS_NAME, "rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise ValidationError(
            f"Это не резервная копия архива: в ней нет файла {ROWS_NAME}."
        ) from None
    except OSError as error:
        raise ValidationError(f"Резервная копия не читается: {error}.") from error
    try:
        document = json.loads(content.decode())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(f"Файл {ROWS_NAME} резервной копии не читается: {error}.") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ValidationError(
            f"Файл {ROWS_NAME} не является выгрузкой архива нужного вида (ожидается {SCHEMA})."
        )
    return document


def _restored(row: dict, fields) -> dict:
    values = {}
    for name in fields:
        value = row[name]
        if value is not None and name in DATE_FIELDS:
            value = parse_date(value)
        elif value is not None and name in DATETIME_FIELDS:
            value = parse_datetime(value)
        values[name] = value
    return values


def _create_rows(document: dict) -> None:
    snapshots = [
        Snapshot(
            pk=row["pk"],
            **_restored(row, SNAPSHOT_FIELDS),
            run_key=None,
            stage="Восстановлен из резервной копии",
        )
        for row in document["snapshots"]
    ]
    for snapshot in snapshots:
        # Only complete snapshots are exported; a row that says otherwise is refused
        # by the model's constraints anyway, this says why.
        snapshot.status = SnapshotStatus.COMPLETE
    Snapshot.objects.bulk_create(snapshots)
    acts = document.get("destruction_acts", [])
    DestructionAct.objects.bulk_create(
        DestructionAct(pk=row["pk"], **_restored(row, ACT_FIELDS[1:])) for row in acts
    )
    for row in acts:
        # created_at is auto_now_add: the insert stamped it with today, the act's date
        # is put back afterwards.
        DestructionAct.objects.filter(pk=row["pk"]).update(
            created_at=parse_datetime(row["created_at"])
        )
    rules = {r.document_type: r for r in RetentionRule.objects.all()}
    ArchiveFile.objects.bulk_create(
        ArchiveFile(
            pk=row["pk"],
            snapshot_id=row["snapshot"],
            document_type=rules.get(row["document_type"]),
            destruction_act_id=row["destruction_act"],
            **_restored(row, FILE_FIELDS),
        )
        for row in document["files"]
    )
    through = DestructionAct.files.through
    through.objects.bulk_create(
        through(destructionact_id=row["pk"], archivefile_id=file_pk)
        for row in acts
        for file_pk in row["files"]
    )
    _reset_sequences()


def _reset_sequences() -> None:
    # Rows were inserted with their own numbers: on PostgreSQL the sequences still
    # point at 1, and the next snapshot would collide with a restored one.
    statements = connection.ops.sequence_reset_sql(
        no_style(), [Snapshot, ArchiveFile, DestructionAct]
    )
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _restore_files(copy, target, document: dict, written: list[str]) -> None:
    destroyed = {f["storage_name"] for f in document["files"] if f["destroyed_at"]}
    for name in sorted(walk(copy, ROOT)):
        if name in destroyed:
            # Destroyed by an act: a copy made before the act may still hold it.
            continue
        with copy.open(name, "rb") as handle:
            content = handle.read()
        write(target, name, content)
        written.append(name)
