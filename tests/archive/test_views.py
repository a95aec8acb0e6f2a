"""The archive's pages (R-AR-1..5, R-SEC-3): starting a snapshot and its refusals, the
progress block, downloads through the log, the transfer to the clerk with its PDF/A
act, verification, backups, destruction by an approved act, the clerk's start page and
the deputy's warnings; query counts flat in snapshots and files."""

import hashlib
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pikepdf import pdfa

from archive.models import (
    ArchiveFile,
    Backup,
    DestructionAct,
    DestructionStatus,
    Snapshot,
    SnapshotChange,
    SnapshotStatus,
    TransferStatus,
    Verification,
)
from archive.models.snapshots import BUSY
from archive.services import snapshot_start
from archive.storage import archive_storage, write
from common.models import DocumentDownload
from tests.archive.conftest import build_archive_school, make_snapshot

pytestmark = pytest.mark.django_db

NEW = "/archive/snapshots/new/"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _start(client, archive, **data):
    body = {"target": f"period-{archive.period.pk}", "scope": "whole", **data}
    return client.post(NEW, body)


def _error_text(response) -> str:
    return " ".join(response.context["form"].non_field_errors())


# --- starting a snapshot -------------------------------------------------------------------


def test_start_refused_when_period_not_closed(client, django_capture_on_commit_callbacks):
    archive = build_archive_school(close=False)
    client.force_login(archive.deputy)

    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, archive)

    assert response.status_code == 200
    name = archive.period.name
    assert _error_text(response) == (
        f"Снимок делается только по закрытому периоду. Не закрыты: 5А — {name}, "
        f"5Б — {name}. Закройте период на странице «Закрытие периодов»."
    )
    assert _error_text(response) in response.content.decode()
    assert Snapshot.objects.count() == 0


def test_start_refused_without_classes(client, archive_school, django_capture_on_commit_callbacks):
    client.force_login(archive_school.deputy)

    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, archive_school, scope="groups")

    assert response.status_code == 200
    assert _error_text(response) == "Не выбрано ни одного класса."
    assert Snapshot.objects.count() == 0


def test_start_refused_while_another_runs(
    client, archive_school, django_capture_on_commit_callbacks
):
    # Not executed: the first snapshot stays queued, as if the worker were busy.
    with django_capture_on_commit_callbacks(execute=False):
        running = snapshot_start(
            actor=archive_school.deputy,
            year=archive_school.period.year,
            period=archive_school.period,
            groups=None,
        )
    client.force_login(archive_school.deputy)

    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, archive_school)

    assert response.status_code == 200
    assert _error_text(response) == (
        f"Уже формируется снимок «{running.title}». Дождитесь его окончания: "
        "одновременно формируется один снимок."
    )
    assert list(Snapshot.objects.values_list("pk", flat=True)) == [running.pk]


def test_start_refused_without_target(client, archive_school):
    client.force_login(archive_school.deputy)

    response = client.post(NEW, {"scope": "whole"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"target": ["Выберите период или учебный год."]}
    assert Snapshot.objects.count() == 0


def test_start_page_refused_to_director(client, archive_school):
    client.force_login(archive_school.director)

    assert client.get(NEW).status_code == 403


def test_start_for_chosen_class_completes_with_progress_100(
    client, archive_school, django_capture_on_commit_callbacks
):
    client.force_login(archive_school.deputy)

    with django_capture_on_commit_callbacks(execute=True):
        response = _start(
            client, archive_school, scope="groups", groups=[archive_school.group_b.pk]
        )

    snapshot = Snapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/archive/snapshots/{snapshot.pk}/"
    assert (snapshot.status, snapshot.number, snapshot.group_names, snapshot.file_count) == (
        SnapshotStatus.COMPLETE,
        1,
        "5Б",
        4,
    )
    progress = client.get(f"/archive/snapshots/{snapshot.pk}/progress/")
    content = progress.content.decode()
    assert progress.status_code == 200
    assert 'max="100" value="100"' in content
    assert "Класс 1 из 1" in content
    assert "<strong>100 %</strong>" in content
    assert "hx-trigger" not in client.get(response["Location"]).content.decode()


def test_progress_polls_while_snapshot_queued(
    client, archive_school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        snapshot = snapshot_start(
            actor=archive_school.deputy,
            year=archive_school.period.year,
            period=archive_school.period,
            groups=None,
        )
    client.force_login(archive_school.clerk)

    page = client.get(f"/archive/snapshots/{snapshot.pk}/").content.decode()
    partial = client.get(
        f"/archive/snapshots/{snapshot.pk}/progress/", headers={"HX-Request": "true"}
    )

    assert f'hx-get="/archive/snapshots/{snapshot.pk}/progress/"' in page
    assert 'hx-trigger="every 1s"' in page
    assert 'max="100" value="0"' in partial.content.decode()
    assert "Класс 1 из 2" in partial.content.decode()
    assert "HX-Refresh" not in partial


def test_progress_reloads_page_once_complete(client, snapshot, archive_school):
    client.force_login(archive_school.deputy)

    partial = client.get(
        f"/archive/snapshots/{snapshot.pk}/progress/", headers={"HX-Request": "true"}
    )

    assert partial["HX-Refresh"] == "true"
    assert "Класс 2 из 2" in partial.content.decode()


def test_failed_snapshot_shows_reason_and_retries(
    client, archive_school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        snapshot = snapshot_start(
            actor=archive_school.deputy,
            year=archive_school.period.year,
            period=archive_school.period,
            groups=None,
        )
    reason = "Не удалось записать файлы в хранилище архива: нет места на диске"
    Snapshot.objects.filter(pk=snapshot.pk).update(
        status=SnapshotStatus.FAILED, run_key=None, error=reason, stage="Ошибка"
    )
    client.force_login(archive_school.deputy)

    page = client.get(f"/archive/snapshots/{snapshot.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(f"/archive/snapshots/{snapshot.pk}/retry/")

    assert reason in page
    assert "Сформировать снова" in page
    assert retried.status_code == 302
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.error, snapshot.number) == (SnapshotStatus.COMPLETE, "", 1)


def test_retry_refused_to_director(client, archive_school, snapshot):
    client.force_login(archive_school.director)

    response = client.post(f"/archive/snapshots/{snapshot.pk}/retry/", follow=True)

    assert _messages(response) == ["Снимок периода формирует заместитель директора."]


# --- the snapshot page and downloads ---------------------------------------------------------


def test_snapshot_page_lists_files_by_class(client, archive_school, snapshot):
    client.force_login(archive_school.clerk)

    content = client.get(f"/archive/snapshots/{snapshot.pk}/").content.decode()

    for f in snapshot.files.all():
        assert f'href="/archive/files/{f.pk}/"' in content
        assert f'title="{f.sha256}"' in content
    assert "<h3>5А</h3>" in content and "<h3>5Б</h3>" in content
    assert f'title="{snapshot.manifest_sha256}"' in content
    assert "первый снимок цепочки" in content


def test_file_download_logged_with_kind_name_and_sha256(client, archive_school, snapshot):
    archive_file = snapshot.files.get(group_name="5А", kind="workbook")
    client.force_login(archive_school.clerk)

    response = client.get(f"/archive/files/{archive_file.pk}/")

    content = b"".join(response)
    assert response.status_code == 200
    assert response["Content-Type"] == archive_file.content_type
    assert response["Content-Disposition"].startswith("attachment")
    assert hashlib.sha256(content).hexdigest() == archive_file.sha256
    row = DocumentDownload.objects.get()
    assert (
        row.user,
        row.kind,
        row.object_type,
        row.object_id,
        row.filename,
        row.size,
        row.sha256,
    ) == (
        archive_school.clerk,
        "archive_file",
        "archive.archivefile",
        str(archive_file.pk),
        archive_file.name.split("/")[1],
        archive_file.size,
        archive_file.sha256,
    )
    assert row.filename.endswith("сводная ведомость и журнал.xlsx")


def test_manifest_download_logged(client, archive_school, snapshot):
    client.force_login(archive_school.director)

    response = client.get(f"/archive/snapshots/{snapshot.pk}/manifest/")

    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == snapshot.manifest_sha256
    row = DocumentDownload.objects.get()
    assert (row.kind, row.filename, row.sha256) == (
        "archive_manifest",
        "Манифест снимка № 1.json",
        snapshot.manifest_sha256,
    )


def test_download_missing_file_refused_with_reason(client, archive_school, snapshot):
    archive_file = snapshot.files.first()
    archive_storage().delete(archive_file.storage_name)
    client.force_login(archive_school.deputy)

    response = client.get(f"/archive/files/{archive_file.pk}/", follow=True)

    assert response.redirect_chain == [(f"/archive/snapshots/{snapshot.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        f"«{archive_file.name}»: Файла нет в хранилище архива. Запустите проверку "
        "целостности и восстановите архив из резервной копии."
    ]
    assert DocumentDownload.objects.count() == 0


def test_download_tampered_file_refused(client, archive_school, snapshot):
    archive_file = snapshot.files.get(kind="data", group_name="5А")
    write(archive_storage(), archive_file.storage_name, b"forged")
    client.force_login(archive_school.deputy)

    response = client.get(f"/archive/files/{archive_file.pk}/", follow=True)

    assert response.redirect_chain == [(f"/archive/snapshots/{snapshot.pk}/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        f"«{archive_file.name}»: Файл в хранилище изменён после архивирования и не выдаётся. "
        "Запустите проверку целостности и восстановите архив из резервной копии."
    ]
    assert DocumentDownload.objects.count() == 0


# --- the transfer ------------------------------------------------------------------------------


def _move(client, snapshot, to, comment=""):
    return client.post(
        f"/archive/snapshots/{snapshot.pk}/transfer/", {"to": to, "comment": comment}, follow=True
    )


def test_transfer_hand_accept_and_act_pdfa(client, archive_school, snapshot):
    client.force_login(archive_school.deputy)
    assert client.get(f"/archive/snapshots/{snapshot.pk}/act.pdf").status_code == 404

    handed = _move(client, snapshot, TransferStatus.HANDED)
    client.force_login(archive_school.clerk)
    page = client.get(f"/archive/snapshots/{snapshot.pk}/").content.decode()
    accepted = _move(client, snapshot, TransferStatus.ACCEPTED)
    act = client.get(f"/archive/snapshots/{snapshot.pk}/act.pdf")

    assert _messages(handed) == ["Снимок передан в архив."]
    assert "Принять в архив" in page and "Вернуть заместителю директора" in page
    assert _messages(accepted) == ["Снимок принят в архив."]
    snapshot.refresh_from_db()
    assert snapshot.transfer_status == TransferStatus.ACCEPTED
    assert [
        (c.old_status, c.new_status, c.changed_by)
        for c in SnapshotChange.objects.order_by("changed_at", "pk")
    ] == [
        (TransferStatus.KEPT, TransferStatus.HANDED, archive_school.deputy),
        (TransferStatus.HANDED, TransferStatus.ACCEPTED, archive_school.clerk),
    ]
    assert act.status_code == 200
    assert act["Content-Type"] == "application/pdf"
    assert pdfa.validate_written(io.BytesIO(act.content), "2b").verdict == "pass"
    row = DocumentDownload.objects.get()
    assert (row.kind, row.filename, row.sha256) == (
        "archive_transfer_act",
        "Акт приёма-передачи снимка № 1.pdf",
        hashlib.sha256(act.content).hexdigest(),
    )


def test_return_requires_comment(client, archive_school, snapshot):
    client.force_login(archive_school.deputy)
    _move(client, snapshot, TransferStatus.HANDED)
    client.force_login(archive_school.clerk)

    refused = _move(client, snapshot, TransferStatus.KEPT)
    snapshot.refresh_from_db()
    status_after_refusal = snapshot.transfer_status
    returned = _move(client, snapshot, TransferStatus.KEPT, "Нет подписи на акте")

    assert _messages(refused) == ["Укажите причину: без неё снимок не возвращается."]
    assert status_after_refusal == TransferStatus.HANDED
    assert _messages(returned) == ["Снимок возвращён."]
    last = SnapshotChange.objects.order_by("-changed_at", "-pk").first()
    assert (last.new_status, last.comment) == (TransferStatus.KEPT, "Нет подписи на акте")


def test_hand_refused_to_clerk(client, archive_school, snapshot):
    client.force_login(archive_school.clerk)

    response = _move(client, snapshot, TransferStatus.HANDED)

    assert _messages(response) == ["Этот шаг делает заместитель директора."]
    assert SnapshotChange.objects.count() == 0


# --- verification and backups ------------------------------------------------------------------


def test_verification_button_shows_archive_intact(client, archive_school, snapshot):
    client.force_login(archive_school.clerk)

    response = client.post("/archive/verify/", follow=True)

    assert _messages(response) == ["Архив цел: проверено снимков — 1, файлов — 8."]
    assert "Архив цел." in response.content.decode()
    assert Verification.objects.get().ok is True


def test_verification_lists_problems(client, archive_school, snapshot):
    archive_file = snapshot.files.get(group_name="5Б", kind="data")
    archive_storage().delete(archive_file.storage_name)
    client.force_login(archive_school.deputy)

    response = client.post("/archive/verify/", follow=True)

    assert _messages(response) == [
        "Проверка целостности нашла нарушения: 1. Список — в разделе «Проверка целостности»."
    ]
    assert f"файл отсутствует; снимок № 1; {archive_file.name}" in response.content.decode()


def test_backup_by_deputy_shows_locations(client, archive_school, snapshot):
    client.force_login(archive_school.deputy)

    response = client.post("/archive/backup/", follow=True)

    backup = Backup.objects.get()
    assert backup.ok is True
    assert _messages(response) == [
        f"Резервная копия создана и проверена во всех местах хранения: файлов — {backup.files}."
    ]
    content = response.content.decode()
    for copy in backup.copies.all():
        assert f"{copy.location}: в порядке" in content


def test_backup_refused_to_clerk(client, archive_school, snapshot):
    client.force_login(archive_school.clerk)

    assert client.post("/archive/backup/").status_code == 403
    assert Backup.objects.count() == 0


# --- retention and destruction -----------------------------------------------------------------


def test_destruction_by_approved_act(client, archive_school, snapshot):
    archive_file = snapshot.files.get(group_name="5Б", kind="data")
    ArchiveFile.objects.filter(pk=archive_file.pk).update(
        keep_until=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(archive_school.clerk)

    listed = client.get("/archive/expired/").content.decode()
    drawn = client.post("/archive/expired/", {"files": [archive_file.pk]}, follow=True)
    act = DestructionAct.objects.get()
    early = client.post(f"/archive/acts/{act.pk}/transition/", {"to": "executed"}, follow=True)
    client.force_login(archive_school.director)
    approved = client.post(f"/archive/acts/{act.pk}/transition/", {"to": "approved"}, follow=True)
    client.force_login(archive_school.clerk)
    executed = client.post(f"/archive/acts/{act.pk}/transition/", {"to": "executed"}, follow=True)
    verified = client.post("/archive/verify/", follow=True)

    assert f'name="files" value="{archive_file.pk}"' in listed
    assert _messages(drawn) == [f"{act} составлен и ждёт утверждения директором."]
    assert _messages(early) == [
        "Акт сейчас в состоянии «Составлен, ожидает утверждения»: этот шаг невозможен."
    ]
    assert _messages(approved) == ["Акт утверждён."]
    assert _messages(executed) == ["Файлы уничтожены по акту."]
    act.refresh_from_db()
    archive_file.refresh_from_db()
    assert act.status == DestructionStatus.EXECUTED
    assert archive_file.destroyed_at is not None
    assert archive_file.destruction_act == act
    assert not archive_storage().exists(archive_file.storage_name)
    assert _messages(verified) == ["Архив цел: проверено снимков — 1, файлов — 7."]
    assert client.get(f"/archive/files/{archive_file.pk}/").status_code == 404


def test_act_refused_by_director_needs_comment(client, archive_school, snapshot):
    archive_file = snapshot.files.get(group_name="5Б", kind="data")
    ArchiveFile.objects.filter(pk=archive_file.pk).update(keep_until=date(2020, 1, 1))
    client.force_login(archive_school.clerk)
    client.post("/archive/expired/", {"files": [archive_file.pk]}, follow=True)
    act = DestructionAct.objects.get()
    client.force_login(archive_school.director)

    bare = client.post(f"/archive/acts/{act.pk}/transition/", {"to": "refused"}, follow=True)
    refused = client.post(
        f"/archive/acts/{act.pk}/transition/",
        {"to": "refused", "comment": "Срок не подтверждён"},
        follow=True,
    )

    assert _messages(bare) == ["Укажите причину."]
    assert _messages(refused) == ["Акт не утверждён."]
    act.refresh_from_db()
    assert act.status == DestructionStatus.REFUSED


def test_act_without_files_refused(client, archive_school, snapshot):
    client.force_login(archive_school.clerk)

    response = client.post("/archive/expired/", {}, follow=True)

    assert _messages(response) == ["Отметьте файлы, срок хранения которых истёк."]
    assert DestructionAct.objects.count() == 0


def test_destruction_act_pdf_is_pdfa_and_logged(client, archive_school, snapshot):
    archive_file = snapshot.files.get(group_name="5Б", kind="data")
    ArchiveFile.objects.filter(pk=archive_file.pk).update(keep_until=date(2020, 1, 1))
    client.force_login(archive_school.clerk)
    client.post("/archive/expired/", {"files": [archive_file.pk]})
    act = DestructionAct.objects.get()

    response = client.get(f"/archive/acts/{act.pk}/act.pdf")

    assert response.status_code == 200
    assert pdfa.validate_written(io.BytesIO(response.content), "2b").verdict == "pass"
    row = DocumentDownload.objects.get()
    assert (row.kind, row.filename) == (
        "archive_destruction_act",
        f"Акт о выделении к уничтожению № {act.pk}.pdf",
    )


# --- the archive's page, start pages and warnings ----------------------------------------------


def test_index_says_terms_need_confirmation(client, archive_school):
    client.force_login(archive_school.clerk)

    content = client.get("/archive/").content.decode()

    assert "Сроки хранения требуют подтверждения: не подтверждено директором — 9." in content
    assert 'href="/admin/archive/retentionrule/"' in content


def test_downloads_log_lists_archive_downloads(client, archive_school, snapshot):
    client.force_login(archive_school.clerk)
    client.get(f"/archive/snapshots/{snapshot.pk}/manifest/")
    assert client.get("/archive/downloads/").status_code == 403
    client.force_login(archive_school.director)

    content = client.get("/archive/downloads/").content.decode()

    assert "манифест снимка: Снимок № 1" in content
    assert "Манифест снимка № 1.json" in content


def test_clerk_lands_on_archive(client, archive_school):
    client.force_login(archive_school.clerk)

    response = client.get("/")

    assert response["Location"] == "/archive/"


def test_deputy_still_lands_on_overview_with_archive_in_menu(client, archive_school):
    client.force_login(archive_school.deputy)

    response = client.get("/")
    page = client.get("/overview/")

    assert response["Location"] == "/overview/"
    assert ("/archive/", "Архив") in page.context["nav_pages"]


def test_overview_shows_archive_warnings_to_deputy(client, archive_school, snapshot):
    client.force_login(archive_school.deputy)

    content = client.get("/overview/").content.decode()

    assert "Целостность архива ещё ни разу не проверялась." in content
    assert "Резервная копия архива ещё ни разу не создавалась." in content


def test_overview_hides_archive_warnings_from_clerk(client, archive_school, snapshot):
    client.force_login(archive_school.clerk)

    content = client.get("/overview/").content.decode()

    # The archive's warnings are the deputy's and the director's to act on.
    assert "Целостность архива ещё ни разу не проверялась." not in content
    assert "Резервная копия архива ещё ни разу не создавалась." not in content


def test_teacher_refused_everywhere(client, archive_school, snapshot):
    client.force_login(archive_school.teacher)
    archive_file = snapshot.files.first()

    assert client.get("/archive/").status_code == 403
    assert client.get(f"/archive/snapshots/{snapshot.pk}/").status_code == 404
    assert client.get(f"/archive/files/{archive_file.pk}/").status_code == 404
    assert client.get(f"/archive/snapshots/{snapshot.pk}/manifest/").status_code == 404
    assert client.post("/archive/verify/").status_code == 403
    assert DocumentDownload.objects.count() == 0


def test_anonymous_sent_to_login(client, snapshot):
    response = client.get(f"/archive/snapshots/{snapshot.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


# --- query counts ------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _complete_snapshot(number: int, previous: str) -> Snapshot:
    """A complete snapshot row with one file, written directly: enough for a list."""
    digest = hashlib.sha256(f"manifest {number}".encode()).hexdigest()
    snapshot = Snapshot.objects.create(
        number=number,
        title=f"Снимок {number}",
        period_ends_on=date(2026, 10, 25),
        status=SnapshotStatus.COMPLETE,
        manifest_name=f"snapshots/{number:06d}/manifest.json",
        manifest_sha256=digest,
        previous_sha256=previous,
        file_count=1,
    )
    ArchiveFile.objects.create(
        snapshot=snapshot,
        name="5А/данные.jsonl",
        kind="data",
        content_type="application/jsonl",
        size=1,
        sha256="0" * 64,
        storage_name=f"snapshots/{number:06d}/1.jsonl",
    )
    return snapshot


def test_index_queries_flat_in_snapshots(client, archive_school):
    client.force_login(archive_school.clerk)
    first = _complete_snapshot(1, "")
    Snapshot.objects.filter(pk=first.pk).update(transfer_status=TransferStatus.HANDED)
    one = _queries(client, "/archive/")
    previous = first.manifest_sha256
    for number in range(2, 6):
        snapshot = _complete_snapshot(number, previous)
        Snapshot.objects.filter(pk=snapshot.pk).update(transfer_status=TransferStatus.HANDED)
        previous = snapshot.manifest_sha256

    assert _queries(client, "/archive/") == one


def test_snapshot_page_queries_flat_in_files(
    client, archive_school, django_capture_on_commit_callbacks
):
    # Both with a previous snapshot in the chain, whose link the page shows.
    _complete_snapshot(1, "")
    small = make_snapshot(
        archive_school, django_capture_on_commit_callbacks, groups=[archive_school.group_b]
    )
    large = make_snapshot(archive_school, django_capture_on_commit_callbacks)
    client.force_login(archive_school.deputy)
    client.post(f"/archive/snapshots/{large.pk}/transfer/", {"to": "handed"}, follow=True)
    client.post(f"/archive/snapshots/{small.pk}/transfer/", {"to": "handed"}, follow=True)

    assert (small.number, small.file_count, large.number, large.file_count) == (2, 4, 3, 8)
    assert _queries(client, f"/archive/snapshots/{small.pk}/") == _queries(
        client, f"/archive/snapshots/{large.pk}/"
    )


def test_start_page_names_running_snapshot(client, archive_school):
    Snapshot.objects.create(
        title="1 четверть, 2026/2027",
        period_ends_on=date(2026, 10, 25),
        run_key=BUSY,
        status=SnapshotStatus.RUNNING,
    )
    client.force_login(archive_school.deputy)

    content = client.get(NEW).content.decode()

    assert "Сейчас формируется" in content and "1 четверть, 2026/2027" in content
