"""The figures of attestation statistics: one learner's outcome in a scope, a subject's,
a class's and the organisation's, with the percentages and means they make (counted by
``achievements.statistics.rules``); ``achievements.statistics.core`` computes them."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db.models import Q

from achievements.models import MarkKind
from achievements.statistics.rules import COUNTED_VALUES, Shares, mean
from learners.models import AcademicYear, StudyPeriod


@dataclass(frozen=True)
class Scope:
    """A study period, or (period None) the whole year with its year and final marks:
    what the statistics count and what an archive snapshot holds."""

    year: AcademicYear
    period: StudyPeriod | None  # None: the year (its year marks)

    @property
    def kind(self) -> str:
        return "year" if self.period is None else "period"

    @property
    def label(self) -> str:
        """«1-я четверть 2026/2027», «2026/2027 учебный год»: a page's heading."""
        if self.period is None:
            return f"{self.year.name} учебный год"
        return f"{self.period.name} {self.year.name}"

    @property
    def title(self) -> str:
        """«1-я четверть, 2026/2027», «Учебный год 2026/2027»: an archived document's."""
        if self.period is None:
            return f"Учебный год {self.year.name}"
        return f"{self.period.name}, {self.year.name}"

    @property
    def starts_on(self) -> date:
        return (self.period or self.year).starts_on

    @property
    def ends_on(self) -> date:
        return (self.period or self.year).ends_on

    @property
    def mark_kinds(self) -> list[str]:
        """The kinds of attestation marks a snapshot of the scope keeps."""
        if self.period is None:
            return [MarkKind.YEAR, MarkKind.FINAL]
        return [MarkKind.PERIOD]

    @property
    def mark_filter(self) -> Q:
        """The marks the statistics count: the period's, or the year marks."""
        if self.period is None:
            return Q(kind=MarkKind.YEAR, year_id=self.year.pk)
        return Q(kind=MarkKind.PERIOD, period_id=self.period.pk)


# --- figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LearnerOutcome:
    """One learner's attestation in the scope."""

    learner_id: int
    name: str
    group_id: int
    marks: int  # counted marks (with a value)
    fives: int
    fours: int
    threes: int
    twos: int
    not_attested: int
    numeric_sum: int
    numeric_count: int
    failing_subjects: tuple[str, ...]  # subjects whose mark is not positive («2», «н/а» …)

    @property
    def attested(self) -> bool:
        return self.marks > 0

    @property
    def behind(self) -> bool:
        return bool(self.failing_subjects)

    @property
    def passing(self) -> bool:
        return self.attested and not self.behind

    @property
    def quality(self) -> bool:
        return self.passing and self.fours + self.fives == self.numeric_count

    @property
    def excellent(self) -> bool:
        return self.passing and self.fives >= 1 and self.fives == self.numeric_count

    @property
    def one_four(self) -> bool:
        return self.passing and self.fours == 1 and self.fives == self.numeric_count - 1

    @property
    def one_three(self) -> bool:
        return (
            self.passing
            and self.threes == 1
            and self.fours + self.fives == (self.numeric_count - 1)
        )

    @property
    def mean(self) -> Decimal | None:
        return mean(self.numeric_sum, self.numeric_count)


@dataclass(frozen=True)
class SubjectStats(Shares):
    subject_id: int
    name: str
    counts: dict[str, int]  # {"5": …, "4": …, "3": …, "2": …, "н/а": …}
    attested: int  # counted marks
    passing: int
    quality: int
    exempt: int  # exempt learners without a mark
    credited: int  # counted marks credited from another organisation
    numeric_sum: int
    numeric_count: int


@dataclass(frozen=True)
class Totals(Shares):
    """Over learners."""

    learners: int
    attested: int
    passing: int
    quality: int
    excellent: int
    one_four: int
    one_three: int
    behind: int
    numeric_sum: int
    numeric_count: int


@dataclass(frozen=True)
class GroupStats:
    group_id: int
    name: str
    grade: int
    level: str
    level_label: str
    totals: Totals
    subjects: list[SubjectStats]
    learners: list[LearnerOutcome]  # every learner counted in the group, by name

    @property
    def behind_learners(self) -> list[LearnerOutcome]:
        return [learner for learner in self.learners if learner.behind]

    @property
    def excellent_learners(self) -> list[LearnerOutcome]:
        return [learner for learner in self.learners if learner.excellent]

    def subject(self, subject_id: int) -> SubjectStats | None:
        return next((s for s in self.subjects if s.subject_id == subject_id), None)


@dataclass(frozen=True)
class OrganisationStats:
    scope: Scope
    groups: list[GroupStats]  # general-education classes, by grade and name
    totals: Totals
    by_level: list[tuple[str, str, Totals]]  # (level, label, totals): НОО, ООО, СОО
    by_grade: list[tuple[int, Totals, list[GroupStats]]]  # parallels
    subjects: list[SubjectStats]  # the whole organisation, per subject

    @property
    def learners(self) -> list[LearnerOutcome]:
        return [learner for group in self.groups for learner in group.learners]

    @property
    def behind_learners(self) -> list[tuple[GroupStats, LearnerOutcome]]:
        return [(g, learner) for g in self.groups for learner in g.learners if learner.behind]

    @property
    def excellent_learners(self) -> list[tuple[GroupStats, LearnerOutcome]]:
        return [(g, learner) for g in self.groups for learner in g.learners if learner.excellent]


def totals_of(outcomes: Iterable[LearnerOutcome]) -> Totals:
    outcomes = list(outcomes)
    attested = [o for o in outcomes if o.attested]
    return Totals(
        learners=len(outcomes),
        attested=len(attested),
        passing=sum(o.passing for o in attested),
        quality=sum(o.quality for o in attested),
        excellent=sum(o.excellent for o in attested),
        one_four=sum(o.one_four for o in attested),
        one_three=sum(o.one_three for o in attested),
        behind=sum(o.behind for o in attested),
        numeric_sum=sum(o.numeric_sum for o in outcomes),
        numeric_count=sum(o.numeric_count for o in outcomes),
    )


def combine_totals(parts: Iterable[Totals]) -> Totals:
    parts = list(parts)
    return Totals(**{f.name: sum(getattr(p, f.name) for p in parts) for f in fields(Totals)})


def combine_subjects(parts: Iterable[SubjectStats]) -> list[SubjectStats]:
    """Per-subject figures of several classes added up, by subject name."""
    by_subject: dict[int, list[SubjectStats]] = defaultdict(list)
    for part in parts:
        by_subject[part.subject_id].append(part)
    combined = []
    for subject_id, same in by_subject.items():
        sums = {
            name: sum(getattr(s, name) for s in same)
            for name in (
                "attested",
                "passing",
                "quality",
                "exempt",
                "credited",
                "numeric_sum",
                "numeric_count",
            )
        }
        counts = {value: sum(s.counts[value] for s in same) for value in COUNTED_VALUES}
        combined.append(
            SubjectStats(subject_id=subject_id, name=same[0].name, counts=counts, **sums)
        )
    return sorted(combined, key=lambda s: (s.name, s.subject_id))
