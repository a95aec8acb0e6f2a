"""Reads of the portfolio, scoped by the access policy."""

from django.db.models import Count, Prefetch, Q, QuerySet

from achievements.models import (
    Achievement,
    AchievementStatus,
    AchievementStatusChange,
    Evidence,
)
from achievements.models.portfolio import HIGH_LEVELS
from learners.access import (
    is_family,
    keeps_portfolio,
    refuse,
    roles_of,
    sees_whole_organisation,
    visible_groups,
    visible_learners,
)
from learners.models import Learner, Role, StudyGroup


def reads_portfolios(user) -> bool:
    """Everyone who may see a learner, except a customer who is nothing else: a
    paying employer sees results of the contract, not a child's diplomas."""
    roles = roles_of(user)
    return bool(roles) and roles != {Role.CUSTOMER}


def sees_unconfirmed(user, learner_id: int) -> bool:
    """Proposals and refusals are between the family and the portfolio's keeper."""
    return (
        keeps_portfolio(user, learner_id)
        or is_family(user, learner_id)
        or sees_whole_organisation(user)
    )


def achievements_for(user, learner: Learner) -> QuerySet[Achievement]:
    achievements = Achievement.objects.filter(learner=learner)
    if not sees_unconfirmed(user, learner.pk):
        achievements = achievements.filter(status=AchievementStatus.CONFIRMED)
    return achievements.select_related("category").annotate(evidence_count=Count("evidence"))


def get_achievement_for_user(user, pk) -> Achievement:
    achievement = (
        Achievement.objects.filter(pk=pk, learner__in=visible_learners(user))
        .select_related("learner", "category", "created_by")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at")),
            Prefetch(
                "changes",
                queryset=AchievementStatusChange.objects.select_related("changed_by"),
            ),
        )
        .first()
    )
    if (
        achievement is None
        or not reads_portfolios(user)
        or (
            achievement.status != AchievementStatus.CONFIRMED
            and not sees_unconfirmed(user, achievement.learner_id)
        )
    ):
        raise refuse(user, "achievement", pk)
    return achievement


def get_evidence_for_user(user, pk) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk).select_related("achievement").first()
    if evidence is None:
        raise refuse(user, "evidence", pk)
    get_achievement_for_user(user, evidence.achievement_id)
    return evidence


def portfolio_groups(user, *, year) -> QuerySet[StudyGroup]:
    return (
        visible_groups(user)
        .filter(year=year)
        .select_related("class_teacher", "programme")
        .order_by("grade", "name")
    )


def group_achievements(user, group: StudyGroup) -> QuerySet[Achievement]:
    """Achievements of the group's current learners that the user may see."""
    achievements = Achievement.objects.filter(
        learner__enrollments__group=group, learner__enrollments__ended_on__isnull=True
    )
    if not (sees_whole_organisation(user) or group.class_teacher_id == _staff_id(user)):
        achievements = achievements.filter(status=AchievementStatus.CONFIRMED)
    return (
        achievements.select_related("learner", "category")
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("learner__last_name", "learner__first_name", "-date")
    )


def _staff_id(user):
    staff = getattr(user, "staff", None)
    return staff.pk if staff is not None else None


def gifted_candidates() -> QuerySet[Learner]:
    """Learners with a confirmed achievement at regional level or above who are not
    yet marked as listed in the state register of gifted children (R-LRN-2)."""
    high = Q(achievements__status=AchievementStatus.CONFIRMED, achievements__level__in=HIGH_LEVELS)
    return (
        Learner.objects.filter(is_gifted_registered=False)
        .annotate(high_count=Count("achievements", filter=high))
        .filter(high_count__gt=0)
        .order_by("last_name", "first_name")
    )
