"""Rewards (поощрения, R-RW): kinds as data, the organisation's criteria, rewards with
their workflow, the director's orders and the history of every step."""

from rewards.models.kinds import Ground, Layout, Nominators, RewardKind, RewardRule
from rewards.models.rewards import (
    Origin,
    Reward,
    RewardChange,
    RewardEvidence,
    RewardOrder,
    RewardStatus,
)

__all__ = [
    "Ground",
    "Layout",
    "Nominators",
    "Origin",
    "Reward",
    "RewardChange",
    "RewardEvidence",
    "RewardKind",
    "RewardOrder",
    "RewardRule",
    "RewardStatus",
]
