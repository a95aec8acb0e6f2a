"""Browser journey of the terms by kind of organisation (R-ORG-6): at a training
company the deputy's menu has no school-only pages; the search names «Учебная группа»
and «Слушатель», and the learner's card has no «класс» or «обучающийся»."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learners.models import OrganisationKind, Role
from tests.e2e.browser import log_in
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    LearnerFactory,
    OrganisationFactory,
    StaffFactory,
    StudyGroupFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def company(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    OrganisationFactory(kind=OrganisationKind.TRAINING, short_name="ООО «Учебный центр»")
    today = timezone.localdate()
    year = AcademicYearFactory(
        name="Текущий", starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=150)
    )
    curator = StaffFactory(user=UserFactory(roles=[Role.CLASS_TEACHER]), last_name="Кураторова")
    group = StudyGroupFactory(year=year, name="ОТ-12", class_teacher=curator)
    learner = LearnerFactory(last_name="Слушаев", first_name="Олег", patronymic="")
    EnrollmentFactory(learner=learner, group=group, started_on=year.starts_on)
    UserFactory(username="zavuch", roles=[Role.DEPUTY])


def test_training_company_pages_speak_its_terms(page, live_server, company):
    log_in(page, live_server, "zavuch")
    menu = page.get_by_role("navigation", name="Разделы")
    expect(menu.get_by_role("link", name="Поиск")).to_be_visible()
    expect(menu.get_by_role("link", name="Внешняя оценка")).to_have_count(0)
    expect(menu.get_by_role("link", name="Результаты ГИА")).to_have_count(0)

    with page.expect_navigation():
        menu.get_by_role("link", name="Поиск").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Поиск: слушатели")
    page.get_by_label("Учебная группа").select_option(label="ОТ-12")
    with page.expect_navigation():
        page.get_by_role("button", name="Найти").click()
    expect(page.get_by_role("columnheader", name="Слушатель")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Учебная группа")).to_be_visible()
    expect(page.get_by_role("cell", name="ОТ-12")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Слушаев Олег").click()
    expect(page.locator("main")).not_to_contain_text("Класс")
    expect(page.locator("main")).not_to_contain_text("бучающ")
