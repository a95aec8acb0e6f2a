"""Properties of every journal input (issue 9, §3), checked with hypothesis: whatever
is sent — random text with control characters, strings of thousands of characters,
numbers past 64 bits, JSON of the wrong type, lone surrogates — the answer is a clear
refusal (400/403/409 with a Russian message, the form shown again with its errors, or a
redirect with an error message) or a valid save, never a server error; and a refusal
writes nothing.

Each test builds its journal once and runs all its examples against it (the examples
share the test's transaction); a valid save in one example is simply the state the
next one starts from."""

import json
import re

import pytest
from django.contrib.messages import get_messages
from hypothesis import given, settings
from hypothesis import strategies as st

from achievements.models import (
    CellChange,
    JournalCell,
    Lesson,
    PeriodClosure,
    PeriodMark,
    PeriodMarkChange,
)
from learners.models import Role
from tests.factories import StaffFactory, UserFactory
from tests.strategies import json_values, numbers_as_text, texts

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[А-Яа-яЁё]")
EXAMPLES = 40


def journal_rows():
    return (
        JournalCell.objects.count(),
        CellChange.objects.count(),
        PeriodMark.objects.count(),
        PeriodMarkChange.objects.count(),
    )


def assert_clear_json_answer(response, before):
    assert response.status_code in (200, 400, 403, 409), response.status_code
    payload = response.json()
    if response.status_code == 200:
        assert payload["ok"] is True
        return
    assert payload["ok"] is False
    assert CYRILLIC.search(payload["error"]), payload["error"]
    assert journal_rows() == before


def field(draw, valid):
    """The right value (three times in four, so that saves get far enough to reach the
    database), or anything JSON can carry instead."""
    return draw(st.one_of(st.just(valid), st.just(valid), st.just(valid), json_values()))


def body(draw, fields: dict) -> tuple[bytes, dict | None]:
    """What is sent and the object it holds: a JSON object with each field right, wrong
    or missing — or, one time in ten, no JSON at all."""
    if not draw(st.integers(0, 9)):
        return draw(st.one_of(st.binary(max_size=40), texts().map(str.encode))), None
    data = {}
    for key, valid in fields.items():
        if draw(st.integers(0, 9)):  # nine in ten keep the key
            data[key] = field(draw, valid)
    return json.dumps(data).encode(), data


def assert_well_typed(sent, *, ids, strings):
    """A body answered 200 carried integer ids within 64 bits and text where text
    belongs: a list or null is never stored as «['x']» or «None»."""
    assert sent is not None
    for key in ids:
        value = sent.get(key)
        if key == "period" and value in (None, ""):
            continue
        assert type(value) is int and 0 <= value < 2**63, (key, value)
    for key in strings:
        assert isinstance(sent.get(key, ""), str), (key, sent.get(key))


@given(data=st.data())
@settings(max_examples=EXAMPLES)
def test_cell_save_any_body_answered_clearly(teacher_client, journal, data):
    fields = {
        "lesson": journal.lesson.pk,
        "learner": journal.learner.pk,
        "value": data.draw(st.sampled_from(["5", "н", "", "4/5", "оп 3"])),
        "version": 0,
        "reason": "",
    }
    before = journal_rows()
    raw, sent = body(data.draw, fields)

    response = teacher_client.post("/journal/cell/", data=raw, content_type="application/json")

    assert_clear_json_answer(response, before)
    if response.status_code == 200:
        assert_well_typed(sent, ids=["lesson", "learner", "version"], strings=["value", "reason"])


@given(value=texts(), reason=texts())
@settings(max_examples=EXAMPLES)
def test_cell_save_any_text_answered_clearly(client, journal, value, reason):
    # The deputy corrects with a reason: the reason is stored when the value is good.
    client.force_login(StaffFactory(user=UserFactory(roles=[Role.DEPUTY])).user)
    cell = JournalCell.objects.filter(lesson=journal.lesson, learner=journal.learner).first()
    body = {
        "lesson": journal.lesson.pk,
        "learner": journal.learner.pk,
        "value": value,
        "version": cell.version if cell else 0,
        "reason": reason,
    }
    before = journal_rows()

    response = client.post("/journal/cell/", data=body, content_type="application/json")

    assert_clear_json_answer(response, before)
    if response.status_code == 200 and journal_rows() != before:
        stored = CellChange.objects.latest("pk").reason
        assert stored == reason.strip() and len(stored) <= 500


@given(data=st.data())
@settings(max_examples=EXAMPLES)
def test_period_mark_save_any_body_answered_clearly(teacher_client, journal, data):
    fields = {
        "learner": journal.learner.pk,
        "group": journal.group.pk,
        "subject": journal.subject.pk,
        "period": journal.period.pk,
        "kind": data.draw(st.sampled_from(["period", "year", "final"])),
        "value": data.draw(st.sampled_from(["н/а", "5", "", "осв."])),
        "version": 0,
        "reason": data.draw(st.sampled_from(["", "решение педсовета"])),
    }
    before = journal_rows()
    raw, sent = body(data.draw, fields)

    response = teacher_client.post(
        "/journal/period-mark/", data=raw, content_type="application/json"
    )

    assert_clear_json_answer(response, before)
    if response.status_code == 200:
        assert_well_typed(
            sent,
            ids=["learner", "group", "subject", "period", "version"],
            strings=["kind", "value", "reason"],
        )
    # The journal's 5А is not a graduating class: no final mark, whatever is sent.
    assert not PeriodMark.objects.filter(kind="final").exists()


@given(value=texts(), reason=texts(), kind=st.sampled_from(["period", "year", "final"]))
@settings(max_examples=EXAMPLES)
def test_period_mark_save_any_text_answered_clearly(teacher_client, journal, value, reason, kind):
    body = {
        "learner": journal.learner.pk,
        "group": journal.group.pk,
        "subject": journal.subject.pk,
        "period": journal.period.pk,
        "kind": kind,
        "value": value,
        "version": 0,
        "reason": reason,
    }
    before = journal_rows()

    response = teacher_client.post(
        "/journal/period-mark/", data=body, content_type="application/json"
    )

    assert_clear_json_answer(response, before)
    # The journal's 5А is not a graduating class: no final mark, whatever is sent.
    assert not PeriodMark.objects.filter(kind="final").exists()


# Forms of the journal ----------------------------------------------------------------------


def lesson_state(lesson):
    lesson.refresh_from_db()
    return (lesson.date, lesson.number, lesson.topic, lesson.homework, lesson.work_kind_id)


@given(data=st.data())
@settings(max_examples=EXAMPLES)
def test_lesson_new_any_form_saved_or_shown_again(teacher_client, journal, data):
    url = f"/journal/{journal.group.pk}/{journal.subject.pk}/{journal.period.pk}/lessons/new/"
    form = {
        "date": data.draw(st.one_of(st.sampled_from(["2026-09-16", "2026-10-01"]), texts())),
        "number": data.draw(st.one_of(st.sampled_from(["1", "2", "8"]), numbers_as_text())),
        "topic": data.draw(texts()),
        "homework": data.draw(texts()),
        "work_kind": data.draw(
            st.one_of(st.just(str(journal.lesson.work_kind_id)), numbers_as_text())
        ),
    }
    before = Lesson.objects.count()

    response = teacher_client.post(url, form)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert Lesson.objects.count() == before
    else:
        assert Lesson.objects.count() == before + 1


@given(data=st.data())
@settings(max_examples=EXAMPLES)
def test_lesson_edit_any_form_saved_or_shown_again(teacher_client, journal, data):
    lesson = journal.lesson
    form = {
        "date": data.draw(st.one_of(st.just("2026-09-15"), texts())),
        "number": data.draw(st.one_of(st.just("1"), numbers_as_text())),
        "topic": data.draw(texts()),
        "homework": data.draw(texts()),
        "work_kind": data.draw(st.one_of(st.just(str(lesson.work_kind_id)), numbers_as_text())),
    }
    before = lesson_state(lesson)

    response = teacher_client.post(f"/journal/lessons/{lesson.pk}/", form)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert lesson_state(lesson) == before
    assert Lesson.objects.count() == 1


@given(data=st.data())
@settings(max_examples=EXAMPLES)
def test_lessons_generate_any_form_saved_or_shown_again(teacher_client, journal, data):
    url = f"/journal/{journal.group.pk}/{journal.subject.pk}/{journal.period.pk}/lessons/generate/"
    form = {
        f"day_{i}": data.draw(
            st.lists(st.one_of(st.sampled_from(["1", "2"]), numbers_as_text()), max_size=3)
        )
        for i in range(6)
    }
    form["work_kind"] = data.draw(
        st.one_of(st.just(str(journal.lesson.work_kind_id)), numbers_as_text())
    )
    before = Lesson.objects.count()

    response = teacher_client.post(url, form)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert Lesson.objects.count() == before


@given(data=st.data())
@settings(max_examples=EXAMPLES)
def test_year_marks_any_form_saved_or_errors_shown(teacher_client, journal, data):
    learner = journal.learner
    url = f"/journal/{journal.group.pk}/{journal.subject.pk}/year/{journal.year.pk}/"
    mark = PeriodMark.objects.filter(learner=learner, kind="year").first()
    form = {
        "action": data.draw(st.sampled_from(["save", "", "x"])),
        f"year_{learner.pk}": data.draw(st.one_of(st.sampled_from(["5", "н/а", ""]), texts())),
        f"year_version_{learner.pk}": data.draw(
            st.one_of(st.just(str(mark.version if mark else 0)), numbers_as_text())
        ),
        f"reason_{learner.pk}": data.draw(texts()),
        # What a non-graduating class's page never shows: ignored.
        f"final_{learner.pk}": data.draw(texts()),
        f"final_version_{learner.pk}": "0",
    }
    before = journal_rows()

    response = teacher_client.post(url, form)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert all(CYRILLIC.search(error) for error in response.context["errors"])
        assert response.context["errors"]
        assert journal_rows() == before
    assert not PeriodMark.objects.filter(kind="final").exists()


@given(data=st.data())
@settings(max_examples=EXAMPLES)
def test_periods_any_post_answered_clearly(client, journal, data):
    client.force_login(StaffFactory(user=UserFactory(roles=[Role.DEPUTY])).user)
    form = {
        "period": data.draw(st.one_of(st.just(str(journal.period.pk)), numbers_as_text())),
        "group": data.draw(
            st.one_of(st.sampled_from([str(journal.group.pk), ""]), numbers_as_text())
        ),
        "action": data.draw(st.one_of(st.sampled_from(["close", "reopen"]), texts())),
    }
    before = list(PeriodClosure.objects.values_list("period", "group"))

    response = client.post("/journal/periods/", form)

    assert response.status_code in (302, 404)
    after = list(PeriodClosure.objects.values_list("period", "group"))
    if response.status_code == 404:
        assert after == before
        return
    # Messages of earlier examples are still stored (no page showed them): this one's is last.
    message = list(get_messages(response.wsgi_request))[-1]
    assert CYRILLIC.search(message.message)
    if message.level_tag == "error":
        assert after == before
