import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive.models import Disclosure, DisclosureGround
from common.models import DocumentDownload
from learners.customer.forms import current_month
from learners.models import Role
from tests.achievements.factories import JournalCellFactory, LessonFactory, PeriodMarkFactory
from tests.learners.customer.conftest import BIRTH_DATE
from tests.schools import SchoolBuilder

pytestmark = pytest.mark.django_db

URL = "/contracts/groups/{}/"
SPAN = {"from": "2026-09-01", "to": "2026-10-31"}
QUARTER = "1-я четверть (01.09.2026–25.10.2026)"
WHAT = "Результаты обучения за 01.09.2026–31.10.2026 (посещаемость, текущие результаты, аттестация)"


def page(client, club, **query):
    return client.get(URL.format(club.group.pk), query or SPAN)


def xlsx(client, club, **query):
    response = client.get(URL.format(club.group.pk) + "xlsx/", query or SPAN)
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def summary(results):
    return [(r.name, r.lessons, r.present, r.absent, r.ill, r.excused, r.late) for r in results]


def subjects(result):
    return [(s.name, s.marks, s.attestation) for s in result.subjects]


def test_results_attendance_counts_for_span(customer_client, club):
    response = page(customer_client, club)

    assert response.status_code == 200
    assert summary(response.context["results"]) == [
        ("Антонова Алина Сергеевна", 5, 3, 1, 1, 0, 1),
        ("Борисов Борис Олегович", 3, 2, 0, 0, 1, 0),
    ]


def test_results_marks_and_attestation_of_group_subjects_only(customer_client, club):
    antonova, borisov = page(customer_client, club).context["results"]

    assert subjects(antonova) == [
        ("Робототехника", ["5", "4", "3", "2"], [(QUARTER, "4")]),
        ("Черчение", [], []),
    ]
    assert subjects(borisov) == [
        ("Робототехника", ["4", "5", "5"], []),
        ("Черчение", [], []),
    ]


def test_results_year_mark_when_year_ends_in_span(customer_client, club):
    response = page(customer_client, club, **{"from": "2026-10-01", "to": "2027-06-30"})

    antonova = response.context["results"][0]
    assert subjects(antonova)[0] == (
        "Робототехника",
        ["2", "5"],
        [(QUARTER, "4"), ("Годовая (2026/2027)", "5")],
    )


def test_results_page_shows_no_one_outside_the_contract(customer_client, club):
    html = page(customer_client, club).content.decode()

    assert "Антонова Алина Сергеевна" in html
    assert "Борисов Борис Олегович" in html
    assert "Третьякова" not in html
    assert "Чужакова" not in html
    assert "Математика" not in html
    assert "7А" not in html
    assert f"{BIRTH_DATE:%d.%m.%Y}" not in html
    assert "14.03.2012" not in html


def test_results_other_customer_sees_only_own_learner(client, club):
    client.force_login(club.other_user)

    response = page(client, club)

    assert summary(response.context["results"]) == [("Чужакова Чара Петровна", 5, 4, 0, 1, 0, 0)]


def test_results_page_html_shows_counts_and_marks(customer_client, club):
    html = page(customer_client, club).content.decode()

    assert "Посещаемость с 01.09.2026 по 31.10.2026" in html
    assert "5 4 3 2" in html
    assert f"{QUARTER}: «4»" in html
    assert (
        f'href="/contracts/groups/{club.group.pk}/xlsx/?from=2026-09-01&amp;to=2026-10-31"' in html
    )


def test_results_default_span_is_current_month(customer_client, club):
    start, end = current_month(timezone.localdate())

    response = customer_client.get(URL.format(club.group.pk))

    assert response.status_code == 200
    assert (response.context["start"], response.context["end"]) == (start, end)


def test_results_span_from_page_form_fields_applied(customer_client, club):
    """The page's form submits its fields by their names (start, end): the span it
    shows, and the XLSX link, follow what was chosen, not the current month."""
    response = customer_client.get(
        URL.format(club.group.pk), {"start": "2026-09-01", "end": "2026-09-30"}
    )

    assert response.status_code == 200
    assert (response.context["start"], response.context["end"]) == (
        date(2026, 9, 1),
        date(2026, 9, 30),
    )
    assert "?from=2026-09-01&amp;to=2026-09-30" in response.content.decode()


def test_current_month_ends_on_last_day():
    assert current_month(date(2027, 2, 14)) == (date(2027, 2, 1), date(2027, 2, 28))
    assert current_month(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_results_page_writes_one_disclosure_per_learner(customer_client, club):
    page(customer_client, club)

    assert list(
        Disclosure.objects.order_by("learner__last_name").values_list(
            "learner__last_name", "ground", "recipient", "what", "ground_detail", "recorded_by"
        )
    ) == [
        (
            "Антонова",
            DisclosureGround.CUSTOMER,
            "АО «Технопарк»",
            WHAT,
            "Договор № 14/Р от 25.08.2026",
            club.user.pk,
        ),
        (
            "Борисов",
            DisclosureGround.CUSTOMER,
            "АО «Технопарк»",
            WHAT,
            "Робототехника-1, 01.09.2026–31.10.2026",
            club.user.pk,
        ),
    ]


def test_results_each_view_is_logged_again(customer_client, club):
    page(customer_client, club)
    page(customer_client, club)

    assert Disclosure.objects.count() == 4


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2026-10-01", "to": "2026-09-01"}, "Дата «с» позже даты «по»."),
        ({"from": "01.09.2026", "to": "2026-09-30"}, "Дата «с» указана неверно"),
        ({"from": "2026-09-01", "to": "2026-13-01"}, "Дата «по» указана неверно"),
        (
            {"from": "2026-09-01", "to": "2027-09-02"},
            "Промежуток не может быть длиннее года",
        ),
    ],
)
@pytest.mark.parametrize("suffix", ["", "xlsx/"])
def test_results_bad_span_refused_nothing_logged(customer_client, club, query, message, suffix):
    response = customer_client.get(URL.format(club.group.pk) + suffix, query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Антонова" not in response.content.decode()
    assert Disclosure.objects.count() == 0
    assert DocumentDownload.objects.count() == 0


def test_results_span_of_366_days_accepted(customer_client, club):
    response = page(customer_client, club, **{"from": "2026-09-01", "to": "2027-09-01"})

    assert response.status_code == 200


def test_xlsx_sheets_hold_the_page_figures(customer_client, club):
    book = xlsx(customer_client, club)

    assert book.sheetnames == ["Посещаемость", "Текущие результаты", "Аттестация"]
    assert rows(book["Посещаемость"]) == [
        ["Обучающийся", "Класс", "Промежуток", "Уроков", "Присутствовал", "н", "б", "уп", "оп"],
        ["Антонова Алина Сергеевна", "Робототехника-1", "01.09.2026–31.10.2026", 5, 3, 1, 1, 0, 1],
        ["Борисов Борис Олегович", "Робототехника-1", "01.09.2026–31.10.2026", 3, 2, 0, 0, 1, 0],
    ]
    assert rows(book["Текущие результаты"]) == [
        ["Обучающийся", "Предмет (модуль)", "Отметки", "Число отметок"],
        ["Антонова Алина Сергеевна", "Робототехника", "5 4 3 2", 4],
        ["Антонова Алина Сергеевна", "Черчение", None, 0],
        ["Борисов Борис Олегович", "Робототехника", "4 5 5", 3],
        ["Борисов Борис Олегович", "Черчение", None, 0],
    ]
    assert rows(book["Аттестация"]) == [
        ["Обучающийся", "Предмет (модуль)", "Период", "Отметка"],
        ["Антонова Алина Сергеевна", "Робототехника", QUARTER, "4"],
    ]


def test_xlsx_holds_no_one_outside_the_contract_and_no_birth_date(customer_client, club):
    book = xlsx(customer_client, club)

    text = " ".join(
        str(value) for sheet in book for row in rows(sheet) for value in row if value is not None
    )
    assert "Третьякова" not in text
    assert "Чужакова" not in text
    assert "Математика" not in text
    assert "14.03.2012" not in text
    assert "2012-03-14" not in text


def test_xlsx_download_logged_as_disclosure_and_download(customer_client, club):
    response = customer_client.get(URL.format(club.group.pk) + "xlsx/", SPAN)

    assert response["Content-Disposition"].startswith("attachment;")
    assert list(Disclosure.objects.values_list("what", flat=True)) == [WHAT + ", файл XLSX"] * 2
    assert list(DocumentDownload.objects.values_list("kind", "object_id")) == [
        ("customer_results_xlsx", str(club.group.pk))
    ]


def test_xlsx_formula_like_name_stays_text(customer_client, club):
    club.borisov.last_name = "=1+1"
    club.borisov.save()

    book = openpyxl.load_workbook(
        io.BytesIO(customer_client.get(URL.format(club.group.pk) + "xlsx/", SPAN).content)
    )

    cell = book["Посещаемость"]["A2"]
    assert cell.value == "=1+1 Борис Олегович"
    assert cell.data_type == "s"


def test_results_anonymous_redirected_to_login(client, club):
    response = page(client, club)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "role",
    [Role.PARENT, Role.LEARNER, Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR,
     Role.CLERK, Role.ADMINISTRATOR],
)  # fmt: skip
@pytest.mark.parametrize("suffix", ["", "xlsx/"])
def test_results_other_roles_refused(client, club, role, suffix):
    client.force_login(club.school.user(role))

    response = client.get(URL.format(club.group.pk) + suffix, SPAN)

    assert response.status_code == 403
    assert Disclosure.objects.count() == 0


@pytest.mark.parametrize("suffix", ["", "xlsx/"])
def test_results_foreign_group_not_found(customer_client, club, suffix):
    response = customer_client.get(URL.format(club.klass.pk) + suffix, SPAN)

    assert response.status_code == 404
    assert Disclosure.objects.count() == 0


def test_results_group_of_another_customer_only_not_found(customer_client, club):
    elsewhere = club.school.group("Робототехника-2")
    club.school.learner(elsewhere, customer=club.other)

    response = customer_client.get(URL.format(elsewhere.pk), SPAN)

    assert response.status_code == 404


def test_contracted_page_links_to_group_results(customer_client, club):
    html = customer_client.get("/contracted/").content.decode()

    assert f'href="/contracts/groups/{club.group.pk}/"' in html
    assert f'href="/contracts/groups/{club.klass.pk}/"' not in html


def _grow(count):
    school = SchoolBuilder(name=f"Год {count}")
    school.period(number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25))
    group = school.group("Курс")
    subjects = [school.subject(f"Модуль {count}-{n}") for n in range(2)]
    teacher = school.subject_teacher(group, subjects[0])
    customer = school.customer()
    user = school.customer_account(customer)
    lessons = [
        LessonFactory(group=group, subject=subjects[n % 2], date=date(2026, 9, 1 + n), number=1)
        for n in range(count)
    ]
    for n in range(count):
        learner = school.learner(group, f"Ученик{n}", customer=customer)
        for at in lessons:
            JournalCellFactory(lesson=at, learner=learner, marks="4", attendance="",
                               updated_by=teacher.user)  # fmt: skip
        PeriodMarkFactory(learner=learner, subject=subjects[0], period=school.periods[0],
                          updated_by=teacher.user)  # fmt: skip
    return user, group


def _queries(client, count):
    user, group = _grow(count)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL.format(group.pk), SPAN)
        download = client.get(URL.format(group.pk) + "xlsx/", SPAN)
    assert response.status_code == download.status_code == 200
    assert len(response.context["results"]) == count
    return len(queries)


def test_results_query_count_constant_in_learners_and_lessons(client):
    assert _queries(client, 2) == _queries(client, 6)
