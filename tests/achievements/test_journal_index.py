"""The list of journals (journal_index): filters by class, subject, teacher and text as
a GET form, a page at a time, with a query count that does not grow with the list."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learners.models import Role
from tests.factories import (
    StaffFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

URL = "/journal/"


@pytest.fixture
def deputy_client(client, journal):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))
    return client


def add_journal(journal, group, subject, teacher):
    return TeachingAssignmentFactory(group=group, subject=subject, teacher=teacher)


def group_of(journal, name, grade):
    return StudyGroupFactory(
        year=journal.year, programme=journal.group.programme, name=name, grade=grade
    )


@pytest.fixture
def four_journals(journal):
    """5А Математика (the fixture's teacher), 6А Математика and Физика (Сидоров),
    7Б Химия (Котова)."""
    sidorov = StaffFactory(last_name="Сидоров", first_name="Пётр", patronymic="Ильич")
    kotova = StaffFactory(last_name="Котова", first_name="Ольга", patronymic="Юрьевна")
    six, seven = group_of(journal, "6А", 6), group_of(journal, "7Б", 7)
    physics, chemistry = SubjectFactory(name="Физика"), SubjectFactory(name="Химия")
    add_journal(journal, six, journal.subject, sidorov)
    add_journal(journal, six, physics, sidorov)
    add_journal(journal, seven, chemistry, kotova)
    return {"six": six, "physics": physics, "sidorov": sidorov, "kotova": kotova}


def listed(response):
    return [
        (j.group.name, j.subject.name, j.teacher.last_name) for j in response.context["journals"]
    ]


ALL = [
    ("5А", "Математика", None),
    ("6А", "Математика", "Сидоров"),
    ("6А", "Физика", "Сидоров"),
    ("7Б", "Химия", "Котова"),
]


def test_journal_index_unfiltered_lists_all_in_class_order(deputy_client, journal, four_journals):
    response = deputy_client.get(URL)

    assert response.status_code == 200
    expected = [(g, s, t or journal.teacher.last_name) for g, s, t in ALL]
    assert listed(response) == expected
    assert response.context["form"].errors == {}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"group": "six"}, [1, 2]),
        ({"subject": "math"}, [0, 1]),
        ({"teacher": "sidorov"}, [1, 2]),
        ({"q": "хим"}, [3]),
        ({"q": "СИДОР"}, [1, 2]),
        ({"q": "7б"}, [3]),
        ({"group": "six", "subject": "physics"}, [2]),
        ({"teacher": "kotova", "q": "физ"}, []),
    ],
)
def test_journal_index_filter_narrows_list(deputy_client, journal, four_journals, query, expected):
    ids = four_journals | {"math": journal.subject}
    params = {name: (value if name == "q" else str(ids[value].pk)) for name, value in query.items()}

    response = deputy_client.get(URL, params)

    assert response.status_code == 200
    assert listed(response) == [
        (g, s, t or journal.teacher.last_name) for i, (g, s, t) in enumerate(ALL) if i in expected
    ]


def test_journal_index_filter_choices_are_the_users_journals(deputy_client, journal, four_journals):
    form = deputy_client.get(URL).context["form"]

    assert [label for _, label in form.fields["group"].choices] == ["все", "5А", "6А", "7Б"]
    assert [label for _, label in form.fields["subject"].choices] == [
        "все",
        "Математика",
        "Физика",
        "Химия",
    ]
    assert [label for _, label in form.fields["teacher"].choices] == [
        "все",
        "Котова О.Ю.",
        "Сидоров П.И.",
        journal.teacher.short_name,
    ]


def test_journal_index_teacher_sees_and_filters_only_own(client, journal, four_journals):
    client.force_login(four_journals["sidorov"].user)

    response = client.get(URL, {"q": "а"})

    assert listed(response) == [("6А", "Математика", "Сидоров"), ("6А", "Физика", "Сидоров")]
    assert [label for _, label in response.context["form"].fields["group"].choices] == [
        "все",
        "6А",
    ]


def test_journal_index_unknown_filter_value_shows_error_and_filters_nothing(
    deputy_client, journal, four_journals
):
    response = deputy_client.get(URL, {"group": "abc", "subject": "999999"})

    assert response.status_code == 200
    assert len(listed(response)) == 4
    html = response.content.decode()
    assert "Класс: Выберите корректный вариант. abc нет среди допустимых значений." in html
    assert "Предмет: Выберите корректный вариант." in html
    assert html.count("Фильтр не применён.") == 2


def test_journal_index_no_match_says_so(deputy_client, journal, four_journals):
    response = deputy_client.get(URL, {"q": "астрономия"})

    assert listed(response) == []
    assert "Нет журналов по этим условиям." in response.content.decode()


def many_journals(journal, count, subject_name="Физика"):
    """``count`` journals of one subject and teacher, in classes named after both."""
    subject = SubjectFactory(name=subject_name)
    teacher = StaffFactory(last_name="Многопредметова")
    for n in range(count):
        grade = 5 + n // 30
        group = group_of(journal, f"{grade}-{subject_name}-{n:03d}", grade)
        add_journal(journal, group, subject, teacher)
    return subject


def test_journal_index_pages_keep_filters_in_links(deputy_client, journal):
    physics = many_journals(journal, 60)

    first = deputy_client.get(URL, {"subject": physics.pk, "period": journal.period.pk})
    second = deputy_client.get(
        URL, {"subject": physics.pk, "period": journal.period.pk, "page": "2"}
    )

    assert len(listed(first)) == 50
    assert len(listed(second)) == 10
    assert listed(second)[-1] == ("6-Физика-059", "Физика", "Многопредметова")
    html = first.content.decode()
    assert "Журналов: 60; показаны 1–50." in html
    links = re.findall(r'href="(\?[^"]*page=2[^"]*)"', html)
    assert links == [
        f"?subject={physics.pk}&amp;period={journal.period.pk}&amp;page=2",
        f"?subject={physics.pk}&amp;period={journal.period.pk}&amp;page=2",
    ]


def count(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries), response


def test_journal_index_queries_constant_for_few_and_many_journals(
    deputy_client, journal, django_assert_num_queries
):
    params = {"period": journal.period.pk, "q": "физ"}
    many_journals(journal, 2)
    few, few_page = count(deputy_client, params)
    many_journals(journal, 40, subject_name="Физкультура")

    with django_assert_num_queries(few):
        many_page = deputy_client.get(URL, params)

    assert len(listed(few_page)) == 2
    assert len(listed(many_page)) == 42
    assert many_page.context["journals"][0].lesson_total == 0


def test_journal_index_queries_constant_for_second_page_of_60_and_130(
    deputy_client, journal, django_assert_num_queries
):
    params = {"period": journal.period.pk, "page": "2"}
    many_journals(journal, 60)
    fewer, fewer_page = count(deputy_client, params)
    many_journals(journal, 70, subject_name="Физкультура")

    with django_assert_num_queries(fewer):
        more_page = deputy_client.get(URL, params)

    assert len(listed(fewer_page)) == 11  # 61 journals with the fixture's
    assert len(listed(more_page)) == 50
