"""How the class's workbook (archive/exports/workbook.py) writes its sheets: the cell
formats, unique sheet titles, plain tables and sheets laid out row by row."""

from common import xlsx

DATE = "DD.MM.YYYY"
MOMENT = "DD.MM.YYYY HH:MM"
MEAN = "0.00"
PERCENT = "0.0"
INTEGER = "0"


def _unique_title(text: str, taken: set[str]) -> str:
    """Subjects cut to Excel's 31 characters may meet each other or a fixed sheet."""
    title = xlsx.sheet_title(text)
    candidate, number = title, 2
    while candidate.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({number})"
        candidate = xlsx.sheet_title(title[: xlsx.MAX_TITLE_CHARACTERS - len(suffix)] + suffix)
        number += 1
    taken.add(candidate)
    return candidate


def _table(book, **sheet) -> None:
    """A plain table (common.xlsx.write_sheet) whose header row is printed on every
    page: print titles are a name of the workbook, written on save, so unlike widths
    and panes they may be set after the rows."""
    xlsx.write_sheet(book, **sheet)
    book.worksheets[-1].print_title_rows = "1:1"


def _start(book, title: str, widths: list[float], *, freeze: str):
    """A sheet with its widths and frozen panes, which a write-only sheet takes only
    before its first row, and its header row printed on every page."""
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(xlsx.sheet_title(title))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = freeze
    sheet.print_title_rows = "1:1"
    return sheet


def _row(sheet, values, formats=None, *, bold=False):
    formats = formats or [None] * len(values)
    sheet.append(
        [
            xlsx.cell(sheet, value, number_format=fmt, bold=bold)
            for value, fmt in zip(values, formats, strict=True)
        ]
    )
