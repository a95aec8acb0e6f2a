"""The achievement page names people, not logins, and statuses in words («Предложено,
ждёт подтверждения → Подтверждено»); a file's checksum is for the staff only."""

import hashlib

import pytest

from achievements.models import AchievementStatus
from achievements.portfolio import services
from tests.achievements.portfolio.factories import category
from tests.achievements.portfolio.files import pdf_bytes, upload
from tests.achievements.portfolio.html import table_rows

pytestmark = pytest.mark.django_db

CONTENT = pdf_bytes()


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


@pytest.fixture
def confirmed(school):
    achievement = services.achievement_create(
        learner=school.learner,
        fields={
            "category": category("olympiad"),
            "title": "Муниципальный этап ВсОШ",
            "level": "municipal",
            "result": "winner",
            "stage": "municipal",
            "date": "2026-10-05",
        },
        uploads=[upload("диплом.pdf", CONTENT)],
        actor=school.parent,
    )
    return services.achievement_transition(
        achievement=achievement, to=AchievementStatus.CONFIRMED, actor=school.class_teacher.user
    )


def test_history_parent_sees_names_and_status_words(client, school, confirmed):
    client.force_login(school.parent)

    response = client.get(f"/portfolio/achievements/{confirmed.pk}/")

    rows = [row[1:] for row in table_rows(response)]
    assert rows == [
        [school.parent.guardian.full_name, "—", "Предложено, ждёт подтверждения", ""],
        ["Петрова Анна Сергеевна", "Предложено, ждёт подтверждения", "Подтверждено", ""],
    ]
    main = _main(response)
    assert "petrova" not in main
    assert "proposed" not in main.replace("status-proposed", "")
    assert hashlib.sha256(CONTENT).hexdigest() not in main
    assert "SHA-256" not in main


def test_history_class_teacher_sees_checksum(client, school, confirmed):
    client.force_login(school.class_teacher.user)

    response = client.get(f"/portfolio/achievements/{confirmed.pk}/")

    assert f"SHA-256: <code>{hashlib.sha256(CONTENT).hexdigest()}</code>" in _main(response)
