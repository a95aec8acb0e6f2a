"""The admin reads as part of the product (issue «the Django admin as part of the
product»): Russian names of third-party apps and of the date widget's scripts, a label
for every input of an editable list and of a tabular inline."""

import re
from decimal import Decimal

import pytest

from achievements.models import WorkKind
from learners.models import Role
from tests.factories import StudyPeriodFactory, UserFactory

pytestmark = pytest.mark.django_db


def captions(page: str) -> list[str]:
    return re.findall(r'<caption>\s*<a href="[^"]+" class="section"[^>]*>([^<]+)</a>', page)


def test_admin_index_names_third_party_apps_in_russian(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get("/admin/").content.decode()

    assert "Блокировка входа после неудачных попыток" in captions(page)
    assert "Фоновые задачи" in captions(page)
    assert ">Результаты фоновых задач</a>" in page
    for english in ("Axes", "Tasks Database Backend", "Task Results"):
        assert english not in page


def test_admin_date_widget_catalogue_is_russian(client):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    script = client.get("/admin/jsi18n/").content.decode()

    assert '"Today (%(date)s)": "\\u0421\\u0435\\u0433\\u043e\\u0434\\u043d\\u044f, %(date)s"' in (
        script
    )
    assert "\\u043e\\u0442\\u0441\\u0442\\u0430\\u044e\\u0442 \\u043d\\u0430 %(offset)s " in script


def test_work_kinds_editable_list_labels_each_input(client):
    WorkKind.objects.all().delete()
    WorkKind.objects.create(name="Контрольная работа", short_name="К", weight=Decimal("2.0"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get("/admin/achievements/workkind/").content.decode()

    weight = re.findall(r'<input[^>]*name="form-0-weight"[^>]*>', page)[0]
    order = re.findall(r'<input[^>]*name="form-0-order"[^>]*>', page)[0]
    assert 'aria-label="Вес: Контрольная работа (вес 2.0)"' in weight
    assert 'aria-label="Порядок: Контрольная работа (вес 2.0)"' in order


def test_tabular_inline_labels_each_input(client):
    period = StudyPeriodFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(f"/admin/learners/academicyear/{period.year.pk}/change/").content.decode()

    labels = re.findall(
        r'<label for="id_periods-0-(\w+)" class="visually-hidden">([^<]+)</label>', page
    )
    assert labels[0] == ("number", "Номер: 1-я четверть, 2026/2027")
    assert ("DELETE", "Удалить: 1-я четверть, 2026/2027") in labels
