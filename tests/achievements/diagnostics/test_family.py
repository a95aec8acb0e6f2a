"""The levels are the teachers' (003 §4.2): no family page shows them — not the diary,
the portfolio nor the learner's own page — and they are not marks (no averages)."""

import pytest

from tests.achievements.diagnostics.helpers import result

pytestmark = pytest.mark.django_db

LEVEL_WORDS = ("Высокий", "Низкий", "Личностные", "Рефлексивные", "УУД")


@pytest.fixture
def levels_saved(journal):
    result(journal, kind="personal", level="high")
    result(journal, kind="reflexive", level="low")


def page_text(client, user, url):
    """The page's own content: the staff's menu names «Диагностика УУД» on every page."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<main class="page">') :]


@pytest.mark.parametrize("role", ["parent", "learner"])
@pytest.mark.parametrize("url", ["/diary/{pk}/", "/portfolio/learners/{pk}/"])
def test_family_page_without_levels(client, people, journal, levels_saved, role, url):
    text = page_text(client, people[role], url.format(pk=journal.learner.pk))

    assert [word for word in LEVEL_WORDS if word in text] == []


def test_learner_me_page_without_levels(client, people, journal, levels_saved):
    text = page_text(client, people["learner"], "/me/")

    assert [word for word in LEVEL_WORDS if word in text] == []


def test_staff_diary_without_levels(client, people, journal, levels_saved):
    text = page_text(client, people["class_teacher"], f"/diary/{journal.learner.pk}/")

    assert [word for word in LEVEL_WORDS if word in text] == []
