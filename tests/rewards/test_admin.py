"""Rewards in the admin site (R-RW-1, R-RW-4): the deputy keeps the kinds and the one
row of criteria; the director and the clerk read the kinds; rewards, orders and their
history are read only — no status is ever edited there."""

import pytest

from rewards.models import RewardKind, RewardRule
from tests.rewards.factories import RewardFactory, RewardOrderFactory

pytestmark = pytest.mark.django_db

KINDS = "/admin/rewards/rewardkind/"
RULES = "/admin/rewards/rewardrule/"
REWARDS = "/admin/rewards/reward/"
ORDERS = "/admin/rewards/rewardorder/"
CHANGES = "/admin/rewards/rewardchange/"


def _status(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


# Who opens which list: (deputy, director, clerk, class teacher).
LISTS = {
    KINDS: (200, 200, 200, 302),
    RULES: (200, 403, 403, 302),
    REWARDS: (200, 200, 403, 302),
    ORDERS: (200, 200, 403, 302),
    CHANGES: (200, 200, 403, 302),
}


@pytest.mark.parametrize("url", LISTS)
def test_admin_lists_by_role(client, school, url):
    users = [school.deputy, school.director, school.clerk, school.class_teacher.user]

    assert tuple(_status(client, user, url) for user in users) == LISTS[url]


def test_admin_deputy_adds_kind(client, school):
    client.force_login(school.deputy)

    response = client.post(
        KINDS + "add/",
        {
            "name": "Грамота за спортивные достижения", "code": "sport_certificate",
            "nominators": "teachers", "needs_order": "on", "layout": "certificate",
            "criteria": "", "is_active": "on", "order": "20",
        },
    )  # fmt: skip

    assert response.status_code == 302
    kind = RewardKind.objects.get(code="sport_certificate")
    assert (kind.name, kind.needs_order, kind.for_subject) == (
        "Грамота за спортивные достижения", True, False,
    )  # fmt: skip


def test_admin_kind_control_character_refused(client, school):
    client.force_login(school.deputy)

    response = client.post(
        KINDS + "add/",
        {"name": "Грамота\x01", "code": "bad", "nominators": "teachers",
         "layout": "certificate", "order": "20"},
    )  # fmt: skip

    assert response.status_code == 200
    assert not RewardKind.objects.filter(code="bad").exists()


def test_admin_kind_code_read_only_on_change(client, school):
    kind = RewardKind.objects.get(code="certificate")
    client.force_login(school.deputy)

    response = client.get(f"{KINDS}{kind.pk}/change/")

    assert "code" not in response.context["adminform"].form.fields
    assert "name" in response.context["adminform"].form.fields


@pytest.mark.parametrize("actor", ["director", "clerk"])
def test_admin_kind_view_only_for_director_and_clerk(client, school, actor):
    kind = RewardKind.objects.get(code="certificate")
    client.force_login(school.actor(actor))

    assert client.get(KINDS + "add/").status_code == 403
    response = client.post(f"{KINDS}{kind.pk}/change/", {"name": "Иное"})
    assert response.status_code == 403
    kind.refresh_from_db()
    assert kind.name == "Грамота"


def test_admin_kind_never_deleted(client, school):
    kind = RewardKind.objects.get(code="certificate")
    client.force_login(school.deputy)

    assert client.get(f"{KINDS}{kind.pk}/delete/").status_code == 403


def test_admin_rule_changed_by_deputy(client, school):
    rule = RewardRule.objects.get()
    client.force_login(school.deputy)
    data = {
        field.name: getattr(rule, field.name)
        for field in RewardRule._meta.fields
        if field.name != "id"
    }

    response = client.post(f"{RULES}{rule.pk}/change/", {**data, "activity_min": 5})

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.activity_min == 5


def test_admin_rule_score_over_100_refused(client, school):
    rule = RewardRule.objects.get()
    client.force_login(school.deputy)
    data = {f.name: getattr(rule, f.name) for f in RewardRule._meta.fields if f.name != "id"}

    response = client.post(f"{RULES}{rule.pk}/change/", {**data, "medal1_russian": 101})

    assert response.status_code == 200
    rule.refresh_from_db()
    assert rule.medal1_russian == 70


@pytest.mark.parametrize("grades", ["пятый", "2;3", "2,,3"])
def test_admin_rule_grades_not_numbers_refused(client, school, grades):
    rule = RewardRule.objects.get()
    client.force_login(school.deputy)
    data = {f.name: getattr(rule, f.name) for f in RewardRule._meta.fields if f.name != "id"}

    response = client.post(f"{RULES}{rule.pk}/change/", {**data, "excellence_grades": grades})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["excellence_grades"] == [
        "Перечислите классы числами через запятую, например: 2,3,4,10."
    ]
    rule.refresh_from_db()
    assert rule.excellence_grades == "2,3,4,5,6,7,8,10"


def test_admin_rule_no_second_row_no_delete(client, school):
    rule = RewardRule.objects.get()
    client.force_login(school.deputy)

    assert client.get(RULES + "add/").status_code == 403
    assert client.get(f"{RULES}{rule.pk}/delete/").status_code == 403
    assert RewardRule.objects.count() == 1


@pytest.mark.parametrize("actor", ["deputy", "director"])
def test_admin_reward_read_only(client, school, actor):
    reward = RewardFactory(learner=school.learner, year=school.year)
    client.force_login(school.actor(actor))

    response = client.get(f"{REWARDS}{reward.pk}/change/")

    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()
    assert client.post(f"{REWARDS}{reward.pk}/change/", {"merit": "Иное"}).status_code == 403
    assert client.get(REWARDS + "add/").status_code == 403
    assert client.get(f"{REWARDS}{reward.pk}/delete/").status_code == 403
    reward.refresh_from_db()
    assert (reward.status, reward.merit) == ("nominated", RewardFactory.merit)


def test_admin_order_read_only(client, school):
    order = RewardOrderFactory()
    client.force_login(school.director)

    assert client.get(f"{ORDERS}{order.pk}/change/").status_code == 200
    assert client.get(ORDERS + "add/").status_code == 403
    assert client.get(f"{ORDERS}{order.pk}/delete/").status_code == 403
