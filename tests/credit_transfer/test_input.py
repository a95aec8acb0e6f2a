"""Hostile or odd input to credit transfer (issue 9, §3): ids that are not ids in the
admin's review page and in the family's forms, digits of other scripts, and the
messages of the teacher's conversion and of an empty attachment saying what is wrong."""

import pytest
from django.contrib.messages import get_messages

from credit_transfer import services
from credit_transfer.models import Application, ApplicationLine, Attachment, Status
from tests.achievements.portfolio.files import pdf_upload, upload
from tests.credit_transfer.conftest import make_application, submit

pytestmark = pytest.mark.django_db

ADMIN = "/admin/credit_transfer/application/"


def messages_of(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


def counts() -> tuple[int, int, int]:
    return (
        Application.objects.count(),
        ApplicationLine.objects.count(),
        Attachment.objects.count(),
    )


def move(application, to, actor, **details):
    return services.application_transition(application=application, to=to, actor=actor, **details)


# The admin's review page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "object_id", ["abc", "1x", "١", "１", "99999999999999999999", "9223372036854775808", "-1"]
)
@pytest.mark.parametrize("role", ["deputy", "director"])
def test_admin_review_page_id_not_a_number_not_found(client, school, role, object_id):
    submit(make_application(school, ["Информатика"]), school.parent)
    client.force_login(getattr(school, role))

    response = client.get(f"{ADMIN}{object_id}/change/")

    assert response.status_code == 404


def test_admin_review_page_other_script_digit_not_the_application(client, school):
    """int("١") is 1: the id must be ASCII digits, or «١» would open application 1."""
    application = submit(make_application(school, ["Информатика"]), school.parent)
    client.force_login(school.deputy)
    arabic_digits = str(application.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    assert client.get(f"{ADMIN}{application.pk}/change/").status_code == 200
    assert client.get(f"{ADMIN}{arabic_digits}/change/").status_code == 404


@pytest.mark.parametrize("version", ["²", "9" * 5000, "-1", "abc"])
def test_admin_act_version_not_a_number_no_server_error(client, school, version):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    client.force_login(school.deputy)

    response = client.post(
        f"{ADMIN}{application.pk}/act/", {"action": "review", "version": version}
    )

    assert (response.status_code, response["Location"]) == (302, f"{ADMIN}{application.pk}/change/")


def test_admin_act_id_past_64_bits_not_found(client, school):
    client.force_login(school.deputy)

    response = client.post(f"{ADMIN}99999999999999999999/act/", {"action": "review"}, follow=True)

    # The admin's catch-all sends an unmatched object URL to «…/change/», which answers 404.
    assert response.redirect_chain == [(f"{ADMIN}99999999999999999999/act/change/", 302)]
    assert response.status_code == 404


# The family's form ---------------------------------------------------------------------------


@pytest.mark.parametrize("total", ["²", "٣", "9" * 5000])
def test_line_form_fragment_counter_not_a_number_refused(client, school, total):
    client.force_login(school.parent)

    response = client.get("/credit/line-form/", {"lines-TOTAL_FORMS": total})

    assert (response.status_code, response.content.decode()) == (
        400,
        "Неверный запрос: не указано число строк заявления.",
    )


@pytest.mark.parametrize(("total", "lines"), [("²", 1), ("999999", 20), ("0", 1), ("3", 4)])
def test_new_add_line_forged_counter_bounded(client, school, total, lines):
    client.force_login(school.parent)
    data = {
        "action": "add_line",
        "learner": school.learner.pk,
        "target": "year",
        "lines-TOTAL_FORMS": total,
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
    }

    response = client.post("/credit/new/", data)

    assert response.status_code == 200
    assert len(response.context["lines"].forms) == lines
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("version", ["²", "9" * 5000])
def test_withdraw_version_not_a_number_no_server_error(client, school, version):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    client.force_login(school.parent)

    response = client.post(f"/credit/{application.pk}/withdraw/", {"version": version})

    assert (response.status_code, response["Location"]) == (302, f"/credit/{application.pk}/")
    assert messages_of(response) == ["Заявление отозвано: школа его больше не рассматривает."]


@pytest.mark.parametrize(
    "url", ["/credit/99999999999999999999/", "/credit/attachments/99999999999999999999/"]
)
def test_family_url_id_past_64_bits_not_found(client, school, url):
    client.force_login(school.parent)

    assert client.get(url).status_code == 404


# Messages that say what is wrong -------------------------------------------------------------


def documents_requested(school):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    move(application, Status.UNDER_REVIEW, school.deputy)
    return move(application, Status.DOCUMENTS_REQUESTED, school.deputy, comment="Нужна справка")


def test_attachment_upload_empty_file_says_it_is_empty(client, school):
    application = documents_requested(school)
    client.force_login(school.parent)

    response = client.post(
        f"/credit/{application.pk}/attachments/",
        {"extract": upload("пусто.pdf", b"", "application/pdf"), "other": pdf_upload("ok.pdf")},
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "Справка (выписка) с отметками, заверенная организацией: Отправленный файл пуст."
    ]
    assert application.attachments.count() == 1


def test_attachment_upload_nothing_chosen_asks_for_a_file(client, school):
    application = documents_requested(school)
    client.force_login(school.parent)

    response = client.post(f"/credit/{application.pk}/attachments/", {})

    assert messages_of(response) == ["Выберите хотя бы один файл."]
    assert application.attachments.count() == 1


# Another name and scale there: the line needs the subject teacher's conversion.
ENGLISH = {
    "subject": "Иностранный язык (английский)",
    "external_name": "English",
    "external_scale": "levels",
    "external_result": "высокий",
    "external_hours": 102,
}


def with_teacher(school):
    application = submit(make_application(school, [ENGLISH]), school.parent)
    move(application, Status.UNDER_REVIEW, school.deputy)
    return move(application, Status.WITH_TEACHER, school.deputy)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"conversion": "attestation", "comment": "я" * 501},
         "Иностранный язык (английский): Комментарий — не длиннее 500 символов (сейчас 501)."),
        ({"conversion": "credit_5", "comment": "я" * 10_000},
         "Иностранный язык (английский): Комментарий — не длиннее 500 символов (сейчас 10000)."),
        ({"comment": "я" * 501},
         "Иностранный язык (английский): Выберите решение.; Комментарий — не длиннее 500 "
         "символов (сейчас 501)."),
        ({"conversion": "credit_9"}, "Иностранный язык (английский): Выберите решение."),
    ],
    ids=["attestation 501", "credit 10000", "no decision and long comment", "unknown decision"],
)  # fmt: skip
def test_line_convert_bad_form_says_what_is_wrong(client, school, data, message):
    application = with_teacher(school)
    line = application.lines.get()
    client.force_login(school.teachers["Английский язык"])

    response = client.post(f"/credit/lines/{line.pk}/convert/", data)

    assert (response.status_code, response["Location"]) == (302, "/credit/")
    assert messages_of(response)[-1:] == [message]
    line.refresh_from_db()
    application.refresh_from_db()
    assert (line.conversion, application.status) == ("", Status.WITH_TEACHER)


def test_line_convert_comment_at_limit_saved(client, school):
    application = with_teacher(school)
    line = application.lines.get()
    client.force_login(school.teachers["Английский язык"])

    response = client.post(
        f"/credit/lines/{line.pk}/convert/", {"conversion": "attestation", "comment": "я" * 500}
    )

    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.conversion, len(line.conversion_comment)) == ("attestation", 500)


@pytest.mark.parametrize("total", ["21", "999999", str(2**63)])
def test_new_forged_line_counter_refused_in_words(client, school, total):
    client.force_login(school.parent)
    data = {
        "action": "save",
        "learner": school.learner.pk,
        "target": "year",
        "lines-TOTAL_FORMS": total,
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
    }

    response = client.post("/credit/new/", data)

    assert response.status_code == 200
    lines = response.context["lines"]
    assert (len(lines.forms), lines.non_form_errors()) == (
        20,
        ["В одном заявлении — не больше 20 предметов."],
    )
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("spelling", ["arabic", "padded", "huge"])
def test_paper_application_learner_id_not_ascii_digits_refused(client, school, spelling):
    pk = str(school.learner.pk)
    learner = {
        "arabic": pk.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        "padded": f" {pk}",
        "huge": "99999999999999999999",
    }[spelling]
    client.force_login(school.clerk)

    assert client.get("/credit/new/", {"learner": pk}).status_code == 200
    assert client.get("/credit/new/", {"learner": learner}).status_code == 404
