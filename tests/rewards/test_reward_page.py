"""A class's rewards (query count constant in rows) and a reward's page with its
workflow buttons and history (R-RW-3)."""

from datetime import date

import pytest
from django.utils.timezone import localtime

from rewards.models import Reward, RewardOrder, RewardStatus
from tests.achievements.portfolio.html import table_rows
from tests.factories import EnrollmentFactory, LearnerFactory
from tests.rewards.factories import RewardFactory, RewardOrderFactory, kind
from tests.rewards.pages import (
    MERIT,
    get_as,
    messages_of,
    post_nomination,
    user_of,
)

pytestmark = pytest.mark.django_db


# A class's rewards ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actor, own, other",
    [
        ("teacher", 200, 404),
        ("class_teacher", 200, 404),
        ("deputy", 200, 200),
        ("director", 200, 200),
        ("parent", 404, 404),
        ("learner", 404, 404),
        ("clerk", 404, 404),
    ],
)
def test_group_page_by_role(client, school, actor, own, other):
    client.force_login(user_of(school, actor))

    assert client.get(f"/rewards/groups/{school.group.pk}/").status_code == own
    assert client.get(f"/rewards/groups/{school.other_group.pk}/").status_code == other


def test_group_page_rows(client, school):
    order = RewardOrderFactory(number="12-о", date=date(2026, 10, 30))
    RewardFactory(
        learner=school.classmate, year=school.year, status=RewardStatus.APPROVED, order=order
    )
    RewardFactory(
        learner=school.learner, year=school.year, kind=kind("subject_certificate"),
        subject=school.maths, merit="За особые успехи в изучении математики",
    )  # fmt: skip
    RewardFactory(learner=school.other_learner, year=school.year)

    response = get_as(client, school, "class_teacher", f"/rewards/groups/{school.group.pk}/")

    assert table_rows(response) == [
        [
            "Антонова М.И.",
            "Похвальная грамота «За особые успехи в изучении отдельных предметов»",
            "Математика", "За особые успехи в изучении математики",
            "Представлен к поощрению", "—",
        ],
        ["Борисов Г.О.", "Грамота", "—", MERIT, "Поощрение утверждено", "№ 12-о от 30.10.2026"],
    ]  # fmt: skip


def _class_of(school, size):
    for _ in range(size):
        learner = LearnerFactory()
        EnrollmentFactory(learner=learner, group=school.group)
        RewardFactory(learner=learner, year=school.year, created_by=school.class_teacher.user)


@pytest.mark.parametrize("size", [2, 6])
def test_group_page_query_count_constant(client, school, django_assert_num_queries, size):
    _class_of(school, size)
    client.force_login(school.class_teacher.user)
    client.get(f"/rewards/groups/{school.group.pk}/")  # session and roles warmed up

    with django_assert_num_queries(4):
        response = client.get(f"/rewards/groups/{school.group.pk}/")

    assert len(response.context["rewards"]) == size


# A reward's page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actor, status",
    [
        ("class_teacher", 200),
        ("teacher", 200),
        ("deputy", 200),
        ("director", 200),
        ("other_class_teacher", 404),
        ("parent", 404),  # a nomination under consideration is not the family's yet
        ("learner", 404),
        ("other_parent", 404),
        ("clerk", 404),
    ],
)
def test_detail_nomination_by_role(client, school, actor, status):
    reward = RewardFactory(learner=school.learner, year=school.year)

    assert get_as(client, school, actor, f"/rewards/{reward.pk}/").status_code == status


@pytest.mark.parametrize(
    "actor, status", [("parent", 200), ("learner", 200), ("other_parent", 404)]
)
def test_detail_granted_reward_for_family(client, school, actor, status):
    reward = RewardFactory(
        learner=school.learner, year=school.year, status=RewardStatus.APPROVED,
        order=RewardOrderFactory(),
    )  # fmt: skip

    response = get_as(client, school, actor, f"/rewards/{reward.pk}/")

    assert response.status_code == status
    if status == 200:
        assert response.context["moves"] == []
        assert f'href="/rewards/{reward.pk}/certificate.pdf"' in response.content.decode()


def test_detail_director_buttons_and_history(client, school):
    client.force_login(school.class_teacher.user)
    post_nomination(client, school.class_teacher.user, learner=school.learner.pk)
    reward = Reward.objects.get()

    response = get_as(client, school, "director", f"/rewards/{reward.pk}/")

    page = response.content.decode()
    assert [(target, move.button) for target, move, *_ in response.context["moves"]] == [
        ("approved", "Утвердить"),
        ("declined", "Отклонить"),
    ]
    assert 'name="number"' in page and 'name="comment"' in page
    assert "certificate.pdf" not in page
    change = reward.changes.get()
    assert table_rows(response) == [
        [localtime(change.changed_at).strftime("%d.%m.%Y %H:%M"), "Петрова Анна Сергеевна", "—",
         "Представлен к поощрению", ""],
    ]  # fmt: skip


def test_detail_class_teacher_no_buttons_on_nomination(client, school):
    reward = RewardFactory(learner=school.learner, year=school.year)

    response = get_as(client, school, "class_teacher", f"/rewards/{reward.pk}/")

    assert response.context["moves"] == []
    assert "/transition/" not in response.content.decode()


@pytest.mark.parametrize("actor", [None, "director", "class_teacher", "parent"])
def test_transition_get_not_allowed(client, school, actor):
    reward = RewardFactory(learner=school.learner, year=school.year)
    if actor:
        client.force_login(school.actor(actor))

    assert client.get(f"/rewards/{reward.pk}/transition/").status_code == 405


def test_transition_director_approves_with_order_from_page(client, school):
    reward = RewardFactory(learner=school.learner, year=school.year)
    client.force_login(school.director)

    response = client.post(
        f"/rewards/{reward.pk}/transition/",
        {"to": "approved", "number": "15-о", "date": "2026-11-02"},
    )

    reward.refresh_from_db()
    order = RewardOrder.objects.get()
    assert (reward.status, reward.order, order.number) == ("approved", order, "15-о")
    assert messages_of(response) == [
        "Приказ № 15-о от 02.11.2026 зарегистрирован: награждён 1 обучающийся."
    ]


def test_transition_approve_without_number_refused(client, school):
    reward = RewardFactory(learner=school.learner, year=school.year)
    client.force_login(school.director)

    response = client.post(f"/rewards/{reward.pk}/transition/", {"to": "approved"})

    reward.refresh_from_db()
    assert reward.status == RewardStatus.NOMINATED
    assert messages_of(response) == ["Укажите номер приказа."]
    assert RewardOrder.objects.count() == 0


def test_transition_decline_without_reason_refused(client, school):
    reward = RewardFactory(learner=school.learner, year=school.year)
    client.force_login(school.director)

    response = client.post(f"/rewards/{reward.pk}/transition/", {"to": "declined"})

    reward.refresh_from_db()
    assert reward.status == RewardStatus.NOMINATED
    assert messages_of(response) == ["Укажите причину отказа: её увидит тот, кто представил."]
    assert reward.changes.count() == 0


def test_transition_class_teacher_marks_issued(client, school):
    reward = RewardFactory(
        learner=school.learner, year=school.year, status=RewardStatus.APPROVED,
        order=RewardOrderFactory(), approved_on=date(2026, 10, 30),
    )  # fmt: skip
    client.force_login(school.class_teacher.user)

    response = client.post(
        f"/rewards/{reward.pk}/transition/", {"to": "issued", "on": "2026-11-05"}
    )

    reward.refresh_from_db()
    assert (reward.status, reward.issued_on) == ("issued", date(2026, 11, 5))
    assert messages_of(response) == [
        "Вручение отмечено: Антонова Мария Ивановна, «Грамота», 05.11.2026."
    ]


def test_transition_class_teacher_cannot_approve(client, school):
    reward = RewardFactory(learner=school.learner, year=school.year, kind=kind("parents_letter"))
    client.force_login(school.class_teacher.user)

    response = client.post(f"/rewards/{reward.pk}/transition/", {"to": "approved"})

    reward.refresh_from_db()
    assert reward.status == RewardStatus.NOMINATED
    assert messages_of(response) == [
        "Утверждает поощрения директор (без приказа — также заместитель директора)."
    ]


def test_transition_unknown_target_refused(client, school):
    reward = RewardFactory(learner=school.learner, year=school.year)
    client.force_login(school.director)

    response = client.post(f"/rewards/{reward.pk}/transition/", {"to": "granted"})

    assert messages_of(response) == ["Неизвестное действие."]


def test_transition_foreign_reward_404(client, school):
    reward = RewardFactory(learner=school.other_learner, year=school.year)
    client.force_login(school.class_teacher.user)

    assert client.post(f"/rewards/{reward.pk}/transition/", {"to": "issued"}).status_code == 404
