"""Browser journey of the pedagogical diagnostics (R-JRN-10): the class teacher opens
her class's grid, sets levels of УУД, saves, reloads and sees them and the summary; the
three pages pass an axe-core scan at 1366 and 390 px without scrolling sideways."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from achievements.models import DiagnosticChange, DiagnosticResult
from learners.models import Role
from tests.e2e.browser import log_in, path_of
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    LearnerFactory,
    StaffFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()


@pytest.fixture
def klass(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = timezone.localdate()
    year = AcademicYearFactory(
        name="Текущий", starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=150)
    )
    StudyPeriodFactory(year=year, number=1, starts_on=year.starts_on, ends_on=year.ends_on)
    klassruk = StaffFactory(user=UserFactory(username="klassruk", roles=[Role.CLASS_TEACHER]))
    group = StudyGroupFactory(year=year, name="7А", grade=7, class_teacher=klassruk)
    for last_name, first_name in (("Соколов", "Иван"), ("Иванова", "Анна")):
        learner = LearnerFactory(last_name=last_name, first_name=first_name, patronymic="")
        EnrollmentFactory(learner=learner, group=group, started_on=year.starts_on)
    return group


def test_class_teacher_sets_levels_and_sees_summary(page, live_server, klass, console_errors):
    log_in(page, live_server, "klassruk")
    page.goto(live_server.url + "/journal/diagnostics/")
    expect(page.get_by_text("Целевые ориентиры", exact=False)).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="1-я четверть").click()

    page.get_by_label("Соколов И.: личностные").select_option(label="Высокий")
    page.get_by_label("Соколов И.: познавательные").select_option(label="Средний")
    page.get_by_label("Иванова А.: личностные").select_option(label="Высокий")
    page.get_by_label("Причина изменения").fill("наблюдение в проектной работе")
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить").click()

    expect(page.get_by_text("Диагностика сохранена: изменено уровней — 3.")).to_be_visible()
    page.reload()
    page_path = path_of(page, live_server)
    expect(page.get_by_label("Соколов И.: личностные")).to_have_value("high")
    expect(page.get_by_label("Соколов И.: познавательные")).to_have_value("medium")
    expect(page.get_by_label("Иванова А.: коммуникативные")).to_have_value("")
    summary = page.locator("#diagnostics-summary")
    # Columns: высокий, средний, низкий, не указан.
    expect(summary.get_by_role("row", name="Личностные").get_by_role("cell")).to_have_text(
        ["2", "0", "0", "0"]
    )
    expect(summary.get_by_role("row", name="Познавательные").get_by_role("cell")).to_have_text(
        ["0", "1", "0", "1"]
    )
    assert DiagnosticResult.objects.count() == 3
    assert set(DiagnosticChange.objects.values_list("reason", flat=True)) == {
        "наблюдение в проектной работе"
    }
    problems = []
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 844})
        for path in (
            "/journal/diagnostics/",
            page_path,
            f"/journal/diagnostics/learner/{DiagnosticResult.objects.first().learner_id}/",
        ):
            page.goto(live_server.url + path)
            problems += [
                f"{width} {path}: {violation['id']}"
                for violation in AXE.run(page).response["violations"]
                if violation["impact"] in {"critical", "serious"}
            ]
            if width == 390 and page.evaluate("document.documentElement.scrollWidth") > 390:
                problems.append(f"{width} {path}: the page scrolls sideways")
    assert problems == []
    assert console_errors == []
