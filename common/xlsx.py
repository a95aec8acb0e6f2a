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

import copy
import functools
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
        # Most texts (names, marks) hold no control character, line break, surrogate
        # or non-character at all: one C-level pass tells, and skips the rest.
        if not value.isprintable():
            value = strip_control_characters(value).replace("\r\n", "\n").replace("\r", "\n")
        return value[:MAX_CELL_CHARACTERS] or None
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def cell(sheet, value, *, number_format: str | None = None, bold: bool = False):
    """A write-only cell holding ``value`` safely (see the module's note), or None for
    an empty one. A value that needs no style and that openpyxl cannot mistake for a
    formula or an error code is returned as it is: a cell object for each of the tens
    of thousands of marks in a class's journal would cost more than writing them."""
    value = safe_value(value)
    if value is None:
        return None
    if number_format is None and not bold and _plain(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    result = WriteOnlyCell(sheet, value=value)
    quote = False
    if isinstance(value, str):
        result.data_type = "s"
        quote = value.startswith(FORMULA_STARTS)
    if number_format or bold or quote:
        result._style = copy.copy(_style(sheet, number_format, bold, quote))
    return result


def _style(sheet, number_format, bold, quote):
    """The style of a cell with these properties, made once per workbook: building
    it (a font, a number format registered in the workbook's tables) for each of a
    journal's thousands of dated cells cost as much as writing them. A style's ids
    point into its own workbook's tables, so the cache lives on the workbook."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cache = sheet.parent.__dict__.setdefault("_uchet_styles", {})
    key = (number_format, bold, quote)
    if key not in cache:
        template = WriteOnlyCell(sheet)
        if number_format:
            template.number_format = number_format
        if bold:
            template.font = Font(bold=True)
        if quote:
            template.quotePrefix = True
        cache[key] = template._style
    return cache[key]


def _plain(value) -> bool:
    """Whether openpyxl writes ``value`` appended as it is exactly as ``cell`` would: a
    number, or text that is neither formula-like nor one of the error codes ("#N/A")
    it would store as an error."""
    if isinstance(value, str):
        return not value.startswith(FORMULA_STARTS) and value not in _error_codes()
    return isinstance(value, int | float) and not isinstance(value, bool)


@functools.cache
def _error_codes() -> frozenset[str]:
    from openpyxl.cell.cell import ERROR_CODES

    return frozenset(ERROR_CODES)


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
    the number formats. Empty values and everyday text (printable, short, neither
    formula-like nor an error code) are passed straight through: most of a journal's
    cells are such, and a call of ``cell`` for each is most of the writing time."""
    formats = [column.number_format for column in columns] if columns else [None] * len(values)
    errors = _error_codes()
    row = []
    for value, number_format in zip(values, formats, strict=True):
        if value is None or value == "":
            row.append(None)
        elif number_format is None and (
            type(value) is int
            or (
                type(value) is str
                and len(value) <= MAX_CELL_CHARACTERS
                and value.isprintable()
                and not value.startswith(FORMULA_STARTS)
                and value not in errors
            )
        ):
            row.append(value)
        else:
            row.append(cell(sheet, value, number_format=number_format))
    sheet.append(row)


def new_workbook():
    from openpyxl import Workbook

    return Workbook(write_only=True)


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
