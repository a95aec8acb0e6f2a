"""The rewards workflow as one edge table (DESIGN «Workflows»): who may take each edge,
what the page's button says and whether a comment is required. reward_transition
refuses anything not here; the pages offer exactly what ``allowed`` returns."""

from dataclasses import dataclass

from django.utils.functional import lazy

from learners.access import is_family, leads_class_of, roles_of, runs_rewards
from learners.models import Role
from learners.terms import current_terms
from rewards.models import RewardStatus

# Who takes an edge: the director (or, for kinds without an order, the deputy too);
# whoever hands rewards out; the class teacher who keeps the portfolio.
APPROVER, ISSUER, KEEPER = "approver", "issuer", "keeper"


@dataclass(frozen=True)
class Move:
    who: str
    button: str
    done: str
    needs_comment: bool = False
    primary: bool = False


MOVES: dict[tuple[str, str], Move] = {
    (RewardStatus.NOMINATED, RewardStatus.APPROVED): Move(
        APPROVER, "Утвердить", "Поощрение утверждено.", primary=True
    ),
    (RewardStatus.NOMINATED, RewardStatus.DECLINED): Move(
        APPROVER, "Отклонить", "Представление отклонено.", needs_comment=True
    ),
    (RewardStatus.APPROVED, RewardStatus.ISSUED): Move(
        ISSUER, "Отметить вручение", "Вручение отмечено.", primary=True
    ),
    (RewardStatus.REQUESTED, RewardStatus.RECORDED): Move(
        KEEPER, "Подтвердить и учесть", "Поощрение учтено.", primary=True
    ),
    (RewardStatus.REQUESTED, RewardStatus.REJECTED): Move(
        KEEPER, "Не учитывать", "Поощрение не учтено.", needs_comment=True
    ),
}

# Worded when shown, in the terms of the organisation's kind (R-ORG-6).
_termed = lazy(lambda text: text.format_map(current_terms()), str)

REFUSALS = {
    APPROVER: "Утверждает поощрения директор (без приказа — также заместитель директора).",
    ISSUER: _termed(
        "Отметить вручение может директор, заместитель директора или {teacher_of_group} "
        "{learner_gen}."
    ),
    KEEPER: _termed("Подтверждает поощрения из других организаций {teacher_of_group}."),
}


def may(user, who: str, reward) -> bool:
    roles = roles_of(user)
    if who == APPROVER:
        if Role.DIRECTOR in roles:
            return True
        return Role.DEPUTY in roles and not reward.kind.needs_order
    if who == ISSUER:
        return runs_rewards(user) or leads_class_of(user, reward.learner_id)
    return Role.DEPUTY in roles or leads_class_of(user, reward.learner_id)


def allowed(reward, user) -> list[tuple[str, Move]]:
    """The edges from the reward's status that ``user`` may take: (target, move)."""
    if is_family(user, reward.learner_id) and not roles_of(user) - {Role.PARENT, Role.LEARNER}:
        return []
    asked: dict[str, bool] = {}
    result = []
    for (source, target), move in MOVES.items():
        if source != reward.status:
            continue
        if move.who not in asked:
            asked[move.who] = may(user, move.who, reward)
        if asked[move.who]:
            result.append((target, move))
    return result
