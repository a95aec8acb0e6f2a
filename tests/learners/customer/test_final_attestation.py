"""The customer sees the final attestation results of their contracted listeners whose
commission sat within the span — on the page and in the XLSX — and no one else's; the
page's query count stays constant in listeners."""

import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achievements.final_attestation.services import RowInput, results_save
from tests.achievements.final_attestation.factories import build_training, year_mark

pytestmark = pytest.mark.django_db

URL = "/contracts/groups/{}/"
SPAN = {"from": "2026-09-01", "to": "2026-10-31"}


def row(learner, **values):
    fields = {"form": "", "work_topic": "", "work_mark": "", "final_mark": "", "qualification": ""}
    fields.update(values)
    return RowInput(learner_id=learner.pk, version=0, **fields)


@pytest.fixture
def sat():
    training = build_training()
    commission = training.commission()
    results_save(
        commission=commission,
        rows=[
            row(training.antonova, work_mark="5", final_mark="5"),
            row(training.borisov, work_mark="3", final_mark="4"),
            row(training.vetrova, work_mark="2", final_mark="2"),
        ],
        actor=training.deputy,
    )
    return training


def test_customer_page_shows_own_listeners_final_attestation(client, sat):
    client.force_login(sat.customer_user)
    response = client.get(URL.format(sat.group.pk), SPAN)
    results = response.context["results"]
    assert [
        (r.name, [(f.held_on, f.work_mark, f.final_mark) for f in r.final_attestation])
        for r in results
    ] == [
        ("Антонова Алина Сергеевна", [(date(2026, 10, 30), "5", "5")]),
        ("Борисов Борис Олегович", [(date(2026, 10, 30), "3", "4")]),
    ]
    html = response.content.decode()
    assert "Итоговая аттестация" in html
    assert "Ветрова" not in html


def test_other_customer_sees_only_own_listener(client, sat):
    client.force_login(sat.other_customer_user)
    results = client.get(URL.format(sat.group.pk), SPAN).context["results"]
    assert [(r.name, [f.final_mark for f in r.final_attestation]) for r in results] == [
        ("Ветрова Вера Павловна", ["2"])
    ]


def test_commission_outside_span_not_shown(client, sat):
    client.force_login(sat.customer_user)
    response = client.get(URL.format(sat.group.pk), {"from": "2026-09-01", "to": "2026-10-29"})
    assert [r.final_attestation for r in response.context["results"]] == [[], []]


def test_xlsx_final_attestation_sheet(client, sat):
    client.force_login(sat.customer_user)
    response = client.get(URL.format(sat.group.pk) + "xlsx/", SPAN)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[-1] == "Итоговая аттестация"
    assert [list(r) for r in book["Итоговая аттестация"].iter_rows(values_only=True)] == [
        [
            "Слушатель",
            "Дата заседания комиссии",
            "Оценка за квалификационную работу",
            "Итоговая оценка",
        ],
        ["Антонова Алина Сергеевна", "30.10.2026", "5", "5"],
        ["Борисов Борис Олегович", "30.10.2026", "3", "4"],
    ]


def _queries(client, training, extra):
    for n in range(extra):
        learner = training.school.learner(
            training.group,
            f"Добавленный{n}",
            customer=training.customer,
            started_on=date(2026, 9, 1),
        )
        for subject in training.modules:
            year_mark(learner, subject, "4", year=training.school.year, by=training.deputy)
        results_save(
            commission=training.group.commissions.get(),
            rows=[row(learner, work_mark="4", final_mark="4")],
            actor=training.deputy,
        )
    client.force_login(training.customer_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL.format(training.group.pk), SPAN)
    assert len(response.context["results"]) == 2 + extra
    return len(queries)


def test_customer_page_queries_constant_in_listeners(client, sat):
    assert _queries(client, sat, 0) == _queries(client, sat, 4)
