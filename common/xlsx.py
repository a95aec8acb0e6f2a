"""Writing XLSX the one way every export of the product does (DESIGN: openpyxl in
write-only mode, widths and frozen panes before the first row, every text cell written
as text).

A parent types an achievement's title; the class teacher opens the class's spreadsheet.
openpyxl turns any string that starts with "=" into a formula, and a spreadsheet program
would also take one that starts with "+", "-" or "@" (or a tab or carriage return, per
OWASP's CSV-injection guidance) as a formula once the cell is edited. So every string is
stored as a text cell (``data_type = "s"``: never a formula, never an error code such as
"#N/A"), and a risky one also carries the quote-prefix style, which Excel and
LibreOffice show as the exact text and keep as text when the cell is edited: the
apostrophe is not part of the value. Control characters, which XML cannot hold and which
made openpyxl refuse the whole file, are stripped."""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from common.text import strip_control_characters

# A carriage return is stored as a line feed (see safe_value), so "\n" stands for both.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\n")
# Excel's limits: a cell holds 32,767 characters, a sheet's name 31 and none of these.
MAX_CELL_CHARACTERS = 32767
MAX_TITLE_CHARACTERS = 31
TITLE_FORBIDDEN = str.maketrans({char: "-" for char in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    number_format: str | None = None


def safe_value(value):
    """A Python value as a cell may hold it: text without control characters, with
    line feeds for line breaks (XML reads a bare carriage return as one anyway), cut to
    Excel's limit; an empty string as an empty cell; a moment in local time (Excel has
    no time zones); anything else unchanged."""
    if isinstance(value, str):
        value = strip_control_characters(value).replace("\r\n", "\n").replace("\r", "\n")
        return value[:MAX_CELL_CHARACTERS] or None
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def cell(sheet, value, *, number_format: str | None = None, bold: bool = False):
    """A write-only cell holding ``value`` safely (see the module's note), or None for
    an empty one."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    value = safe_value(value)
    if value is None:
        return None
    result = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        result.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            result.quotePrefix = True
    if number_format:
        result.number_format = number_format
    if bold:
        result.font = Font(bold=True)
    return result


def sheet_title(text: str) -> str:
    title = strip_control_characters(text).translate(TITLE_FORBIDDEN).strip("' ")
    return title[:MAX_TITLE_CHARACTERS] or "Лист"


def write_sheet(
    workbook, *, title: str, columns: Sequence[Column], rows: Iterable[Sequence]
) -> None:
    """Append a sheet to a write-only workbook: a bold header row that stays in view
    while scrolling, the columns' widths and formats, a filter over the whole table.
    ``rows`` may be a generator: rows are written as they come."""
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(sheet_title(title))
    # In write-only mode these must be set before the first row is written.
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([cell(sheet, column.title, bold=True) for column in columns])
    count = 1
    for row in rows:
        append_row(sheet, row, columns)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count}"


def append_row(sheet, values: Sequence, columns: Sequence[Column] | None = None) -> None:
    """Append one row of plain Python values, each written safely; ``columns`` give
    the number formats."""
    formats = [column.number_format for column in columns] if columns else [None] * len(values)
    sheet.append(
        [
            cell(sheet, value, number_format=number_format)
            for value, number_format in zip(values, formats, strict=True)
        ]
    )


def new_workbook():
    from openpyxl import Workbook

    return Workbook(write_only=True)


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
