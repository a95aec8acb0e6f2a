"""Every irreversible rewards step asks before it is sent (data-confirm: the dialog of
static/js/ui.js), saying what will happen; the message after it says what happened,
with counts in agreement."""

import re
from datetime import date

import pytest

from rewards.models import RewardOrder, RewardStatus
from rewards.views import words
from tests.rewards.factories import RewardFactory, RewardOrderFactory

pytestmark = pytest.mark.django_db


def _confirms(response) -> list[str]:
    return re.findall(r'data-confirm="([^"]*)"', response.content.decode())


def test_confirm_reward_page_director_one_question_per_step(client, school):
    reward = RewardFactory(learner=school.learner, year=school.year)
    client.force_login(school.director)

    response = client.get(f"/rewards/{reward.pk}/")

    assert _confirms(response) == [
        "Будет зарегистрирован приказ с указанными номером и датой: Антонова Мария Ивановна "
        "будет награждён(а) — «Грамота». Отменить регистрацию приказа нельзя.",
        "Представление (Антонова Мария Ивановна, «Грамота») будет отклонено; причину увидят "
        "семья и тот, кто представил. Отменить это нельзя.",
    ]


def test_confirm_reward_page_issue_asks(client, school):
    reward = RewardFactory(
        learner=school.learner, year=school.year, status=RewardStatus.APPROVED,
        order=RewardOrderFactory(), approved_on=date(2026, 10, 30),
    )  # fmt: skip
    client.force_login(school.class_teacher.user)

    response = client.get(f"/rewards/{reward.pk}/")

    assert _confirms(response) == [
        "Будет отмечено вручение «Грамота»: Антонова Мария Ивановна. Отменить отметку нельзя."
    ]


def test_confirm_pending_page_order_and_decline_ask(client, school):
    RewardFactory(learner=school.learner, year=school.year)
    client.force_login(school.director)

    response = client.get("/rewards/pending/")

    assert _confirms(response) == [
        "Представление (Антонова Мария Ивановна, «Грамота») будет отклонено; причину увидят "
        "семья и тот, кто представил. Отменить это нельзя.",
        "Отмеченные представления будут утверждены. «Утвердить приказом» зарегистрирует "
        "приказ с указанными номером и датой, и все отмеченные обучающиеся будут награждены; "
        "отменить регистрацию приказа нельзя.",
    ]


def test_confirm_family_page_asks_nothing(client, school):
    reward = RewardFactory(learner=school.learner, year=school.year)
    client.force_login(school.parent)

    assert _confirms(client.get(f"/rewards/{reward.pk}/")) == []


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "награждён 1 обучающийся"),
        (2, "награждены 2 обучающихся"),
        (5, "награждены 5 обучающихся"),
        (11, "награждены 11 обучающихся"),
        (21, "награждён 21 обучающийся"),
        (22, "награждены 22 обучающихся"),
    ],
)
def test_order_registered_words_agree(count, text):
    order = RewardOrder(number="7-о", date=date(2026, 11, 2))

    assert words.order_registered(order, count) == (
        f"Приказ № 7-о от 02.11.2026 зарегистрирован: {text}."
    )


@pytest.mark.parametrize(
    ("count", "text"), [(1, "утверждено 1 поощрение"), (3, "утверждены 3 поощрения"),
                        (5, "утверждено 5 поощрений")],
)  # fmt: skip
def test_approved_without_order_words_agree(count, text):
    assert words.approved_without_order(count) == (
        f"Без приказа {text}; семьи увидят это на страницах поощрений."
    )
