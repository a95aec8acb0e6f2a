"""Browser journey through the roster import and the statistics (R-LRN-6, R-JRN-8):
the deputy downloads the template, uploads a class list, sees the dry run and loads
it; then opens the organisation's statistics, goes to the class's page with its chart
and the table beneath it; the director's start page shows the same figures.

The data: a year whose first quarter is over, 5А with its class teacher and three
learners with their marks of that quarter (one «н/а»), the deputy and the director.
The file brings two new learners into 5А, one with a mother's e-mail."""

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from achievements.models import MarkKind
from learners.models import Guardian, Learner, Role
from learners.roster.columns import COLUMNS, SHEET
from tests.achievements.factories import PeriodMarkFactory
from tests.e2e.browser import log_in, log_out, menu, path_of
from tests.schools import SchoolBuilder

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DEPUTY, DIRECTOR = "zavuch", "direktor"


@dataclass
class School:
    group_id: int
    quarter: str  # with its year, as the statistics' heading names it
    quarter_name: str


@pytest.fixture
def school(browser) -> School:
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = timezone.localdate()
    starts = today - timedelta(days=120)
    ends = today + timedelta(days=150)
    build = SchoolBuilder(name=f"{starts.year}/{ends.year}", starts_on=starts, ends_on=ends)
    build.organisation()
    first = build.period(
        number=1, starts_on=today - timedelta(days=120), ends_on=today - timedelta(days=60)
    )
    build.period(number=2, starts_on=today - timedelta(days=50), ends_on=today + timedelta(days=20))
    teacher = build.class_teacher("Петрова", "Анна", "Сергеевна")
    group = build.group("5А", class_teacher=teacher)
    maths, russian = build.subject("Математика"), build.subject("Русский язык")
    marks = {
        ("Антонова", "Мария"): ("5", "5"),
        ("Борисов", "Глеб"): ("4", "5"),
        ("Волков", "Илья"): ("3", "н/а"),
    }
    for (last_name, first_name), values in marks.items():
        learner = build.learner(group, last_name, first_name)
        for subject, value in zip((maths, russian), values, strict=True):
            PeriodMarkFactory(
                learner=learner, subject=subject, year=build.year, kind=MarkKind.PERIOD,
                period=first, value=value,
            )  # fmt: skip
    build.official(Role.DEPUTY, username=DEPUTY)
    build.official(Role.DIRECTOR, username=DIRECTOR)
    return School(group.pk, f"{first.name} {build.year.name}", first.name)


def _roster_file() -> bytes:
    """Two new learners of 5А; the first with her mother's e-mail."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([column.title for column in COLUMNS])
    values = {
        "number": "Э-001", "last_name": "Егорова", "first_name": "Дарья",
        "patronymic": "Петровна", "birth_date": "12.04.2015", "sex": "Ж", "group": "5А",
        "p1_last_name": "Егорова", "p1_first_name": "Елена", "p1_patronymic": "Сергеевна",
        "p1_kinship": "мать", "p1_email": "egorova@example.org",
    }  # fmt: skip
    sheet.append([values.get(column.key, "") for column in COLUMNS])
    second = {"number": "Ж-002", "last_name": "Жуков", "first_name": "Павел",
              "birth_date": "03.02.2015", "sex": "М", "group": "5А"}  # fmt: skip
    sheet.append([second.get(column.key, "") for column in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _click(page, locator):
    with page.expect_navigation():
        locator.click()


def test_deputy_imports_roster_and_reads_statistics_director_sees_figures(
    page, live_server, school, console_errors
):
    log_in(page, live_server, DEPUTY)
    menu(page, "Загрузка списков")
    assert path_of(page, live_server) == "/roster/import/"
    with page.expect_download() as download:
        page.get_by_role("link", name="шаблон (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # The dry run: both rows would be created, nothing is written yet.
    page.get_by_label("Файл со списком (XLSX)").set_input_files(
        files=[{"name": "5А.xlsx", "mimeType": "application/octet-stream",
                "buffer": _roster_file()}]
    )  # fmt: skip
    _click(page, page.get_by_role("button", name="Проверить"))
    plan = page.locator("section", has=page.get_by_role("heading", name="Проверка файла «5А.xlsx»"))
    expect(plan.locator(".stat").first).to_have_text("2будет создано")
    expect(plan.locator("tbody tr")).to_have_count(2)
    assert Learner.objects.filter(last_name__in=["Егорова", "Жуков"]).count() == 0

    # The real run.
    _click(page, page.get_by_role("button", name="Загрузить"))
    result = page.locator("section", has=page.get_by_role("heading", name="Список загружен"))
    expect(result.locator(".stat").first).to_have_text("2обучающихся создано")
    assert sorted(
        Learner.objects.filter(enrollments__group_id=school.group_id).values_list(
            "last_name", flat=True
        )
    ) == ["Антонова", "Борисов", "Волков", "Егорова", "Жуков"]
    assert Guardian.objects.get(user__email="egorova@example.org").last_name == "Егорова"

    # The organisation's statistics for the quarter that is over, then the class.
    menu(page, "Статистика")
    assert path_of(page, live_server) == "/statistics/"
    expect(page.locator("h1")).to_have_text(f"Статистика успеваемости — {school.quarter}")
    _click(page, page.get_by_role("link", name="5А", exact=True).first)
    assert path_of(page, live_server) == f"/statistics/groups/{school.group_id}/"
    # Three attested (the two new learners have no marks): Волков has «н/а», the
    # other two pass, Антонова alone with «5» only; Борисов has one «4».
    stats = page.locator(".stats .stat")
    expect(stats.nth(0)).to_contain_text("66,7 %")
    expect(stats.nth(1)).to_contain_text("66,7 %")
    expect(stats.nth(3)).to_contain_text("3 из 5")
    subjects = page.locator("section", has=page.get_by_role("heading", name="По предметам"))
    expect(subjects.locator("svg[role=img]")).to_have_count(1)
    table = subjects.locator("table")
    expect(table).to_contain_text("Математика")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    log_out(page)

    # The director's start page shows the organisation's figures of that quarter.
    log_in(page, live_server, DIRECTOR)
    assert path_of(page, live_server) == "/overview/"
    panel = page.locator("section", has=page.get_by_role("heading", name="Успеваемость и качество"))
    expect(panel).to_contain_text(f"Последний завершённый период — {school.quarter_name}.")
    expect(panel.locator(".stat").first).to_have_text("66,7 %успеваемость")
    expect(panel.locator("svg[role=img]")).to_have_count(1)
    assert console_errors == []
