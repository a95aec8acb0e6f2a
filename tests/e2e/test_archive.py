"""Browser journey of the archive (R-AR-1, R-AR-2, R-AR-5), all through the real pages:
the deputy closes the first quarter on «Закрытие периодов», starts a snapshot of the
whole organisation, sees the bar at 100 % (the immediate task backend builds it on
commit, inside the request, so the page after the redirect is already complete),
downloads a class's workbook and summary PDF, and hands the snapshot to the clerk; the
clerk signs in, lands on the archive, accepts it and runs a verification that passes.
The archive's page fits a phone's width.

The data: the small school of the archive's suites (tests/archive/conftest.py), its
quarter still open."""

import openpyxl
import pytest
from playwright.sync_api import expect

from achievements.models import PeriodClosure
from archive.models import Snapshot, SnapshotStatus, TransferStatus, Verification
from common.models import DocumentDownload
from tests.archive.conftest import build_archive_school
from tests.e2e.browser import log_in, log_out, menu, path_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Two classes, four files each, two PDFs each: a few seconds, more on a slow machine.
BUILD_TIMEOUT = 120_000


@pytest.fixture
def archive(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    return build_archive_school(close=False)


def _click(page, locator, **kwargs):
    with page.expect_navigation(**kwargs):
        locator.click()


def test_archive_snapshot_transfer_and_verification(
    archive, live_server, page, console_errors, tmp_path
):
    snapshot = _deputy_makes_snapshot(page, live_server, archive)
    _deputy_downloads_files(page, snapshot, tmp_path)
    _deputy_hands_to_clerk(page, live_server, snapshot)
    _clerk_accepts_and_verifies(page, live_server, snapshot)
    _archive_fits_phone(page, live_server)

    assert console_errors == []


def _deputy_makes_snapshot(page, live_server, archive) -> Snapshot:
    period = archive.period
    log_in(page, live_server, archive.deputy.username)
    assert path_of(page, live_server) == "/overview/"
    menu(page, "Закрытие периодов")
    section = page.locator("section.card", has=page.get_by_role("heading", name=period.name))
    _click(page, section.get_by_role("button", name="Закрыть для всей организации"))
    expect(page.locator("ul.messages")).to_have_text(
        f"Период «{period.name}» закрыт для всей организации."
    )
    assert PeriodClosure.objects.filter(period=period, group=None).count() == 1

    menu(page, "Архив")
    assert path_of(page, live_server) == "/archive/"
    _click(page, page.get_by_role("link", name="Сформировать снимок периода"))
    assert path_of(page, live_server) == "/archive/snapshots/new/"
    page.get_by_label("Что архивировать").select_option(
        label=f"{period.name} ({period.starts_on:%d.%m.%Y}–{period.ends_on:%d.%m.%Y})"
    )
    expect(page.get_by_label("Вся организация")).to_be_checked()
    _click(page, page.get_by_role("button", name="Сформировать снимок"), timeout=BUILD_TIMEOUT)

    snapshot = Snapshot.objects.get()
    assert path_of(page, live_server) == f"/archive/snapshots/{snapshot.pk}/"
    expect(page.locator("ul.messages")).to_have_text(
        f"Формирование снимка «{snapshot.title}» начато."
    )
    bar = page.locator("progress.snapshot-bar")
    expect(bar).to_have_attribute("value", "100")
    expect(page.locator(".snapshot-count")).to_have_text("Класс 2 из 2 · 100 %")
    assert (snapshot.status, snapshot.number, snapshot.file_count) == (
        SnapshotStatus.COMPLETE,
        1,
        8,
    )
    return snapshot


def _download(page, name_part, tmp_path):
    link = page.locator("#files a[href^='/archive/files/']", has_text=name_part)
    with page.expect_download() as info:
        link.click()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return download.suggested_filename, path


def _deputy_downloads_files(page, snapshot, tmp_path):
    workbook_name, workbook_path = _download(page, "5А — сводная ведомость и журнал.xlsx", tmp_path)
    book = openpyxl.load_workbook(workbook_path, read_only=True)
    assert book.sheetnames
    book.close()
    pdf_name, pdf_path = _download(page, "5А — сводная ведомость.pdf", tmp_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert sorted(DocumentDownload.objects.values_list("kind", "filename")) == sorted(
        [("archive_file", workbook_name), ("archive_file", pdf_name)]
    )
    assert workbook_name.endswith(".xlsx") and pdf_name.endswith(".pdf")


def _deputy_hands_to_clerk(page, live_server, snapshot):
    _click(page, page.get_by_role("button", name="Передать в архив"))
    expect(page.locator("ul.messages")).to_have_text("Снимок передан в архив.")
    expect(page.locator(".transfer-handed")).to_have_text("Передан в архив, ожидает приёма")
    log_out(page)


def _clerk_accepts_and_verifies(page, live_server, snapshot):
    log_in(page, live_server, "archive-clerk")
    assert path_of(page, live_server) == "/archive/"
    waiting = page.locator(
        "section", has=page.get_by_role("heading", name="Ожидают приёма в архив")
    )
    _click(page, waiting.get_by_role("link", name=f"Снимок № 1: {snapshot.title}"))
    _click(page, page.get_by_role("button", name="Принять в архив"))
    expect(page.locator("ul.messages")).to_have_text("Снимок принят в архив.")
    snapshot.refresh_from_db()
    assert snapshot.transfer_status == TransferStatus.ACCEPTED
    href = page.get_by_role("link", name="Акт приёма-передачи (PDF)").get_attribute("href")
    act = page.request.get(live_server.url + href)
    assert act.status == 200
    assert act.body().startswith(b"%PDF")

    menu(page, "Архив")
    _click(page, page.get_by_role("button", name="Проверить целостность"))
    expect(page.locator("ul.messages")).to_have_text(
        "Архив цел: проверено снимков — 1, файлов — 8."
    )
    expect(page.locator(".archive-ok")).to_contain_text("Архив цел.")
    assert Verification.objects.get().ok is True


def _archive_fits_phone(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/archive/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
