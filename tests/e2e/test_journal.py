"""Browser journeys through the electronic journal: a teacher fills the grid with the
keyboard only (static/js/journal.js), the journal refuses what the scale does not
allow, undoes, proposes and confirms the period mark and shows a cell's history; a
parent reads exactly those marks in the diary; the deputy closes the period, after
which only the deputy corrects, with a reason.

The data is one small journal built with factories for *today*: the academic year
that holds today, its 2nd quarter around today, 7А, «Алгебра» on the five-point
scale, three learners and four lessons on past days of the period.

Playwright's keyboard only knows the US layout: ``keyboard.type("н")`` sends no
keydown at all, just an input event. ``_keys`` therefore presses Cyrillic letters
through the DevTools protocol as a Russian layout does (key "н" on the Y key)."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achievements import journal as journal_services
from achievements.models import (
    CellChange,
    JournalCell,
    Lesson,
    MarkKind,
    PeriodClosure,
    PeriodMark,
    PeriodMarkChange,
    WorkKind,
)
from learners.models import (
    AcademicYear,
    Learner,
    Role,
    Sex,
    Staff,
    StudyGroup,
    StudyPeriod,
    Subject,
)
from tests.e2e.browser import log_in, log_out, menu, path_of
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

TEACHER, PARENT, DEPUTY = "petrova", "antonova", "zavuch"
TEACHER_NAME = "Анна Петрова"  # User.get_full_name(), shown in a cell's history
READ_ONLY = "Журнал доступен только для чтения."
REASON = "Ошибка при вводе"
SAVED, ERROR = re.compile(r"(^|\s)saved(\s|$)"), re.compile(r"(^|\s)error(\s|$)")
SAVING = re.compile(r"(^|\s)saving(\s|$)")

# Cyrillic letters as a Russian (ЙЦУКЕН) layout types them: (code, Windows key code).
RU_KEYS = {"н": ("KeyY", 89), "о": ("KeyJ", 74), "п": ("KeyG", 71), "р": ("KeyH", 72)}


@dataclass
class School:
    year: AcademicYear
    period: StudyPeriod
    group: StudyGroup
    subject: Subject
    teacher: Staff
    learners: list[Learner]
    lessons: list[Lesson]
    parent: object  # User
    deputy: object  # User

    @property
    def grid_path(self) -> str:
        return f"/journal/{self.group.pk}/{self.subject.pk}/{self.period.pk}/"


def _year_bounds(today: date) -> tuple[date, date]:
    """Sept 1 – May 31 of the school year of ``today``; in the summer the year is
    stretched past today so that it still holds it."""
    starts = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    ends = date(starts.year + 1, 5, 31)
    return starts, max(ends, today + timedelta(days=30))


@pytest.fixture
def school(browser) -> School:
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = timezone.localdate()
    starts, ends = _year_bounds(today)
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
    subject = SubjectFactory(name="Алгебра")  # five-point scale
    teacher = StaffFactory(
        last_name="Петрова",
        first_name="Анна",
        patronymic="Сергеевна",
        user=UserFactory(
            username=TEACHER, first_name="Анна", last_name="Петрова", roles=[Role.TEACHER]
        ),
    )
    TeachingAssignmentFactory(teacher=teacher, subject=subject, group=group)
    learners = [
        EnrollmentFactory(
            group=group,
            started_on=starts,
            learner=LearnerFactory(last_name=last, first_name=first, patronymic=middle, sex=sex),
        ).learner
        for last, first, middle, sex in [
            ("Антонов", "Алексей", "Андреевич", Sex.MALE),
            ("Борисова", "Вера", "Игоревна", Sex.FEMALE),
            ("Васильев", "Глеб", "Олегович", Sex.MALE),
        ]
    ]
    parent = GuardianFactory(
        last_name="Антонова", user=UserFactory(username=PARENT, roles=[Role.PARENT])
    ).user
    GuardianshipFactory(learner=learners[0], guardian=parent.guardian)
    deputy = UserFactory(
        username=DEPUTY, first_name="Ольга", last_name="Завучева", roles=[Role.DEPUTY]
    )
    work = WorkKind.objects.get(name="Работа на уроке")  # weight 1.0
    lessons = [
        Lesson.objects.create(
            group=group,
            subject=subject,
            period=period,
            teacher=teacher,
            date=max(period.starts_on, today - timedelta(days=days_ago)),
            number=number,
            work_kind=work,
        )
        for number, days_ago in enumerate([8, 6, 4, 2], start=1)
    ]
    return School(year, period, group, subject, teacher, learners, lessons, parent, deputy)


# Browser helpers -----------------------------------------------------------------------------


def _open_grid(page, live_server, school, username=TEACHER):
    log_in(page, live_server, username)
    page.goto(live_server.url + school.grid_path)
    expect(page.locator("h1")).to_have_text("Алгебра — 7А")


def _keys(page, text):
    """Press each character as its own key; Cyrillic ones as a Russian layout does."""
    cdp = None
    for char in text:
        if char not in RU_KEYS:
            page.keyboard.press(char)
            continue
        cdp = cdp or page.context.new_cdp_session(page)
        code, vk = RU_KEYS[char]
        key = {"key": char, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}
        cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": char, **key})
        cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **key})
    if cdp is not None:
        cdp.detach()


def _row(page, learner):
    return page.locator(f'#journal tr[data-learner="{learner.pk}"]')


def _cell(page, learner, lesson):
    return _row(page, learner).locator(f'td.cell[data-lesson="{lesson.pk}"]')


def _expect_saved(cell, text, version):
    """The save flash ("saved", 1.2 s) first, then what stays: text and version."""
    expect(cell).to_have_class(SAVED)
    expect(cell).to_have_text(text)
    expect(cell).to_have_attribute("data-version", str(version))
    expect(cell).not_to_have_class(ERROR)


def _cell_texts(page, learner):
    return _row(page, learner).locator("td.cell").all_inner_texts()


def _stats(page, learner):
    row = _row(page, learner)
    return [row.locator(f"td.{name}").inner_text() for name in ("mean", "proposed", "period-mark")]


def _cells_in_db():
    return {
        (c.learner_id, c.lesson_id): (c.marks, c.attendance, c.version, c.updated_by.username)
        for c in JournalCell.objects.select_related("updated_by")
    }


def _changes_in_db():
    return [
        (
            c.cell.learner_id,
            c.cell.lesson_id,
            c.old_text,
            c.new_text,
            c.changed_by.username,
            c.reason,
        )
        for c in CellChange.objects.select_related("cell", "changed_by").order_by("pk")
    ]


def _save(school, learner, lesson, text, version, user=None):
    return journal_services.cell_save(
        lesson_id=lesson.pk,
        learner_id=learner.pk,
        text=text,
        version=version,
        actor=user or school.teacher.user,
    )


# Journeys ------------------------------------------------------------------------------------


def _assert_keyboard_entry_stored(school):
    """What the keyboard journey left in the database: the cells and their history."""
    a, b, _ = school.learners
    l1, l2, l3, l4 = school.lessons
    assert _cells_in_db() == {
        (a.pk, l1.pk): ("5", "", 1, TEACHER),
        (a.pk, l2.pk): ("4", "", 1, TEACHER),
        (a.pk, l3.pk): ("", "н", 1, TEACHER),
        (a.pk, l4.pk): ("5/4", "", 1, TEACHER),
        (b.pk, l1.pk): ("3", "", 1, TEACHER),
        (b.pk, l2.pk): ("", "", 2, TEACHER),
        (b.pk, l3.pk): ("", "оп", 1, TEACHER),
    }
    assert _changes_in_db() == [
        (b.pk, l2.pk, "", "2", TEACHER, ""),
        (a.pk, l1.pk, "", "5", TEACHER, ""),
        (a.pk, l2.pk, "", "4", TEACHER, ""),
        (a.pk, l3.pk, "", "н", TEACHER, ""),
        (a.pk, l4.pk, "", "5/4", TEACHER, ""),
        (b.pk, l1.pk, "", "3", TEACHER, ""),
        (b.pk, l2.pk, "2", "", TEACHER, ""),
        (b.pk, l3.pk, "", "оп", TEACHER, ""),
    ]
    assert list(
        CellChange.objects.order_by("pk").values_list(
            "old_marks", "new_marks", "old_attendance", "new_attendance"
        )
    ) == [
        ("", "2", "", ""),
        ("", "5", "", ""),
        ("", "4", "", ""),
        ("", "", "", "н"),
        ("", "5/4", "", ""),
        ("", "3", "", ""),
        ("2", "", "", ""),
        ("", "", "", "оп"),
    ]


def test_journal_keyboard_entry_saved_without_reload(school, live_server, page, console_errors):
    a, b, c = school.learners
    l1, l2, l3, l4 = school.lessons
    _save(school, b, l2, "2", version=0)  # to be cleared with Backspace

    log_in(page, live_server, TEACHER)
    assert path_of(page, live_server) == "/teaching/"
    menu(page, "Журналы")
    assert path_of(page, live_server) == "/journal/"
    journal = page.locator("main table tbody tr")
    expect(journal).to_have_count(1)
    expect(journal.locator("td").nth(1)).to_have_text("Алгебра")
    with page.expect_navigation():
        journal.get_by_role("link", name="Открыть журнал").click()
    assert path_of(page, live_server) == school.grid_path
    expect(page.locator("h1")).to_have_text("Алгебра — 7А")
    expect(page.locator("#journal")).to_have_attribute("data-editable", "1")
    assert _cell_texts(page, b) == ["", "2", "", ""]

    page.evaluate("window.__marker = 1")
    _cell(page, a, l1).click()
    expect(_cell(page, a, l1)).to_be_focused()

    _keys(page, "5")
    page.keyboard.press("Tab")
    _expect_saved(_cell(page, a, l1), "5", 1)
    expect(_cell(page, a, l2)).to_be_focused()

    _keys(page, "4")
    page.keyboard.press("Enter")  # saves and moves down
    _expect_saved(_cell(page, a, l2), "4", 1)
    expect(_cell(page, b, l2)).to_be_focused()

    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowRight")
    expect(_cell(page, a, l3)).to_be_focused()
    _keys(page, "н")
    page.keyboard.press("Tab")
    _expect_saved(_cell(page, a, l3), "н", 1)

    expect(_cell(page, a, l4)).to_be_focused()
    _keys(page, "5/4")
    page.keyboard.press("Enter")
    _expect_saved(_cell(page, a, l4), "5/4", 1)
    expect(_cell(page, b, l4)).to_be_focused()

    page.keyboard.press("Home")
    expect(_cell(page, b, l1)).to_be_focused()
    _keys(page, "3")
    page.keyboard.press("Tab")
    _expect_saved(_cell(page, b, l1), "3", 1)

    expect(_cell(page, b, l2)).to_be_focused()
    page.keyboard.press("Backspace")
    _expect_saved(_cell(page, b, l2), "", 2)

    page.keyboard.press("Tab")
    _keys(page, "оп")
    page.keyboard.press("Enter")
    _expect_saved(_cell(page, b, l3), "оп", 1)
    expect(_cell(page, c, l3)).to_be_focused()

    assert page.evaluate("window.__marker") == 1, "the page reloaded"
    expect(
        page.locator("#journal td.saving, #journal td.error, #journal td.conflict")
    ).to_have_count(0)
    expect(page.locator("#journal input")).to_have_count(0)
    assert _cell_texts(page, a) == ["5", "4", "н", "5/4"]
    assert _cell_texts(page, b) == ["3", "", "оп", ""]
    assert _cell_texts(page, c) == ["", "", "", ""]
    # Recomputed in the page: 5, 4, 5, 4 → 4,50 → «4»; one mark is below the minimum.
    assert _stats(page, a) == ["4,50", "4", ""]
    assert _stats(page, b) == ["3,00", "н/а", ""]

    _assert_keyboard_entry_stored(school)

    page.reload()
    expect(page.locator("h1")).to_have_text("Алгебра — 7А")
    assert page.evaluate("window.__marker") is None
    assert _cell_texts(page, a) == ["5", "4", "н", "5/4"]
    assert _cell_texts(page, b) == ["3", "", "оп", ""]
    assert _cell_texts(page, c) == ["", "", "", ""]
    assert _stats(page, a) == ["4,50", "4", ""]
    assert _stats(page, b) == ["3,00", "н/а", ""]
    assert _stats(page, c) == ["", "н/а", ""]
    assert console_errors == []


def test_journal_refuses_value_outside_scale(school, live_server, page, console_errors):
    """A value the scale does not allow is refused in the page: nothing is sent, what
    was typed stays in the cell with the message beside it, and a later good save
    ends the red status line but not the cell's own message."""
    a, b, _ = school.learners
    l1 = school.lessons[0]
    _open_grid(page, live_server, school)
    saves = []
    page.on("request", lambda r: saves.append(r.url) if r.method == "POST" else None)
    cell = _cell(page, a, l1)
    cell.click()

    _keys(page, "7")
    page.keyboard.press("Enter")

    message = "«7» нет в шкале оценивания предмета. Можно: 5, 4, 3, 2; посещаемость: н, б, уп, оп."
    expect(cell).to_have_class(ERROR)
    expect(cell).to_have_class(re.compile(r"(^|\s)invalid(\s|$)"))
    note_id = f"cell-message-{a.pk}-{l1.pk}"
    expect(cell).to_have_attribute("aria-describedby", note_id)
    expect(cell.locator(f"#{note_id}")).to_have_text(message)
    expect(cell).to_contain_text("7")  # what was typed stays
    status = page.locator("#journal-status")
    expect(status).to_have_text(message)
    expect(status).to_have_class(ERROR)
    expect(_cell(page, b, l1)).to_be_focused()
    assert _stats(page, a) == ["", "н/а", ""]

    _keys(page, "5")  # a good save elsewhere
    page.keyboard.press("Enter")
    _expect_saved(_cell(page, b, l1), "5", 1)
    expect(status).to_have_text("")
    expect(status).not_to_have_class(ERROR)
    expect(cell).to_have_class(ERROR)  # the refused value keeps its own message
    expect(cell.locator(f"#{note_id}")).to_have_text(message)

    cell.click()
    expect(status).to_have_text(message)  # the cursor on it repeats the message
    page.keyboard.press("F2")
    editor = cell.locator("input")
    expect(editor).to_have_value("7")
    expect(editor).to_have_attribute("aria-invalid", "true")
    expect(editor).to_have_attribute("aria-describedby", note_id)
    page.keyboard.press("Backspace")
    _keys(page, "4")
    page.keyboard.press("Enter")

    _expect_saved(cell, "4", 1)
    expect(cell).not_to_have_attribute("aria-describedby", note_id)
    expect(page.locator("#journal .cell-message")).to_have_count(0)
    expect(status).to_have_text("")
    assert _stats(page, a) == ["4,00", "н/а", ""]
    assert [url.removeprefix(live_server.url) for url in saves] == ["/journal/cell/"] * 2
    assert _cells_in_db() == {
        (a.pk, l1.pk): ("4", "", 1, TEACHER),
        (b.pk, l1.pk): ("5", "", 1, TEACHER),
    }
    assert console_errors == []


def test_journal_refused_value_dropped_with_escape(school, live_server, page, console_errors):
    a = school.learners[0]
    l1 = school.lessons[0]
    _save(school, a, l1, "3", version=0)
    _open_grid(page, live_server, school)
    cell = _cell(page, a, l1)
    cell.click()

    _keys(page, "н/5")
    page.keyboard.press("Tab")
    expect(cell).to_have_class(ERROR)
    expect(page.locator("#journal-status")).to_have_text(
        "«н» — обучающийся отсутствовал, отметку поставить нельзя."
    )
    cell.click()
    page.keyboard.press("Escape")

    expect(cell).to_have_text("3")
    expect(cell).not_to_have_class(ERROR)
    expect(page.locator("#journal-status")).to_have_text("")
    assert JournalCell.objects.get().marks == "3"
    assert console_errors == []


def test_journal_latin_keys_read_as_attendance_codes(school, live_server, page, console_errors):
    a, b, _ = school.learners
    l1, *_, l4 = school.lessons
    _open_grid(page, live_server, school)
    _cell(page, a, l1).click()

    for text in ("n", "up", "b", "y"):  # an English layout: н, уп, б, and н by its key
        _keys(page, text)
        page.keyboard.press("Tab")
    _cell(page, b, l1).click()
    _keys(page, "OP 5")
    page.keyboard.press("Enter")

    _expect_saved(_cell(page, a, l4), "н", 1)
    _expect_saved(_cell(page, b, l1), "оп/5", 1)
    assert _cell_texts(page, a) == ["н", "уп", "б", "н"]
    assert sorted(_cells_in_db().values()) == sorted(
        [
            ("", "н", 1, TEACHER),
            ("", "уп", 1, TEACHER),
            ("", "б", 1, TEACHER),
            ("", "н", 1, TEACHER),
            ("5", "оп", 1, TEACHER),
        ]
    )
    assert console_errors == []


def test_journal_on_phone_scrolls_inside_grid_only(school, live_server, page, console_errors):
    page.set_viewport_size({"width": 390, "height": 844})
    _open_grid(page, live_server, school)

    region = page.get_by_role("region", name="Таблица журнала (прокручивается)")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region.locator("#journal")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert console_errors == []


def test_journal_undo_restores_previous_value(school, live_server, page, console_errors):
    a, b, _ = school.learners
    l1 = school.lessons[0]
    _open_grid(page, live_server, school)
    cell = _cell(page, a, l1)
    cell.click()

    _keys(page, "5")
    page.keyboard.press("Enter")
    _expect_saved(cell, "5", 1)
    expect(_cell(page, b, l1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(cell).to_be_focused()
    _keys(page, "3")
    page.keyboard.press("Enter")
    expect(cell).to_have_attribute("data-version", "2")
    expect(cell).to_have_text("3")
    expect(_cell(page, b, l1)).to_be_focused()

    page.keyboard.press("Control+z")

    expect(cell).to_be_focused()
    expect(cell).to_have_attribute("data-version", "3")
    _expect_saved(cell, "5", 3)
    expect(page.locator("#journal-status")).to_have_text("Изменение отменено.")
    assert _cells_in_db() == {(a.pk, l1.pk): ("5", "", 3, TEACHER)}
    assert _changes_in_db() == [
        (a.pk, l1.pk, "", "5", TEACHER, ""),
        (a.pk, l1.pk, "5", "3", TEACHER, ""),
        (a.pk, l1.pk, "3", "5", TEACHER, ""),
    ]
    assert console_errors == []


def test_journal_period_mark_proposed_and_confirmed(school, live_server, page, console_errors):
    a, b, _ = school.learners
    l1, l2, l3, l4 = school.lessons
    _open_grid(page, live_server, school)
    assert _stats(page, a) == ["", "н/а", ""]
    _cell(page, a, l1).click()

    for lesson, mark, stats in [
        (l1, "5", ["5,00", "н/а", ""]),
        (l2, "5", ["5,00", "н/а", ""]),
        (l3, "4", ["4,67", "5", ""]),  # 14 / 3 = 4,666… → 4,67 ≥ 4,60
    ]:
        _keys(page, mark)
        page.keyboard.press("Tab")
        _expect_saved(_cell(page, a, lesson), mark, 1)
        assert _stats(page, a) == stats
    expect(_cell(page, a, l4)).to_be_focused()  # the last cell of the row

    page.keyboard.press("ArrowRight")
    proposed = _row(page, a).locator("td.proposed")
    expect(proposed).to_be_focused()
    expect(proposed).to_have_text("5")
    page.keyboard.press("Enter")

    period_mark = _row(page, a).locator("td.period-mark")
    expect(period_mark).to_have_class(SAVED)
    expect(period_mark).to_have_text("5")
    expect(period_mark).to_have_attribute("data-version", "1")
    expect(_row(page, b).locator("td.proposed")).to_be_focused()  # Enter moves down
    assert _stats(page, a) == ["4,67", "5", "5"]
    mark = PeriodMark.objects.get()
    assert (mark.learner_id, mark.subject_id, mark.kind, mark.period_id, mark.year_id) == (
        a.pk,
        school.subject.pk,
        MarkKind.PERIOD,
        school.period.pk,
        school.year.pk,
    )
    assert (mark.value, mark.proposed, mark.reason, mark.version) == ("5", "5", "", 1)
    assert mark.updated_by.username == TEACHER
    assert list(PeriodMarkChange.objects.values_list("old_value", "new_value", "proposed")) == [
        ("", "5", "5")
    ]

    page.reload()
    assert _stats(page, a) == ["4,67", "5", "5"]
    expect(_row(page, a).locator("td.period-mark")).to_have_attribute("data-version", "1")
    assert console_errors == []


def test_parent_sees_exactly_the_entered_marks(school, live_server, page, console_errors):
    a, b, _ = school.learners
    l1, l2, _, l4 = school.lessons
    for lesson, text in zip(school.lessons, ["5", "4", "н", "5/4"], strict=True):
        _save(school, a, lesson, text, version=0)
    _save(school, b, l1, "2", version=0)
    _save(school, b, l2, "б", version=0)
    _save(school, b, l4, "3/3", version=0)
    journal_services.period_mark_save(
        learner=a,
        subject=school.subject,
        group=school.group,
        kind=MarkKind.PERIOD,
        period=school.period,
        value="4",  # 5, 4, 5, 4 → 4,50 → proposed «4»
        version=0,
        actor=school.teacher.user,
    )

    log_in(page, live_server, PARENT)
    assert path_of(page, live_server) == "/children/"
    menu(page, "Дневник")

    assert path_of(page, live_server) == f"/diary/{a.pk}/"
    expect(page.locator("h1")).to_have_text("Дневник: Антонов Алексей Андреевич")
    expect(page.get_by_role("heading", name="Отметки — 2-я четверть")).to_be_visible()
    rows = page.locator("table.diary tbody tr")
    expect(rows).to_have_count(1)
    algebra = rows.filter(has=page.get_by_role("cell", name="Алгебра", exact=True))
    expect(algebra).to_have_count(1)
    assert algebra.locator("span.mark").all_inner_texts() == ["5", "4", "5/4"]
    assert algebra.locator("td.num").all_inner_texts() == ["4,50", "4", "—"]
    attendance = page.locator(
        "section.card", has=page.get_by_role("heading", name="Посещаемость — 2-я четверть")
    )
    assert attendance.locator("dt").all_inner_texts() == ["Отсутствовал (н)"]
    assert attendance.locator("dd").all_inner_texts() == ["1"]
    main = page.locator("main").inner_text()
    for foreign in ("Борисова", "Болел", "3/3"):
        assert foreign not in main

    # The classmate's diary does not exist for this parent.
    response = page.goto(f"{live_server.url}/diary/{b.pk}/")
    assert response.status == 404
    assert "Борисова" not in page.locator("body").inner_text()
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found) "
        f"({live_server.url}/diary/{b.pk}/)"
    ]


def _deputy_closes_period(page, live_server, school):
    log_in(page, live_server, DEPUTY)
    assert path_of(page, live_server) == "/overview/"
    menu(page, "Закрытие периодов")
    assert path_of(page, live_server) == "/journal/periods/"
    expect(page.locator("h1")).to_have_text(f"Закрытие периодов — {school.year.name}")
    section = page.locator("section.card", has=page.get_by_role("heading", name="2-я четверть"))
    with page.expect_navigation():
        section.get_by_role("button", name="Закрыть для всей организации").click()
    assert path_of(page, live_server) == "/journal/periods/"
    expect(page.locator("ul.messages")).to_have_text(
        "Период «2-я четверть» закрыт для всей организации."
    )
    expect(section.locator(".badge")).to_contain_text("закрыт для всей организации")
    closure = PeriodClosure.objects.get()
    assert (closure.period_id, closure.group_id, closure.closed_by_id) == (
        school.period.pk,
        None,
        school.deputy.pk,
    )
    log_out(page)


def _teacher_finds_period_read_only(page, live_server, school):
    a = school.learners[0]
    l1, l2 = school.lessons[:2]
    # The teacher: read only.
    _open_grid(page, live_server, school)
    expect(page.locator("p.muted strong")).to_have_text("Период закрыт.")
    expect(page.locator("#journal")).to_have_attribute("data-editable", "0")
    expect(page.get_by_role("navigation", name="Периоды").locator(".badge")).to_have_text("закрыт")
    expect(page.get_by_role("link", name="Добавить урок")).to_have_count(0)
    cell = _cell(page, a, l1)
    cell.click()
    _keys(page, "5")
    status = page.locator("#journal-status")
    expect(status).to_have_text(READ_ONLY)
    expect(cell).to_have_text("4")
    expect(page.locator("#journal input")).to_have_count(0)
    page.keyboard.press("Backspace")
    expect(cell).to_have_text("4")
    page.keyboard.press("Tab")  # moving on clears the hint…
    expect(_cell(page, a, l2)).to_be_focused()
    expect(status).to_have_text("")
    _keys(page, "3")  # …and the next keystroke brings it back
    expect(status).to_have_text(READ_ONLY)
    page.keyboard.press("Enter")
    expect(_cell(page, a, l2)).to_have_text("")
    expect(page.locator("#journal td.saving, #journal td.saved")).to_have_count(0)
    assert _cells_in_db() == {(a.pk, l1.pk): ("4", "", 1, TEACHER)}
    assert len(_changes_in_db()) == 1
    log_out(page)


def _deputy_reopens_period(page, school):
    """The reopening asks for its reason; the closure stays in the record with it."""
    page.goto(page.url.split("/journal/")[0] + "/journal/periods/")
    section = page.locator("section.card", has=page.get_by_role("heading", name="2-я четверть"))
    section.get_by_label("Причина открытия").fill("Пересдача контрольной")
    with page.expect_navigation():
        section.get_by_role("button", name="Открыть снова").click()
    expect(page.locator("ul.messages")).to_have_text("Период «2-я четверть» снова открыт.")
    expect(section.get_by_role("button", name="Закрыть для всей организации")).to_be_visible()
    assert list(PeriodClosure.objects.values_list("closed_by", "reopened_by", "reopen_reason")) == [
        (school.deputy.pk, school.deputy.pk, "Пересдача контрольной")
    ]


def test_deputy_closes_period_and_teacher_cannot_change(school, live_server, page, console_errors):
    a = school.learners[0]
    l1 = school.lessons[0]
    _save(school, a, l1, "4", version=0)

    _deputy_closes_period(page, live_server, school)
    _teacher_finds_period_read_only(page, live_server, school)

    # The deputy corrects, with a reason.
    dialogs = []

    def answer(dialog):
        dialogs.append((dialog.type, dialog.message))
        dialog.accept(REASON)

    page.on("dialog", answer)
    _open_grid(page, live_server, school, DEPUTY)
    expect(page.locator("p.muted")).to_contain_text(
        "Период закрыт. Исправления — с указанием причины."
    )
    expect(page.locator("#journal")).to_have_attribute("data-editable", "1")
    cell = _cell(page, a, l1)
    cell.click()
    _keys(page, "5")
    page.keyboard.press("Enter")

    _expect_saved(cell, "5", 2)
    assert dialogs == [("prompt", "Причина исправления")]
    assert _cells_in_db() == {(a.pk, l1.pk): ("5", "", 2, DEPUTY)}
    assert _changes_in_db() == [
        (a.pk, l1.pk, "", "4", TEACHER, ""),
        (a.pk, l1.pk, "4", "5", DEPUTY, REASON),
    ]
    _deputy_reopens_period(page, school)
    assert console_errors == []


def test_cell_history_shown_with_one_key(school, live_server, page, console_errors):
    a = school.learners[0]
    l1 = school.lessons[0]
    _save(school, a, l1, "4", version=0)
    _save(school, a, l1, "5", version=1)
    _open_grid(page, live_server, school)
    panel = page.locator("#cell-history")
    expect(panel).to_be_hidden()
    cell = _cell(page, a, l1)
    cell.click()

    page.keyboard.press("h")

    expect(panel).to_be_visible()
    expect(panel.locator("h2")).to_have_text(
        f"История: Антонов А.А., {l1.date:%d.%m.%Y} (1-й урок)"
    )
    rows = panel.locator("tbody tr")
    expect(rows).to_have_count(2)
    newest, oldest = CellChange.objects.order_by("-pk")
    when = [f"{timezone.localtime(c.changed_at):%d.%m.%Y %H:%M}" for c in (newest, oldest)]
    assert rows.nth(0).locator("td").all_inner_texts() == [when[0], TEACHER_NAME, "4", "5", ""]
    assert rows.nth(1).locator("td").all_inner_texts() == [when[1], TEACHER_NAME, "—", "4", ""]
    expect(cell).to_have_text("5")  # "h" opened the history, it did not edit the cell
    expect(page.locator("#journal input")).to_have_count(0)

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(cell).to_be_focused()
    assert console_errors == []


def test_cell_history_shown_with_one_right_click(school, live_server, page, console_errors):
    a = school.learners[0]
    l1 = school.lessons[0]
    _save(school, a, l1, "3", version=0)
    _open_grid(page, live_server, school)
    panel = page.locator("#cell-history")

    _cell(page, a, l1).click(button="right")

    expect(panel).to_be_visible()
    expect(panel.locator("tbody tr")).to_have_count(1)
    assert panel.locator("tbody tr td").all_inner_texts()[1:4] == [TEACHER_NAME, "—", "3"]
    assert console_errors == []


def test_journal_pages_pass_axe_on_phone(school, live_server, page, console_errors):
    """The grid with a refused value in a cell, the year page with a proposal and the
    filtered list: no critical or serious axe finding, no sideways page at 390 px."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.factories import StudyPeriodFactory as PeriodFactory

    for period in range(3):  # every period of the year marked: the year mark is proposed
        other = PeriodFactory(
            year=school.year,
            number=10 + period,
            starts_on=school.period.starts_on - timedelta(days=3 + 3 * period),
            ends_on=school.period.starts_on - timedelta(days=2 + 3 * period),
        )
        PeriodMark.objects.create(
            learner=school.learners[0],
            subject=school.subject,
            kind=MarkKind.PERIOD,
            period=other,
            year=school.year,
            value="5",
            proposed="5",
            updated_by=school.teacher.user,
        )
    PeriodMark.objects.create(
        learner=school.learners[0],
        subject=school.subject,
        kind=MarkKind.PERIOD,
        period=school.period,
        year=school.year,
        value="4",
        proposed="4",
        updated_by=school.teacher.user,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    _open_grid(page, live_server, school)
    _cell(page, school.learners[0], school.lessons[0]).click()
    _keys(page, "7")
    page.keyboard.press("Enter")
    expect(page.locator("#journal .cell-message")).to_have_count(1)
    year_path = f"/journal/{school.group.pk}/{school.subject.pk}/year/{school.year.pk}/"

    problems = []
    for path in (None, year_path, f"/journal/?q=7&group={school.group.pk}"):
        if path:
            page.goto(live_server.url + path)
        results = Axe().run(page).response
        problems += [
            f"{path}: {v['id']} ({v['impact']})"
            for v in results["violations"]
            if v["impact"] in {"critical", "serious"}
        ]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        if path is None:  # leave the grid without an unsaved value (it would ask)
            _cell(page, school.learners[0], school.lessons[0]).click()
            page.keyboard.press("Escape")
    expect(page.locator(".proposal")).to_have_count(0)  # the list page is the last one

    assert problems == []
    assert console_errors == []
