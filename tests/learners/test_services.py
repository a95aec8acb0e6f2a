"""Services of the learners app: enrollments (open, transfer with history) and roles."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from learners import services
from learners.access import roles_of
from learners.models import Enrollment, Role, StudyForm
from tests.factories import (
    AcademicYearFactory,
    CustomerFactory,
    EnrollmentFactory,
    LearnerFactory,
    ProgrammeFactory,
    StudyGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return LearnerFactory(last_name="Петрова", first_name="Анна", patronymic="Игоревна")


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Основная образовательная программа основного общего образования")


@pytest.fixture
def group_a(programme):
    return StudyGroupFactory(name="5А", programme=programme)


@pytest.fixture
def group_b(programme, group_a):
    return StudyGroupFactory(name="5Б", programme=programme, year=group_a.year)


def _history(learner):
    return [
        (e.group.name, e.started_on, e.ended_on, e.end_reason)
        for e in Enrollment.objects.filter(learner=learner).order_by("started_on", "pk")
    ]


# enrollment_open -----------------------------------------------------------------------


def test_enrollment_open_creates_active_enrollment(learner, group_a):
    customer = CustomerFactory()

    enrollment = services.enrollment_open(
        learner=learner,
        group=group_a,
        started_on=date(2026, 9, 1),
        study_form=StudyForm.PART_TIME,
        customer=customer,
        order_reference="№ 12-у от 28.08.2026",
    )

    enrollment.refresh_from_db()
    assert enrollment.learner_id == learner.pk
    assert enrollment.group_id == group_a.pk
    assert enrollment.programme_id == group_a.programme_id
    assert enrollment.study_form == StudyForm.PART_TIME
    assert enrollment.customer_id == customer.pk
    assert enrollment.started_on == date(2026, 9, 1)
    assert enrollment.ended_on is None
    assert enrollment.order_reference == "№ 12-у от 28.08.2026"


def test_enrollment_open_second_active_in_programme_refused(learner, group_a, group_b):
    services.enrollment_open(learner=learner, group=group_a, started_on=date(2026, 9, 1))

    with pytest.raises(ValidationError) as refused:
        services.enrollment_open(learner=learner, group=group_b, started_on=date(2026, 9, 2))

    assert refused.value.messages == [
        "Петрова Анна Игоревна уже зачислен(а) на программу "
        "«Основная образовательная программа основного общего образования». "
        "Чтобы сменить класс, оформите перевод."
    ]
    assert _history(learner) == [("5А", date(2026, 9, 1), None, "")]


def test_enrollment_open_after_ended_enrollment_allowed(learner, group_a, group_b):
    EnrollmentFactory(learner=learner, group=group_a, ended_on=date(2026, 12, 31))

    services.enrollment_open(learner=learner, group=group_b, started_on=date(2027, 1, 10))

    assert _history(learner) == [
        ("5А", date(2026, 9, 1), date(2026, 12, 31), ""),
        ("5Б", date(2027, 1, 10), None, ""),
    ]


def test_enrollment_open_in_another_programme_allowed(learner, group_a):
    EnrollmentFactory(learner=learner, group=group_a)
    robotics = StudyGroupFactory(name="Робототехника-1", year=group_a.year)

    services.enrollment_open(learner=learner, group=robotics, started_on=date(2026, 9, 15))

    assert _history(learner) == [
        ("5А", date(2026, 9, 1), None, ""),
        ("Робототехника-1", date(2026, 9, 15), None, ""),
    ]


def test_enrollment_open_after_year_end_refused(learner, group_a):
    with pytest.raises(ValidationError) as refused:
        services.enrollment_open(learner=learner, group=group_a, started_on=date(2027, 6, 1))

    assert refused.value.messages == [
        "Дата зачисления 01.06.2027 позже окончания учебного года 2026/2027."
    ]
    assert _history(learner) == []


# enrollment_transfer -----------------------------------------------------------------------


def test_enrollment_transfer_closes_old_and_opens_new(learner, group_a, group_b):
    customer = CustomerFactory()
    old = EnrollmentFactory(
        learner=learner, group=group_a, customer=customer, study_form=StudyForm.PART_TIME
    )

    new = services.enrollment_transfer(
        enrollment=old,
        to_group=group_b,
        on=date(2026, 11, 10),
        reason="  заявление родителей  ",
        order_reference="№ 101-у от 09.11.2026",
    )

    old.refresh_from_db()
    assert (old.ended_on, old.end_reason) == (date(2026, 11, 9), "заявление родителей")
    assert new.pk != old.pk
    assert new.group_id == group_b.pk
    assert new.programme_id == group_b.programme_id
    assert new.started_on == date(2026, 11, 10)
    assert new.ended_on is None
    assert new.study_form == StudyForm.PART_TIME
    assert new.customer_id == customer.pk
    assert new.order_reference == "№ 101-у от 09.11.2026"
    assert _history(learner) == [
        ("5А", date(2026, 9, 1), date(2026, 11, 9), "заявление родителей"),
        ("5Б", date(2026, 11, 10), None, ""),
    ]


def test_enrollment_transfer_to_same_group_other_form_allowed(learner, group_a):
    old = EnrollmentFactory(learner=learner, group=group_a)

    new = services.enrollment_transfer(
        enrollment=old,
        to_group=group_a,
        on=date(2027, 1, 11),
        reason="перевод на очно-заочную форму",
        study_form=StudyForm.PART_TIME,
    )

    assert new.study_form == StudyForm.PART_TIME
    assert [
        (e.group.name, e.study_form, e.ended_on)
        for e in Enrollment.objects.filter(learner=learner).order_by("started_on")
    ] == [
        ("5А", StudyForm.FULL_TIME, date(2027, 1, 10)),
        ("5А", StudyForm.PART_TIME, None),
    ]


def test_enrollment_transfer_to_same_group_same_form_refused(learner, group_a):
    old = EnrollmentFactory(learner=learner, group=group_a)

    with pytest.raises(ValidationError) as refused:
        services.enrollment_transfer(
            enrollment=old, to_group=group_a, on=date(2026, 11, 10), reason="ошибка"
        )

    assert refused.value.messages == ["Обучающийся уже в этом классе с этой формой обучения."]
    assert _history(learner) == [("5А", date(2026, 9, 1), None, "")]


@pytest.mark.parametrize("on", [date(2026, 9, 1), date(2026, 8, 31)], ids=["on-start", "before"])
def test_enrollment_transfer_dated_on_or_before_start_refused(learner, group_a, group_b, on):
    old = EnrollmentFactory(learner=learner, group=group_a, started_on=date(2026, 9, 1))

    with pytest.raises(ValidationError) as refused:
        services.enrollment_transfer(
            enrollment=old, to_group=group_b, on=on, reason="заявление родителей"
        )

    assert refused.value.messages == [
        "Дата перевода должна быть позже даты зачисления (01.09.2026)."
    ]
    assert _history(learner) == [("5А", date(2026, 9, 1), None, "")]


def test_enrollment_transfer_day_after_start_allowed(learner, group_a, group_b):
    old = EnrollmentFactory(learner=learner, group=group_a, started_on=date(2026, 9, 1))

    services.enrollment_transfer(
        enrollment=old, to_group=group_b, on=date(2026, 9, 2), reason="заявление родителей"
    )

    assert _history(learner) == [
        ("5А", date(2026, 9, 1), date(2026, 9, 1), "заявление родителей"),
        ("5Б", date(2026, 9, 2), None, ""),
    ]


@pytest.mark.parametrize("reason", ["", "   "], ids=["empty", "blank"])
def test_enrollment_transfer_without_reason_refused(learner, group_a, group_b, reason):
    old = EnrollmentFactory(learner=learner, group=group_a)

    with pytest.raises(ValidationError) as refused:
        services.enrollment_transfer(
            enrollment=old, to_group=group_b, on=date(2026, 11, 10), reason=reason
        )

    assert refused.value.messages == ["Укажите основание перевода."]
    assert _history(learner) == [("5А", date(2026, 9, 1), None, "")]


def test_enrollment_transfer_of_closed_enrollment_refused(learner, group_a, group_b):
    closed = EnrollmentFactory(
        learner=learner, group=group_a, ended_on=date(2026, 10, 31), end_reason="выбыл"
    )

    with pytest.raises(ValidationError) as refused:
        services.enrollment_transfer(
            enrollment=closed, to_group=group_b, on=date(2026, 11, 10), reason="заявление"
        )

    assert refused.value.messages == [
        "Это зачисление уже закрыто: переводить можно только текущее."
    ]
    assert _history(learner) == [("5А", date(2026, 9, 1), date(2026, 10, 31), "выбыл")]


def test_enrollment_transfer_of_stale_copy_of_closed_enrollment_refused(learner, group_a, group_b):
    enrollment = EnrollmentFactory(learner=learner, group=group_a)
    stale = Enrollment.objects.get(pk=enrollment.pk)
    services.enrollment_transfer(
        enrollment=enrollment, to_group=group_b, on=date(2026, 11, 10), reason="заявление"
    )

    with pytest.raises(ValidationError) as refused:
        services.enrollment_transfer(
            enrollment=stale, to_group=group_b, on=date(2026, 12, 1), reason="заявление"
        )

    assert refused.value.messages == [
        "Это зачисление уже закрыто: переводить можно только текущее."
    ]
    assert len(_history(learner)) == 2


def test_enrollment_transfer_after_target_year_end_keeps_old_open(learner, group_a):
    old = EnrollmentFactory(learner=learner, group=group_a)
    year = AcademicYearFactory(
        name="2025/2026", starts_on=date(2025, 9, 1), ends_on=date(2026, 5, 31)
    )
    past_group = StudyGroupFactory(name="5В", year=year)

    with pytest.raises(ValidationError) as refused:
        services.enrollment_transfer(
            enrollment=old, to_group=past_group, on=date(2026, 11, 10), reason="заявление"
        )

    assert refused.value.messages == [
        "Дата зачисления 10.11.2026 позже окончания учебного года 2025/2026."
    ]
    assert _history(learner) == [("5А", date(2026, 9, 1), None, "")]


def test_enrollment_transfer_into_programme_already_active_refused(learner, group_a):
    old = EnrollmentFactory(learner=learner, group=group_a)
    robotics = StudyGroupFactory(
        name="Робототехника-1", year=group_a.year, programme__name="Робототехника"
    )
    EnrollmentFactory(learner=learner, group=robotics)
    robotics_2 = StudyGroupFactory(
        name="Робототехника-2", year=group_a.year, programme=robotics.programme
    )

    with pytest.raises(ValidationError) as refused:
        services.enrollment_transfer(
            enrollment=old, to_group=robotics_2, on=date(2026, 11, 10), reason="заявление"
        )

    assert refused.value.messages == [
        "Петрова Анна Игоревна уже зачислен(а) на программу «Робототехника». "
        "Чтобы сменить класс, оформите перевод."
    ]
    # The close of the old enrollment is rolled back with the refused opening.
    assert _history(learner) == [
        ("5А", date(2026, 9, 1), None, ""),
        ("Робототехника-1", date(2026, 9, 1), None, ""),
    ]


# role_grant ------------------------------------------------------------------------------


def test_role_grant_adds_groups():
    user = UserFactory()

    services.role_grant(user=user, roles=[Role.TEACHER, Role.CLASS_TEACHER])

    assert sorted(user.groups.values_list("name", flat=True)) == [
        "Классный руководитель",
        "Учитель",
    ]


def test_role_grant_accepts_role_values():
    user = UserFactory()

    services.role_grant(user=user, roles=["parent"])

    assert list(user.groups.values_list("name", flat=True)) == ["Родитель (законный представитель)"]


def test_role_grant_keeps_existing_groups():
    user = UserFactory(roles=[Role.TEACHER])

    services.role_grant(user=user, roles=[Role.DEPUTY])

    assert sorted(user.groups.values_list("name", flat=True)) == [
        "Заместитель директора",
        "Учитель",
    ]


def test_role_grant_resets_cached_roles():
    user = UserFactory(roles=[Role.TEACHER])
    assert roles_of(user) == {Role.TEACHER}

    services.role_grant(user=user, roles=[Role.CLASS_TEACHER])

    assert roles_of(user) == {Role.TEACHER, Role.CLASS_TEACHER}


def test_role_grant_without_role_group_refused():
    Group.objects.filter(name="Заказчик").delete()
    user = UserFactory()

    with pytest.raises(ValidationError) as refused:
        services.role_grant(user=user, roles=[Role.TEACHER, Role.CUSTOMER])

    assert refused.value.messages == ["Не найдены группы ролей: выполните миграции."]
    assert list(user.groups.all()) == []


# Who opened and who closed an enrollment ------------------------------------------------------


def test_enrollment_open_records_who_and_when(learner, group_a):
    clerk = UserFactory(username="deloproizv")
    before = timezone.now()

    enrollment = services.enrollment_open(
        learner=learner, group=group_a, started_on=date(2026, 9, 1), actor=clerk
    )

    enrollment.refresh_from_db()
    assert enrollment.opened_by_id == clerk.pk
    assert before <= enrollment.opened_at <= timezone.now()
    assert (enrollment.closed_by_id, enrollment.closed_at) == (None, None)


def test_enrollment_transfer_records_who_closed_and_who_opened(learner, group_a, group_b):
    deputy = UserFactory(username="zavuch")
    old = EnrollmentFactory(learner=learner, group=group_a)
    before = timezone.now()

    new = services.enrollment_transfer(
        enrollment=old, to_group=group_b, on=date(2026, 11, 10), reason="заявление", actor=deputy
    )

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.opened_by_id, old.closed_by_id, new.opened_by_id) == (None, deputy.pk, deputy.pk)
    assert before <= old.closed_at <= new.opened_at <= timezone.now()
    assert (new.closed_by_id, new.closed_at) == (None, None)


def test_enrollment_transfer_refused_leaves_enrollment_open(learner, group_a):
    deputy = UserFactory()
    old = EnrollmentFactory(learner=learner, group=group_a)

    with pytest.raises(ValidationError):
        services.enrollment_transfer(
            enrollment=old, to_group=group_a, on=date(2026, 11, 10), reason="", actor=deputy
        )

    old.refresh_from_db()
    assert (old.ended_on, old.closed_by_id, old.closed_at) == (None, None, None)
