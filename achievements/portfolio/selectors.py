"""Reads of the portfolio, scoped by the access policy."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery

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
    result_learners,
    roles_of,
    sees_all_results,
    staff_id_of,
    visible_groups,
)
from learners.models import Learner, Role, StudyGroup

# Who reads portfolios at all: the family, the teachers and the administration that
# controls teaching. Not a customer (a paying employer sees the contract's results,
# not a child's diplomas), the clerk or the administrator (R-SEC-1).
READERS = frozenset(
    {Role.DEPUTY, Role.DIRECTOR, Role.CLASS_TEACHER, Role.TEACHER, Role.PARENT, Role.LEARNER}
)


def reads_portfolios(user) -> bool:
    return bool(roles_of(user) & READERS)


def sees_unconfirmed(user, learner_id: int) -> bool:
    """Proposals and refusals are between the family and the portfolio's keeper."""
    return (
        keeps_portfolio(user, learner_id) or is_family(user, learner_id) or sees_all_results(user)
    )


def achievements_for(user, learner: Learner) -> QuerySet[Achievement]:
    achievements = Achievement.objects.filter(learner=learner)
    if not sees_unconfirmed(user, learner.pk):
        achievements = achievements.filter(status=AchievementStatus.CONFIRMED)
    return achievements.select_related("category").annotate(evidence_count=Count("evidence"))


def get_achievement_for_user(user, pk) -> Achievement:
    achievement = (
        Achievement.objects.filter(pk=pk, learner__in=result_learners(user))
        .select_related("learner", "category", "created_by", "event_entry__event")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at")),
            Prefetch(
                "changes",
                queryset=AchievementStatusChange.objects.select_related(
                    "changed_by__staff", "changed_by__guardian", "changed_by__learner"
                ).order_by("changed_at", "pk"),
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


def person_name(user) -> str:
    """Who made a change, as the school knows them; never a login (a family reads this)."""
    if user is None:
        return "—"
    for record in ("staff", "guardian", "learner"):
        person = getattr(user, record, None)
        if person is not None:
            return person.full_name
    return user.get_full_name() or "сотрудник организации"


def status_label(status: str) -> str:
    return AchievementStatus(status).label if status in AchievementStatus.values else status


def history(achievement) -> list[tuple]:
    """(change, who, old status label, new status label), oldest first."""
    return [
        (change, person_name(change.changed_by), status_label(change.old_status),
         status_label(change.new_status))
        for change in achievement.changes.all()
    ]  # fmt: skip


def get_evidence_for_user(user, pk) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk).select_related("achievement").first()
    if evidence is None:
        raise refuse(user, "evidence", pk)
    get_achievement_for_user(user, evidence.achievement_id)
    return evidence


def portfolio_groups(user, *, year) -> QuerySet[StudyGroup]:
    return (
        visible_groups(user, results=True)
        .filter(year=year)
        .select_related("class_teacher", "programme")
        .order_by("grade", "name")
    )


def group_achievements(user, group: StudyGroup) -> QuerySet[Achievement]:
    """Achievements of the group's current learners that the user may see."""
    achievements = Achievement.objects.filter(
        learner__enrollments__group=group, learner__enrollments__ended_on__isnull=True
    )
    staff_id = staff_id_of(user)
    if not (sees_all_results(user) or (staff_id and group.class_teacher_id == staff_id)):
        achievements = achievements.filter(status=AchievementStatus.CONFIRMED)
    return (
        achievements.select_related("learner", "category")
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("learner__last_name", "learner__first_name", "-date")
    )


def gifted_candidates() -> QuerySet[Learner]:
    """Learners with a confirmed achievement at regional level or above who are not
    yet marked as listed in the state register of gifted children (R-LRN-2)."""
    # Whether a learner is a candidate is an EXISTS probe of the achievement index, and
    # the count a subquery the database runs for the rows of the page shown: joining
    # and grouping every achievement made the list's time grow with the school's history.
    high = Achievement.objects.filter(
        learner=OuterRef("pk"), status=AchievementStatus.CONFIRMED, level__in=HIGH_LEVELS
    )
    count = high.order_by().values("learner").annotate(n=Count("pk")).values("n")
    return (
        Learner.objects.filter(is_gifted_registered=False)
        .filter(Exists(high))
        .annotate(high_count=Subquery(count, output_field=IntegerField()))
        .order_by("last_name", "first_name")
    )
