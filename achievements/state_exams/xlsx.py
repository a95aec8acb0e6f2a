"""A class's state exam results as a spreadsheet: the same workbook conventions as
external assessment's (achievements/external/xlsx.py; docs/external-assessment-import.md)."""

from achievements.external.xlsx import NAME_HEADERS, FileRefused, class_template, read_class_rows
from achievements.state_exams.rules import ExamRow
from common.xlsx import Column

__all__ = ["HEADERS", "FileRefused", "read_rows", "template_bytes"]

HEADERS = [*NAME_HEADERS[:4], "Дата экзамена", "Баллы", "Отметка"]


def template_bytes(*, title: str, learners) -> bytes:
    columns = [Column("Дата экзамена", 14, "DD.MM.YYYY"), Column("Баллы", 8), Column("Отметка", 9)]
    return class_template(title=title, columns=columns, learners=learners)


def read_rows(upload, *, learners) -> dict[int, ExamRow]:
    """learner id → ExamRow from an uploaded file, or FileRefused."""

    def row(texts, number):
        return ExamRow(exam_date=texts[4], score=texts[5], mark=texts[6], version=None, line=number)

    return read_class_rows(upload, expected=HEADERS, learners=learners, make_row=row)
