"""The deputy's pages: upload and dry run, the real run of the kept file, refusals,
access and the template."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from common.models import DocumentDownload
from learners.models import Enrollment, Learner, Role
from learners.roster.columns import COLUMNS, INSTRUCTIONS, SHEET
from learners.roster.parse import MAX_BYTES
from tests.factories import UserFactory
from tests.learners.roster.conftest import learner_row, xlsx

pytestmark = pytest.mark.django_db
URL = "/roster/import/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, content: bytes, name: str = "список.xlsx"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, content_type=XLSX)})


@pytest.fixture
def deputy_client(client, school):
    client.force_login(school.deputy)
    return client


def test_page_dry_run_then_import(
    deputy_client, school, django_capture_on_commit_callbacks, mailoutbox
):
    checked = upload(deputy_client, xlsx([learner_row(1)]))
    assert checked.status_code == 200
    assert checked.context["plan"].counts == {"create": 1, "change": 0, "same": 0, "error": 0}
    assert Learner.objects.count() == 0
    confirm = checked.context["confirm"]
    token, sha256 = confirm.initial["token"], confirm.initial["sha256"]
    assert default_storage.exists(f"roster/{token}.xlsx")
    body = checked.content.decode()
    assert "Загрузить" in body and token in body
    with django_capture_on_commit_callbacks(execute=True):
        done = deputy_client.post(URL, {"token": token, "sha256": sha256, "name": "список.xlsx"})
    assert done.status_code == 302 and done["Location"] == URL
    assert Learner.objects.count() == 1 and Enrollment.objects.count() == 1
    assert len(mailoutbox) == 1
    assert not default_storage.exists(f"roster/{token}.xlsx")
    page = deputy_client.get(URL)
    assert page.context["result"]["created"] == 1
    assert page.context["result"]["invitations"] == 1
    assert "Список загружен" in page.content.decode()
    # The token and the password hash never reach the page.
    assert "pbkdf2" not in page.content.decode() and "!" not in page.context["result"]["name"]


def test_page_bad_rows_no_button(deputy_client, school):
    checked = upload(deputy_client, xlsx([learner_row(1, group="9Я")]))
    assert checked.status_code == 200
    assert "confirm" not in checked.context
    assert (
        f"Строка 2 (Соколов Михаил1 Андреевич): Класс: «9Я» — такого класса нет в учебном году "
        f"{school.builder.year}." in checked.content.decode()
    )
    assert not default_storage.exists("roster") or default_storage.listdir("roster") == ([], [])


def test_page_tampered_file_refused(deputy_client, school):
    checked = upload(deputy_client, xlsx([learner_row(1)]))
    token = checked.context["confirm"].initial["token"]
    done = deputy_client.post(URL, {"token": token, "sha256": "0" * 64}, follow=True)
    assert [str(m) for m in done.context["messages"]] == [
        "Загруженный файл не найден или изменился: загрузите его снова и проверьте."
    ]
    assert Learner.objects.count() == 0


def test_page_non_xlsx_refused(deputy_client):
    refused = upload(deputy_client, b"%PDF-1.7\n...", name="список.xlsx")
    assert refused.status_code == 200
    assert refused.context["form"].errors["file"] == [
        "Файл «список.xlsx» — не таблица Excel (XLSX). Скачайте шаблон, заполните его и "
        "сохраните в формате XLSX."
    ]


def test_page_zip_not_xlsx_refused(deputy_client):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "не таблица")
    refused = upload(deputy_client, buffer.getvalue())
    assert refused.status_code == 200
    assert refused.context["form"].errors["file"][0].startswith("Файл «список.xlsx» — не таблица")


def test_page_too_big_refused(deputy_client):
    refused = upload(deputy_client, b"PK\x03\x04" + b"0" * MAX_BYTES)
    assert refused.status_code == 200
    assert refused.context["form"].errors["file"] == [
        "Файл «список.xlsx» больше 5,0\xa0МБ: разделите список."
    ]


def test_page_missing_column_refused(deputy_client):
    header = [c.title for c in COLUMNS if c.title != "Класс"]
    refused = upload(deputy_client, xlsx([], header=header))
    assert refused.context["form"].errors["file"] == [
        "В первой строке листа нет столбца «Класс». Скачайте шаблон и перенесите данные в него."
    ]


def test_page_empty_file_refused(deputy_client):
    refused = upload(deputy_client, xlsx([]))
    assert refused.context["form"].errors["file"] == [
        "В файле «список.xlsx» нет ни одного обучающегося."
    ]


@pytest.mark.parametrize(
    "role", [Role.DIRECTOR, Role.CLERK, Role.TEACHER, Role.PARENT, Role.ADMINISTRATOR]
)
def test_page_not_deputy_forbidden(client, school, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(URL).status_code == 403
    assert upload(client, xlsx([learner_row(1)])).status_code == 403
    assert client.get("/roster/import/template/").status_code == 403
    assert Learner.objects.count() == 0


def test_page_anonymous_sent_to_login(client, school):
    assert client.get(URL)["Location"].startswith("/login/")


def test_template_downloads_and_opens(deputy_client, school):
    from openpyxl import load_workbook

    response = deputy_client.get("/roster/import/template/")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == [SHEET, INSTRUCTIONS]
    rows = list(workbook[SHEET].iter_rows(values_only=True))
    assert list(rows[0]) == [c.title for c in COLUMNS]
    assert [r[:7] for r in rows[1:]] == [
        ("ЛД-0001", "Иванов", "Иван", "Петрович", "12.04.2015", "М", "5А"),
        ("ЛД-0002", "Смирнова", "Анна", "Олеговна", "03.11.2014", "Ж", "5Б"),
    ]
    instructions = list(workbook[INSTRUCTIONS].iter_rows(values_only=True))
    assert ("Класс", "да", COLUMNS[6].hint) in instructions
    assert DocumentDownload.objects.get().kind == "roster_template"


def test_template_examples_pass_the_check(deputy_client, school):
    content = deputy_client.get("/roster/import/template/").content
    checked = upload(deputy_client, content, name="Шаблон.xlsx")
    assert checked.context["plan"].counts == {"create": 2, "change": 0, "same": 0, "error": 0}
