"""The rewards workflow (R-RW-3, R-RW-5): every edge of the table taken by whoever may
take it and refused to everyone else, with its history row; nothing outside the table."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rewards.models import Origin, RewardChange, RewardStatus
from rewards.services import reward_transition
from rewards.workflow import MOVES, allowed
from tests.rewards.factories import RewardFactory, RewardOrderFactory, kind

pytestmark = pytest.mark.django_db

ACTORS = [
    "learner", "parent", "teacher", "class_teacher", "other_class_teacher", "deputy",
    "director", "clerk", "other_parent",
]  # fmt: skip

# (from, to, kind code) → who may take the edge for Антонова of 5А.
EDGES = [
    (RewardStatus.NOMINATED, RewardStatus.APPROVED, "certificate", {"director"}),
    # A kind without the director's order: the deputy approves it too.
    (RewardStatus.NOMINATED, RewardStatus.APPROVED, "parents_letter", {"director", "deputy"}),
    (RewardStatus.NOMINATED, RewardStatus.DECLINED, "certificate", {"director"}),
    (RewardStatus.NOMINATED, RewardStatus.DECLINED, "parents_letter", {"director", "deputy"}),
    (RewardStatus.APPROVED, RewardStatus.ISSUED, "certificate",
     {"director", "deputy", "class_teacher"}),
    (RewardStatus.REQUESTED, RewardStatus.RECORDED, "certificate", {"deputy", "class_teacher"}),
    (RewardStatus.REQUESTED, RewardStatus.REJECTED, "certificate", {"deputy", "class_teacher"}),
]  # fmt: skip


def _reward(school, source, code):
    fields = {"learner": school.learner, "kind": kind(code), "year": school.year}
    if source == RewardStatus.APPROVED:
        fields |= {"order": RewardOrderFactory(), "approved_on": date(2026, 10, 30)}
    if source == RewardStatus.REQUESTED:
        fields |= {"origin": Origin.EXTERNAL, "source_organisation": "ДЮСШ № 2"}
    return RewardFactory(status=source, **fields)


def _take(reward, target, actor):
    order = RewardOrderFactory() if target == RewardStatus.APPROVED else None
    return reward_transition(
        reward=reward, to=target, comment="Нет подтверждения", order=order,
        on=date(2026, 11, 2), actor=actor,
    )  # fmt: skip


def test_edges_cover_the_table():
    assert {(source, target) for source, target, _, _ in EDGES} == set(MOVES)


@pytest.mark.parametrize(("source", "target", "code", "who"), EDGES)
@pytest.mark.parametrize("actor", ACTORS)
def test_transition_taken_only_by_its_actors(school, source, target, code, who, actor):
    reward = _reward(school, source, code)
    user = school.actor(actor)

    if actor in who:
        _take(reward, target, user)
        reward.refresh_from_db()
        assert reward.status == target
        change = RewardChange.objects.get(reward=reward)
        assert (change.old_status, change.new_status, change.changed_by) == (source, target, user)
    else:
        with pytest.raises(PermissionDenied):
            _take(reward, target, user)
        reward.refresh_from_db()
        assert reward.status == source
        assert not RewardChange.objects.filter(reward=reward).exists()


@pytest.mark.parametrize(("source", "target", "code", "who"), EDGES)
def test_allowed_offers_each_actor_exactly_their_edges(school, source, target, code, who):
    reward = _reward(school, source, code)
    offered = {
        actor for actor in ACTORS if target in [t for t, _ in allowed(reward, school.actor(actor))]
    }
    assert offered == who


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (RewardStatus.NOMINATED, RewardStatus.ISSUED),
        (RewardStatus.DECLINED, RewardStatus.APPROVED),
        (RewardStatus.ISSUED, RewardStatus.APPROVED),
        (RewardStatus.REQUESTED, RewardStatus.APPROVED),
        (RewardStatus.RECORDED, RewardStatus.REJECTED),
        (RewardStatus.REJECTED, RewardStatus.RECORDED),
    ],
)
def test_transition_outside_table_refused(school, source, target):
    reward = _reward(school, source, "certificate")
    if source in (RewardStatus.ISSUED,):
        reward.issued_on = date(2026, 11, 1)
        reward.save()

    with pytest.raises(ValidationError):
        _take(reward, target, school.director)

    reward.refresh_from_db()
    assert reward.status == source
    assert not RewardChange.objects.filter(reward=reward).exists()


def test_issue_before_approval_refused_with_message(school):
    reward = _reward(school, RewardStatus.NOMINATED, "certificate")

    with pytest.raises(ValidationError) as refused:
        reward_transition(reward=reward, to=RewardStatus.ISSUED, actor=school.director)

    assert refused.value.messages == [
        "Нельзя перевести поощрение из состояния «Представлен к поощрению» в «Поощрение вручено»."
    ]


def test_approve_without_order_refused_when_kind_needs_it(school):
    reward = _reward(school, RewardStatus.NOMINATED, "certificate")

    with pytest.raises(ValidationError) as refused:
        reward_transition(reward=reward, to=RewardStatus.APPROVED, actor=school.director)

    assert refused.value.messages == [
        "Вид «Грамота» утверждается приказом: укажите номер и дату приказа."
    ]
    reward.refresh_from_db()
    assert (reward.status, reward.order_id) == (RewardStatus.NOMINATED, None)


def test_approve_without_order_for_kind_without_order_dates_today(school):
    reward = _reward(school, RewardStatus.NOMINATED, "parents_letter")

    reward_transition(reward=reward, to=RewardStatus.APPROVED, actor=school.deputy)

    reward.refresh_from_db()
    assert (reward.status, reward.order_id, reward.approved_on) == (
        RewardStatus.APPROVED, None, timezone.localdate(),
    )  # fmt: skip


def test_decline_without_reason_refused(school):
    reward = _reward(school, RewardStatus.NOMINATED, "certificate")

    with pytest.raises(ValidationError) as refused:
        reward_transition(reward=reward, to=RewardStatus.DECLINED, actor=school.director)

    assert refused.value.messages == ["Укажите причину отказа: её увидит тот, кто представил."]
    reward.refresh_from_db()
    assert reward.status == RewardStatus.NOMINATED


def test_issue_in_future_or_before_approval_refused(school):
    reward = _reward(school, RewardStatus.APPROVED, "certificate")

    with pytest.raises(ValidationError) as early:
        reward_transition(
            reward=reward, to=RewardStatus.ISSUED, on=date(2026, 10, 1), actor=school.director
        )
    with pytest.raises(ValidationError) as future:
        reward_transition(
            reward=reward, to=RewardStatus.ISSUED, on=date(2999, 1, 1), actor=school.director
        )

    assert early.value.messages == ["Дата вручения раньше утверждения (30.10.2026)."]
    assert future.value.messages == ["Дата вручения не может быть в будущем."]
    reward.refresh_from_db()
    assert (reward.status, reward.issued_on) == (RewardStatus.APPROVED, None)


def test_issue_records_date_and_history(school):
    reward = _reward(school, RewardStatus.APPROVED, "certificate")

    reward_transition(
        reward=reward, to=RewardStatus.ISSUED, on=date(2026, 11, 2), actor=school.class_teacher.user
    )

    reward.refresh_from_db()
    assert (reward.status, reward.issued_on) == (RewardStatus.ISSUED, date(2026, 11, 2))
    assert list(RewardChange.objects.values_list("old_status", "new_status")) == [
        ("approved", "issued")
    ]
