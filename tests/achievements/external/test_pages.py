"""The pages of external assessment by role (R-JRN-9, R-SEC-2), the grid's saving and
its query count, the family's section."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from achievements.external.rules import RawRow
from achievements.external.selectors import results_for_learner
from achievements.external.services import results_save
from achievements.models import ExternalAssessment, ExternalResult, ExternalResultChange
from tests.achievements.people import People
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(journal):
    people = People(journal)
    people["subject_stranger"] = TeachingAssignmentFactory(
        group=journal.group, subject=SubjectFactory()
    ).teacher.user
    return people


def grid_url(vpr, group):
    return f"/external/{vpr.pk}/class/{group.pk}/"


def status_as(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("deputy", 200), ("director", 200), ("teacher", 200), ("class_teacher", 200),
        ("other_teacher", 404), ("subject_stranger", 404),
        ("parent", 403), ("learner", 403), ("clerk", 403), ("no_role", 403),
    ],
)  # fmt: skip
def test_grid_access_by_role(client, journal, vpr, people, who, expected):
    assert status_as(client, people[who], grid_url(vpr, journal.group)) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("deputy", 200), ("teacher", 200), ("class_teacher", 200), ("other_teacher", 200),
        ("subject_stranger", 404), ("parent", 403), ("learner", 403),
    ],
)  # fmt: skip
def test_detail_access_by_role(client, vpr, people, who, expected):
    assert status_as(client, people[who], f"/external/{vpr.pk}/") == expected


def test_list_shows_teacher_only_own_subjects(client, journal, vpr, people):
    client.force_login(people["subject_stranger"])
    response = client.get("/external/")
    assert response.status_code == 200
    assert list(response.context["assessments"]) == []
    client.force_login(people["teacher"])
    assert list(client.get("/external/").context["assessments"]) == [vpr]


def test_list_parent_forbidden(client, people):
    assert status_as(client, people["parent"], "/external/") == 403


def post_grid(client, vpr, journal, rows):
    data = {}
    for learner, (score, mark, tasks, version) in rows.items():
        data[f"version-{learner.pk}"] = version
        data[f"score-{learner.pk}"] = score
        data[f"mark-{learner.pk}"] = mark
        for n, value in enumerate(tasks, start=1):
            data[f"task-{learner.pk}-{n}"] = value
    return client.post(grid_url(vpr, journal.group), data)


def test_grid_post_by_teacher_saves(client, journal, vpr):
    client.force_login(journal.teacher_user)
    response = post_grid(
        client, vpr, journal,
        {journal.learner: ("", "", ["3", "3", "1"], 0), journal.classmate: ("4", "", [], 0)},
    )  # fmt: skip
    assert response.status_code == 302
    assert sorted(ExternalResult.objects.values_list("score", "mark")) == [(4, "3"), (7, "4")]


def test_grid_post_bad_row_rerenders_400_with_error_beside_row(client, journal, vpr):
    client.force_login(journal.teacher_user)
    response = post_grid(
        client, vpr, journal,
        {journal.learner: ("5", "", [], 0), journal.classmate: ("", "", ["5", "", ""], 0)},
    )  # fmt: skip
    assert response.status_code == 400
    lines = {line["learner"]: line["errors"] for line in response.context["lines"]}
    assert lines == {journal.learner: [], journal.classmate: ["Задание 1: 5 — вне диапазона 0…3."]}
    assert "Задание 1: 5 — вне диапазона 0…3." in response.content.decode()
    assert ExternalResult.objects.count() == 0


def test_grid_post_by_class_teacher_forbidden(client, journal, vpr, people):
    client.force_login(people["class_teacher"])
    response = post_grid(client, vpr, journal, {journal.learner: ("5", "", [], 0)})
    assert response.status_code == 403
    assert ExternalResult.objects.count() == 0


def test_create_form_by_teacher_saves(client, journal):
    client.force_login(journal.teacher_user)
    response = client.post(
        "/external/new/",
        {"kind": "vpr", "title": "ВПР", "subject": journal.subject.pk, "grade": 5,
         "held_on": "2026-10-02", "max_score": 10, "task_count": 2, "task_max": "4, 6",
         "thresholds": "4, 6, 8"},
    )  # fmt: skip
    assert response.status_code == 302
    assessment = ExternalAssessment.objects.get()
    assert (assessment.year, assessment.task_max, assessment.thresholds) == (
        journal.year, [4, 6], [[0, "2"], [4, "3"], [6, "4"], [8, "5"]],
    )  # fmt: skip


def test_create_form_bad_input_400_nothing_written(client, journal):
    client.force_login(journal.teacher_user)
    response = client.post(
        "/external/new/",
        {"kind": "vpr", "title": "ВПР", "subject": journal.subject.pk, "grade": 5,
         "held_on": "2026-10-02", "max_score": 10, "task_count": 2, "task_max": "4, 4",
         "thresholds": "4, 6"},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "task_max": ["Сумма максимумов (8) не равна максимальному баллу (10)."],
        "thresholds": ["Укажите три порога: для «3», «4» и «5»."],
    }
    assert ExternalAssessment.objects.count() == 0


def test_grid_query_count_constant_in_rows(client, journal, vpr):
    results_save(
        actor=journal.teacher_user, assessment=vpr, group=journal.group,
        rows={journal.learner.pk: RawRow(score="5", version=0),
              journal.classmate.pk: RawRow(score="6", version=0)},
    )  # fmt: skip
    client.force_login(journal.teacher_user)
    url = grid_url(vpr, journal.group)
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for _ in range(4):
        learner = LearnerFactory()
        EnrollmentFactory(learner=learner, group=journal.group)
        results_save(
            actor=journal.teacher_user, assessment=vpr, group=journal.group,
            rows={learner.pk: RawRow(score="3", version=0)},
        )  # fmt: skip
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert len(response.context["lines"]) == 6
    assert len(six) == len(two)


def test_family_sees_only_own_child(journal, vpr, people):
    results_save(
        actor=journal.teacher_user, assessment=vpr, group=journal.group,
        rows={journal.learner.pk: RawRow(score="8", version=0),
              journal.classmate.pk: RawRow(score="3", version=0)},
    )  # fmt: skip
    own = results_for_learner(people["parent"], journal.learner)
    foreign = results_for_learner(people["parent"], journal.classmate)
    assert [(r.learner, r.score, r.mark) for r in own["external"]] == [(journal.learner, 8, "5")]
    assert foreign == {"external": [], "state_exams": []}
    html = render_to_string("achievements/external/_family.html", {"external": own})
    assert "Внешняя оценка" in html and "8 из 10" in html


def test_family_subject_stranger_sees_nothing_of_other_subject(journal, vpr, people):
    results_save(
        actor=journal.teacher_user,
        assessment=vpr,
        group=journal.group,
        rows={journal.learner.pk: RawRow(score="8", version=0)},
    )
    assert results_for_learner(people["subject_stranger"], journal.learner)["external"] == []


def test_history_rows_kept_on_change_via_grid(client, journal, vpr):
    client.force_login(journal.teacher_user)
    post_grid(client, vpr, journal, {journal.learner: ("5", "", [], 0)})
    post_grid(client, vpr, journal, {journal.learner: ("6", "", [], 1)})
    assert list(
        ExternalResultChange.objects.order_by("pk").values_list("old_value", "new_value")
    ) == [("", "баллы 5, отметка 3"), ("баллы 5, отметка 3", "баллы 6, отметка 4")]
