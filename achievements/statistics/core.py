"""Class and organisation statistics of attestation results for a study period or a year
(issue 14 item 2, the council's figures of 000 §6.3), counted by the rules of
``achievements.statistics.rules``.

Whatever the number of classes, learners and marks, the figures come from four queries —
the classes, their learners' enrollments of the year, the marks of the scope and the
exemptions in force in it — and are put together here. Access is the caller's job: these
functions take the classes the caller has already scoped."""

from collections import defaultdict

from django.db.models import Q, QuerySet

from achievements.models import Exemption, MarkOrigin, PeriodMark
from achievements.statistics.figures import (
    GroupStats,
    LearnerOutcome,
    OrganisationStats,
    Scope,
    SubjectStats,
    Totals,
    combine_subjects,
    combine_totals,
    totals_of,
)
from achievements.statistics.rules import (
    COUNTED_VALUES,
    NOT_ATTESTED,
    QUALITY_CODES,
    is_passing,
    numeric,
)
from learners.models import (
    AcademicYear,
    Enrollment,
    ProgrammeLevel,
    StudyGroup,
    StudyPeriod,
    SubjectKind,
)

__all__ = [
    "GroupStats",
    "LearnerOutcome",
    "OrganisationStats",
    "Scope",
    "SubjectStats",
    "Totals",
    "general_groups",
    "group_statistics",
    "organisation_statistics",
    "previous_scope",
    "scope_of",
]

# The levels in the order the council reads them.
LEVELS = (ProgrammeLevel.PRIMARY, ProgrammeLevel.BASIC, ProgrammeLevel.SECONDARY)
LEVEL_SHORT = {
    ProgrammeLevel.PRIMARY: "НОО",
    ProgrammeLevel.BASIC: "ООО",
    ProgrammeLevel.SECONDARY: "СОО",
}


# --- scope ------------------------------------------------------------------------------


def scope_of(*, year: AcademicYear, period: StudyPeriod | None = None) -> Scope:
    if period is None:
        return Scope(year=year, period=None)
    period.year = year  # the name of the period reads the year's kind of periods
    return Scope(year=year, period=period)


def previous_scope(scope: Scope) -> Scope | None:
    """The period before (across years: the last period of the previous year), or for a
    year the previous year; None when there is none on record."""
    if scope.period is None:
        year = AcademicYear.objects.filter(starts_on__lt=scope.year.starts_on).first()
        return scope_of(year=year) if year is not None else None
    period = (
        StudyPeriod.objects.filter(starts_on__lt=scope.period.starts_on)
        .select_related("year")
        .order_by("-starts_on")
        .first()
    )
    return scope_of(year=period.year, period=period) if period is not None else None


# --- computing --------------------------------------------------------------------------


def _groups(groups) -> list[StudyGroup]:
    if isinstance(groups, QuerySet):
        return list(groups.select_related("programme"))
    ids = [group.pk for group in groups]
    return list(StudyGroup.objects.filter(pk__in=ids).select_related("programme"))


def _overlapping(scope: Scope) -> Q:
    return Q(started_on__lte=scope.ends_on) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=scope.starts_on)
    )


def _members(scope: Scope, groups: list[StudyGroup]) -> dict[int, tuple[int, str, str]]:
    """learner id → (group id, name, sort key) for the learners counted in ``groups``:
    a learner counts in the general-education class of the year they were enrolled in
    at the scope's end, or else in the last one whose enrollment overlaps the scope
    (rules.py); in a group of another kind (a course) they count where enrolled. One
    query."""
    general = ProgrammeLevel.general()
    ids = {group.pk for group in groups}
    general_ids = {group.pk for group in groups if group.programme.level in general}
    rows = (
        Enrollment.objects.filter(_overlapping(scope), group__year_id=scope.year.pk)
        .filter(Q(group__programme__level__in=general) | Q(group__in=ids))
        .filter(
            learner__in=Enrollment.objects.filter(_overlapping(scope), group__in=ids).values(
                "learner"
            )
        )
        .values_list(
            "learner_id",
            "group_id",
            "started_on",
            "ended_on",
            "pk",
            "group__programme__level",
            "learner__last_name",
            "learner__first_name",
            "learner__patronymic",
        )
    )
    home: dict[int, tuple] = {}
    members: dict[int, int] = {}
    names: dict[int, tuple[str, str, str]] = {}
    for learner_id, group_id, started, ended, pk, level, last, first, patronymic in rows:
        names[learner_id] = (last, first, patronymic)
        if level in general:
            key = (ended is None or ended >= scope.ends_on, started, pk)
            if learner_id not in home or key > home[learner_id][0]:
                home[learner_id] = (key, group_id)
        elif group_id in ids:
            members[learner_id] = group_id
    for learner_id, (_, group_id) in home.items():
        if group_id in general_ids:
            members[learner_id] = group_id
    result = {}
    for learner_id, group_id in members.items():
        last, first, patronymic = names[learner_id]
        name = " ".join(p for p in (last, first, patronymic) if p)
        result[learner_id] = (group_id, name, (last, first, patronymic, learner_id))
    return result


def group_statistics(*, scope: Scope, groups) -> list[GroupStats]:
    """The figures of each of ``groups`` (StudyGroups of ``scope.year``), in the order
    given, from four queries whatever the number of learners and marks."""
    groups = _groups(groups)
    if not groups:
        return []
    members = _members(scope, groups)
    learner_ids = list(members)
    marks: dict[int, list[tuple[int, str, str, bool]]] = defaultdict(list)
    if learner_ids:
        for learner_id, subject_id, subject_name, value, origin in PeriodMark.objects.filter(
            scope.mark_filter, SubjectKind.academic(), learner__in=learner_ids
        ).values_list("learner_id", "subject_id", "subject__name", "value", "origin"):
            value = value.strip()
            if value:
                marks[learner_id].append(
                    (subject_id, subject_name, value, origin == MarkOrigin.CREDITED)
                )
    exempt: dict[int, dict[int, str]] = defaultdict(dict)
    if learner_ids:
        for learner_id, subject_id, subject_name in (
            Exemption.objects.filter(learner__in=learner_ids, starts_on__lte=scope.ends_on)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=scope.starts_on))
            .filter(SubjectKind.academic())
            .values_list("learner_id", "subject_id", "subject__name")
        ):
            exempt[learner_id][subject_id] = subject_name
    by_group: dict[int, list[int]] = defaultdict(list)
    for learner_id, (group_id, _, _) in members.items():
        by_group[group_id].append(learner_id)
    result = []
    for group in groups:
        ids = sorted(by_group.get(group.pk, []), key=lambda i: members[i][2])
        outcomes = [
            _outcome(i, members[i][1], group.pk, marks.get(i, []), exempt.get(i, {})) for i in ids
        ]
        level = group.programme.level
        result.append(
            GroupStats(
                group_id=group.pk,
                name=group.name,
                grade=group.grade,
                level=level,
                level_label=LEVEL_SHORT.get(level, ProgrammeLevel(level).label),
                totals=totals_of(outcomes),
                subjects=_subjects(ids, marks, exempt),
                learners=outcomes,
            )
        )
    return result


def _outcome(learner_id, name, group_id, marks, exempt) -> LearnerOutcome:
    values = [value for _, _, value, _ in marks]
    numbers = [n for n in map(numeric, values) if n is not None]
    failing = sorted({subject for _, subject, value, _ in marks if not is_passing(value)})
    return LearnerOutcome(
        learner_id=learner_id,
        name=name,
        group_id=group_id,
        marks=len(values),
        fives=values.count("5"),
        fours=values.count("4"),
        threes=values.count("3"),
        twos=values.count("2"),
        not_attested=values.count(NOT_ATTESTED),
        numeric_sum=sum(numbers),
        numeric_count=len(numbers),
        failing_subjects=tuple(failing),
    )


def _subjects(learner_ids, marks, exempt) -> list[SubjectStats]:
    values: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    names: dict[int, str] = {}
    marked: set[tuple[int, int]] = set()
    for learner_id in learner_ids:
        for subject_id, subject_name, value, credited in marks.get(learner_id, []):
            values[subject_id].append((value, credited))
            names[subject_id] = subject_name
            marked.add((learner_id, subject_id))
    exempt_count: dict[int, int] = defaultdict(int)
    for learner_id in learner_ids:
        for subject_id, subject_name in exempt.get(learner_id, {}).items():
            names.setdefault(subject_id, subject_name)
            if (learner_id, subject_id) not in marked:
                exempt_count[subject_id] += 1
    result = []
    for subject_id, name in names.items():
        given = [value for value, _ in values.get(subject_id, [])]
        numbers = [n for n in map(numeric, given) if n is not None]
        result.append(
            SubjectStats(
                subject_id=subject_id,
                name=name,
                counts={value: given.count(value) for value in COUNTED_VALUES},
                attested=len(given),
                passing=sum(1 for value in given if is_passing(value)),
                quality=sum(1 for value in given if value in QUALITY_CODES),
                exempt=exempt_count.get(subject_id, 0),
                credited=sum(1 for _, credited in values.get(subject_id, []) if credited),
                numeric_sum=sum(numbers),
                numeric_count=len(numbers),
            )
        )
    return sorted(result, key=lambda s: (s.name, s.subject_id))


def general_groups(year: AcademicYear) -> QuerySet[StudyGroup]:
    """The general-education classes of ``year``, by grade and name."""
    return (
        StudyGroup.objects.filter(year=year, programme__level__in=ProgrammeLevel.general())
        .select_related("programme")
        .order_by("grade", "name", "pk")
    )


def organisation_statistics(*, scope: Scope) -> OrganisationStats:
    """Every general-education class of the scope's year, with the figures of the whole
    organisation, of each level and of each parallel."""
    return organisation_of(
        scope=scope, groups=group_statistics(scope=scope, groups=general_groups(scope.year))
    )


def organisation_of(*, scope: Scope, groups: list[GroupStats]) -> OrganisationStats:
    """The organisation's figures put together from the figures of its classes."""
    by_level = []
    for level in LEVELS:
        of_level = [g for g in groups if g.level == level]
        if of_level:
            by_level.append(
                (str(level), LEVEL_SHORT[level], combine_totals(g.totals for g in of_level))
            )
    grades: dict[int, list[GroupStats]] = defaultdict(list)
    for group in groups:
        grades[group.grade].append(group)
    by_grade = [
        (grade, combine_totals(g.totals for g in same), same)
        for grade, same in sorted(grades.items())
    ]
    return OrganisationStats(
        scope=scope,
        groups=groups,
        totals=combine_totals(g.totals for g in groups),
        by_level=by_level,
        by_grade=by_grade,
        subjects=combine_subjects(s for g in groups for s in g.subjects),
    )
