"""The plain rules of academic debts (273-ФЗ ст. 58): which mark opens a debt, the
default term, the commission of the second retake. Functions of plain values, so the
services, the forms and the tests share them."""

import re
from datetime import date, timedelta

from achievements.attestation import NOT_ATTESTED
from learners.models import ProgrammeLevel, SubjectKind

# The default term to liquidate a debt, counted from the day it opened. The law leaves
# the term to the organisation (within one year); 60 days needs no setting and no study
# period of the next year to exist yet, and covers the first month of the next quarter
# after a quarter mark. The deputy sets another term on the debt's page.
DEFAULT_TERM_DAYS = 60
# 273-ФЗ ст. 58 ч. 5: retakes within one year from the day the debt arose.
LEGAL_TERM_DAYS = 365
MAX_ATTEMPTS = 2
COMMISSION_MIN = 3

_SEPARATORS = re.compile(r"[,;\n]+")


def default_deadline(opened_on: date) -> date:
    return opened_on + timedelta(days=DEFAULT_TERM_DAYS)


def legal_limit(opened_on: date) -> date:
    return opened_on + timedelta(days=LEGAL_TERM_DAYS)


def opens_debt(subject_kind: str) -> bool:
    """Whether a failing attestation mark in a subject of this kind is an academic debt.
    A debt is the failed intermediate attestation of the curriculum (273-ФЗ ст. 58); a
    course of extracurricular activity is a recorded achievement (000 §3.2.2), so its
    «незач» or «Н» is shown to the family but opens no debt."""
    return subject_kind != SubjectKind.EXTRACURRICULAR


# Additional general education (clubs, associations) has no academic debts: its levels
# are recorded as the learner's progress, and a «Н» there is not a failed attestation
# of a curriculum (273-ФЗ ст. 58 ч. 2).
NO_DEBTS = frozenset(
    {ProgrammeLevel.ADDITIONAL_DEVELOPING, ProgrammeLevel.ADDITIONAL_PREPROFESSIONAL}
)


def programme_has_debts(programme_level: str) -> bool:
    return programme_level not in NO_DEBTS


def is_failing(value: str, scale_values: dict[str, bool], *, pass_points: int | None) -> bool:
    """Whether an attestation mark is an unsatisfactory result. ``scale_values``: the
    subject scale's {code: is_passing}, special codes included (н/а is stored there as
    not passing). A points scale has no rows for its numbers: below its pass mark fails."""
    if not value:
        return False
    if value in scale_values:
        return not scale_values[value]
    if value == NOT_ATTESTED:
        return True
    if pass_points is not None and value.isascii() and value.isdigit():
        return int(value) < pass_points
    return False


def commission_members(text: str) -> list[str]:
    """The names of a commission written one per line or separated by commas, each
    once, in the order given."""
    seen, members = set(), []
    for part in _SEPARATORS.split(text):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            members.append(name)
    return members
