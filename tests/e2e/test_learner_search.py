"""Browser journeys of the staff lists: the deputy finds a learner by a lower-case part
of her surname within a class, pages on, and opens her card; on a 390 px phone the
search and the class teacher's page do not scroll sideways, and the class teacher
goes from «Мой класс» straight into a journal of the current quarter."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learners.models import Role
from tests.e2e.browser import log_in, path_of
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    GuardianshipFactory,
    LearnerFactory,
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
        year=year,
        number=2,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=20),
    )
    teacher = StaffFactory(
        user=UserFactory(username="klassruk", roles=[Role.CLASS_TEACHER, Role.TEACHER]),
        last_name="Волкова",
    )
    group = StudyGroupFactory(year=year, name="7А", class_teacher=teacher)
    other = StudyGroupFactory(year=year, name="7Б")
    maths = SubjectFactory(name="Математика")
    TeachingAssignmentFactory(group=group, subject=maths, teacher=teacher)
    for i in range(35):
        learner = LearnerFactory(
            last_name=f"Смирнова{i:02d}", first_name="Анна", personal_file_number=f"С-{i:05d}"
        )
        EnrollmentFactory(learner=learner, group=group, started_on=year.starts_on)
        GuardianshipFactory(learner=learner)
    stranger = LearnerFactory(last_name="Смирнова-Другая", personal_file_number="С-99999")
    EnrollmentFactory(learner=stranger, group=other, started_on=year.starts_on)
    UserFactory(username="zavuch", roles=[Role.DEPUTY])
    return {"group": group, "maths": maths, "period": period}


def test_deputy_finds_a_learner_in_a_class_and_opens_her_card(page, live_server, school):
    log_in(page, live_server, "zavuch")
    page.goto(live_server.url + "/learners/search/")

    page.get_by_label("Фамилия, имя, отчество или номер личного дела").fill("смирнова")
    page.get_by_label("Класс").select_option(label="7А")
    with page.expect_navigation():
        page.get_by_role("button", name="Найти").click()

    expect(page.get_by_role("heading", name="Найдено: 35")).to_be_visible()
    expect(page.get_by_role("link", name="Смирнова-Другая")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("link", name="Следующая →").click()
    expect(page.get_by_label("Фамилия, имя, отчество или номер личного дела")).to_have_value(
        "смирнова"
    )
    with page.expect_navigation():
        page.get_by_role("link", name="Смирнова34 Анна Ивановна").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Смирнова34 Анна Ивановна")
    expect(page.get_by_text("С-00034")).to_be_visible()


def test_search_and_my_class_fit_a_phone(page, live_server, school):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server, "zavuch")

    page.goto(live_server.url + "/learners/search/?q=смирнова")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(live_server.url + f"/groups/{school['group'].pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_class_teacher_opens_a_journal_from_my_class(page, live_server, school):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server, "klassruk")
    page.goto(live_server.url + "/my-class/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    with page.expect_navigation():
        page.get_by_role("navigation", name="Журналы 7А").get_by_role(
            "link", name="Математика"
        ).click()

    group, maths, period = school["group"], school["maths"], school["period"]
    assert path_of(page, live_server) == f"/journal/{group.pk}/{maths.pk}/{period.pk}/"
