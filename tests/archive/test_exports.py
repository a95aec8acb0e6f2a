"""The files of a class's period snapshot (archive.exports): the workbook, both PDF/A
documents and the JSON Lines show the same figures, computed by archive.summary."""

import io
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pikepdf import pdfa
from pypdf import PdfReader

from achievements.models import MarkOrigin, PeriodMark
from archive.collect import ClassData, Scope, class_data
from archive.exports import class_files
from archive.summary import percent, summary
from learners.models import AcademicYear, Learner, StudyGroup, StudyPeriod, Subject
from tests.achievements.factories import (
    CellChangeFactory,
    ExemptionFactory,
    JournalCellFactory,
    LessonFactory,
    PeriodMarkChangeFactory,
    PeriodMarkFactory,
)
from tests.achievements.portfolio.factories import AchievementFactory
from tests.schools import SchoolBuilder


@dataclass
class School:
    scope: Scope
    group: StudyGroup
    learners: list[Learner]
    subjects: list[Subject]


def _lessons(builder, group, period, subject, teacher, first: date, count: int):
    return [
        LessonFactory(
            group=group,
            subject=subject,
            period=period,
            teacher=teacher,
            date=first + timedelta(days=7 * n),
            number=1,
            topic=f"{subject.name}: тема {n + 1}",
            homework=f"§ {n + 1}",
        )
        for n in range(count)
    ]


@pytest.fixture
def school(db):
    """5А, first quarter: three learners, mathematics and Russian, four lessons each.

    Period marks: Алексеев 5 / 4 (credited), Борисова 4 / н/а, Волков 2 / exempt."""
    builder = SchoolBuilder()
    builder.organisation()
    period = builder.period()
    teacher = builder.class_teacher("Петрова", "Ольга", "Николаевна")
    group = builder.group("5А", class_teacher=teacher)
    alekseev = builder.learner(group, "Алексеев", "Борис", "Викторович")
    borisova = builder.learner(group, "Борисова", "Вера", "Андреевна")
    volkov = builder.learner(group, "Волков", "Глеб", "Денисович")
    maths, russian = builder.subject("Математика"), builder.subject("Русский язык")
    maths_teacher = builder.subject_teacher(group, maths)
    russian_teacher = builder.subject_teacher(group, russian)
    maths_lessons = _lessons(builder, group, period, maths, maths_teacher, date(2026, 9, 3), 4)
    russian_lessons = _lessons(
        builder, group, period, russian, russian_teacher, date(2026, 9, 4), 4
    )
    journal = {
        # learner: maths cells, russian cells as (attendance, marks)
        alekseev: ([("", "5"), ("", "5/4"), ("н", ""), ("", "5")], [("", "4")] * 4),
        borisova: ([("", "4"), ("б", ""), ("", "4"), ("", "3")], [("уп", ""), ("", "3")] * 2),
        volkov: ([("н", ""), ("", "2"), ("", "3"), ("н", "2")], [("б", "")] * 4),
    }
    for learner, (maths_cells, russian_cells) in journal.items():
        for lessons, cells in ((maths_lessons, maths_cells), (russian_lessons, russian_cells)):
            for lesson, (attendance, marks) in zip(lessons, cells, strict=True):
                cell = JournalCellFactory(
                    lesson=lesson, learner=learner, attendance=attendance, marks=marks
                )
    CellChangeFactory(cell=cell, new_marks="", new_attendance="б", reason="Болел")
    PeriodMarkFactory(learner=alekseev, subject=maths, period=period, value="5")
    PeriodMarkFactory(
        learner=alekseev,
        subject=russian,
        period=period,
        value="4",
        origin=MarkOrigin.CREDITED,
        credit_source="МБОУ «Школа № 7»",
        credit_original="хорошо",
    )
    PeriodMarkFactory(learner=borisova, subject=maths, period=period, value="4")
    mark = PeriodMarkFactory(learner=borisova, subject=russian, period=period, value="н/а")
    PeriodMarkChangeFactory(mark=mark, old_value="3", new_value="н/а", reason="Пропущено 50%")
    PeriodMarkFactory(learner=volkov, subject=maths, period=period, value="2")
    ExemptionFactory(learner=volkov, subject=russian)
    AchievementFactory(learner=alekseev, title="Олимпиада по математике, школьный этап")
    return School(
        scope=Scope(year=builder.year, period=period),
        group=group,
        learners=[alekseev, borisova, volkov],
        subjects=[maths, russian],
    )


def _files(school):
    data = class_data(scope=school.scope, group=school.group)
    return data, {file.kind: file for file in class_files(data)}


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _records(content: bytes) -> list[dict]:
    return [json.loads(line) for line in content.decode("utf-8").splitlines()]


def _summary_sheet(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return book, book["Сводная ведомость"]


# --- archive.summary -------------------------------------------------------------------


def _data(marks: list[tuple[int, int, str]], *, exempt=(), learners=3, subjects=2) -> ClassData:
    """A ClassData in memory (nothing saved): marks as (learner, subject, value)."""
    year = AcademicYear(
        pk=1, name="2026/2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31)
    )
    period = StudyPeriod(
        pk=1, year=year, number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25)
    )
    learner_rows = [
        Learner(pk=n, last_name=f"Ученик{n}", first_name="И") for n in range(1, learners + 1)
    ]
    return ClassData(
        scope=Scope(year=year, period=period),
        organisation=None,
        group=StudyGroup(pk=1, name="5А"),
        roster=[type("Row", (), {"learner": learner})() for learner in learner_rows],
        subjects=[Subject(pk=n, name=f"Предмет {n}") for n in range(1, subjects + 1)],
        lessons=[],
        cells={},
        cell_changes=[],
        marks=[
            PeriodMark(learner_id=learner, subject_id=subject, kind="period", value=value)
            for learner, subject, value in marks
        ],
        mark_changes=[],
        exemptions=[
            type("Exemption", (), {"learner_id": learner, "subject_id": subject})()
            for learner, subject in exempt
        ],
        state_exams=[],
        achievements=[],
        applications=[],
    )


def test_percent_two_of_three_rounds_half_up():
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 rounds up, not to even
    assert percent(0, 0) is None


def test_summary_subject_counts_exact_with_codes_and_exemption():
    computed = summary(
        _data(
            [(1, 1, "5"), (2, 1, "зач"), (3, 1, "н/а"), (1, 2, "3"), (2, 2, "2")],
            exempt=[(3, 2)],
        )
    )

    first, second = computed.subject_totals
    assert (first.attested, first.passing, first.quality) == (3, 2, 1)
    assert first.counts == {"5": 1, "4": 0, "3": 0, "2": 0, "н/а": 1}
    assert first.mean == Decimal("5.00")
    assert first.progress_percent == Decimal("66.7")
    assert first.quality_percent == Decimal("33.3")
    assert (second.attested, second.passing, second.quality, second.exempt) == (2, 1, 0, 1)
    assert second.mean == Decimal("2.50")
    assert second.progress_percent == Decimal("50.0")
    assert second.quality_percent == Decimal("0.0")
    assert [entry.shown for entry in computed.rows[2].entries] == ["н/а", "осв."]


def test_summary_class_quality_requires_every_numeric_mark_four_or_five():
    computed = summary(
        _data([(1, 1, "5"), (1, 2, "зач"), (2, 1, "4"), (2, 2, "3"), (3, 1, "незач")])
    )

    total = computed.class_total
    assert (total.learners, total.attested, total.passing, total.quality) == (3, 3, 2, 1)
    assert total.progress_percent == Decimal("66.7")
    assert total.quality_percent == Decimal("33.3")
    assert [row.mean for row in computed.rows] == [Decimal("5.00"), Decimal("3.50"), None]


def test_summary_percents_none_without_attested_marks():
    computed = summary(_data([], exempt=[(1, 1)]))

    assert computed.subject_totals[0].progress_percent is None
    assert computed.class_total.attested == 0
    assert computed.class_total.quality_percent is None
    assert computed.rows[0].entries[0].shown == "осв."


# --- the files -------------------------------------------------------------------------


def test_class_files_four_in_order_with_russian_names(school):
    _, files = _files(school)

    assert list(files) == ["workbook", "summary_pdf", "journal_pdf", "data"]
    assert [f.name for f in files.values()] == [
        "5А — сводная ведомость и журнал.xlsx",
        "5А — сводная ведомость.pdf",
        "5А — журнал.pdf",
        "5А — данные.jsonl",
    ]
    assert files["summary_pdf"].content_type == "application/pdf"


def test_workbook_summary_sheet_marks_and_means_exact(school):
    _, files = _files(school)
    book, sheet = _summary_sheet(files["workbook"].content)

    rows = list(sheet.iter_rows(min_row=1, max_row=4, values_only=True))
    assert rows[0] == ("№", "Обучающийся", "Математика", "Русский язык", "Средний балл")
    assert rows[1] == (1, "Алексеев Борис Викторович", "5", "4", 4.5)
    assert rows[2] == (2, "Борисова Вера Андреевна", "4", "н/а", 4)
    assert rows[3] == (3, "Волков Глеб Денисович", "2", "осв.", 2)
    assert sheet["E2"].number_format == "0.00"
    assert sheet.freeze_panes == "C2"
    assert book.sheetnames[:3] == ["Сводная ведомость", "Математика", "Русский язык"]


def test_workbook_summary_sheet_totals_and_percents_exact(school):
    _, files = _files(school)
    _, sheet = _summary_sheet(files["workbook"].content)

    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    split = [row[1] for row in rows].index("Итоги по классу")
    by_label = {row[1]: row[2:4] for row in rows[:split] if row[1]}
    by_class = {row[1]: row[2] for row in rows[split:] if row[1]}
    assert by_label["Отметок «5»"] == (1, 0)
    assert by_label["Отметок «2»"] == (1, 0)
    assert by_label["Не аттестовано (н/а)"] == (0, 1)
    assert by_label["Освобождены (осв.)"] == (0, 1)
    assert by_label["Аттестовано"] == (3, 2)
    assert by_label["Успевают"] == (2, 1)
    assert by_label["На «4» и «5»"] == (2, 1)
    assert by_label["Средний балл"] == (3.67, 4)
    assert by_label["Успеваемость, %"] == (66.7, 50)
    assert by_label["Качество знаний, %"] == (66.7, 50)
    assert by_class["Обучающихся в списке"] == 3
    assert by_class["Аттестовано (есть хотя бы одна отметка)"] == 3
    assert by_class["Успевают по всем предметам"] == 1
    assert by_class["Успевают на «4» и «5»"] == 1
    assert by_class["Успеваемость, %"] == 33.3
    assert by_class["Качество знаний, %"] == 33.3


def test_workbook_journal_and_attendance_sheets_as_journal_shows(school):
    _, files = _files(school)
    book = load_workbook(io.BytesIO(files["workbook"].content))

    maths = list(book["Математика"].iter_rows(values_only=True))
    assert maths[0] == ("№", "Обучающийся", "03.09", "10.09", "17.09", "24.09", "За период")
    assert maths[1][2:] == ("5", "5/4", "н", "5", "5")
    assert maths[3][2:] == ("н", "2", "3", "н/2", "2")
    attendance = list(book["Посещаемость"].iter_rows(values_only=True))
    # Волков: н twice in maths, б four times in Russian.
    assert attendance[3] == (3, "Волков Глеб Денисович", 6, 4, 2, 0)
    lessons = list(book["Уроки"].iter_rows(values_only=True))
    assert lessons[1][:4] == ("Математика", lessons[1][1], 1, "Математика: тема 1")
    assert lessons[1][1].date() == date(2026, 9, 3)
    assert book["Уроки"]["B2"].number_format == "DD.MM.YYYY"
    assert book["Уроки"].print_title_rows == "$1:$1"


def test_workbook_history_and_achievements_sheets_list_rows(school):
    _, files = _files(school)
    book = load_workbook(io.BytesIO(files["workbook"].content))

    history = list(book["История изменений"].iter_rows(min_row=2, values_only=True))
    assert [(row[2], row[6], row[7], row[8]) for row in history] == [
        ("Волков Глеб Денисович", None, "б", "Болел"),
        ("Борисова Вера Андреевна", "3", "н/а", "Пропущено 50%"),
    ]
    achievements = list(book["Достижения"].iter_rows(min_row=2, values_only=True))
    assert achievements[0][:2] == (
        "Алексеев Борис Викторович",
        "Олимпиада по математике, школьный этап",
    )


def test_workbook_learner_name_starting_with_equals_stays_text(school):
    builder_learner = Learner.objects.get(last_name="Волков")
    builder_learner.last_name = '=HYPERLINK("http://x")'
    builder_learner.save()
    _, files = _files(school)
    _, sheet = _summary_sheet(files["workbook"].content)

    names = [sheet.cell(row=n, column=2) for n in range(2, 5)]
    cell = next(c for c in names if str(c.value).startswith("="))
    assert cell.value == '=HYPERLINK("http://x") Глеб Денисович'
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    records = _records(files["data"].content)
    learner = next(r for r in records if r["record"] == "learner" and r["last_name"][0] == "=")
    assert learner["full_name"] == cell.value


def test_summary_pdf_names_marks_percents_and_page_numbers(school):
    _, files = _files(school)
    text = _pdf_text(files["summary_pdf"].content)

    assert "Сводная ведомость итоговых отметок" in text
    for name in ("Алексеев Борис Викторович", "Борисова Вера Андреевна", "Волков Глеб Денисович"):
        assert name in text
    row = re.search(r"Алексеев Борис Викторович\s+(\S+)\s+(\S+)\s+(\S+)", text)
    # Russian documents write a decimal comma.
    assert row.groups() == ("5", "4*", "4,50")
    assert re.search(r"Волков Глеб Денисович\s+2\s+осв\.\s+2,00", text)
    assert "н/а" in text
    assert "66,7 (2 из 3)" in text
    assert "33,3 (1 из 3)" in text
    # The chart of progress and quality per subject stands above their table.
    chart = text.index("Успеваемость и качество по предметам, %")
    assert text.index("Итоги по предметам") < chart < text.index("Итоги по классу")
    assert "стр. 1 из 2" in text and "стр. 2 из 2" in text
    assert "Директор" in text and "Иванова Мария Петровна" in text
    assert "Петрова Ольга Николаевна" in text


def test_journal_pdf_every_cell_and_topic_present(school):
    data, files = _files(school)
    text = _pdf_text(files["journal_pdf"].content)

    assert "Журнал успеваемости и посещаемости" in text
    assert "стр. 1 из" in text
    for learner in school.learners:
        assert learner.full_name in text
    for cell in data.cells.values():
        assert cell.text in text
    for lesson in data.lessons:
        assert lesson.topic in text
        assert f"{lesson.date:%d.%m}" in text


@pytest.mark.parametrize("kind", ["summary_pdf", "journal_pdf"])
def test_pdf_passes_pdfa_2b_validation(school, kind):
    _, files = _files(school)

    report = pdfa.validate_written(io.BytesIO(files[kind].content), "2b")

    assert report.passed, report


def test_year_scope_final_marks_get_columns_of_their_own(school):
    maths = school.subjects[0]
    year = school.scope.year
    for learner, value in zip(school.learners, ["5", "3", "зач"], strict=True):
        PeriodMarkFactory(
            learner=learner, subject=maths, kind="year", period=None, year=year, value=value
        )
    PeriodMarkFactory(
        learner=school.learners[0], subject=maths, kind="final", period=None, year=year, value="5"
    )
    data = class_data(scope=Scope(year=year, period=None), group=school.group)
    files = {file.kind: file for file in class_files(data)}
    _, sheet = _summary_sheet(files["workbook"].content)

    assert [c.value for c in sheet[1]] == [
        "№",
        "Обучающийся",
        "Математика",
        "Русский язык",
        "Математика (итоговая)",
        "Русский язык (итоговая)",
        "Средний балл",
    ]
    assert [c.value for c in sheet[2]] == [1, "Алексеев Борис Викторович", "5", None, "5", None, 5]
    assert [c.value for c in sheet[4]] == [
        3,
        "Волков Глеб Денисович",
        "зач",
        "осв.",
        None,
        "осв.",
        None,
    ]
    class_total = _records(files["data"].content)[-4]
    assert class_total["record"] == "class_total"
    assert (class_total["attested"], class_total["passing"], class_total["quality"]) == (3, 3, 2)
    assert "отметки: годовая" in _pdf_text(files["summary_pdf"].content)


def test_journal_pdf_long_subject_split_into_tables(school):
    maths = school.subjects[0]
    for n in range(30):
        LessonFactory(
            group=school.group,
            subject=maths,
            period=school.scope.period,
            date=date(2026, 9, 1) + timedelta(days=n),
            number=2,
            topic=f"Дополнительный урок {n}",
        )
    _, files = _files(school)

    assert "Дополнительный урок 29" in _pdf_text(files["journal_pdf"].content)
    assert pdfa.validate_written(io.BytesIO(files["journal_pdf"].content), "2b").passed


def test_jsonl_header_and_records_link_by_ids(school):
    _, files = _files(school)
    records = _records(files["data"].content)
    lines = files["data"].content.decode("utf-8").splitlines()

    assert records[0]["record"] == "header"
    assert records[0]["schema"] == "uchet-archive/1"
    assert records[0]["scope"]["starts_on"] == "2026-09-01"
    assert records[0]["group"]["name"] == "5А"
    assert all(
        line == json.dumps(json.loads(line), ensure_ascii=False, sort_keys=True) for line in lines
    )
    kinds = {record["record"] for record in records}
    assert {"learner", "subject", "lesson", "cell", "cell_change", "mark", "mark_change"} <= kinds
    assert {"exemption", "achievement", "summary_row", "subject_total", "class_total"} <= kinds
    learner_ids = {r["id"] for r in records if r["record"] == "learner"}
    lesson_ids = {r["id"] for r in records if r["record"] == "lesson"}
    cells = [r for r in records if r["record"] == "cell"]
    assert len(cells) == 24
    assert all(c["learner_id"] in learner_ids and c["lesson_id"] in lesson_ids for c in cells)
    credited = next(r for r in records if r["record"] == "mark" and r["origin"] == "credited")
    assert credited["credit_source"] == "МБОУ «Школа № 7»"


def test_jsonl_summary_rows_equal_workbook_values(school):
    _, files = _files(school)
    records = _records(files["data"].content)
    _, sheet = _summary_sheet(files["workbook"].content)

    rows = [r for r in records if r["record"] == "summary_row"]
    for record, excel in zip(
        rows, sheet.iter_rows(min_row=2, max_row=4, values_only=True), strict=True
    ):
        assert [m["shown"] for m in record["marks"]] == list(excel[2:4])
        assert Decimal(record["mean"]) == Decimal(str(excel[4]))
    assert [r["mean"] for r in rows] == ["4.50", "4.00", "2.00"]
    totals = [r for r in records if r["record"] == "subject_total"]
    assert [(t["attested"], t["passing"], t["quality"]) for t in totals] == [(3, 2, 2), (2, 1, 1)]
    assert [t["progress_percent"] for t in totals] == ["66.7", "50.0"]
    assert [t["mean"] for t in totals] == ["3.67", "4.00"]
    class_total = next(r for r in records if r["record"] == "class_total")
    assert class_total["progress_percent"] == "33.3"
    assert (class_total["attested"], class_total["passing"]) == (3, 1)


def test_jsonl_subject_totals_recomputable_from_mark_records(school):
    _, files = _files(school)
    records = _records(files["data"].content)

    marks = [r for r in records if r["record"] == "mark" and r["value"]]
    for total in (r for r in records if r["record"] == "subject_total"):
        values = [m["value"] for m in marks if m["subject_id"] == total["subject_id"]]
        passing = sum(v in {"3", "4", "5", "зач", "зач.", "осв", "осв."} for v in values)
        assert total["attested"] == len(values)
        assert Decimal(total["progress_percent"]) == (
            Decimal(passing * 100) / len(values)
        ).quantize(Decimal("0.1"))


def _grow(school, *, learners: int, lessons: int) -> StudyGroup:
    """Another class of the same shape, bigger: more learners, more lessons."""
    builder = SchoolBuilder()
    period = school.scope.period
    group = builder.group("5Б", class_teacher=builder.class_teacher("Смирнова", "Анна"))
    maths, russian = school.subjects
    teacher = builder.subject_teacher(group, maths)
    people = [builder.learner(group, f"Ученик{n}", "Иван") for n in range(learners)]
    for subject in (maths, russian):
        for lesson in _lessons(builder, group, period, subject, teacher, date(2026, 9, 2), lessons):
            for learner in people:
                cell = JournalCellFactory(lesson=lesson, learner=learner, marks="4")
        CellChangeFactory(cell=cell, reason="Исправлено")
        for learner in people:
            mark = PeriodMarkFactory(learner=learner, subject=subject, period=period, value="4")
        PeriodMarkChangeFactory(mark=mark)
    ExemptionFactory(learner=people[0], subject=russian)
    AchievementFactory(learner=people[0])
    return group


def test_class_files_queries_constant_in_learners_and_lessons(school):
    bigger = _grow(school, learners=6, lessons=7)

    def count(group):
        with CaptureQueriesContext(connection) as queries:
            class_files(class_data(scope=school.scope, group=group))
        return len(queries)

    assert count(school.group) == count(bigger)


def test_workbook_rewards_sheet_header_only_without_rewards(school):
    data, files = _files(school)
    book = load_workbook(io.BytesIO(files["workbook"].content))

    assert data.rewards == []
    assert list(book["Поощрения"].iter_rows(values_only=True)) == [
        (
            "Обучающийся",
            "Вид поощрения",
            "Предмет",
            "Основание",
            "За что",
            "Приказ №",
            "Дата приказа",
            "Получено в (организация)",
            "Утверждено (получено)",
            "Вручено",
            "Статус",
        )
    ]
    assert "Поощрения за период" not in _pdf_text(files["summary_pdf"].content)
    assert [r for r in _records(files["data"].content) if r["record"] == "reward"] == []
