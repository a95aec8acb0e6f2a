"""The summary statement (сводная ведомость) of a class for a scope, computed from a
``ClassData`` alone, so that the workbook, the PDF and the JSON Lines show the same
figures and anyone holding the JSON Lines can recompute them (docs/archive-schema.md).

Every percent is kept with the counts it is made of: a statement that says "66.7 %"
must also say "2 of 3", or the figure cannot be checked."""

from dataclasses import dataclass
from decimal import Decimal

from achievements.models import MarkKind

# The counting rules are one copy, shared with the statistics and the council's report;
# these names stay importable from here for the archive's writers.
from achievements.statistics.rules import (  # noqa: F401
    COUNTED_VALUES,
    EXEMPT_SHOWN,
    MEAN_PLACES,
    NOT_ATTESTED,
    PASSING_CODES,
    PERCENT_PLACES,
    QUALITY_CODES,
    Shares,
    is_passing,
    mean,
    numeric,
    percent,
)
from learners.models import SubjectKind


@dataclass(frozen=True)
class Entry:
    """What the statement shows for one learner and subject. ``value`` is the mark as
    recorded (stripped); ``shown`` is ``value``, or «осв.» for an exempt learner
    without a mark; only an attested entry is counted, and only in a subject of the
    curriculum: a course of extracurricular activity is shown, not ``counted``."""

    subject_id: int
    value: str
    shown: str
    exempt: bool
    credited: bool
    counted: bool = True

    @property
    def attested(self) -> bool:
        return bool(self.value)


@dataclass(frozen=True)
class Row:
    learner_id: int
    learner_name: str
    number: int
    entries: list[Entry]
    finals: list[Entry]
    numeric_sum: int
    numeric_count: int

    @property
    def mean(self) -> Decimal | None:
        return mean(self.numeric_sum, self.numeric_count)

    @property
    def attested(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.attested and entry.counted]

    @property
    def all_passing(self) -> bool:
        return all(is_passing(entry.value) for entry in self.attested)

    @property
    def all_quality(self) -> bool:
        """Every mark passing and every numeric one a 4 or a 5 (a «зач» alone passes)."""
        return self.all_passing and all(
            entry.value in QUALITY_CODES
            for entry in self.attested
            if numeric(entry.value) is not None
        )


@dataclass(frozen=True)
class SubjectTotal(Shares):
    subject_id: int
    subject_name: str
    attested: int
    passing: int
    quality: int
    # Count of each of COUNTED_VALUES: {"5": 2, "4": 1, "3": 0, "2": 0, "н/а": 1}.
    counts: dict[str, int]
    exempt: int
    numeric_sum: int
    numeric_count: int


@dataclass(frozen=True)
class ClassTotal(Shares):
    learners: int
    attested: int
    passing: int
    quality: int


@dataclass(frozen=True)
class Summary:
    kind: str
    kind_label: str
    # Subjects as (id, heading), in the order of the columns: the courses of
    # extracurricular activity last, their heading saying so.
    subjects: list[tuple[int, str]]
    rows: list[Row]
    subject_totals: list[SubjectTotal]
    class_total: ClassTotal
    # The final marks of a year scope get columns of their own only if there are any.
    has_finals: bool = False


def summary(data) -> Summary:
    """The summary statement of ``data`` (a ``archive.collect.ClassData``)."""
    kind = MarkKind.PERIOD if data.scope.period is not None else MarkKind.YEAR
    has_finals = kind == MarkKind.YEAR and any(m.kind == MarkKind.FINAL for m in data.marks)
    subjects = [(subject.pk, _heading(subject)) for subject in data.subjects]
    courses = {s.pk for s in data.subjects if s.kind == SubjectKind.EXTRACURRICULAR}
    rows = []
    for number, learner in enumerate(data.learners, start=1):
        entries = [
            _entry(data, learner.pk, subject_id, kind, counted=subject_id not in courses)
            for subject_id, _ in subjects
        ]
        finals = (
            [_entry(data, learner.pk, subject_id, MarkKind.FINAL) for subject_id, _ in subjects]
            if has_finals
            else []
        )
        numbers = [numeric(entry.value) for entry in entries if entry.counted]
        numbers = [n for n in numbers if n is not None]
        rows.append(
            Row(
                learner_id=learner.pk,
                learner_name=learner.full_name,
                number=number,
                entries=entries,
                finals=finals,
                numeric_sum=sum(numbers),
                numeric_count=len(numbers),
            )
        )
    totals = [_subject_total(rows, index, subject) for index, subject in enumerate(subjects)]
    attested_rows = [row for row in rows if row.attested]
    class_total = ClassTotal(
        learners=len(rows),
        attested=len(attested_rows),
        passing=sum(1 for row in attested_rows if row.all_passing),
        quality=sum(1 for row in attested_rows if row.all_quality),
    )
    return Summary(
        kind=kind,
        kind_label=MarkKind(kind).label,
        subjects=subjects,
        rows=rows,
        subject_totals=totals,
        class_total=class_total,
        has_finals=has_finals,
    )


def _heading(subject) -> str:
    if subject.kind == SubjectKind.EXTRACURRICULAR:
        return f"{subject.name} (внеурочная деятельность)"
    return subject.name


def _entry(data, learner_id: int, subject_id: int, kind: str, *, counted=True) -> Entry:
    mark = data.mark(learner_id, subject_id, kind)
    value = mark.value.strip() if mark is not None else ""
    exempt = data.exempt(learner_id, subject_id) is not None
    return Entry(
        subject_id=subject_id,
        value=value,
        shown=value or (EXEMPT_SHOWN if exempt else ""),
        exempt=exempt,
        credited=mark is not None and mark.is_credited,
        counted=counted,
    )


def _subject_total(rows: list[Row], index: int, subject: tuple[int, str]) -> SubjectTotal:
    entries = [row.entries[index] for row in rows]
    attested = [entry.value for entry in entries if entry.attested]
    numbers = [n for n in map(numeric, attested) if n is not None]
    return SubjectTotal(
        subject_id=subject[0],
        subject_name=subject[1],
        attested=len(attested),
        passing=sum(1 for value in attested if is_passing(value)),
        quality=sum(1 for value in attested if value in QUALITY_CODES),
        counts={value: attested.count(value) for value in COUNTED_VALUES},
        exempt=sum(1 for entry in entries if entry.exempt and not entry.attested),
        numeric_sum=sum(numbers),
        numeric_count=len(numbers),
    )
