"""Properties of the portfolio's inputs (issue 9, §3), checked with hypothesis: the
achievement form, the keeper's decision and the evidence upload answer any text, any
file and any choice with the form shown again, a redirect with a Russian message, or
a valid save — never a server error — and a refusal writes nothing."""

import re

import pytest
from django.contrib.messages import get_messages
from hypothesis import given, settings
from hypothesis import strategies as st

from achievements.models import (
    Achievement,
    AchievementStatus,
    AchievementStatusChange,
    Evidence,
)
from tests.achievements.portfolio.factories import category, create_through_service
from tests.achievements.portfolio.files import pdf_bytes, png_bytes, upload
from tests.strategies import numbers_as_text, texts

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[А-Яа-яЁё]")
EXAMPLES = 30


def rows():
    return (
        Achievement.objects.count(),
        AchievementStatusChange.objects.count(),
        Evidence.objects.count(),
    )


def last_message(response):
    # Messages of earlier examples are still stored (no page showed them): this one's is last.
    return list(get_messages(response.wsgi_request))[-1]


def files():
    """Files as a browser may send them: good scans, empty ones, anything at all, under
    any name and declared type."""
    content = st.one_of(
        st.just(pdf_bytes()), st.just(png_bytes()), st.just(b""), st.binary(max_size=200)
    )
    name = st.one_of(st.sampled_from(["скан.pdf", "фото.png", "a.exe", ".pdf"]), texts(max_size=20))
    kind = st.sampled_from(["application/pdf", "image/png", "text/html", ""])
    return st.lists(
        st.builds(
            upload,
            name.map(lambda n: n.replace("\x00", "").replace("/", "")[:100] or "x"),
            content,
            kind,
        ),
        max_size=3,
    )


@given(data=st.data())
@settings(max_examples=EXAMPLES)
def test_achievement_form_any_input_saved_or_shown_again(client, school, data):
    client.force_login(school.parent)
    valid = {
        "category": str(category("olympiad").pk),
        "title": "Муниципальный этап ВсОШ по математике",
        "level": "municipal",
        "result": "winner",
        "stage": "municipal",
        "badge": "",
        "date": "2026-10-05",
        "organiser": "",
        "subject_area": "",
        "description": "",
    }
    form = {
        key: data.draw(
            st.one_of(st.just(value), texts() if key != "category" else numbers_as_text())
        )
        for key, value in valid.items()
    }
    form["files"] = data.draw(files())
    before = rows()

    response = client.post(f"/portfolio/learners/{school.learner.pk}/new/", form)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        form_errors = response.context["form"].errors
        assert form_errors
        assert all(CYRILLIC.search(e) for errors in form_errors.values() for e in errors)
        assert rows() == before
    else:
        assert Achievement.objects.count() == before[0] + 1


@given(target=st.one_of(st.sampled_from(AchievementStatus.values), texts()), comment=texts())
@settings(max_examples=EXAMPLES)
def test_decide_any_input_answered_clearly(client, school, target, comment):
    achievement = Achievement.objects.first() or create_through_service(
        school.parent, school.learner
    )
    client.force_login(school.class_teacher.user)
    status = achievement.status
    before = rows()

    response = client.post(
        f"/portfolio/achievements/{achievement.pk}/decide/", {"to": target, "comment": comment}
    )

    assert (response.status_code, response["Location"]) == (
        302,
        f"/portfolio/achievements/{achievement.pk}/",
    )
    message = last_message(response)
    assert CYRILLIC.search(message.message)
    achievement.refresh_from_db()
    if message.level_tag == "error":
        assert (achievement.status, rows()) == (status, before)
    else:
        assert achievement.status == target


@given(uploads=files())
@settings(max_examples=EXAMPLES)
def test_evidence_upload_any_files_answered_clearly(client, school, uploads):
    achievement = Achievement.objects.first() or create_through_service(
        school.parent, school.learner
    )
    client.force_login(school.parent)
    before = rows()

    response = client.post(
        f"/portfolio/achievements/{achievement.pk}/evidence/", {"files": uploads}
    )

    assert response.status_code == 302
    message = last_message(response)
    assert CYRILLIC.search(message.message)
    if message.level_tag == "error":
        assert rows() == before
    else:
        # As many as the message says (a file whose name the browser cannot send is no
        # file at all to the server).
        added = int(re.fullmatch(r"Добавлено документов: (\d+)\.", message.message)[1])
        assert Evidence.objects.count() == before[2] + added
