"""Writes to the journal (DESIGN.md: a package once services outgrew one module).
Every change to a mark, an attendance code or an attestation mark writes its history
row in the same transaction (R-JRN-6); reads live in ``achievements.selectors``.

The public services are re-exported here so callers say ``journal.cell_save``."""

from achievements.journal.cells import CellValue, cell_save, parse_cell
from achievements.journal.closures import period_close, period_reopen
from achievements.journal.conflicts import Conflict
from achievements.journal.lessons import lesson_save, lessons_generate, timetable_dates
from achievements.journal.period_marks import period_mark_save

__all__ = [
    "CellValue",
    "Conflict",
    "cell_save",
    "lesson_save",
    "lessons_generate",
    "parse_cell",
    "period_close",
    "period_mark_save",
    "period_reopen",
    "timetable_dates",
]
