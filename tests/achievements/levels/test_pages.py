"""The levels pages by role (R-JRN-14, R-SEC-2): the index, the grid and its save
through the page, and the grid's query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.levels.forms import field_name
from achievements.models import LevelResult, LevelResultChange
from learners.models import OrganisationKind
from tests.achievements.levels.helpers import grid_post, grid_url, levels, result

pytestmark = pytest.mark.django_db

INDEX = "/levels/"


def status_as(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


INDEX_ROLES = [
    ("deputy", 200), ("director", 200), ("teacher", 200), ("other_teacher", 200),
    ("class_teacher", 200), ("parent", 403), ("learner", 403), ("customer", 403),
    ("clerk", 403),
]  # fmt: skip


@pytest.mark.parametrize(("role", "expected"), INDEX_ROLES)
def test_index_status_by_role(client, people, role, expected):
    assert status_as(client, people[role], INDEX) == expected


def test_index_anonymous_sent_to_login(client, club):
    assert client.get(INDEX).status_code == 302


@pytest.mark.parametrize(
    ("role", "shown"),
    [("deputy", [("Робототехника-1", "Робототехника"), ("Шахматы-1", "Шахматы")]),
     ("director", [("Робототехника-1", "Робототехника"), ("Шахматы-1", "Шахматы")]),
     ("teacher", [("Робототехника-1", "Робототехника")]),
     ("other_teacher", [("Шахматы-1", "Шахматы")]),
     ("form_teacher", []), ("class_teacher", [])],
)  # fmt: skip
def test_index_lists_associations_within_scope(client, people, role, shown):
    people["other_teacher"]  # makes Шахматы-1
    client.force_login(people[role])

    lines = client.get(INDEX).context["lines"]

    assert [(line["group"].name, line["subject"].name) for line in lines] == shown


def test_index_counts_levels_per_stage(client, people, club):
    result(club, level="В")
    result(club, learner=club.classmate, level="Н")
    result(club, stage="intermediate", level="В", day=date(2026, 11, 20))
    result(club, learner=club.classmate, stage="final", level="", day=None)
    client.force_login(people["deputy"])

    (line,) = client.get(INDEX).context["lines"]

    assert [(s["stage"].value, s["count"]) for s in line["stages"]] == [
        ("entry", 2), ("intermediate", 1), ("final", 0),
    ]  # fmt: skip
    assert line["group"].active == 2


GRID_ROLES = [
    ("deputy", 200), ("director", 200), ("teacher", 200), ("other_teacher", 404),
    ("form_teacher", 404), ("class_teacher", 404), ("parent", 403), ("learner", 403),
    ("customer", 403), ("clerk", 403),
]  # fmt: skip


@pytest.mark.parametrize(("role", "expected"), GRID_ROLES)
def test_grid_status_by_role(client, people, club, role, expected):
    assert status_as(client, people[role], grid_url(club)) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("deputy", 302), ("teacher", 302), ("director", 403), ("other_teacher", 404),
     ("parent", 403), ("learner", 403), ("customer", 403)],
)  # fmt: skip
def test_grid_post_status_by_role(client, people, club, role, expected):
    data = grid_post(club, [club.learner, club.classmate], {club.learner: ("В", "2026-09-20", "")})

    assert status_as(client, people[role], grid_url(club), "post", data) == expected
    assert LevelResult.objects.count() == (1 if expected == 302 else 0)


def test_grid_general_class_not_found(client, people, club):
    assert status_as(client, people["deputy"], grid_url(club, group=club.form)) == 404


def test_grid_subject_of_another_association_not_found(client, people, club):
    people["other_teacher"]
    chess = LevelResult._meta.get_field("subject").related_model.objects.get(name="Шахматы")

    assert status_as(client, people["deputy"], grid_url(club, subject=chess)) == 404


def test_grid_unknown_stage_not_found(client, people, club):
    assert status_as(client, people["deputy"], grid_url(club, stage="yearly")) == 404


def test_grid_shows_levels_and_summary(client, people, club):
    result(club, level="В", comment="Самостоятельно")
    client.force_login(people["director"])

    response = client.get(grid_url(club))

    grid = response.context["grid"]
    assert [(r.learner.last_name, r.level, r.checked_on) for r in grid.rows] == [
        ("Антонова", "В", date(2026, 9, 20)), ("Борисов", "", None),
    ]  # fmt: skip
    summary = response.context["summary"]
    assert [(v.code, n) for v, n in summary["counts"]] == [("В", 1), ("С", 0), ("Н", 0)]
    assert summary["missing"] == 1
    assert response.context["editable"] is False
    text = response.content.decode()
    assert "В — высокий уровень" in text
    assert "Самостоятельно" in text
    assert 'name="level_' not in text


def test_grid_post_saves_changed_rows_and_redirects(client, people, club):
    client.force_login(people["teacher"])
    data = grid_post(
        club, [club.learner, club.classmate], {club.learner: ("С", "20.09.2026", "Медленно")}
    )

    response = client.post(grid_url(club), data)

    assert response.status_code == 302
    assert response["Location"] == grid_url(club)
    assert levels(club) == {"Антонова": ("С", date(2026, 9, 20), 1)}
    assert LevelResultChange.objects.count() == 1


def test_grid_post_bad_level_error_beside_row(client, people, club):
    client.force_login(people["teacher"])
    data = grid_post(club, [club.learner, club.classmate], {club.learner: ("Z", "2026-09-20", "")})

    response = client.post(grid_url(club), data)

    assert response.status_code == 400
    assert response.context["form"].errors[field_name(club.learner.pk, "level")] == [
        "Антонова М.И.: Выберите уровень из шкалы: В — высокий уровень, С — средний уровень, "
        "Н — низкий уровень."
    ]
    assert LevelResult.objects.count() == 0


def test_grid_post_bad_date_error(client, people, club):
    client.force_login(people["teacher"])
    data = grid_post(club, [club.learner, club.classmate], {club.learner: ("В", "32.13.2026", "")})

    response = client.post(grid_url(club), data)

    assert response.status_code == 400
    assert response.context["form"].errors[field_name(club.learner.pk, "date")] == [
        "Дата указана неверно: нужна дата вида 01.12.2026."
    ]
    assert LevelResult.objects.count() == 0


def test_grid_post_stale_row_shows_current_and_names_learner(client, people, club):
    saved = result(club, level="С")
    client.force_login(people["teacher"])
    data = grid_post(
        club, [club.learner, club.classmate], {club.learner: ("Н", "2026-09-20", "")},
        reason="Перепроверено",
    )  # fmt: skip
    saved.level, saved.version = "В", 2
    saved.save()

    response = client.post(grid_url(club), data)

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[field_name(club.learner.pk, "level")] == [
        "Антонова М.И.: запись уже изменил другой пользователь (сейчас — уровень «В»). "
        "Проверьте и сохраните снова."
    ]
    assert form[field_name(club.learner.pk, "version")].value() == "2"
    assert levels(club) == {"Антонова": ("В", date(2026, 9, 20), 2)}


def test_grid_post_tampered_version_refused(client, people, club):
    client.force_login(people["teacher"])
    data = grid_post(club, [club.learner, club.classmate], {club.learner: ("В", "2026-09-20", "")})
    data[field_name(club.learner.pk, "version")] = "x"

    response = client.post(grid_url(club), data)

    assert response.status_code == 400
    assert LevelResult.objects.count() == 0


def test_grid_terms_of_additional_education(client, people, club):
    club.school.organisation(kind=OrganisationKind.ADDITIONAL)
    client.force_login(people["teacher"])

    text = client.get(grid_url(club)).content.decode()

    assert "Учащийся" in text
    assert "Обучающийся" not in text


def _grid_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_grid_query_count_constant_in_rows(client, people, club):
    client.force_login(people["teacher"])
    result(club, level="В")
    few = _grid_queries(client, grid_url(club))
    for number in range(6):
        learner = club.school.learner(club.group, f"Новикова{number}", started_on=date(2026, 9, 15))
        result(club, learner=learner, level="С")

    assert _grid_queries(client, grid_url(club)) == few


def test_index_query_count_constant_in_rows(client, people, club):
    client.force_login(people["deputy"])
    few = _grid_queries(client, INDEX)
    people["other_teacher"]
    for number in range(4):
        result(club, learner=club.school.learner(club.group, f"Н{number}"), level="В")

    assert _grid_queries(client, INDEX) == few
