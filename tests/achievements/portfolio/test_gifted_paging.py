"""The list of candidates for the gifted-children register is shown fifty at a time,
with page links in Russian; a page number that is not one or is past the end gives
the first or the last page, and the queries do not grow with the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.models import AchievementLevel
from learners.models import Role
from tests.achievements.portfolio.factories import AchievementFactory
from tests.achievements.portfolio.html import table_rows
from tests.factories import LearnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def add_candidates(first, count):
    """Learners «Кандидат 001»… with one confirmed regional achievement each."""
    author = UserFactory(roles=[Role.CLASS_TEACHER])
    for n in range(first, first + count):
        AchievementFactory(
            learner=LearnerFactory(last_name=f"Кандидат{n:03d}", first_name="Ирина", patronymic=""),
            level=AchievementLevel.REGIONAL,
            created_by=author,
        )


def names(response):
    return [row[0] for row in table_rows(response)]


@pytest.fixture
def deputy_client(client, school):
    client.force_login(school.deputy)
    return client


def test_gifted_paging_first_page_fifty_with_links(deputy_client):
    add_candidates(1, 120)

    response = deputy_client.get("/portfolio/gifted/")

    assert response.status_code == 200
    assert names(response) == [f"Кандидат{n:03d} Ирина" for n in range(1, 51)]
    page = response.content.decode()
    assert "Всего 120; показаны 1–50." in page
    assert '<a href="?page=2" aria-label="Страница 2">2</a>' in page
    assert '<a href="?page=3" aria-label="Страница 3">3</a>' in page
    assert '<a href="?page=2" rel="next">Следующая →</a>' in page
    assert "Предыдущая" not in page


def test_gifted_paging_page_2_and_last(deputy_client):
    add_candidates(1, 120)

    second = deputy_client.get("/portfolio/gifted/?page=2")
    last = deputy_client.get("/portfolio/gifted/?page=3")

    assert names(second) == [f"Кандидат{n:03d} Ирина" for n in range(51, 101)]
    assert names(last) == [f"Кандидат{n:03d} Ирина" for n in range(101, 121)]
    assert '<a href="?page=2" rel="prev">← Предыдущая</a>' in last.content.decode()
    assert "Следующая" not in last.content.decode()


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("abc", 1), ("", 1), ("2.5", 1), ("0", 3), ("-1", 3), ("99", 3), ("9" * 30, 3)],
)
def test_gifted_paging_invalid_number_first_or_last_page(deputy_client, asked, shown):
    add_candidates(1, 120)

    response = deputy_client.get("/portfolio/gifted/", {"page": asked})

    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_gifted_paging_short_list_no_links(deputy_client):
    add_candidates(1, 3)

    response = deputy_client.get("/portfolio/gifted/")

    assert names(response) == ["Кандидат001 Ирина", "Кандидат002 Ирина", "Кандидат003 Ирина"]
    assert 'aria-label="Страницы"' not in response.content.decode()


def test_gifted_paging_queries_constant_for_60_and_240(deputy_client):
    add_candidates(1, 60)
    with CaptureQueriesContext(connection) as sixty:
        deputy_client.get("/portfolio/gifted/?page=2")
    add_candidates(61, 180)

    with CaptureQueriesContext(connection) as more:
        response = deputy_client.get("/portfolio/gifted/?page=2")

    assert len(more.captured_queries) == len(sixty.captured_queries)
    assert len(names(response)) == 50
    assert response.context["page"].paginator.count == 240


# Class column, class filter, name search -----------------------------------------------------


def _regional(learner):
    AchievementFactory(learner=learner, level=AchievementLevel.REGIONAL)


def test_gifted_filter_by_class_only_that_class(deputy_client, school):
    for learner in (school.learner, school.classmate, school.other_learner):
        _regional(learner)

    response = deputy_client.get("/portfolio/gifted/", {"group": school.other_group.pk})

    assert table_rows(response) == [["Васильев Олег Петрович", "5Б", "1", "Портфолио · Карточка"]]


def test_gifted_search_by_name_any_case(deputy_client, school):
    for learner in (school.learner, school.classmate, school.other_learner):
        _regional(learner)

    response = deputy_client.get("/portfolio/gifted/", {"q": "борисов глеб"})

    assert table_rows(response) == [["Борисов Глеб Олегович", "5А", "1", "Портфолио · Карточка"]]


def test_gifted_filter_class_and_name_nothing_found(deputy_client, school):
    _regional(school.learner)

    response = deputy_client.get(
        "/portfolio/gifted/", {"group": school.other_group.pk, "q": "Антонова"}
    )

    assert table_rows(response) == [["По этому отбору кандидатов нет."]]


def test_gifted_filter_unknown_class_error_whole_list(deputy_client, school):
    _regional(school.learner)

    response = deputy_client.get("/portfolio/gifted/", {"group": "999999"})

    assert response.status_code == 200
    assert response.context["filters"].errors == {
        "group": ["Такого класса нет в списке. Выберите класс из списка."]
    }
    assert names(response) == ["Антонова Мария Ивановна"]


def test_gifted_paging_links_keep_the_search(deputy_client):
    add_candidates(1, 60)
    LearnerFactory(last_name="Другая", first_name="Ирина", patronymic="")

    response = deputy_client.get("/portfolio/gifted/", {"q": "кандидат"})

    page = response.content.decode()
    assert response.context["page"].paginator.count == 60
    assert (
        '<a href="?q=%D0%BA%D0%B0%D0%BD%D0%B4%D0%B8%D0%B4%D0%B0%D1%82&amp;page=2" rel="next">'
        in page
    )
    second = deputy_client.get("/portfolio/gifted/", {"q": "кандидат", "page": "2"})
    assert names(second) == [f"Кандидат{n:03d} Ирина" for n in range(51, 61)]


def test_gifted_filtered_queries_constant_for_60_and_240(deputy_client, school):
    add_candidates(1, 60)
    asked = {"q": "кандидат", "page": "2"}
    with CaptureQueriesContext(connection) as sixty:
        deputy_client.get("/portfolio/gifted/", asked)
    add_candidates(61, 180)

    with CaptureQueriesContext(connection) as more:
        response = deputy_client.get("/portfolio/gifted/", asked)

    assert len(more.captured_queries) == len(sixty.captured_queries)
    assert len(names(response)) == 50
