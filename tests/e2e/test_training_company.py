"""Browser journey on the demo training company (004 §1.4, §2.3–2.5): a teacher enters
a module's results on the journal's year page, the deputy prints the final attestation
commission's protocol, and the customer's representative opens the group's results for
the month of the sitting and downloads them as XLSX."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from achievements.models import AttestationCommission, MarkKind, PeriodMark
from archive.models import DocumentKind, IssuedDocument
from learners.customer.forms import current_month
from learners.demo import DEMO_PASSWORD
from learners.models import Enrollment, Learner, StudyGroup, Subject
from tests.archive.documents.test_group_documents import pdf_text
from tests.e2e.browser import log_in, log_out, menu, path_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def training(browser):
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    call_command("demo_school", "--kind", "training", stdout=io.StringIO())


def test_teacher_enters_module_results_on_year_page(page, live_server, training):
    group = StudyGroup.objects.get(name="ПП-УП-3")
    # The demo teacher's module still in progress: no results yet.
    module = Subject.objects.get(name="Подбор, адаптация и оценка персонала")
    assert not PeriodMark.objects.filter(subject=module, kind=MarkKind.YEAR).exists()
    log_in(page, live_server, "uchitel", password=DEMO_PASSWORD)
    menu(page, "Журналы")
    page.get_by_role("row", name="ПП-УП-3 Подбор, адаптация и оценка персонала").get_by_role(
        "link", name="Открыть журнал"
    ).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Год", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Подбор, адаптация и оценка персонала — ПП-УП-3: итоговые отметки"
    )
    first = Learner.objects.filter(enrollments__group=group).order_by(
        "last_name", "first_name", "patronymic"
    )[0]
    proposal = page.locator(f"#proposal-{first.pk}").inner_text().removeprefix("предложено: ")
    assert proposal in {"5", "4", "3", "2"}
    field = page.get_by_label(f"Оценка: {first.short_name}")
    field.fill(proposal)
    with page.expect_navigation():
        page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_text("Отметки сохранены.")).to_be_visible()
    mark = PeriodMark.objects.get(learner=first, subject=module, kind=MarkKind.YEAR)
    assert (mark.value, mark.proposed, mark.updated_by.username) == (proposal, proposal, "uchitel")
    # No final mark per module: the commission gives the final attestation.
    expect(page.get_by_role("columnheader", name="Итоговая")).to_have_count(0)


def test_deputy_prints_protocol_and_customer_downloads_month(page, live_server, training):
    commission = AttestationCommission.objects.select_related("group").get()
    group = commission.group
    log_in(page, live_server, "zavuch", password=DEMO_PASSWORD)
    menu(page, "Итоговая аттестация")
    with page.expect_navigation():
        page.get_by_role("link", name=f"заседание {commission.held_on:%d.%m.%Y}").click()
    assert path_of(page, live_server) == f"/final-attestation/{commission.pk}/"
    with page.expect_download() as download:
        page.get_by_role("button", name="Напечатать протокол").click()
    text = pdf_text(download.value.path().read_bytes())
    assert "Сидоров Пётр Николаевич" in text
    assert group.name in text
    # The results did not change since the demo issued it: the same registered copy.
    assert IssuedDocument.objects.filter(kind=DocumentKind.FINAL_PROTOCOL).count() == 1

    log_out(page)
    log_in(page, live_server, "zakazchik", password=DEMO_PASSWORD)
    assert path_of(page, live_server) == "/contracted/"
    with page.expect_navigation():
        page.get_by_role("link", name=f"Результаты: {group.name}").click()
    start, end = current_month(commission.held_on)
    page.get_by_label("С", exact=True).fill(start.isoformat())
    page.get_by_label("По", exact=True).fill(end.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Показать").click()
    contracted = Enrollment.objects.filter(group=group, customer__users__username="zakazchik")
    names = sorted(e.learner.full_name for e in contracted.select_related("learner"))
    shown = page.locator("section.card h2").all_inner_texts()
    assert sorted(n for n in shown if n in names) == names
    others = Enrollment.objects.filter(group=group).exclude(pk__in=contracted.values("pk"))
    for enrollment in others.select_related("learner"):
        expect(page.get_by_text(enrollment.learner.full_name)).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать XLSX").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    final = book["Итоговая аттестация"].iter_rows(min_row=2, values_only=True)
    held_on = commission.held_on.strftime("%d.%m.%Y")
    expected = [
        [r.learner.full_name, held_on, r.work_mark, r.final_mark]
        for r in commission.results.filter(learner__in=contracted.values("learner")).select_related(
            "learner"
        )
    ]
    assert sorted(list(row) for row in final) == sorted(expected)
    assert len(expected) >= 1
