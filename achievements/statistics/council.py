"""The council's figures (000 §6.3) for a scope, each beside the previous scope's: what
the statistics page, the class's page, the PDF and the XLSX all show, assembled once.

The organisation, the levels and the subjects are compared with the previous scope
whatever year it falls in; a class and a parallel only within the same academic year,
since a class (5А of 2026/2027) is a group of one year and next year's 5А is other
learners."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString

from achievements.statistics.core import (
    GroupStats,
    OrganisationStats,
    Scope,
    SubjectStats,
    Totals,
    general_groups,
    group_statistics,
    organisation_of,
    organisation_statistics,
    previous_scope,
)
from achievements.statistics.rules import COUNTED_VALUES, delta
from learners.models import StudyGroup
from learners.terms import current_terms


class Deltas:
    """The change of progress, quality and mean from ``before`` to ``now``, in
    percentage points (the mean in marks); None without a figure before."""

    now: Totals | SubjectStats
    before: Totals | SubjectStats | None

    @property
    def progress_delta(self) -> Decimal | None:
        return delta(self.now.progress_percent, self.before and self.before.progress_percent)

    @property
    def quality_delta(self) -> Decimal | None:
        return delta(self.now.quality_percent, self.before and self.before.quality_percent)

    @property
    def mean_delta(self) -> Decimal | None:
        return delta(self.now.mean, self.before and self.before.mean)


@dataclass(frozen=True)
class Compared(Deltas):
    label: str
    now: Totals
    before: Totals | None
    group: GroupStats | None = None


@dataclass(frozen=True)
class ComparedSubject(Deltas):
    now: SubjectStats
    before: SubjectStats | None

    @property
    def counts(self) -> list[int]:
        return [self.now.counts[value] for value in COUNTED_VALUES]


@dataclass(frozen=True)
class Council:
    scope: Scope
    previous: Scope | None
    stats: OrganisationStats
    organisation: Compared
    levels: list[Compared]
    grades: list[tuple[Compared, list[Compared]]]
    subjects: list[ComparedSubject]
    # The organisation's words (R-ORG-6) for the pages and exports that show these figures.
    terms: dict = field(default_factory=current_terms)

    @property
    def same_year(self) -> bool:
        return self.previous is not None and self.previous.year.pk == self.scope.year.pk

    @property
    def summary_rows(self) -> list[Compared]:
        """The organisation, its levels and its parallels, one row each."""
        return [self.organisation, *self.levels, *(parallel for parallel, _ in self.grades)]

    @property
    def chart(self) -> SafeString:
        return groups_chart(
            self.stats.groups, title=f"Успеваемость и качество по {self.terms['groups_dat']}, %"
        )


def council(*, scope: Scope) -> Council:
    """The organisation's figures for ``scope`` beside the previous scope's (eight
    queries for the figures, whatever the school's size)."""
    stats = organisation_statistics(scope=scope)
    terms = current_terms()
    previous = previous_scope(scope)
    before = organisation_statistics(scope=previous) if previous is not None else None
    same_year = previous is not None and previous.year.pk == scope.year.pk
    before_levels = {level: t for level, _, t in before.by_level} if before else {}
    before_grades = {grade: t for grade, t, _ in before.by_grade} if before and same_year else {}
    before_groups = {g.group_id: g.totals for g in before.groups} if before and same_year else {}
    return Council(
        scope=scope,
        previous=previous,
        stats=stats,
        organisation=Compared("Организация", stats.totals, before.totals if before else None),
        levels=[Compared(label, t, before_levels.get(level)) for level, label, t in stats.by_level],
        grades=[
            (
                Compared(terms["parallel"].format(grade=grade), t, before_grades.get(grade)),
                [Compared(g.name, g.totals, before_groups.get(g.group_id), g) for g in groups],
            )
            for grade, t, groups in stats.by_grade
        ],
        subjects=compare_subjects(stats.subjects, before.subjects if before else []),
        terms=terms,
    )


def compare_subjects(now: list[SubjectStats], before: list[SubjectStats]) -> list[ComparedSubject]:
    previous = {s.subject_id: s for s in before}
    return [ComparedSubject(s, previous.get(s.subject_id)) for s in now]


@dataclass(frozen=True)
class GroupCouncil:
    """A class's figures: itself beside the previous scope (same year) and beside the
    other classes of its parallel."""

    scope: Scope
    previous: Scope | None
    group: GroupStats
    compared: Compared
    subjects: list[ComparedSubject]
    parallel: list[GroupStats]
    parallel_totals: Totals
    terms: dict = field(default_factory=current_terms)

    @property
    def subjects_chart(self) -> SafeString:
        from common.charts import Series, bar_chart

        names = [s.now.name for s in self.subjects]
        return bar_chart(
            title=f"{self.group.name}: успеваемость и качество по предметам, %",
            x_labels=names,
            series=[
                Series("Успеваемость", [s.now.progress_percent for s in self.subjects]),
                Series("Качество", [s.now.quality_percent for s in self.subjects]),
            ],
            y_max=100,
            unit="",
        )

    @property
    def parallel_chart(self) -> SafeString:
        parallel = self.terms["parallel"].format(grade=self.group.grade)
        return groups_chart(self.parallel, title=f"{parallel}: успеваемость и качество, %")


def group_council(*, scope: Scope, group: StudyGroup) -> GroupCouncil:
    """``group``'s figures in ``scope`` (of the group's year), with the parallel's."""
    parallel_groups = general_groups(scope.year).filter(grade=group.grade)
    if not parallel_groups.filter(pk=group.pk).exists():
        parallel_groups = StudyGroup.objects.filter(pk=group.pk)
    parallel = group_statistics(scope=scope, groups=parallel_groups)
    own = next(g for g in parallel if g.group_id == group.pk)
    previous = previous_scope(scope)
    before = None
    if previous is not None and previous.year.pk == scope.year.pk:
        [before] = group_statistics(scope=previous, groups=[group])
    return GroupCouncil(
        scope=scope,
        previous=previous,
        group=own,
        compared=Compared(own.name, own.totals, before.totals if before else None, own),
        subjects=compare_subjects(own.subjects, before.subjects if before else []),
        parallel=parallel,
        parallel_totals=organisation_of(scope=scope, groups=parallel).totals,
    )


def groups_chart(groups: list[GroupStats], *, title: str) -> SafeString:
    from common.charts import Series, bar_chart

    return bar_chart(
        title=title,
        x_labels=[g.name for g in groups],
        series=[
            Series("Успеваемость", [g.totals.progress_percent for g in groups]),
            Series("Качество", [g.totals.quality_percent for g in groups]),
        ],
        y_max=100,
    )
