"""Properties of credit transfer's inputs (issue 9, §3), checked with hypothesis: the
family's application form (new and a draft), documents added later, the subject
teacher's conversion and the withdrawal answer any text, number, choice or file with the
form shown again, a redirect with a Russian message, or a valid save — never a server
error — and a refusal writes nothing."""

import re

import pytest
from django.contrib.messages import get_messages
from hypothesis import given, settings
from hypothesis import strategies as st

from credit_transfer import services
from credit_transfer.models import Application, ApplicationLine, Attachment, Status
from tests.achievements.portfolio.files import pdf_bytes, png_bytes, upload
from tests.credit_transfer.conftest import application_fields, make_application, submit
from tests.strategies import numbers_as_text, texts

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[А-Яа-яЁё]")
EXAMPLES = 30
# Another name and scale there: the line needs the subject teacher's conversion.
ENGLISH = {
    "subject": "Иностранный язык (английский)",
    "external_name": "English",
    "external_scale": "levels",
    "external_result": "высокий",
    "external_hours": 102,
}


def rows():
    return (
        Application.objects.count(),
        ApplicationLine.objects.count(),
        Attachment.objects.count(),
    )


def last_message(response):
    # Messages of earlier examples are still stored (no page showed them): this one's is last.
    return list(get_messages(response.wsgi_request))[-1]


def files():
    content = st.one_of(
        st.just(pdf_bytes()), st.just(png_bytes()), st.just(b""), st.binary(max_size=200)
    )
    name = st.one_of(st.sampled_from(["Справка.pdf", "скан.png", "a.exe"]), texts(max_size=20))
    return st.lists(
        st.builds(
            upload,
            name.map(lambda n: n.replace("\x00", "").replace("/", "")[:100] or "x"),
            content,
            st.sampled_from(["application/pdf", "image/png", "text/html"]),
        ),
        max_size=2,
    )


def form_data(school, **changes):
    return {key: str(value) for key, value in application_fields(school).items()} | changes


NUMERIC = {"learner", "lines-TOTAL_FORMS", "lines-INITIAL_FORMS", "lines-0-subject", "version"}


def spoil(draw, data: dict) -> dict:
    """Each field kept, or replaced by odd text (numbers for the numeric ones)."""
    spoiled = {}
    for key, value in data.items():
        odd = numbers_as_text() if key in NUMERIC else texts()
        spoiled[key] = draw(st.one_of(st.just(value), st.just(value), odd))
    return spoiled


def assert_form_answer(response, before):
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert rows() == before


@given(data=st.data())
@settings(max_examples=EXAMPLES)
def test_new_application_any_input_saved_or_shown_again(client, school, data):
    client.force_login(school.parent)
    form = spoil(data.draw, form_data(school))
    form["action"] = data.draw(st.one_of(st.sampled_from(["save", "submit", "add_line"]), texts()))
    form["extract"] = data.draw(files())
    before = rows()

    response = client.post("/credit/new/", form)

    assert_form_answer(response, before)
    if response.status_code == 302:
        assert Application.objects.count() == before[0] + 1


@given(data=st.data())
@settings(max_examples=EXAMPLES)
def test_draft_edit_any_input_saved_or_shown_again(client, school, data):
    draft = Application.objects.filter(status=Status.DRAFT).first() or make_application(
        school, ["Информатика"]
    )
    line = draft.lines.get() if draft.lines.count() == 1 else None
    client.force_login(school.parent)
    lines = (
        {"lines-INITIAL_FORMS": "1", "lines-0-id": str(line.pk)}
        if line
        else {"lines-INITIAL_FORMS": "0"}
    )
    form = spoil(data.draw, form_data(school, version=str(draft.version), **lines))
    form["action"] = data.draw(st.sampled_from(["save", "submit", "add_line"]))
    state = (draft.version, draft.status)
    before = rows()

    response = client.post(f"/credit/{draft.pk}/edit/", form)

    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    if response.status_code == 200:
        assert (draft.version, draft.status) == state
        assert rows() == before


def documents_requested(school):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    services.application_transition(
        application=application, to=Status.UNDER_REVIEW, actor=school.deputy
    )
    return services.application_transition(
        application=application,
        to=Status.DOCUMENTS_REQUESTED,
        actor=school.deputy,
        comment="Нужна справка",
    )


@given(extract=files(), other=files())
@settings(max_examples=EXAMPLES)
def test_attachments_upload_any_files_answered_clearly(client, school, extract, other):
    application = Application.objects.first() or documents_requested(school)
    client.force_login(school.parent)
    before = rows()

    response = client.post(
        f"/credit/{application.pk}/attachments/", {"extract": extract, "other": other}
    )

    assert (response.status_code, response["Location"]) == (302, f"/credit/{application.pk}/")
    message = last_message(response)
    assert CYRILLIC.search(message.message)
    if message.level_tag == "error":
        assert rows() == before
    else:
        # As many as the message says (a file whose name the browser cannot send is no
        # file at all to the server).
        added = int(re.fullmatch(r"Добавлено документов: (\d+)\.", message.message)[1])
        assert Attachment.objects.count() == before[2] + added


def with_teacher(school):
    application = submit(make_application(school, [ENGLISH]), school.parent)
    services.application_transition(
        application=application, to=Status.UNDER_REVIEW, actor=school.deputy
    )
    return services.application_transition(
        application=application, to=Status.WITH_TEACHER, actor=school.deputy
    )


@given(
    conversion=st.one_of(st.sampled_from(["credit_5", "attestation", "refuse", ""]), texts()),
    comment=texts(),
)
@settings(max_examples=EXAMPLES)
def test_line_convert_any_input_answered_clearly(client, school, conversion, comment):
    application = Application.objects.first() or with_teacher(school)
    line = application.lines.get()
    client.force_login(school.teachers["Английский язык"])
    state = (line.conversion, line.conversion_comment)

    response = client.post(
        f"/credit/lines/{line.pk}/convert/", {"conversion": conversion, "comment": comment}
    )

    assert (response.status_code, response["Location"]) == (302, "/credit/")
    message = last_message(response)
    assert CYRILLIC.search(message.message)
    line.refresh_from_db()
    if message.level_tag == "error":
        assert (line.conversion, line.conversion_comment) == state


@given(version=numbers_as_text(), comment=texts())
@settings(max_examples=EXAMPLES)
def test_withdraw_any_input_answered_clearly(client, school, version, comment):
    application = Application.objects.first() or submit(
        make_application(school, ["Информатика"]), school.parent
    )
    application.refresh_from_db()
    client.force_login(school.parent)
    state = (application.status, application.version)

    response = client.post(
        f"/credit/{application.pk}/withdraw/", {"version": version, "comment": comment}
    )

    assert (response.status_code, response["Location"]) == (302, f"/credit/{application.pk}/")
    message = last_message(response)
    assert CYRILLIC.search(message.message)
    application.refresh_from_db()
    if message.level_tag == "error":
        assert (application.status, application.version) == state
    else:
        assert application.status == Status.WITHDRAWN
