"""Browser journey of the register of events (R-PF-5): the class teacher enters a
school contest for his class with two participants' results; each gets a confirmed
achievement at once, and the achievement's page names the event."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achievements.models import Achievement, AchievementStatus
from learners.models import Role
from tests.e2e.browser import log_in
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    LearnerFactory,
    StaffFactory,
    StudyGroupFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def school(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = timezone.localdate()
    year = AcademicYearFactory(
        name="Текущий", starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=150)
    )
    teacher = StaffFactory(
        user=UserFactory(username="klassruk", roles=[Role.CLASS_TEACHER]), last_name="Волкова"
    )
    group = StudyGroupFactory(year=year, name="7А", class_teacher=teacher)
    for last_name in ("Андреев", "Борисова", "Васильев"):
        learner = LearnerFactory(last_name=last_name, first_name="Саша", patronymic="")
        EnrollmentFactory(learner=learner, group=group, started_on=year.starts_on)
    return {"today": today}


def test_class_teacher_enters_event_and_achievements_appear(page, live_server, school):
    log_in(page, live_server, "klassruk")
    page.goto(live_server.url + "/portfolio/events/new/")
    page.get_by_label("Класс").select_option(label="7А")
    with page.expect_navigation():
        page.get_by_role("button", name="Далее").click()

    day = (school["today"] - timedelta(days=2)).isoformat()
    page.get_by_label("Название").fill("Конкурс чтецов «Живое слово»")
    page.get_by_label("Категория").select_option(index=1)
    page.get_by_label("Уровень").select_option(label="Школьный (уровень организации)")
    page.get_by_label("Дата начала").fill(day)
    page.get_by_label("Дата окончания").fill(day)
    page.get_by_label("Организатор").fill("МАОУ СОШ № 17")
    page.get_by_label("Андреев Саша").select_option(label="победитель")
    page.get_by_label("Борисова Саша").select_option(label="участник")
    with page.expect_navigation():
        page.get_by_role("button", name="Внести").click()

    expect(page.get_by_text("Мероприятие внесено; участников: 2.")).to_be_visible()
    found = list(
        Achievement.objects.order_by("learner__last_name").values_list(
            "learner__last_name", "result", "status"
        )
    )
    assert found == [
        ("Андреев", "winner", AchievementStatus.CONFIRMED),
        ("Борисова", "participant", AchievementStatus.CONFIRMED),
    ]
    with page.expect_navigation():
        page.locator("tr", has_text="Андреев Саша").get_by_role("link").click()
    expect(page.get_by_role("link", name="Конкурс чтецов «Живое слово»")).to_be_visible()
    expect(page.get_by_text("(журнал регистрации мероприятий)")).to_be_visible()
