"""A browser journey through a course of extracurricular activity (R-JRN-12): the
course teacher finds «Разговоры о важном» under «Внеурочная деятельность» in the list
of journals, marks a result «зач» and an absence in the ordinary grid, confirms the
period result «зач» the journal proposes (a scale without numbers proposes the latest
result, so no reason is asked), and the parent reads both in the diary's
extracurricular section.

Data for *today*: the school year that holds today with a period around today, 7А,
the course on the pass/fail scale in 7А's plan, one learner with his mother, two
lessons on past days of the period."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achievements.models import CellChange, JournalCell, Lesson, PeriodMark, WorkKind
from learners.models import GradingScale, Role, Sex, SubjectKind
from tests.e2e.browser import log_in, log_out, menu, path_of
from tests.factories import (
    AcademicYearFactory,
    CurriculumLineFactory,
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

TEACHER, PARENT = "kurator", "antonova"
REASON = "Курс освоен"
SAVED = re.compile(r"(^|\s)saved(\s|$)")
# Cyrillic letters as a Russian (ЙЦУКЕН) layout types them: (code, Windows key code).
RU_KEYS = {"з": ("KeyP", 80), "а": ("KeyF", 70), "ч": ("KeyX", 88), "н": ("KeyY", 89)}


def _keys(page, text):
    """Press each character as its own key, Cyrillic ones as a Russian layout does
    (Playwright's keyboard knows the US layout only; see tests/e2e/test_journal.py)."""
    cdp = page.context.new_cdp_session(page)
    for char in text:
        code, vk = RU_KEYS[char]
        key = {"key": char, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}
        cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": char, **key})
        cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **key})
    cdp.detach()


@pytest.fixture
def school(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = timezone.localdate()
    starts = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    ends = max(date(starts.year + 1, 5, 31), today + timedelta(days=30))
    year = AcademicYearFactory(
        name=f"{starts.year}/{starts.year + 1}", starts_on=starts, ends_on=ends
    )
    period = StudyPeriodFactory(
        year=year,
        number=2,
        starts_on=max(starts, today - timedelta(days=30)),
        ends_on=min(ends, today + timedelta(days=30)),
    )
    group = StudyGroupFactory(year=year, name="7А", grade=7)
    course = SubjectFactory(
        name="Разговоры о важном",
        kind=SubjectKind.EXTRACURRICULAR,
        grading_scale=GradingScale.objects.get(code="pass-fail"),
    )
    CurriculumLineFactory(programme=group.programme, subject=course, grade=7, hours=34)
    teacher = StaffFactory(
        last_name="Петрова",
        user=UserFactory(username=TEACHER, roles=[Role.TEACHER]),
    )
    TeachingAssignmentFactory(teacher=teacher, subject=course, group=group)
    learner = EnrollmentFactory(
        group=group,
        started_on=starts,
        learner=LearnerFactory(
            last_name="Антонов", first_name="Алексей", patronymic="Андреевич", sex=Sex.MALE
        ),
    ).learner
    parent = GuardianFactory(user=UserFactory(username=PARENT, roles=[Role.PARENT]))
    GuardianshipFactory(learner=learner, guardian=parent)
    work = WorkKind.objects.get(name="Работа на уроке")
    lessons = [
        Lesson.objects.create(
            group=group, subject=course, period=period, teacher=teacher, work_kind=work,
            date=max(period.starts_on, today - timedelta(days=days_ago)), number=8,
        )
        for days_ago in (7, 2)
    ]  # fmt: skip
    return {"period": period, "group": group, "course": course, "learner": learner,
            "lessons": lessons}  # fmt: skip


def _cell(page, learner, lesson):
    return page.locator(
        f'#journal tr[data-learner="{learner.pk}"] td.cell[data-lesson="{lesson.pk}"]'
    )


def test_course_teacher_marks_and_parent_sees_in_diary(school, live_server, page, console_errors):
    learner, (first, second) = school["learner"], school["lessons"]
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.accept(REASON)

    page.on("dialog", answer)

    log_in(page, live_server, TEACHER)
    menu(page, "Журналы")
    assert path_of(page, live_server) == "/journal/"
    section = page.locator("main table tbody th[scope=rowgroup]")
    expect(section).to_have_text("Внеурочная деятельность")
    with page.expect_navigation():
        page.get_by_role("link", name="Открыть журнал: Разговоры о важном, 7А").click()
    expect(page.locator("h1")).to_have_text("Разговоры о важном — 7А")

    _cell(page, learner, first).click()
    _keys(page, "зач")
    page.keyboard.press("Tab")
    expect(_cell(page, learner, first)).to_have_class(SAVED)
    expect(_cell(page, learner, first)).to_have_text("зач")
    _keys(page, "н")
    page.keyboard.press("Tab")
    expect(_cell(page, learner, second)).to_have_text("н")
    expect(_cell(page, learner, second)).to_have_attribute("data-version", "1")

    row = page.locator(f'#journal tr[data-learner="{learner.pk}"]')
    expect(row.locator("td.proposed")).to_have_text("зач")
    row.locator("td.period-mark").click()
    _keys(page, "зач")
    page.keyboard.press("Enter")
    expect(row.locator("td.period-mark")).to_have_text("зач")
    expect(row.locator("td.period-mark")).to_have_attribute("data-version", "1")
    assert dialogs == []
    assert sorted(JournalCell.objects.values_list("marks", "attendance")) == [
        ("", "н"),
        ("зач", ""),
    ]
    assert CellChange.objects.count() == 2
    mark = PeriodMark.objects.get()
    assert (mark.subject_id, mark.value, mark.proposed, mark.reason) == (
        school["course"].pk,
        "зач",
        "зач",
        "",
    )
    log_out(page)

    log_in(page, live_server, PARENT)
    menu(page, "Дневник")
    assert path_of(page, live_server) == f"/diary/{learner.pk}/"
    courses = page.locator("section#extracurricular")
    expect(courses.get_by_role("heading")).to_have_text(
        f"Внеурочная деятельность — {school['period'].name}"
    )
    rows = courses.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("td").nth(0)).to_have_text("Разговоры о важном")
    expect(rows.locator("td.diary-marks .mark")).to_have_text(["зач"])
    expect(rows.locator('td[data-label="За период"]')).to_have_text("зач")
    expect(page.locator("table.diary").first).not_to_contain_text("Разговоры о важном")
    assert console_errors == []
