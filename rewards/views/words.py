"""What the rewards pages say before an irreversible step (the confirmation dialog's
text, data-confirm) and after it (the message): in words, with the learner, the kind
and the order named, and counts in agreement («награждены 2 обучающихся»)."""

from learners.terms import current_terms
from learners.text import plural, plural_word
from rewards.models import RewardStatus


def learners_count(n: int) -> str:
    return plural(n, *current_terms()["learner_forms"].split(","))


def order_registered(order, learner_count: int) -> str:
    verb = plural_word(learner_count, "награждён", "награждены", "награждены")
    return f"{order} зарегистрирован: {verb} {learners_count(learner_count)}."


def approved_without_order(reward_count: int) -> str:
    verb = plural_word(reward_count, "утверждено", "утверждены", "утверждено")
    noun = plural(reward_count, "поощрение", "поощрения", "поощрений")
    return f"Без приказа {verb} {noun}; семьи увидят это на страницах поощрений."


def declined(reward) -> str:
    return (
        f"Представление к поощрению «{reward.kind.name}» отклонено: "
        f"{reward.learner.full_name}. Причину увидят семья и тот, кто представил."
    )


def done(reward, target: str, *, on=None, comment: str = "") -> str:
    """The message after one step of the workflow on a reward's page; ``reward`` is the
    row as read before the step."""
    name, kind = reward.learner.full_name, reward.kind.name
    if target == RewardStatus.APPROVED:
        return f"Поощрение «{kind}» утверждено без приказа: {name}."
    if target == RewardStatus.DECLINED:
        return declined(reward)
    if target == RewardStatus.ISSUED:
        when = f", {on:%d.%m.%Y}" if on else ""
        return f"Вручение отмечено: {name}, «{kind}»{when}."
    if target == RewardStatus.RECORDED:
        return f"Поощрение «{kind}» учтено в личных достижениях: {name}. Семья увидит это."
    if target == RewardStatus.REJECTED:
        return f"Поощрение «{kind}» не учтено: {name}. Причину увидит семья."
    return f"Статус поощрения «{kind}» ({name}) изменён."


def confirm(reward, target: str) -> str:
    """The confirmation dialog's question for one step of a reward's page."""
    name, kind = reward.learner.full_name, reward.kind.name
    if target == RewardStatus.APPROVED and reward.kind.needs_order:
        return (
            f"Будет зарегистрирован приказ с указанными номером и датой: {name} будет "
            f"награждён(а) — «{kind}». Отменить регистрацию приказа нельзя."
        )
    if target == RewardStatus.APPROVED:
        return f"Поощрение «{kind}» для {name} будет утверждено без приказа. Отменить это нельзя."
    if target == RewardStatus.DECLINED:
        return (
            f"Представление ({name}, «{kind}») будет отклонено; причину увидят семья и тот, "
            "кто представил. Отменить это нельзя."
        )
    if target == RewardStatus.ISSUED:
        return f"Будет отмечено вручение «{kind}»: {name}. Отменить отметку нельзя."
    if target == RewardStatus.RECORDED:
        return f"Поощрение «{kind}» будет учтено в личных достижениях: {name}. Семья увидит это."
    if target == RewardStatus.REJECTED:
        return f"Поощрение «{kind}» не будет учтено: {name}; причину увидит семья."
    return "Статус поощрения будет изменён."
