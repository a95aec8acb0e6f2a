"""The deputy's and the director's side of credit transfer in the admin (R-CT-7, R-CT-8): the
list with overdue applications first and the five-working-day deadline of each, the bulk
«Взять в работу», the review page with its checks, documents and history, and every step
through the page's forms — with its success message, or its refusal and nothing changed.

Deadlines are counted on a plain calendar (Monday to Friday; the test empties the special days
of the production calendar), so the expected numbers are counted here independently."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from credit_transfer import services
from credit_transfer.models import (
    Application,
    ApplicationChange,
    CouncilDecision,
    LineDecision,
    Outcome,
    Status,
)
from learners.models import CalendarDay, CalendarYear
from tests.credit_transfer.conftest import make_application, submit
from tests.credit_transfer.factories import ApplicationLineFactory, AttachmentFactory
from tests.factories import SubjectFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/credit_transfer/application/"
TODAY = timezone.localdate()
ENGLISH = {
    "subject": "Иностранный язык (английский)",
    "external_name": "Иностранный язык (английский)",
    "external_scale": "levels",
    "external_result": "высокий",
    "external_hours": 102,
}
PYTHON = {"subject": "Информатика", "external_name": "Python"}  # another name: the council
FOOTBALL = {"subject": "Физическая культура", "external_name": "Футбол", "external_hours": 68}
PE = {"subject": "Физическая культура", "external_hours": 68}


@pytest.fixture(autouse=True)
def plain_calendar(db):
    """Every Monday to Friday works, every Saturday and Sunday rests."""
    for year in range(TODAY.year - 1, TODAY.year + 2):
        CalendarYear.objects.get_or_create(year=year)
    CalendarDay.objects.all().delete()


def weekdays_after(start: date, count: int) -> date:
    day = start
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day


def weekdays_between(start: date, end: date) -> int:
    return sum((start + timedelta(days=n)).weekday() < 5 for n in range(1, (end - start).days + 1))


def as_user(client, user):
    client.force_login(user)
    return client


def move(application, to, actor, **details):
    return services.application_transition(application=application, to=to, actor=actor, **details)


def submitted_ago(application, days: int) -> Application:
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - timedelta(days=days)
    )
    application.refresh_from_db()
    return application


def snapshot(application) -> tuple:
    application = Application.objects.get(pk=application.pk)
    return (
        application.status,
        application.version,
        application.outcome,
        application.order_number,
        application.council_protocol_number,
        ApplicationChange.objects.filter(application=application).count(),
        tuple(application.lines.values_list("decision", "council_decision")),
    )


def act(client, application, action, version=None, **data):
    application.refresh_from_db()
    return client.post(
        f"{ADMIN}{application.pk}/act/",
        {"action": action, "version": application.version if version is None else version, **data},
        follow=True,
    )


def rows(page: str) -> list[tuple[str, str]]:
    """(number, deadline) of each row of the changelist, in order."""
    return re.findall(
        r'<th class="field-number_link">(?:<a href="[^"]+">)+([^<]+)(?:</a>)+</th>'
        r'<td class="field-deadline">(?:<span class="deadline-\w+">)?([^<]*)',
        page,
    )


# --- the list ---------------------------------------------------------------------------------


def test_changelist_overdue_first_with_deadline_texts(client, school):
    overdue = submitted_ago(submit(make_application(school, [PYTHON]), school.parent), 30)
    move(overdue, Status.UNDER_REVIEW, school.deputy)
    move(overdue, Status.WITH_COUNCIL, school.deputy)
    protocol = TODAY - timedelta(days=14)
    services.council_record(
        application=overdue, protocol_number="2", protocol_date=protocol,
        decisions={overdue.lines.get().pk: "credit"}, actor=school.deputy,
    )  # fmt: skip
    due = submit(make_application(school, [FOOTBALL]), school.parent)
    move(due, Status.UNDER_REVIEW, school.deputy)
    move(due, Status.WITH_COUNCIL, school.deputy)
    services.council_record(
        application=due, protocol_number="3", protocol_date=TODAY,
        decisions={due.lines.get().pk: "credit"}, actor=school.deputy,
    )  # fmt: skip
    week_old = submitted_ago(submit(make_application(school, ["Алгебра"]), school.parent), 7)
    fresh = submit(make_application(school, ["Химия"]), school.parent)
    told = submit(make_application(school, ["Информатика"]), school.parent)
    move(told, Status.UNDER_REVIEW, school.deputy)
    move(told, Status.DECIDED, school.deputy)
    late = submitted_ago(submit(make_application(school, [PE]), school.parent), 30)
    move(late, Status.UNDER_REVIEW, school.deputy)
    move(late, Status.DECIDED, school.deputy, decided_on=TODAY - timedelta(days=14))
    withdrawn = submit(make_application(school, ["Информатика"]), school.parent)
    move(withdrawn, Status.WITHDRAWN, school.parent)
    make_application(school, ["Информатика"])  # a draft: not the deputy's business yet
    overdue_by = weekdays_after(protocol, 5)
    late_by = weekdays_after(TODAY - timedelta(days=14), 5)

    response = as_user(client, school.deputy).get(ADMIN)

    assert response.status_code == 200
    n = {a: Application.objects.get(pk=a.pk).number for a in (overdue, due, week_old, fresh,
                                                               told, late, withdrawn)}  # fmt: skip
    assert rows(response.content.decode()) == [
        (n[overdue], f"просрочено на {weekdays_between(overdue_by, TODAY)} раб. дн.: сообщить "
                     f"семье нужно было до {overdue_by:%d.%m.%Y}"),
        (n[due], f"сообщить семье до {weekdays_after(TODAY, 5):%d.%m.%Y}: 5 раб. дн."),
        (n[week_old], "в работе 5 раб. дн."),
        (n[fresh], "в работе 0 раб. дн."),
        (n[late], f"сообщено {TODAY:%d.%m.%Y}, опоздание {weekdays_between(late_by, TODAY)} "
                  "раб. дн."),
        (n[told], f"сообщено {TODAY:%d.%m.%Y}, в срок"),
        (n[withdrawn], "—"),
    ]  # fmt: skip
    page = response.content.decode()
    assert '<span class="deadline-overdue">просрочено на ' in page
    filtered = client.get(ADMIN, {"status": "overdue"}).content.decode()
    assert [number for number, _ in rows(filtered)] == [n[overdue]]


CHANGELIST_QUERIES = 11


def test_changelist_queries_constant(client, school, django_assert_max_num_queries):
    deputy = as_user(client, school.deputy)
    for _ in range(2):
        submit(make_application(school, ["Информатика"]), school.parent)
    with django_assert_max_num_queries(CHANGELIST_QUERIES) as two:
        assert deputy.get(ADMIN).status_code == 200
    for _ in range(18):
        submit(make_application(school, ["Информатика"]), school.parent)

    with django_assert_max_num_queries(CHANGELIST_QUERIES) as twenty:
        response = deputy.get(ADMIN)

    assert len(two) == len(twenty)
    assert len(rows(response.content.decode())) == 20


def test_changelist_number_linked_once(client, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    url = f"{ADMIN}{application.pk}/change/"

    page = as_user(client, school.deputy).get(ADMIN).content.decode()

    assert page.count(f'<a href="{url}">') == 1
    assert f'<th class="field-number_link"><a href="{url}">{application.number}</a></th>' in page


@pytest.mark.parametrize(
    ("role", "status"), [("deputy", 200), ("director", 200), ("clerk", 200), ("parent", 302)]
)
def test_changelist_for_administration_only(client, school, role, status):
    submit(make_application(school, ["Информатика"]), school.parent)

    response = as_user(client, getattr(school, role)).get(ADMIN)

    assert response.status_code == status
    if status == 302:
        assert response["Location"] == f"/admin/login/?next={ADMIN}"


# --- «Взять в работу» for several at once ------------------------------------------------------


def bulk(client, user, applications):
    return as_user(client, user).post(
        ADMIN,
        {"action": "take_into_review", "_selected_action": [a.pk for a in applications]},
        follow=True,
    )


def test_bulk_take_into_review_moves_submitted_only(client, school):
    first, second, taken = (submit(make_application(school, ["Информатика"]), school.parent)
                            for _ in range(3))  # fmt: skip
    move(taken, Status.UNDER_REVIEW, school.deputy)
    untouched = submit(make_application(school, ["Информатика"]), school.parent)

    response = bulk(client, school.deputy, [first, second, taken])

    assert '<li class="success">Взято в работу: 2 заявления.</li>' in response.content.decode()
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: Status.UNDER_REVIEW,
        second.pk: Status.UNDER_REVIEW,
        taken.pk: Status.UNDER_REVIEW,
        untouched.pk: Status.SUBMITTED,
    }
    assert ApplicationChange.objects.filter(action="Принято к рассмотрению").count() == 3


def test_bulk_take_into_review_without_submitted_warns(client, school):
    taken = submit(make_application(school, ["Информатика"]), school.parent)
    move(taken, Status.UNDER_REVIEW, school.deputy)
    before = snapshot(taken)

    response = bulk(client, school.deputy, [taken])

    assert '<li class="warning">Среди выбранных нет поданных заявлений.</li>' in (
        response.content.decode()
    )
    assert snapshot(taken) == before


@pytest.mark.parametrize("role", ["clerk", "director"])
def test_bulk_take_into_review_not_offered_to_others(client, school, role):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    user = getattr(school, role)

    page = as_user(client, user).get(ADMIN).content.decode()
    response = bulk(client, user, [application])

    assert 'value="take_into_review"' not in page
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED
    assert (response.status_code, response.redirect_chain) == (200, [])
    assert '<ul class="messagelist">' not in response.content.decode()
    assert ApplicationChange.objects.count() == 1


# --- the review page ---------------------------------------------------------------------------


def test_review_page_shows_checks_attachments_and_history(client, school):
    application = submit(make_application(school, ["Информатика", ENGLISH, "Химия"]), school.parent)
    attachment = application.attachments.get()
    english_teacher = school.teachers["Английский язык"]

    response = as_user(client, school.deputy).get(f"{ADMIN}{application.pk}/change/")

    page = response.content.decode()
    assert response.status_code == 200
    assert f"<title>Заявление о зачёте № {application.number} — Учёт результатов</title>" in page
    for verdict in ("Можно зачесть", "Перевод отметки решает учитель-предметник",
                    "Не подлежит зачёту"):  # fmt: skip
        assert f'<p class="verdict"><strong>{verdict}</strong></p>' in page
    assert '<li class="check-fail">«Химия» нет в учебном плане 7 класса (п. 4.6)</li>' in page
    assert (
        f"{english_teacher.staff.short_name} "
        f'<span class="quiet">({english_teacher.username})</span>'
    ) in page
    assert '<span class="errornote-inline">нет учителя в 7А</span>' in page  # Химия
    assert (
        f'<a href="/credit/attachments/{attachment.pk}/" target="_blank" rel="noopener">'
        "Справка.pdf</a> — Справка (выписка) с отметками, заверенная организацией,"
    ) in page
    assert "<td>Заявление подано</td>" in page
    assert "<td>Черновик → Подано</td>" in page
    assert '<input type="submit" class="default" value="Взять в работу">' in page
    assert f'<a href="/credit/{application.pk}/application.pdf">Заявление о зачёте (PDF)</a>' in (
        page
    )


def test_review_page_offers_no_step_to_clerk(client, school):
    application = submit(make_application(school, ["Информатика"]), school.parent)

    page = as_user(client, school.clerk).get(f"{ADMIN}{application.pk}/change/").content.decode()

    assert "Следующий шаг" not in page
    assert "/act/" not in page


REVIEW_QUERIES = 18


def test_review_page_queries_constant_in_lines(client, school, django_assert_max_num_queries):
    application = submit(make_application(school, ["Информатика"]), school.parent)
    deputy = as_user(client, school.deputy)
    url = f"{ADMIN}{application.pk}/change/"
    with django_assert_max_num_queries(REVIEW_QUERIES) as one:
        assert deputy.get(url).status_code == 200
    for _ in range(5):
        ApplicationLineFactory(application=application, subject=SubjectFactory())
        AttachmentFactory(application=application)

    with django_assert_max_num_queries(REVIEW_QUERIES) as six:
        page = deputy.get(url).content.decode()

    assert len(one) == len(six)
    assert page.count('<p class="verdict"><strong>') == 6


# --- the steps ----------------------------------------------------------------------------------

# The way to each starting state: (to, who) through the services.
UNDER_REVIEW = [(Status.UNDER_REVIEW, "deputy", {})]
WITH_TEACHER = [*UNDER_REVIEW, (Status.WITH_TEACHER, "deputy", {})]
WITH_COUNCIL = [*UNDER_REVIEW, (Status.WITH_COUNCIL, "deputy", {})]
DECIDED = [*UNDER_REVIEW, (Status.DECIDED, "deputy", {})]
ORDERED = [*DECIDED, (Status.ORDER_ISSUED, "director",
                      {"order_number": "5-у", "order_date": TODAY})]  # fmt: skip


def prepare(school, lines, path) -> Application:
    application = submit(make_application(school, lines), school.parent)
    for to, who, details in path:
        move(application, to, getattr(school, who), **details)
    application.refresh_from_db()
    return application


# case → (lines, the way there, who acts, action, form data, status after, message, history)
STEPS = {
    "review": (["Информатика"], [], "deputy", "review", {}, Status.UNDER_REVIEW,
               "Принято к рассмотрению.", "Принято к рассмотрению"),
    "request_documents": (["Информатика"], UNDER_REVIEW, "deputy", "request_documents",
                          {"comment": "Нужна справка с печатью"}, Status.DOCUMENTS_REQUESTED,
                          "Запрошены дополнительные документы.",
                          "Запрошены дополнительные документы"),
    "to_teacher": ([ENGLISH], UNDER_REVIEW, "deputy", "to_teacher", {"comment": "Прошу решить"},
                   Status.WITH_TEACHER, "Передано учителю-предметнику.",
                   "Передано учителю-предметнику"),
    "back_to_review": ([ENGLISH], WITH_TEACHER, "deputy", "back_to_review", {},
                       Status.UNDER_REVIEW, "Возвращено на рассмотрение.",
                       "Возвращено на рассмотрение"),
    "to_council": ([PYTHON], UNDER_REVIEW, "deputy", "to_council", {}, Status.WITH_COUNCIL,
                   "Передано на педагогический совет.",
                   "Передано на педагогический совет"),
    "council": ([PYTHON], WITH_COUNCIL, "deputy", "council",
                {"protocol_number": "3", "protocol_date": str(TODAY), "council_{line}": "credit"},
                Status.WITH_COUNCIL, "Решение педагогического совета записано.",
                f"Решение педагогического совета (протокол педагогического совета № 3 от "
                f"{TODAY:%d.%m.%Y})"),
    "decide": (["Информатика"], UNDER_REVIEW, "deputy", "decide", {"comment": "Поздравляем"},
               Status.DECIDED, "Решение отправлено семье: зачтено.", "Принято решение"),
    "decide refusing with reason": (["Информатика"], UNDER_REVIEW, "deputy", "decide",
                                    {"credit_{line}": "0", "reason_{line}": "Справка без печати"},
                                    Status.DECIDED, "Решение отправлено семье: в зачёте отказано.",
                                    "Принято решение"),
    "order by the director": (["Информатика"], DECIDED, "director", "order",
                              {"order_number": "17-у", "order_date": str(TODAY)},
                              Status.ORDER_ISSUED, "Приказ зарегистрирован, отметки выставлены.",
                              "Издан приказ"),
    "end_exemption": (["Информатика"], ORDERED, "deputy", "end_exemption",
                      {"returns_on": str(TODAY + timedelta(days=1)),
                       "comment": "Отчислен из IT-куба"},
                      Status.EXEMPTION_ENDED, "Освобождение от посещения занятий прекращено.",
                      "Освобождение от посещения занятий прекращено"),
}  # fmt: skip


def form_data(data: dict, application) -> dict:
    line = application.lines.get().pk
    return {key.format(line=line): value for key, value in data.items()}


@pytest.mark.parametrize(
    ("lines", "path", "who", "action", "data", "status", "message", "history"),
    STEPS.values(),
    ids=STEPS,
)
def test_step_through_review_page(
    client, school, lines, path, who, action, data, status, message, history
):
    application = prepare(school, lines, path)
    version = application.version
    page = as_user(client, getattr(school, who)).get(f"{ADMIN}{application.pk}/change/")
    assert f'value="{action}"' in page.content.decode()

    response = act(client, application, action, **form_data(data, application))

    assert response.redirect_chain == [(f"{ADMIN}{application.pk}/change/", 302)]
    assert f'<li class="success">{message}</li>' in response.content.decode()
    application.refresh_from_db()
    assert (application.status, application.version) == (status, version + 1)
    assert application.changes.last().action == history
    assert f"<td>{history}</td>" in response.content.decode()


def test_decide_refusing_records_reason_for_family(client, school):
    application = prepare(school, ["Информатика"], UNDER_REVIEW)
    line = application.lines.get()

    act(as_user(client, school.deputy), application, "decide",
        **{f"credit_{line.pk}": "0", f"reason_{line.pk}": "Справка без печати"})  # fmt: skip

    line.refresh_from_db()
    application.refresh_from_db()
    assert (application.outcome, line.decision, line.decision_reason, line.credited_value) == (
        Outcome.REFUSED, LineDecision.REFUSED, "Справка без печати", "",
    )  # fmt: skip


def test_council_form_records_protocol(client, school):
    application = prepare(school, [PYTHON], WITH_COUNCIL)
    line = application.lines.get()
    page = as_user(client, school.deputy).get(f"{ADMIN}{application.pk}/change/")
    assert "<h3>Решение педагогического совета (п. 5.7)</h3>" in page.content.decode()
    assert f'name="council_{line.pk}" value="refuse"' in page.content.decode()

    act(client, application, "council", protocol_number=" 3 ", protocol_date=str(TODAY),
        **{f"council_{line.pk}": "refuse"})  # fmt: skip

    application.refresh_from_db()
    line.refresh_from_db()
    assert (
        application.council_protocol_number, application.council_protocol_date,
        application.decision_taken_on, application.notify_by, line.council_decision,
    ) == ("3", TODAY, TODAY, weekdays_after(TODAY, 5), CouncilDecision.REFUSE)  # fmt: skip
    review = client.get(f"{ADMIN}{application.pk}/change/").content.decode()
    assert f"<dt>Педсовет</dt><dd>протокол № 3 от {TODAY:%d.%m.%Y}</dd>" in review
    assert "<p>Педсовет: отказать в зачёте</p>" in review
    assert (
        f"Педагогический совет отказал в зачёте (протокол педагогического совета № 3 от "
        f"{TODAY:%d.%m.%Y})."
    ) in review


# case → (lines, the way there, who acts, action, form data or a stale version, the message)
REFUSED = {
    "stale version": (["Информатика"], [], "deputy", "review", {"version": "stale"},
                      "Заявление уже изменилось (его статус сейчас — «Подано»). Обновите "
                      "страницу и проверьте."),
    "stale version on decide": (["Информатика"], UNDER_REVIEW, "deputy", "decide",
                                {"version": "stale"},
                                "Заявление уже изменилось (его статус сейчас — «На "
                                "рассмотрении»). Обновите страницу и проверьте."),
    "order by the deputy": (["Информатика"], DECIDED, "deputy", "order",
                            {"order_number": "17-у", "order_date": str(TODAY)},
                            "Приказ издаёт директор."),
    "review by the clerk": (["Информатика"], [], "clerk", "review", {},
                            "Это решает заместитель директора."),
    "review by the director": (["Информатика"], [], "director", "review", {},
                               "Это решает заместитель директора."),
    "council by the director": (["Информатика"], UNDER_REVIEW, "director", "council",
                                {"protocol_number": "3", "protocol_date": str(TODAY)},
                                "Это решает заместитель директора."),
    "decide refusing without reason": (["Информатика"], UNDER_REVIEW, "deputy", "decide",
                                       {"credit_{line}": "0"},
                                       "«Информатика»: укажите причину отказа — её увидит "
                                       "семья."),
    "decide dated tomorrow": (["Информатика"], UNDER_REVIEW, "deputy", "decide",
                              {"decided_on": str(TODAY + timedelta(days=1))},
                              "Дата решения не может быть в будущем."),
    "decide with a malformed date": (["Информатика"], UNDER_REVIEW, "deputy", "decide",
                                     {"decided_on": "31.02.2026"},
                                     "Дата решения: укажите дату в формате ДД.ММ.ГГГГ."),
    "decide before the teacher": ([ENGLISH], UNDER_REVIEW, "deputy", "decide", {},
                                  "«Иностранный язык (английский)»: нужно решение "
                                  "учителя-предметника о переводе отметки."),
    "request documents without comment": (["Информатика"], UNDER_REVIEW, "deputy",
                                           "request_documents", {"comment": "  "},
                                           "Напишите семье, какие документы нужны и почему "
                                           "(п. 4.8)."),
    "to teacher with nothing to convert": (["Информатика"], UNDER_REVIEW, "deputy", "to_teacher",
                                           {}, "Нет предметов, по которым нужно решение учителя "
                                               "о переводе отметки."),
    "order without number": (["Информатика"], DECIDED, "director", "order",
                             {"order_date": str(TODAY)}, "Номер приказа: Обязательное поле."),
    "order dated tomorrow": (["Информатика"], DECIDED, "director", "order",
                             {"order_number": "17-у", "order_date": str(TODAY + timedelta(1))},
                             "Дата приказа: Дата приказа не может быть в будущем."),
    "council dated tomorrow": ([PYTHON], WITH_COUNCIL, "deputy", "council",
                               {"protocol_number": "3", "council_{line}": "credit",
                                "protocol_date": str(TODAY + timedelta(days=1))},
                               "Дата протокола: Дата протокола не может быть в будущем."),
    "council without a line's decision": ([PYTHON], WITH_COUNCIL, "deputy", "council",
                                          {"protocol_number": "3", "protocol_date": str(TODAY)},
                                          "Укажите решение педсовета по предмету: Информатика."),
    "end exemption on the order's day": (["Информатика"], ORDERED, "deputy", "end_exemption",
                                         {"returns_on": str(TODAY), "comment": "Отчислен"},
                                         f"Освобождение действует с {TODAY:%d.%m.%Y}: вернуться "
                                         "на занятия можно не раньше следующего дня."),
    "unknown action": (["Информатика"], [], "deputy", "approve_all", {}, "Неизвестное действие."),
    "move not in the table": (["Информатика"], [], "deputy", "order",
                              {"order_number": "17-у", "order_date": str(TODAY)},
                              "Нельзя перевести заявление из состояния «Подано» в «Издан "
                              "приказ»."),
}  # fmt: skip


@pytest.mark.parametrize(
    ("lines", "path", "who", "action", "data", "message"), REFUSED.values(), ids=REFUSED
)
def test_step_refused_shows_message_and_changes_nothing(
    client, school, lines, path, who, action, data, message
):
    application = prepare(school, lines, path)
    before = snapshot(application)
    data = form_data(data, application)
    stale = data.pop("version", None)

    response = act(
        as_user(client, getattr(school, who)),
        application,
        action,
        version=application.version - 1 if stale else None,
        **data,
    )

    assert response.redirect_chain == [(f"{ADMIN}{application.pk}/change/", 302)]
    page = response.content.decode()
    assert f'<li class="error">{message}</li>' in page
    assert '<li class="success">' not in page
    assert snapshot(application) == before


# --- the list reads as part of the product ------------------------------------------------------


def test_changelist_has_product_topbar_russian_titles_and_plural_count(client, school):
    from learners.navigation import start_pages

    for _ in range(6):
        submit(make_application(school, ["Информатика"]), school.parent)

    page = as_user(client, school.deputy).get(ADMIN).content.decode()

    title = "Выберите заявление о зачёте результатов для просмотра — Учёт результатов"
    assert f"<title>{title}</title>" in page
    assert '<a class="brand" href="/">Учёт</a>' in page
    [menu] = re.findall(r'<nav class="menu" id="menu" aria-label="Разделы">(.*?)</nav>', page, re.S)
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', menu)
    assert links == start_pages(school.deputy)
    assert ("/admin/", "Администрирование") in links
    assert ("/credit/", "Зачёт результатов") in links
    assert '<button type="submit" class="link">Выйти</button>' in page
    assert 'id="user-tools"' not in page
    assert "\n6 заявлений\n" in page
    assert "Выбрано 0 объектов из 6" in page
    assert "заявление(й)" not in page
