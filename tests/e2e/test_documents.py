"""Browser journey through a family's request for a document (R-AR-7): the mother asks
for a certificate of studies in her account, the deputy issues it from the list of
requests, the mother downloads it (the PDF carries its number and her son's name), and
it stands in the register of issued documents and in the disclosure log.

The data: the academic year that holds today, 7А with Соколов Иван Петрович (year marks
in mathematics and Russian), his mother Соколова Анна Петровна, and the deputy."""

import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from achievements.models import MarkKind
from archive.models import IssuedDocument
from learners.models import Role
from tests.achievements.factories import PeriodMarkFactory
from tests.e2e.browser import log_in, log_out, menu, path_of
from tests.schools import SchoolBuilder

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PARENT, DEPUTY = "sokolova", "zavuch"
PURPOSE = "для предъявления в спортивную школу"
KIND = "Справка об обучении (о периоде обучения)"


@pytest.fixture
def school(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    build = SchoolBuilder(today=timezone.localdate())
    build.organisation()
    group = build.group("7А", grade=7)
    son = build.learner(group, "Соколов", "Иван", "Петрович")
    build.parent(son, username=PARENT, last_name="Соколова", first_name="Анна",
                 patronymic="Петровна")  # fmt: skip
    build.official(Role.DEPUTY, username=DEPUTY)
    marker = build.user(Role.TEACHER)
    for subject, value in (("Математика", "5"), ("Русский язык", "4")):
        PeriodMarkFactory(
            learner=son, subject=build.subject(subject), year=build.year, kind=MarkKind.YEAR,
            period=None, value=value, updated_by=marker,
        )  # fmt: skip
    return son


def _click(page, locator):
    with page.expect_navigation():
        locator.click()


def _parent_requests(page, live_server):
    log_in(page, live_server, PARENT)
    menu(page, "Документы")
    assert path_of(page, live_server) == "/documents/family/"
    _click(page, page.get_by_role("link", name="Запросить документ"))
    page.get_by_label("Документ", exact=True).select_option(label=KIND)
    page.get_by_label("Для чего нужен документ").fill(PURPOSE)
    page.get_by_label("Как получить").select_option(label="В личном кабинете")
    _click(page, page.get_by_role("button", name="Отправить запрос"))
    assert path_of(page, live_server) == "/documents/family/"
    expect(page.locator("ul.messages")).to_contain_text("Запрос № 1 зарегистрирован.")
    log_out(page)


def _deputy_issues(page, live_server):
    log_in(page, live_server, DEPUTY)
    menu(page, "Документы")
    assert path_of(page, live_server) == "/documents/"
    _click(page, page.get_by_role("link", name="Запросы документов"))
    today = f"{timezone.localdate():%d.%m.%Y}"
    _click(page, page.get_by_role("link", name=f"№ 1 от {today}"))
    expect(page.locator("h1")).to_have_text(f"Запрос № 1 от {today}")
    _click(page, page.get_by_role("button", name="Выдать документ"))
    expect(page.locator("ul.messages")).to_have_text(
        "Выдан документ № СО-1: он появился в личном кабинете семьи."
    )
    log_out(page)


def test_parent_requests_deputy_issues_parent_downloads_logged(
    school, live_server, page, console_errors, tmp_path
):
    _parent_requests(page, live_server)
    _deputy_issues(page, live_server)

    log_in(page, live_server, PARENT)
    menu(page, "Документы")
    row = page.locator("tr", has=page.get_by_role("link", name="Скачать PDF"))
    expect(row.locator("td").nth(1)).to_have_text("СО-1")
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Скачать PDF").click()
    saved = tmp_path / "certificate.pdf"
    download_info.value.save_as(saved)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages)
    assert "СО-1" in text
    assert "Соколов" in text
    assert saved.read_bytes() == IssuedDocument.objects.get().file.open("rb").read()
    expect(page.get_by_text("Документ выдан")).to_be_visible()
    log_out(page)

    log_in(page, live_server, DEPUTY)
    menu(page, "Документы")
    register = page.locator("table tbody tr")
    expect(register).to_have_count(1)
    expect(register.locator("td").nth(0)).to_have_text("СО-1")
    expect(register.locator("td").nth(3)).to_have_text("Соколова Анна Петровна (мать)")
    menu(page, "Журнал передачи сведений")
    log = page.locator("table tbody tr")
    expect(log).to_have_count(1)
    expect(log.locator("td").nth(1)).to_have_text("Соколов Иван Петрович")
    expect(log.locator("td").nth(2)).to_contain_text("№ СО-1 от")
    expect(log.locator("td").nth(3)).to_have_text("Соколова Анна Петровна (мать)")
    assert console_errors == []
