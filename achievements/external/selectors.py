"""Reads of external assessment, scoped by the one access policy: which assessments a
user sees, the classes of one, the grid of a class, a family's results."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from achievements.external.rules import FIVE_POINT
from achievements.models import ExternalAssessment, ExternalResult, StateExamResult
from learners.access import (
    has_role,
    refuse,
    result_learners,
    result_subjects,
    roles_of,
    sees_all_results,
    staff_id_of,
    visible_groups,
)
from learners.models import Enrollment, Learner, Role, StudyGroup, TeachingAssignment

READERS = (Role.DEPUTY, Role.DIRECTOR, Role.TEACHER, Role.CLASS_TEACHER)


def visible_assessments(user) -> QuerySet[ExternalAssessment]:
    """The deputy and the director: all; a teacher: those of a subject they teach in a
    class of that year and grade; a class teacher: those of their class's year and grade."""
    assessments = ExternalAssessment.objects.select_related("subject", "year")
    if sees_all_results(user):
        return assessments
    staff_id = staff_id_of(user)
    if staff_id is None:
        return assessments.none()
    roles = roles_of(user)
    condition = Q(pk__in=[])
    if Role.TEACHER in roles:
        condition |= Exists(
            TeachingAssignment.objects.filter(
                teacher_id=staff_id,
                subject_id=OuterRef("subject_id"),
                group__grade=OuterRef("grade"),
                group__year_id=OuterRef("year_id"),
            )
        )
    if Role.CLASS_TEACHER in roles:
        condition |= Exists(
            StudyGroup.objects.filter(
                class_teacher_id=staff_id, grade=OuterRef("grade"), year_id=OuterRef("year_id")
            )
        )
    return assessments.filter(condition)


def get_assessment_for_user(user, pk) -> ExternalAssessment:
    found = visible_assessments(user).filter(pk=pk).first()
    if found is None:
        raise refuse(user, "external_assessment", pk)
    return found


def assessment_groups(user, assessment: ExternalAssessment) -> QuerySet[StudyGroup]:
    """The classes of the assessment's year and grade the user may open: a subject
    teacher only those where they teach its subject."""
    groups = visible_groups(user, results=True).filter(
        year_id=assessment.year_id, grade=assessment.grade
    )
    if not sees_all_results(user) and not has_role(user, Role.CLASS_TEACHER):
        groups = groups.filter(
            assignments__teacher_id=staff_id_of(user), assignments__subject=assessment.subject_id
        )
    elif not sees_all_results(user):
        staff_id = staff_id_of(user)
        groups = groups.filter(
            Q(class_teacher_id=staff_id)
            | Q(assignments__teacher_id=staff_id, assignments__subject=assessment.subject_id)
        )
    return StudyGroup.objects.filter(pk__in=groups.values("pk")).order_by("name")


def get_group_for_assessment(user, assessment, pk) -> StudyGroup:
    found = assessment_groups(user, assessment).filter(pk=pk).first()
    if found is None:
        raise refuse(user, "external_group", pk)
    return found


def may_enter(user, assessment, group) -> bool:
    """The deputy, and the teacher of the subject in the class."""
    if has_role(user, Role.DEPUTY):
        return True
    staff_id = staff_id_of(user)
    return (
        staff_id is not None
        and has_role(user, Role.TEACHER)
        and TeachingAssignment.objects.filter(
            teacher_id=staff_id, group=group, subject_id=assessment.subject_id
        ).exists()
    )


def may_create(user) -> bool:
    return has_role(user, Role.DEPUTY) or (
        has_role(user, Role.TEACHER) and staff_id_of(user) is not None
    )


def class_learners(group: StudyGroup) -> list[Learner]:
    """The class's learners now, in the roster's order."""
    return list(
        Learner.objects.filter(
            pk__in=Enrollment.objects.filter(group=group, ended_on__isnull=True).values(
                "learner_id"
            )
        ).order_by("last_name", "first_name", "patronymic", "pk")
    )


def results_by_learner(assessment, learners) -> dict[int, ExternalResult]:
    return {
        r.learner_id: r
        for r in ExternalResult.objects.filter(assessment=assessment, learner__in=learners)
    }


def allowed_marks(assessment) -> list[str]:
    """The subject's scale (its enabled marks, not the special codes) or 2–5."""
    codes = [
        v.code
        for v in assessment.subject.grading_scale.values.all()
        if v.is_enabled and not v.is_special
    ]
    return codes or list(FIVE_POINT)


def results_for_learner(user, learner: Learner) -> dict:
    """A learner's external results and state exams as their family (or a teacher who
    may see them) reads them: empty outside the user's scope; a subject teacher sees
    their subjects only."""
    if not result_learners(user).filter(pk=learner.pk).exists():
        return {"external": [], "state_exams": []}
    subjects = result_subjects(user, learner)
    external = ExternalResult.objects.filter(learner=learner).select_related(
        "assessment__subject", "assessment__year"
    )
    exams = StateExamResult.objects.filter(learner=learner).select_related("subject", "year")
    if subjects is not None:
        external = external.filter(assessment__subject__in=subjects)
        exams = exams.filter(subject__in=subjects)
    return {
        "external": list(external.order_by("-assessment__held_on", "pk")),
        "state_exams": list(exams),
    }
