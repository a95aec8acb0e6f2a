"""The XLSX template and import of a class's state exam results: a good file saves
through the same service (history «Загрузка из файла»); any bad line refuses the whole
file, line-numbered."""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from achievements.models import StateExamResult, StateExamResultChange
from common.models import DocumentDownload

pytestmark = pytest.mark.django_db

HEADER = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Дата экзамена", "Баллы", "Отметка"]


def book(*lines, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def name(learner):
    return [learner.last_name, learner.first_name, learner.patronymic]


def upload(client, gia, content, *, who="deputy", kind="oge", group=None):
    client.force_login(gia.people[who])
    return client.post(
        gia.url(kind, group=group, tail="import/"),
        {"file": SimpleUploadedFile("gia.xlsx", content)},
    )


def test_template_lists_class_with_headers(client, gia):
    client.force_login(gia.people["deputy"])
    response = client.get(gia.url(tail="template.xlsx"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert [list(r[:3]) + list(r[4:]) for r in rows[1:]] == [
        ["Антонова", "Мария", "Ивановна", None, None, None],
        ["Борисов", "Пётр", None, None, None, None],
    ]
    assert DocumentDownload.objects.get().kind == "state_exam_template"


@pytest.mark.parametrize(
    ("who", "expected"),
    [("director", 403), ("class_teacher", 403), ("parent", 403), ("other_class_teacher", 404)],
)
def test_template_for_non_deputy_refused(client, gia, who, expected):
    client.force_login(gia.people[who])
    assert client.get(gia.url(tail="template.xlsx")).status_code == expected


def test_import_good_file_saves_with_history(client, gia):
    content = book(
        [*name(gia.learner), None, datetime(2027, 5, 20), 15, 4],
        [*name(gia.classmate), None, "21.05.2027", None, "3"],
    )
    response = upload(client, gia, content)
    assert response.status_code == 302
    stored = StateExamResult.objects.values_list("learner__last_name", "exam_date", "score", "mark")
    assert sorted(stored) == [
        ("Антонова", date(2027, 5, 20), 15, "4"), ("Борисов", date(2027, 5, 21), None, "3"),
    ]  # fmt: skip
    assert set(StateExamResultChange.objects.values_list("reason", flat=True)) == {
        "Загрузка из файла"
    }


def test_import_ege_file_for_11th_form(client, gia):
    content = book([*name(gia.graduate), None, "2027-06-10", 81, None])
    assert upload(client, gia, content, kind="ege", group=gia.senior).status_code == 302
    assert list(StateExamResult.objects.values_list("kind", "score", "mark")) == [("ege", 81, "")]


def test_import_bad_lines_refuse_whole_file(client, gia):
    content = book(
        [*name(gia.learner), None, "2027-05-20", 15, "4"],
        [*name(gia.classmate), None, "2027-05-20", 101, "6"],
        ["Иванов", "Иван", None, None, "2027-05-20", None, "4"],
    )
    response = upload(client, gia, content)
    assert response.status_code == 400
    assert response.context["import_errors"] == [
        "Строка 4: обучающийся «Иванов Иван» не найден в классе."
    ]
    content = book(
        [*name(gia.learner), None, "2027-05-20", 15, "4"],
        [*name(gia.classmate), None, "2027-05-20", 101, "6"],
    )
    response = upload(client, gia, content)
    assert response.status_code == 400
    assert response.context["import_errors"] == [
        "Строка 3: Баллы: 101 — вне диапазона 0…100.",
        "Строка 3: Отметка «6» не из шкалы: допустимо 2, 3, 4, 5.",
    ]
    assert StateExamResult.objects.count() == 0


def test_import_formula_text_read_as_text(client, gia):
    response = upload(client, gia, book([*name(gia.learner), None, "2027-05-20", "=1+1", "4"]))
    assert response.status_code == 400
    assert response.context["import_errors"] == ["Строка 2: Баллы: «=1+1» — не число."]


def test_import_wrong_header_refused(client, gia):
    content = book([*name(gia.learner), None, 15, "4"], header=[*HEADER[:4], "Баллы", "Отметка"])
    response = upload(client, gia, content)
    assert response.status_code == 400
    assert response.context["import_errors"] == [
        "Строка 1: заголовок не совпадает с шаблоном — скачайте шаблон и заполните его."
    ]


def test_import_not_xlsx_refused(client, gia):
    response = upload(client, gia, b"not a workbook")
    assert response.status_code == 400
    assert response.context["import_errors"] == ["Файл не в формате XLSX (книга Excel)."]


def test_import_by_director_forbidden(client, gia):
    content = book([*name(gia.learner), None, "2027-05-20", 15, "4"])
    assert upload(client, gia, content, who="director").status_code == 403
    assert StateExamResult.objects.count() == 0
