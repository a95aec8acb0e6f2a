"""Browser journey of credit transfer (R-CT-1..10) for the *current* study period, all
through the real pages: a parent fills in every field of the application (Appendix 1),
is refused once for a malformed passport series, fixes it and submits with the extract
attached; the deputy reviews the line's checks in the admin and hands it to the subject
teacher; the English teacher credits the «высокий» level as «5»; the deputy decides;
the director registers the order; the parent sees the decision and fetches the PDFs;
the journal shows the credited period mark and «осв» on the lessons from the order on.

The data: the academic year that holds today, split into two periods so that the one
holding today runs at least a week past it; 7А (grade 7) with English on 102 hours a
year, the learner Соколов Михаил and a classmate, his mother, the English teacher, the
deputy and the director; English lessons before today, today and on later weekdays.

The line's 102 hours there are at least the period's share of the year's 102 hours, and
the course name is the curriculum's own: the only routing is the teacher's conversion
of a result from another scale, never the pedagogical council."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from achievements.models import Exemption, Lesson, MarkOrigin, PeriodMark
from credit_transfer.models import (
    Application,
    ApplicationLine,
    Conversion,
    LineDecision,
    Notification,
    Outcome,
    Status,
)
from learners.models import Learner, Role, StudyGroup, StudyPeriod, Subject
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

PARENT, TEACHER, DEPUTY, DIRECTOR = "sokolova", "demidova", "zavuch", "direktor"
PARENT_EMAIL = "sokolova@example.org"
ENGLISH = "Иностранный язык (английский)"
LEVELS = "Уровни (высокий, средний, низкий)"
ELSEWHERE = "Освоение курсов, дополнительных программ по собственному выбору в другой организации"
OTHER = "ЧУ ДО «Лингва-центр»"
ORDER = "117-у"
HOURS = 102  # the curriculum's hours a year; the line states the same
SUBMITTED = "Заявление подано. Решение будет сообщено вам по электронной почте и на этой странице."
CONVERSION = "Перевод отметки решает учитель-предметник"
EXEMPT = "Освобождён от посещения уроков"
PDF = {"name": "Справка Лингва-центр.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}


@dataclass
class School:
    period: StudyPeriod  # the one holding today
    group: StudyGroup
    english: Subject
    learner: Learner
    classmate: Learner
    lessons: list[Lesson]

    @property
    def grid_path(self) -> str:
        return f"/journal/{self.group.pk}/{self.english.pk}/{self.period.pk}/"

    @property
    def target_label(self) -> str:
        """The period as the form's «Отметки выставить по итогам» names it."""
        p = self.period
        return f"{p.name} ({p.starts_on:%d.%m.%Y}–{p.ends_on:%d.%m.%Y})"


def _year_bounds(today: date) -> tuple[date, date]:
    """Sept 1 – May 31 of the school year of ``today``; in the summer the year is
    stretched past today so that it still holds it."""
    starts = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    return starts, max(date(starts.year + 1, 5, 31), today + timedelta(days=30))


def _periods(starts: date, ends: date, today: date) -> tuple[tuple[date, date], ...]:
    """Two periods covering the year; the one holding today runs 20 days or more
    past it."""
    if (today - starts).days >= 21:
        return (starts, today - timedelta(days=21)), (today - timedelta(days=20), ends)
    return (starts, today + timedelta(days=20)), (today + timedelta(days=21), ends)


def _weekday_after(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _weekday_before(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


@pytest.fixture
def school(browser) -> School:
    """``browser`` first: see conftest.py on the connections the ORM must use."""
    today = timezone.localdate()
    starts, ends = _year_bounds(today)
    OrganisationFactory()
    year = AcademicYearFactory(
        name=f"{starts.year}/{starts.year + 1}", starts_on=starts, ends_on=ends
    )
    periods = [
        StudyPeriodFactory(year=year, number=number, starts_on=first, ends_on=last)
        for number, (first, last) in enumerate(_periods(starts, ends, today), start=1)
    ]
    [period] = [p for p in periods if p.starts_on <= today <= p.ends_on]
    programme = ProgrammeFactory(name="ООП основного общего образования")
    group = StudyGroupFactory(year=year, programme=programme, grade=7, name="7А")
    english = SubjectFactory(name=ENGLISH)
    for subject in (english, SubjectFactory(name="Математика")):
        CurriculumLineFactory(programme=programme, subject=subject, grade=7, hours=HOURS)
    teacher = _staff(group, english)
    learner, classmate = _family(group, starts)
    later = _weekday_after(today)
    days = [_weekday_before(today), today, later, _weekday_after(later + timedelta(days=6))]
    lessons = [
        LessonFactory(
            group=group, subject=english, period=period, teacher=teacher, date=day, number=2
        )
        for day in days
        if period.starts_on <= day <= period.ends_on
    ]
    assert [lesson.date >= today for lesson in lessons].count(True) == 3
    return School(period, group, english, learner, classmate, lessons)


def _staff(group: StudyGroup, english: Subject):
    """The English teacher of 7А, the deputy and the director; the teacher's staff record."""
    teacher = StaffFactory(
        last_name="Демидова",
        first_name="Ольга",
        patronymic="Викторовна",
        user=UserFactory(
            username=TEACHER, first_name="Ольга", last_name="Демидова", roles=[Role.TEACHER]
        ),
    )
    TeachingAssignmentFactory(teacher=teacher, subject=english, group=group)
    UserFactory(username=DEPUTY, first_name="Ирина", last_name="Завьялова", roles=[Role.DEPUTY])
    UserFactory(username=DIRECTOR, first_name="Мария", last_name="Иванова", roles=[Role.DIRECTOR])
    return teacher


def _family(group: StudyGroup, starts: date) -> tuple[Learner, Learner]:
    """Соколов Михаил with his mother (the parent applying) and a classmate."""
    learner, classmate = (
        EnrollmentFactory(
            group=group,
            started_on=starts,
            learner=LearnerFactory(
                last_name=last,
                first_name=first,
                patronymic=middle,
                birth_date=date(starts.year - 13, 3, 12),
            ),
        ).learner
        for last, first, middle in [
            ("Соколов", "Михаил", "Андреевич"),
            ("Алексеева", "Дарья", "Павловна"),
        ]
    )
    parent = UserFactory(
        username=PARENT,
        email=PARENT_EMAIL,
        first_name="Виктория",
        last_name="Соколова",
        roles=[Role.PARENT],
    )
    GuardianshipFactory(
        learner=learner,
        guardian=GuardianFactory(
            user=parent, last_name="Соколова", first_name="Виктория", patronymic="Андреевна"
        ),
    )
    return learner, classmate


# Browser helpers -----------------------------------------------------------------------------


def _click(page, locator):
    with page.expect_navigation():
        locator.click()


def _field(page, label):
    # A required field's label ends in « *» (the mark is hidden from screen readers).
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}( \*)?\s*$"))


def _fill_application(page, school: School, *, series: str):
    """Every field of the form, as the mother types them from her papers."""
    _field(page, "Обучающийся").select_option(
        label=f"Соколов Михаил Андреевич, {school.learner.birth_date:%d.%m.%Y} г. р., 7А"
    )
    _field(page, "Фамилия, имя, отчество (при наличии) заявителя").fill(
        "Соколова Виктория Андреевна"
    )
    _field(page, "Серия паспорта").fill(series)
    _field(page, "Номер паспорта").fill("123456")
    _field(page, "Дата выдачи паспорта").fill("2015-06-01")
    _field(page, "Кем выдан паспорт").fill("ГУ МВД России по Воронежской области")
    _field(page, "Адрес регистрации (места жительства)").fill(
        "394036, г. Воронеж, ул. Пушкинская, д. 5, кв. 12"
    )
    _field(page, "Телефон").fill("+7 910 123-45-67")
    _field(page, "Наименование организации, где обучающийся осваивает программу").fill(OTHER)
    _field(page, "Адрес этой организации").fill("394018, г. Воронеж, ул. Плехановская, д. 22")
    _field(page, "Номер лицензии на образовательную деятельность").fill("Л035-01234-36/001")
    _field(page, "Дата лицензии").fill("2016-04-12")
    _field(page, "Номер свидетельства о государственной аккредитации").fill("А007-01234-36/02")
    _field(page, "Дата свидетельства об аккредитации").fill("2019-02-20")
    _field(page, "Предметная область").fill("Иностранные языки")
    _field(page, "Наименование программы").fill("Английский язык для школьников. Уровень A2")
    # The line's inputs carry no label of their own (see the report): the row's columns.
    line = page.locator("#lines tr.line-row").first
    line.locator("select[name$='-subject']").select_option(label=ENGLISH)
    line.locator("input[name$='-external_name']").fill(ENGLISH)
    line.locator("select[name$='-external_scale']").select_option(label=LEVELS)
    line.locator("input[name$='-external_result']").fill("высокий")
    line.locator("input[name$='-external_hours']").fill(str(HOURS))
    _field(page, "Отметки выставить по итогам").select_option(label=school.target_label)
    _field(page, "Основание для зачёта (п. 3.4 Положения)").select_option(label=ELSEWHERE)
    _field(page, "Пояснение (для «иной уважительной причины» — обязательно)").fill(
        "Занимается в языковом центре с 2022 года"
    )
    _field(page, "Прошу освободить от посещения занятий по зачтённым предметам").check()
    _field(page, "Справка (выписка) с отметками, заверенная организацией").set_input_files(PDF)
    page.get_by_label("Подтверждаю согласие на выставление отметок").check()


def _open_in_admin(page, live_server, application):
    """From the top menu: «Зачёт результатов» leads the administration to the admin list."""
    menu(page, "Зачёт результатов")
    assert path_of(page, live_server) == "/admin/credit_transfer/application/"
    _click(page, page.get_by_role("link", name=application.number, exact=True))
    assert (
        path_of(page, live_server) == f"/admin/credit_transfer/application/{application.pk}/change/"
    )
    return page.locator(".credit-review")


def _admin_message(page):
    return page.locator("ul.messagelist li")


def _line_row(review):
    """The line's row in «Предметы и проверка условий зачёта»."""
    return review.locator("tr[class^='verdict-']")


def _fetch_pdf(page, live_server, title):
    href = page.get_by_role("link", name=title, exact=True).get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200, (title, response.status, response.text()[:500])
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    body = response.body()
    assert body.startswith(b"%PDF")
    return body


def _letters(mailoutbox):
    return [(m.to, m.subject) for m in mailoutbox]


# The journey ---------------------------------------------------------------------------------


def test_credit_for_the_current_period(
    school, live_server, page, console_errors, mailoutbox, tmp_path
):
    application = _parent_applies(page, live_server, school, mailoutbox)
    _deputy_hands_to_teacher(page, live_server, application)
    _teacher_converts(page, live_server, application)
    _deputy_decides(page, live_server, application)
    _director_orders(page, live_server, application)
    _parent_sees_decision(page, live_server, application, mailoutbox)
    _journal_shows_credit(page, live_server, school, application)

    assert console_errors == []


# The journey's steps -------------------------------------------------------------------------


def _parent_applies(page, live_server, school: School, mailoutbox):
    """The parent applies; a malformed passport series is refused first."""
    log_in(page, live_server, PARENT)
    menu(page, "Зачёт результатов")
    assert path_of(page, live_server) == "/credit/"
    expect(page.locator("h1")).to_have_text("Зачёт результатов из других организаций")
    _click(page, page.get_by_role("link", name="Подать заявление"))
    assert path_of(page, live_server) == "/credit/new/"
    expect(page.locator("h1")).to_have_text("Заявление о зачёте результатов")

    _fill_application(page, school, series="12")
    page.get_by_role("button", name="Подать заявление").click()
    _click(page, page.get_by_role("button", name="Подтвердить"))
    assert path_of(page, live_server) == "/credit/new/"
    errors = page.locator(".errors[role=alert]")
    expect(errors).to_contain_text("Заявление не сохранено: исправьте отмеченные поля.")
    expect(errors).to_contain_text("Серия паспорта: Серия паспорта — 4 цифры, например 20 14.")
    series = page.locator(".field.invalid", has=_field(page, "Серия паспорта"))
    expect(series.locator(".field-error")).to_have_text("Серия паспорта — 4 цифры, например 20 14.")
    # The chosen extract is kept with a draft: the parent does not pick it again.
    expect(page.locator(".message.info")).to_have_text(
        "Выбранные файлы сохранены в черновике заявления (см. «Документы»): выбирать их "
        "снова не нужно."
    )
    expect(page.locator("fieldset ul.evidence li a")).to_have_text(PDF["name"])
    other_name = _field(page, "Наименование организации, где обучающийся осваивает программу")
    expect(other_name).to_have_value(OTHER)  # the rest of the form is kept
    draft = Application.objects.get()
    assert (draft.status, draft.passport_series, draft.attachments.count()) == (
        Status.DRAFT, "", 1,
    )  # fmt: skip
    assert mailoutbox == []
    return _parent_submits_fixed(page, live_server, school, mailoutbox)


def _parent_submits_fixed(page, live_server, school: School, mailoutbox):
    """The parent fixes the series and submits (the extract kept from the first try):
    what the page, the record and the letter then show."""
    _field(page, "Серия паспорта").fill("20 14")
    page.get_by_role("button", name="Подать заявление").click()
    _click(page, page.get_by_role("button", name="Подтвердить"))

    application = Application.objects.get()
    detail = f"/credit/{application.pk}/"
    assert path_of(page, live_server) == detail
    expect(page.locator("ul.messages")).to_have_text(SUBMITTED)
    expect(page.locator("h1")).to_have_text(f"Заявление о зачёте № {application.number}")
    expect(page.locator(".status-card .badge")).to_have_text("Подано")
    expect(page.locator("main table").first).to_contain_text(CONVERSION)
    expect(page.locator("ul.evidence li a").first).to_have_text(PDF["name"])
    expect(page.locator("dl.facts")).to_contain_text(
        "простая электронная подпись: Виктория Соколова"
    )
    assert (
        application.status,
        application.learner,
        application.period,
        application.passport_series,
        application.phone,
        application.other_accreditation_number,
        application.ground,
        application.wants_exemption,
        application.consent,
        application.signed_by.username,
    ) == (
        Status.SUBMITTED,
        school.learner,
        school.period,
        "2014",
        "+7 (910) 123-45-67",
        "А007-01234-36/02",
        "elsewhere",
        True,
        True,
        PARENT,
    )
    line = ApplicationLine.objects.get()
    assert (
        line.subject,
        line.external_name,
        line.external_scale,
        line.external_result,
        line.external_hours,
    ) == (school.english, ENGLISH, "levels", "высокий", HOURS)
    attachment = application.attachments.get()
    assert (attachment.kind, attachment.original_name, attachment.content_type) == (
        "extract",
        PDF["name"],
        "application/pdf",
    )
    submitted = f"Заявление о зачёте № {application.number}: заявление подано"
    assert _letters(mailoutbox) == [([PARENT_EMAIL], submitted)]
    assert Notification.objects.get().sent_at is not None
    log_out(page)
    return application


def _deputy_hands_to_teacher(page, live_server, application):
    """The deputy reviews it in the admin and hands the line to the subject teacher."""
    log_in(page, live_server, DEPUTY)
    review = _open_in_admin(page, live_server, application)
    expect(page.locator("h1")).to_have_text(f"Заявление о зачёте № {application.number}")
    summary = review.locator(".summary h2")
    expect(summary).to_have_text("Соколов Михаил Андреевич, 7А — Подано")
    expect(review.locator(".summary")).to_contain_text(OTHER)
    row = _line_row(review)
    expect(row).to_have_class("verdict-conversion")
    expect(row.locator(".verdict")).to_have_text(CONVERSION)
    expect(row.locator("li.check-fail")).to_have_count(0)
    expect(row.locator("li.check-route")).to_have_count(1)
    expect(row.locator("li.check-route")).to_contain_text("учитель-предметник (п. 4.7)")
    expect(row.locator("li.check-ok")).to_contain_text(
        [
            f"«{ENGLISH}» есть в учебном плане 7 класса",
            "не обязателен для государственной итоговой аттестации",
            "не выбран обучающимся для сдачи ГИА",
            "результат «высокий» положительный",
            "наименование совпадает с учебным планом",
            re.compile(rf"^{HOURS} ч при \d+(,\d)? ч по учебному плану$"),
        ]
    )
    expect(row).to_contain_text(f"({TEACHER})")
    expect(review.get_by_role("link", name=PDF["name"])).to_be_visible()
    page.screenshot(path="/tmp/e2e_credit_review.png", full_page=True)

    _click(page, review.get_by_role("button", name="Взять в работу"))
    expect(_admin_message(page)).to_have_text("Принято к рассмотрению.")
    expect(summary).to_have_text("Соколов Михаил Андреевич, 7А — На рассмотрении")
    expect(review.get_by_role("button", name="Принять решение и сообщить семье")).to_have_count(0)
    _click(page, review.get_by_role("button", name="Передать учителю-предметнику"))
    expect(_admin_message(page)).to_have_text("Передано учителю-предметнику.")
    expect(summary).to_have_text("Соколов Михаил Андреевич, 7А — У учителя-предметника")
    application.refresh_from_db()
    assert application.status == Status.WITH_TEACHER
    log_out(page)


def _teacher_converts(page, live_server, application):
    """The English teacher credits «высокий» as «5» from her own page."""
    today = timezone.localdate()
    line = application.lines.get()
    log_in(page, live_server, TEACHER)
    menu(page, "Зачёт результатов")
    assert path_of(page, live_server) == "/credit/"
    card = page.locator("article.conversion")
    expect(card).to_have_count(1)
    expect(card.locator("h3")).to_have_text(f"{ENGLISH} — Соколов Михаил Андреевич, 7А")
    expect(card.locator("dl.facts")).to_contain_text(OTHER)
    expect(card.locator("dl.facts")).to_contain_text(f"{ENGLISH}, {HOURS} ч")
    expect(card.locator("dl.facts")).to_contain_text("высокий (уровни (высокий, средний, низкий))")
    card.get_by_label("Зачесть с отметкой «5»").check()
    card.get_by_role("button", name="Сохранить решение").click()
    _click(page, page.get_by_role("button", name="Подтвердить"))
    assert path_of(page, live_server) == "/credit/"
    expect(page.locator("ul.messages")).to_have_text(
        f"Решение по предмету «{ENGLISH}» (Соколов М.А.) сохранено: "
        "зачесть с отметкой «5» (отлично)."
    )
    expect(page.locator("article.conversion")).to_have_count(0)
    expect(page.get_by_text("Заявлений, ждущих вашего решения, нет.")).to_be_visible()
    decided = page.locator("section", has=page.get_by_role("heading", name="Ваши решения"))
    expect(decided.locator("tbody tr td")).to_have_text(
        [
            "Соколов М.А., 7А",
            ENGLISH,
            "высокий (уровни (высокий, средний, низкий))",
            "Зачесть с отметкой «5» (отлично)",
            f"{today:%d.%m.%Y}",
        ]
    )
    application.refresh_from_db()
    line.refresh_from_db()
    assert (application.status, line.conversion, line.conversion_by.username) == (
        Status.UNDER_REVIEW,
        Conversion.CREDIT_5,
        TEACHER,
    )
    log_out(page)


def _deputy_decides(page, live_server, application):
    """The deputy takes the decision the rules propose: «5»."""
    today = timezone.localdate()
    log_in(page, live_server, DEPUTY)
    review = _open_in_admin(page, live_server, application)
    summary = review.locator(".summary h2")
    expect(summary).to_have_text("Соколов Михаил Андреевич, 7А — На рассмотрении")
    row = _line_row(review)
    expect(row).to_contain_text("Зачесть с отметкой «5» (отлично)")
    expect(row).to_contain_text("Зачтено: предлагается «5»")
    expect(review.get_by_label("Зачесть с отметкой «5»", exact=True)).to_be_checked()
    expect(review.get_by_label("Дата решения")).to_have_value(today.isoformat())
    review.get_by_role("button", name="Принять решение и сообщить семье").click()
    _click(page, page.get_by_role("button", name="Подтвердить"))
    expect(_admin_message(page)).to_have_text("Решение отправлено семье: зачтено.")
    expect(summary).to_have_text("Соколов Михаил Андреевич, 7А — Решение принято: зачтено")
    expect(_line_row(review)).to_contain_text("Зачтено: «5»")
    application.refresh_from_db()
    assert (application.status, application.outcome, application.decision_taken_on) == (
        Status.DECIDED,
        Outcome.APPROVED,
        today,
    )
    log_out(page)


def _director_orders(page, live_server, application):
    """The director registers the order."""
    today = timezone.localdate()
    log_in(page, live_server, DIRECTOR)
    review = _open_in_admin(page, live_server, application)
    summary = review.locator(".summary h2")
    expect(review.get_by_role("button", name="Принять решение и сообщить семье")).to_have_count(0)
    review.get_by_label("Номер приказа").fill(ORDER)
    review.get_by_label("Дата приказа").fill(today.isoformat())
    review.get_by_role("button", name="Зарегистрировать приказ").click()
    _click(page, page.get_by_role("button", name="Подтвердить"))
    expect(_admin_message(page)).to_have_text("Приказ зарегистрирован, отметки выставлены.")
    expect(summary).to_have_text("Соколов Михаил Андреевич, 7А — Издан приказ: зачтено")
    expect(review.locator(".summary")).to_contain_text(f"№ {ORDER} от {today:%d.%m.%Y}")
    application.refresh_from_db()
    assert (application.status, application.order_number, application.order_date) == (
        Status.ORDER_ISSUED,
        ORDER,
        today,
    )
    log_out(page)


def _parent_sees_decision(page, live_server, application, mailoutbox):
    """The parent sees the decision and fetches the documents."""
    today = timezone.localdate()
    detail = f"/credit/{application.pk}/"
    log_in(page, live_server, PARENT)
    menu(page, "Зачёт результатов")
    listed = page.locator("main table tbody tr")
    expect(listed).to_have_count(1)
    expect(listed.locator("td").nth(4)).to_have_text("Издан приказ Зачтено")
    _click(page, listed.get_by_role("link", name=application.number, exact=True))
    assert path_of(page, live_server) == detail
    status = page.locator(".status-card")
    expect(status.locator(".badge").first).to_have_text("Издан приказ")
    expect(status).to_contain_text(
        f"Приказ № {ORDER} от {today:%d.%m.%Y}. С {today:%d.%m.%Y} обучающийся освобождён "
        "от посещения занятий по зачтённым предметам."
    )
    expect(page.locator(".badge.decision-credited")).to_have_text("Зачтено: «5»")
    for title in ("Заявление о зачёте (PDF)", "Решение о зачёте (PDF)", "Приказ о зачёте (PDF)"):
        _fetch_pdf(page, live_server, title)
    assert _letters(mailoutbox) == [
        ([PARENT_EMAIL], f"Заявление о зачёте № {application.number}: {action}")
        for action in (
            "заявление подано",
            "принято к рассмотрению",
            "передано учителю-предметнику",
            "возвращено на рассмотрение",
            "принято решение",
            "издан приказ",
        )
    ]
    log_out(page)


def _journal_shows_credit(page, live_server, school: School, application):
    """The journal: the credited period mark, «осв» from the order's day on."""
    today = timezone.localdate()
    line = application.lines.get()
    line.refresh_from_db()
    assert (line.decision, line.credited_value) == (LineDecision.CREDITED, "5")
    mark = PeriodMark.objects.get(learner=school.learner, subject=school.english)
    assert (mark.period, mark.value, mark.origin) == (school.period, "5", MarkOrigin.CREDITED)
    exemption = Exemption.objects.get(learner=school.learner, subject=school.english)
    assert (exemption.starts_on, exemption.ends_on) == (today, school.period.ends_on)

    log_in(page, live_server, TEACHER)
    menu(page, "Журналы")
    journal = page.locator("main table tbody tr", has_text=ENGLISH).filter(has_text="7А")
    _click(page, journal.get_by_role("link", name="Открыть журнал"))
    assert path_of(page, live_server) == school.grid_path
    expect(page.locator("h1")).to_have_text(f"{ENGLISH} — 7А")
    grid_row = page.locator(f'#journal tr[data-learner="{school.learner.pk}"]')
    for lesson in school.lessons:
        cell = grid_row.locator(f'td.cell[data-lesson="{lesson.pk}"]')
        if lesson.date >= today:
            expect(cell).to_have_class("cell exempt")
            expect(cell).to_have_text("осв")
            expect(cell).to_have_attribute("title", EXEMPT)
        else:
            expect(cell).to_have_class("cell")
            expect(cell).to_have_text("")
    period_mark = grid_row.locator("td.period-mark")
    expect(period_mark).to_have_text("5")
    expect(period_mark).to_have_class("period-mark credited")
    expect(period_mark).to_have_attribute(
        "title", re.compile(rf"^Зачтено из другой организации: {re.escape(OTHER)}; ")
    )
    expect(page.locator("p.muted", has=page.locator(".credited-mark"))).to_contain_text(
        f"5 — Соколов М.А.: Зачтено из другой организации: {OTHER}"
    )
    classmate = page.locator(f'#journal tr[data-learner="{school.classmate.pk}"]')
    expect(classmate.locator("td.cell")).to_have_count(len(school.lessons))
    expect(classmate.locator("td.cell.exempt")).to_have_count(0)
    expect(classmate.locator("td.period-mark")).to_have_text("")
    expect(classmate.locator("td.period-mark")).to_have_class("period-mark")
    page.screenshot(path="/tmp/e2e_credit_journal.png", full_page=True)


def test_form_shows_line_checks_while_typing(school, live_server, page, console_errors):
    """Choosing the subject shows at once whether it may be credited, before signing."""
    log_in(page, live_server, PARENT)
    page.goto(f"{live_server.url}/credit/new/")
    subject = page.get_by_label("Предмет по учебному плану школы", exact=True)
    expect(subject.locator("option", has_text=ENGLISH)).to_have_count(1)

    subject.select_option(label=ENGLISH)

    checks = page.locator("tr.line-row .line-checks")
    expect(checks.locator(".check-verdict")).to_have_text("Можно зачесть")
    expect(checks.locator("li").first).to_have_text(f"«{ENGLISH}» есть в учебном плане 7 класса")
    assert console_errors == []
