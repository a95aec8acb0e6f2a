"""The archive snapshot of a class keeps the courses of extracurricular activity: after
the subjects, under a heading that says so, in the statement, the journal sheets and
the JSON Lines (with the subject's kind and whether a result is counted) — and the
statement's figures count the subjects of the curriculum only, as the statistics do."""

import io
import json

import pytest
from openpyxl import load_workbook

from achievements.statistics.core import scope_of
from archive.collect import class_data
from archive.exports import class_files
from archive.summary import summary
from tests.achievements.factories import PeriodMarkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(journal, talks, chess):
    """Антонова: Математика 5, «незач», «Н»; Борисов: Математика 4, «зач», «В»."""
    for learner, values in (
        (journal.learner, ("5", "незач", "Н")),
        (journal.classmate, ("4", "зач", "В")),
    ):
        for subject, value in zip(
            (journal.subject, talks.subject, chess.subject), values, strict=True
        ):
            PeriodMarkFactory(learner=learner, subject=subject, period=journal.period, value=value)
    return class_data(scope=scope_of(year=journal.year, period=journal.period), group=journal.group)


def test_summary_counts_subjects_only_and_shows_courses_last(data):
    computed = summary(data)

    assert [name for _, name in computed.subjects] == [
        "Математика",
        "Разговоры о важном (внеурочная деятельность)",
        "Шахматы (внеурочная деятельность)",
    ]
    assert [[e.shown for e in row.entries] for row in computed.rows] == [
        ["5", "незач", "Н"],
        ["4", "зач", "В"],
    ]
    total = computed.class_total
    assert (total.learners, total.attested, total.passing, total.quality) == (2, 2, 2, 2)
    assert [(row.numeric_sum, row.numeric_count) for row in computed.rows] == [(5, 1), (4, 1)]
    assert [row.all_passing for row in computed.rows] == [True, True]


def test_workbook_and_jsonl_keep_course_results(data):
    files = {file.kind: file for file in class_files(data)}

    book = load_workbook(io.BytesIO(files["workbook"].content))
    sheet = book["Сводная ведомость"]
    assert next(sheet.iter_rows(max_row=1, values_only=True)) == (
        "№",
        "Обучающийся",
        "Математика",
        "Разговоры о важном (внеурочная деятельность)",
        "Шахматы (внеурочная деятельность)",
        "Средний балл",
    )
    assert book.sheetnames[:4] == [
        "Сводная ведомость",
        "Математика",
        "Разговоры о важном",
        "Шахматы",
    ]
    records = [json.loads(line) for line in files["data"].content.decode().splitlines()]
    subjects = [(r["name"], r["kind"]) for r in records if r["record"] == "subject"]
    assert subjects == [
        ("Математика", "subject"),
        ("Разговоры о важном", "extracurricular"),
        ("Шахматы", "extracurricular"),
    ]
    first = next(r for r in records if r["record"] == "summary_row")
    assert [(m["value"], m["counted"]) for m in first["marks"]] == [
        ("5", True),
        ("незач", False),
        ("Н", False),
    ]
    assert first["all_passing"] is True
