"""Browser journey of credit transfer (R-CT-1..10), all through the real pages: a parent
fills in and submits the application with the extract attached (after one refused
field); the deputy reviews it in the admin and sends the line to the subject teacher;
the teacher credits it as «5»; the deputy approves; the director registers the order;
the parent sees the decision and downloads the PDFs; the journal shows the credited mark
and the lessons the learner is now exempt from.

The data: a school year that holds today with one study period, 7А, the learner
Соколов Михаил with his mother, the English teacher of 7А, the deputy and the director."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from credit_transfer.models import Application, Notification, Status
from learners.models import Role
from tests.achievements.factories import LessonFactory
from tests.achievements.portfolio.files import pdf_bytes
from tests.e2e.browser import log_in, log_out, menu, path_of
from tests.factories import (
    AcademicYearFactory,
    CurriculumLineFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    LearnerFactory,
    OrganisationFactory,
    ProgrammeFactory,
    StaffFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PARENT, DEPUTY, DIRECTOR, TEACHER = "sokolova", "zavuch", "direktor", "anglichanka"
ENGLISH = "Иностранный язык (английский)"
OTHER = "ЧУ ДО «Лингва-центр»"


@dataclass
class School:
    group: object
    subject: object
    period: object
    learner: object
    lessons: list


@pytest.fixture
def school(browser) -> School:
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = date.today()
    starts = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    ends = max(date(starts.year + 1, 5, 31), today + timedelta(days=30))
    OrganisationFactory(short_name="МАОУ СОШ № 17")
    year = AcademicYearFactory(name=f"{starts.year}/{ends.year}", starts_on=starts, ends_on=ends)
    period = StudyPeriodFactory(year=year, number=1, starts_on=starts, ends_on=ends)
    programme = ProgrammeFactory(name="ООП основного общего образования")
    group = StudyGroupFactory(year=year, programme=programme, grade=7, name="7А")
    subject = SubjectFactory(name=ENGLISH)
    CurriculumLineFactory(programme=programme, subject=subject, grade=7, hours=102)
    learner = EnrollmentFactory(
        group=group,
        started_on=starts,
        learner=LearnerFactory(
            last_name="Соколов", first_name="Михаил", patronymic="Андреевич",
            birth_date=date(starts.year - 13, 3, 12),
        ),
    ).learner  # fmt: skip
    parent = UserFactory(username=PARENT, email="sokolova@example.org", roles=[Role.PARENT])
    GuardianshipFactory(learner=learner, guardian=GuardianFactory(user=parent))
    teacher = StaffFactory(
        last_name="Демидова",
        user=UserFactory(username=TEACHER, roles=[Role.TEACHER]),
    )
    TeachingAssignmentFactory(teacher=teacher, subject=subject, group=group)
    StaffFactory(user=UserFactory(username=DEPUTY, roles=[Role.DEPUTY]))
    StaffFactory(user=UserFactory(username=DIRECTOR, roles=[Role.DIRECTOR]))
    lessons = [
        LessonFactory(group=group, subject=subject, period=period, date=day, number=2,
                      teacher=teacher)
        for day in (today - timedelta(days=1), today + timedelta(days=1),
                    today + timedelta(days=8))
        if starts <= day <= ends
    ]  # fmt: skip
    return School(group, subject, period, learner, lessons)


def click(page, locator):
    with page.expect_navigation():
        locator.click()


def fill_application(page, school, *, series):
    page.get_by_label("Обучающийся", exact=True).select_option(str(school.learner.pk))
    page.get_by_label("Фамилия, имя, отчество (при наличии) заявителя").fill(
        "Соколова Виктория Андреевна"
    )
    page.get_by_label("Серия паспорта").fill(series)
    page.get_by_label("Номер паспорта").fill("123456")
    page.get_by_label("Дата выдачи паспорта").fill("2015-06-01")
    page.get_by_label("Кем выдан паспорт").fill("ГУ МВД России по Воронежской области")
    page.get_by_label("Адрес регистрации (места жительства)").fill(
        "394036, г. Воронеж, ул. Пушкинская, д. 5, кв. 12"
    )
    page.get_by_label("Телефон").fill("+7 910 123-45-67")
    page.get_by_label("Наименование организации, где обучающийся осваивает программу").fill(OTHER)
    page.get_by_label("Адрес этой организации").fill("394018, г. Воронеж, ул. Плехановская, 22")
    page.get_by_label("Номер лицензии на образовательную деятельность").fill("Л035-01234-36/001")
    page.get_by_label("Дата лицензии").fill("2016-04-12")
    page.get_by_label("Предметная область").fill("Иностранные языки")
    page.get_by_label("Наименование программы").fill("Английский язык. Уровень A2")
    page.locator("[name=lines-0-subject]").select_option(label=ENGLISH)
    page.locator("[name=lines-0-external_name]").fill(ENGLISH)
    page.locator("[name=lines-0-external_scale]").select_option(
        label="Уровни (высокий, средний, низкий)"
    )
    page.locator("[name=lines-0-external_result]").fill("высокий")
    page.locator("[name=lines-0-external_hours]").fill("102")
    page.get_by_label("Отметки выставить по итогам").select_option(str(school.period.pk))
    page.get_by_label("Основание для зачёта (п. 3.4 Положения)").select_option("elsewhere")
    page.get_by_label("Справка (выписка) с отметками, заверенная организацией").set_input_files(
        {"name": "Справка.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.locator("#id_consent").check()


def test_credit_transfer_journey(school, live_server, page, console_errors):
    # 1. The parent applies from home, one field wrong at first.
    log_in(page, live_server, PARENT)
    menu(page, "Зачёт результатов")
    assert path_of(page, live_server) == "/credit/"
    click(page, page.get_by_role("link", name="Подать заявление"))
    fill_application(page, school, series="12")
    click(page, page.get_by_role("button", name="Подать заявление"))
    expect(page.locator(".errors")).to_contain_text("Серия паспорта — 4 цифры, например 20 14.")
    assert not Application.objects.exists()
    fill_application(page, school, series="2014")
    click(page, page.get_by_role("button", name="Подать заявление"))
    application = Application.objects.get()
    assert path_of(page, live_server) == f"/credit/{application.pk}/"
    expect(page.locator("ul.messages")).to_contain_text("Заявление подано.")
    expect(page.locator(".status-card .badge")).to_have_text("Подано")
    assert (application.status, application.signed_by.username) == (Status.SUBMITTED, PARENT)
    assert Notification.objects.get().sent_at is not None
    log_out(page)

    # 2. The deputy reviews it in the admin and sends the line to the subject teacher.
    log_in(page, live_server, DEPUTY)
    menu(page, "Зачёт результатов")
    assert path_of(page, live_server) == "/admin/credit_transfer/application/"
    click(page, page.get_by_role("link", name=application.number))
    review = f"/admin/credit_transfer/application/{application.pk}/change/"
    assert path_of(page, live_server) == review
    expect(page.locator(".credit-review")).to_contain_text(
        "Перевод отметки решает учитель-предметник"
    )
    click(page, page.get_by_role("button", name="Взять в работу"))
    click(page, page.get_by_role("button", name="Передать учителю-предметнику"))
    expect(page.locator(".messagelist")).to_contain_text("Готово: передать учителю-предметнику.")
    log_out(page)

    # 3. The teacher credits it as «5» in their own interface.
    log_in(page, live_server, TEACHER)
    menu(page, "Зачёт результатов")
    card = page.locator("article.conversion")
    expect(card.locator("h3")).to_have_text(f"{ENGLISH} — Соколов Михаил Андреевич, 7А")
    card.get_by_label("Зачесть с отметкой «5»").check()
    click(page, card.get_by_role("button", name="Сохранить решение"))
    expect(page.locator("ul.messages")).to_contain_text(f"Решение по предмету «{ENGLISH}»")
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    log_out(page)

    # 4. The deputy approves.
    log_in(page, live_server, DEPUTY)
    page.goto(live_server.url + review)
    click(page, page.get_by_role("button", name="Принять решение и сообщить семье"))
    application.refresh_from_db()
    assert (application.status, application.outcome) == (Status.DECIDED, "approved")
    log_out(page)

    # 5. The director registers the order.
    log_in(page, live_server, DIRECTOR)
    page.goto(live_server.url + review)
    page.get_by_label("Номер приказа").fill("117-у")
    click(page, page.get_by_role("button", name="Зарегистрировать приказ"))
    application.refresh_from_db()
    assert (application.status, application.order_number) == (Status.ORDER_ISSUED, "117-у")
    log_out(page)

    # 6. The parent sees the decision and downloads the documents.
    log_in(page, live_server, PARENT)
    page.goto(f"{live_server.url}/credit/{application.pk}/")
    expect(page.locator(".status-card .badge").first).to_have_text("Издан приказ")
    expect(page.locator(".badge.decision-credited")).to_have_text("Зачтено: «5»")
    for title in ("Заявление о зачёте (PDF)", "Решение о зачёте (PDF)", "Приказ о зачёте (PDF)"):
        href = page.get_by_role("link", name=title).get_attribute("href")
        response = page.request.get(live_server.url + href)
        assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
        assert response.body().startswith(b"%PDF")
    log_out(page)

    # 7. The journal shows the credited mark and the exempt lessons.
    log_in(page, live_server, TEACHER)
    page.goto(
        f"{live_server.url}/journal/{school.group.pk}/{school.subject.pk}/{school.period.pk}/"
    )
    row = page.locator(f"tr[data-learner='{school.learner.pk}']")
    mark = row.locator("td.period-mark")
    expect(mark).to_have_text("5")
    expect(mark).to_have_class("period-mark credited")
    assert OTHER in mark.get_attribute("title")
    after = [lesson for lesson in school.lessons if lesson.date >= date.today()]
    expect(row.locator("td.cell.exempt")).to_have_count(len(after))
    expect(row.locator("td.cell.exempt").first).to_have_text("осв")
    assert console_errors == []
