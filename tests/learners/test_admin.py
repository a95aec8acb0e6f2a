"""The admin site of the learners app, as a superuser uses it."""

from datetime import date

import pytest
from django.contrib import admin
from django.test import RequestFactory

from common.admin import ReadOnlyHistoryAdmin
from learners import services
from learners.models import CurriculumLine, Enrollment, LearnerStatus, Organisation, StudyGroup
from tests.factories import (
    ConsentFactory,
    CurriculumLineFactory,
    CustomerFactory,
    EnrollmentFactory,
    GuardianshipFactory,
    LearnerFactory,
    OrganisationFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LEARNERS_ADMINS = sorted(
    (
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "learners"
    ),
    key=lambda pair: pair[0]._meta.model_name,
)
MODEL_NAMES = [model._meta.model_name for model, _ in LEARNERS_ADMINS]
# History is written by the services alone: its admin has no add page.
HISTORY_NAMES = [
    model._meta.model_name
    for model, model_admin in LEARNERS_ADMINS
    if isinstance(model_admin, ReadOnlyHistoryAdmin)
]


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def filled():
    """At least one row of every registered model, so lists and forms render rows."""
    OrganisationFactory()
    StudyPeriodFactory()
    CurriculumLineFactory()
    enrollment = EnrollmentFactory(customer=CustomerFactory())
    GuardianshipFactory(learner=enrollment.learner)
    ConsentFactory(learner=enrollment.learner)
    TeachingAssignmentFactory(group=enrollment.group)
    services.learner_status_change(
        learner=LearnerFactory(),
        status=LearnerStatus.ON_LEAVE,
        reason="Заявление родителей от 10.01.2027",
        actor=UserFactory(),
    )


def test_learners_admin_registers_expected_models():
    assert MODEL_NAMES == [
        "academicyear",
        "calendaryear",
        "consent",
        "curriculumline",
        "customer",
        "enrollment",
        "gradingscale",
        "guardian",
        "learner",
        "learnerstatuschange",
        "organisation",
        "programme",
        "staff",
        "studygroup",
        "subject",
        "teachingassignment",
    ]


@pytest.mark.parametrize("model_name", MODEL_NAMES)
def test_admin_changelist_opens(superuser_client, filled, model_name):
    response = superuser_client.get(f"/admin/learners/{model_name}/")

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model_name", [n for n in MODEL_NAMES if n not in HISTORY_NAMES])
def test_admin_add_page_opens(superuser_client, model_name):
    response = superuser_client.get(f"/admin/learners/{model_name}/add/")

    assert response.status_code == 200


@pytest.mark.parametrize("model_name", HISTORY_NAMES)
def test_admin_history_add_page_refused(superuser_client, model_name):
    response = superuser_client.get(f"/admin/learners/{model_name}/add/")

    assert response.status_code == 403


@pytest.mark.parametrize("model_name", MODEL_NAMES)
def test_admin_change_page_opens(superuser_client, filled, model_name):
    model = next(m for m, _ in LEARNERS_ADMINS if m._meta.model_name == model_name)
    obj = model.objects.order_by("pk").first()

    response = superuser_client.get(f"/admin/learners/{model_name}/{obj.pk}/change/")

    assert response.status_code == 200


def test_admin_organisation_second_add_refused(superuser_client):
    OrganisationFactory()

    response = superuser_client.get("/admin/learners/organisation/add/")

    assert response.status_code == 403
    assert Organisation.objects.count() == 1


# Learner search ------------------------------------------------------------------------------


@pytest.fixture
def learners_to_search():
    for last, first, patronymic, number in [
        ("Смирнова", "Анна", "Олеговна", "ЛД-2026-001"),
        ("Кузнецов", "Пётр", "Ильич", "ЛД-2026-002"),
        ("Смирнов", "Илья", "Петрович", "ЛД-2026-003"),
    ]:
        LearnerFactory(
            last_name=last, first_name=first, patronymic=patronymic, personal_file_number=number
        )


def _found(response):
    return [learner.full_name for learner in response.context["cl"].result_list]


def test_admin_learner_search_by_surname(superuser_client, learners_to_search):
    response = superuser_client.get("/admin/learners/learner/", {"q": "Смирнов"})

    assert response.status_code == 200
    assert _found(response) == ["Смирнов Илья Петрович", "Смирнова Анна Олеговна"]


def test_admin_learner_search_by_personal_file(superuser_client, learners_to_search):
    response = superuser_client.get("/admin/learners/learner/", {"q": "ЛД-2026-002"})

    assert _found(response) == ["Кузнецов Пётр Ильич"]


def test_admin_learner_search_by_name_and_surname(superuser_client, learners_to_search):
    response = superuser_client.get("/admin/learners/learner/", {"q": "Смирнова Анна"})

    assert _found(response) == ["Смирнова Анна Олеговна"]


def test_admin_learner_search_nothing_found(superuser_client, learners_to_search):
    response = superuser_client.get("/admin/learners/learner/", {"q": "Орлов"})

    assert _found(response) == []


def test_admin_learner_search_ignores_case(superuser_client, learners_to_search):
    response = superuser_client.get("/admin/learners/learner/", {"q": "смирнова"})

    assert _found(response) == ["Смирнова Анна Олеговна"]


# Enrollments -----------------------------------------------------------------------------------


@pytest.fixture
def enrolled():
    return EnrollmentFactory(
        learner=LearnerFactory(last_name="Петрова", first_name="Анна", patronymic="Игоревна"),
        group=StudyGroupFactory(name="5А", programme__name="ООП основного общего образования"),
    )


def _enrollment_form(learner, group, started_on="01.10.2026"):
    return {
        "learner": learner.pk,
        "group": group.pk,
        "study_form": "full_time",
        "customer": "",
        "started_on": started_on,
        "order_reference": "№ 15-у от 30.09.2026",
    }


def test_admin_enrollment_second_active_refused_by_form(superuser_client, enrolled):
    other_group = StudyGroupFactory(
        name="5Б", year=enrolled.group.year, programme=enrolled.programme
    )

    response = superuser_client.post(
        "/admin/learners/enrollment/add/", _enrollment_form(enrolled.learner, other_group)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Петрова Анна Игоревна уже зачислен(а) на программу "
        "«ООП основного общего образования». Чтобы сменить класс, оформите перевод."
    ]
    assert "Чтобы сменить класс, оформите перевод." in response.content.decode()
    assert list(Enrollment.objects.values_list("pk", flat=True)) == [enrolled.pk]


def test_admin_enrollment_after_year_end_refused_by_form(superuser_client, enrolled):
    learner = LearnerFactory()

    response = superuser_client.post(
        "/admin/learners/enrollment/add/",
        _enrollment_form(learner, enrolled.group, started_on="01.06.2027"),
    )

    assert response.context["adminform"].form.non_field_errors() == [
        "Дата зачисления 01.06.2027 позже окончания учебного года 2026/2027."
    ]
    assert Enrollment.objects.filter(learner=learner).count() == 0


def test_admin_enrollment_add_creates_through_service(superuser_client, enrolled):
    learner = LearnerFactory()

    response = superuser_client.post(
        "/admin/learners/enrollment/add/", _enrollment_form(learner, enrolled.group)
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/learners/enrollment/"
    created = Enrollment.objects.get(learner=learner)
    assert (created.group_id, created.programme_id) == (enrolled.group_id, enrolled.programme_id)
    assert (created.started_on, created.ended_on) == (date(2026, 10, 1), None)
    assert created.order_reference == "№ 15-у от 30.09.2026"


def test_admin_enrollment_has_no_delete_permission(superuser_client, enrolled):
    request = RequestFactory().get("/admin/learners/enrollment/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    model_admin = admin.site._registry[Enrollment]

    assert model_admin.has_delete_permission(request) is False
    assert model_admin.has_delete_permission(request, enrolled) is False


def test_admin_enrollment_delete_page_refused(superuser_client, enrolled):
    response = superuser_client.get(f"/admin/learners/enrollment/{enrolled.pk}/delete/")

    assert response.status_code == 403
    assert Enrollment.objects.filter(pk=enrolled.pk).exists()


def test_admin_enrollment_bulk_delete_not_offered(superuser_client, enrolled):
    response = superuser_client.get("/admin/learners/enrollment/")

    actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions


def test_admin_enrollment_bulk_delete_refused(superuser_client, enrolled):
    response = superuser_client.post(
        "/admin/learners/enrollment/",
        {"action": "delete_selected", "_selected_action": [enrolled.pk], "post": "yes"},
    )

    assert Enrollment.objects.filter(pk=enrolled.pk).exists()
    assert response.status_code in (200, 302)


def test_admin_enrollment_change_keeps_history_fields_read_only(superuser_client, enrolled):
    form = _enrollment_form(enrolled.learner, enrolled.group, started_on="15.09.2026")
    form["order_reference"] = "№ 7-у от 31.08.2026"

    response = superuser_client.post(f"/admin/learners/enrollment/{enrolled.pk}/change/", form)

    assert response.status_code == 302
    enrolled.refresh_from_db()
    assert (enrolled.started_on, enrolled.order_reference) == (
        date(2026, 9, 1),
        "№ 7-у от 31.08.2026",
    )


def test_admin_enrollment_add_records_who_opened_it(client, enrolled):
    client.force_login(UserFactory(username="deloproizv", is_superuser=True, is_staff=True))
    learner = LearnerFactory()

    client.post("/admin/learners/enrollment/add/", _enrollment_form(learner, enrolled.group))

    created = Enrollment.objects.get(learner=learner)
    assert created.opened_by.username == "deloproizv"
    assert created.opened_at is not None


def test_admin_enrollment_change_page_shows_who_opened_and_closed(superuser_client):
    enrollment = EnrollmentFactory(
        ended_on=date(2026, 10, 31),
        opened_by=UserFactory(username="zavuch"),
        closed_by=UserFactory(username="deloproizv"),
    )

    response = superuser_client.get(f"/admin/learners/enrollment/{enrollment.pk}/change/")

    adminform = response.context["adminform"]
    assert list(adminform.form.fields) == ["order_reference"]
    assert adminform.readonly_fields[-4:] == ["opened_at", "opened_by", "closed_at", "closed_by"]
    content = response.content.decode()
    assert "zavuch" in content
    assert "deloproizv" in content


# Database constraints answered by the forms ----------------------------------------------------


def test_admin_curriculum_line_zero_hours_refused_by_form(superuser_client):
    line = CurriculumLineFactory()

    response = superuser_client.post(
        "/admin/learners/curriculumline/add/",
        {"programme": line.programme_id, "subject": line.subject_id, "grade": "6", "hours": "0"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Количество часов должно быть больше нуля."
    ]
    assert list(CurriculumLine.objects.values_list("pk", flat=True)) == [line.pk]


def test_admin_curriculum_line_duplicate_refused_by_form(superuser_client):
    line = CurriculumLineFactory()

    response = superuser_client.post(
        "/admin/learners/curriculumline/add/",
        {"programme": line.programme_id, "subject": line.subject_id, "grade": "5", "hours": "34"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Этот предмет уже есть в учебном плане этого года."
    ]
    assert CurriculumLine.objects.count() == 1


def test_admin_study_group_duplicate_name_refused_by_form(superuser_client):
    group = StudyGroupFactory(name="5А")

    response = superuser_client.post(
        "/admin/learners/studygroup/add/",
        {
            "year": group.year_id,
            "programme": group.programme_id,
            "grade": "5",
            "name": "5А",
            "class_teacher": "",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
            "enrollments-TOTAL_FORMS": "0",
            "enrollments-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Класс с таким наименованием в этом году уже есть."
    ]
    assert StudyGroup.objects.count() == 1
