"""Browser journey through the portfolio of achievements (R-PF-2, R-PF-3, R-PF-4): a
parent proposes an olympiad diploma with its scan, the class teacher finds it among
the entries waiting for confirmation and confirms it, the parent sees it confirmed, and
the class's XLSX carries it.

The data: the academic year that holds today, 5А with its class teacher Петрова, the
learner Антонова and her mother."""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfWriter

from achievements.models import Achievement, AchievementStatus, AchievementStatusChange
from learners.models import Learner, Role, StudyGroup
from tests.achievements.portfolio.factories import AchievementFactory, EvidenceFactory
from tests.e2e.browser import log_in, log_out, menu, path_of
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    LearnerFactory,
    OrganisationFactory,
    StaffFactory,
    StudyGroupFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEACHER, PARENT = "petrova", "antonova"
OLYMPIADS = "Олимпиады (всероссийская олимпиада школьников и другие)"
TITLE = "Муниципальный этап ВсОШ по математике"
SENT = "Запись отправлена классному руководителю на подтверждение."


@dataclass
class School:
    group: StudyGroup
    learner: Learner
    teacher: object  # User
    parent: object  # User


def _year_bounds(today: date) -> tuple[date, date]:
    starts = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    return starts, max(date(starts.year + 1, 5, 31), today + timedelta(days=30))


@pytest.fixture
def school(browser) -> School:
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    starts, ends = _year_bounds(timezone.localdate())
    OrganisationFactory()
    year = AcademicYearFactory(
        name=f"{starts.year}/{starts.year + 1}", starts_on=starts, ends_on=ends
    )
    teacher = StaffFactory(
        last_name="Петрова",
        first_name="Анна",
        patronymic="Сергеевна",
        user=UserFactory(
            username=TEACHER,
            first_name="Анна",
            last_name="Петрова",
            roles=[Role.TEACHER, Role.CLASS_TEACHER],
        ),
    )
    group = StudyGroupFactory(year=year, name="5А", class_teacher=teacher)
    learner = EnrollmentFactory(
        group=group,
        started_on=starts,
        learner=LearnerFactory(last_name="Антонова", first_name="Мария", patronymic="Ивановна"),
    ).learner
    parent = GuardianFactory(
        last_name="Антонова", user=UserFactory(username=PARENT, roles=[Role.PARENT])
    ).user
    GuardianshipFactory(learner=learner, guardian=parent.guardian)
    return School(group, learner, teacher.user, parent)


@pytest.fixture
def scan(tmp_path):
    """A one-page PDF, as a parent's scanner would save it."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    path = tmp_path / "диплом.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _click(page, locator):
    with page.expect_navigation():
        locator.click()


def _portfolio_rows(page):
    return page.locator("main table tbody tr")


def _parent_proposes(page, live_server, school, scan, when):
    """The parent proposes the diploma with its scan."""
    learner_path = f"/portfolio/learners/{school.learner.pk}/"
    log_in(page, live_server, PARENT)
    assert path_of(page, live_server) == "/children/"
    menu(page, "Портфолио")
    assert path_of(page, live_server) == learner_path  # the only child: straight to her
    expect(page.locator("h1")).to_have_text("Портфолио: Антонова Мария Ивановна")
    expect(_portfolio_rows(page)).to_have_text(["Достижений пока нет."])
    _click(page, page.get_by_role("link", name="Предложить достижение"))
    assert path_of(page, live_server) == f"{learner_path}new/"
    expect(page.locator("h1")).to_have_text("Предложить достижение")

    page.get_by_label("Категория", exact=True).select_option(label=OLYMPIADS)
    page.get_by_label("Название", exact=True).fill(TITLE)
    page.get_by_label("Уровень", exact=True).select_option(label="Муниципальный")
    page.get_by_label("Результат", exact=True).select_option(label="Победитель")
    page.get_by_label("Этап олимпиады", exact=True).select_option(label="Муниципальный этап")
    page.get_by_label("Дата", exact=True).fill(when.isoformat())
    page.get_by_label("Подтверждающие документы", exact=True).set_input_files(scan)
    _click(page, page.get_by_role("button", name="Отправить на подтверждение"))

    achievement = Achievement.objects.get()
    detail_path = f"/portfolio/achievements/{achievement.pk}/"
    assert path_of(page, live_server) == detail_path
    expect(page.locator("ul.messages")).to_have_text(SENT)
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("dl.facts .badge")).to_have_text("Предложено, ждёт подтверждения")
    expect(page.locator("ul.evidence li a").first).to_have_text("диплом.pdf")
    assert (achievement.learner, achievement.status, achievement.stage, achievement.date) == (
        school.learner,
        AchievementStatus.PROPOSED,
        "municipal",
        when,
    )
    evidence = achievement.evidence.get()
    assert (evidence.original_name, evidence.content_type, evidence.sha256) == (
        "диплом.pdf",
        "application/pdf",
        hashlib.sha256(scan.read_bytes()).hexdigest(),
    )
    log_out(page)
    return achievement


def _class_teacher_confirms(page, live_server, school, achievement, tmp_path):
    """The class teacher finds it waiting, confirms it and downloads the class's XLSX,
    which carries it."""
    detail_path = f"/portfolio/achievements/{achievement.pk}/"
    log_in(page, live_server, TEACHER)
    assert path_of(page, live_server) == "/my-class/"
    menu(page, "Портфолио")
    assert path_of(page, live_server) == "/portfolio/"
    _click(page, page.get_by_role("link", name="5А", exact=True))
    group_path = f"/portfolio/groups/{school.group.pk}/"
    assert path_of(page, live_server) == group_path
    pending = page.locator("section.warn-card")
    expect(pending.locator("h2")).to_have_text("Ждут подтверждения: 1")
    _click(page, pending.get_by_role("link", name=f"Антонова М.И.: {TITLE}"))
    assert path_of(page, live_server) == detail_path
    _click(page, page.get_by_role("button", name="Подтвердить"))

    assert path_of(page, live_server) == detail_path
    expect(page.locator("ul.messages")).to_have_text("Статус: подтверждено.")
    expect(page.locator("dl.facts .badge")).to_have_text("Подтверждено")
    expect(page.get_by_role("button", name="Подтвердить")).to_have_count(0)
    achievement.refresh_from_db()
    assert achievement.status == AchievementStatus.CONFIRMED
    assert list(
        AchievementStatusChange.objects.order_by("pk").values_list(
            "changed_by__username", "old_status", "new_status"
        )
    ) == [(PARENT, "", "proposed"), (TEACHER, "proposed", "confirmed")]

    menu(page, "Портфолио")
    _click(page, page.get_by_role("link", name="5А", exact=True))
    expect(page.locator("section.warn-card")).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать XLSX").click()
    download = download_info.value
    assert download.suggested_filename == "Портфолио 5А.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert [(r[0], r[2], r[9], r[10]) for r in rows[1:]] == [
        ("Антонова Мария Ивановна", TITLE, "Подтверждено", 1)
    ]
    log_out(page)


def test_parent_proposes_class_teacher_confirms(
    school, live_server, page, console_errors, scan, tmp_path
):
    learner_path = f"/portfolio/learners/{school.learner.pk}/"
    when = timezone.localdate() - timedelta(days=20)

    achievement = _parent_proposes(page, live_server, school, scan, when)
    _class_teacher_confirms(page, live_server, school, achievement, tmp_path)

    # The parent sees it confirmed.
    log_in(page, live_server, PARENT)
    menu(page, "Портфолио")
    assert path_of(page, live_server) == learner_path
    row = _portfolio_rows(page)
    expect(row).to_have_count(1)
    expect(row.locator("td")).to_have_text(
        [
            f"{when:%d.%m.%Y}",
            TITLE,
            OLYMPIADS,
            "Муниципальный",
            "Победитель",
            "1",
            "Подтверждено",
        ]
    )
    assert console_errors == []


def _fits_a_phone(page):
    """Nothing on the page is wider than the phone: no sideways scrolling."""
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], page.url


def test_portfolio_pages_fit_a_390px_phone(school, live_server, page, console_errors):
    achievement = AchievementFactory(
        learner=school.learner,
        title="Региональный этап всероссийской олимпиады школьников по математике",
        level="regional",
        created_by=school.teacher,
    )
    EvidenceFactory(achievement=achievement, original_name="очень-длинное-имя-файла" * 4 + ".pdf")
    UserFactory(username="zavuch", roles=[Role.DEPUTY])
    page.set_viewport_size({"width": 390, "height": 800})

    log_in(page, live_server, PARENT)
    page.goto(f"{live_server.url}/portfolio/learners/{school.learner.pk}/")
    _fits_a_phone(page)
    _click(page, page.get_by_role("link", name="Предложить достижение"))
    _fits_a_phone(page)
    _click(page, page.get_by_role("button", name="Отправить на подтверждение"))
    expect(page.get_by_label("Название", exact=True)).to_have_attribute("aria-invalid", "true")
    _fits_a_phone(page)
    page.goto(f"{live_server.url}/portfolio/achievements/{achievement.pk}/")
    _fits_a_phone(page)
    log_out(page)

    log_in(page, live_server, "zavuch")
    page.goto(f"{live_server.url}/portfolio/gifted/")
    expect(page.locator("main table tbody tr")).to_have_count(1)
    _fits_a_phone(page)
    assert console_errors == []
