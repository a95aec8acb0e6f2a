"""The debts' pages by role (R-JRN-13, R-SEC-2) and their query counts."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from achievements.debts.selectors import debts_for_learner
from achievements.models import AcademicDebt, DebtAttempt, DebtStatus, PeriodMark
from tests.achievements.debts.factories import AcademicDebtFactory, DebtAttemptFactory, days_ago
from tests.achievements.factories import PeriodMarkFactory
from tests.achievements.people import People
from tests.factories import EnrollmentFactory, LearnerFactory, SubjectFactory

pytestmark = pytest.mark.django_db

LIST = "/journal/debts/"


@pytest.fixture
def people(journal):
    return People(journal)


def make_debt(journal, learner=None, subject=None, value="2"):
    mark = PeriodMarkFactory(
        learner=learner or journal.learner, subject=subject or journal.subject,
        period=journal.period, value=value, proposed=value,
    )  # fmt: skip
    return AcademicDebtFactory(mark=mark, group=journal.group)


@pytest.fixture
def debt(journal):
    return make_debt(journal)


def status_as(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("deputy", 200), ("director", 200), ("teacher", 200), ("class_teacher", 200),
        ("other_teacher", 200), ("parent", 403), ("learner", 403), ("clerk", 403),
        ("no_role", 403),
    ],
)  # fmt: skip
def test_debt_list_status_by_role(client, people, debt, role, expected):
    assert status_as(client, people[role], LIST) == expected


def test_debt_list_anonymous_sent_to_login(client, debt):
    assert client.get(LIST).status_code == 302


@pytest.mark.parametrize(
    ("role", "rows"),
    [("deputy", ["Антонова"]), ("teacher", ["Антонова"]), ("class_teacher", ["Антонова"]),
     ("other_teacher", [])],
)  # fmt: skip
def test_debt_list_rows_within_scope(client, people, debt, role, rows):
    client.force_login(people[role])

    page = client.get(LIST).context["page"]

    assert [d.learner.last_name for d in page.object_list] == rows


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("deputy", 200), ("director", 200), ("teacher", 200), ("class_teacher", 200),
        ("other_teacher", 404), ("parent", 403), ("learner", 403), ("clerk", 403),
    ],
)  # fmt: skip
def test_debt_detail_status_by_role(client, people, debt, role, expected):
    assert status_as(client, people[role], f"{LIST}{debt.pk}/") == expected


@pytest.mark.parametrize("action", ["attempt", "deadline"])
def test_debt_post_endpoints_answer_get_with_405(client, people, debt, action):
    assert status_as(client, people["deputy"], f"{LIST}{debt.pk}/{action}/") == 405


def test_debt_list_filters_status_and_subject(client, people, journal, debt):
    other = make_debt(journal, learner=journal.classmate, subject=SubjectFactory(name="Физика"))
    AcademicDebt.objects.filter(pk=other.pk).update(
        status=DebtStatus.CLOSED, closed_on=days_ago(1), closed_by=people["deputy"],
        close_reason="Пересдача",
    )  # fmt: skip
    client.force_login(people["deputy"])

    def shown(query):
        return [d.pk for d in client.get(LIST + query).context["page"].object_list]

    assert shown("") == [debt.pk]
    assert shown("?status=closed") == [other.pk]
    assert shown("?status=all") == [debt.pk, other.pk]
    assert shown(f"?status=all&subject={journal.subject.pk}") == [debt.pk]
    assert shown("?status=nonsense") == [debt.pk]


def test_debt_list_flags_both_attempts_used(client, people, debt):
    DebtAttemptFactory(debt=debt, number=1, held_on=days_ago(20))
    DebtAttemptFactory(debt=debt, number=2, held_on=days_ago(10), commission="А\nБ\nВ")
    client.force_login(people["deputy"])

    response = client.get(LIST)

    assert "обе попытки использованы" in response.content.decode()


def test_debt_list_query_count_constant_in_rows(client, people, journal, debt):
    client.force_login(people["deputy"])
    client.get(LIST)  # the session and the roles warm up

    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(4):
        learner = LearnerFactory()
        EnrollmentFactory(learner=learner, group=journal.group)
        DebtAttemptFactory(debt=make_debt(journal, learner=learner), held_on=days_ago(20))
    with CaptureQueriesContext(connection) as five:
        response = client.get(LIST)

    assert len(response.context["page"].object_list) == 5
    assert len(five) == len(one)


def test_debt_attempt_post_by_teacher_closes_debt(client, journal, debt):
    client.force_login(journal.teacher_user)

    response = client.post(
        f"{LIST}{debt.pk}/attempt/", {"held_on": days_ago(10).isoformat(), "value": "4"}
    )

    assert response.status_code == 302
    assert response.url == f"{LIST}{debt.pk}/"
    assert AcademicDebt.objects.get().status == DebtStatus.CLOSED
    assert PeriodMark.objects.get().value == "4"


def test_debt_attempt_post_before_opening_answers_400_and_writes_nothing(client, journal, debt):
    client.force_login(journal.teacher_user)

    response = client.post(
        f"{LIST}{debt.pk}/attempt/", {"held_on": days_ago(40).isoformat(), "value": "4"}
    )

    assert response.status_code == 400
    assert (
        "Пересдача не может быть раньше, чем возникла задолженность "
        f"({days_ago(30):%d.%m.%Y})." in response.content.decode()
    )
    assert DebtAttempt.objects.count() == 0
    assert PeriodMark.objects.get().value == "2"


def test_debt_attempt_post_by_director_forbidden(client, people, debt):
    client.force_login(people["director"])

    response = client.post(
        f"{LIST}{debt.pk}/attempt/", {"held_on": days_ago(10).isoformat(), "value": "4"}
    )

    assert response.status_code == 403
    assert DebtAttempt.objects.count() == 0


def test_debt_attempt_post_foreign_teacher_not_found(client, people, debt):
    client.force_login(people["other_teacher"])

    response = client.post(
        f"{LIST}{debt.pk}/attempt/", {"held_on": days_ago(10).isoformat(), "value": "4"}
    )

    assert response.status_code == 404


def test_debt_deadline_post_by_deputy(client, people, debt):
    client.force_login(people["deputy"])

    response = client.post(f"{LIST}{debt.pk}/deadline/", {"deadline": days_ago(-100).isoformat()})

    assert response.status_code == 302
    assert AcademicDebt.objects.get().deadline == days_ago(-100)


def test_debt_detail_offers_deadline_form_to_deputy_only(client, people, debt):
    client.force_login(people["teacher"])
    teacher_page = client.get(f"{LIST}{debt.pk}/")
    client.force_login(people["deputy"])
    deputy_page = client.get(f"{LIST}{debt.pk}/")

    assert teacher_page.context["deadline_form"] is None
    assert teacher_page.context["attempt_form"] is not None
    assert deputy_page.context["deadline_form"] is not None


def test_debts_for_learner_family_partial(journal, debt, django_assert_num_queries):
    DebtAttemptFactory(debt=debt, number=1, held_on=days_ago(20), value="2")
    make_debt(journal, learner=journal.classmate)

    with django_assert_num_queries(2):
        debts = debts_for_learner(journal.learner)
    html = render_to_string("achievements/debts/_family.html", {"debts": debts})

    assert [d.pk for d in debts] == [debt.pk]
    assert "Академические задолженности" in html
    assert "«2», 1-я четверть 2026/2027" in html
    assert f"№ 1 — {days_ago(20):%d.%m.%Y}: «2»" in html
    assert f"{debt.deadline:%d.%m.%Y}" in html


def test_debts_for_learner_narrowed_to_subjects(journal, debt):
    assert debts_for_learner(journal.learner, subject_ids=[journal.subject.pk + 1000]) == []
    assert render_to_string("achievements/debts/_family.html", {"debts": []}).strip() == ""
