import pytest

from achievements.external.rules import RawRow, check, mark_for

THRESHOLDS = [[0, "2"], [4, "3"], [6, "4"], [8, "5"]]
MARKS = ["1", "2", "3", "4", "5"]


def run(raw, **overrides):
    arguments = dict(max_score=10, task_count=3, task_max=[3, 3, 4], thresholds=THRESHOLDS)
    arguments.update(overrides)
    return check(raw, marks=MARKS, **arguments)


@pytest.mark.parametrize(
    ("score", "mark"),
    [(0, "2"), (3, "2"), (4, "3"), (5, "3"), (6, "4"), (7, "4"), (8, "5"), (10, "5")],
)
def test_mark_for_thresholds_gives_highest_reached(score, mark):
    assert mark_for(score, THRESHOLDS) == mark


def test_mark_for_without_thresholds_is_empty():
    assert mark_for(7, []) == ""


def test_check_task_scores_sum_to_score_and_mark_derived():
    value, errors = run(RawRow(tasks=["2", "3", "3"]))
    assert errors == []
    assert (value.score, value.mark, value.tasks) == (8, "5", [2, 3, 3])


def test_check_typed_mark_kept_over_thresholds():
    value, errors = run(RawRow(score="8", mark="4"))
    assert errors == []
    assert (value.score, value.mark, value.tasks) == (8, "4", [])


def test_check_partial_tasks_keep_typed_score():
    value, errors = run(RawRow(score="5", tasks=["2", "", ""]))
    assert errors == []
    assert (value.score, value.mark, value.tasks) == (5, "3", [2])


def test_check_sum_differs_from_score_refused():
    value, errors = run(RawRow(score="9", tasks=["2", "3", "3"]))
    assert value is None
    assert errors == ["Сумма баллов за задания (8) не равна баллам (9)."]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (RawRow(score="11"), "Баллы: 11 — вне диапазона 0…10."),
        (RawRow(score="-1"), "Баллы: -1 — вне диапазона 0…10."),
        (RawRow(score="пять"), "Баллы: «пять» — не число."),
        (RawRow(score="4.5"), "Баллы: «4.5» — нужно целое число."),
        (RawRow(tasks=["4", "", ""]), "Задание 1: 4 — вне диапазона 0…3."),
        (RawRow(tasks=["", "", "x"]), "Задание 3: «x» — не число."),
        (RawRow(score="5", mark="6"), "Отметка «6» не из шкалы: допустимо 1, 2, 3, 4, 5."),
    ],
)
def test_check_bad_input_refused_in_russian(raw, message):
    value, errors = run(raw)
    assert value is None
    assert errors == [message]


def test_check_without_score_or_mark_refused():
    value, errors = run(RawRow(mark=" "), thresholds=[])
    assert value is None
    assert errors == ["Укажите баллы или отметку."]
