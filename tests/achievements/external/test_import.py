"""The XLSX template and import (R-JRN-9): a good file saves through the same service
(history «Загрузка из файла»); any bad line refuses the whole file, line-numbered."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from achievements.external import xlsx
from achievements.models import ExternalResult, ExternalResultChange
from tests.factories import EnrollmentFactory, LearnerFactory

pytestmark = pytest.mark.django_db

HEADER = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Баллы", "Отметка",
          "Задание 1", "Задание 2", "Задание 3"]  # fmt: skip


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


def upload(client, journal, vpr, content, filename="results.xlsx"):
    client.force_login(journal.teacher_user)
    return client.post(
        f"/external/{vpr.pk}/class/{journal.group.pk}/import/",
        {"file": SimpleUploadedFile(filename, content)},
    )


def test_template_lists_class_with_headers(client, journal, vpr):
    client.force_login(journal.teacher_user)
    response = client.get(f"/external/{vpr.pk}/class/{journal.group.pk}/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert [row[0] for row in rows[1:]] == sorted(
        [journal.learner.last_name, journal.classmate.last_name]
    )


def test_import_good_file_saves_with_history_reason(client, journal, vpr):
    content = book(
        [*name(journal.learner), None, None, None, 3, 3, 2],
        [*name(journal.classmate), None, 5, "4", None, None, None],
    )
    response = upload(client, journal, vpr, content)

    assert response.status_code == 302
    assert sorted(ExternalResult.objects.values_list("score", "mark", "task_scores")) == [
        (5, "4", []),
        (8, "5", [3, 3, 2]),
    ]
    assert set(ExternalResultChange.objects.values_list("reason", flat=True)) == {
        "Загрузка из файла"
    }


def test_import_namesakes_matched_by_birth_date(client, journal, vpr):
    twin = LearnerFactory(
        last_name=journal.learner.last_name, first_name=journal.learner.first_name,
        patronymic=journal.learner.patronymic, birth_date=date(2015, 1, 2),
    )  # fmt: skip
    EnrollmentFactory(learner=twin, group=journal.group)
    content = book([*name(twin), date(2015, 1, 2), 6, None, None, None, None])

    assert upload(client, journal, vpr, content).status_code == 302
    assert list(ExternalResult.objects.values_list("learner", "score")) == [(twin.pk, 6)]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (["Незнакомов", "Пётр", ""], "Строка 3: обучающийся «Незнакомов Пётр» не найден в классе."),
        (None, "Строка 3: Баллы: 11 — вне диапазона 0…10."),
        ("nan", "Строка 3: Баллы: «много» — не число."),
        ("task", "Строка 3: Задание 3: 5 — вне диапазона 0…4."),
    ],
)
def test_import_bad_line_refuses_whole_file(client, journal, vpr, line, error):
    good = [*name(journal.learner), None, 4]
    if line is None:
        bad = [*name(journal.classmate), None, 11]
    elif line == "nan":
        bad = [*name(journal.classmate), None, "много"]
    elif line == "task":
        bad = [*name(journal.classmate), None, None, None, 1, 1, 5]
    else:
        bad = [*line, None, 3]
    response = upload(client, journal, vpr, book(good, bad))

    assert response.status_code == 400
    assert response.context["import_errors"] == [error]
    assert ExternalResult.objects.count() == 0


def test_import_formula_like_name_not_evaluated(client, journal, vpr):
    content = book(["=1+1", '=HYPERLINK("http://x")', "", None, 5])
    response = upload(client, journal, vpr, content)

    assert response.status_code == 400
    assert response.context["import_errors"] == [
        'Строка 2: обучающийся «=1+1 =HYPERLINK("http://x")» не найден в классе.'
    ]
    assert ExternalResult.objects.count() == 0


def test_import_not_xlsx_refused(client, journal, vpr):
    response = upload(client, journal, vpr, b"%PDF-1.4 not a workbook", "results.xlsx")
    assert response.status_code == 400
    assert response.context["import_errors"] == ["Файл не в формате XLSX (книга Excel)."]


def test_import_too_big_refused(client, journal, vpr):
    response = upload(client, journal, vpr, b"x" * (xlsx.MAX_BYTES + 1))
    assert response.status_code == 400
    assert response.context["import_errors"] == ["Файл больше 2 МБ."]
    assert ExternalResult.objects.count() == 0


def test_import_wrong_header_refused(client, journal, vpr):
    content = book([*name(journal.learner), None, 4], header=["ФИО", "Баллы"])
    response = upload(client, journal, vpr, content)
    assert response.status_code == 400
    assert response.context["import_errors"] == [
        "Строка 1: заголовок не совпадает с шаблоном — скачайте шаблон и заполните его."
    ]


def test_import_by_class_teacher_forbidden(client, journal, vpr):
    from tests.achievements.people import People

    client.force_login(People(journal)["class_teacher"])
    response = client.post(
        f"/external/{vpr.pk}/class/{journal.group.pk}/import/",
        {"file": SimpleUploadedFile("r.xlsx", book([*name(journal.learner), None, 4]))},
    )
    assert response.status_code == 403
    assert ExternalResult.objects.count() == 0
