"""Reads shared by pages, already scoped by the access policy."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from learners.access import (
    journal_scope,
    teaching_assignments,
    visible_groups,
    visible_learners,
)
from learners.models import (
    AcademicYear,
    CurriculumLine,
    Enrollment,
    Guardianship,
    Learner,
    Organisation,
    ProgrammeLevel,
    StudyGroup,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)


def organisation() -> Organisation | None:
    return Organisation.objects.first()


def current_year(*, today: date | None = None) -> AcademicYear | None:
    """The academic year that contains today, or else the latest one started."""
    today = today or timezone.localdate()
    years = AcademicYear.objects.all()
    return (
        years.filter(starts_on__lte=today, ends_on__gte=today).first()
        or years.filter(starts_on__lte=today).first()
        or years.last()
    )


def _active_count():
    return Count("enrollments", filter=Q(enrollments__ended_on__isnull=True), distinct=True)


def assignments_for_teacher(user, *, year: AcademicYear | None) -> QuerySet[TeachingAssignment]:
    return (
        teaching_assignments(user)
        .filter(group__year=year)
        .select_related("group", "subject", "group__programme")
        .annotate(
            learner_count=Count(
                "group__enrollments",
                filter=Q(group__enrollments__ended_on__isnull=True),
                distinct=True,
            )
        )
        .order_by("group__grade", "group__name", "subject__name")
    )


def homeroom_groups(user, *, year: AcademicYear | None) -> QuerySet[StudyGroup]:
    staff = getattr(user, "staff", None)
    if staff is None:
        return StudyGroup.objects.none()
    return (
        visible_groups(user)
        .filter(class_teacher=staff, year=year)
        .select_related("programme", "year")
    )


def group_roster(group: StudyGroup) -> QuerySet[Learner]:
    """Learners currently enrolled in the group, alphabetically, with guardians."""
    return (
        Learner.objects.filter(enrollments__group=group, enrollments__ended_on__isnull=True)
        .prefetch_related(
            Prefetch(
                "guardianships",
                queryset=Guardianship.objects.select_related("guardian").order_by("kinship"),
            )
        )
        .order_by("last_name", "first_name", "patronymic")
    )


def learners_with_groups(user, *, enrollments=None) -> QuerySet[Learner]:
    """The user's visible learners with their enrollments (for family and customer
    start pages); ``enrollments`` narrows which enrollments are shown."""
    enrollments = Enrollment.objects.all() if enrollments is None else enrollments
    return (
        visible_learners(user)
        .prefetch_related(
            Prefetch(
                "enrollments",
                queryset=enrollments.select_related(
                    "group", "group__class_teacher", "programme"
                ).order_by("-started_on"),
            )
        )
        .order_by("last_name", "first_name")
    )


def groups_overview(*, year: AcademicYear | None) -> QuerySet[StudyGroup]:
    return (
        StudyGroup.objects.filter(year=year)
        .select_related("class_teacher", "programme")
        .annotate(learner_count=_active_count())
        .order_by("programme__first_grade", "grade", "name")
    )


def enrolled_learner_count(*, year: AcademicYear | None) -> int:
    """Distinct learners enrolled now in any group of the year (a pupil in a class
    and a club counts once)."""
    return (
        Learner.objects.filter(enrollments__group__year=year, enrollments__ended_on__isnull=True)
        .distinct()
        .count()
    )


def uncovered_curriculum(*, year: AcademicYear | None) -> list[tuple[StudyGroup, str]]:
    """(group, subject name) pairs the curriculum requires and no teacher is assigned
    to; three queries whatever the size of the school."""
    groups = list(StudyGroup.objects.filter(year=year).order_by("grade", "name"))
    lines: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for line in CurriculumLine.objects.filter(
        programme__in={g.programme_id for g in groups}
    ).select_related("subject"):
        key = (line.programme_id, line.grade)
        lines.setdefault(key, []).append((line.subject_id, line.subject.name))
    assigned = set(
        TeachingAssignment.objects.filter(group__year=year).values_list("group_id", "subject_id")
    )
    return [
        (group, name)
        for group in groups
        for subject_id, name in lines.get((group.programme_id, group.grade), [])
        if (group.pk, subject_id) not in assigned
    ]


def _class_rank(enrollment: Enrollment) -> tuple:
    # A general-education class before a club or a course, an open enrollment before
    # an ended one, then the latest started: a learner moved to another class whose
    # old enrollment is not closed yet is in the new one.
    return (
        enrollment.programme.level not in ProgrammeLevel.general(),
        enrollment.ended_on is not None,
        -enrollment.started_on.toordinal(),
        -enrollment.pk,
    )


def current_enrollments(learner_ids, *, ended_too: bool = False) -> dict[int, Enrollment]:
    """{learner id: the enrollment of their current class}; one query. With
    ``ended_too`` a learner who has left keeps their last class (the diary of a
    graduate)."""
    enrollments = Enrollment.objects.filter(learner_id__in=learner_ids).select_related(
        "group__year", "group__programme", "group__class_teacher", "programme"
    )
    if not ended_too:
        enrollments = enrollments.filter(ended_on__isnull=True)
    found: dict[int, Enrollment] = {}
    for enrollment in sorted(enrollments, key=_class_rank):
        found.setdefault(enrollment.learner_id, enrollment)
    return found


def current_enrollment(learner: Learner, *, ended_too: bool = False) -> Enrollment | None:
    return current_enrollments([learner.pk], ended_too=ended_too).get(learner.pk)


def current_group(learner: Learner) -> StudyGroup | None:
    """The learner's class now: the group of their current enrollment."""
    enrollment = current_enrollment(learner)
    return enrollment.group if enrollment else None


def current_class_names(learner_ids) -> dict[int, str]:
    """{learner id: the name of their current class}; one query."""
    return {pk: e.group.name for pk, e in current_enrollments(learner_ids).items()}


def find_learners(user, query: str, *, limit: int = 30) -> list[tuple[Learner, str]]:
    """The learners the user sees whose surname contains ``query`` (two letters at
    least), each with the name of their current class, for the office's «find the
    learner» steps; two queries."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    found = list(
        visible_learners(user)
        .filter(last_name__icontains=query)
        .order_by("last_name", "first_name")[:limit]
    )
    classes = current_class_names([learner.pk for learner in found])
    return [(learner, classes.get(learner.pk, "")) for learner in found]


def current_period(periods: list[StudyPeriod]) -> StudyPeriod | None:
    """The period under way in ``periods`` (ordered by start), else the last one started,
    else the first: the journal that a link from a class should open. The same rule as
    the journal's own list (achievements), which learners may not import."""
    today = timezone.localdate()
    for period in periods:
        if period.starts_on <= today <= period.ends_on:
            return period
    started = [p for p in periods if p.starts_on <= today]
    return started[-1] if started else (periods[0] if periods else None)


def current_periods(year_ids) -> dict[int, StudyPeriod]:
    """{academic year id: its current period}; one query."""
    by_year: dict[int, list[StudyPeriod]] = {}
    for period in StudyPeriod.objects.filter(year_id__in=set(year_ids)).order_by("starts_on"):
        by_year.setdefault(period.year_id, []).append(period)
    return {
        year_id: period
        for year_id, periods in by_year.items()
        if (period := current_period(periods)) is not None
    }


@dataclass(frozen=True)
class JournalLink:
    group_id: int
    subject: Subject
    period: StudyPeriod


def journal_links(user, groups) -> dict[int, list[JournalLink]]:
    """{group id: the journals of the group the user may open, for the current period
    of its year, by subject name}; two queries however many groups and subjects. The
    scope is the journal's own (learners.access.journal_scope): a subject teacher gets
    their subjects, the class teacher, the deputy and the director every subject."""
    groups = list(groups)
    periods = current_periods(g.year_id for g in groups)
    rows = (
        journal_scope(user)
        .filter(group__in=[g.pk for g in groups])
        .select_related("subject")
        .order_by("subject__name", "subject_id")
    )
    year_of = {g.pk: g.year_id for g in groups}
    links: dict[int, list[JournalLink]] = {}
    seen = set()
    for row in rows:
        period = periods.get(year_of[row.group_id])
        # One journal per group and subject, whoever of several teachers teaches it.
        if period is None or (row.group_id, row.subject_id) in seen:
            continue
        seen.add((row.group_id, row.subject_id))
        links.setdefault(row.group_id, []).append(JournalLink(row.group_id, row.subject, period))
    return links


def group_rosters(groups) -> dict[int, list[Learner]]:
    """{group id: its learners now, alphabetically, with guardians}; two queries
    however many groups (group_roster for several at once)."""
    enrollments = (
        Enrollment.objects.filter(group__in=[g.pk for g in groups], ended_on__isnull=True)
        .select_related("learner")
        .prefetch_related(
            Prefetch(
                "learner__guardianships",
                queryset=Guardianship.objects.select_related("guardian").order_by("kinship"),
            )
        )
        .order_by(
            "learner__last_name", "learner__first_name", "learner__patronymic", "learner_id", "pk"
        )
    )
    rosters: dict[int, list[Learner]] = {g.pk: [] for g in groups}
    for enrollment in enrollments:
        roster = rosters[enrollment.group_id]
        # Two open enrollments in one group (a data slip) must not list a learner twice.
        if not roster or roster[-1].pk != enrollment.learner_id:
            roster.append(enrollment.learner)
    return rosters
