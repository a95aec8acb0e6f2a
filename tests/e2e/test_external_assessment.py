"""Browser journey of external assessment (R-JRN-9): the mathematics teacher enters a
class's ВПР results on the grid, with the task scores; the mark follows from the
thresholds, a bad score is refused beside its row, and the saved results are shown;
the mother then reads her daughter's result in the diary, apart from the school's marks."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achievements.models import ExternalAssessment, ExternalKind, ExternalResult
from learners.models import Role
from tests.e2e.browser import log_in
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    LearnerFactory,
    StaffFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def vpr(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = timezone.localdate()
    year = AcademicYearFactory(
        name="Текущий", starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=150)
    )
    group = StudyGroupFactory(year=year, name="5А", grade=5)
    math = SubjectFactory(name="Математика")
    teacher = StaffFactory(user=UserFactory(username="uchitel", roles=[Role.TEACHER]))
    TeachingAssignmentFactory(group=group, subject=math, teacher=teacher)
    for last, first in [("Соколов", "Иван"), ("Антонова", "Мария")]:
        learner = LearnerFactory(last_name=last, first_name=first, patronymic="")
        EnrollmentFactory(learner=learner, group=group, started_on=year.starts_on)
    mother = GuardianFactory(user=UserFactory(username="roditel", roles=[Role.PARENT]))
    GuardianshipFactory(learner=learner, guardian=mother, kinship="mother")
    return ExternalAssessment.objects.create(
        kind=ExternalKind.VPR, title="ВПР по математике, 5 класс", subject=math, grade=5,
        year=year, held_on=today - timedelta(days=3), max_score=10, task_count=3,
        task_max=[3, 3, 4], thresholds=[[0, "2"], [4, "3"], [6, "4"], [8, "5"]],
        created_by=teacher.user,
    )  # fmt: skip


def test_teacher_enters_vpr_results_for_class(page, live_server, vpr):
    log_in(page, live_server, "uchitel")
    page.goto(live_server.url + "/external/")
    with page.expect_navigation():
        page.get_by_role("link", name="ВПР по математике, 5 класс").click()
    with page.expect_navigation():
        page.get_by_role("link", name="5А").click()

    page.get_by_label("Задание 1: Антонова М.").fill("3")
    page.get_by_label("Задание 2: Антонова М.").fill("2")
    page.get_by_label("Задание 3: Антонова М.").fill("4")
    page.get_by_label("Баллы: Соколов И.").fill("12")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить результаты").click()
    expect(page.get_by_text("Баллы: 12 — вне диапазона 0…10.")).to_be_visible()
    assert ExternalResult.objects.count() == 0

    page.get_by_label("Баллы: Соколов И.").fill("5")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить результаты").click()
    expect(page.get_by_text("Результаты сохранены: изменено записей — 2.")).to_be_visible()
    expect(page.get_by_label("Баллы: Антонова М.")).to_have_value("9")
    expect(page.get_by_label("Отметка: Антонова М.")).to_have_value("5")
    expect(page.get_by_label("Отметка: Соколов И.")).to_have_value("3")

    page.context.clear_cookies()
    log_in(page, live_server, "roditel")
    page.goto(live_server.url + "/diary/")
    section = page.locator("section", has=page.get_by_role("heading", name="Внешняя оценка"))
    expect(section.get_by_role("cell", name="ВПР: ВПР по математике, 5 класс")).to_be_visible()
    expect(section.get_by_role("cell", name="9 из 10")).to_be_visible()
