"""The class's results as a spreadsheet: the template to fill in (the class's learners
already listed) and the reading of a filled one. The format is described in
docs/external-assessment-import.md. A file is refused whole on any bad line."""

import io
import zipfile
from datetime import date, datetime

from achievements.external.rules import RawRow
from common.xlsx import Column, new_workbook, workbook_bytes, write_sheet

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
NAME_HEADERS = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Баллы", "Отметка"]


def headers(assessment) -> list[str]:
    return NAME_HEADERS + [f"Задание {n}" for n in range(1, assessment.task_count + 1)]


def template_bytes(assessment, learners) -> bytes:
    columns = [Column("Баллы", 8), Column("Отметка", 9)]
    columns += [Column(f"Задание {n}", 11) for n in range(1, assessment.task_count + 1)]
    return class_template(title=assessment.title, columns=columns, learners=learners)


def class_template(*, title: str, columns: list[Column], learners) -> bytes:
    """A class's workbook: the learners' names and birth dates, then ``columns`` empty
    to fill in. State exams (achievements/state_exams/) use it too."""
    columns = [Column(t, 16) for t in NAME_HEADERS[:3]] + [
        Column("Дата рождения", 14, "DD.MM.YYYY"),
        *columns,
    ]
    rows = (
        [learner.last_name, learner.first_name, learner.patronymic, learner.birth_date]
        + [None] * (len(columns) - 4)
        for learner in learners
    )
    book = new_workbook()
    write_sheet(book, title=title, columns=columns, rows=rows)
    return workbook_bytes(book)


class FileRefused(Exception):
    """The whole file is refused: ``errors`` are Russian sentences, line-numbered."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


def _text(value) -> str:
    # Read as text, never evaluated: a cell holding "=1+1" is the text "=1+1".
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _birth(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _key(*parts) -> tuple:
    return tuple(p.strip().lower().replace("ё", "е") for p in parts)


def read_rows(upload, *, assessment, learners) -> dict[int, RawRow]:
    """learner id → RawRow from an uploaded file, or FileRefused."""

    def row(texts, number):
        return RawRow(score=texts[4], mark=texts[5], tasks=texts[6:], version=None, line=number)

    return read_class_rows(upload, expected=headers(assessment), learners=learners, make_row=row)


def read_class_rows(upload, *, expected: list[str], learners, make_row) -> dict:
    """learner id → ``make_row(texts, line_number)`` for each filled line of a class's
    workbook whose header is ``expected``, or FileRefused. Learners are matched by full
    name, and by birth date too when two in the class share it. A row needs ``is_empty``."""
    if upload.size > MAX_BYTES:
        raise FileRefused([f"Файл больше {MAX_BYTES // (1024 * 1024)} МБ."])
    content = upload.read()
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise FileRefused(["Файл не в формате XLSX (книга Excel)."])
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        lines = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    except Exception:  # openpyxl raises many kinds on a damaged or foreign archive
        raise FileRefused(["Файл не в формате XLSX (книга Excel)."]) from None
    got = [_text(v) for v in (lines[0] if lines else ())][: len(expected)]
    if got != expected:
        raise FileRefused(
            ["Строка 1: заголовок не совпадает с шаблоном — скачайте шаблон и заполните его."]
        )
    if len(lines) > MAX_ROWS + 1:
        raise FileRefused([f"В файле больше {MAX_ROWS} строк."])
    by_name: dict[tuple, list] = {}
    for learner in learners:
        key = _key(learner.last_name, learner.first_name, learner.patronymic)
        by_name.setdefault(key, []).append(learner)
    rows: dict = {}
    errors: list[str] = []
    for number, line in enumerate(lines[1:], start=2):
        cells = list(line) + [None] * (len(expected) - len(line))
        texts = [_text(v) for v in cells[: len(expected)]]
        if not any(texts):
            continue
        name = " ".join(t for t in texts[:3] if t)
        found = by_name.get(_key(*texts[:3]), [])
        if len(found) > 1:
            birth = _birth(cells[3])
            found = [learner for learner in found if learner.birth_date == birth]
        if len(found) != 1:
            errors.append(f"Строка {number}: обучающийся «{name}» не найден в классе.")
            continue
        learner = found[0]
        if learner.pk in rows:
            errors.append(f"Строка {number}: «{name}» встречается в файле второй раз.")
            continue
        raw = make_row(texts, number)
        if not raw.is_empty:
            rows[learner.pk] = raw
    if errors:
        raise FileRefused(errors)
    return rows
