"""The diagnostics pages by role (R-JRN-10, R-SEC-2), the grid's save through the page,
and the grid's query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.diagnostics.forms import cell_name
from achievements.models import DiagnosticChange, DiagnosticResult, PeriodClosure
from learners.models import Role
from tests.achievements.diagnostics.helpers import grid_post, grid_url, levels, result
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    LearnerFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

INDEX = "/journal/diagnostics/"


def status_as(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


def learner_url(learner):
    return f"/journal/diagnostics/learner/{learner.pk}/"


ROLES = [
    ("deputy", 200), ("director", 200), ("teacher", 200), ("class_teacher", 200),
    ("parent", 403), ("learner", 403), ("clerk", 403), ("no_role", 403),
]  # fmt: skip


@pytest.mark.parametrize(("role", "expected"), ROLES)
def test_index_status_by_role(client, people, role, expected):
    assert status_as(client, people[role], INDEX) == expected


def test_index_customer_refused(client, journal):
    assert status_as(client, UserFactory(roles=[Role.CUSTOMER]), INDEX) == 403


def test_index_anonymous_sent_to_login(client, journal):
    assert client.get(INDEX).status_code == 302


@pytest.mark.parametrize(
    ("role", "groups"),
    [("deputy", ["5А", "5Б"]), ("class_teacher", ["5А"]), ("teacher", ["5А"]),
     ("other_teacher", ["5Б"])],
)  # fmt: skip
def test_index_lists_classes_within_scope(client, people, role, groups):
    people["other_teacher"]  # makes 5Б
    client.force_login(people[role])

    shown = client.get(INDEX).context["groups"]

    assert [g.name for g in shown] == groups


@pytest.mark.parametrize(("role", "expected"), [*ROLES, ("other_teacher", 404)])
def test_grid_status_by_role(client, people, journal, role, expected):
    assert status_as(client, people[role], grid_url(journal)) == expected


def test_grid_period_of_another_year_not_found(client, people, journal):
    next_year = AcademicYearFactory(
        name="2027/2028", starts_on=date(2027, 9, 1), ends_on=date(2028, 5, 31)
    )
    other = StudyPeriodFactory(
        year=next_year, starts_on=date(2027, 9, 1), ends_on=date(2027, 10, 25)
    )

    assert status_as(client, people["deputy"], grid_url(journal, other)) == 404


@pytest.mark.parametrize(("role", "expected"), [*ROLES, ("other_teacher", 404)])
def test_learner_page_status_by_role(client, people, journal, role, expected):
    assert status_as(client, people[role], learner_url(journal.learner)) == expected


def test_learner_page_shows_levels_by_period(client, people, journal):
    result(journal, kind="personal", level="high")
    result(journal, kind="communicative", level="low")
    client.force_login(people["class_teacher"])

    lines = client.get(learner_url(journal.learner)).context["lines"]

    assert [(line["period"], line["group"], line["cells"]) for line in lines] == [
        (journal.period, journal.group, ["Высокий", "", "", "Низкий"])
    ]


def test_grid_post_saves_changed_cells_and_redirects(client, people, journal):
    client.force_login(people["class_teacher"])
    data = grid_post(journal, {(journal.learner, "personal"): "high"}, reason="наблюдение")

    response = client.post(grid_url(journal), data)

    assert response.status_code == 302
    assert levels(journal.period) == {("Антонова", "personal"): "high"}
    assert DiagnosticChange.objects.get().reason == "наблюдение"
    page = client.get(grid_url(journal))
    assert [str(m) for m in page.context["messages"]] == [
        "Диагностика сохранена: изменено уровней — 1."
    ]
    summary = page.context["summary"]
    assert [(line["kind"].value, line["counts"], line["missing"]) for line in summary] == [
        ("personal", [1, 0, 0], 1),
        ("reflexive", [0, 0, 0], 2),
        ("cognitive", [0, 0, 0], 2),
        ("communicative", [0, 0, 0], 2),
    ]


def test_grid_post_bad_level_shows_error_beside_cell(client, people, journal):
    client.force_login(people["teacher"])
    data = grid_post(
        journal,
        {(journal.learner, "personal"): "high", (journal.classmate, "cognitive"): "отлично"},
    )

    response = client.post(grid_url(journal), data)

    assert response.status_code == 400
    name = cell_name(journal.classmate.pk, "cognitive")
    assert response.context["form"].errors == {
        name: ["Выберите уровень из шкалы: высокий, средний или низкий."]
    }
    assert f'id="id_{name}_error"' in response.content.decode()
    assert DiagnosticResult.objects.count() == 0


def test_grid_post_stale_cell_refused_naming_learner(client, people, journal):
    client.force_login(people["teacher"])
    data = grid_post(journal, {(journal.classmate, "cognitive"): "medium"})
    result(journal, learner=journal.classmate, kind="cognitive", level="high")

    response = client.post(grid_url(journal), data)

    assert response.status_code == 400
    name = cell_name(journal.classmate.pk, "cognitive")
    assert response.context["form"].errors[name] == [
        f"{journal.classmate.short_name}: уровень «Познавательные» уже изменил другой "
        "пользователь (сейчас — высокий). Проверьте и сохраните снова."
    ]
    # The cell shows what is saved now, with its version: saving again keeps it.
    assert response.context["form"][f"version_{name}"].value() == "1"
    assert levels(journal.period) == {("Борисов", "cognitive"): "high"}


def test_grid_post_by_director_forbidden(client, people, journal):
    client.force_login(people["director"])

    response = client.post(
        grid_url(journal), grid_post(journal, {(journal.learner, "personal"): "high"})
    )

    assert response.status_code == 403
    assert DiagnosticResult.objects.count() == 0


def test_grid_post_by_other_teacher_not_found(client, people, journal):
    client.force_login(people["other_teacher"])

    response = client.post(
        grid_url(journal), grid_post(journal, {(journal.learner, "personal"): "high"})
    )

    assert response.status_code == 404
    assert DiagnosticResult.objects.count() == 0


def test_grid_closed_period_read_only(client, people, journal):
    PeriodClosure.objects.create(
        period=journal.period, group=journal.group, closed_by=people["deputy"]
    )
    client.force_login(people["class_teacher"])

    page = client.get(grid_url(journal))
    response = client.post(
        grid_url(journal), grid_post(journal, {(journal.learner, "personal"): "high"})
    )

    assert page.context["editable"] is False
    assert "<select" not in page.content.decode()
    assert "Период закрыт: диагностика только для чтения." in page.content.decode()
    assert response.status_code == 400
    assert DiagnosticResult.objects.count() == 0


def test_grid_director_sees_levels_as_text(client, people, journal):
    result(journal, level="high")
    client.force_login(people["director"])

    page = client.get(grid_url(journal))

    assert page.context["editable"] is False
    assert "<select" not in page.content.decode()
    assert "Высокий" in page.content.decode()


def test_grid_note_says_targets_not_marked(client, people, journal):
    client.force_login(people["teacher"])

    content = client.get(grid_url(journal)).content.decode()

    assert "Целевые ориентиры" in content
    assert "здесь не отмечаются (п. 4.1)" in content


def grid_queries(client, journal, user, learners: int) -> int:
    for index in range(learners - 2):
        other = LearnerFactory(last_name=f"Ученик{index}")
        EnrollmentFactory(learner=other, group=journal.group, started_on=journal.period.starts_on)
        result(journal, learner=other, kind="personal", level="low")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(grid_url(journal)).status_code == 200
    return len(queries)


def test_grid_queries_constant_in_rows(client, people, journal):
    user = people["class_teacher"]
    result(journal, level="high")
    two = grid_queries(client, journal, user, 2)
    six = grid_queries(client, journal, user, 6)

    assert two == six


def index_queries(client, journal, user, more: int) -> int:
    for index in range(more):
        StudyGroupFactory(year=journal.year, name=f"6-{more}-{index}")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX).status_code == 200
    return len(queries)


def test_index_queries_constant_in_rows(client, people, journal):
    user = people["deputy"]
    two = index_queries(client, journal, user, 1)  # 5А and one more
    six = index_queries(client, journal, user, 4)  # and four more: six

    assert two == six
