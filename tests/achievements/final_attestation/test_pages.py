"""The final attestation pages: who opens what (role × own/foreign group), the results
grid saved all or nothing with errors beside the rows, and the grid's query count
constant in its rows."""

from datetime import date

import pytest
from django.urls import reverse

from achievements.final_attestation.forms import field_name
from achievements.models import AttestationCommission, FinalAttestationResult
from tests.achievements.final_attestation.factories import HELD_ON

INDEX = reverse("final_attestation_index")


def status(client, user, url, method="get", data=None):
    client.force_login(getattr(user, "user", user))
    response = getattr(client, method)(url, data or {})
    return response.status_code


def grid_data(grid_rows, changes=None):
    changes = changes or {}
    """What the page posts: every row as it shows, with ``changes`` {learner: {field: value}}."""
    data = {"reason": ""}
    for learner, values, version in grid_rows:
        for name in ("form", "work_topic", "work_mark", "final_mark", "qualification"):
            data[field_name(name, learner.pk)] = changes.get(learner, {}).get(
                name, values.get(name, "")
            )
        data[field_name("version", learner.pk)] = str(version)
    return data


def empty_rows(training):
    return [(learner, {}, 0) for learner in (training.antonova, training.borisov, training.vetrova)]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("deputy", 200), ("director", 200), ("teacher", 200), ("other_teacher", 200),
        ("clerk", 403), ("parent", 403), ("customer_user", 403),
    ],
)  # fmt: skip
def test_index_by_role(client, training, who, expected):
    assert status(client, getattr(training, who), INDEX) == expected


def test_index_lists_only_own_training_groups_for_teacher(client, training):
    training.commission()
    client.force_login(training.teacher.user)
    page = client.get(INDEX).content.decode()
    assert "ОТ-1" in page and "КД-2" not in page
    assert "Сидоров Пётр Николаевич" in page
    assert "Сформировать комиссию" not in page


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("deputy", 200), ("director", 200), ("teacher", 200), ("other_teacher", 404),
        ("clerk", 403), ("parent", 403), ("customer_user", 403),
    ],
)  # fmt: skip
def test_commission_page_by_role(client, training, who, expected):
    commission = training.commission()
    url = reverse("final_attestation_commission", args=[commission.pk])
    assert status(client, getattr(training, who), url) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("deputy", 200), ("director", 403), ("teacher", 403), ("other_teacher", 404), ("parent", 403)],
)
def test_commission_new_by_role(client, training, who, expected):
    url = reverse("final_attestation_commission_new", args=[training.group.pk])
    assert status(client, getattr(training, who), url) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("deputy", 200), ("director", 403), ("teacher", 403), ("other_teacher", 404), ("clerk", 403)],
)
def test_commission_edit_by_role(client, training, who, expected):
    commission = training.commission()
    url = reverse("final_attestation_commission_edit", args=[commission.pk])
    assert status(client, getattr(training, who), url) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("director", 403), ("teacher", 403), ("other_teacher", 404), ("parent", 403)],
)
def test_results_post_by_non_deputy_refused(client, training, who, expected):
    commission = training.commission()
    url = reverse("final_attestation_commission", args=[commission.pk])
    data = grid_data(empty_rows(training), {training.antonova: {"final_mark": "5"}})
    assert status(client, getattr(training, who), url, "post", data) == expected
    assert FinalAttestationResult.objects.count() == 0


def test_unknown_commission_is_404(client, training):
    url = reverse("final_attestation_commission", args=[999999])
    assert status(client, training.deputy, url) == 404


def test_commission_new_form_creates_commission(client, training):
    client.force_login(training.deputy)
    response = client.post(
        reverse("final_attestation_commission_new", args=[training.group.pk]),
        {
            "held_on": "2026-10-30",
            "order_reference": "Приказ № 45-о от 20.10.2026",
            "chair_name": "Сидоров Пётр Николаевич",
            "chair_position": "представитель работодателя",
            "scale": training.five_point.pk,
            "version": "0",
            "member_name_1": "Кузнецова Ольга Викторовна",
            "member_position_1": "преподаватель",
            "member_name_2": "Лебедев Андрей Сергеевич",
        },
    )
    commission = AttestationCommission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("final_attestation_commission", args=[commission.pk])
    assert commission.held_on == HELD_ON
    assert commission.members.count() == 2


def test_commission_new_form_one_member_refused(client, training):
    client.force_login(training.deputy)
    response = client.post(
        reverse("final_attestation_commission_new", args=[training.group.pk]),
        {
            "held_on": "2026-10-30", "order_reference": "Приказ № 45-о",
            "chair_name": "Сидоров П. Н.", "chair_position": "инженер",
            "scale": training.five_point.pk, "version": "0",
            "member_name_1": "Кузнецова О. В.",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "не меньше 2 членов (указано: 1)" in response.content.decode()
    assert AttestationCommission.objects.count() == 0


def test_results_grid_saves_and_redirects(client, training):
    commission = training.commission()
    client.force_login(training.deputy)
    url = reverse("final_attestation_commission", args=[commission.pk])
    data = grid_data(
        empty_rows(training),
        {
            training.antonova: {
                "work_topic": "Инструкция по охране труда",
                "work_mark": "5",
                "final_mark": "5",
            },
            training.borisov: {"work_mark": "4", "final_mark": "4"},
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert dict(FinalAttestationResult.objects.values_list("learner__last_name", "final_mark")) == {
        "Антонова": "5",
        "Борисов": "4",
    }
    page = client.get(url).content.decode()
    assert "Инструкция по охране труда" in page


def test_results_grid_error_beside_row_nothing_saved(client, training):
    commission = training.commission()
    client.force_login(training.deputy)
    url = reverse("final_attestation_commission", args=[commission.pk])
    data = grid_data(
        empty_rows(training),
        {training.antonova: {"final_mark": "5"}, training.vetrova: {"final_mark": "5"}},
    )
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Не допущен к итоговой аттестации" in page
    assert f'id="id_final_mark_{training.vetrova.pk}_error"' in page
    assert FinalAttestationResult.objects.count() == 0


def test_results_grid_stale_row_refused_naming_learner(client, training):
    commission = training.commission()
    client.force_login(training.deputy)
    url = reverse("final_attestation_commission", args=[commission.pk])
    opened = empty_rows(training)
    client.post(url, grid_data(opened, {training.antonova: {"work_mark": "4"}}))
    response = client.post(url, grid_data(opened, {training.antonova: {"work_mark": "3"}}))
    assert response.status_code == 400
    assert (
        "Антонова Алина Сергеевна: результат изменил другой пользователь"
        in response.content.decode()
    )
    assert FinalAttestationResult.objects.get().work_mark == "4"


def test_results_grid_garbage_version_is_400(client, training):
    commission = training.commission()
    client.force_login(training.deputy)
    data = grid_data(empty_rows(training))
    data[field_name("version", training.antonova.pk)] = "abc"
    response = client.post(reverse("final_attestation_commission", args=[commission.pk]), data)
    assert response.status_code == 400
    assert "Страница устарела" in response.content.decode()


def test_grid_page_queries_constant_in_rows(client, training, django_assert_max_num_queries):
    commission = training.commission()
    client.force_login(training.deputy)
    url = reverse("final_attestation_commission", args=[commission.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(8):
        learner = training.school.learner(
            training.group, f"Добавленный{n}", started_on=date(2026, 9, 1)
        )
        from tests.achievements.final_attestation.factories import year_mark

        year_mark(learner, training.modules[0], "4", year=training.school.year, by=training.deputy)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
