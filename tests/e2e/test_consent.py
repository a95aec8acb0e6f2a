"""Browser journey of consent to personal-data processing (R-SEC-4): a mother opens
«Мои дети», gives consent for her daughter online, then withdraws it through the
confirmation dialog; the clerk's list shows the daughter among those without consent."""

import pytest
from playwright.sync_api import expect

from learners.models import Role
from tests.e2e.browser import log_in
from tests.factories import (
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    LearnerFactory,
    StaffFactory,
    StudyGroupFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def family(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    daughter = LearnerFactory(last_name="Петрова", first_name="Ольга", patronymic="Игоревна")
    EnrollmentFactory(learner=daughter, group=StudyGroupFactory(name="3Б", grade=3))
    mother = GuardianFactory(
        user=UserFactory(username="roditel", roles=[Role.PARENT]), last_name="Петрова"
    )
    GuardianshipFactory(learner=daughter, guardian=mother, kinship="mother")
    StaffFactory(user=UserFactory(username="deloproizv", roles=[Role.CLERK]))
    return daughter


def test_mother_gives_and_withdraws_consent_clerk_sees_it(page, live_server, family):
    log_in(page, live_server, "roditel")
    page.goto(live_server.url + "/children/")
    with page.expect_navigation():
        page.get_by_role("link", name="Согласие на обработку персональных данных").click()

    card = page.get_by_role("region", name="Петрова Ольга Игоревна")
    expect(card.get_by_text("Согласие не дано")).to_be_visible()
    card.get_by_label("портфолио и файлы достижений").check()
    with page.expect_navigation():
        card.get_by_role("button", name="Дать согласие").click()
    expect(page.get_by_text("Согласие за Петрова Ольга Игоревна дано.")).to_be_visible()
    expect(card.get_by_text("Согласие дано")).to_be_visible()

    card.get_by_role("button", name="Отозвать согласие").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Подтвердить").click()
    expect(card.get_by_text("Согласие не дано")).to_be_visible()

    page.context.clear_cookies()
    log_in(page, live_server, "deloproizv")
    page.goto(live_server.url + "/consents/")
    expect(page.get_by_text("Петрова Ольга Игоревна")).to_be_visible()
