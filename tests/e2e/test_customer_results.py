"""Browser journey of the customer's view (004 §1.4): the customer's representative
signs in, opens the results of the club they pay for for the current month, reads a
learner's attendance and downloads the same figures as XLSX."""

import io

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from archive.models import Disclosure
from learners.customer.forms import current_month
from tests.achievements.factories import JournalCellFactory, LessonFactory
from tests.e2e.browser import log_in, path_of
from tests.schools import SchoolBuilder

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def club(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    # Until learners/urls.py includes learners.customer.urls.
    today = timezone.localdate()
    school = SchoolBuilder(today=today)
    group = school.group("Робототехника-1")
    teacher = school.subject_teacher(group, "Робототехника")
    customer = school.customer("АО «Технопарк»")
    school.customer_account(customer, username="zakazchik")
    learner = school.learner(
        group, "Антонова", "Алина", "Сергеевна", customer=customer, started_on=school.year.starts_on
    )
    school.learner(group, "Третьякова", "Тамара", "Ивановна", started_on=school.year.starts_on)
    subject = school.subjects["Робототехника"]
    for number, marks, attendance in ((1, "5", ""), (2, "", "н")):
        lesson = LessonFactory(group=group, subject=subject, date=today, number=number)
        JournalCellFactory(
            lesson=lesson,
            learner=learner,
            marks=marks,
            attendance=attendance,
            updated_by=teacher.user,
        )
    return group


def test_customer_reads_month_results_and_downloads_xlsx(page, live_server, club):
    log_in(page, live_server, "zakazchik")
    assert path_of(page, live_server) == "/contracted/"
    with page.expect_navigation():
        page.get_by_role("link", name="Результаты: Робототехника-1").click()
    assert path_of(page, live_server) == f"/contracts/groups/{club.pk}/"

    row = page.get_by_role("row", name="Антонова Алина Сергеевна")
    expect(row.get_by_role("cell")).to_have_text(["2", "1", "1", "0", "0", "0"])
    expect(page.get_by_text("Третьякова")).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert [list(r) for r in book["Посещаемость"].iter_rows(min_row=2, values_only=True)] == [
        ["Антонова Алина Сергеевна", "Робототехника-1", page_span(), 2, 1, 1, 0, 0, 0]
    ]
    # The page and the file: one disclosure each for the one learner shown.
    assert Disclosure.objects.count() == 2


def page_span():
    start, end = current_month(timezone.localdate())
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"
