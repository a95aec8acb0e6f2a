"""The access policy (R-SEC-2), through the real pages and through learners.access.

One small school (``tests.schools.SchoolBuilder``), built once for the module: class 5А
(class teacher, a maths teacher, two learners, one of whom has a parent with a second
child in 5Б), class 5Б (another family, another teacher) and a training group ПК-1 with
learners under two customers' contracts."""

import logging
import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.http import Http404
from django.test import override_settings

from learners import access, services
from learners.models import Learner, ProgrammeLevel, Role, StudyGroup
from tests.factories import (
    GuardianFactory,
    GuardianshipFactory,
    ProgrammeFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)
from tests.schools import SchoolBuilder

pytestmark = pytest.mark.django_db

ACCESS_LOGGER = "uchet.access"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Every kind of visitor the walk tries. "administrator" is a superuser;
# "administrator_group" only holds the group «Администратор».
ROLES = [
    "deputy",
    "director",
    "clerk",
    "class_teacher",
    "teacher",
    "parent",
    "learner",
    "customer",
    "administrator",
    "administrator_group",
    "no_role",
    "anonymous",
]

WHOLE_ORGANISATION = ["deputy", "director", "clerk", "administrator", "administrator_group"]

START_PAGE = {
    "deputy": "/overview/",
    "director": "/overview/",
    "clerk": "/archive/",
    "class_teacher": "/my-class/",
    "teacher": "/teaching/",
    "parent": "/children/",
    "learner": "/me/",
    "customer": "/contracted/",
    "administrator": "/admin/",
    "administrator_group": "/admin/",
}


@dataclass
class School:
    users: dict
    learners: dict
    groups: dict
    own_learner: dict
    foreign_learner: dict
    own_group: dict
    foreign_group: dict


def _build_school():
    """Create the school; return the primary keys the tests look up again."""
    build = SchoolBuilder()
    programme = ProgrammeFactory(name="ООП ООО")
    training = ProgrammeFactory(
        name="Оператор станков с ЧПУ", level=ProgrammeLevel.PROFESSIONAL_TRAINING
    )
    class_teacher = build.class_teacher("Климова", "Вера", "Олеговна")
    groups = {
        "5А": build.group("5А", programme=programme, class_teacher=class_teacher),
        "5Б": build.group("5Б", programme=programme),
        "ПК-1": build.group("ПК-1", programme=training, grade=1),
    }
    teacher = build.subject_teacher(
        groups["5А"], "Математика", last_name="Тихонов", first_name="Игорь", patronymic="Львович"
    )
    build.subject_teacher(
        groups["5Б"], "Русский язык", last_name="Орлова", first_name="Нина", patronymic="Юрьевна"
    )
    customer = build.customer("АО «Станкозавод»")
    other_customer = build.customer("ООО «Токарь»")
    learners = {
        "olga": build.learner(groups["5А"], "Алексеева", "Ольга", "Петровна", account=True),
        "ivan": build.learner(groups["5А"], "Борисов", "Иван", "Сергеевич"),
        "maxim": build.learner(groups["5Б"], "Алексеев", "Максим", "Петрович"),
        "darya": build.learner(groups["5Б"], "Васильева", "Дарья", "Андреевна"),
        "petr": build.learner(groups["ПК-1"], "Григорьев", "Пётр", "Николаевич", customer=customer),
        "denis": build.learner(
            groups["ПК-1"], "Дмитриев", "Денис", "Олегович", customer=other_customer
        ),
    }
    parent = build.parent(
        learners["olga"], learners["maxim"],
        last_name="Алексеева", first_name="Елена", patronymic="Павловна",
    )  # fmt: skip
    build.parent(learners["darya"])

    users = {
        "deputy": build.official(Role.DEPUTY),
        "director": build.official(Role.DIRECTOR),
        "clerk": build.official(Role.CLERK),
        "class_teacher": class_teacher.user,
        "teacher": teacher.user,
        "parent": parent.user,
        "learner": learners["olga"].user,
        "customer": build.customer_account(customer),
        "administrator": build.user(is_superuser=True, is_staff=True),
        "administrator_group": build.user(Role.ADMINISTRATOR),
        "no_role": build.user(),
    }
    return {
        "users": {role: user.pk for role, user in users.items()},
        "learners": {key: person.pk for key, person in learners.items()},
        "groups": {name: group.pk for name, group in groups.items()},
    }


@pytest.fixture(scope="module", autouse=True)
def _school_rows(django_db_setup, django_db_blocker):
    """The school is built once for the module inside an outer transaction; each
    test runs in a savepoint within it (pytest-django's own), and the whole school
    is rolled back after the last test. Building it per test would make the walk
    below take most of the suite's time."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            rows = _build_school()
        # The deferred foreign keys checked once here, not again at every test's
        # teardown (tests/test_access_matrix.py says why).
        connection.check_constraints()
    yield rows
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def school(_school_rows):
    """Fresh model instances for each test, so no cached state leaks between tests."""
    users = get_user_model().objects.in_bulk(_school_rows["users"].values())
    learners = Learner.objects.in_bulk(_school_rows["learners"].values())
    groups = StudyGroup.objects.in_bulk(_school_rows["groups"].values())
    by_role = {role: users[pk] for role, pk in _school_rows["users"].items()}
    by_role["anonymous"] = None
    by_key = {key: learners[pk] for key, pk in _school_rows["learners"].items()}
    by_name = {name: groups[pk] for name, pk in _school_rows["groups"].items()}
    own_learner = dict.fromkeys(ROLES, by_key["olga"])
    foreign_learner = dict.fromkeys(ROLES, by_key["darya"])
    own_group = dict.fromkeys(ROLES, by_name["5А"])
    foreign_group = dict.fromkeys(ROLES, by_name["5Б"])
    foreign_learner["learner"] = by_key["ivan"]  # a classmate is still someone else
    own_learner["customer"] = by_key["petr"]
    foreign_learner["customer"] = by_key["denis"]  # same group, another customer
    own_group["customer"] = by_name["ПК-1"]
    return School(by_role, by_key, by_name, own_learner, foreign_learner, own_group, foreign_group)


def _client_for(client, school, role):
    user = school.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _access_records(caplog):
    return [r for r in caplog.records if r.name == ACCESS_LOGGER]


def _linked_names(response, path_prefix="/learners/"):
    """Full names of the learners a page links to, in page order."""
    pattern = rf'<a href="{re.escape(path_prefix)}\d+/">([^<]+)</a>'
    return re.findall(pattern, response.content.decode())


# Home page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(START_PAGE))
def test_home_redirects_role_to_start_page(client, school, role):
    response = _client_for(client, school, role).get("/")

    assert response.status_code == 302
    assert response["Location"] == START_PAGE[role]


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([Role.TEACHER, Role.CLASS_TEACHER], "/my-class/"),
        ([Role.TEACHER, Role.DEPUTY], "/overview/"),
        ([Role.PARENT, Role.TEACHER], "/teaching/"),
        ([Role.PARENT, Role.LEARNER], "/children/"),
        ([Role.CUSTOMER, Role.ADMINISTRATOR], "/contracted/"),
    ],
    ids=["teacher+class", "teacher+deputy", "parent+teacher", "parent+learner", "cust+admin"],
)
def test_home_with_several_roles_redirects_to_first_start_page(client, roles, expected):
    client.force_login(UserFactory(roles=roles))

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == expected


def test_home_without_role_refused(client):
    client.force_login(UserFactory())

    response = client.get("/")

    assert response.status_code == 403
    assert "learners/no_role.html" in [t.name for t in response.templates]
    assert "Роль не назначена" in response.content.decode()


def test_home_without_role_refusal_logged(client, caplog):
    user = UserFactory()
    client.force_login(user)

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
        client.get("/")

    assert [r.levelname for r in _access_records(caplog)] == ["WARNING"]


def test_home_administrator_role_lands_on_admin_index(client):
    user = UserFactory()
    services.role_grant(user=user, roles=[Role.ADMINISTRATOR])
    client.force_login(user)

    response = client.get("/", follow=True)

    assert response.redirect_chain == [("/admin/", 302)]
    assert "admin/index.html" in [t.name for t in response.templates]


def test_home_anonymous_redirected_to_login(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


# Role pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("parent", "/overview/"),
        ("teacher", "/children/"),
        ("teacher", "/my-class/"),
        ("class_teacher", "/teaching/"),
        ("learner", "/children/"),
        ("parent", "/me/"),
        ("customer", "/overview/"),
        ("deputy", "/contracted/"),
        ("administrator", "/overview/"),
    ],
)
def test_role_page_for_wrong_role_refused_and_logged(client, school, caplog, role, path):
    user = school.users[role]
    client.force_login(user)

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
        response = client.get(path)

    assert response.status_code == 403
    assert "Эта страница не для вашей роли." in response.content.decode()
    roles = ROLES_OF[role]
    assert [(r.levelname, r.getMessage()) for r in _access_records(caplog)] == [
        (
            "WARNING",
            f"access refused: user={user.pk} roles={','.join(sorted(roles))} page=GET {path}",
        )
    ]


def test_role_page_for_right_role_not_logged(client, school, caplog):
    client.force_login(school.users["parent"])

    with caplog.at_level(logging.DEBUG, logger=ACCESS_LOGGER):
        response = client.get("/children/")

    assert response.status_code == 200
    assert _access_records(caplog) == []


def test_me_for_learner_role_without_linked_learner_refused(client):
    client.force_login(UserFactory(roles=[Role.LEARNER]))

    response = client.get("/me/")

    assert response.status_code == 403
    assert "Учётная запись не связана с обучающимся." in response.content.decode()


# Object pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        ("parent", "learner"),
        ("teacher", "learner"),
        ("class_teacher", "learner"),
        ("learner", "learner"),
        ("customer", "learner"),
        ("teacher", "group"),
        ("class_teacher", "group"),
    ],
)
def test_foreign_object_page_answers_404_and_logs(client, school, caplog, role, kind):
    user = school.users[role]
    target = (school.foreign_learner if kind == "learner" else school.foreign_group)[role]
    client.force_login(user)
    path = f"/{kind}s/{target.pk}/" if kind == "learner" else f"/groups/{target.pk}/"

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
        response = client.get(path)

    assert response.status_code == 404
    records = _access_records(caplog)
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("WARNING", f"access refused: user={user.pk} roles={role} {kind}={target.pk}")
    ]


def test_parent_never_sees_group_page_of_own_child(client, school, caplog):
    user = school.users["parent"]
    client.force_login(user)
    group = school.groups["5А"]

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER):
        response = client.get(f"/groups/{group.pk}/")

    assert response.status_code == 404
    assert [(r.levelname, r.getMessage()) for r in _access_records(caplog)] == [
        ("WARNING", f"access refused: user={user.pk} roles=parent group={group.pk}")
    ]
    assert "Борисов Иван" not in response.content.decode()


def _learner_statuses(client, school) -> dict[str, int]:
    """The status of every test learner's card for the signed-in user."""
    return {
        key: client.get(f"/learners/{person.pk}/").status_code
        for key, person in school.learners.items()
    }


def _group_statuses(client, school) -> dict[str, int]:
    return {
        name: client.get(f"/groups/{group.pk}/").status_code
        for name, group in school.groups.items()
    }


def test_missing_learner_page_answers_404_like_foreign(client, school):
    client.force_login(school.users["deputy"])

    response = client.get("/learners/999999/")

    assert response.status_code == 404


@pytest.mark.parametrize("role", WHOLE_ORGANISATION)
def test_whole_organisation_roles_see_every_learner_page(client, school, role):
    client.force_login(school.users[role])

    statuses = _learner_statuses(client, school)

    assert statuses == dict.fromkeys(school.learners, 200)


def test_teacher_sees_learners_of_taught_class_only(client, school):
    client.force_login(school.users["teacher"])

    statuses = _learner_statuses(client, school)

    assert statuses == {
        "olga": 200,
        "ivan": 200,
        "maxim": 404,
        "darya": 404,
        "petr": 404,
        "denis": 404,
    }


def test_class_teacher_sees_own_class_only(client, school):
    client.force_login(school.users["class_teacher"])

    learner_statuses = _learner_statuses(client, school)
    group_statuses = _group_statuses(client, school)

    assert learner_statuses == {
        "olga": 200,
        "ivan": 200,
        "maxim": 404,
        "darya": 404,
        "petr": 404,
        "denis": 404,
    }
    assert group_statuses == {"5А": 200, "5Б": 404, "ПК-1": 404}


def test_parent_sees_own_children_only(client, school):
    client.force_login(school.users["parent"])

    statuses = _learner_statuses(client, school)
    group_statuses = _group_statuses(client, school)

    assert statuses == {
        "olga": 200,
        "ivan": 404,
        "maxim": 200,
        "darya": 404,
        "petr": 404,
        "denis": 404,
    }
    assert group_statuses == {"5А": 404, "5Б": 404, "ПК-1": 404}


def test_learner_sees_self_only(client, school):
    client.force_login(school.users["learner"])

    statuses = _learner_statuses(client, school)

    assert statuses == {
        "olga": 200,
        "ivan": 404,
        "maxim": 404,
        "darya": 404,
        "petr": 404,
        "denis": 404,
    }


def test_customer_sees_learners_under_own_contracts_only(client, school):
    client.force_login(school.users["customer"])

    statuses = _learner_statuses(client, school)

    assert statuses == {
        "olga": 404,
        "ivan": 404,
        "maxim": 404,
        "darya": 404,
        "petr": 200,
        "denis": 404,
    }


def test_customer_sees_learner_after_contract_ended(client, school):
    enrollment = school.learners["petr"].enrollments.get()
    enrollment.ended_on = date(2026, 10, 1)
    enrollment.save()
    client.force_login(school.users["customer"])

    response = client.get(f"/learners/{school.learners['petr'].pk}/")

    assert response.status_code == 200


def test_customer_representative_without_role_sees_nothing(client, school):
    user = UserFactory()
    school.learners["petr"].enrollments.get().customer.users.add(user)
    client.force_login(user)

    learner_status = client.get(f"/learners/{school.learners['petr'].pk}/").status_code
    page_status = client.get("/contracted/").status_code

    assert (learner_status, page_status) == (404, 403)


# Page contents ----------------------------------------------------------------------------


def test_children_page_lists_exactly_own_children(client, school):
    client.force_login(school.users["parent"])

    response = client.get("/children/")

    assert response.status_code == 200
    assert _linked_names(response) == ["Алексеев Максим Петрович", "Алексеева Ольга Петровна"]
    content = response.content.decode()
    assert "Васильева Дарья" not in content
    assert "Борисов Иван" not in content


def test_children_page_of_parent_without_children_says_so(client):
    client.force_login(GuardianFactory().user)

    response = client.get("/children/")

    assert _linked_names(response) == []
    assert "К вашей учётной записи не привязан ни один обучающийся." in response.content.decode()


def test_children_page_of_parent_who_teaches_lists_only_children(client, school):
    """A teacher who is also a parent sees their pupils elsewhere, not among children."""
    teacher_user = school.users["teacher"]
    guardian = GuardianFactory(user=teacher_user)
    GuardianshipFactory(guardian=guardian, learner=school.learners["darya"])
    teacher_user.groups.add(*school.users["parent"].groups.all())
    client.force_login(teacher_user)

    response = client.get("/children/")

    assert _linked_names(response) == ["Васильева Дарья Андреевна"]


def test_my_class_page_lists_own_class_roster(client, school):
    client.force_login(school.users["class_teacher"])

    response = client.get("/my-class/")

    assert response.status_code == 200
    assert _linked_names(response) == ["Алексеева Ольга Петровна", "Борисов Иван Сергеевич"]
    assert _linked_names(response, "/groups/") == ["Учителя и предметы класса"]
    assert "Васильева Дарья" not in response.content.decode()


def test_my_classes_page_lists_own_assignments(client, school):
    client.force_login(school.users["teacher"])

    response = client.get("/teaching/")

    assert response.status_code == 200
    assert _linked_names(response, "/groups/") == ["5А"]
    content = response.content.decode()
    assert "<td>Математика</td>" in content
    assert '<td class="num">2</td>' in content
    assert "Русский язык" not in content


def test_contracted_page_lists_own_customer_learners(client, school):
    client.force_login(school.users["customer"])

    response = client.get("/contracted/")

    assert response.status_code == 200
    assert _linked_names(response) == ["Григорьев Пётр Николаевич"]
    assert "Дмитриев Денис" not in response.content.decode()


def test_me_page_shows_own_learner(client, school):
    client.force_login(school.users["learner"])

    response = client.get("/me/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Алексеева Ольга Петровна</h1>" in content
    assert "Борисов Иван" not in content


def test_overview_page_lists_every_group_of_year(client, school):
    client.force_login(school.users["deputy"])

    response = client.get("/overview/")

    assert response.status_code == 200
    assert sorted(_linked_names(response, "/groups/")) == ["5А", "5Б", "ПК-1"]
    assert response.context["learner_total"] == 6


def test_group_page_lists_roster_to_teacher(client, school):
    client.force_login(school.users["teacher"])

    response = client.get(f"/groups/{school.groups['5А'].pk}/")

    assert response.status_code == 200
    assert _linked_names(response) == ["Алексеева Ольга Петровна", "Борисов Иван Сергеевич"]


def test_learner_page_hides_guardian_phone_from_parent(client, school):
    GuardianshipFactory(learner=school.learners["olga"], guardian__phone="+7 911 111-22-33")
    client.force_login(school.users["parent"])

    response = client.get(f"/learners/{school.learners['olga'].pk}/")

    assert "+7 911 111-22-33" not in response.content.decode()


def test_learner_page_shows_guardian_phone_to_class_teacher(client, school):
    GuardianshipFactory(learner=school.learners["olga"], guardian__phone="+7 911 111-22-33")
    client.force_login(school.users["class_teacher"])

    response = client.get(f"/learners/{school.learners['olga'].pk}/")

    assert "тел. +7 911 111-22-33" in response.content.decode()


# learners.access, directly -----------------------------------------------------------------


VISIBLE_LEARNERS = {
    **{role: {"olga", "ivan", "maxim", "darya", "petr", "denis"} for role in WHOLE_ORGANISATION},
    "class_teacher": {"olga", "ivan"},
    "teacher": {"olga", "ivan"},
    "parent": {"olga", "maxim"},
    "learner": {"olga"},
    "customer": {"petr"},
    "no_role": set(),
    "anonymous": set(),
}

VISIBLE_GROUPS = {
    **{role: {"5А", "5Б", "ПК-1"} for role in WHOLE_ORGANISATION},
    "class_teacher": {"5А"},
    "teacher": {"5А"},
    "parent": set(),
    "learner": set(),
    "customer": set(),
    "no_role": set(),
    "anonymous": set(),
}

ROLES_OF = {
    "deputy": {Role.DEPUTY},
    "director": {Role.DIRECTOR},
    "clerk": {Role.CLERK},
    "class_teacher": {Role.CLASS_TEACHER},
    "teacher": {Role.TEACHER},
    "parent": {Role.PARENT},
    "learner": {Role.LEARNER},
    "customer": {Role.CUSTOMER},
    "administrator": {Role.ADMINISTRATOR},
    "administrator_group": {Role.ADMINISTRATOR},
    "no_role": set(),
    "anonymous": set(),
}


def _user(school, role):
    return school.users[role] or AnonymousUser()


def _names(school, learners):
    by_pk = {person.pk: key for key, person in school.learners.items()}
    return {by_pk[person.pk] for person in learners}


@pytest.mark.parametrize("role", ROLES)
def test_roles_of_each_role(school, role):
    assert access.roles_of(_user(school, role)) == ROLES_OF[role]


@pytest.mark.parametrize("role", ROLES)
def test_visible_learners_each_role(school, role):
    visible = access.visible_learners(_user(school, role))

    assert _names(school, visible) == VISIBLE_LEARNERS[role]
    assert visible.count() == len(VISIBLE_LEARNERS[role])  # no duplicates from joins


@pytest.mark.parametrize("role", ROLES)
def test_visible_groups_each_role(school, role):
    visible = access.visible_groups(_user(school, role))

    assert sorted(g.name for g in visible) == sorted(VISIBLE_GROUPS[role])


@pytest.mark.parametrize("role", ROLES)
def test_sees_whole_organisation_each_role(school, role):
    assert access.sees_whole_organisation(_user(school, role)) is (role in WHOLE_ORGANISATION)


def test_visible_learners_of_teacher_and_class_teacher_combined(school):
    user = school.users["class_teacher"]
    TeachingAssignmentFactory(teacher=user.staff, group=school.groups["5Б"])
    user.groups.add(*school.users["teacher"].groups.all())
    user = type(user).objects.get(pk=user.pk)  # fresh object, fresh role cache

    visible = access.visible_learners(user)

    assert _names(school, visible) == {"olga", "ivan", "maxim", "darya"}
    assert visible.count() == 4


def test_visible_learners_of_inactive_teacher_empty(school):
    staff = school.users["teacher"].staff
    staff.is_active = False
    staff.save()
    user = type(school.users["teacher"]).objects.get(pk=staff.user_id)

    assert list(access.visible_learners(user)) == []
    assert list(access.visible_groups(user)) == []
    assert list(access.teaching_assignments(user)) == []


def test_visible_learners_of_teacher_without_staff_record_empty():
    user = UserFactory(roles=[Role.TEACHER])

    assert list(access.visible_learners(user)) == []
    assert list(access.visible_groups(user)) == []


def test_visible_learners_ordering_and_annotation_allowed(school):
    visible = access.visible_learners(school.users["parent"]).order_by("-last_name")

    assert [p.full_name for p in visible] == [
        "Алексеева Ольга Петровна",
        "Алексеев Максим Петрович",
    ]


def test_teaching_assignments_of_teacher(school):
    assignments = access.teaching_assignments(school.users["teacher"])

    assert [(a.group.name, a.subject.name) for a in assignments] == [("5А", "Математика")]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "teacher"])
def test_teaching_assignments_of_other_roles_empty(school, role):
    assert list(access.teaching_assignments(_user(school, role))) == []


def test_can_teach_own_subject_in_own_group(school):
    assignment = access.teaching_assignments(school.users["teacher"]).get()

    assert access.can_teach(
        school.users["teacher"], group=assignment.group, subject=assignment.subject
    )


def test_can_teach_other_subject_or_group_refused(school):
    user = school.users["teacher"]
    maths = access.teaching_assignments(user).get().subject
    russian = SubjectFactory(name="Русский язык (5А)")

    assert access.can_teach(user, group=school.groups["5А"], subject=russian) is False
    assert access.can_teach(user, group=school.groups["5Б"], subject=maths) is False


def test_can_teach_class_teacher_refused(school):
    """Being the class teacher does not give the right to enter marks."""
    assert (
        access.can_teach(
            school.users["class_teacher"],
            group=school.groups["5А"],
            subject=SubjectFactory(name="Литература"),
        )
        is False
    )


def test_get_learner_for_user_own(school):
    found = access.get_learner_for_user(school.users["parent"], school.learners["maxim"].pk)

    assert found == school.learners["maxim"]
    assert isinstance(found, Learner)


def test_get_learner_for_user_foreign_raises_404_and_logs(school, caplog):
    user = school.users["parent"]
    darya = school.learners["darya"]

    with (
        caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER),
        pytest.raises(Http404) as refused,
    ):
        access.get_learner_for_user(user, darya.pk)

    assert str(refused.value) == "Нет такой записи или нет доступа к ней."
    assert [(r.levelname, r.getMessage()) for r in _access_records(caplog)] == [
        ("WARNING", f"access refused: user={user.pk} roles=parent learner={darya.pk}")
    ]


def test_get_group_for_user_own(school):
    found = access.get_group_for_user(school.users["class_teacher"], school.groups["5А"].pk)

    assert found == school.groups["5А"]


def test_get_group_for_user_foreign_raises_404_and_logs(school, caplog):
    user = school.users["teacher"]
    group = school.groups["5Б"]

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER), pytest.raises(Http404):
        access.get_group_for_user(user, group.pk)

    assert [(r.levelname, r.getMessage()) for r in _access_records(caplog)] == [
        ("WARNING", f"access refused: user={user.pk} roles=teacher group={group.pk}")
    ]


def test_get_learner_for_user_anonymous_raises_404_and_logs(school, caplog):
    olga = school.learners["olga"]

    with caplog.at_level(logging.WARNING, logger=ACCESS_LOGGER), pytest.raises(Http404):
        access.get_learner_for_user(AnonymousUser(), olga.pk)

    assert [(r.levelname, r.getMessage()) for r in _access_records(caplog)] == [
        ("WARNING", f"access refused: user=None roles= learner={olga.pk}")
    ]
