"""What the deputy chooses from when crediting a gifted learner's achievement."""

from django.db.models import Count, Q, QuerySet

from achievements.models import (
    Achievement,
    AchievementResult,
    AchievementStatus,
    MarkOrigin,
    PeriodMark,
)
from learners.models import CurriculumLine, StateExamChoice, StudyGroup, Subject

# A participation is not a result to credit: only places the register records.
PRIZES = [AchievementResult.WINNER, AchievementResult.PRIZE_WINNER, AchievementResult.LAUREATE]


def creditable_achievements(learner) -> QuerySet[Achievement]:
    return (
        Achievement.objects.filter(
            learner=learner, status=AchievementStatus.CONFIRMED, result__in=PRIZES
        )
        .select_related("category")
        .order_by("-date", "-pk")
    )


def state_exam_subject_ids(learner, group: StudyGroup) -> set[int]:
    """Subjects the learner takes at the state exam: mandatory in the programme, or
    chosen by the learner (StateExamChoice)."""
    mandatory = CurriculumLine.objects.filter(
        programme_id=group.programme_id, is_state_exam_mandatory=True
    ).values_list("subject_id", flat=True)
    chosen = StateExamChoice.objects.filter(learner=learner).values_list("subject_id", flat=True)
    return set(mandatory) | set(chosen)


def creditable_subjects(learner, group: StudyGroup) -> QuerySet[Subject]:
    """The subjects of the class's curriculum for its grade, except the state exam's."""
    return (
        Subject.objects.filter(
            curriculumline__programme_id=group.programme_id,
            curriculumline__grade=group.grade,
        )
        .exclude(pk__in=state_exam_subject_ids(learner, group))
        .select_related("grading_scale")
        .distinct()
        .order_by("name")
    )


def gifted_credits(learner) -> QuerySet[PeriodMark]:
    """The learner's marks credited for achievements, newest year first."""
    return (
        PeriodMark.objects.filter(
            learner=learner, origin=MarkOrigin.CREDITED, credit_achievement__isnull=False
        )
        .filter(~Q(value=""))
        .select_related("subject", "period", "year", "credit_achievement", "updated_by")
        .order_by("-year__starts_on", "subject__name", "kind", "period__number")
    )


def credit_counts(learner_ids) -> dict[int, int]:
    """{learner id: marks credited for achievements}; one query."""
    rows = (
        PeriodMark.objects.filter(learner_id__in=learner_ids, credit_achievement__isnull=False)
        .exclude(value="")
        .values("learner_id")
        .annotate(n=Count("pk"))
    )
    return {row["learner_id"]: row["n"] for row in rows}
