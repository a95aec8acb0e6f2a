from datetime import date

import pytest

from learners.models import Enrollment
from tests.factories import EnrollmentFactory, StudyGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/learners/enrollment/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def post_transfer(client, enrollment, **fields):
    data = {"action": "transfer", "_selected_action": [enrollment.pk], "apply": "1", **fields}
    return client.post(URL, data, follow=True)


def test_transfer_action_moves_learner_and_keeps_history(admin_client):
    enrollment = EnrollmentFactory(started_on=date(2026, 9, 1))
    target = StudyGroupFactory(programme=enrollment.programme, year=enrollment.group.year)

    response = post_transfer(
        admin_client,
        enrollment,
        to_group=target.pk,
        on="2026-10-01",
        reason="По заявлению родителей",
        order_reference="Приказ № 12-п от 30.09.2026",
    )

    assert response.status_code == 200
    rows = list(
        Enrollment.objects.filter(learner=enrollment.learner)
        .order_by("started_on")
        .values_list("group_id", "started_on", "ended_on", "end_reason")
    )
    assert rows == [
        (enrollment.group_id, date(2026, 9, 1), date(2026, 9, 30), "По заявлению родителей"),
        (target.pk, date(2026, 10, 1), None, ""),
    ]
    assert f"переведён(а) в {target.name} с 01.10.2026" in response.content.decode()


def test_transfer_action_refuses_date_before_start_and_changes_nothing(admin_client):
    enrollment = EnrollmentFactory(started_on=date(2026, 9, 1))
    target = StudyGroupFactory(programme=enrollment.programme, year=enrollment.group.year)

    response = post_transfer(
        admin_client, enrollment, to_group=target.pk, on="2026-09-01", reason="Перевод"
    )

    assert "Дата перевода должна быть позже даты зачисления (01.09.2026)." in (
        response.content.decode()
    )
    assert Enrollment.objects.filter(learner=enrollment.learner).count() == 1
    enrollment.refresh_from_db()
    assert enrollment.ended_on is None


def test_transfer_action_shows_form_first(admin_client):
    enrollment = EnrollmentFactory()

    response = admin_client.post(URL, {"action": "transfer", "_selected_action": [enrollment.pk]})

    assert response.status_code == 200
    assert response.templates[0].name == "admin/learners/enrollment/transfer.html"
    assert Enrollment.objects.count() == 1


def test_transfer_action_refuses_several_enrollments(admin_client):
    first, second = EnrollmentFactory(), EnrollmentFactory()

    response = admin_client.post(
        URL, {"action": "transfer", "_selected_action": [first.pk, second.pk]}, follow=True
    )

    assert "Выберите одно текущее зачисление для перевода." in response.content.decode()
    assert Enrollment.objects.count() == 2


def test_transfer_action_records_the_clerk_on_both_enrollments(client):
    clerk = UserFactory(username="deloproizv", is_staff=True, is_superuser=True)
    client.force_login(clerk)
    enrollment = EnrollmentFactory(started_on=date(2026, 9, 1))
    target = StudyGroupFactory(programme=enrollment.programme, year=enrollment.group.year)

    post_transfer(client, enrollment, to_group=target.pk, on="2026-10-01", reason="Перевод")

    rows = list(
        Enrollment.objects.filter(learner=enrollment.learner)
        .order_by("started_on")
        .values_list("opened_by__username", "closed_by__username")
    )
    assert rows == [(None, "deloproizv"), ("deloproizv", None)]
