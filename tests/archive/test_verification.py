"""Verifying the archive (R-AR-2): a changed byte, a deleted file, an added file, a
replaced or removed snapshot — each is named."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from archive.models import ArchiveFile, Snapshot, SnapshotChange, Verification
from archive.services import archive_verify
from archive.services.verification import problem_text
from archive.storage import archive_storage, write
from tests.archive.conftest import make_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(archive_school, django_capture_on_commit_callbacks):
    """Three snapshots of the quarter, each of one class: a chain 1 → 2 → 3."""
    return [
        make_snapshot(archive_school, django_capture_on_commit_callbacks, groups=[group])
        for group in (archive_school.group_b, archive_school.group_b, archive_school.group_b)
    ]


def _codes(verification):
    return [(p["problem"], p["snapshot"], p["name"]) for p in verification.problems]


def test_verification_of_intact_archive_ok(chain):
    verification = archive_verify()
    assert (verification.ok, verification.snapshots_checked, verification.files_checked) == (
        True,
        3,
        12,
    )
    assert verification.problems == []
    assert (verification.head_number, verification.head_sha256) == (3, chain[2].manifest_sha256)


def test_verification_changed_byte_named(chain):
    storage = archive_storage()
    target = chain[1].files.get(kind="summary_pdf")
    with storage.open(target.storage_name, "rb") as handle:
        content = bytearray(handle.read())
    content[len(content) // 2] ^= 0x01
    write(storage, target.storage_name, bytes(content))
    verification = archive_verify()
    assert verification.ok is False
    assert _codes(verification) == [("file_changed", 2, target.name)]
    assert problem_text(verification.problems[0]) == (
        f"файл изменён (SHA-256 не совпадает); снимок № 2; {target.name}"
    )


def test_verification_deleted_file_named(chain):
    target = chain[0].files.get(kind="data")
    archive_storage().delete(target.storage_name)
    assert _codes(archive_verify()) == [("file_missing", 1, target.name)]


def test_verification_added_file_named(chain):
    storage = archive_storage()
    storage.save(f"snapshots/{chain[2].pk:06d}/extra.pdf", ContentFile(b"%PDF-1.7 stray"))
    assert _codes(archive_verify()) == [
        ("file_unknown", None, f"snapshots/{chain[2].pk:06d}/extra.pdf")
    ]


def test_verification_replaced_snapshot_named(chain, archive_school):
    # The middle snapshot rebuilt elsewhere and its files and manifest put in place of
    # the archived ones: the manifest's hash no longer matches the one recorded.
    storage = archive_storage()
    middle = chain[1]
    for f in middle.files.all():
        write(storage, f.storage_name, b"forged " + f.name.encode())
    with storage.open(middle.manifest_name, "rb") as handle:
        forged = handle.read().replace(b'"number": 2', b'"number": 2 ')
    write(storage, middle.manifest_name, forged)
    codes = _codes(archive_verify())
    assert codes[0] == ("manifest_changed", 2, middle.manifest_name)
    assert sorted(codes[1:]) == sorted(("file_changed", 2, f.name) for f in middle.files.all())


def test_verification_removed_snapshot_breaks_chain(chain):
    storage = archive_storage()
    middle = chain[1]
    for f in middle.files.all():
        storage.delete(f.storage_name)
    storage.delete(middle.manifest_name)
    SnapshotChange.objects.filter(snapshot=middle).delete()
    ArchiveFile.objects.filter(snapshot=middle).delete()
    Snapshot.objects.filter(pk=middle.pk).delete()
    assert _codes(archive_verify()) == [("chain_gap", 3, ""), ("chain_broken", 3, "")]


def test_verification_removed_last_snapshot_seen_by_next_run(chain):
    assert archive_verify().ok is True
    last = chain[2]
    storage = archive_storage()
    for f in last.files.all():
        storage.delete(f.storage_name)
    storage.delete(last.manifest_name)
    ArchiveFile.objects.filter(snapshot=last).delete()
    Snapshot.objects.filter(pk=last.pk).delete()
    assert _codes(archive_verify()) == [("chain_head_missing", 3, "")]


def test_verification_command_reports_and_fails(chain):
    archive_storage().delete(chain[0].files.get(kind="workbook").storage_name)
    with pytest.raises(CommandError) as failure:
        call_command("archive_verify")
    assert str(failure.value) == "Найдено нарушений: 1."
    assert Verification.objects.get().ok is False


def test_verification_command_intact(chain, capsys):
    call_command("archive_verify")
    assert capsys.readouterr().out == "Проверено снимков: 3, файлов: 12.\nАрхив цел.\n"
