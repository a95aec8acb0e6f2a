"""achievements.attestation (R-JRN-4): the mean the teacher sees, quantised half up to
0.01, the thresholds it is compared with, the minimum number of marks, and the year
mark from period marks. Pure functions: no database."""

from decimal import Decimal

import pytest

from achievements.attestation import (
    DEFAULT_RULE,
    NOT_ATTESTED,
    Rule,
    average,
    mark_for,
    propose,
    propose_latest,
    propose_year,
    propose_year_on,
)
from achievements.models import AttestationMethod, AttestationRule

RULE_60 = Rule(True, Decimal("2.60"), Decimal("3.60"), Decimal("4.60"), 3)
RULE_50 = Rule(True, Decimal("2.50"), Decimal("3.50"), Decimal("4.50"), 3)
MEAN_60 = Rule(False, Decimal("2.60"), Decimal("3.60"), Decimal("4.60"), 3)


def pairs(*marks):
    """(value, weight) pairs from ints or (int, weight-string) tuples."""
    result = []
    for mark in marks:
        value, weight = mark if isinstance(mark, tuple) else (mark, "1")
        result.append((Decimal(value), Decimal(weight)))
    return result


@pytest.mark.parametrize(
    ("marks", "weighted", "expected"),
    [
        (pairs(5, 4, 4), False, Decimal("4.33")),
        (pairs(5, 4, 4), True, Decimal("4.33")),
        (pairs((5, "2"), (3, "1")), True, Decimal("4.33")),
        (pairs((5, "1"), (4, "2")), True, Decimal("4.33")),
        # Arithmetic ignores the weights.
        (pairs((5, "2"), (3, "1")), False, Decimal("4.00")),
        (pairs((5, "2.0"), (2, "1.0"), (3, "1.0")), True, Decimal("3.75")),
        (pairs((5, "2.0"), (2, "1.0"), (3, "1.0")), False, Decimal("3.33")),
        (pairs((4, "1.5"), (5, "1.0"), (3, "2.0")), True, Decimal("3.78")),
        # 33 / 8 = 4.125: half up gives 4.13 (banker's rounding would give 4.12).
        (pairs(5, 5, 4, 4, 4, 4, 4, 3), False, Decimal("4.13")),
        # 919 / 200 = 4.595 → 4.60.
        (pairs((5, "119"), (4, "81")), True, Decimal("4.60")),
        (pairs(5), True, Decimal("5.00")),
        (pairs(2, 3), False, Decimal("2.50")),
    ],
)
def test_average_quantised_half_up_to_hundredths(marks, weighted, expected):
    result = average(marks, weighted=weighted)

    assert result == expected
    assert str(result) == str(expected)


@pytest.mark.parametrize("weighted", [True, False])
def test_average_of_no_marks_is_none(weighted):
    assert average([], weighted=weighted) is None


@pytest.mark.parametrize(
    ("mean", "rule", "expected"),
    [
        # 2.50 / 3.50 / 4.50
        ("3.5", RULE_50, "4"),
        ("3.50", RULE_50, "4"),
        ("3.49", RULE_50, "3"),
        ("4.5", RULE_50, "5"),
        ("4.49", RULE_50, "4"),
        ("2.5", RULE_50, "3"),
        ("2.49", RULE_50, "2"),
        # 2.60 / 3.60 / 4.60
        ("4.6", RULE_60, "5"),
        ("4.59", RULE_60, "4"),
        ("4.50", RULE_60, "4"),
        ("3.6", RULE_60, "4"),
        ("3.59", RULE_60, "3"),
        ("2.6", RULE_60, "3"),
        ("2.59", RULE_60, "2"),
        ("5.00", RULE_60, "5"),
        ("1.00", RULE_60, "2"),
    ],
)
def test_mark_for_threshold_edges(mean, rule, expected):
    assert mark_for(Decimal(mean), rule) == expected


@pytest.mark.parametrize(
    ("marks", "rule", "expected"),
    [
        (pairs(5, 4, 4), RULE_60, "4"),  # 4.33
        (pairs(5, 5, 4), RULE_60, "5"),  # 4.67
        (pairs(5, 4, 5, 4), RULE_60, "4"),  # 4.50
        (pairs(5, 4, 5, 4), RULE_50, "5"),  # 4.50
        (pairs(3, 4, 4, 3), RULE_50, "4"),  # 3.50
        (pairs(3, 4, 3, 3), RULE_50, "3"),  # 3.25
        (pairs(2, 3, 3), RULE_60, "3"),  # 2.67
        (pairs(2, 2, 3), RULE_60, "2"),  # 2.33
        # Weighted 3.75 → «4», arithmetic 3.33 → «3».
        (pairs((5, "2.0"), (2, "1.0"), (3, "1.0")), RULE_60, "4"),
        (pairs((5, "2.0"), (2, "1.0"), (3, "1.0")), MEAN_60, "3"),
        # The quantised mean (4.595 → 4.60) is what meets the threshold.
        (pairs((5, "119"), (4, "40"), (4, "41")), RULE_60, "5"),
    ],
)
def test_propose_from_current_marks(marks, rule, expected):
    assert propose(marks, rule) == expected


@pytest.mark.parametrize(
    ("marks", "min_marks", "expected"),
    [
        (pairs(5, 5), 3, NOT_ATTESTED),
        (pairs(), 3, NOT_ATTESTED),
        (pairs(5, 5, 5), 3, "5"),
        (pairs(5, 5), 2, "5"),
        (pairs(2), 1, "2"),
    ],
)
def test_propose_below_min_marks_not_attested(marks, min_marks, expected):
    rule = Rule(True, Decimal("2.60"), Decimal("3.60"), Decimal("4.60"), min_marks)

    assert propose(marks, rule) == expected


def test_propose_no_marks_with_min_marks_zero_not_attested():
    rule = Rule(True, Decimal("2.60"), Decimal("3.60"), Decimal("4.60"), 0)

    assert propose([], rule) == NOT_ATTESTED


def test_propose_not_attested_code_is_russian():
    assert NOT_ATTESTED == "н/а"


@pytest.mark.parametrize(
    ("period_marks", "rule", "expected"),
    [
        (["5", "4", "5", "4"], RULE_60, "4"),  # 4.50 < 4.60
        (["5", "4", "5", "4"], RULE_50, "5"),  # 4.50 ≥ 4.50
        (["5", "4", "4"], RULE_60, "4"),  # 4.33
        (["5", "5", "4"], RULE_60, "5"),  # 4.67
        (["3", "4", "4", "4"], RULE_60, "4"),  # 3.75
        (["3", "3", "4"], RULE_50, "3"),  # 3.33
        (["2", "3", "3", "3"], RULE_60, "3"),  # 2.75
        (["5", "н/а", "5", ""], RULE_60, "5"),
        (["4", "", "", ""], RULE_60, "4"),
        (["5", "осв.", "4", "н/а"], RULE_50, "5"),  # 4.50
        (["н/а", "н/а", "н/а", "н/а"], RULE_60, NOT_ATTESTED),
        (["", "", "", ""], RULE_60, NOT_ATTESTED),
        (["осв."], RULE_60, NOT_ATTESTED),
        ([], RULE_60, NOT_ATTESTED),
    ],
)
def test_propose_year_from_period_marks(period_marks, rule, expected):
    assert propose_year(period_marks, rule) == expected


def test_propose_year_ignores_min_marks():
    strict = Rule(True, Decimal("2.60"), Decimal("3.60"), Decimal("4.60"), 5)

    assert propose_year(["5"], strict) == "5"


@pytest.mark.parametrize(
    ("method", "weighted"),
    [(AttestationMethod.WEIGHTED, True), (AttestationMethod.MEAN, False)],
)
def test_rule_of_model_row(method, weighted):
    row = AttestationRule(
        method=method,
        threshold_3=Decimal("2.50"),
        threshold_4=Decimal("3.50"),
        threshold_5=Decimal("4.50"),
        min_marks=2,
    )

    assert Rule.of(row) == Rule(weighted, Decimal("2.50"), Decimal("3.50"), Decimal("4.50"), 2)


def test_default_rule_matches_model_defaults():
    row = AttestationRule()

    assert Rule.of(row) == DEFAULT_RULE
    assert DEFAULT_RULE == RULE_60


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["незач", "зач"], "зач"),
        (["зач", "", "незач"], "незач"),
        (["В", "н/а"], "В"),
        ([], "н/а"),
        (["", ""], "н/а"),
    ],
)
def test_propose_latest_on_scale_without_numbers(codes, expected):
    assert propose_latest(codes) == expected


@pytest.mark.parametrize(
    ("scale_kind", "periods", "expected"),
    [
        ("five_point", ["5", "4", "4", "5"], "4"),
        ("five_point", ["5", "5", "4", "5"], "5"),
        ("pass_fail", ["незач", "зач", "зач", "незач"], "незач"),
        ("levels", ["Н", "С", "В", "В"], "В"),
    ],
)
def test_propose_year_on_scale_kind(scale_kind, periods, expected):
    assert propose_year_on(scale_kind, periods, DEFAULT_RULE) == expected
