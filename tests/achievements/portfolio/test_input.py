"""Messages of the portfolio's decision and evidence forms say what is actually wrong
(issue 9, §3): a rejection comment too long is not «Неизвестное действие.», an empty
file is not «Выберите хотя бы один файл.»."""

import pytest
from django.contrib.messages import get_messages

from achievements.models import AchievementStatus, Evidence
from tests.achievements.portfolio.factories import create_through_service
from tests.achievements.portfolio.files import pdf_upload, upload

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(("length", "target"), [(501, "rejected"), (5000, "confirmed")])
def test_decide_comment_too_long_says_so(client, school, length, target):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.class_teacher.user)

    response = client.post(
        f"/portfolio/achievements/{achievement.pk}/decide/", {"to": target, "comment": "я" * length}
    )

    assert (response.status_code, response["Location"]) == (
        302,
        f"/portfolio/achievements/{achievement.pk}/",
    )
    assert messages_of(response) == [f"Комментарий — не длиннее 500 символов (сейчас {length})."]
    achievement.refresh_from_db()
    assert (achievement.status, achievement.changes.count()) == (AchievementStatus.PROPOSED, 1)


def test_decide_rejection_comment_at_limit_accepted(client, school):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.class_teacher.user)

    response = client.post(
        f"/portfolio/achievements/{achievement.pk}/decide/",
        {"to": "rejected", "comment": "я" * 500},
    )

    assert messages_of(response) == ["Статус: отклонено."]
    achievement.refresh_from_db()
    assert achievement.status == AchievementStatus.REJECTED


def test_decide_unknown_action_with_long_comment_still_unknown(client, school):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.class_teacher.user)

    response = client.post(
        f"/portfolio/achievements/{achievement.pk}/decide/",
        {"to": "archived", "comment": "я" * 501},
    )

    assert messages_of(response) == ["Неизвестное действие."]


def test_evidence_upload_empty_file_says_it_is_empty(client, school):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.parent)

    response = client.post(
        f"/portfolio/achievements/{achievement.pk}/evidence/",
        {"files": [upload("скан.pdf", b"", "application/pdf"), pdf_upload("протокол.pdf")]},
    )

    assert response["Location"] == f"/portfolio/achievements/{achievement.pk}/"
    assert messages_of(response) == ["Отправленный файл пуст."]
    assert Evidence.objects.count() == 1


def test_evidence_upload_nothing_chosen_asks_for_a_file(client, school):
    achievement = create_through_service(school.parent, school.learner)
    client.force_login(school.parent)

    response = client.post(f"/portfolio/achievements/{achievement.pk}/evidence/", {})

    assert messages_of(response) == ["Выберите хотя бы один файл."]
    assert Evidence.objects.count() == 1
