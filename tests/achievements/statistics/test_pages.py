"""The statistics pages and the council's report: who may open them, the scope picker's
bad input, and the PDF/A and XLSX holding the exact figures."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.models import DocumentDownload
from learners.models import Role
from tests.achievements.statistics.built import mark

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy(built):
    return built.school.official(Role.DEPUTY)


def test_statistics_index_shows_figures_to_deputy(client, built, deputy):
    client.force_login(deputy)
    response = client.get(reverse("statistics_index"), {"period": built.q1.pk})
    assert response.status_code == 200
    text = response.content.decode()
    c = response.context["c"]
    assert c.organisation.now.progress_percent == Decimal("83.3")
    assert "1-я четверть 2026/2027" in text
    assert "83,3" in text and "66,7" in text
    assert "<svg" in text and "Как считается" in text
    assert reverse("statistics_group", args=[built.group.pk]) in text
    assert "Математика, Русский язык" in text  # Григорьева's failing subjects


@pytest.mark.parametrize(
    "params",
    [{"period": "999999"}, {"period": "abc"}, {"year": "-1"}, {"period": "1", "year": "1"}],
)
def test_statistics_index_bad_scope_answers_in_russian(client, built, deputy, params):
    client.force_login(deputy)
    response = client.get(reverse("statistics_index"), params)
    assert response.status_code == 200
    assert "Показан период по умолчанию" in response.content.decode()
    assert response.context["scope"] is not None


def test_statistics_index_year_scope(client, built, deputy):
    mark(built.learners["Антонова"], built.subjects[0], "5", year=built.year)
    client.force_login(deputy)
    response = client.get(reverse("statistics_index"), {"year": built.year.pk})
    c = response.context["c"]
    assert c.scope.kind == "year"
    assert (c.organisation.now.attested, c.organisation.now.excellent) == (1, 1)


@pytest.mark.parametrize("role", [Role.PARENT, Role.TEACHER, Role.CLASS_TEACHER, Role.CLERK])
def test_statistics_index_refused_to_other_roles(client, built, role):
    client.force_login(built.school.user(role))
    assert client.get(reverse("statistics_index")).status_code == 403
    assert client.get(reverse("statistics_report_pdf")).status_code == 403
    assert client.get(reverse("statistics_report_xlsx")).status_code == 403


def test_group_statistics_for_its_class_teacher_only(client, built):
    school = built.school
    teacher = school.class_teacher()
    built.group.class_teacher = teacher
    built.group.save()
    other = school.group("5Б", programme=built.basic, grade=5, class_teacher=school.class_teacher())
    client.force_login(teacher.user)
    own = client.get(reverse("statistics_group", args=[built.group.pk]), {"period": built.q1.pk})
    assert own.status_code == 200
    assert own.context["g"].group.totals.quality_percent == Decimal("66.7")
    assert "Статистика организации" not in own.content.decode()
    assert client.get(reverse("statistics_group", args=[other.pk])).status_code == 404


def test_group_statistics_not_for_a_subject_teacher(client, built):
    subject_teacher = built.school.subject_teacher(built.group, built.subjects[0])
    client.force_login(subject_teacher.user)
    assert client.get(reverse("statistics_group", args=[built.group.pk])).status_code == 404


def test_group_statistics_for_director_with_parallel(client, built):
    other = built.school.group("5Б", programme=built.basic, grade=5)
    mark(built.school.learner(other, "Белова"), built.subjects[0], "5", period=built.q1)
    client.force_login(built.school.official(Role.DIRECTOR))
    response = client.get(
        reverse("statistics_group", args=[built.group.pk]), {"period": built.q1.pk}
    )
    assert response.status_code == 200
    g = response.context["g"]
    assert [p.name for p in g.parallel] == ["5А", "5Б"]
    assert (g.parallel_totals.learners, g.parallel_totals.excellent) == (8, 2)
    # A period of another year is refused on a class's page: default scope instead.
    foreign = client.get(
        reverse("statistics_group", args=[built.group.pk]), {"year": built.year.pk + 1000}
    )
    assert "Такого учебного года нет" in foreign.content.decode()


def test_statistics_index_query_count_constant(client, built, deputy):
    client.force_login(deputy)
    url = reverse("statistics_index")
    client.get(url, {"period": built.q2.pk})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"period": built.q2.pk})
    other = built.school.group("6А", programme=built.basic, grade=6)
    for n in range(5):
        learner = built.school.learner(other, f"Шестой{n}")
        for subject in built.subjects:
            mark(learner, subject, "4", period=built.q1)
            mark(learner, subject, "2", period=built.q2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"period": built.q2.pk})
    assert response.context["c"].organisation.now.behind == 5
    assert len(few) == len(many)


def test_report_pdf_is_pdfa(client, built, deputy):
    client.force_login(deputy)
    response = client.get(reverse("statistics_report_pdf"), {"period": built.q1.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Итоги успеваемости" in text and "Григорьева" in text
    assert DocumentDownload.objects.get().kind == "statistics_report_pdf"


def test_report_xlsx_holds_exact_figures_as_numbers(client, built, deputy):
    formula = built.school.learner(built.group, "=1+1")
    mark(formula, built.subjects[0], "2", period=built.q1)
    client.force_login(deputy)
    response = client.get(reverse("statistics_report_xlsx"), {"period": built.q1.pk})
    assert response.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:4] == ["Сводка", "Классы", "Предметы", "Неуспевающие"]
    summary = list(book["Сводка"].iter_rows(values_only=True))
    assert summary[0][:5] == (
        "Показатель", "Обучающихся", "Аттестовано", "Успевают", "Успеваемость, %",
    )  # fmt: skip
    # 8 learners, 7 attested, 5 passing («=1+1» has a «2»), 4 of quality.
    assert summary[1][:5] == ("Организация", 8, 7, 5, 71.4)
    assert (summary[1][6], summary[1][7], summary[1][9]) == (4, 57.1, 4.24)
    assert summary[1][10:14] == (1, 2, 1, 2)
    assert book["Сводка"]["E2"].number_format == "0.0"
    assert summary[2][0] == "ООО" and summary[3][0] == "5-е классы"
    classes = list(book["Классы"].iter_rows(values_only=True))
    assert classes[1][:4] == ("5А", 8, 7, 5)
    subjects = list(book["Предметы"].iter_rows(values_only=True))
    assert subjects[1][:10] == ("Математика", 2, 2, 1, 1, 1, 7, 0, 0, 3.83)
    assert subjects[3][:10] == ("Физкультура", 5, 0, 0, 0, 0, 5, 1, 1, 5)
    sheet = book["Неуспевающие"]
    behind = list(sheet.iter_rows(values_only=True))
    assert [row for row in behind[1:]] == [
        ("=1+1 Мария Ивановна", "5А", "Математика", 1, 0),
        ("Григорьева Мария Ивановна", "5А", "Математика, Русский язык", 1, 1),
    ]
    assert sheet["A2"].data_type == "s"  # text, never a formula
    excellent = list(book["Отличники"].iter_rows(values_only=True))
    assert excellent[1] == ("Антонова Мария Ивановна", "5А", 5)
