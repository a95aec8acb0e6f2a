"""A learner's status changes only through services.learner_status_change, which
keeps who, when, from what, to what and why; the admin shows the status and its
history and asks for the grounds of a change."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from learners import services
from learners.models import Learner, LearnerStatus, LearnerStatusChange, Role
from tests.factories import LearnerFactory, UserFactory

pytestmark = pytest.mark.django_db

REASON = "Приказ № 45-о от 12.01.2027"


@pytest.fixture
def learner():
    return LearnerFactory(
        last_name="Петрова", first_name="Анна", patronymic="Игоревна", birth_date=date(2013, 3, 4)
    )


@pytest.fixture
def deputy():
    return UserFactory(username="zavuch", roles=[Role.DEPUTY])


def _history(learner):
    return list(
        LearnerStatusChange.objects.filter(learner=learner)
        .order_by("changed_at", "pk")
        .values_list("old_status", "new_status", "reason", "changed_by__username")
    )


# The service ------------------------------------------------------------------------------


def test_learner_status_change_sets_status_and_records_history(learner, deputy):
    change = services.learner_status_change(
        learner=learner, status=LearnerStatus.EXPELLED, reason=f"  {REASON} ", actor=deputy
    )

    assert learner.status == LearnerStatus.EXPELLED
    assert Learner.objects.get(pk=learner.pk).status == LearnerStatus.EXPELLED
    assert _history(learner) == [("studying", "expelled", REASON, "zavuch")]
    assert change.changed_at is not None
    assert str(change) == "Петрова Анна Игоревна: Обучается → Отчислен"


def test_learner_status_change_twice_keeps_both_rows(learner, deputy):
    services.learner_status_change(
        learner=learner, status=LearnerStatus.ON_LEAVE, reason="Заявление", actor=deputy
    )
    services.learner_status_change(
        learner=learner, status=LearnerStatus.STUDYING, reason=REASON, actor=deputy
    )

    assert _history(learner) == [
        ("studying", "on_leave", "Заявление", "zavuch"),
        ("on_leave", "studying", REASON, "zavuch"),
    ]


@pytest.mark.parametrize(
    ("status", "reason", "message"),
    [
        (LearnerStatus.EXPELLED, "", "Укажите основание смены статуса (приказ, заявление)."),
        (LearnerStatus.EXPELLED, "   ", "Укажите основание смены статуса (приказ, заявление)."),
        (LearnerStatus.STUDYING, REASON, "Статус обучающегося уже «Обучается»: выберите другой."),
        ("retired", REASON, "Неизвестный статус обучающегося «retired»."),
        (LearnerStatus.EXPELLED, "я" * 301, "Основание — не длиннее 300 символов."),
    ],
    ids=["empty", "blank", "same", "unknown", "too-long"],
)
def test_learner_status_change_refused_changes_nothing(learner, deputy, status, reason, message):
    with pytest.raises(ValidationError) as refused:
        services.learner_status_change(learner=learner, status=status, reason=reason, actor=deputy)

    assert refused.value.messages == [message]
    assert Learner.objects.get(pk=learner.pk).status == LearnerStatus.STUDYING
    assert LearnerStatusChange.objects.count() == 0


# The admin --------------------------------------------------------------------------------


@pytest.fixture
def deputy_client(client, deputy):
    client.force_login(deputy)
    return client


def _learner_form(learner, **changes):
    data = {
        "last_name": learner.last_name,
        "first_name": learner.first_name,
        "patronymic": learner.patronymic,
        "birth_date": f"{learner.birth_date:%d.%m.%Y}",
        "sex": learner.sex,
        "personal_file_number": learner.personal_file_number,
        "user": "",
        "new_status": "",
        "status_reason": "",
    }
    for prefix in ("guardianships", "enrollments", "state_exam_choices", "status_changes"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | changes


def _url(learner):
    return f"/admin/learners/learner/{learner.pk}/change/"


def test_learner_admin_status_read_only_on_change_page(deputy_client, learner):
    response = deputy_client.get(_url(learner))

    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert [value for value, _ in form.fields["new_status"].choices] == [
        "",
        "transferred",
        "expelled",
        "graduated",
        "on_leave",
    ]
    assert "Обучается" in response.content.decode()


def test_learner_admin_posted_status_ignored(deputy_client, learner):
    response = deputy_client.post(_url(learner), _learner_form(learner, status="expelled"))

    assert response.status_code == 302
    assert Learner.objects.get(pk=learner.pk).status == LearnerStatus.STUDYING
    assert _history(learner) == []


def test_learner_admin_new_status_with_reason_changed_through_service(deputy_client, learner):
    response = deputy_client.post(
        _url(learner), _learner_form(learner, new_status="transferred", status_reason=REASON)
    )

    assert response.status_code == 302
    assert Learner.objects.get(pk=learner.pk).status == LearnerStatus.TRANSFERRED
    assert _history(learner) == [("studying", "transferred", REASON, "zavuch")]


def test_learner_admin_new_status_without_reason_refused(deputy_client, learner):
    response = deputy_client.post(
        _url(learner),
        _learner_form(learner, new_status="expelled", status_reason=" ", last_name="Иванова"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "status_reason": ["Укажите основание смены статуса (приказ, заявление)."]
    }
    learner.refresh_from_db()
    assert (learner.status, learner.last_name) == (LearnerStatus.STUDYING, "Петрова")
    assert _history(learner) == []


def test_learner_admin_reason_without_new_status_refused(deputy_client, learner):
    response = deputy_client.post(_url(learner), _learner_form(learner, status_reason=REASON))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "new_status": ["Выберите новый статус или сотрите основание."]
    }
    assert _history(learner) == []


def test_learner_admin_history_shown_on_learner_page(deputy_client, learner, deputy):
    services.learner_status_change(
        learner=learner, status=LearnerStatus.ON_LEAVE, reason=REASON, actor=deputy
    )

    response = deputy_client.get(_url(learner))

    history = next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is LearnerStatusChange
    )
    assert [form.instance.reason for form in history.formset.forms] == [REASON]
    assert history.has_add_permission is False
    assert history.has_change_permission is False
    assert REASON in response.content.decode()


def test_learner_admin_add_page_sets_initial_status(deputy_client):
    data = _learner_form(
        LearnerFactory.build(personal_file_number="ЛД-2027-001"), status="on_leave"
    )

    response = deputy_client.post("/admin/learners/learner/add/", data)

    assert response.status_code == 302
    created = Learner.objects.get(personal_file_number="ЛД-2027-001")
    assert created.status == LearnerStatus.ON_LEAVE
    assert _history(created) == []


def test_learner_status_history_admin_read_only(deputy_client, learner, deputy):
    change = services.learner_status_change(
        learner=learner, status=LearnerStatus.GRADUATED, reason=REASON, actor=deputy
    )

    listing = deputy_client.get("/admin/learners/learnerstatuschange/")
    page = deputy_client.get(f"/admin/learners/learnerstatuschange/{change.pk}/change/")
    changed = deputy_client.post(
        f"/admin/learners/learnerstatuschange/{change.pk}/change/", {"reason": "Другое"}
    )

    assert listing.status_code == 200
    assert [row.pk for row in listing.context["cl"].result_list] == [change.pk]
    assert page.status_code == 200
    assert changed.status_code == 403
    assert LearnerStatusChange.objects.get().reason == REASON
    assert get_user_model().objects.get(username="zavuch").pk == change.changed_by_id


def test_learner_admin_overlong_reason_refused_once(deputy_client, learner):
    response = deputy_client.post(
        _url(learner), _learner_form(learner, new_status="expelled", status_reason="я" * 301)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "status_reason": [
            "Убедитесь, что это значение содержит не более 300 символов (сейчас 301)."
        ]
    }
    assert _history(learner) == []
