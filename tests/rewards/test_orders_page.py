"""The director's page of pending nominations and the orders (R-RW-3): several
nominations approved into one order, the refusals (no number, approved twice, declined
without a reason, a kind that needs an order approved without one) shown with nothing
changed, the deputy's share, and query counts constant in rows."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from django.utils.timezone import localtime

from rewards.models import RewardChange, RewardOrder
from tests.achievements.portfolio.factories import AchievementFactory
from tests.achievements.portfolio.html import table_rows
from tests.factories import EnrollmentFactory, LearnerFactory
from tests.rewards.factories import RewardFactory, RewardOrderFactory, kind

pytestmark = pytest.mark.django_db

PENDING = "/rewards/pending/"
OTHERS = ["teacher", "class_teacher", "other_class_teacher", "parent", "learner", "clerk"]


def _messages(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


@pytest.fixture
def two(school):
    """Two nominations of 5А for a грамота, by the class teacher."""
    return [
        RewardFactory(learner=learner, year=school.year, created_by=school.class_teacher.user)
        for learner in (school.learner, school.classmate)
    ]


def _order(client, user, rewards, number="17-о", on="2026-11-02"):
    client.force_login(user)
    return client.post(
        PENDING,
        {"action": "order", "reward": [r.pk for r in rewards], "number": number, "date": on},
    )


def _statuses(rewards):
    for reward in rewards:
        reward.refresh_from_db()
    return [reward.status for reward in rewards]


# Who opens what ------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["deputy", "director"])
def test_pending_open_for_office(client, school, actor):
    client.force_login(school.actor(actor))

    assert client.get(PENDING).status_code == 200


@pytest.mark.parametrize("actor", OTHERS)
def test_pending_refused_to_others(client, school, actor):
    client.force_login(school.actor(actor))

    response = client.get(PENDING)

    assert response.status_code == 403
    assert (
        "Представления к поощрению рассматривают директор и заместитель директора."
        in response.content.decode()
    )


@pytest.mark.parametrize("actor", OTHERS)
def test_orders_refused_to_others(client, school, actor):
    order = RewardOrderFactory()
    client.force_login(school.actor(actor))

    assert client.get("/rewards/orders/").status_code == 403
    assert client.get(f"/rewards/orders/{order.pk}/").status_code == 404


@pytest.mark.parametrize("actor", ["deputy", "director"])
def test_orders_open_for_office(client, school, actor):
    order = RewardOrderFactory(number="3-о", date=date(2026, 10, 1))
    RewardFactory(learner=school.learner, year=school.year, status="approved", order=order)
    client.force_login(school.actor(actor))

    response = client.get("/rewards/orders/")

    assert table_rows(response) == [
        ["№ 3-о от 01.10.2026", "О поощрении обучающихся", "1", "Иванова Мария Петровна",
         "Скачать"],
    ]  # fmt: skip
    assert client.get(f"/rewards/orders/{order.pk}/").status_code == 200


def test_pending_anonymous_sent_to_login(client, school):
    assert client.get(PENDING)["Location"] == "/login/?next=/rewards/pending/"


# The page ------------------------------------------------------------------------------------


def test_pending_rows_with_evidence(client, school, two):
    olympiad = AchievementFactory(learner=school.learner, title="Олимпиада по математике")
    two[0].achievements.add(olympiad)
    two[0].results_note = "Годовая «5» по математике"
    two[0].save()
    client.force_login(school.director)

    response = client.get(PENDING)

    day = localtime(two[0].created_at).strftime("%d.%m.%Y")
    merit = two[0].merit
    assert table_rows(response) == [
        ["", "Антонова Мария Ивановна", "5А", "Грамота", "—", merit,
         "Годовая «5» по математике Олимпиада по математике (05.10.2026)",
         f"Петрова Анна Сергеевна, {day}", "Причина Отклонить"],
        ["", "Борисов Глеб Олегович", "5А", "Грамота", "—", merit, "—",
         f"Петрова Анна Сергеевна, {day}", "Причина Отклонить"],
    ]  # fmt: skip
    page = response.content.decode()
    assert "Утвердить приказом" in page
    assert 'name="date" value="' + timezone.localdate().isoformat() + '"' in page


def test_pending_select_all_ticks_every_row(client, school, two):
    client.force_login(school.director)

    page = client.get(PENDING + "?all=1").content.decode()

    for reward in two:
        assert f'value="{reward.pk}" form="approve-form" id="reward-{reward.pk}" checked' in page


def test_pending_deputy_sees_kinds_without_order(client, school, two):
    letter = RewardFactory(learner=school.learner, year=school.year, kind=kind("parents_letter"))
    client.force_login(school.deputy)

    response = client.get(PENDING)

    assert [row[0] for row in response.context["rows"]] == [letter]
    page = response.content.decode()
    assert "Ещё 2 — виды, утверждаемые приказом, — ждут решения директора." in page
    assert "Утвердить приказом" not in page


# Approving into one order --------------------------------------------------------------------


def test_approve_two_into_one_order(client, school, two):
    response = _order(client, school.director, two)

    order = RewardOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/rewards/orders/{order.pk}/"
    assert (order.number, order.date, order.signed_by) == ("17-о", date(2026, 11, 2),
                                                          school.director)  # fmt: skip
    assert _statuses(two) == ["approved", "approved"]
    assert [r.order for r in two] == [order, order]
    assert _messages(response) == [
        "Приказ № 17-о от 02.11.2026 зарегистрирован: награждены 2 обучающихся."
    ]

    page = client.get(response["Location"])

    assert table_rows(page) == [
        ["Антонова Мария Ивановна", "5А", "Грамота", "—", two[0].merit, "Поощрение утверждено"],
        ["Борисов Глеб Олегович", "5А", "Грамота", "—", two[1].merit, "Поощрение утверждено"],
    ]
    html = page.content.decode()
    assert f'href="/rewards/orders/{order.pk}/order.pdf"' in html
    for reward in two:
        assert f'href="/rewards/{reward.pk}/"' in html
    assert client.get(PENDING).context["rows"] == []


def test_approve_without_number_refused(client, school, two):
    response = _order(client, school.director, two, number="  ")

    assert response.status_code == 200
    assert response.context["problems"] == ["Укажите номер приказа."]
    assert "Укажите номер приказа." in response.content.decode()
    assert _statuses(two) == ["nominated", "nominated"]
    assert RewardOrder.objects.count() == 0
    # The ticks stay as they were, so the director only types the number.
    assert [ticked for _, _, ticked, _ in response.context["rows"]] == [True, True]


def test_approve_twice_refused(client, school, two):
    _order(client, school.director, two)
    order = RewardOrder.objects.get()

    response = _order(client, school.second_director, two, number="18-о")

    assert response.context["problems"] == [
        "Антонова Мария Ивановна: поощрение уже в состоянии «Поощрение утверждено» "
        "(Приказ № 17-о от 02.11.2026).",
        "Борисов Глеб Олегович: поощрение уже в состоянии «Поощрение утверждено» "
        "(Приказ № 17-о от 02.11.2026).",
        "Обновите страницу: ничего не утверждено.",
    ]
    assert list(RewardOrder.objects.all()) == [order]
    assert RewardChange.objects.filter(new_status="approved").count() == 2


def test_approve_nothing_ticked_refused(client, school, two):
    response = _order(client, school.director, [])

    assert response.context["problems"] == ["Отметьте хотя бы одно представление."]
    assert RewardOrder.objects.count() == 0


def test_approve_future_date_refused(client, school, two):
    response = _order(client, school.director, two, on="2099-01-01")

    assert response.context["problems"] == ["Дата приказа не может быть в будущем."]
    assert _statuses(two) == ["nominated", "nominated"]


def test_approve_bad_date_refused(client, school, two):
    response = _order(client, school.director, two, on="31.02.2026")

    assert response.context["problems"] == ["Дата приказа: введите дату в формате ДД.ММ.ГГГГ."]
    assert RewardOrder.objects.count() == 0


def test_approve_by_deputy_refused(client, school, two):
    response = _order(client, school.deputy, two)

    assert response.context["problems"] == ["Приказ о поощрении подписывает директор."]
    assert _statuses(two) == ["nominated", "nominated"]


# Without an order, and declining -------------------------------------------------------------


def test_deputy_approves_letter_without_order(client, school):
    letter = RewardFactory(learner=school.learner, year=school.year, kind=kind("parents_letter"))
    client.force_login(school.deputy)

    response = client.post(PENDING, {"action": "approve", "reward": [letter.pk]})

    letter.refresh_from_db()
    assert (letter.status, letter.order, letter.approved_on) == (
        "approved",
        None,
        timezone.localdate(),
    )
    assert response["Location"] == PENDING
    assert _messages(response) == [
        "Без приказа утверждено 1 поощрение; семьи увидят это на страницах поощрений."
    ]


def test_approve_without_order_mixed_refused_whole(client, school, two):
    letter = RewardFactory(learner=school.other_learner, year=school.year,
                           kind=kind("parents_letter"))  # fmt: skip
    client.force_login(school.director)

    response = client.post(PENDING, {"action": "approve", "reward": [letter.pk, two[0].pk]})

    assert response.context["problems"] == [
        "Антонова Мария Ивановна: Вид «Грамота» утверждается приказом: укажите номер и дату "
        "приказа.",
        "Ничего не утверждено.",
    ]
    assert _statuses([letter, two[0]]) == ["nominated", "nominated"]
    assert RewardChange.objects.count() == 0


def test_deputy_cannot_approve_kind_with_order(client, school, two):
    client.force_login(school.deputy)

    response = client.post(PENDING, {"action": "approve", "reward": [two[0].pk]})

    assert response.context["problems"] == [
        "Антонова Мария Ивановна: Утверждает поощрения директор (без приказа — также "
        "заместитель директора).",
        "Ничего не утверждено.",
    ]
    assert _statuses([two[0]]) == ["nominated"]


def test_decline_without_reason_refused(client, school, two):
    client.force_login(school.director)

    response = client.post(PENDING, {"action": "decline", "decline": two[0].pk, "comment": " "})

    assert response.context["problems"] == [
        "Антонова Мария Ивановна: Укажите причину отказа: её увидит тот, кто представил."
    ]
    assert _statuses(two) == ["nominated", "nominated"]


def test_decline_with_reason(client, school, two):
    client.force_login(school.director)

    response = client.post(
        PENDING, {"action": "decline", "decline": two[0].pk, "comment": "Олимпиада школьная"}
    )

    two[0].refresh_from_db()
    assert (two[0].status, two[0].status_comment) == ("declined", "Олимпиада школьная")
    assert _messages(response) == [
        "Представление к поощрению «Грамота» отклонено: Антонова Мария Ивановна. "
        "Причину увидят семья и тот, кто представил."
    ]


def test_decline_twice_refused(client, school, two):
    client.force_login(school.director)
    data = {"action": "decline", "decline": two[0].pk, "comment": "Нет оснований"}
    client.post(PENDING, data)

    response = client.post(PENDING, data)

    assert response.context["problems"] == [
        "Антонова Мария Ивановна: поощрение уже в состоянии «Представление отклонено». "
        "Обновите страницу."
    ]
    assert RewardChange.objects.count() == 1


def test_pending_unknown_action_refused(client, school, two):
    client.force_login(school.director)

    response = client.post(PENDING, {"action": "delete", "reward": [two[0].pk]})

    assert response.context["problems"] == ["Неизвестное действие."]


# Query counts --------------------------------------------------------------------------------


def _nominations(school, size):
    for number in range(size):
        learner = LearnerFactory()
        EnrollmentFactory(learner=learner, group=school.group)
        reward = RewardFactory(
            learner=learner, year=school.year, created_by=school.class_teacher.user,
            kind=kind("certificate" if number % 2 else "parents_letter"),
        )  # fmt: skip
        reward.achievements.add(AchievementFactory(learner=learner))


@pytest.mark.parametrize("size", [2, 6])
def test_pending_query_count_constant(client, school, django_assert_num_queries, size):
    _nominations(school, size)
    client.force_login(school.director)
    client.get(PENDING)

    with django_assert_num_queries(5):
        response = client.get(PENDING)

    assert len(response.context["rows"]) == size


@pytest.mark.parametrize("size", [2, 6])
def test_order_page_query_count_constant(client, school, django_assert_num_queries, size):
    order = RewardOrderFactory()
    for _ in range(size):
        learner = LearnerFactory()
        EnrollmentFactory(learner=learner, group=school.group)
        RewardFactory(learner=learner, year=school.year, status="approved", order=order)
    client.force_login(school.director)
    client.get(f"/rewards/orders/{order.pk}/")

    with django_assert_num_queries(5):
        response = client.get(f"/rewards/orders/{order.pk}/")

    assert len(response.context["rows"]) == size


def test_order_detail_for_deputy(client, school, two):
    _order(client, school.director, two)
    order = RewardOrder.objects.get()
    client.force_login(school.deputy)

    response = client.get(f"/rewards/orders/{order.pk}/")

    assert [row[0] for row in response.context["rows"]] == two
