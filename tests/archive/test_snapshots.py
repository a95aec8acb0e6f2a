"""Making a period snapshot (R-AR-1): what is refused, what a complete run leaves, a
failed or killed run, a retry."""

import errno
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage
from django.db.models import F
from django.utils import timezone

from achievements.models import MarkKind
from archive import manifest
from archive.models import ArchiveFile, FileKind, Snapshot, SnapshotStatus
from archive.models.snapshots import BUSY
from archive.services import snapshot_build, snapshot_retry, snapshot_start, snapshots_reap
from archive.services.snapshots import Superseded
from archive.storage import archive_storage, sha256_of, walk
from tests.achievements.factories import PeriodClosureFactory, PeriodMarkFactory
from tests.archive.conftest import build_archive_school, make_snapshot

pytestmark = pytest.mark.django_db


def test_snapshot_of_open_period_refused(django_capture_on_commit_callbacks):
    archive = build_archive_school(close=False)
    with pytest.raises(ValidationError) as refusal:
        snapshot_start(
            actor=archive.deputy, year=archive.period.year, period=archive.period, groups=None
        )
    assert refusal.value.messages == [
        "Снимок делается только по закрытому периоду. Не закрыты: 5А — 1-я четверть, "
        "5Б — 1-я четверть. Закройте период на странице «Закрытие периодов»."
    ]
    assert Snapshot.objects.count() == 0


def test_snapshot_of_class_closed_alone_accepted(django_capture_on_commit_callbacks):
    archive = build_archive_school(close=False)
    PeriodClosureFactory(period=archive.period, group=archive.group_b)
    snapshot = make_snapshot(archive, django_capture_on_commit_callbacks, groups=[archive.group_b])
    assert (snapshot.status, snapshot.group_names, snapshot.whole_organisation) == (
        SnapshotStatus.COMPLETE,
        "5Б",
        False,
    )


def test_snapshot_of_no_classes_refused(archive_school):
    with pytest.raises(ValidationError) as refusal:
        snapshot_start(
            actor=archive_school.deputy,
            year=archive_school.period.year,
            period=archive_school.period,
            groups=[],
        )
    assert refusal.value.messages == ["Не выбрано ни одного класса."]
    assert Snapshot.objects.count() == 0


def test_snapshot_twice_at_once_refused(archive_school, django_capture_on_commit_callbacks):
    first = snapshot_start(
        actor=archive_school.deputy,
        year=archive_school.period.year,
        period=archive_school.period,
        groups=None,
    )
    with pytest.raises(ValidationError) as refusal:
        snapshot_start(
            actor=archive_school.deputy,
            year=archive_school.period.year,
            period=archive_school.period,
            groups=[archive_school.group_a],
        )
    assert refusal.value.messages == [
        "Уже формируется снимок «1-я четверть, 2026/2027». Дождитесь его окончания: "
        "одновременно формируется один снимок."
    ]
    assert list(Snapshot.objects.values_list("pk", "run_key")) == [(first.pk, BUSY)]


def test_snapshot_by_teacher_refused(archive_school):
    with pytest.raises(PermissionDenied):
        snapshot_start(
            actor=archive_school.teacher,
            year=archive_school.period.year,
            period=archive_school.period,
            groups=None,
        )
    assert Snapshot.objects.count() == 0


def test_snapshot_complete_lists_every_file_with_hash(snapshot):
    storage = archive_storage()
    files = list(snapshot.files.order_by("name"))
    assert (snapshot.status, snapshot.number, snapshot.done, snapshot.total) == (
        SnapshotStatus.COMPLETE,
        1,
        2,
        2,
    )
    assert snapshot.percent == 100
    assert snapshot.run_key is None
    assert len(files) == 8
    assert sorted({f.group_name for f in files}) == ["5А", "5Б"]
    assert sorted(f.kind for f in files if f.group_name == "5А") == sorted(FileKind.values)
    for f in files:
        assert sha256_of(storage, f.storage_name) == (f.sha256, f.size)
    assert snapshot.file_count == 8
    assert snapshot.total_size == sum(f.size for f in files)
    with storage.open(snapshot.manifest_name, "rb") as handle:
        content = handle.read()
    assert manifest.sha256(content) == snapshot.manifest_sha256
    document = manifest.parse(content)
    assert document["previous_manifest_sha256"] == ""
    assert [entry["name"] for entry in document["files"]] == [f.name for f in files]
    assert [entry["sha256"] for entry in document["files"]] == [f.sha256 for f in files]
    assert document["snapshot"]["groups"] == ["5А", "5Б"]
    assert document["snapshot"]["title"] == "1-я четверть, 2026/2027"


def test_snapshot_second_chains_onto_first(archive_school, django_capture_on_commit_callbacks):
    first = make_snapshot(archive_school, django_capture_on_commit_callbacks)
    second = make_snapshot(
        archive_school, django_capture_on_commit_callbacks, groups=[archive_school.group_a]
    )
    assert (second.number, second.previous_sha256) == (2, first.manifest_sha256)
    with archive_storage().open(second.manifest_name, "rb") as handle:
        assert manifest.parse(handle.read())["previous_manifest_sha256"] == first.manifest_sha256


def test_snapshot_keeps_files_by_nomenclature(snapshot):
    kept = {
        f.kind: (f.document_type.document_type, f.keep_until)
        for f in snapshot.files.filter(group_name="5А").select_related("document_type")
    }
    assert kept[FileKind.SUMMARY_PDF] == (
        "Сводные ведомости итоговых отметок обучающихся",
        timezone.datetime(2052, 1, 1).date(),
    )
    assert kept[FileKind.JOURNAL_PDF][1] == timezone.datetime(2032, 1, 1).date()
    assert kept[FileKind.DATA][1] is None


class FullDiskStorage(FileSystemStorage):
    """A disk that fills up after four files: the first class is written whole, the
    second fails halfway."""

    written = 0

    def _save(self, name, content):
        if type(self).written >= 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        type(self).written += 1
        return super()._save(name, content)


def _fill_disk(settings):
    FullDiskStorage.written = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {**settings.STORAGES["archive"], "BACKEND": f"{__name__}.FullDiskStorage"},
    }


def _start(archive):
    return snapshot_start(
        actor=archive.deputy, year=archive.period.year, period=archive.period, groups=None
    )


def test_snapshot_failing_halfway_leaves_nothing_complete(
    archive_school, django_capture_on_commit_callbacks, settings
):
    _fill_disk(settings)
    with django_capture_on_commit_callbacks(execute=True):
        _start(archive_school)
    snapshot = Snapshot.objects.get()
    assert (snapshot.status, snapshot.number, snapshot.run_key, snapshot.manifest_sha256) == (
        SnapshotStatus.FAILED,
        None,
        None,
        "",
    )
    assert snapshot.error == (
        "Не удалось записать файлы в хранилище архива (нет места на диске или нет прав на "
        "запись): [Errno 28] No space left on device"
    )
    assert ArchiveFile.objects.count() == 0
    assert list(walk(archive_storage(), "snapshots")) == []


def test_snapshot_failed_then_retried_completes(
    archive_school, django_capture_on_commit_callbacks, settings
):
    good = dict(settings.STORAGES["archive"])
    _fill_disk(settings)
    with django_capture_on_commit_callbacks(execute=True):
        _start(archive_school)
    settings.STORAGES = {**settings.STORAGES, "archive": good}
    failed = Snapshot.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_retry(snapshot=failed, actor=archive_school.deputy)
    failed.refresh_from_db()
    assert (failed.status, failed.number, failed.attempts, failed.error) == (
        SnapshotStatus.COMPLETE,
        1,
        2,
        "",
    )
    assert failed.files.count() == 8


def test_snapshot_retry_of_complete_refused(snapshot, archive_school):
    with pytest.raises(ValidationError) as refusal:
        snapshot_retry(snapshot=snapshot, actor=archive_school.deputy)
    assert refusal.value.messages == ["Повторить можно только снимок, который не сформирован."]


def test_snapshot_killed_run_reaped_and_retried(archive_school, django_capture_on_commit_callbacks):
    # A worker killed mid-run: the snapshot says RUNNING, half its files are written,
    # and nobody will ever report again.
    snapshot = snapshot_start(
        actor=archive_school.deputy,
        year=archive_school.period.year,
        period=archive_school.period,
        groups=None,
    )
    storage = archive_storage()
    storage.save(f"snapshots/{snapshot.pk:06d}/000001-1.xlsx", _content(b"half"))
    Snapshot.objects.filter(pk=snapshot.pk).update(
        status=SnapshotStatus.RUNNING,
        done=1,
        heartbeat_at=timezone.now() - timedelta(minutes=31),
    )
    assert snapshots_reap(minutes=60) == []
    reaped = snapshots_reap(minutes=30)
    assert [s.pk for s in reaped] == [snapshot.pk]
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.run_key) == (SnapshotStatus.FAILED, None)
    assert snapshot.error == (
        "Формирование прервано: нет признаков работы больше 30 мин (процесс остановлен). "
        "Запустите снимок снова."
    )
    assert list(walk(storage, "snapshots")) == []
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_retry(snapshot=snapshot, actor=archive_school.deputy)
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.number, snapshot.file_count) == (
        SnapshotStatus.COMPLETE,
        1,
        8,
    )


def test_snapshot_build_delivered_twice_does_nothing_more(snapshot):
    files = list(snapshot.files.values_list("storage_name", "sha256"))
    snapshot_build(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.attempts) == (SnapshotStatus.COMPLETE, 1)
    assert list(snapshot.files.values_list("storage_name", "sha256")) == files


def _content(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data)


def test_year_snapshot_waits_for_year_marks(archive_school, django_capture_on_commit_callbacks):
    year = archive_school.period.year
    with pytest.raises(ValidationError) as refusal:
        snapshot_start(actor=archive_school.deputy, year=year, period=None, groups=None)
    assert refusal.value.messages == [
        "Годовые отметки выставлены не всем обучающимся. Классы: 5А, 5Б."
    ]
    maths, russian = (
        archive_school.school.subject("Математика"),
        archive_school.school.subject("Русский язык"),
    )
    for learner in archive_school.learners[:3]:
        for subject in (maths, russian):
            PeriodMarkFactory(
                learner=learner, subject=subject, kind=MarkKind.YEAR, period=None, year=year
            )
    with pytest.raises(ValidationError) as refusal:
        snapshot_start(actor=archive_school.deputy, year=year, period=None, groups=None)
    assert refusal.value.messages == ["Годовые отметки выставлены не всем обучающимся. Классы: 5Б."]
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = snapshot_start(
            actor=archive_school.deputy, year=year, period=None, groups=[archive_school.group_a]
        )
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.title, snapshot.period_ends_on) == (
        SnapshotStatus.COMPLETE,
        "Учебный год 2026/2027",
        year.ends_on,
    )


class TakenOverStorage(FileSystemStorage):
    """While the first class is written, the run is reaped and the snapshot started
    again by another worker (its attempt counter moves on)."""

    def _save(self, name, content):
        Snapshot.objects.update(attempts=F("attempts") + 1)
        return super()._save(name, content)


def test_snapshot_run_taken_over_stops_and_touches_nothing(
    archive_school, django_capture_on_commit_callbacks, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {**settings.STORAGES["archive"], "BACKEND": f"{__name__}.TakenOverStorage"},
    }
    snapshot = _start(archive_school)
    with pytest.raises(Superseded):
        snapshot_build(snapshot_id=snapshot.pk)
    snapshot.refresh_from_db()
    # The other worker's run is left as it is: running, without an error, not failed.
    assert (snapshot.status, snapshot.run_key, snapshot.error, snapshot.number) == (
        SnapshotStatus.RUNNING,
        BUSY,
        "",
        None,
    )
