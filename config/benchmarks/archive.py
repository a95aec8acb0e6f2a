"""``manage.py bench archive``: a whole-organisation snapshot of the reference school's
closed quarter, and each writer against the bare library writing the same thing.

* XLSX: our workbook (widths, frozen panes, filters, print titles, bold headers, safe
  text cells) against bare openpyxl write-only appending the very same cells — the
  values and number formats read back from ours — time and peak memory (tracemalloc),
  budget ≤ 1.5×.
* PDF: ``common.pdf.html_to_pdf`` (PDF/A-2b: WeasyPrint's variant, the cleanup and
  pikepdf's validating save) against bare WeasyPrint ``write_pdf()`` of the same HTML,
  budget ≤ 1.3×.
* Queries per class: the reads of ``archive.collect.class_data`` for every class —
  constant in learners and lessons (the tests check it; here min = max).
* Memory flat in the number of classes: the real run (``snapshot_build``) holds one
  class at a time; the memory still held after each class must not grow.

Everything is written to a temporary folder and rolled back."""

import gc
import io
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from achievements.models import Lesson, PeriodClosure

XLSX_MAX_RATIO = 1.5
PDF_MAX_RATIO = 1.3
# Memory the run still holds after its last class beyond what it held after its first:
# a leak of one class's data (a few MB for a class of 30) would show far above this.
RETAINED_MAX_MB = 5.0
XLSX_REPEATS = 3


@dataclass
class ArchiveFigures:
    period: str = ""
    classes: int = 0
    learners: int = 0
    lessons: int = 0
    snapshot_seconds: float = 0.0
    files: int = 0
    megabytes: float = 0.0
    queries: list[int] = field(default_factory=list)
    xlsx_ours: float = 0.0
    xlsx_bare: float = 0.0
    xlsx_peak_ours: float = 0.0
    xlsx_peak_bare: float = 0.0
    pdf_ours: float = 0.0
    pdf_bare: float = 0.0
    # Per traced class (first, middle, last): the peak while it was written, and what
    # was still held once it was done.
    class_peak_mb: list[float] = field(default_factory=list)
    retained_mb: list[float] = field(default_factory=list)

    @property
    def xlsx_ratio(self) -> float:
        return self.xlsx_ours / self.xlsx_bare

    @property
    def xlsx_memory_ratio(self) -> float:
        return self.xlsx_peak_ours / self.xlsx_peak_bare

    @property
    def pdf_ratio(self) -> float:
        return self.pdf_ours / self.pdf_bare

    @property
    def retained_growth(self) -> float:
        """What the run still held after its last traced class beyond its first: a run
        that kept each class's data would hold more with every class."""
        return self.retained_mb[-1] - self.retained_mb[0]


def closed_period_with_lessons():
    closure = (
        PeriodClosure.objects.in_force()
        .filter(period__lessons__isnull=False)
        .select_related("period__year")
        .order_by("-period__ends_on")
        .first()
    )
    if closure is None:
        raise CommandError("Нет закрытого периода с уроками: постройте эталонную школу.")
    return closure.period


def measure(*, limit: int | None = None, progress=None) -> ArchiveFigures:
    """All figures; ``limit`` takes only the first classes (for a quick look)."""
    from archive.collect import Scope
    from learners.models import StudyGroup

    period = closed_period_with_lessons()
    groups = list(
        StudyGroup.objects.filter(lessons__period=period).distinct().order_by("grade", "name")
    )[:limit]
    figures = ArchiveFigures(period=str(period), classes=len(groups))
    figures.lessons = Lesson.objects.filter(period=period, group__in=groups).count()
    scope = Scope(year=period.year, period=period)
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        storages = {
            **settings.STORAGES,
            "archive": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": folder},
            },
        }
        with override_settings(STORAGES=storages):
            _snapshot(figures, period, groups, progress)
        for index, group in enumerate(groups, start=1):
            if progress:
                progress(f"класс {group.name}: {index} из {len(groups)}")
            _class(figures, scope, group)
        _memory(figures, scope, groups, progress)
        transaction.set_rollback(True)
    return figures


def _snapshot(figures, period, groups, progress) -> None:
    """The real thing: a snapshot of every class, as the worker makes it."""
    from archive.models import Snapshot
    from archive.models.snapshots import BUSY
    from archive.services.snapshots import snapshot_build

    snapshot = Snapshot.objects.create(
        year=period.year,
        period=period,
        title=f"{period.name}, {period.year.name} (замер)",
        period_ends_on=period.ends_on,
        whole_organisation=True,
        group_names="\n".join(g.name for g in groups),
        run_key=BUSY,
        total=len(groups),
    )
    snapshot.groups.set(groups)
    if progress:
        progress(f"снимок всей организации: классов {len(groups)}")
    started = time.perf_counter()
    snapshot_build(snapshot_id=snapshot.pk)
    figures.snapshot_seconds = time.perf_counter() - started
    snapshot.refresh_from_db()
    figures.files = snapshot.file_count
    figures.megabytes = snapshot.total_size / 2**20


def _class(figures, scope, group) -> None:
    from archive.collect import class_data
    from archive.exports import pdf, workbook
    from archive.summary import summary

    with CaptureQueriesContext(connection) as captured:
        data = class_data(scope=scope, group=group)
    figures.queries.append(len(captured.captured_queries))
    figures.learners += len(data.roster)
    computed = summary(data)

    content = workbook.workbook(data=data, computed=computed)
    sheets = _cells(content)
    # Interleaved, best of three each: a busy machine slows whichever runs when it is
    # busy, and the least time is the one least disturbed.
    ours, bare = [], []
    for _ in range(XLSX_REPEATS):
        ours.append(_timed(partial(workbook.workbook, data=data, computed=computed)))
        bare.append(_timed(partial(_bare_workbook, sheets)))
    figures.xlsx_ours += min(ours)
    figures.xlsx_bare += min(bare)

    tracemalloc.start()
    workbook.workbook(data=data, computed=computed)
    figures.xlsx_peak_ours = max(figures.xlsx_peak_ours, tracemalloc.get_traced_memory()[1])
    tracemalloc.reset_peak()
    _bare_workbook(sheets)
    figures.xlsx_peak_bare = max(figures.xlsx_peak_bare, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()

    for html in (
        pdf.summary_html(data=data, computed=computed),
        pdf.journal_html(data=data, computed=computed),
    ):
        figures.pdf_ours += _timed(lambda html=html: pdf.html_to_pdf(html))
        figures.pdf_bare += _timed(lambda html=html: _bare_pdf(html))
    del data, computed, content, sheets


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _cells(content: bytes) -> list[tuple[str, list[tuple]]]:
    """Every sheet's cells as (value, number format) — the format only where it is not
    «General» — read back from our workbook."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    sheets = [
        (
            sheet.title,
            [
                tuple(
                    (c.value, None if c.number_format == "General" else c.number_format)
                    for c in row
                )
                for row in sheet.iter_rows()
            ],
        )
        for sheet in book
    ]
    book.close()
    return sheets


def _bare_workbook(sheets) -> bytes:
    """The same cells by bare openpyxl write-only: the values, and a cell object only
    where the cell has a number format (a date, a mean) — what any writer of these
    cells has to do."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            values = []
            for value, number_format in row:
                if number_format is None:
                    values.append(value)
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = number_format
                    values.append(cell)
            sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bare_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _memory(figures, scope, groups, progress) -> None:
    """The whole pipeline of a class (read, summary, four files) under tracemalloc for
    the first, a middle and the last class, one after the other as the worker runs
    them: the peak is one class's, and nothing stays behind. (The process's resident
    size says little here: the allocator keeps freed memory for reuse.)"""
    from archive.collect import class_data
    from archive.exports import class_files

    chosen = list(dict.fromkeys([groups[0], groups[len(groups) // 2], groups[-1]]))
    tracemalloc.start()
    try:
        for group in chosen:
            if progress:
                progress(f"память: класс {group.name}")
            tracemalloc.reset_peak()
            files = class_files(class_data(scope=scope, group=group))
            del files
            gc.collect()
            held, peak = tracemalloc.get_traced_memory()
            figures.class_peak_mb.append(peak / 2**20)
            figures.retained_mb.append(held / 2**20)
    finally:
        tracemalloc.stop()


def report(figures: ArchiveFigures) -> tuple[list[str], list]:
    """The lines ``bench archive`` prints and the rows of docs/benchmarks.md."""
    from config.benchmarks.report import Figure

    constant = min(figures.queries) == max(figures.queries)
    lines = [
        f"Снимок: {figures.period}; классов {figures.classes}, обучающихся "
        f"{figures.learners}, уроков {figures.lessons}",
        f"снимок всей организации (snapshot_build): {figures.snapshot_seconds:.1f} с, "
        f"файлов {figures.files}, {figures.megabytes:.1f} МБ",
        f"XLSX: наш {figures.xlsx_ours:.2f} с, голый openpyxl {figures.xlsx_bare:.2f} с — "
        f"{figures.xlsx_ratio:.2f}× (бюджет ≤ {XLSX_MAX_RATIO}×)",
        f"XLSX, пиковая память класса: наш {figures.xlsx_peak_ours / 2**20:.1f} МБ, голый "
        f"{figures.xlsx_peak_bare / 2**20:.1f} МБ — {figures.xlsx_memory_ratio:.2f}×",
        f"PDF: наш (PDF/A-2b с проверкой) {figures.pdf_ours:.2f} с, голый WeasyPrint "
        f"{figures.pdf_bare:.2f} с — {figures.pdf_ratio:.2f}× (бюджет ≤ {PDF_MAX_RATIO}×)",
        f"запросов на класс: от {min(figures.queries)} до {max(figures.queries)}",
        "память на класс (первый, средний, последний): пик "
        + ", ".join(f"{mb:.0f}" for mb in figures.class_peak_mb)
        + " МБ; удержано после класса "
        + ", ".join(f"{mb:.1f}" for mb in figures.retained_mb)
        + f" МБ; рост {figures.retained_growth:.1f} МБ (≤ {RETAINED_MAX_MB:.0f} МБ)",
    ]
    rows = [
        Figure(
            "archive",
            f"снимок всей организации ({figures.classes} классов, {figures.files} файлов)",
            f"{figures.snapshot_seconds:.1f} с",
            "фоновая задача с прогрессом",
            None,
        ),
        Figure(
            "archive",
            "XLSX всех классов / голый openpyxl write-only",
            f"{figures.xlsx_ours:.2f} / {figures.xlsx_bare:.2f} с = {figures.xlsx_ratio:.2f}×",
            f"≤ {XLSX_MAX_RATIO}×",
            figures.xlsx_ratio <= XLSX_MAX_RATIO,
        ),
        Figure(
            "archive",
            "XLSX: пиковая память класса / голый openpyxl",
            f"{figures.xlsx_peak_ours / 2**20:.1f} / {figures.xlsx_peak_bare / 2**20:.1f} МБ"
            f" = {figures.xlsx_memory_ratio:.2f}×",
            f"≤ {XLSX_MAX_RATIO}×",
            figures.xlsx_memory_ratio <= XLSX_MAX_RATIO,
        ),
        Figure(
            "archive",
            "PDF всех классов (PDF/A-2b) / голый WeasyPrint",
            f"{figures.pdf_ours:.2f} / {figures.pdf_bare:.2f} с = {figures.pdf_ratio:.2f}×",
            f"≤ {PDF_MAX_RATIO}×",
            figures.pdf_ratio <= PDF_MAX_RATIO,
        ),
        Figure(
            "archive",
            "запросов на класс",
            f"{min(figures.queries)}–{max(figures.queries)}",
            "постоянно в обучающихся и уроках",
            constant,
        ),
        Figure(
            "archive",
            "память, удержанная после класса: рост от первого к последнему",
            f"{figures.retained_growth:.1f} МБ",
            f"≤ {RETAINED_MAX_MB:.0f} МБ (память не растёт с числом классов)",
            figures.retained_growth <= RETAINED_MAX_MB,
        ),
    ]
    return lines, rows
