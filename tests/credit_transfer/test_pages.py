"""The credit-transfer pages through their URLs (R-CT-1, R-CT-4, R-CT-6): the family's form
at /credit/new/ with every bad field answered in Russian while nothing is saved, drafts
finished later, adding a line with and without script, the detail page with its checks and
the applicant's personal data kept from everyone else, documents asked for and added,
withdrawal, the subject teacher's page, paper registration by the clerk, the menu, and query
counts that stay constant as rows grow."""

import hashlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.utils import timezone

from credit_transfer import services
from credit_transfer.models import (
    Application,
    ApplicationChange,
    ApplicationLine,
    Attachment,
    AttachmentKind,
    Conversion,
    Notification,
    Status,
)
from learners.models import Role
from tests.achievements.portfolio.files import HTML, pdf_bytes, pdf_upload, png_bytes, upload
from tests.credit_transfer.conftest import (
    KEPT_FILE_ONLY,
    application_fields,
    kept_in_draft,
    make_application,
    submit,
)
from tests.credit_transfer.factories import ApplicationLineFactory, AttachmentFactory
from tests.factories import GuardianFactory, GuardianshipFactory, SubjectFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOT_SAVED = "<p><strong>Заявление не сохранено: исправьте отмеченные поля.</strong></p>"
SUBMITTED_MESSAGE = (
    "Заявление подано. Решение будет сообщено вам по электронной почте и на этой странице."
)
DRAFT_MESSAGE = "Черновик сохранён: вы можете вернуться к нему позже."
ENGLISH = {
    "subject": "Иностранный язык (английский)",
    "external_name": "Иностранный язык (английский)",
    "external_scale": "levels",
    "external_result": "высокий",
    "external_hours": 102,
}
PYTHON = {"subject": "Информатика", "external_name": "Python"}  # another name: the council
LINE_KEYS = ("subject", "external_name", "external_scale", "external_result", "external_hours")
PDF = pdf_bytes()


# --- helpers ----------------------------------------------------------------------------------


def valid(school, **changes) -> dict:
    """A complete application from the mother as the form posts it, submitted with its
    extract; a change to None drops the field."""
    submitted = {"action": "submit", "extract": pdf_upload("Справка.pdf", PDF)}
    return application_fields(school, **(submitted | changes))


def with_second_line(data: dict, **line) -> dict:
    data = dict(data, **{"lines-TOTAL_FORMS": "2"})
    for key in LINE_KEYS:
        data[f"lines-1-{key}"] = line.get(key, data[f"lines-0-{key}"])
    return data


def counts() -> tuple[int, int, int]:
    return (
        Application.objects.count(),
        ApplicationLine.objects.count(),
        Attachment.objects.count(),
    )


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def messages_of(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


def as_user(client, user):
    client.force_login(user)
    return client


def move(application, to, actor, **details):
    return services.application_transition(application=application, to=to, actor=actor, **details)


def store(attachment, content: bytes = PDF) -> None:
    path = Path(settings.MEDIA_ROOT) / attachment.file.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def second_guardian(school):
    """The learner's father: a legal representative too, but not the applicant."""
    father = UserFactory(roles=[Role.PARENT], first_name="Андрей", last_name="Соколов")
    GuardianshipFactory(learner=school.learner, guardian=GuardianFactory(user=father))
    return father


def with_teacher(school, lines=(ENGLISH,)):
    application = submit(make_application(school, list(lines)), school.parent)
    move(application, Status.UNDER_REVIEW, school.deputy)
    return move(application, Status.WITH_TEACHER, school.deputy)


@pytest.fixture
def parent(client, school):
    return as_user(client, school.parent)


# --- the complete submission ---------------------------------------------------------------------


def assert_extract_stored_recorded_and_told(application, school, mailoutbox):
    """The submitted application's extract is stored as sent, its history holds the
    submission and the family got its letter."""
    attachment = application.attachments.get()
    assert (
        attachment.kind, attachment.original_name, attachment.content_type, attachment.size,
        attachment.sha256, attachment.uploaded_by,
    ) == (
        AttachmentKind.EXTRACT, "Справка.pdf", "application/pdf", len(PDF),
        hashlib.sha256(PDF).hexdigest(), school.parent,
    )  # fmt: skip
    assert attachment.file.name.startswith(f"credit/{application.pk}/")
    assert stored_files() == [Path(settings.MEDIA_ROOT) / attachment.file.name]
    assert stored_files()[0].read_bytes() == PDF
    assert list(ApplicationChange.objects.values_list("action", "old_status", "new_status")) == [
        ("Заявление подано", Status.DRAFT, Status.SUBMITTED)
    ]
    [mail] = mailoutbox
    assert (mail.subject, mail.to) == (
        f"Заявление о зачёте № {application.number}: заявление подано",
        ["sokolova@example.org"],
    )
    assert f"http://127.0.0.1:8000/credit/{application.pk}/" in mail.body
    assert Notification.objects.get().sent_at is not None


@pytest.mark.parametrize("target", ["year", "period"])
def test_new_complete_submission_creates_submitted_application(
    parent, school, django_capture_on_commit_callbacks, mailoutbox, target
):
    period = school.current_period if target == "period" else None
    data = valid(school, target=str(period.pk) if period else "year")
    with django_capture_on_commit_callbacks(execute=True):
        response = parent.post("/credit/new/", data, REMOTE_ADDR="10.1.2.3")

    application = Application.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/credit/{application.pk}/")
    assert counts() == (1, 1, 1)
    fields = Application.objects.filter(pk=application.pk).values(
        "status", "learner", "group", "year", "period", "applicant", "created_by", "number",
        "addressee", "applicant_name", "passport_series", "passport_number",
        "passport_issued_by", "passport_issued_on", "registration_address", "phone",
        "other_name", "other_address", "other_licence_number", "other_licence_date",
        "other_accreditation_number", "other_accreditation_date", "subject_area",
        "programme_name", "ground", "ground_details", "wants_exemption", "consent", "is_paper",
        "registered_by", "signed_by", "signed_from", "version",
    ).get()  # fmt: skip
    assert fields == {
        "status": Status.SUBMITTED,
        "learner": school.learner.pk,
        "group": school.group.pk,
        "year": school.year.pk,
        "period": period.pk if period else None,
        "applicant": school.parent.pk,
        "created_by": school.parent.pk,
        "number": f"{TODAY.year}/{application.pk:04d}",
        "addressee": "Директору МАОУ СОШ № 17 Смирновой Ольге Викторовне",
        "applicant_name": "Соколова Елена Павловна",
        "passport_series": "2014",
        "passport_number": "654321",
        "passport_issued_by": "ГУ МВД России по Воронежской области",
        "passport_issued_on": date(2015, 6, 1),
        "registration_address": "394036, г. Воронеж, ул. Кольцовская, д. 5, кв. 12",
        "phone": "+7 (910) 123-45-67",
        "other_name": "ГБУ ДО «IT-куб»",
        "other_address": "394000, г. Воронеж, пр-т Революции, д. 1",
        "other_licence_number": "Л035-01234-36/00111111",
        "other_licence_date": date(2019, 8, 1),
        "other_accreditation_number": "",
        "other_accreditation_date": None,
        "subject_area": "Математика и информатика",
        "programme_name": "Основы программирования",
        "ground": "elsewhere",
        "ground_details": "",
        "wants_exemption": True,
        "consent": True,
        "is_paper": False,
        "registered_by": None,
        "signed_by": school.parent.pk,
        "signed_from": "10.1.2.3",
        "version": 2,
    }
    assert application.signature_digest == services.signature_digest(application)
    assert list(
        application.lines.values_list(
            "subject", "external_name", "external_scale", "external_result", "external_hours",
            "order",
        )
    ) == [(school.subjects["Информатика"].pk, "Информатика", "five_point", "5", 34, 0)]  # fmt: skip
    assert_extract_stored_recorded_and_told(application, school, mailoutbox)
    page = parent.get(response["Location"]).content.decode()
    assert f'<li class="message success">{SUBMITTED_MESSAGE}</li>' in page


def test_new_form_prefilled_for_only_child(parent, school):
    response = parent.get("/credit/new/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<option value="{school.learner.pk}" selected>' in page
    assert '<option value="year" selected>' in page
    assert 'name="lines-TOTAL_FORMS" value="1"' in page
    assert "<p>Директору МАОУ СОШ № 17 Смирновой Ольге Викторовне</p>" in page
    assert counts() == (0, 0, 0)


# --- every bad field: its message, nothing saved ----------------------------------------------

# (changes to the valid form, the line of the summary at the top of the form)
BAD_FIELDS = {
    "passport series 12": (
        {"passport_series": "12"}, "Серия паспорта: Серия паспорта — 4 цифры, например 20 14.",
    ),
    "passport number 12345": (
        {"passport_number": "12345"}, "Номер паспорта: Номер паспорта — 6 цифр.",
    ),
    "passport issued tomorrow": (
        {"passport_issued_on": str(TODAY + timedelta(days=1))},
        "Дата выдачи паспорта: Дата выдачи паспорта не может быть в будущем.",
    ),
    "passport issued 30.09.1997": (
        {"passport_issued_on": "1997-09-30"},
        "Дата выдачи паспорта: Паспорта гражданина России выдаются с 1 октября 1997 года: "
        "проверьте дату.",
    ),
    "phone 12345": ({"phone": "12345"}, "Телефон: Укажите телефон в формате +7 XXX XXX-XX-XX."),
    "applicant surname only": (
        {"applicant_name": "Иванова"},
        "Фамилия, имя, отчество (при наличии) заявителя: Укажите фамилию, имя и отчество "
        "(при наличии) полностью, буквами.",
    ),
    "address дом 1": (
        {"registration_address": "дом 1"},
        "Адрес регистрации (места жительства): Укажите адрес полностью: город, улицу, дом, "
        "квартиру.",
    ),
    "licence dated tomorrow": (
        {"other_licence_date": str(TODAY + timedelta(days=1))},
        "Дата лицензии: Дата лицензии не может быть в будущем.",
    ),
    "accreditation number without date": (
        {"other_accreditation_number": "А007-00123"},
        "Дата свидетельства об аккредитации: Укажите и номер, и дату свидетельства об "
        "аккредитации (или не указывайте ничего).",
    ),
    "ground other without details": (
        {"ground": "other"},
        "Пояснение (для «иной уважительной причины» — обязательно): Опишите уважительную "
        "причину.",
    ),
    "points result отл": (
        {"lines-0-external_scale": "points", "lines-0-external_result": "отл"},
        "Предмет 1, отметка там: Для этой системы оценивания укажите баллы — целое число от 0 "
        "до 100.",
    ),
    "five-point result 7": (
        {"lines-0-external_result": "7"},
        "Предмет 1, отметка там: Для этой системы оценивания укажите отметку от 2 до 5 (или "
        "словом: «отлично», «хорошо»…).",
    ),
    "hours 0": ({"lines-0-external_hours": "0"}, "Предмет 1, часов там: Часы — от 1 до 2000."),
    "hours 2001": (
        {"lines-0-external_hours": "2001"}, "Предмет 1, часов там: Часы — от 1 до 2000.",
    ),
    "hours not a number": (
        {"lines-0-external_hours": "много"}, "Предмет 1, часов там: Часы — целое число.",
    ),
    "submit without consent": (
        {"consent": None},
        "Подтверждаю согласие на выставление отметок (оценок) по указанным предметам по итогам "
        "учебного года, триместра, полугодия: Без согласия на выставление отметок заявление не "
        "может быть подано.",
    ),
    "submit without the organisation": (
        {"other_name": ""},
        "Наименование организации, где обучающийся осваивает программу: Заполните поле "
        "«Наименование организации, где обучающийся осваивает программу».",
    ),
    "no target": (
        {"target": ""}, "Отметки выставить по итогам: Выберите, по итогам чего выставить отметки.",
    ),
    "another family's child": (
        {"learner": "other"}, "Обучающийся: Выберите ребёнка из списка.",
    ),
    "extract is a renamed HTML page": (
        {"extract": upload("справка.pdf", HTML, "application/pdf")},
        "Файл «справка.pdf» не похож на PDF, JPEG или PNG. Загрузите скан или фотографию "
        "документа в одном из этих форматов.",
    ),
    "extract is an empty file": (
        {"extract": upload("пусто.pdf", b"", "application/pdf")},
        "Справка (выписка) с отметками, заверенная организацией: Отправленный файл пуст.",
    ),
    "submit with no lines": (
        {"lines-TOTAL_FORMS": "0", **dict.fromkeys(f"lines-0-{k}" for k in LINE_KEYS)},
        "Добавьте хотя бы один предмет для зачёта.",
    ),
    "submit with no attachment": (
        {"extract": None},
        "Приложите хотя бы один документ: справку (выписку) с отметками, заверенную "
        "организацией, или документ об образовании.",
    ),
}  # fmt: skip


@pytest.mark.parametrize(("changes", "summary"), BAD_FIELDS.values(), ids=BAD_FIELDS)
def test_new_bad_field_message_and_nothing_saved(parent, school, mailoutbox, changes, summary):
    if changes.get("learner") == "other":
        changes = dict(changes, learner=school.other_learner.pk)

    response = parent.post("/credit/new/", valid(school, **changes))

    assert response.status_code == 200
    page = response.content.decode()
    assert NOT_SAVED in page
    assert f"<p>{summary}</p>" in page
    if "extract" in changes:
        assert (counts(), stored_files()) == ((0, 0, 0), [])
    elif changes.get("learner"):
        # No child of theirs to keep a draft for: the file is not kept either.
        assert (counts(), stored_files()) == ((0, 0, 0), [])
        assert "Выбранные файлы не сохранены вместе с заявлением" in page
    else:
        assert kept_in_draft() == KEPT_FILE_ONLY
        assert "Выбранные файлы сохранены в черновике заявления" in page
    assert (Notification.objects.count(), ApplicationChange.objects.count()) == (0, 0)
    assert mailoutbox == []


def test_new_same_subject_twice_refused_nothing_saved(parent, school):
    response = parent.post("/credit/new/", with_second_line(valid(school)))

    page = response.content.decode()
    assert response.status_code == 200
    assert NOT_SAVED in page
    assert (
        "<p>Предмет 2, предмет по учебному плану школы: Предмет «Информатика» уже указан в "
        "заявлении.</p>"
    ) in page
    assert kept_in_draft() == KEPT_FILE_ONLY


def test_new_bad_line_among_good_ones_names_its_row(parent, school):
    data = with_second_line(
        valid(school),
        subject=school.subjects["Физическая культура"].pk,
        external_name="Футбол",
        external_result="12",
    )

    page = parent.post("/credit/new/", data).content.decode()

    assert (
        "<p>Предмет 2, отметка там: Для этой системы оценивания укажите отметку от 2 до 5 (или "
        "словом: «отлично», «хорошо»…).</p>"
    ) in page
    assert "<p>Предмет 1," not in page
    assert kept_in_draft() == KEPT_FILE_ONLY


# Values at the edge of what the form accepts, and how it writes them down.
ACCEPTED = {
    "passport issued 01.10.1997": ({"passport_issued_on": "1997-10-01"}, "passport_issued_on",
                                   date(1997, 10, 1)),
    "passport issued today": ({"passport_issued_on": str(TODAY)}, "passport_issued_on", TODAY),
    "phone +7(910)1234567": ({"phone": "+7(910)1234567"}, "phone", "+7 (910) 123-45-67"),
    "phone 9101234567": ({"phone": "9101234567"}, "phone", "+7 (910) 123-45-67"),
    "hours 2000": ({"lines-0-external_hours": "2000"}, "lines__external_hours", 2000),
    "points 85": ({"lines-0-external_scale": "points", "lines-0-external_result": " 085 "},
                  "lines__external_result", "85"),
    "ground other with details": ({"ground": "other", "ground_details": "Болезнь"},
                                  "ground_details", "Болезнь"),
    "accreditation number and date": ({"other_accreditation_number": "А007-00123",
                                       "other_accreditation_date": "2020-02-03"},
                                      "other_accreditation_date", date(2020, 2, 3)),
    "PNG extract": ({"extract": upload("скан.png", png_bytes(), "image/png")},
                    "attachments__content_type", "image/png"),
}  # fmt: skip


def test_new_passport_number_with_space_accepted(parent, school):
    response = parent.post("/credit/new/", valid(school, passport_number="654 321"))

    assert response.status_code == 302
    assert list(Application.objects.values_list("passport_number", flat=True)) == ["654321"]


@pytest.mark.parametrize(("changes", "field", "value"), ACCEPTED.values(), ids=ACCEPTED)
def test_new_value_at_edge_accepted(parent, school, changes, field, value):
    response = parent.post("/credit/new/", valid(school, **changes))

    assert response.status_code == 302
    assert list(Application.objects.values_list(field, flat=True)) == [value]
    assert Application.objects.get().status == Status.SUBMITTED


# --- drafts --------------------------------------------------------------------------------------


def draft_data(school) -> dict:
    return {
        "action": "save",
        "learner": school.learner.pk,
        "target": "year",
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
    }


def test_draft_half_filled_saved_then_submitted_from_edit(
    parent, school, django_capture_on_commit_callbacks, mailoutbox
):
    response = parent.post("/credit/new/", draft_data(school))

    draft = Application.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/credit/{draft.pk}/")
    assert messages_of(response) == [DRAFT_MESSAGE]
    assert (draft.status, draft.number, draft.applicant_name, draft.passport_series) == (
        Status.DRAFT, "", "", "",
    )  # fmt: skip
    assert (draft.consent, draft.submitted_at, draft.version, counts()) == (
        False, None, 1, (1, 0, 0),
    )  # fmt: skip
    assert (ApplicationChange.objects.count(), Notification.objects.count()) == (0, 0)
    detail = parent.get(f"/credit/{draft.pk}/").content.decode()
    assert "Продолжить заполнение</a>" in detail
    assert '<td colspan="3">Предметы не указаны.</td>' in detail

    edit = parent.get(f"/credit/{draft.pk}/edit/")
    assert edit.status_code == 200
    assert f'<input type="hidden" name="version" value="{draft.version}">' in (
        edit.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = parent.post(f"/credit/{draft.pk}/edit/", valid(school, version="1"))

    draft.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, f"/credit/{draft.pk}/")
    assert (draft.status, draft.number, draft.passport_series, draft.version) == (
        Status.SUBMITTED, f"{TODAY.year}/{draft.pk:04d}", "2014", 3,
    )  # fmt: skip
    assert counts() == (1, 1, 1)
    assert [m.subject for m in mailoutbox] == [
        f"Заявление о зачёте № {draft.number}: заявление подано"
    ]


def test_draft_saved_even_with_empty_required_fields_but_not_malformed_ones(parent, school):
    response = parent.post("/credit/new/", dict(draft_data(school), passport_series="12", phone=""))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<p>Серия паспорта: Серия паспорта — 4 цифры, например 20 14.</p>" in page
    assert "Телефон:" not in page
    assert counts() == (0, 0, 0)


def test_draft_edit_with_stale_version_shows_conflict_and_changes_nothing(parent, school):
    parent.post("/credit/new/", draft_data(school))
    draft = Application.objects.get()
    parent.post(f"/credit/{draft.pk}/edit/", dict(draft_data(school), version="1"))  # now 2

    response = parent.post(f"/credit/{draft.pk}/edit/", valid(school, version="1"))

    page = response.content.decode()
    assert response.status_code == 200
    assert NOT_SAVED in page
    assert (
        "<p>Заявление уже изменилось (его статус сейчас — «Черновик»). Обновите страницу и "
        "проверьте.</p>"
    ) in page
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.passport_series, draft.applicant_name) == (
        Status.DRAFT, 2, "", "",
    )  # fmt: skip
    assert counts() == (1, 0, 0)
    assert stored_files() == []
    assert '<p class="message warn">Выбранные файлы не сохранены вместе с заявлением' in page


def test_edit_of_submitted_application_redirects_with_notice(parent, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)

    response = parent.get(f"/credit/{application.pk}/edit/")
    posted = parent.post(f"/credit/{application.pk}/edit/", valid(school, passport_number="111111"))

    assert (response.status_code, response["Location"]) == (302, f"/credit/{application.pk}/")
    assert messages_of(response) == ["Заявление в статусе «Подано» не изменяется."]
    assert posted.status_code == 302
    application.refresh_from_db()
    assert (application.passport_number, application.version) == ("123456", 2)


# --- adding a line --------------------------------------------------------------------------------


def test_add_line_without_script_rerenders_one_more_and_saves_nothing(parent, school):
    data = valid(school, action="add_line", extract=None)

    response = parent.post("/credit/new/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        '<input type="hidden" name="lines-TOTAL_FORMS" value="2" id="id_lines-TOTAL_FORMS">'
    ) in page
    assert 'name="lines-1-subject"' in page
    assert 'name="lines-2-subject"' not in page
    assert 'name="lines-0-external_name" value="Информатика"' in page
    assert NOT_SAVED not in page
    assert counts() == (0, 0, 0)


def test_add_line_without_script_keeps_chosen_file_in_draft(parent, school):
    response = parent.post("/credit/new/", valid(school, action="add_line"))

    page = response.content.decode()
    assert kept_in_draft() == KEPT_FILE_ONLY
    assert len(stored_files()) == 1
    draft = Application.objects.get()
    assert f'action="/credit/{draft.pk}/edit/"' in page
    assert f'form="remove-{draft.attachments.get().pk}">убрать</button>' in page
    assert "Выбранные файлы сохранены в черновике заявления" in page
    assert 'name="lines-0-external_name" value="Информатика"' in page


@pytest.mark.parametrize(
    ("total", "status", "index"),
    [("0", 200, 0), ("2", 200, 2), ("19", 200, 19), ("20", 400, None), ("abc", 400, None),
     ("-1", 400, None), ("", 400, None)],
)  # fmt: skip
def test_line_form_fragment_for_htmx(parent, total, status, index):
    response = parent.get("/credit/line-form/", {"lines-TOTAL_FORMS": total})

    assert response.status_code == status
    if index is None:
        refused = (
            "Неверный запрос: в заявлении не больше 20 предметов."
            if total == "20"
            else "Неверный запрос: не указано число строк заявления."
        )
        assert response.content.decode() == refused
        return
    page = response.content.decode()
    for key in LINE_KEYS:
        assert f'name="lines-{index}-{key}"' in page
    assert f'name="lines-{index + 1}-subject"' not in page
    assert (
        f'<input type="hidden" name="lines-TOTAL_FORMS" value="{index + 1}" '
        'id="id_lines-TOTAL_FORMS" hx-swap-oob="true">'
    ) in page


def test_line_form_fragment_only_by_get(parent):
    response = parent.post("/credit/line-form/?lines-TOTAL_FORMS=1")

    assert response.status_code == 405


# --- the detail page ----------------------------------------------------------------------------

# line → (the verdict label, one of its check items with its state)
VERDICTS = {
    "Информатика": ("Можно зачесть", ("ok", "«Информатика» есть в учебном плане 7 класса")),
    "Иностранный язык (английский)": (
        "Перевод отметки решает учитель-предметник",
        ("route", "там система оценивания «уровни (высокий, средний, низкий)»: зачесть на «4» "
                  "или «5» либо предложить аттестацию решает учитель-предметник (п. 4.7)"),
    ),
    "Физическая культура": (
        "Решение с учётом мнения педагогического совета",
        ("route", "«Футбол» не совпадает с наименованием «Физическая культура» в учебном плане "
                  "(п. 5.7)"),
    ),
    "Химия": ("Не подлежит зачёту", ("fail", "«Химия» нет в учебном плане 7 класса (п. 4.6)")),
    "Алгебра": (
        "Не подлежит зачёту",
        ("fail", "«Алгебра» обязателен для ГИА по программе «ООП основного общего образования» "
                 "(п. 4.6)"),
    ),
}  # fmt: skip


def test_detail_shows_checks_per_line(parent, school):
    lines = [
        "Информатика",
        ENGLISH,
        {"subject": "Физическая культура", "external_name": "Футбол", "external_hours": 68},
        "Химия",
        {"subject": "Алгебра", "external_hours": 102},
    ]
    application = submit(make_application(school, lines), school.parent)

    page = parent.get(f"/credit/{application.pk}/").content.decode()

    for subject, (verdict, (state, text)) in VERDICTS.items():
        row = page[page.index(f"<td><strong>{subject}</strong></td>") :]
        row = row[: row.index("</tr>")]
        assert f"<p><strong>{verdict}</strong></p>" in row, subject
        assert f'<li class="check-{state}">{text}</li>' in row, subject
    assert page.count("<p><strong>Не подлежит зачёту</strong></p>") == 2


PASSPORT = (
    "<dt>Паспорт</dt><dd>45 06 № 123456, выдан 20.05.2010, ОВД «Центральный» г. Воронежа</dd>"
)
ADDRESS = "<dt>Адрес</dt><dd>394036, г. Воронеж, ул. Кольцовская, д. 5, кв. 12</dd>"
PHONE = "<dt>Телефон</dt><dd>+7 (910) 123-45-67</dd>"


@pytest.mark.parametrize(
    ("visitor", "shown"),
    [("parent", True), ("deputy", True), ("clerk", True), ("second_guardian", False),
     ("english_teacher", False)],
)  # fmt: skip
def test_detail_personal_data_only_for_applicant_and_staff(client, school, visitor, shown):
    application = submit(make_application(school, [ENGLISH]), school.parent)
    user = {
        "parent": school.parent,
        "deputy": school.deputy,
        "clerk": school.clerk,
        "second_guardian": second_guardian(school),
        "english_teacher": school.teachers["Английский язык"],
    }[visitor]

    response = as_user(client, user).get(f"/credit/{application.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<dt>Заявитель</dt><dd>Соколова Елена Павловна</dd>" in page
    assert [fragment in page for fragment in (PASSPORT, ADDRESS, PHONE)] == [shown] * 3
    assert ("4506" in page, "123456" in page) == (False, shown)


def test_detail_applicant_may_withdraw_other_guardian_may_not(client, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    url = f"/credit/{application.pk}/"

    mine = as_user(client, school.parent).get(url).content.decode()
    theirs = as_user(client, second_guardian(school)).get(url).content.decode()

    assert f'<form method="post" action="/credit/{application.pk}/withdraw/"' in mine
    assert "/withdraw/" not in theirs


def test_documents_requested_then_added_and_sent_again(
    parent, school, django_capture_on_commit_callbacks, mailoutbox
):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    first = application.submitted_at
    move(application, Status.UNDER_REVIEW, school.deputy)
    move(application, Status.DOCUMENTS_REQUESTED, school.deputy, comment="Нужна справка с печатью")

    detail = parent.get(f"/credit/{application.pk}/").content.decode()
    assert (
        '<p class="message warn"><strong>Нужны документы:</strong> Нужна справка с печатью</p>'
    ) in detail
    assert "<p>Добавьте документы ниже и отправьте заявление снова.</p>" in detail
    assert f'action="/credit/{application.pk}/attachments/"' in detail
    assert "Изменить и отправить снова</a>" in detail

    response = parent.post(
        f"/credit/{application.pk}/attachments/", {"education": pdf_upload("Аттестат.pdf", PDF)}
    )
    assert (response.status_code, response["Location"]) == (302, f"/credit/{application.pk}/")
    assert messages_of(response) == ["Добавлено документов: 1."]
    assert list(application.attachments.order_by("pk").values_list("kind", "original_name")) == [
        (AttachmentKind.EXTRACT, "Справка.pdf"),
        (AttachmentKind.EDUCATION_DOCUMENT, "Аттестат.pdf"),
    ]
    assert len(stored_files()) == 1

    edit = parent.get(f"/credit/{application.pk}/edit/").content.decode()
    assert '<p class="message warn">Запрошены документы: Нужна справка с печатью</p>' in edit
    assert 'value="submit" class="primary">Отправить повторно</button>' in edit
    application.refresh_from_db()
    line = application.lines.get()
    # The family corrects the hours from the new extract and sends the application again.
    data = valid(
        school,
        extract=None,
        version=str(application.version),
        **{"lines-INITIAL_FORMS": "1", "lines-0-id": str(line.pk),
           "lines-0-external_hours": "36"},
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = parent.post(f"/credit/{application.pk}/edit/", data)

    application.refresh_from_db()
    assert response.status_code == 302
    assert (application.status, application.submitted_at) == (Status.SUBMITTED, first)
    assert counts() == (1, 1, 2)
    assert list(application.lines.values_list("pk", "external_hours")) == [(line.pk, 36)]
    assert list(application.changes.values_list("action", flat=True)) == [
        "Заявление подано",
        "Принято к рассмотрению",
        "Запрошены дополнительные документы",
        "Заявление подано повторно",
    ]
    assert [m.subject for m in mailoutbox][-1] == (
        f"Заявление о зачёте № {application.number}: заявление подано повторно"
    )


@pytest.mark.parametrize("action", ["save", "submit"])
def test_edit_with_lines_unchanged_keeps_them(parent, school, action):
    draft = make_application(school, ["Информатика"])
    line = draft.lines.get()
    data = valid(
        school,
        action=action,
        version=str(draft.version),
        **{"lines-INITIAL_FORMS": "1", "lines-0-id": str(line.pk), "lines-0-external_result": "5"},
    )

    response = parent.post(f"/credit/{draft.pk}/edit/", data)

    assert response.status_code == 302
    assert list(draft.lines.values_list("pk", flat=True)) == [line.pk]


def test_attachment_upload_bad_file_refused_nothing_stored(parent, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    move(application, Status.UNDER_REVIEW, school.deputy)
    move(application, Status.DOCUMENTS_REQUESTED, school.deputy, comment="Нужна справка")

    url = f"/credit/{application.pk}/attachments/"
    files = [pdf_upload("ok.pdf", PDF), upload("вирус.pdf", HTML, "application/pdf")]

    response = parent.post(url, {"other": files}, follow=True)
    empty = parent.post(url, {}, follow=True)

    assert response.redirect_chain == [(f"/credit/{application.pk}/", 302)]
    assert (
        '<li class="message error">Файл «вирус.pdf» не похож на PDF, JPEG или PNG. Загрузите '
        "скан или фотографию документа в одном из этих форматов.</li>"
    ) in response.content.decode()
    assert '<li class="message error">Выберите хотя бы один файл.</li>' in (empty.content.decode())
    assert (application.attachments.count(), stored_files()) == (1, [])


def test_detail_family_learns_council_opinion_with_the_decision(client, school):
    application = submit(make_application(school, [PYTHON]), school.parent)
    move(application, Status.UNDER_REVIEW, school.deputy)
    move(application, Status.WITH_COUNCIL, school.deputy)
    services.council_record(
        application=application, protocol_number="4", protocol_date=TODAY,
        decisions={application.lines.get().pk: "credit"}, actor=school.deputy,
    )  # fmt: skip
    url = f"/credit/{application.pk}/"
    opinion = "<p>Педагогический совет: зачесть</p>"

    before = as_user(client, school.parent).get(url).content.decode()
    staff = as_user(client, school.deputy).get(url).content.decode()
    move(application, Status.DECIDED, school.deputy)
    after = as_user(client, school.parent).get(url).content.decode()

    assert (opinion in before, opinion in staff) == (False, True)
    assert '<span class="badge decision-credited">Зачтено: «5»</span>' in after
    assert (f"с учётом мнения педагогического совета (протокол № 4 от {TODAY:%d.%m.%Y})") in after


# --- withdrawal ----------------------------------------------------------------------------------


def test_withdraw_by_applicant(parent, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)

    response = parent.post(
        f"/credit/{application.pk}/withdraw/", {"version": "2", "comment": "Передумали"}
    )

    application.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, f"/credit/{application.pk}/")
    assert messages_of(response) == ["Заявление отозвано: школа его больше не рассматривает."]
    assert (application.status, application.status_comment) == (Status.WITHDRAWN, "Передумали")
    assert application.changes.last().action == "Заявление отозвано заявителем"
    page = parent.get(f"/credit/{application.pk}/").content.decode()
    assert "<p>Заявление отозвано.</p>" in page
    assert "/withdraw/" not in page


@pytest.mark.parametrize("who", ["second_guardian", "other_family"])
def test_withdraw_by_other_parent_not_found_and_unchanged(client, school, who):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    user = second_guardian(school) if who == "second_guardian" else school.other_parent

    response = as_user(client, user).post(f"/credit/{application.pk}/withdraw/", {"version": "2"})

    application.refresh_from_db()
    assert response.status_code == 404
    assert (application.status, application.version, application.changes.count()) == (
        Status.SUBMITTED, 2, 1,
    )  # fmt: skip


def test_withdraw_with_stale_version_changes_nothing(parent, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    move(application, Status.UNDER_REVIEW, school.deputy)

    response = parent.post(f"/credit/{application.pk}/withdraw/", {"version": "2"})

    application.refresh_from_db()
    assert response.status_code == 302
    assert messages_of(response) == [
        "Заявление уже изменилось (его статус сейчас — «На рассмотрении»). Обновите страницу и "
        "проверьте."
    ]
    assert (application.status, application.version) == (Status.UNDER_REVIEW, 3)


def test_withdraw_of_draft_refused_with_message(parent, school):
    draft = make_application(school, ["Информатика"])

    response = parent.post(f"/credit/{draft.pk}/withdraw/")

    assert response.status_code == 302
    assert messages_of(response) == [
        "Нельзя перевести заявление из состояния «Черновик» в «Отозвано заявителем»."
    ]
    assert Application.objects.get().status == Status.DRAFT


# --- the subject teacher's page ------------------------------------------------------------------


def test_teacher_page_lists_pending_line_and_converts_it(client, school):
    application = with_teacher(school)
    line = application.lines.get()
    teacher = as_user(client, school.teachers["Английский язык"])

    page = teacher.get("/credit/").content.decode()
    assert ("<h3>Иностранный язык (английский) — Соколов Михаил Андреевич, 7А</h3>") in page
    assert f'action="/credit/lines/{line.pk}/convert/" class="conversion-form"' in page

    response = teacher.post(f"/credit/lines/{line.pk}/convert/", {"conversion": "credit_5"})

    assert (response.status_code, response["Location"]) == (302, "/credit/")
    assert messages_of(response) == [
        "Решение по предмету «Иностранный язык (английский)» (Соколов М.А.) сохранено: "
        "зачесть с отметкой «5» (отлично)."
    ]
    line.refresh_from_db()
    application.refresh_from_db()
    assert (line.conversion, line.conversion_by, application.status) == (
        Conversion.CREDIT_5, school.teachers["Английский язык"], Status.UNDER_REVIEW,
    )  # fmt: skip
    assert list(application.changes.values_list("action", flat=True))[-2:] == [
        "Учитель: «Иностранный язык (английский)» — зачесть с отметкой «5» (отлично)",
        "Возвращено на рассмотрение",
    ]
    after = teacher.get("/credit/").content.decode()
    assert "<p>Заявлений, ждущих вашего решения, нет.</p>" in after
    assert "<h2>Ваши решения</h2>" in after


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"conversion": "attestation"},
         "Иностранный язык (английский): Напишите, в какой форме и когда предлагается пройти "
         "аттестацию."),
        ({"conversion": "attestation", "comment": "   "},
         "Иностранный язык (английский): Напишите, в какой форме и когда предлагается пройти "
         "аттестацию."),
        ({}, "Иностранный язык (английский): Выберите решение."),
        ({"conversion": "credit_3"}, "Иностранный язык (английский): Выберите решение."),
    ],
    ids=["attestation without comment", "attestation blank comment", "nothing", "unknown"],
)  # fmt: skip
def test_teacher_convert_bad_decision_shown_and_nothing_saved(client, school, data, message):
    application = with_teacher(school)
    line = application.lines.get()
    teacher = as_user(client, school.teachers["Английский язык"])

    response = teacher.post(f"/credit/lines/{line.pk}/convert/", data, follow=True)

    assert response.redirect_chain == [("/credit/", 302)]
    assert f'<li class="message error">{message}</li>' in response.content.decode()
    line.refresh_from_db()
    application.refresh_from_db()
    assert (line.conversion, line.conversion_by, application.status) == (
        "", None, Status.WITH_TEACHER,
    )  # fmt: skip
    assert application.changes.count() == 3


def test_teacher_page_shows_nothing_of_other_subjects(client, school):
    with_teacher(school)

    page = as_user(client, school.teachers["Информатика"]).get("/credit/").content.decode()

    assert "<p>Заявлений, ждущих вашего решения, нет.</p>" in page
    assert "Соколов" not in page


# --- paper applications registered by staff ------------------------------------------------------


def test_clerk_finds_learner_by_surname(client, school):
    clerk = as_user(client, school.clerk)

    page = clerk.get("/credit/new/", {"q": "Соко"}).content.decode()
    short = clerk.get("/credit/new/", {"q": "С"}).content.decode()

    assert (
        f'<li><a href="/credit/new/?learner={school.learner.pk}">Соколов Михаил Андреевич</a>, '
        "7А, 12.03.2013</li>"
    ) in page
    assert "<li>Никого не нашлось: введите не меньше двух букв.</li>" in short


def test_clerk_registers_paper_application(client, school, django_capture_on_commit_callbacks):
    clerk = as_user(client, school.clerk)
    url = f"/credit/new/?learner={school.learner.pk}"
    form = clerk.get(url).content.decode()
    assert "<h1>Регистрация бумажного заявления о зачёте</h1>" in form
    assert f'<option value="{school.parent.pk}">Елена Соколова</option>' in form

    with django_capture_on_commit_callbacks(execute=True):
        response = clerk.post(
            url,
            valid(school, applicant=school.parent.pk, paper_learner=school.learner.pk),
            REMOTE_ADDR="10.9.9.9",
        )

    application = Application.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/credit/{application.pk}/")
    assert messages_of(response) == ["Бумажное заявление зарегистрировано."]
    assert (
        application.status, application.is_paper, application.registered_by,
        application.applicant, application.created_by, application.signed_by,
        application.signed_from,
    ) == (
        Status.SUBMITTED, True, school.clerk, school.parent, school.clerk, None, None,
    )  # fmt: skip
    assert counts() == (1, 1, 1)
    detail = clerk.get(response["Location"])
    assert detail.status_code == 200


@pytest.mark.parametrize(
    ("applicant", "summary"),
    [
        (None, "<p>Выберите законного представителя, подписавшего заявление.</p>"),
        ("other_parent",
         "<p>Выберите корректный вариант. Вашего варианта нет среди допустимых значений.</p>"),
    ],
)  # fmt: skip
def test_clerk_paper_application_without_its_applicant_refused(client, school, applicant, summary):
    clerk = as_user(client, school.clerk)
    data = valid(
        school,
        paper_learner=school.learner.pk,
        applicant=school.other_parent.pk if applicant else None,
    )

    response = clerk.post(f"/credit/new/?learner={school.learner.pk}", data)

    assert response.status_code == 200
    assert summary in response.content.decode()
    assert counts() == (0, 0, 0)
    assert stored_files() == []


def test_clerk_paper_draft_stays_with_the_clerk(client, school):
    clerk = as_user(client, school.clerk)
    data = valid(school, action="save", applicant=school.parent.pk, paper_learner=school.learner.pk)

    response = clerk.post(f"/credit/new/?learner={school.learner.pk}", data, follow=True)

    assert Application.objects.get().status == Status.DRAFT
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["english_teacher", "director"])
def test_new_refused_to_who_neither_applies_nor_registers(client, school, role):
    user = school.teachers["Английский язык"] if role == "english_teacher" else school.director

    response = as_user(client, user).get("/credit/new/")

    assert response.status_code == 403
    assert counts() == (0, 0, 0)


# --- the menu ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown"),
    [("parent", True), ("teacher", True), ("deputy", True), ("director", True), ("clerk", True),
     ("learner", False), ("customer", False)],
)  # fmt: skip
def test_menu_shows_credit_transfer_to_its_roles(client, school, role, shown):
    users = {
        "parent": school.parent,
        "teacher": school.teachers["Информатика"],
        "deputy": school.deputy,
        "director": school.director,
        "clerk": school.clerk,
        "learner": UserFactory(roles=[Role.LEARNER]),
        "customer": UserFactory(roles=[Role.CUSTOMER]),
    }

    page = as_user(client, users[role]).get("/password/change/").content.decode()

    assert ('<a href="/credit/">Зачёт результатов</a>' in page) is shown


# --- query counts stay constant as rows grow ----------------------------------------------------


def count_queries(django_assert_max_num_queries, client, url, limit) -> int:
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


FAMILY_LIST_QUERIES = 3


def test_family_list_queries_constant(parent, school, django_assert_max_num_queries):
    submit(make_application(school, ["Информатика"]), school.parent)
    one = count_queries(django_assert_max_num_queries, parent, "/credit/", FAMILY_LIST_QUERIES)
    for _ in range(9):
        submit(make_application(school, ["Информатика"]), school.parent)

    ten = count_queries(django_assert_max_num_queries, parent, "/credit/", FAMILY_LIST_QUERIES)

    assert one == ten
    assert parent.get("/credit/").content.decode().count('<a href="/credit/') == 11  # + «new»


TEACHER_LIST_QUERIES = 4


def test_teacher_list_queries_constant(client, school, django_assert_max_num_queries):
    teacher = as_user(client, school.teachers["Английский язык"])
    with_teacher(school)
    one = count_queries(django_assert_max_num_queries, teacher, "/credit/", TEACHER_LIST_QUERIES)
    for _ in range(9):
        with_teacher(school)

    ten = count_queries(django_assert_max_num_queries, teacher, "/credit/", TEACHER_LIST_QUERIES)

    assert one == ten
    assert teacher.get("/credit/").content.decode().count('<article class="conversion">') == 10


DETAIL_QUERIES = 11


def test_detail_queries_constant_in_lines_and_attachments(
    parent, school, django_assert_max_num_queries
):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    url = f"/credit/{application.pk}/"
    one = count_queries(django_assert_max_num_queries, parent, url, DETAIL_QUERIES)
    for _ in range(7):
        ApplicationLineFactory(application=application, subject=SubjectFactory())
        AttachmentFactory(application=application)

    eight = count_queries(django_assert_max_num_queries, parent, url, DETAIL_QUERIES)

    assert one == eight
    page = parent.get(url).content.decode()
    assert page.count("<p><strong>Не подлежит зачёту</strong></p>") == 7
    assert page.count("скачать</a></li>") == 8
