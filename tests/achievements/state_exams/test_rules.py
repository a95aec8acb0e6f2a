"""The rules of one row of state exam results: exact values and Russian refusals."""

from datetime import date
from types import SimpleNamespace

import pytest

from achievements.state_exams.rules import ExamRow, ExamValue, check

YEAR = SimpleNamespace(name="2026/2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31))


def run(kind, **typed):
    return check(ExamRow(**typed), kind=kind, year=YEAR)


def test_check_oge_mark_with_primary_score():
    assert run("oge", exam_date="2027-05-20", score="15", mark="4") == (
        ExamValue(date(2027, 5, 20), 15, "4"), [],
    )  # fmt: skip


def test_check_oge_mark_only_russian_date_format():
    assert run("oge", exam_date="03.06.2027", mark="5") == (
        ExamValue(date(2027, 6, 3), None, "5"),
        [],
    )


def test_check_ege_score_only():
    assert run("ege", exam_date="2027-06-10", score=" 78 ") == (
        ExamValue(date(2027, 6, 10), 78, ""), [],
    )  # fmt: skip


def test_check_ege_score_zero_and_hundred_accepted():
    assert run("ege", exam_date="2027-06-10", score="0")[0].score == 0
    assert run("ege", exam_date="2027-06-10", score="100")[0].score == 100


@pytest.mark.parametrize(
    ("kind", "typed", "errors"),
    [
        ("ege", {"score": "101"}, ["Баллы: 101 — вне диапазона 0…100."]),
        ("oge", {"mark": "6"}, ["Отметка «6» не из шкалы: допустимо 2, 3, 4, 5."]),
        ("oge", {"score": "пять", "mark": "5"}, ["Баллы: «пять» — не число."]),
        ("oge", {"score": "12,5", "mark": "4"}, ["Баллы: «12.5» — нужно целое число."]),
        ("oge", {"score": "12"}, ["Укажите отметку ОГЭ."]),
        ("gve", {"score": "12"}, ["Укажите отметку ГВЭ."]),
        ("ege", {"mark": "4"},
         ["ЕГЭ оценивается в баллах: отметку не ставьте.", "Укажите баллы ЕГЭ."]),
        ("ege", {"score": "70", "mark": "4"}, ["ЕГЭ оценивается в баллах: отметку не ставьте."]),
    ],
)  # fmt: skip
def test_check_refuses_bad_values(kind, typed, errors):
    assert run(kind, exam_date="2027-05-20", **typed) == (None, errors)


@pytest.mark.parametrize(
    ("typed_date", "error"),
    [
        ("", "Укажите дату экзамена."),
        ("32.05.2027", "Дата экзамена «32.05.2027» не распознана: нужна дата ДД.ММ.ГГГГ."),
        ("2026-08-31", "Дата экзамена 31.08.2026 — не из 2026/2027 учебного года."),
        ("2028-01-01", "Дата экзамена 01.01.2028 — не из 2026/2027 учебного года."),
    ],
)
def test_check_refuses_bad_date(typed_date, error):
    assert run("oge", exam_date=typed_date, mark="4") == (None, [error])


def test_check_bad_date_and_bad_mark_both_reported():
    assert run("oge", exam_date="", mark="7") == (
        None, ["Укажите дату экзамена.", "Отметка «7» не из шкалы: допустимо 2, 3, 4, 5."],
    )  # fmt: skip


def test_row_with_date_only_is_not_empty():
    assert ExamRow(exam_date="2027-05-20").is_empty is False
    assert ExamRow(exam_date=" ", score="", mark="").is_empty is True
