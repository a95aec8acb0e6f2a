"""The staff's learner search (learners/search/): who may use it, whom it finds, how
it answers bad input, and that its queries do not grow with what it finds."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learners.models import Role
from tests.factories import (
    CustomerFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    LearnerFactory,
    StaffFactory,
    StudyGroupFactory,
    TeachingAssignmentFactory,
    UserFactory,
)
from tests.learners.test_lists import School, build_school

pytestmark = pytest.mark.django_db

URL = reverse("learner_search")


@pytest.fixture
def school(db) -> School:
    return build_school()


def _found(client, user, params) -> list[str]:
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return [learner.last_name for learner in response.context["page"]]


@pytest.mark.parametrize("query", ["смирнова", "СМИРН", "анна смирн", "p00396", "P00396"])
def test_search_finds_by_name_or_number_in_any_case(client, school, query):
    assert _found(client, school.deputy, {"q": query}) == ["Смирнова"]


@pytest.mark.parametrize("query", ["елкина", "ёлкина", "ЕЛКИНА Мария"])
def test_search_finds_yo_written_as_ye(client, school, query):
    assert _found(client, school.deputy, {"q": query}) == ["Ёлкина"]


def test_search_filters_by_class(client, school):
    found = _found(client, school.deputy, {"q": "", "group": school.b.pk})

    assert found == ["Орлов"]


def test_search_of_a_class_leaves_out_who_has_left_it(client, school):
    enrollment = school.orlov.enrollments.get()
    enrollment.ended_on = date(2026, 10, 1)
    enrollment.save()

    assert _found(client, school.deputy, {"group": school.b.pk}) == []


@pytest.mark.parametrize("who", ["deputy", "director", "clerk"])
def test_search_by_the_office_covers_the_whole_organisation(client, school, who):
    stranger = LearnerFactory(last_name="Смирнов", personal_file_number="p09999")

    found = _found(client, getattr(school, who), {"q": "смирнов"})

    assert sorted(found) == sorted(["Смирнов", "Смирнова"])
    assert stranger.enrollments.count() == 0


def test_search_by_a_subject_teacher_finds_only_learners_they_teach(client, school):
    russian_teacher = school.russian_teacher.user

    assert _found(client, russian_teacher, {"q": "орлов"}) == []
    assert sorted(_found(client, russian_teacher, {"q": "а"})) == sorted(["Смирнова", "Ёлкина"])


def test_search_by_a_class_teacher_finds_only_their_class(client, school):
    assert _found(client, school.class_teacher.user, {"q": "орлов"}) == []
    assert _found(client, school.class_teacher.user, {"q": "смирнова"}) == ["Смирнова"]


def test_search_offers_a_teacher_only_their_classes(client, school):
    client.force_login(school.russian_teacher.user)

    response = client.get(URL, {"group": school.b.pk})

    assert response.status_code == 200
    assert response.context["page"] is None
    assert [g.name for g in response.context["form"].fields["group"].queryset] == ["5А"]
    assert "Такого класса нет в списке. Выберите класс из списка." in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-1", "1.5"])
def test_search_answers_a_bad_class_with_a_message(client, school, value):
    client.force_login(school.deputy)

    response = client.get(URL, {"q": "смирнова", "group": value})

    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Такого класса нет в списке. Выберите класс из списка." in response.content.decode()


def test_search_answers_an_overlong_query_with_a_message(client, school):
    client.force_login(school.deputy)

    response = client.get(URL, {"q": "я" * 101})

    assert response.context["page"] is None
    assert "Запрос — не длиннее 100 символов." in response.content.decode()


def test_search_answers_control_characters_with_a_message(client, school):
    client.force_login(school.deputy)

    response = client.get(URL, {"q": "смир\x01нова"})

    assert response.status_code == 200
    assert response.context["page"] is None
    assert "U+0001" in response.content.decode()


def test_search_without_criteria_asks_for_them(client, school):
    client.force_login(school.deputy)

    empty = client.get(URL)
    blank = client.get(URL, {"q": "  ", "group": ""})

    assert empty.context["page"] is None
    assert "Введите фамилию" not in empty.content.decode()
    assert blank.context["page"] is None
    assert "Введите фамилию, имя или номер личного дела либо выберите класс." in (
        blank.content.decode()
    )


def test_search_rows_link_to_the_learners_card_with_class_and_number(client, school):
    client.force_login(school.deputy)

    content = client.get(URL, {"q": "смирнова"}).content.decode()

    assert f'href="{reverse("learner_detail", args=[school.smirnova.pk])}"' in content
    assert '<td data-label="Класс">5А</td>' in content
    assert '<td data-label="Личное дело">p00396</td>' in content


def test_search_pages_keep_the_query_and_the_class(client, school):
    for i in range(31):
        _learner = LearnerFactory(last_name=f"Кузнецова{i:02d}")
        EnrollmentFactory(learner=_learner, group=school.b, started_on=school.year.starts_on)
    client.force_login(school.deputy)

    first = client.get(URL, {"q": "кузнецова", "group": school.b.pk})
    second = client.get(URL, {"q": "кузнецова", "group": school.b.pk, "page": 2})

    assert len(first.context["page"]) == 30
    assert (
        f'href="?q=%D0%BA%D1%83%D0%B7%D0%BD%D0%B5%D1%86%D0%BE%D0%B2%D0%B0&amp;group={school.b.pk}&amp;page=2"'
        in first.content.decode()
    )
    assert [learner.last_name for learner in second.context["page"]] == ["Кузнецова30"]


def test_search_queries_do_not_grow_with_learners_found(client, school):
    client.force_login(school.deputy)

    def add_learners(n, start):
        for i in range(start, start + n):
            group = StudyGroupFactory(year=school.year, name=f"7-{i}")
            learner = LearnerFactory(last_name=f"Петрова{i:02d}")
            EnrollmentFactory(learner=learner, group=group, started_on=school.year.starts_on)
            GuardianshipFactory(learner=learner)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"q": "ова"}).status_code == 200
        return len(queries)

    # More than one page either way: a list that fits one page is read without COUNT.
    add_learners(30, 0)
    two_pages = count()
    add_learners(40, 30)

    assert count() == two_pages


def test_search_refuses_families_and_customers(client, school):
    parent = GuardianFactory()
    GuardianshipFactory(learner=school.smirnova, guardian=parent)
    learner_user = UserFactory(roles=[Role.LEARNER])
    customer_user = UserFactory(roles=[Role.CUSTOMER])
    CustomerFactory().users.add(customer_user)

    for user in (parent.user, learner_user, customer_user, UserFactory(roles=[Role.ADMINISTRATOR])):
        client.force_login(user)
        assert client.get(URL, {"q": "смирнова"}).status_code == 403


def test_search_sends_an_anonymous_visitor_to_log_in(client, school):
    response = client.get(URL, {"q": "смирнова"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_search_by_a_teacher_who_has_left_finds_nobody(client, school):
    school.russian_teacher.is_active = False
    school.russian_teacher.save()

    assert _found(client, school.russian_teacher.user, {"q": "а"}) == []


def test_search_by_a_teacher_of_another_class_does_not_show_the_class(client, school):
    other = StaffFactory(user=UserFactory(roles=[Role.TEACHER]))
    TeachingAssignmentFactory(teacher=other, group=school.b)

    assert _found(client, other.user, {"q": "смирнова"}) == []
    assert _found(client, other.user, {"q": "орлов"}) == ["Орлов"]
