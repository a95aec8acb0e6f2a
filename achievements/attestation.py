"""Proposing attestation marks from current marks (R-JRN-4). Pure functions: the
journal grid, the services and the tests call them with plain values."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NOT_ATTESTED = "н/а"
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    weighted: bool
    threshold_3: Decimal
    threshold_4: Decimal
    threshold_5: Decimal
    min_marks: int

    @classmethod
    def of(cls, rule) -> "Rule":
        return cls(
            weighted=rule.method == "weighted",
            threshold_3=rule.threshold_3,
            threshold_4=rule.threshold_4,
            threshold_5=rule.threshold_5,
            min_marks=rule.min_marks,
        )


DEFAULT_RULE = Rule(True, Decimal("2.60"), Decimal("3.60"), Decimal("4.60"), 3)


def average(marks: Iterable[tuple[Decimal, Decimal]], *, weighted: bool) -> Decimal | None:
    """Mean of (value, weight) pairs, to two places, half up — the figure the teacher
    sees is the figure the thresholds are compared with."""
    marks = list(marks)
    if not marks:
        return None
    if weighted:
        total = sum(value * weight for value, weight in marks)
        weights = sum(weight for _, weight in marks)
    else:
        total = sum(value for value, _ in marks)
        weights = Decimal(len(marks))
    return (total / weights).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def mark_for(mean: Decimal, rule: Rule) -> str:
    if mean >= rule.threshold_5:
        return "5"
    if mean >= rule.threshold_4:
        return "4"
    if mean >= rule.threshold_3:
        return "3"
    return "2"


def propose(marks: Iterable[tuple[Decimal, Decimal]], rule: Rule) -> str:
    """The period mark the journal proposes from (value, weight) pairs of numeric
    current marks: н/а below the minimum number of marks."""
    marks = list(marks)
    if not marks or len(marks) < rule.min_marks:
        return NOT_ATTESTED
    return mark_for(average(marks, weighted=rule.weighted), rule)


# Scales whose marks are numbers, so that a mean can be proposed; the others (зачёт,
# освоено, уровни) have none.
NUMERIC_SCALES = frozenset({"five_point", "points"})


def propose_latest(codes: Iterable[str]) -> str:
    """A scale without numbers has no mean: the journal proposes the learner's latest
    result in the order given (lessons, or the year's periods), н/а when there is none.
    A «зач» after a «незач» is the course passed."""
    latest = NOT_ATTESTED
    for code in codes:
        if code and code != NOT_ATTESTED:
            latest = code
    return latest


def propose_year(period_marks: Iterable[str], rule: Rule) -> str:
    """The year mark from the period marks: their arithmetic mean by the same
    thresholds; н/а when no period has a numeric mark."""
    numeric = [(Decimal(v), Decimal(1)) for v in period_marks if v.isdigit()]
    if not numeric:
        return NOT_ATTESTED
    return mark_for(average(numeric, weighted=False), rule)


def propose_year_on(scale_kind: str, period_marks: Iterable[str], rule: Rule) -> str:
    """The year mark proposed on a subject's scale: the mean of the periods on a
    numeric scale, the latest period's result on another (``period_marks`` in order)."""
    if scale_kind in NUMERIC_SCALES:
        return propose_year(period_marks, rule)
    return propose_latest(period_marks)
