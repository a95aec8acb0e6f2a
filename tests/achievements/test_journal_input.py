"""Hostile or odd input to the journal (issue 9, §3): the JSON save endpoints POST
/journal/cell/ and /journal/period-mark/, the year page's form, the periods page and
ids in URLs. Each refusal is a 400 (or 404) with its exact Russian message and writes
nothing; none is a server error."""

import json

import pytest
from django.core.exceptions import ValidationError

from achievements import journal as journal_services
from achievements.models import (
    CellChange,
    JournalCell,
    MarkKind,
    PeriodClosure,
    PeriodMark,
    PeriodMarkChange,
)
from learners.models import Role, ScaleKind
from tests.achievements.factories import PeriodClosureFactory
from tests.achievements.helpers import CELL_URL, PERIOD_MARK_URL, post_json, save_cell
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

BAD_FORMAT = "Неверный формат запроса."
TOO_LONG = "Причина исправления — не длиннее 500 символов (сейчас {})."
CONTROL = "Причина исправления содержит недопустимый управляющий символ: введите её заново."
NOT_FINAL = (
    "Итоговая отметка ставится только в выпускном классе: 5А — не последний год обучения "
    "по программе."
)


def refused(response, status, message):
    assert response.status_code == status
    assert response.json() == {"ok": False, "error": message}


def stored_rows():
    return (
        JournalCell.objects.count(),
        CellChange.objects.count(),
        PeriodMark.objects.count(),
        PeriodMarkChange.objects.count(),
    )


def cell_body(journal, **changes):
    body = {
        "lesson": journal.lesson.pk,
        "learner": journal.learner.pk,
        "value": "5",
        "version": 0,
        "reason": "",
    }
    return body | changes


def mark_body(journal, **changes):
    body = {
        "learner": journal.learner.pk,
        "group": journal.group.pk,
        "subject": journal.subject.pk,
        "period": journal.period.pk,
        "kind": "period",
        "value": "н/а",
        "version": 0,
        "reason": "",
    }
    return body | changes


def post_raw(client, url, text: str):
    return client.post(url, data=text.encode(), content_type="application/json")


# The correction reason -------------------------------------------------------------------


@pytest.mark.parametrize("length", [501, 100_000])
def test_cell_save_reason_too_long_refused(teacher_client, journal, length):
    response = post_json(teacher_client, CELL_URL, cell_body(journal, reason="я" * length))

    refused(response, 400, TOO_LONG.format(length))
    assert stored_rows() == (0, 0, 0, 0)


def test_cell_save_reason_at_limit_stored(teacher_client, journal):
    response = save_cell(teacher_client, journal.lesson, journal.learner, "5", 0, "я" * 500)

    assert response.status_code == 200
    assert list(CellChange.objects.values_list("reason", flat=True)) == ["я" * 500]


def test_cell_save_reason_trailing_spaces_not_counted(teacher_client, journal):
    response = save_cell(teacher_client, journal.lesson, journal.learner, "5", 0, "я" * 500 + "  ")

    assert response.status_code == 200
    assert [len(r) for r in CellChange.objects.values_list("reason", flat=True)] == [500]


@pytest.mark.parametrize("reason", ["по\x00ошибке", "\x01", "опечатка\x1b", "\x7f"])
def test_cell_save_reason_with_control_character_refused(teacher_client, journal, reason):
    response = post_json(teacher_client, CELL_URL, cell_body(journal, reason=reason))

    refused(response, 400, CONTROL)
    assert stored_rows() == (0, 0, 0, 0)


def test_cell_save_reason_with_line_break_and_tab_stored(client, journal):
    PeriodClosureFactory(period=journal.period)
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    response = save_cell(client, journal.lesson, journal.learner, "4", 0, "апелляция\n\tот 01.10")

    assert response.status_code == 200
    assert list(CellChange.objects.values_list("reason", flat=True)) == ["апелляция\n\tот 01.10"]


def test_cell_save_service_reason_too_long_refused(journal):
    with pytest.raises(ValidationError) as caught:
        journal_services.cell_save(
            lesson_id=journal.lesson.pk,
            learner_id=journal.learner.pk,
            text="5",
            version=0,
            reason="x" * 501,
            actor=journal.teacher_user,
        )

    assert caught.value.messages == [TOO_LONG.format(501)]
    assert stored_rows() == (0, 0, 0, 0)


@pytest.mark.parametrize("reason", [["x"], None, 5])
def test_cell_save_service_reason_not_text_refused(journal, reason):
    with pytest.raises(ValidationError) as caught:
        journal_services.cell_save(
            lesson_id=journal.lesson.pk,
            learner_id=journal.learner.pk,
            text="5",
            version=0,
            reason=reason,
            actor=journal.teacher_user,
        )

    assert caught.value.messages == ["Причина исправления должна быть текстом."]
    assert stored_rows() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("reason", "message"), [("я" * 501, TOO_LONG.format(501)), ("\x00", CONTROL)]
)
def test_period_mark_reason_bad_refused(teacher_client, journal, reason, message):
    response = post_json(teacher_client, PERIOD_MARK_URL, mark_body(journal, reason=reason))

    refused(response, 400, message)
    assert stored_rows() == (0, 0, 0, 0)


def test_period_mark_service_reason_too_long_refused(journal):
    with pytest.raises(ValidationError) as caught:
        journal_services.period_mark_save(
            learner=journal.learner,
            subject=journal.subject,
            group=journal.group,
            kind=MarkKind.PERIOD,
            period=journal.period,
            value="5",
            version=0,
            reason="x" * 501,
            actor=journal.teacher_user,
        )

    assert caught.value.messages == [TOO_LONG.format(501)]
    assert stored_rows() == (0, 0, 0, 0)


# The request body ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"lesson": Infinity, "learner": 1, "value": "5", "version": 0}',
        '{"lesson": 1, "learner": 1, "value": "5", "version": NaN}',
        '{"lesson": 1, "learner": 1, "value": "5", "version": -Infinity}',
        '{"value": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"value": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}",
        '{"lesson": ' + "9" * 5000 + ', "learner": 1, "value": "5", "version": 0}',
        '{"lesson": 1, "learner": 1, "value": "5", "version": 0',
    ],
    ids=["Infinity", "NaN", "-Infinity", "nested arrays", "nested objects", "5000 digits", "cut"],
)
def test_cell_save_body_not_json_refused(teacher_client, journal, text):
    response = post_raw(teacher_client, CELL_URL, text)

    refused(response, 400, BAD_FORMAT)
    assert stored_rows() == (0, 0, 0, 0)


def test_cell_save_body_not_utf8_refused(teacher_client, journal):
    body = json.dumps(cell_body(journal)).encode()[:-1] + b'"\xff"}'
    response = teacher_client.post(CELL_URL, data=body, content_type="application/json")

    refused(response, 400, BAD_FORMAT)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("lesson", 2**64),
        ("lesson", 2**63),
        ("learner", 2**63),
        ("learner", -(2**63) - 1),
        ("version", 2**63),
        ("lesson", 0),
        ("lesson", -1),
        ("version", -1),
        ("lesson", True),
        ("version", False),
        ("lesson", 1.0),
        ("lesson", "1"),
        ("lesson", None),
        ("lesson", [1]),
        ("learner", {"pk": 1}),
    ],
)
def test_cell_save_id_not_an_id_refused(teacher_client, journal, key, value):
    response = post_json(teacher_client, CELL_URL, cell_body(journal, **{key: value}))

    refused(response, 400, f"Неверное значение поля {key}.")
    assert stored_rows() == (0, 0, 0, 0)


def test_cell_save_id_at_64_bit_limit_is_no_lesson(teacher_client, journal):
    response = post_json(teacher_client, CELL_URL, cell_body(journal, lesson=2**63 - 1))

    refused(response, 400, "Урок не найден.")


@pytest.mark.parametrize("key", ["value", "reason"])
@pytest.mark.parametrize("value", [["x"], {"x": 1}, None, 5, 4.5, True])
def test_cell_save_text_not_a_string_refused(teacher_client, journal, key, value):
    response = post_json(teacher_client, CELL_URL, cell_body(journal, **{key: value}))

    refused(response, 400, f"Неверное значение поля {key}: ожидается текст.")
    assert stored_rows() == (0, 0, 0, 0)


@pytest.mark.parametrize("key", ["value", "reason"])
def test_cell_save_lone_surrogate_refused(teacher_client, journal, key):
    # json.dumps writes the surrogate as the escape \ud800, which json.loads accepts.
    response = post_json(teacher_client, CELL_URL, cell_body(journal, **{key: "5\ud800"}))

    refused(response, 400, f"Неверное значение поля {key}: недопустимые символы.")
    assert stored_rows() == (0, 0, 0, 0)


def test_cell_save_value_too_long_refused(teacher_client, journal):
    response = post_json(teacher_client, CELL_URL, cell_body(journal, value="5 " * 51))

    refused(response, 400, "Отметка не может быть длиннее 100 символов: проверьте, что введено.")
    assert stored_rows() == (0, 0, 0, 0)


def test_cell_save_value_missing_clears_nothing(teacher_client, journal):
    body = cell_body(journal)
    del body["value"], body["reason"]

    response = post_json(teacher_client, CELL_URL, body)

    assert response.json() == {"ok": True, "value": "", "version": 0}
    assert stored_rows() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("group", 2**64, "Неверное значение поля group."),
        ("subject", True, "Неверное значение поля subject."),
        ("learner", "1", "Неверное значение поля learner."),
        ("period", 2**63, "Неверное значение поля period."),
        ("period", [], "Неверное значение поля period."),
        ("version", None, "Неверное значение поля version."),
        ("kind", ["period"], "Неверное значение поля kind: ожидается текст."),
        ("kind", None, "Неверное значение поля kind: ожидается текст."),
        ("value", ["5"], "Неверное значение поля value: ожидается текст."),
        ("reason", None, "Неверное значение поля reason: ожидается текст."),
        ("reason", "\udfff", "Неверное значение поля reason: недопустимые символы."),
    ],
)
def test_period_mark_field_of_wrong_type_refused(teacher_client, journal, key, value, message):
    response = post_json(teacher_client, PERIOD_MARK_URL, mark_body(journal, **{key: value}))

    refused(response, 400, message)
    assert stored_rows() == (0, 0, 0, 0)


@pytest.mark.parametrize("text", ['{"group": Infinity}', "[" * 100_000])
def test_period_mark_body_not_json_refused(teacher_client, journal, text):
    response = post_raw(teacher_client, PERIOD_MARK_URL, text)

    refused(response, 400, BAD_FORMAT)


# The final mark ----------------------------------------------------------------------------


def test_period_mark_final_in_non_graduating_class_refused(teacher_client, journal):
    body = mark_body(journal, kind="final", period="", value="5", reason="по итогам года")

    response = post_json(teacher_client, PERIOD_MARK_URL, body)

    refused(response, 400, NOT_FINAL)
    assert stored_rows() == (0, 0, 0, 0)


def test_period_mark_service_final_in_non_graduating_class_refused(journal):
    with pytest.raises(ValidationError) as caught:
        journal_services.period_mark_save(
            learner=journal.learner,
            subject=journal.subject,
            group=journal.group,
            kind=MarkKind.FINAL,
            period=None,
            value="н/а",
            version=0,
            actor=journal.teacher_user,
        )

    assert caught.value.messages == [NOT_FINAL]
    assert stored_rows() == (0, 0, 0, 0)


def test_period_mark_final_in_graduating_class_stored(teacher_client, journal):
    journal.group.grade = journal.group.programme.last_grade
    journal.group.save()

    response = post_json(
        teacher_client, PERIOD_MARK_URL, mark_body(journal, kind="final", period="")
    )

    assert response.json() == {"ok": True, "value": "н/а", "version": 1, "proposed": "н/а"}
    assert list(PeriodMark.objects.values_list("kind", "value")) == [(MarkKind.FINAL, "н/а")]


# Points: digits of other scripts -----------------------------------------------------------


@pytest.mark.parametrize("typed", ["²", "١٢", "٣", "9" * 5000, "1" * 10])
def test_parse_cell_points_not_ascii_digits_refused(typed):
    with pytest.raises(ValidationError) as caught:
        journal_services.parse_cell(
            typed, scale_kind=ScaleKind.POINTS, allowed=set(), points=(0, 100)
        )

    assert caught.value.messages == [f"«{typed}»: нужны баллы от 0 до 100."]


# The year page ----------------------------------------------------------------------------


def year_url(journal):
    return f"/journal/{journal.group.pk}/{journal.subject.pk}/year/{journal.year.pk}/"


@pytest.mark.parametrize(
    ("version", "reason", "error"),
    [
        ("²", "", "Неверное значение поля year_version_{}."),
        ("9" * 30, "", "Неверное значение поля year_version_{}."),
        ("0", "я" * 501, TOO_LONG.format(501)),
        ("0", "по\x01ошибке", CONTROL),
    ],
    ids=["superscript", "30 digits", "long reason", "control"],
)
def test_year_page_bad_line_shown_and_nothing_saved(
    teacher_client, journal, version, reason, error
):
    learner = journal.learner
    data = {
        "action": "save",
        f"year_{learner.pk}": "5",
        f"year_version_{learner.pk}": version,
        f"reason_{learner.pk}": reason,
    }

    response = teacher_client.post(year_url(journal), data)

    assert response.status_code == 200
    assert response.context["errors"] == [f"{learner.short_name}: {error.format(learner.pk)}"]
    assert stored_rows() == (0, 0, 0, 0)


def test_year_page_final_posted_for_non_graduating_class_ignored(teacher_client, journal):
    learner = journal.learner
    data = {
        "action": "save",
        f"final_{learner.pk}": "5",
        f"final_version_{learner.pk}": "0",
        f"reason_{learner.pk}": "по итогам",
    }

    response = teacher_client.post(year_url(journal), data)

    assert response.status_code == 302
    assert stored_rows() == (0, 0, 0, 0)


# Periods and ids in URLs ------------------------------------------------------------------


@pytest.fixture
def deputy_client(client, journal):
    client.force_login(StaffFactory(user=UserFactory(roles=[Role.DEPUTY])).user)
    return client


@pytest.mark.parametrize(
    "data",
    [
        {"period": "abc"},
        {"period": "99999999999999999999"},
        {"period": "9223372036854775808"},
        {"period": "٣"},
        {"period": ""},
        {},
        {"period": "{period}", "group": "abc"},
        {"period": "{period}", "group": "99999999999999999999"},
        {"period": "{period}", "group": "-1"},
        {"period": "{period}", "group": "abc", "action": "reopen"},
    ],
)
def test_periods_post_bad_id_not_found(deputy_client, journal, data):
    data = {key: value.format(period=journal.period.pk) for key, value in data.items()}

    response = deputy_client.post("/journal/periods/", data)

    assert response.status_code == 404
    assert PeriodClosure.objects.count() == 0


def test_periods_page_ignores_unknown_query(deputy_client, journal):
    response = deputy_client.get("/journal/periods/", {"period": "abc"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/journal/99999999999999999999/1/1/",
        "/journal/9223372036854775808/1/1/",
        "/journal/1/99999999999999999999/1/",
        "/journal/1/1/99999999999999999999/lessons/new/",
        "/journal/1/1/year/99999999999999999999/",
        "/journal/lessons/99999999999999999999/",
        "/diary/99999999999999999999/",
        "/portfolio/learners/99999999999999999999/",
        "/portfolio/groups/99999999999999999999/",
        "/groups/99999999999999999999/",
        "/learners/99999999999999999999/",
    ],
)
def test_url_id_past_64_bits_not_found(deputy_client, url):
    assert deputy_client.get(url).status_code == 404


def test_url_id_at_64_bit_limit_not_found(deputy_client):
    assert deputy_client.get(f"/journal/{2**63 - 1}/1/1/").status_code == 404


@pytest.mark.parametrize(
    ("typed", "kind", "codes", "marks"),
    [
        ("в", ScaleKind.LEVELS, {"В", "С", "Н"}, "В"),
        ("С", ScaleKind.LEVELS, {"В", "С", "Н"}, "С"),
        ("не осв", ScaleKind.MASTERED, {"осв", "не осв"}, "не осв"),
        ("НЕ   ОСВ", ScaleKind.MASTERED, {"осв", "не осв"}, "не осв"),
        ("осв", ScaleKind.MASTERED, {"осв", "не осв"}, "осв"),
    ],
)
def test_parse_cell_scale_code_in_any_case_stored_as_the_scale_spells_it(typed, kind, codes, marks):
    value = journal_services.cells.parse_cell(typed, scale_kind=kind, allowed=codes)
    assert (value.marks, value.attendance) == (marks, "")
