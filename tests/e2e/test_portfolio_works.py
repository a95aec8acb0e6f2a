"""Browser journey of a work in the portfolio (R-PF-6, 002 §4.7): the class teacher adds
a project with its presentation; the file picker follows the category; a presentation
with macros is refused beside the field and nothing is stored; the clean PPTX is kept and
offered for download as a presentation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achievements.models import Achievement, Evidence
from learners.models import Role
from tests.common.office import pptx_bytes
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

PROJECTS = "Проектная и учебно-исследовательская деятельность"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@pytest.fixture
def learner(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = timezone.localdate()
    year = AcademicYearFactory(
        name="Текущий", starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=150)
    )
    teacher = StaffFactory(user=UserFactory(username="klassruk", roles=[Role.CLASS_TEACHER]))
    group = StudyGroupFactory(year=year, name="8А", grade=8, class_teacher=teacher)
    son = LearnerFactory(last_name="Соколов", first_name="Иван", patronymic="Петрович")
    EnrollmentFactory(learner=son, group=group, started_on=year.starts_on)
    return son


def fill(page):
    page.get_by_label("Категория", exact=True).select_option(label=PROJECTS)
    page.get_by_label("Название", exact=True).fill("Проект «Солнечная электростанция»")
    page.get_by_label("Уровень", exact=True).select_option(label="Муниципальный")
    page.get_by_label("Результат", exact=True).select_option(label="Призёр")
    page.get_by_label("Дата", exact=True).fill(
        (timezone.localdate() - timedelta(days=3)).isoformat()
    )


def test_class_teacher_adds_project_with_presentation(page, live_server, learner):
    log_in(page, live_server, "klassruk")
    page.goto(f"{live_server.url}/portfolio/learners/{learner.pk}/new/")
    fill(page)
    files = page.get_by_label("Подтверждающие документы", exact=True)
    expect(files).to_have_attribute("accept", ".pdf,.jpg,.jpeg,.png,.docx,.pptx,.odt,.odp")

    macro = pptx_bytes(extra=[("ppt/vbaProject.bin", b"\x00macro")])
    files.set_input_files({"name": "проект.pptx", "mimeType": PPTX, "buffer": macro})
    with page.expect_navigation():
        page.get_by_role("button", name="Внести").click()
    expect(page.get_by_text("содержит макросы").first).to_be_visible()
    assert (Achievement.objects.count(), Evidence.objects.count()) == (0, 0)

    fill(page)
    files = page.get_by_label("Подтверждающие документы", exact=True)
    files.set_input_files({"name": "проект.pptx", "mimeType": PPTX, "buffer": pptx_bytes()})
    with page.expect_navigation():
        page.get_by_role("button", name="Внести").click()

    evidence = Evidence.objects.get()
    assert (evidence.content_type, evidence.original_name) == (PPTX, "проект.pptx")
    page.goto(f"{live_server.url}/portfolio/achievements/{evidence.achievement_id}/")
    expect(page.get_by_text("презентация, PPTX")).to_be_visible()
