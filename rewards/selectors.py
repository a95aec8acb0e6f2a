"""Reads of the rewards app, scoped by the access policy (learners/access.py): whoever
reads a learner's results and portfolio reads their rewards; the family sees what was
granted and its own requests, not nominations still under consideration."""

from django.db.models import Q, QuerySet

from achievements.portfolio.selectors import reads_portfolios
from learners.access import (
    is_family,
    keeps_portfolio,
    refuse,
    result_learners,
    roles_of,
    runs_rewards,
)
from learners.models import Role
from rewards.models import Reward, RewardOrder, RewardStatus
from rewards.models.rewards import GRANTED

FAMILY_SEES = (*GRANTED, RewardStatus.REQUESTED, RewardStatus.REJECTED)


def reads_rewards(user) -> bool:
    """Rewards are part of the portfolio's story: whoever reads portfolios reads them
    (not the customer, the clerk or the administrator)."""
    return reads_portfolios(user)


def _with_relations(rewards: QuerySet[Reward]) -> QuerySet[Reward]:
    return rewards.select_related("learner", "kind", "subject", "order", "year", "period")


def visible_rewards(user) -> QuerySet[Reward]:
    """Rewards of the learners whose results the user reads. A user who is only family
    (parent, learner) sees granted rewards and the family's own requests."""
    if not reads_rewards(user):
        return Reward.objects.none()
    rewards = Reward.objects.filter(learner__in=result_learners(user))
    if not roles_of(user) - {Role.PARENT, Role.LEARNER}:
        rewards = rewards.filter(status__in=FAMILY_SEES)
    return _with_relations(rewards)


def rewards_for_learner(user, learner) -> QuerySet[Reward]:
    rewards = Reward.objects.filter(learner=learner)
    if is_family(user, learner.pk) and not (
        keeps_portfolio(user, learner.pk) or runs_rewards(user)
    ):
        rewards = rewards.filter(status__in=FAMILY_SEES)
    elif not reads_rewards(user):
        return Reward.objects.none()
    return _with_relations(rewards).order_by("-year__starts_on", "-created_at", "-pk")


def granted_rewards(learner_ids) -> QuerySet[Reward]:
    """Granted rewards of these learners, for the portfolio, diary, card and archive
    (the caller has already checked who may see the learners)."""
    return _with_relations(
        Reward.objects.filter(learner_id__in=learner_ids, status__in=GRANTED)
    ).order_by("learner_id", "-approved_on", "-awarded_on", "-pk")


def get_reward_for_user(user, pk) -> Reward:
    reward = visible_rewards(user).filter(pk=pk).first()
    if reward is None:
        raise refuse(user, "reward", pk)
    return reward


def pending_nominations() -> QuerySet[Reward]:
    """Nominations waiting for the director (or, without an order, the deputy)."""
    return _with_relations(Reward.objects.filter(status=RewardStatus.NOMINATED)).order_by(
        "kind__order", "learner__last_name", "learner__first_name", "pk"
    )


def visible_orders(user) -> QuerySet[RewardOrder]:
    """Orders list everyone rewarded: the administration reads them."""
    if not runs_rewards(user):
        return RewardOrder.objects.none()
    return RewardOrder.objects.all()


def get_order_for_user(user, pk) -> RewardOrder:
    order = visible_orders(user).filter(pk=pk).first()
    if order is None:
        raise refuse(user, "reward_order", pk)
    return order


def standing_keys(*, learner_ids, year) -> set[tuple[int, int, int | None]]:
    """(learner, kind, subject) already nominated or granted this year: the candidate
    lists leave them out."""
    return set(
        Reward.objects.filter(
            Q(status__in=(RewardStatus.NOMINATED, RewardStatus.APPROVED, RewardStatus.ISSUED)),
            learner_id__in=learner_ids,
            year=year,
        ).values_list("learner_id", "kind_id", "subject_id")
    )
