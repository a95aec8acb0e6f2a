"""The pages of state exam results by role (R-SEC-2), the grid's saving and its query
count, the index's choice of a page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.models import StateExamResult, StateExamResultChange
from achievements.state_exams.rules import ExamRow
from achievements.state_exams.services import results_save
from tests.factories import EnrollmentFactory, LearnerFactory

pytestmark = pytest.mark.django_db
INDEX = "/journal/state-exams/"


def enter(gia, learner, mark, *, group=None):
    results_save(
        actor=gia.people["deputy"], group=group or gia.group, subject=gia.math, kind="oge",
        rows={learner.pk: ExamRow(exam_date="2027-05-20", mark=mark, version=0)},
    )  # fmt: skip


def status_as(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("deputy", 200), ("director", 200), ("class_teacher", 200), ("teacher", 200),
        ("other_class_teacher", 404), ("other_teacher", 404), ("subject_stranger", 404),
        ("parent", 403), ("learner", 403), ("clerk", 403), ("customer", 403), ("no_role", 403),
    ],
)  # fmt: skip
def test_grid_access_by_role(client, gia, who, expected):
    assert status_as(client, gia.people[who], gia.url()) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("deputy", 200), ("director", 200), ("class_teacher", 200), ("teacher", 200),
        ("parent", 403), ("learner", 403), ("clerk", 403), ("customer", 403), ("no_role", 403),
    ],
)  # fmt: skip
def test_index_access_by_role(client, gia, who, expected):
    assert status_as(client, gia.people[who], INDEX) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/journal/state-exams/{group}/ege/{math}/", 404),  # 9th forms sit no ЕГЭ
        ("/journal/state-exams/{senior}/oge/{math}/", 404),  # 11th forms sit no ОГЭ
        ("/journal/state-exams/{senior}/gve/{math}/", 200),
        ("/journal/state-exams/{group}/vpr/{math}/", 404),
        ("/journal/state-exams/{group}/oge/999999/", 404),
    ],
)
def test_grid_kind_must_fit_class(client, gia, url, expected):
    url = url.format(group=gia.group.pk, senior=gia.senior.pk, math=gia.math.pk)
    assert status_as(client, gia.people["deputy"], url) == expected


def post_grid(client, gia, rows, *, url=None):
    data = {}
    for learner, (exam_date, score, mark, version) in rows.items():
        data[f"version-{learner.pk}"] = version
        data[f"date-{learner.pk}"] = exam_date
        data[f"score-{learner.pk}"] = score
        data[f"mark-{learner.pk}"] = mark
    return client.post(url or gia.url(), data)


def test_grid_post_by_deputy_saves(client, gia):
    client.force_login(gia.people["deputy"])
    response = post_grid(client, gia, {
        gia.learner: ("2027-05-20", "15", "4", 0), gia.classmate: ("2027-05-20", "", "3", 0),
    })  # fmt: skip
    assert response.status_code == 302
    assert response.url == gia.url()
    assert sorted(StateExamResult.objects.values_list("learner__last_name", "score", "mark")) == [
        ("Антонова", 15, "4"),
        ("Борисов", None, "3"),
    ]
    page = client.get(gia.url())
    lines = {line["learner"]: (line["exam_date"], line["score"], line["mark"], line["version"])
             for line in page.context["lines"]}  # fmt: skip
    assert lines == {
        gia.learner: ("2027-05-20", "15", "4", 1), gia.classmate: ("2027-05-20", "", "3", 1),
    }  # fmt: skip
    assert "Результаты сохранены: изменено записей — 2." in page.content.decode()


def test_grid_post_bad_row_rerenders_400_with_error_beside_row(client, gia):
    client.force_login(gia.people["deputy"])
    response = post_grid(client, gia, {
        gia.learner: ("2027-05-20", "", "4", 0), gia.classmate: ("2027-05-20", "abc", "6", 0),
    })  # fmt: skip
    assert response.status_code == 400
    lines = {line["learner"]: line["errors"] for line in response.context["lines"]}
    assert lines == {
        gia.learner: [],
        gia.classmate: [
            "Баллы: «abc» — не число.",
            "Отметка «6» не из шкалы: допустимо 2, 3, 4, 5.",
        ],
    }
    assert "Отметка «6» не из шкалы: допустимо 2, 3, 4, 5." in response.content.decode()
    assert StateExamResult.objects.count() == 0


def test_grid_post_stale_version_rerenders_400_nothing_written(client, gia):
    enter(gia, gia.learner, "3")
    client.force_login(gia.people["deputy"])
    response = post_grid(client, gia, {
        gia.learner: ("2027-05-20", "", "5", 0), gia.classmate: ("2027-05-20", "", "4", 0),
    })  # fmt: skip
    assert response.status_code == 400
    assert "Антонова М.И.: результат изменил другой пользователь" in response.content.decode()
    assert list(StateExamResult.objects.values_list("learner__last_name", "mark")) == [
        ("Антонова", "3")
    ]
    assert StateExamResultChange.objects.count() == 1


@pytest.mark.parametrize("who", ["director", "class_teacher", "teacher"])
def test_grid_post_by_reader_forbidden(client, gia, who):
    client.force_login(gia.people[who])
    response = post_grid(client, gia, {gia.learner: ("2027-05-20", "", "5", 0)})
    assert response.status_code == 403
    assert StateExamResult.objects.count() == 0


def test_grid_reader_sees_values_without_inputs(client, gia):
    enter(gia, gia.learner, "5")
    client.force_login(gia.people["class_teacher"])
    html = client.get(gia.url()).content.decode()
    assert "20.05.2027" in html
    assert 'name="mark-' not in html
    assert "Загрузка из файла" not in html


def test_index_redirects_to_chosen_page(client, gia):
    client.force_login(gia.people["deputy"])
    response = client.get(
        INDEX, {"year": gia.year.pk, "kind": "oge", "subject": gia.math.pk, "group": gia.group.pk}
    )
    assert response.status_code == 302
    assert response.url == gia.url()


def test_index_wrong_class_for_kind_400(client, gia):
    client.force_login(gia.people["deputy"])
    response = client.get(
        INDEX, {"year": gia.year.pk, "kind": "ege", "subject": gia.math.pk, "group": gia.group.pk}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "group": ["ЕГЭ сдают 11-е классы: выберите другой класс."]
    }


def test_index_lists_only_own_pages(client, gia):
    deputy = gia.people["deputy"]
    for group, learner in [(gia.group, gia.learner), (gia.other_group, None)]:
        if learner is None:
            learner = LearnerFactory()
            EnrollmentFactory(learner=learner, group=group, started_on=date(2026, 9, 1))
        enter(gia, learner, "4", group=group)
    client.force_login(deputy)
    found = client.get(INDEX).context["recorded"]
    assert [(r["group_name"], r["kind_label"], r["subject_name"], r["count"]) for r in found] == [
        ("9А", "ОГЭ", "Математика", 1), ("9Б", "ОГЭ", "Математика", 1),
    ]  # fmt: skip
    client.force_login(gia.people["class_teacher"])
    assert [r["group_name"] for r in client.get(INDEX).context["recorded"]] == ["9А"]
    client.force_login(gia.people["subject_stranger"])
    assert client.get(INDEX).context["recorded"] == []


def test_grid_query_count_constant_in_rows(client, gia):
    deputy = gia.people["deputy"]
    client.force_login(deputy)
    results_save(actor=deputy, group=gia.group, subject=gia.math, kind="oge", rows={
        gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="4", version=0),
        gia.classmate.pk: ExamRow(exam_date="2027-05-20", mark="3", version=0),
    })  # fmt: skip
    client.get(gia.url())
    with CaptureQueriesContext(connection) as two:
        client.get(gia.url())
    for _ in range(4):
        learner = LearnerFactory()
        EnrollmentFactory(learner=learner, group=gia.group, started_on=date(2026, 9, 1))
        enter(gia, learner, "5")
    with CaptureQueriesContext(connection) as six:
        response = client.get(gia.url())
    assert len(response.context["lines"]) == 6
    assert len(six) == len(two)
