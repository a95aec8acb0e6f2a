"""Browser journey of an academic debt (273-FZ art. 58, 003 §2.2.6): the teacher's «2»
for the quarter opens a debt; the mother sees it in the e-diary with its term; the
deputy records a passing retake, which closes the debt and corrects the mark."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achievements.journal.period_marks import period_mark_save
from achievements.models import AcademicDebt, DebtStatus, MarkKind, PeriodMark
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
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def debt(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = timezone.localdate()
    year = AcademicYearFactory(
        name="Текущий", starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=150)
    )
    period = StudyPeriodFactory(
        year=year, number=1, starts_on=year.starts_on, ends_on=today - timedelta(days=5)
    )
    StudyPeriodFactory(
        year=year, number=2, starts_on=today - timedelta(days=4), ends_on=year.ends_on
    )
    group = StudyGroupFactory(year=year, name="7А", grade=7)
    physics = SubjectFactory(name="Физика")
    teacher = StaffFactory(user=UserFactory(username="uchitel", roles=[Role.TEACHER]))
    TeachingAssignmentFactory(group=group, subject=physics, teacher=teacher)
    son = LearnerFactory(last_name="Соколов", first_name="Иван", patronymic="Петрович")
    EnrollmentFactory(learner=son, group=group, started_on=year.starts_on)
    mother = GuardianFactory(user=UserFactory(username="roditel", roles=[Role.PARENT]))
    GuardianshipFactory(learner=son, guardian=mother, kinship="mother")
    StaffFactory(user=UserFactory(username="zavuch", roles=[Role.DEPUTY]))
    period_mark_save(
        learner=son,
        subject=physics,
        group=group,
        kind=MarkKind.PERIOD,
        period=period,
        value="2",
        version=0,
        actor=teacher.user,
        reason="Не сданы две контрольные работы",
    )
    return AcademicDebt.objects.get()


def test_debt_seen_by_mother_closed_by_deputy_retake(page, live_server, debt):
    log_in(page, live_server, "roditel")
    page.goto(f"{live_server.url}/diary/{debt.learner_id}/")
    section = page.get_by_role("region", name="Академические задолженности")
    expect(section.get_by_text("Физика")).to_be_visible()
    expect(section.get_by_text(f"{debt.deadline:%d.%m.%Y}")).to_be_visible()

    page.context.clear_cookies()
    log_in(page, live_server, "zavuch")
    page.goto(live_server.url + "/journal/debts/")
    with page.expect_navigation():
        page.get_by_role("link", name="Соколов Иван Петрович").click()
    page.get_by_label("Дата пересдачи").fill(timezone.localdate().isoformat())
    page.get_by_label("Результат").select_option("4")
    with page.expect_navigation():
        page.get_by_role("button", name="Записать пересдачу").click()

    expect(
        page.get_by_text(
            "Пересдача № 1 записана: «4». Задолженность ликвидирована, отметка аттестации "
            "исправлена."
        )
    ).to_be_visible()
    debt.refresh_from_db()
    assert (debt.status, PeriodMark.objects.get().value) == (DebtStatus.CLOSED, "4")
