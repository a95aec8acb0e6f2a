"""Reads shared by pages, already scoped by the access policy."""

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from learners.access import teaching_assignments, visible_groups, visible_learners
from learners.models import (
    AcademicYear,
    CurriculumLine,
    Enrollment,
    Guardianship,
    Learner,
    Organisation,
    ProgrammeLevel,
    StudyGroup,
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
