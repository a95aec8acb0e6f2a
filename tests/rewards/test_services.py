"""Nominating (R-RW-3) and the director's order (R-RW-3): who may nominate whom, what
is refused with which message, and that a refusal changes nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rewards.models import Ground, Reward, RewardChange, RewardOrder, RewardStatus
from rewards.services import reward_nominate, rewards_approve
from tests.achievements.portfolio.factories import AchievementFactory
from tests.rewards.factories import RewardFactory, kind

pytestmark = pytest.mark.django_db


def nominate(school, learners, actor, code="certificate", **fields):
    return reward_nominate(
        learners=learners,
        kind=kind(code),
        ground=fields.pop("ground", Ground.STUDY),
        merit=fields.pop("merit", "За победу в олимпиаде по математике"),
        year=school.year,
        actor=actor,
        **fields,
    )


def test_nominate_two_learners_at_once_writes_history(school):
    olympiad = AchievementFactory(learner=school.learner)

    rewards = nominate(
        school, [school.learner, school.classmate], school.class_teacher.user,
        achievements=[olympiad], results_note="Победитель муниципального этапа",
    )  # fmt: skip

    assert [(r.learner, r.status, r.kind.code) for r in rewards] == [
        (school.learner, RewardStatus.NOMINATED, "certificate"),
        (school.classmate, RewardStatus.NOMINATED, "certificate"),
    ]
    assert list(rewards[0].achievements.all()) == [olympiad]
    assert list(rewards[1].achievements.all()) == []
    assert list(RewardChange.objects.order_by("pk").values_list("reward_id", "new_status")) == [
        (rewards[0].pk, "nominated"),
        (rewards[1].pk, "nominated"),
    ]


def test_nominate_learner_of_other_class_refused_whole(school):
    with pytest.raises(ValidationError) as refused:
        nominate(
            school, [school.learner, school.other_learner], school.class_teacher.user,
            code="excellence_sheet",
        )  # fmt: skip

    assert refused.value.messages == [
        "Васильев Олег Петрович: к виду «Похвальный лист «За отличные успехи в учении»» "
        "представляет классный руководитель обучающегося или администрация, и обучающийся "
        "должен быть из вашего класса (ваших классов)."
    ]
    assert Reward.objects.count() == 0
    assert RewardChange.objects.count() == 0


def test_nominate_subject_teacher_for_class_teacher_kind_refused(school):
    with pytest.raises(ValidationError):
        nominate(school, [school.learner], school.teacher, code="excellence_sheet")

    assert Reward.objects.count() == 0


def test_nominate_subject_teacher_own_learner_for_certificate(school):
    [reward] = nominate(school, [school.learner], school.teacher)

    assert (reward.created_by, reward.status) == (school.teacher, RewardStatus.NOMINATED)


@pytest.mark.parametrize("actor", ["parent", "learner", "clerk"])
def test_nominate_by_family_or_clerk_refused(school, actor):
    with pytest.raises(PermissionDenied) as refused:
        nominate(school, [school.learner], school.actor(actor))

    assert str(refused.value) == (
        "Представлять к поощрению могут учителя, классные руководители и администрация."
    )
    assert Reward.objects.count() == 0


def test_nominate_administration_kind_by_class_teacher_refused(school):
    with pytest.raises(ValidationError):
        nominate(school, [school.learner], school.class_teacher.user, code="prize")

    [reward] = nominate(school, [school.learner], school.deputy, code="prize")
    assert reward.kind.code == "prize"


def test_nominate_same_kind_same_year_twice_refused(school):
    nominate(school, [school.learner], school.class_teacher.user)

    with pytest.raises(ValidationError) as refused:
        nominate(school, [school.learner, school.classmate], school.class_teacher.user)

    assert refused.value.messages == [
        "Антонова Мария Ивановна уже представлен(а) к виду «Грамота» в этом учебном году."
    ]
    assert Reward.objects.count() == 1


def test_nominate_again_after_decline_allowed(school):
    RewardFactory(
        learner=school.learner, kind=kind(), year=school.year, status=RewardStatus.DECLINED
    )

    [reward] = nominate(school, [school.learner], school.class_teacher.user)

    assert reward.status == RewardStatus.NOMINATED


def test_nominate_subject_kind_needs_subject(school):
    with pytest.raises(ValidationError) as refused:
        nominate(school, [school.learner], school.teacher, code="subject_certificate")

    assert refused.value.messages == [
        "Для вида «Похвальная грамота «За особые успехи в изучении отдельных предметов»» "
        "выберите учебный предмет."
    ]


def test_nominate_subject_kind_per_subject(school):
    nominate(
        school, [school.learner], school.teacher, code="subject_certificate", subject=school.maths
    )
    physics = school.build.subject("Физика")

    [reward] = nominate(
        school, [school.learner], school.deputy, code="subject_certificate", subject=physics
    )

    assert reward.subject == physics


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"merit": "   "}, "Напишите, за что поощряется обучающийся."),
        ({"ground": "bravery"}, "Значения 'bravery' нет среди допустимых вариантов."),
    ],
)
def test_nominate_bad_input_refused(school, fields, message):
    with pytest.raises(ValidationError) as refused:
        nominate(school, [school.learner], school.class_teacher.user, **fields)

    assert refused.value.messages == [message]
    assert Reward.objects.count() == 0


def test_nominate_others_achievement_refused(school):
    foreign = AchievementFactory(learner=school.other_learner)

    with pytest.raises(ValidationError) as refused:
        nominate(school, [school.learner], school.class_teacher.user, achievements=[foreign])

    assert refused.value.messages == ["Достижения должны принадлежать представленным обучающимся."]


# --- the director's order ------------------------------------------------------------------


def test_approve_two_into_one_order(school):
    rewards = nominate(school, [school.learner, school.classmate], school.class_teacher.user)

    order = rewards_approve(
        rewards=rewards, number="101-о", on=date(2026, 10, 30), actor=school.director
    )

    assert (order.number, order.date, order.signed_by) == (
        "101-о",
        date(2026, 10, 30),
        school.director,
    )
    assert order.signed_by_name == school.director.staff.full_name
    assert sorted(order.rewards.values_list("learner__last_name", "status", "approved_on")) == [
        ("Антонова", "approved", date(2026, 10, 30)),
        ("Борисов", "approved", date(2026, 10, 30)),
    ]
    assert list(
        RewardChange.objects.filter(new_status="approved").values_list("order_id", flat=True)
    ) == [order.pk, order.pk]


@pytest.mark.parametrize(
    ("number", "on", "message"),
    [
        ("", date(2026, 10, 30), "Укажите номер приказа."),
        ("  ", date(2026, 10, 30), "Укажите номер приказа."),
        ("101-о", None, "Укажите дату приказа."),
        (
            "101-о",
            # A week ahead: taken at collection, and a run may pass midnight before it.
            timezone.localdate() + timedelta(days=7),
            "Дата приказа не может быть в будущем.",
        ),
    ],
)
def test_approve_bad_order_refused(school, number, on, message):
    rewards = nominate(school, [school.learner], school.class_teacher.user)

    with pytest.raises(ValidationError) as refused:
        rewards_approve(rewards=rewards, number=number, on=on, actor=school.director)

    assert refused.value.messages == [message]
    assert RewardOrder.objects.count() == 0
    assert Reward.objects.get().status == RewardStatus.NOMINATED


@pytest.mark.parametrize("actor", ["deputy", "class_teacher", "parent", "teacher"])
def test_approve_by_other_than_director_refused(school, actor):
    rewards = nominate(school, [school.learner], school.class_teacher.user)

    with pytest.raises(PermissionDenied) as refused:
        rewards_approve(
            rewards=rewards, number="1", on=date(2026, 10, 30), actor=school.actor(actor)
        )

    assert str(refused.value) == "Приказ о поощрении подписывает директор."
    assert RewardOrder.objects.count() == 0


def test_approve_twice_refused_names_order(school):
    rewards = nominate(school, [school.learner], school.class_teacher.user)
    rewards_approve(rewards=rewards, number="101-о", on=date(2026, 10, 30), actor=school.director)

    with pytest.raises(ValidationError) as refused:
        rewards_approve(
            rewards=rewards, number="102-о", on=date(2026, 10, 31), actor=school.director
        )

    assert refused.value.messages == [
        "Антонова Мария Ивановна: поощрение уже в состоянии «Поощрение утверждено» "
        "(Приказ № 101-о от 30.10.2026).",
        "Обновите страницу: ничего не утверждено.",
    ]
    assert RewardOrder.objects.count() == 1


def test_approve_one_taken_refuses_whole_order(school):
    first, second = nominate(school, [school.learner, school.classmate], school.class_teacher.user)
    rewards_approve(rewards=[first], number="101-о", on=date(2026, 10, 30), actor=school.director)

    with pytest.raises(ValidationError):
        rewards_approve(
            rewards=[first, second], number="102-о", on=date(2026, 10, 31), actor=school.director
        )

    second.refresh_from_db()
    assert second.status == RewardStatus.NOMINATED
    assert list(RewardOrder.objects.values_list("number", flat=True)) == ["101-о"]


def test_approve_same_learner_kind_twice_in_one_order_refused(school):
    first = RewardFactory(learner=school.learner, kind=kind(), year=school.year)
    second = RewardFactory(learner=school.learner, kind=kind(), year=school.year)

    with pytest.raises(ValidationError) as refused:
        rewards_approve(
            rewards=[first, second], number="1", on=date(2026, 10, 30), actor=school.director
        )

    assert refused.value.messages == [
        "Антонова Мария Ивановна дважды в одном приказе с видом «Грамота»."
    ]
    assert RewardOrder.objects.count() == 0


def test_approve_existing_order_number_refused(school):
    first, second = nominate(school, [school.learner, school.classmate], school.class_teacher.user)
    rewards_approve(rewards=[first], number="101-о", on=date(2026, 10, 30), actor=school.director)

    with pytest.raises(ValidationError) as refused:
        rewards_approve(
            rewards=[second], number="101-о", on=date(2026, 10, 30), actor=school.director
        )

    assert refused.value.messages == ["Приказ № 101-о от 30.10.2026 уже есть."]
    second.refresh_from_db()
    assert second.status == RewardStatus.NOMINATED


def test_approve_nothing_selected_refused(school):
    with pytest.raises(ValidationError) as refused:
        rewards_approve(rewards=[], number="1", on=date(2026, 10, 30), actor=school.director)

    assert refused.value.messages == ["Отметьте хотя бы одно представление."]
