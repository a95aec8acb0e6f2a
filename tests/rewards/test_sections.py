"""Where rewards appear (R-RW-6): the portfolio, the e-diary and the learner's card show
the learner's granted rewards through the section registry of common/sections.py, for
those who read rewards, with a query count that does not grow with the rewards."""

from datetime import date

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common import sections
from rewards.models import Origin, RewardStatus
from tests.rewards.factories import RewardEvidenceFactory, RewardFactory, RewardOrderFactory, kind

pytestmark = pytest.mark.django_db

PAGES = {
    "portfolio": "portfolio_learner",
    "diary": "diary",
    "learner_card": "learner_detail",
}
MERIT = "За победу в муниципальном этапе олимпиады по математике"


def granted(school, **fields):
    order = fields.pop("order", None) or RewardOrderFactory(number="12-о", date=date(2026, 10, 30))
    return RewardFactory(
        learner=school.learner, year=school.year, status=RewardStatus.APPROVED, order=order,
        approved_on=order.date, merit=fields.pop("merit", MERIT), **fields,
    )  # fmt: skip


def open_page(client, user, place, learner):
    client.force_login(user)
    return client.get(reverse(PAGES[place], args=[learner.pk]))


# The registry ------------------------------------------------------------------------


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(sections, "_sections", {place: {} for place in sections.PLACES})


def test_registry_renders_sections_by_order_then_name(clean_registry, rf_request):
    sections.register("diary", "zeta", lambda request, learner: "<p>Z</p>", order=10)
    sections.register("diary", "alpha", lambda request, learner: "<p>A</p>", order=10)
    sections.register("diary", "first", lambda request, learner: "<p>1</p>", order=1)
    sections.register("diary", "empty", lambda request, learner: "", order=5)
    sections.register("portfolio", "other", lambda request, learner: "<p>P</p>")

    assert sections.render_sections("diary", rf_request, None) == "<p>1</p><p>A</p><p>Z</p>"


def test_registry_same_name_replaces_section(clean_registry, rf_request):
    sections.register("diary", "rewards", lambda request, learner: "old")
    sections.register("diary", "rewards", lambda request, learner: "new")

    assert sections.render_sections("diary", rf_request, None) == "new"


def test_registry_unknown_place_refused(clean_registry):
    with pytest.raises(ValueError, match="unknown place 'journal'"):
        sections.register("journal", "rewards", lambda request, learner: "")


def test_rewards_registered_in_every_place():
    registered = {
        place: [name for name, _ in sections.registered(place)]
        for place in ("portfolio", "diary", "learner_card")
    }
    assert registered == {
        "portfolio": ["rewards"],
        "diary": ["rewards"],
        "learner_card": ["rewards", "documents", "consents"],
    }


@pytest.fixture
def rf_request():
    return RequestFactory().get("/")


# The pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("place", sorted(PAGES))
@pytest.mark.parametrize("who", ["parent", "class_teacher", "director"])
def test_page_shows_granted_reward(school, client, place, who):
    reward = granted(school, kind=kind("excellence_sheet"))

    response = open_page(client, school.actor(who), place, school.learner)

    assert response.status_code == 200
    text = response.content.decode()
    assert f'<h2 id="rewards-{school.learner.pk}">Поощрения</h2>' in text
    assert "Похвальный лист «За отличные успехи в учении»" in text
    assert MERIT in text
    assert "Приказ № 12-о от 30.10.2026" in text
    assert reverse("rewards_certificate", args=[reward.pk]) in text
    request_link = reverse("rewards_request", args=[school.learner.pk])
    assert (request_link in text) is (who == "parent")
    assert ("Заявить поощрение из другой организации" in text) is (who == "parent")


@pytest.mark.parametrize("place", sorted(PAGES))
def test_page_hides_rewards_not_granted(school, client, place):
    RewardFactory(learner=school.learner, year=school.year, merit="Ещё не утверждено")
    RewardFactory(
        learner=school.learner, year=school.year, status=RewardStatus.REQUESTED,
        origin=Origin.EXTERNAL, source_organisation="ДЮСШ № 2", merit="Ждёт проверки",
    )  # fmt: skip

    text = open_page(client, school.class_teacher.user, place, school.learner).content.decode()

    assert "Поощрений пока нет." in text
    assert "Ещё не утверждено" not in text
    assert "Ждёт проверки" not in text


def test_page_shows_recorded_reward_with_source_and_scan_link(school, client):
    reward = RewardFactory(
        learner=school.learner, year=school.year, status=RewardStatus.RECORDED,
        origin=Origin.EXTERNAL, source_organisation="ДЮСШ № 2", awarded_on=date(2026, 9, 20),
        kind=kind("diploma"), merit="За I место в первенстве города по плаванию",
    )  # fmt: skip
    scan = RewardEvidenceFactory(reward=reward)

    text = open_page(client, school.parent, "diary", school.learner).content.decode()

    assert "Получено: ДЮСШ № 2" in text
    assert "20.09.2026" in text
    # The scans are on the learner's rewards page, which the section links to.
    assert reverse("rewards_evidence", args=[scan.pk]) not in text
    assert (
        f'<a href="{reverse("rewards_learner", args=[school.learner.pk])}">Скан документа</a>'
        in (text)
    )
    assert reverse("rewards_certificate", args=[reward.pk]) not in text


def test_learner_card_without_rewards_section_for_clerk(school, client):
    granted(school)

    response = open_page(client, school.clerk, "learner_card", school.learner)

    assert response.status_code == 200
    assert MERIT not in response.content.decode()
    assert "Поощрения</h2>" not in response.content.decode()


def test_other_learner_rewards_not_shown(school, client):
    granted(school)

    text = open_page(client, school.other_parent, "diary", school.other_learner).content.decode()

    assert MERIT not in text
    assert "Поощрений пока нет." in text


@pytest.mark.parametrize("place", sorted(PAGES))
def test_page_query_count_flat_in_rewards(school, client, place):
    order = RewardOrderFactory(number="12-о", date=date(2026, 10, 30))
    granted(school, order=order)
    client.force_login(school.parent)
    url = reverse(PAGES[place], args=[school.learner.pk])
    client.get(url)  # the first request of a session fills caches of its own
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for code in ("certificate", "gratitude", "excellence_sheet"):
        granted(school, order=order, kind=kind(code))
    recorded = RewardFactory(
        learner=school.learner, year=school.year, status=RewardStatus.RECORDED,
        origin=Origin.EXTERNAL, source_organisation="ДЮСШ № 2", awarded_on=date(2026, 9, 20),
    )  # fmt: skip
    RewardEvidenceFactory(reward=recorded)
    RewardEvidenceFactory(reward=recorded)
    with CaptureQueriesContext(connection) as five:
        text = client.get(url).content.decode()

    assert text.count("Приказ № 12-о от 30.10.2026") == 4
    assert len(five) == len(one)


@pytest.mark.parametrize("who", ["parent", "class_teacher"])
def test_section_costs_one_query(school, who):
    """The section's own cost on any page: the granted rewards, in one query (the
    viewer's roles come with the user)."""
    order = RewardOrderFactory(number="12-о", date=date(2026, 10, 30))
    for code in ("certificate", "gratitude", "excellence_sheet"):
        granted(school, order=order, kind=kind(code))
    request = RequestFactory().get("/")
    request.user = school.actor(who)
    sections.render_sections("diary", request, school.learner)  # the roles, read once

    with CaptureQueriesContext(connection) as queries:
        html = sections.render_sections("diary", request, school.learner)

    assert html.count("Приказ № 12-о от 30.10.2026") == 3
    assert len(queries) == 1
