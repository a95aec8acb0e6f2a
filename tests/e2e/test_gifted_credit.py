"""Browser journey of a gifted learner's credit (R-CT-11): the deputy opens the list of
learners in the state register, credits a confirmed olympiad prize as the quarter's mark
in biology, confirms the dialog, and finds the mark in the journal marked as credited,
with the achievement named."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achievements.models import AchievementResult
from learners.models import Role
from tests.achievements.portfolio.factories import AchievementFactory
from tests.e2e.browser import log_in
from tests.factories import (
    AcademicYearFactory,
    CurriculumLineFactory,
    EnrollmentFactory,
    LearnerFactory,
    ProgrammeFactory,
    StaffFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
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
    period = StudyPeriodFactory(
        year=year, number=1, starts_on=year.starts_on, ends_on=today + timedelta(days=20)
    )
    programme = ProgrammeFactory()
    group = StudyGroupFactory(year=year, programme=programme, grade=8, name="8А")
    biology = SubjectFactory(name="Биология")
    CurriculumLineFactory(programme=programme, subject=biology, grade=8)
    TeachingAssignmentFactory(group=group, subject=biology, teacher=StaffFactory())
    learner = LearnerFactory(
        last_name="Андреева", first_name="Анна", patronymic="Павловна", is_gifted_registered=True
    )
    EnrollmentFactory(learner=learner, group=group, started_on=year.starts_on)
    AchievementFactory(
        learner=learner,
        title="Региональная олимпиада по биологии",
        level="regional",
        result=AchievementResult.PRIZE_WINNER,
        date=today - timedelta(days=10),
    )
    StaffFactory(user=UserFactory(username="zavuch", roles=[Role.DEPUTY]), last_name="Завучева")
    return {"group": group, "biology": biology, "period": period}


def test_deputy_credits_olympiad_prize_and_journal_shows_it(page, live_server, school):
    log_in(page, live_server, "zavuch")
    page.goto(live_server.url + "/portfolio/gifted/registered/")
    with page.expect_navigation():
        page.get_by_role("link", name="Зачёт достижений").click()

    page.get_by_label("Достижение").select_option(index=1)
    page.get_by_label("Предмет").select_option(label="Биология")
    page.get_by_label("Период аттестации").select_option(label="1-я четверть")
    page.get_by_label("Отметка").select_option("5")
    page.get_by_label("Основание").fill("решение заместителя директора № 3")
    page.get_by_role("button", name="Зачесть").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить").click()

    expect(page.get_by_text("Зачтено: Биология, 1-я четверть — 5.")).to_be_visible()
    group, biology, period = school["group"], school["biology"], school["period"]
    page.goto(f"{live_server.url}/journal/{group.pk}/{biology.pk}/{period.pk}/")
    expect(page.locator("td.period-mark.credited")).to_have_text("5")
    expect(
        page.get_by_text("Зачтено индивидуальное достижение: Региональная олимпиада по биологии")
    ).to_be_visible()
