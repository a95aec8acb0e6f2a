"""Browser journey of state exam results: the deputy opens ОГЭ in mathematics for 9А
from the index, enters the class's results (a mark outside the scale is refused beside
its row, nothing saved), corrects it and sees the results saved."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achievements.models import StateExamResult, StateExamResultChange
from learners.models import Role
from tests.e2e.browser import log_in
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    LearnerFactory,
    StudyGroupFactory,
    SubjectFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def school(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = timezone.localdate()
    year = AcademicYearFactory(
        name="Текущий", starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=150)
    )
    group = StudyGroupFactory(year=year, name="9А", grade=9)
    StudyGroupFactory(year=year, name="11А", grade=11)
    SubjectFactory(name="Математика")
    for last, first in [("Соколов", "Иван"), ("Антонова", "Мария")]:
        learner = LearnerFactory(last_name=last, first_name=first, patronymic="")
        EnrollmentFactory(learner=learner, group=group, started_on=year.starts_on)
    UserFactory(username="zavuch", roles=[Role.DEPUTY])
    return {"exam_day": today - timedelta(days=3)}


def test_deputy_enters_oge_results_for_9th_form(page, live_server, school):
    log_in(page, live_server, "zavuch")
    page.goto(live_server.url + "/journal/state-exams/")
    page.get_by_label("Форма ГИА").select_option(label="ОГЭ")
    page.get_by_label("Предмет").select_option(label="Математика")
    page.get_by_label("Класс").select_option(label="9А")
    with page.expect_navigation():
        page.get_by_role("button", name="Открыть").click()
    expect(page.get_by_role("heading", name="ОГЭ, Математика: 9А")).to_be_visible()

    day = school["exam_day"].isoformat()
    page.get_by_label("Дата экзамена: Антонова М.").fill(day)
    page.get_by_label("Баллы: Антонова М.").fill("21")
    page.get_by_label("Отметка: Антонова М.").fill("5")
    page.get_by_label("Дата экзамена: Соколов И.").fill(day)
    page.get_by_label("Отметка: Соколов И.").fill("6")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить результаты").click()
    expect(page.get_by_text("Отметка «6» не из шкалы: допустимо 2, 3, 4, 5.")).to_be_visible()
    assert StateExamResult.objects.count() == 0

    page.get_by_label("Отметка: Соколов И.").fill("4")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить результаты").click()
    expect(page.get_by_text("Результаты сохранены: изменено записей — 2.")).to_be_visible()
    expect(page.get_by_label("Отметка: Антонова М.")).to_have_value("5")
    expect(page.get_by_label("Баллы: Антонова М.")).to_have_value("21")
    expect(page.get_by_label("Отметка: Соколов И.")).to_have_value("4")
    expect(page.get_by_label("Дата экзамена: Соколов И.")).to_have_value(day)
    assert sorted(StateExamResult.objects.values_list("learner__last_name", "mark")) == [
        ("Антонова", "5"), ("Соколов", "4"),
    ]  # fmt: skip
    assert StateExamResultChange.objects.count() == 2

    with page.expect_navigation():
        page.get_by_role("link", name="← Результаты ГИА").click()
    expect(page.get_by_role("cell", name="9А")).to_be_visible()
