"""Candidates for rewards found from the record (R-RW-4, R-RW-7): pure rules in
``rules``, the reading of the database in ``gather``. The candidates page calls
``candidates_for`` and ``kinds_by_code``."""

from rewards.candidates.gather import (
    candidates_for,
    kinds_by_code,
    learner_names,
    records_for,
    settings,
)
from rewards.candidates.rules import (
    EXAMS_PENDING,
    KIND_CODES,
    Candidate,
    Exam,
    Feat,
    Mark,
    Record,
    Settings,
)

__all__ = [
    "EXAMS_PENDING",
    "KIND_CODES",
    "Candidate",
    "Exam",
    "Feat",
    "Mark",
    "Record",
    "Settings",
    "candidates_for",
    "kinds_by_code",
    "learner_names",
    "records_for",
    "settings",
]
