"""Reads of state exam results, scoped by the one access policy: the deputy and the
director see every class; the class teacher their class; a teacher the subjects they
teach in a class. Outside that a class answers 404; other roles are refused (403) by
the views."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from achievements.external.selectors import READERS
from achievements.models import StateExamKind, StateExamResult
from achievements.state_exams.rules import GRADES
from learners.access import has_role, refuse, sees_all_results, staff_id_of, visible_groups
from learners.models import (
    AcademicYear,
    Enrollment,
    Learner,
    Role,
    StudyGroup,
    Subject,
    TeachingAssignment,
)

__all__ = [
    "READERS",
    "class_learners",
    "exam_groups",
    "exam_season",
    "get_page_for_user",
    "may_enter",
    "recorded",
    "results_by_learner",
    "subjects_for",
    "years",
]


def exam_season(year) -> date:
    return date(year.ends_on.year, 5, 1)


def class_learners(group: StudyGroup) -> list[Learner]:
    """The learners who finished the year in the class: enrolled now, or until the exam
    season at least (a graduate's enrollment ends after the exams; a learner who left
    before May sat no exam with this class)."""
    enrolled = Enrollment.objects.filter(group=group).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=exam_season(group.year))
    )
    return list(
        Learner.objects.filter(pk__in=enrolled.values("learner_id")).order_by(
            "last_name", "first_name", "patronymic", "pk"
        )
    )


def exam_groups(user, year) -> QuerySet[StudyGroup]:
    """The year's 9th and 11th forms whose state exams the user may open."""
    if year is None:
        return StudyGroup.objects.none()
    grades = sorted({g for kind_grades in GRADES.values() for g in kind_grades})
    return (
        visible_groups(user, results=True)
        .filter(year=year, grade__in=grades)
        .select_related("year")
        .order_by("grade", "name")
    )


def subjects_for(user) -> QuerySet[Subject]:
    """A subject teacher reads their subjects; the others may pick any."""
    if sees_all_results(user) or has_role(user, Role.CLASS_TEACHER):
        return Subject.objects.order_by("name")
    return Subject.objects.filter(
        pk__in=TeachingAssignment.objects.filter(teacher_id=staff_id_of(user)).values("subject_id")
    ).order_by("name")


def get_page_for_user(user, group_pk, kind, subject_pk) -> tuple[StudyGroup, Subject]:
    """The class and subject of one page, or 404: a class outside the user's scope, a
    class that does not sit this kind of exam, a subject a subject teacher does not
    teach in it."""
    if kind not in StateExamKind.values:
        raise refuse(user, "state_exam_kind", kind)
    group = (
        visible_groups(user, results=True)
        .filter(pk=group_pk, grade__in=GRADES[StateExamKind(kind)])
        .select_related("year")
        .first()
    )
    subject = Subject.objects.filter(pk=subject_pk).first()
    if group is None or subject is None:
        raise refuse(user, "state_exam_group", group_pk)
    if not sees_all_results(user):
        staff_id = staff_id_of(user)
        leads = has_role(user, Role.CLASS_TEACHER) and group.class_teacher_id == staff_id
        teaches = (
            has_role(user, Role.TEACHER)
            and TeachingAssignment.objects.filter(
                teacher_id=staff_id, group=group, subject=subject
            ).exists()
        )
        if not (leads or teaches):
            raise refuse(user, "state_exam_group", group_pk)
    return group, subject


def may_enter(user) -> bool:
    """State exam results come from the regional centre; the deputy records them."""
    return has_role(user, Role.DEPUTY)


def results_by_learner(*, kind, subject, year, learners) -> dict[int, StateExamResult]:
    return {
        r.learner_id: r
        for r in StateExamResult.objects.filter(
            kind=kind, subject=subject, year=year, learner__in=learners
        )
    }


def recorded(user, year) -> list[dict]:
    """What has been entered this year, per class, kind and subject, within the pages
    the user may open (a subject teacher: the subjects they teach in the class)."""
    groups = exam_groups(user, year)
    # One filter() call: its conditions on the enrollments apply to the same enrollment.
    rows = StateExamResult.objects.filter(
        Q(learner__enrollments__ended_on__isnull=True)
        | Q(learner__enrollments__ended_on__gte=exam_season(year)),
        year=year,
        learner__enrollments__group__in=groups,
    )
    found = list(
        rows.values(
            "learner__enrollments__group_id",
            "learner__enrollments__group__name",
            "kind",
            "subject_id",
            "subject__name",
        )
        .annotate(count=Count("pk", distinct=True))
        .order_by("learner__enrollments__group__name", "kind", "subject__name")
    )
    found = [
        {
            "group_id": r["learner__enrollments__group_id"],
            "group_name": r["learner__enrollments__group__name"],
            "kind": r["kind"],
            "kind_label": StateExamKind(r["kind"]).label,
            "subject_id": r["subject_id"],
            "subject_name": r["subject__name"],
            "count": r["count"],
        }
        for r in found
    ]
    if sees_all_results(user):
        return found
    staff_id = staff_id_of(user)
    led = set()
    if has_role(user, Role.CLASS_TEACHER):
        led = set(groups.filter(class_teacher_id=staff_id).values_list("pk", flat=True))
    taught = set()
    if has_role(user, Role.TEACHER):
        taught = set(
            TeachingAssignment.objects.filter(teacher_id=staff_id, group__year=year).values_list(
                "group_id", "subject_id"
            )
        )
    return [r for r in found if r["group_id"] in led or (r["group_id"], r["subject_id"]) in taught]


def years() -> QuerySet[AcademicYear]:
    return AcademicYear.objects.order_by("-starts_on")
