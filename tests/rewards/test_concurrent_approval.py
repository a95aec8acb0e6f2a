"""Two people doing the same thing at the same instant (issue «Rewards», bad input),
each from its own thread and connection, on the database the suite runs on: two
directors approving the same nominations — one order is made, the other director is
told the nominations are taken and nothing of theirs is written; the class teacher and
the deputy nominating the same learner — one nomination, the other is told."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from rewards.models import Ground, Reward, RewardChange, RewardOrder, RewardStatus
from rewards.services import reward_nominate, rewards_approve
from tests.rewards.factories import RewardFactory, kind

# Transactional: each thread must see what the other committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def together(actors, act) -> list[str]:
    """``act(index, actor)`` from one thread per actor, released at the same moment:
    what each returned, or the messages of its refusal."""
    barrier = threading.Barrier(len(actors))
    answers: list[str] = [""] * len(actors)

    def run(index, actor):
        try:
            barrier.wait(timeout=30)
            answers[index] = act(index, actor)
        except ValidationError as refused:
            answers[index] = " ".join(refused.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


def test_approve_same_nomination_at_once_one_wins_other_told(school):
    rewards = [
        RewardFactory(learner=learner, year=school.year)
        for learner in (school.learner, school.classmate)
    ]

    def approve(index, director):
        order = rewards_approve(
            rewards=rewards, number=f"{index + 1}-о", on=date(2026, 10, 30), actor=director
        )
        return f"order {order.number}"

    answers = together([school.director, school.second_director], approve)

    [order] = RewardOrder.objects.all()
    won = answers.index(f"order {order.number}")
    assert answers[1 - won] == (
        "Антонова Мария Ивановна: поощрение уже в состоянии «Поощрение утверждено» "
        f"(Приказ № {order.number} от 30.10.2026). "
        "Борисов Глеб Олегович: поощрение уже в состоянии «Поощрение утверждено» "
        f"(Приказ № {order.number} от 30.10.2026). "
        "Обновите страницу: ничего не утверждено."
    )
    assert sorted(order.rewards.values_list("status", flat=True)) == [RewardStatus.APPROVED] * 2
    assert RewardChange.objects.filter(new_status="approved").count() == 2


def test_nominate_same_learner_at_once_one_nomination_other_told(school):
    def nominate(index, actor):
        [reward] = reward_nominate(
            learners=[school.learner], kind=kind(), ground=Ground.STUDY,
            merit=f"За олимпиаду ({index})", year=school.year, actor=actor,
        )  # fmt: skip
        return f"nominated {reward.pk}"

    answers = together([school.class_teacher.user, school.deputy], nominate)

    [reward] = Reward.objects.all()
    assert sorted(answers) == sorted(
        [
            f"nominated {reward.pk}",
            "Антонова Мария Ивановна уже представлен(а) к виду «Грамота» в этом учебном году.",
        ]
    )
    assert RewardChange.objects.filter(reward=reward).count() == 1
