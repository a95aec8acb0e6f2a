"""A parent on a phone (390 px) opens the child's week in the e-diary and reads a
mark with its kind and date without hovering; nothing scrolls sideways."""

from datetime import date

import pytest
from playwright.sync_api import expect

from learners.models import Role
from tests.achievements.factories import CONTROL_WORK, JournalCellFactory, LessonFactory, work_kind
from tests.e2e.browser import log_in, path_of
from tests.factories import (
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    StudyGroupFactory,
    SubjectFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def test_parent_on_phone_reads_week_with_mark_kind_and_date(live_server, page, console_errors):
    group = StudyGroupFactory(name="7А")
    learner = EnrollmentFactory(group=group, learner__last_name="Соколов",
                                learner__first_name="Михаил").learner  # fmt: skip
    parent = UserFactory(username="mama", roles=[Role.PARENT])
    GuardianshipFactory(learner=learner, guardian=GuardianFactory(user=parent))
    algebra = SubjectFactory(name="Алгебра")
    lesson = LessonFactory(
        group=group, subject=algebra, date=date(2026, 9, 17), number=2,
        topic="Системы уравнений с двумя переменными и их применение к задачам",
        homework="§ 35, упр. 8", work_kind=work_kind(CONTROL_WORK),
    )  # fmt: skip
    JournalCellFactory(lesson=lesson, learner=learner, marks="4")
    page.set_viewport_size(PHONE)

    log_in(page, live_server, "mama")
    page.goto(f"{live_server.url}/diary/")
    assert path_of(page, live_server) == f"/diary/{learner.pk}/"
    with page.expect_navigation():
        page.get_by_role("link", name="По дням").click()
    page.get_by_label("Неделя, в которую входит дата").fill("2026-09-17")
    with page.expect_navigation():
        page.get_by_role("button", name="Показать").click()

    thursday = page.get_by_role("region", name="Четверг, 17 сентября")
    expect(thursday.locator(".diary-results")).to_have_text("4 Контрольная работа, вес 2")
    expect(thursday).to_contain_text("Задано на уроке, выполнить к следующему уроку: § 35, упр. 8")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    with page.expect_navigation():
        page.get_by_role("link", name="Следующая →").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Неделя 21.09–26.09.2026")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"{live_server.url}/diary/{learner.pk}/?period={lesson.period.pk}")
    row = page.locator("table.diary tbody tr", has_text="Алгебра")
    expect(row.locator(".diary-mark")).to_have_text("4 17.09 КР ×2")
    expect(page.locator(".diary-legend")).to_contain_text("КРКонтрольная работа, вес 2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert "mama" not in page.locator("main").inner_text()
    assert console_errors == []
