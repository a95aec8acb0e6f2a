"""The family's application form at /credit/new/ and /credit/<pk>/edit/ (R-CT-1, R-CT-2):
a complete submission, a draft finished later, and every bad field answered with its
Russian message while nothing is saved."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from credit_transfer.models import Application, ApplicationLine, Attachment, Status
from tests.achievements.portfolio.files import HTML, pdf_upload, upload
from tests.credit_transfer.conftest import KEPT_FILE_ONLY, application_fields, kept_in_draft

pytestmark = pytest.mark.django_db


def valid(school, **changes) -> dict:
    submitted = {
        "action": "submit",
        "passport_number": "123456",
        "extract": pdf_upload("Справка.pdf"),
    }
    return application_fields(school, **(submitted | changes))


def counts():
    return (
        Application.objects.count(),
        ApplicationLine.objects.count(),
        Attachment.objects.count(),
    )


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def parent_client(client, school):
    client.force_login(school.parent)
    return client


def test_form_complete_submission_creates_submitted_application(
    parent_client, school, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = parent_client.post("/credit/new/", valid(school), REMOTE_ADDR="10.1.2.3")
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/credit/{application.pk}/"
    assert (application.status, application.applicant, application.learner) == (
        Status.SUBMITTED,
        school.parent,
        school.learner,
    )
    assert (application.passport_series, application.phone, application.period) == (
        "2014",
        "+7 (910) 123-45-67",
        None,
    )
    assert str(application.signed_from) == "10.1.2.3"
    line = application.lines.get()
    assert (line.external_result, line.external_hours) == ("5", 34)
    assert application.attachments.get().original_name == "Справка.pdf"
    assert [m.subject for m in mailoutbox] == [
        f"Заявление о зачёте № {application.number}: заявление подано"
    ]
    page = parent_client.get(response["Location"]).content.decode()
    assert "Заявление подано. Решение будет сообщено вам по электронной почте" in page


TODAY = timezone.localdate()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"passport_series": "12"}, "Серия паспорта — 4 цифры, например 20 14."),
        ({"passport_number": "12345"}, "Номер паспорта — 6 цифр."),
        ({"passport_issued_on": str(TODAY + timedelta(days=1))},
         "Дата выдачи паспорта не может быть в будущем."),
        ({"passport_issued_on": "1995-05-05"},
         "Паспорта гражданина России выдаются с 1 октября 1997 года: проверьте дату."),
        ({"phone": "12345"}, "Укажите телефон в формате +7 XXX XXX-XX-XX."),
        ({"applicant_name": "Соколова"},
         "Укажите фамилию, имя и отчество (при наличии) полностью, буквами."),
        ({"registration_address": "дом 1"},
         "Укажите адрес полностью: город, улицу, дом, квартиру."),
        ({"other_licence_date": str(TODAY + timedelta(days=3))},
         "Дата лицензии не может быть в будущем."),
        ({"other_accreditation_number": "А007-1"},
         "Укажите и номер, и дату свидетельства об аккредитации (или не указывайте ничего)."),
        ({"ground": "other"}, "Опишите уважительную причину."),
        ({"other_name": ""},
         "Заполните поле «Наименование организации, где обучающийся осваивает программу»."),
        ({"consent": None},
         "Без согласия на выставление отметок заявление не может быть подано."),
        ({"target": ""}, "Выберите, по итогам чего выставить отметки."),
        ({"lines-0-external_scale": "points", "lines-0-external_result": "отл"},
         "Для этой системы оценивания укажите баллы — целое число от 0 до 100."),
        ({"lines-0-external_result": "7"},
         "Для этой системы оценивания укажите отметку от 2 до 5 (или словом: «отлично», "
         "«хорошо»…)."),
        ({"lines-0-external_hours": "0"}, "Часы — от 1 до 2000."),
        ({"lines-0-subject": None, "lines-0-external_name": None, "lines-0-external_scale": None,
          "lines-0-external_result": None, "lines-0-external_hours": None},
         "Добавьте хотя бы один предмет для зачёта."),
        ({"extract": None},
         "Приложите хотя бы один документ: справку (выписку) с отметками, заверенную "
         "организацией, или документ об образовании."),
        ({"extract": upload("справка.pdf", HTML, "application/pdf")},
         "Файл «справка.pdf» не похож на PDF, JPEG или PNG."),
    ],
)  # fmt: skip
def test_form_bad_field_message_and_nothing_saved(parent_client, school, changes, message):
    response = parent_client.post("/credit/new/", valid(school, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Заявление не сохранено: исправьте отмеченные поля." in response.content.decode()
    if "extract" in changes:
        assert (counts(), stored_files()) == ((0, 0, 0), [])
    else:
        assert kept_in_draft() == KEPT_FILE_ONLY
        assert len(stored_files()) == 1


def test_form_same_subject_twice_refused(parent_client, school):
    data = valid(school)
    data["lines-TOTAL_FORMS"] = "2"
    for key in ("subject", "external_name", "external_scale", "external_result", "external_hours"):
        data[f"lines-1-{key}"] = data[f"lines-0-{key}"]
    response = parent_client.post("/credit/new/", data)
    assert "Предмет «Информатика» уже указан в заявлении." in response.content.decode()
    assert kept_in_draft() == KEPT_FILE_ONLY


def test_form_another_familys_child_refused(parent_client, school):
    response = parent_client.post("/credit/new/", valid(school, learner=school.other_learner.pk))
    assert "Выберите ребёнка из списка." in response.content.decode()
    assert counts() == (0, 0, 0)


def test_form_draft_then_finished_later(parent_client, school):
    response = parent_client.post(
        "/credit/new/",
        {
            "action": "save", "learner": school.learner.pk, "target": "year",
            "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0",
        },
    )  # fmt: skip
    draft = Application.objects.get()
    assert (response.status_code, draft.status, draft.number) == (302, Status.DRAFT, "")
    edit = parent_client.get(f"/credit/{draft.pk}/edit/")
    assert edit.status_code == 200
    response = parent_client.post(
        f"/credit/{draft.pk}/edit/", valid(school, version=str(draft.version))
    )
    draft.refresh_from_db()
    assert (response.status_code, draft.status) == (302, Status.SUBMITTED)


def test_form_stale_version_refused(parent_client, school):
    parent_client.post(
        "/credit/new/",
        {"action": "save", "learner": school.learner.pk, "target": "year",
         "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
    )  # fmt: skip
    draft = Application.objects.get()
    response = parent_client.post(f"/credit/{draft.pk}/edit/", valid(school, version="0"))
    assert "Заявление уже изменилось" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.lines.count()) == (Status.DRAFT, 0)


def test_form_add_line_without_script_keeps_only_the_file(parent_client, school):
    response = parent_client.post("/credit/new/", valid(school, action="add_line"))
    page = response.content.decode()
    assert 'name="lines-1-subject"' in page
    assert 'name="lines-TOTAL_FORMS" value="2"' in page
    assert kept_in_draft() == KEPT_FILE_ONLY


def test_form_add_line_fragment_for_htmx(parent_client):
    response = parent_client.get("/credit/line-form/?lines-TOTAL_FORMS=2")
    page = response.content.decode()
    assert 'name="lines-2-subject"' in page
    assert 'name="lines-TOTAL_FORMS" value="3" id="id_lines-TOTAL_FORMS" hx-swap-oob="true"' in page
    assert parent_client.get("/credit/line-form/?lines-TOTAL_FORMS=abc").status_code == 400


def test_form_paper_registration_by_clerk(client, school):
    client.force_login(school.clerk)
    found = client.get("/credit/new/?q=Соко").content.decode()
    assert f'href="/credit/new/?learner={school.learner.pk}"' in found
    response = client.post(
        f"/credit/new/?learner={school.learner.pk}",
        valid(school, applicant=school.parent.pk, paper_learner=school.learner.pk),
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert (application.is_paper, application.registered_by, application.applicant) == (
        True,
        school.clerk,
        school.parent,
    )


def test_form_teacher_cannot_apply(client, school):
    client.force_login(school.teachers["Информатика"])
    assert client.get("/credit/new/").status_code == 403


def test_form_line_inputs_labelled_and_hours_from_one(parent_client):
    page = parent_client.get("/credit/new/").content.decode()
    assert 'aria-label="Отметка там"' in page
    assert 'aria-label="Предмет по учебному плану школы"' in page
    assert 'name="lines-0-external_hours" min="1" max="2000"' in page
