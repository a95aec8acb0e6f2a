"""Staff lists (issue: lists): links from a class to its journals, the learner search,
paging of long lists, and what a family's card leaves out."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learners.models import Role
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    LearnerFactory,
    ProgrammeFactory,
    StaffFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class School:
    year: object
    p1: object
    p2: object
    maths: object
    russian: object
    a: object  # 5А
    b: object  # 5Б
    class_teacher: object  # of 5А
    maths_teacher: object  # 5А and 5Б
    russian_teacher: object  # 5А
    deputy: object
    director: object
    clerk: object
    smirnova: object  # 5А
    yolkina: object  # 5А
    orlov: object  # 5Б


def _staff(*roles, last_name):
    return StaffFactory(user=UserFactory(roles=list(roles)), last_name=last_name)


def _enrol(group, last_name, **fields):
    learner = LearnerFactory(last_name=last_name, **fields)
    EnrollmentFactory(learner=learner, group=group, started_on=group.year.starts_on)
    return learner


@pytest.fixture
def school(db) -> School:
    return build_school()


def build_school() -> School:
    today = timezone.localdate()
    year = AcademicYearFactory(
        name="Текущий", starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=150)
    )
    p1 = StudyPeriodFactory(
        year=year,
        number=1,
        starts_on=today - timedelta(days=90),
        ends_on=today - timedelta(days=40),
    )
    p2 = StudyPeriodFactory(
        year=year,
        number=2,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=20),
    )
    programme = ProgrammeFactory()
    maths = SubjectFactory(name="Математика")
    russian = SubjectFactory(name="Русский язык")
    class_teacher = _staff(Role.CLASS_TEACHER, last_name="Классова")
    maths_teacher = _staff(Role.TEACHER, last_name="Математикова")
    russian_teacher = _staff(Role.TEACHER, last_name="Русакова")
    a = StudyGroupFactory(year=year, programme=programme, name="5А", class_teacher=class_teacher)
    b = StudyGroupFactory(year=year, programme=programme, name="5Б")
    TeachingAssignmentFactory(teacher=maths_teacher, subject=maths, group=a)
    TeachingAssignmentFactory(teacher=maths_teacher, subject=maths, group=b)
    TeachingAssignmentFactory(teacher=russian_teacher, subject=russian, group=a)
    return School(
        year=year, p1=p1, p2=p2, maths=maths, russian=russian, a=a, b=b,
        class_teacher=class_teacher, maths_teacher=maths_teacher,
        russian_teacher=russian_teacher,
        deputy=UserFactory(roles=[Role.DEPUTY]), director=UserFactory(roles=[Role.DIRECTOR]),
        clerk=UserFactory(roles=[Role.CLERK]),
        smirnova=_enrol(a, "Смирнова", first_name="Анна", personal_file_number="p00396"),
        yolkina=_enrol(a, "Ёлкина", first_name="Мария", personal_file_number="p00397"),
        orlov=_enrol(b, "Орлов", first_name="Иван", personal_file_number="p00500"),
    )  # fmt: skip


def _get(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status
    return response


def _journal(group, subject, period) -> str:
    return reverse("journal_grid", args=[group.pk, subject.pk, period.pk])


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_classes(school, n, *, class_teacher=None, teacher=None):
    """n more classes of the year, each with two subjects and two learners."""
    for i in range(n):
        group = StudyGroupFactory(
            year=school.year, name=f"6-{i}", grade=6, class_teacher=class_teacher
        )
        for subject in (school.maths, SubjectFactory(name=f"Предмет {i}")):
            TeachingAssignmentFactory(
                group=group, subject=subject, teacher=teacher or school.russian_teacher
            )
        for k in range(2):
            learner = _enrol(group, f"Новикова{i}-{k}")
            GuardianshipFactory(learner=learner)


# --- links to journals ----------------------------------------------------------------


def test_my_classes_links_each_assignment_to_its_journal_of_the_current_period(client, school):
    content = _get(client, school.maths_teacher.user, reverse("my_classes")).content.decode()

    assert f'href="{_journal(school.a, school.maths, school.p2)}"' in content
    assert f'href="{_journal(school.b, school.maths, school.p2)}"' in content
    assert _journal(school.a, school.russian, school.p2) not in content
    assert 'aria-label="Журнал: 5А, математика, 2-я четверть">2-я четверть</a>' in content


def test_my_class_links_every_subject_journal_of_the_class(client, school):
    content = _get(client, school.class_teacher.user, reverse("my_class")).content.decode()

    assert f'href="{_journal(school.a, school.maths, school.p2)}"' in content
    assert f'href="{_journal(school.a, school.russian, school.p2)}"' in content
    assert _journal(school.b, school.maths, school.p2) not in content


def test_group_detail_links_only_the_subject_teachers_own_journals(client, school):
    content = _get(
        client, school.russian_teacher.user, reverse("group_detail", args=[school.a.pk])
    ).content.decode()

    assert f'href="{_journal(school.a, school.russian, school.p2)}"' in content
    assert _journal(school.a, school.maths, school.p2) not in content


@pytest.mark.parametrize("who", ["deputy", "director"])
def test_group_detail_links_every_journal_for_the_office(client, school, who):
    content = _get(
        client, getattr(school, who), reverse("group_detail", args=[school.a.pk])
    ).content.decode()

    assert f'href="{_journal(school.a, school.maths, school.p2)}"' in content
    assert f'href="{_journal(school.a, school.russian, school.p2)}"' in content


def test_group_detail_links_no_journal_for_the_clerk(client, school):
    content = _get(
        client, school.clerk, reverse("group_detail", args=[school.a.pk])
    ).content.decode()

    assert "/journal/" not in content


def test_group_detail_of_a_past_year_links_its_last_period(client, school):
    past = AcademicYearFactory(
        name="Прошлый", starts_on=date(2020, 9, 1), ends_on=date(2021, 5, 31)
    )
    StudyPeriodFactory(year=past, number=1, starts_on=date(2020, 9, 1), ends_on=date(2020, 12, 28))
    last = StudyPeriodFactory(
        year=past, number=2, starts_on=date(2021, 1, 11), ends_on=date(2021, 5, 31)
    )
    group = StudyGroupFactory(year=past, name="4А")
    TeachingAssignmentFactory(group=group, subject=school.maths, teacher=school.maths_teacher)

    content = _get(client, school.deputy, reverse("group_detail", args=[group.pk])).content.decode()

    assert f'href="{_journal(group, school.maths, last)}"' in content


def test_my_class_queries_do_not_grow_with_classes_and_subjects(client, school):
    client.force_login(school.class_teacher.user)
    one_class = _count_queries(client, reverse("my_class"))

    _more_classes(school, 3, class_teacher=school.class_teacher)

    assert _count_queries(client, reverse("my_class")) == one_class


def test_my_classes_queries_do_not_grow_with_classes_and_subjects(client, school):
    client.force_login(school.russian_teacher.user)
    one_class = _count_queries(client, reverse("my_classes"))

    _more_classes(school, 3)

    assert _count_queries(client, reverse("my_classes")) == one_class


def test_group_detail_queries_do_not_grow_with_subjects_and_learners(client, school):
    client.force_login(school.deputy)
    url = reverse("group_detail", args=[school.a.pk])
    before = _count_queries(client, url)
    for i in range(4):
        TeachingAssignmentFactory(group=school.a, subject=SubjectFactory(name=f"Предмет {i}"))
        GuardianshipFactory(learner=_enrol(school.a, f"Новикова{i}"))

    assert _count_queries(client, url) == before


# --- paging ---------------------------------------------------------------------------


def test_group_detail_pages_a_long_roster(client, school):
    for i in range(50):
        _enrol(school.a, f"Яковлева{i:02d}")
    url = reverse("group_detail", args=[school.a.pk])

    first = _get(client, school.deputy, url).content.decode()
    second = _get(client, school.deputy, url + "?page=2").content.decode()

    # 52 learners, 50 a page; where «Ёлкина» sorts depends on the database's collation,
    # the last «Яковлева» is last in any.
    assert first.count('data-label="Обучающийся"') == 50
    assert second.count('data-label="Обучающийся"') == 2
    assert "Яковлева49" not in first
    assert "Яковлева49" in second
    assert 'data-label="№">52<' in second
    assert 'href="?page=2"' in first


def test_learner_detail_pages_a_long_enrollment_history(client, school):
    learner = LearnerFactory(last_name="Переходова")
    for i in range(21):
        EnrollmentFactory(
            learner=learner,
            group=StudyGroupFactory(name=f"Кружок {i:02d}"),
            started_on=date(2000 + i, 9, 1),
            ended_on=date(2000 + i, 12, 1),
        )
    url = reverse("learner_detail", args=[learner.pk])

    first = _get(client, school.deputy, url).content.decode()
    second = _get(client, school.deputy, url + "?page=2").content.decode()

    assert "Кружок 20" in first
    assert "Кружок 01" in first
    assert "Кружок 00" not in first
    assert "Кружок 00" in second


# --- what a family's card leaves out -----------------------------------------------------


def test_learner_detail_for_a_parent_shows_no_personal_file_number(client, school):
    parent = GuardianFactory()
    GuardianshipFactory(learner=school.smirnova, guardian=parent)

    content = _get(
        client, parent.user, reverse("learner_detail", args=[school.smirnova.pk])
    ).content.decode()

    main = content[content.index("<main") :]

    assert "Смирнова" in main
    assert "p00396" not in main
    assert "Номер личного дела" not in main
    assert parent.user.username not in main


def test_learner_detail_for_the_learner_shows_no_personal_file_number(client, school):
    user = UserFactory(roles=[Role.LEARNER])
    school.smirnova.user = user
    school.smirnova.save()

    content = _get(client, user, reverse("me")).content.decode()

    assert "Смирнова" in content
    assert "p00396" not in content


def test_learner_detail_for_staff_shows_the_personal_file_number(client, school):
    content = _get(
        client, school.class_teacher.user, reverse("learner_detail", args=[school.smirnova.pk])
    ).content.decode()

    assert "<dt>Номер личного дела</dt><dd>p00396</dd>" in content


def test_children_page_shows_no_login_and_no_personal_file_number(client, school):
    parent = GuardianFactory()
    GuardianshipFactory(learner=school.smirnova, guardian=parent)

    content = _get(client, parent.user, reverse("children")).content.decode()
    main = content[content.index("<main") :]

    assert "Смирнова" in main
    assert "p00396" not in main
    assert parent.user.username not in main
