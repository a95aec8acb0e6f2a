"""Reads of the diagnostics, scoped by the one access policy; a grid's queries do not
grow with its rows."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from achievements.models import DiagnosticLevel, DiagnosticResult, PeriodClosure, UlaKind
from achievements.selectors import is_closed, period_roster
from learners import selectors as learner_selectors
from learners.access import refuse, visible_groups
from learners.models import Learner, StudyGroup, StudyPeriod

KINDS = list(UlaKind)
LEVELS = list(DiagnosticLevel)


def group_periods(group: StudyGroup) -> list[StudyPeriod]:
    """The periods of the group's year, each knowing whether it is closed for it."""
    closed = PeriodClosure.objects.covering(period=OuterRef("pk"), group=group.pk)
    return list(
        StudyPeriod.objects.filter(year_id=group.year_id)
        .select_related("year")
        .annotate(is_closed=Exists(closed))
        .order_by("starts_on")
    )


def get_period_for_group(user, group: StudyGroup, pk) -> StudyPeriod:
    period = StudyPeriod.objects.select_related("year").filter(pk=pk, year_id=group.year_id).first()
    if period is None:
        raise refuse(user, "diagnostics_period", pk)
    return period


def index_groups(user) -> tuple[object, list[StudyGroup]]:
    """The current year's classes the user may diagnose, each with its periods."""
    year = learner_selectors.current_year()
    if year is None:
        return None, []
    groups = list(
        visible_groups(user, results=True)
        .filter(year=year)
        .select_related("class_teacher")
        .order_by("grade", "name")
    )
    closures = {
        (c.period_id, c.group_id)
        for c in PeriodClosure.objects.in_force().filter(period__year=year)
    }
    periods = list(StudyPeriod.objects.filter(year=year).order_by("starts_on"))
    for group in groups:
        group.periods = [
            {
                "period": p,
                "closed": (p.pk, None) in closures or (p.pk, group.pk) in closures,
            }
            for p in periods
        ]
    return year, groups


@dataclass
class Cell:
    kind: UlaKind
    level: str = ""
    version: int = 0

    @property
    def label(self) -> str:
        return DiagnosticLevel(self.level).label if self.level else ""


@dataclass
class Row:
    learner: Learner
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Grid:
    group: StudyGroup
    period: StudyPeriod
    closed: bool
    rows: list[Row]

    def summary(self) -> list[dict]:
        """For each kind: how many learners are at each level and how many are not yet
        assessed — counts for the teachers' analysis (003 §4.2), never a mean."""
        lines = []
        for index, kind in enumerate(KINDS):
            levels = [row.cells[index].level for row in self.rows]
            lines.append(
                {
                    "kind": kind,
                    "counts": [levels.count(level.value) for level in LEVELS],
                    "missing": levels.count(""),
                }
            )
        return lines


def diagnostics_grid(*, group: StudyGroup, period: StudyPeriod) -> Grid:
    """Learners of the class during the period, with their levels: three queries."""
    roster = period_roster(group, period)
    found = {
        (r.learner_id, r.kind): r
        for r in DiagnosticResult.objects.filter(
            period=period, learner_id__in=[e.learner_id for e in roster]
        )
    }
    rows = []
    for enrollment in roster:
        cells = []
        for kind in KINDS:
            result = found.get((enrollment.learner_id, kind.value))
            cells.append(Cell(kind, result.level, result.version) if result else Cell(kind))
        rows.append(Row(enrollment.learner, cells))
    return Grid(group, period, is_closed(period=period, group=group), rows)


def learner_levels(learner: Learner) -> list[dict]:
    """A learner's levels by period, latest period first: [{period, group, levels}]."""
    results = (
        DiagnosticResult.objects.filter(learner=learner)
        .exclude(level="")
        .select_related("period__year", "group")
        .order_by("-period__starts_on", "group__name")
    )
    by_period: dict[tuple[int, int], dict] = {}
    for result in results:
        line = by_period.setdefault(
            (result.period_id, result.group_id),
            {"period": result.period, "group": result.group, "levels": {}},
        )
        line["levels"][result.kind] = result.get_level_display()
    return [
        {**line, "cells": [line["levels"].get(kind.value, "") for kind in KINDS]}
        for line in by_period.values()
    ]


def get_group_or_404(user, pk) -> StudyGroup:
    group = (
        visible_groups(user, results=True)
        .select_related("year", "class_teacher")
        .filter(pk=pk)
        .first()
    )
    if group is None:
        raise refuse(user, "diagnostics_group", pk)
    return group
