"""Backups of the archive and the restore from them (R-AR-3): copies to both locations,
verified and incremental; a failing location recorded without stopping the other; a
restore into an empty installation that verifies, keeps the chain and lets the next
snapshot link onto it."""

import errno
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection

from archive.models import (
    ArchiveFile,
    Backup,
    BackupCopy,
    DestructionAct,
    DestructionChange,
    DestructionStatus,
    Snapshot,
    SnapshotChange,
    SnapshotStatus,
    Verification,
)
from archive.services import archive_verify, destruction_act_create, destruction_transition
from archive.services.backup import ROWS_NAME, SCHEMA, archive_backup, archive_restore
from archive.storage import archive_storage, sha256_of, walk
from tests.archive.conftest import make_snapshot

pytestmark = pytest.mark.django_db

BACKUPS = ("archive_backup_1", "archive_backup_2")


class DiskFillsStorage(FileSystemStorage):
    """A disk that fills up after two files: the third write fails as a full disk does."""

    saved = 0

    def _save(self, name, content):
        if self.saved == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.saved += 1
        return super()._save(name, content)


def stored_hashes(storage) -> dict[str, str]:
    return {name: sha256_of(storage, name)[0] for name in walk(storage, "snapshots")}


def wipe_archive() -> None:
    """The installation after the server was lost: no archive rows, no archive files.
    Files and changes first: they PROTECT their snapshot."""
    ArchiveFile.objects.all().delete()
    SnapshotChange.objects.all().delete()
    DestructionChange.objects.all().delete()
    DestructionAct.objects.all().delete()
    Verification.objects.all().delete()
    Snapshot.objects.all().delete()
    # A new installation's sequences start at 1 (PostgreSQL; SQLite follows the rows).
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [Snapshot, ArchiveFile, DestructionAct]
        ):
            cursor.execute(statement)
    storage = archive_storage()
    for name in list(walk(storage)):
        storage.delete(name)


def test_backup_copies_every_file_to_both_locations(snapshot):
    archive = stored_hashes(archive_storage())

    backup = archive_backup()

    copies = list(backup.copies.order_by("pk"))
    assert backup.ok is True
    assert backup.files == snapshot.file_count + 1
    assert [c.location for c in copies] == [storages[a].location for a in BACKUPS]
    for copy, alias in zip(copies, BACKUPS, strict=True):
        assert copy.ok is True
        assert copy.error == ""
        assert copy.files_copied == snapshot.file_count + 1
        assert copy.files_verified == snapshot.file_count + 1
        assert stored_hashes(storages[alias]) == archive
    assert len(archive) == snapshot.file_count + 1


def test_backup_exports_rows_of_the_archive(snapshot):
    archive_verify()

    archive_backup()

    with storages["archive_backup_1"].open(ROWS_NAME, "rb") as handle:
        document = json.loads(handle.read().decode())
    assert document["schema"] == SCHEMA
    assert [s["pk"] for s in document["snapshots"]] == [snapshot.pk]
    row = document["snapshots"][0]
    assert row["number"] == 1
    assert row["manifest_sha256"] == snapshot.manifest_sha256
    assert row["created_at"] == snapshot.created_at.isoformat()
    assert row["status"] == SnapshotStatus.COMPLETE
    assert sorted(f["pk"] for f in document["files"]) == sorted(
        snapshot.files.values_list("pk", flat=True)
    )
    assert {f["document_type"] for f in document["files"]} == {
        f.document_type.document_type for f in snapshot.files.select_related("document_type")
    }
    assert document["destruction_acts"] == []
    assert document["last_verification"] == {
        "head_number": 1,
        "head_sha256": snapshot.manifest_sha256,
    }


def test_backup_second_run_copies_nothing_and_is_ok(snapshot):
    archive_backup()

    again = archive_backup()

    assert again.ok is True
    assert [(c.files_copied, c.files_verified, c.ok) for c in again.copies.order_by("pk")] == [
        (0, snapshot.file_count + 1, True),
        (0, snapshot.file_count + 1, True),
    ]
    assert Backup.objects.filter(ok=True).count() == 2


def test_backup_location_unwritable_fails_that_copy_only(snapshot, settings, tmp_path):
    # A location whose parent is a regular file: no one, root included, can write there.
    blocker = tmp_path / "blocker"
    blocker.write_text("не папка")
    settings.STORAGES = {
        **settings.STORAGES,
        "archive_backup_1": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "backup")},
        },
    }

    backup = archive_backup()

    broken, good = backup.copies.order_by("pk")
    assert backup.ok is False
    assert broken.location == str(blocker / "backup")
    assert broken.ok is False
    assert broken.files_copied == 0
    assert broken.error.startswith("Не удалось записать или прочитать копию в «")
    assert good.ok is True
    assert good.files_copied == snapshot.file_count + 1
    assert Backup.objects.get().ok is False


def test_backup_copy_changed_after_writing_is_not_ok(snapshot):
    archive_backup()
    row = snapshot.files.order_by("pk").first()
    # The incremental copy sees the changed file, writes it again and verifies it.
    path = Path(storages["archive_backup_2"].location) / row.storage_name
    path.write_bytes(b"x" + path.read_bytes()[1:])

    again = archive_backup()

    assert again.ok is True
    assert [c.files_copied for c in again.copies.order_by("pk")] == [0, 1]
    assert sha256_of(storages["archive_backup_2"], row.storage_name)[0] == row.sha256


def test_restore_after_wipe_rebuilds_archive_that_verifies(
    archive_school, snapshot, django_capture_on_commit_callbacks
):
    archive_verify()
    archive_backup()
    before_files = stored_hashes(archive_storage())
    before_rows = sorted(ArchiveFile.objects.values_list("pk", "storage_name", "sha256", "size"))
    before_snapshots = list(
        Snapshot.objects.values_list(
            "pk", "number", "manifest_sha256", "previous_sha256", "title", "created_at"
        )
    )
    wipe_archive()

    verification = archive_restore(alias="archive_backup_2")

    assert verification.ok is True
    assert verification.problems == []
    assert verification.snapshots_checked == 1
    assert verification.files_checked == snapshot.file_count
    assert stored_hashes(archive_storage()) == before_files
    assert (
        sorted(ArchiveFile.objects.values_list("pk", "storage_name", "sha256", "size"))
        == before_rows
    )
    assert (
        list(
            Snapshot.objects.values_list(
                "pk", "number", "manifest_sha256", "previous_sha256", "title", "created_at"
            )
        )
        == before_snapshots
    )
    restored = Snapshot.objects.get()
    assert (restored.status, restored.run_key, restored.year_id, restored.period_id) == (
        SnapshotStatus.COMPLETE,
        None,
        None,
        None,
    )
    assert list(restored.groups.all()) == []
    assert Verification.objects.filter(snapshots_checked=0, head_number=1).count() == 1

    following = make_snapshot(archive_school, django_capture_on_commit_callbacks)

    assert following.status == SnapshotStatus.COMPLETE
    assert following.number == 2
    assert following.previous_sha256 == restored.manifest_sha256
    assert archive_verify().ok is True


def test_restore_with_destroyed_file_keeps_act_and_verifies(archive_school, snapshot):
    archive_backup()
    row = snapshot.files.order_by("name").first()
    ArchiveFile.objects.filter(pk=row.pk).update(keep_until=date(2027, 1, 1))
    act = destruction_act_create(actor=archive_school.clerk, files=[row], today=date(2030, 1, 1))
    destruction_transition(act=act, to=DestructionStatus.APPROVED, actor=archive_school.director)
    destruction_transition(act=act, to=DestructionStatus.EXECUTED, actor=archive_school.clerk)
    act.refresh_from_db()
    row.refresh_from_db()
    copy = storages["archive_backup_1"]
    assert copy.exists(row.storage_name)

    backup = archive_backup()

    assert backup.ok is True
    assert backup.files == snapshot.file_count
    # The act covers the copies too: the file the first backup held is gone from them.
    assert not copy.exists(row.storage_name)
    assert [c.files_verified for c in backup.copies.order_by("pk")] == [snapshot.file_count] * 2
    wipe_archive()

    verification = archive_restore(alias="archive_backup_1")

    assert verification.ok is True
    assert verification.files_checked == snapshot.file_count - 1
    restored_act = DestructionAct.objects.get()
    assert (
        restored_act.pk,
        restored_act.status,
        restored_act.created_at,
        restored_act.approved_at,
        restored_act.approved_by_name,
        restored_act.executed_at,
        restored_act.created_by_id,
    ) == (
        act.pk,
        DestructionStatus.EXECUTED,
        act.created_at,
        act.approved_at,
        act.approved_by_name,
        act.executed_at,
        None,
    )
    assert list(restored_act.files.values_list("pk", flat=True)) == [row.pk]
    restored_row = ArchiveFile.objects.get(pk=row.pk)
    assert (restored_row.destroyed_at, restored_row.destruction_act_id) == (
        row.destroyed_at,
        act.pk,
    )
    assert restored_row.document_type_id == row.document_type_id
    assert not archive_storage().exists(row.storage_name)


def test_restore_into_non_empty_archive_is_refused(snapshot):
    archive_backup()
    files = stored_hashes(archive_storage())

    with pytest.raises(ValidationError) as refused:
        archive_restore(alias="archive_backup_1")

    assert refused.value.messages == [
        "Архив восстанавливается только в пустую установку, а в этой уже есть: снимки, "
        "файлы архива, файлы в хранилище архива. Восстановление не выполнено."
    ]
    assert Snapshot.objects.count() == 1
    assert ArchiveFile.objects.count() == snapshot.file_count
    assert Verification.objects.count() == 0
    assert stored_hashes(archive_storage()) == files


def test_restore_from_folder_without_rows_is_refused(db, tmp_path):
    with pytest.raises(ValidationError) as refused:
        archive_restore(path=str(tmp_path / "empty"))

    assert refused.value.messages == [
        f"Это не резервная копия архива: в ней нет файла {ROWS_NAME}."
    ]


def test_restore_rows_of_other_schema_is_refused(db):
    location = Path(storages["archive_backup_1"].location)
    (location / "rows").mkdir(parents=True)
    (location / ROWS_NAME).write_text(json.dumps({"schema": "other/1"}))

    with pytest.raises(ValidationError) as refused:
        archive_restore(alias="archive_backup_1")

    assert refused.value.messages == [
        f"Файл {ROWS_NAME} не является выгрузкой архива нужного вида (ожидается {SCHEMA})."
    ]
    assert Snapshot.objects.count() == 0


def test_restore_tampered_copy_reports_file_changed(snapshot):
    archive_backup()
    row = snapshot.files.order_by("name").first()
    path = Path(storages["archive_backup_1"].location) / row.storage_name
    content = path.read_bytes()
    path.write_bytes(content[:-1] + bytes([content[-1] ^ 0xFF]))
    wipe_archive()

    verification = archive_restore(alias="archive_backup_1")

    assert verification.ok is False
    assert verification.problems == [
        {"problem": "file_changed", "snapshot": 1, "name": row.name, "detail": ""}
    ]


def test_restore_failing_copy_rolls_back_rows_and_files(snapshot, settings):
    archive_backup()
    wipe_archive()
    location = storages["archive"].location
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {
            "BACKEND": "tests.archive.test_backup.DiskFillsStorage",
            "OPTIONS": {"location": location},
        },
    }

    with pytest.raises(ValidationError) as refused:
        archive_restore(alias="archive_backup_1")

    assert refused.value.messages[0].startswith(
        "Не удалось скопировать файлы из резервной копии в хранилище архива: "
    )
    assert refused.value.messages[0].endswith("Архив не восстановлен, скопированные файлы удалены.")
    assert storages["archive"].saved == 2
    assert Snapshot.objects.count() == 0
    assert ArchiveFile.objects.count() == 0
    assert Verification.objects.count() == 0
    assert list(walk(storages["archive"], "snapshots")) == []


def test_backup_command_reports_both_locations(snapshot):
    out = _run("archive_backup")

    for alias in BACKUPS:
        assert f"{storages[alias].location}: скопировано файлов {snapshot.file_count + 1}" in out
    assert out.count("Копия проверена.") == 2
    assert "Резервная копия архива создана и проверена." in out
    assert BackupCopy.objects.filter(ok=True).count() == 2


def test_backup_command_with_failed_copy_exits_with_error(snapshot, settings, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("не папка")
    settings.STORAGES = {
        **settings.STORAGES,
        "archive_backup_2": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "backup")},
        },
    }

    with pytest.raises(CommandError) as failed:
        _run("archive_backup")

    assert str(failed.value) == "Копия не создана или не проверена в 1 из 2 мест."


def test_restore_command_after_wipe_prints_archive_intact(snapshot):
    archive_backup()
    wipe_archive()

    out = _run("archive_restore", "--from", "archive_backup_1")

    assert f"Восстановлено и проверено снимков: 1, файлов: {snapshot.file_count}." in out
    assert "Архив цел." in out


def test_restore_command_into_non_empty_archive_exits_with_error(snapshot):
    archive_backup()

    with pytest.raises(CommandError) as refused:
        _run("archive_restore", "--from", "archive_backup_1")

    assert str(refused.value).startswith("Архив восстанавливается только в пустую установку")


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
