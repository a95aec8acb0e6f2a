"""Every write of the rewards app (R-RW-3, R-RW-5): nominating, the family's request
to record a reward received elsewhere, the one transition service, and the director's
order that approves several nominations at once. Each writes its history row in its
own transaction."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import lazy

from common.files import store_files
from learners.access import is_family, leads_class_of, roles_of, runs_rewards, teaches_learner
from learners.models import Learner, Role
from learners.terms import current_terms
from rewards.models import (
    Nominators,
    Origin,
    Reward,
    RewardChange,
    RewardEvidence,
    RewardKind,
    RewardOrder,
    RewardStatus,
)
from rewards.models.rewards import STANDING
from rewards.workflow import MOVES, REFUSALS, may

MAX_FILES = 10
# Worded when shown, in the terms of the organisation's kind (R-ORG-6).
_termed = lazy(lambda text: text.format_map(current_terms()), str)
NOT_STAFF = _termed(
    "Представлять к поощрению могут {teachers}, {teachers_of_group} и администрация."
)
NOMINATORS_TEXT = {
    Nominators.TEACHERS: _termed("{teacher}, {teacher_of_group} или администрация"),
    Nominators.CLASS_TEACHER: _termed("{teacher_of_group} {learner_gen} или администрация"),
    Nominators.ADMINISTRATION: "заместитель директора или директор",
}


def may_nominate(user, *, kind: RewardKind, learner_id: int) -> bool:
    """Whether ``user`` may put this learner forward for this kind (RewardKind.nominators)."""
    if runs_rewards(user):
        return True
    if kind.nominators == Nominators.ADMINISTRATION:
        return False
    if kind.nominators == Nominators.CLASS_TEACHER:
        return leads_class_of(user, learner_id)
    return teaches_learner(user, learner_id)


def nominates_anyone(user) -> bool:
    return bool(roles_of(user) & {Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR})


def _standing(*, learner_id, kind, year, subject) -> Reward | None:
    return (
        Reward.objects.filter(
            learner_id=learner_id, kind=kind, year=year, subject=subject, status__in=STANDING
        )
        .select_related("learner")
        .first()
    )


def _history(reward, *, old, actor, comment="", order=None) -> None:
    RewardChange.objects.create(
        reward=reward, old_status=old, new_status=reward.status, changed_by=actor,
        comment=comment, order=order,
    )  # fmt: skip


@transaction.atomic
def reward_nominate(
    *,
    learners,
    kind: RewardKind,
    ground: str,
    merit: str,
    year,
    subject=None,
    achievements=(),
    period=None,
    results_note: str = "",
    actor,
) -> list[Reward]:
    """Put one learner or several forward for a reward. Every learner is checked
    before anything is written: one refusal refuses the whole nomination."""
    if not nominates_anyone(actor):
        raise PermissionDenied(NOT_STAFF)
    learners = list(learners)
    if not learners:
        raise ValidationError(f"Выберите хотя бы одного {current_terms()['learner_gen']}.")
    if not kind.is_active:
        raise ValidationError(f"Вид поощрения «{kind}» больше не используется.")
    merit = merit.strip()
    if not merit:
        raise ValidationError(f"Напишите, за что поощряется {current_terms()['learner']}.")
    if kind.for_subject and subject is None:
        raise ValidationError(f"Для вида «{kind}» выберите учебный предмет.")
    if not kind.for_subject:
        subject = None
    achievements = list(achievements)
    # Two teachers nominating the same learner at once: the learners' rows are locked
    # (in one order of keys) before the check for a standing nomination, so the second
    # waits and then sees the first's.
    list(Learner.objects.select_for_update().filter(pk__in=[x.pk for x in learners]).order_by("pk"))
    problems = []
    words = current_terms()
    for learner in learners:
        if not may_nominate(actor, kind=kind, learner_id=learner.pk):
            problems.append(
                f"{learner.full_name}: к виду «{kind}» представляет "
                f"{NOMINATORS_TEXT[kind.nominators]}, и {words['learner']} должен быть из "
                f"{words['your_groups_gen']}."
            )
        elif _standing(learner_id=learner.pk, kind=kind, year=year, subject=subject):
            problems.append(
                f"{learner.full_name} уже представлен(а) к виду «{kind}» в этом учебном году."
            )
    foreign = [a for a in achievements if a.learner_id not in {x.pk for x in learners}]
    if foreign:
        problems.append(f"Достижения должны принадлежать представленным {words['learners_dat']}.")
    if problems:
        raise ValidationError(problems)
    created = []
    for learner in learners:
        reward = Reward(
            learner=learner, kind=kind, ground=ground, merit=merit, year=year,
            subject=subject, period=period, results_note=results_note.strip(),
            status=RewardStatus.NOMINATED, created_by=actor,
        )  # fmt: skip
        reward.full_clean(exclude=["learner", "kind", "year", "subject", "period", "created_by"])
        reward.save()
        own = [a for a in achievements if a.learner_id == learner.pk]
        if own:
            reward.achievements.set(own)
        _history(reward, old="", actor=actor)
        created.append(reward)
    return created


@transaction.atomic
def reward_request(
    *, learner, kind: RewardKind, ground: str, merit: str, source_organisation: str,
    awarded_on: date, year, uploads=(), actor,
) -> Reward:  # fmt: skip
    """The family asks to record a reward received in another organisation (000 §5.1):
    a scan is required; the class teacher confirms or refuses it."""
    if not is_family(actor, learner.pk):
        raise PermissionDenied(
            f"Заявить поощрение из другой организации может семья {current_terms()['learner_gen']}."
        )
    uploads = list(uploads)
    if not uploads:
        raise ValidationError("Приложите скан или фото наградного документа.")
    if len(uploads) > MAX_FILES:
        raise ValidationError(f"Не больше {MAX_FILES} файлов за один раз.")
    if awarded_on > timezone.localdate():
        raise ValidationError("Дата награждения не может быть в будущем.")
    reward = Reward(
        learner=learner, kind=kind, ground=ground, merit=merit.strip(), year=year,
        origin=Origin.EXTERNAL, source_organisation=source_organisation.strip(),
        awarded_on=awarded_on, status=RewardStatus.REQUESTED, created_by=actor,
    )  # fmt: skip
    reward.full_clean(exclude=["learner", "kind", "year", "created_by"])
    reward.save()
    _history(reward, old="", actor=actor)
    store_files(
        RewardEvidence, uploads, folder=f"rewards/{learner.pk}", uploaded_by=actor, reward=reward
    )
    return reward


def _status_label(value: str) -> str:
    return RewardStatus(value).label


@transaction.atomic
def reward_transition(
    *, reward, to: str, comment: str = "", order=None, on: date | None = None, actor
) -> Reward:
    """The one service that changes a reward's status, by the edge table."""
    reward = (
        Reward.objects.select_for_update(of=("self",))
        .select_related("kind", "learner")
        .get(pk=reward.pk)
    )
    move = MOVES.get((reward.status, to))
    if move is None:
        if reward.status == to or (reward.status != RewardStatus.NOMINATED and to in (
            RewardStatus.APPROVED, RewardStatus.DECLINED
        )):  # fmt: skip
            raise ValidationError(
                f"{reward.learner.full_name}: поощрение уже в состоянии "
                f"«{reward.get_status_display()}»{_order_suffix(reward)}. Обновите страницу."
            )
        raise ValidationError(
            f"Нельзя перевести поощрение из состояния «{reward.get_status_display()}» "
            f"в «{_status_label(to)}»."
        )
    if not may(actor, move.who, reward):
        raise PermissionDenied(REFUSALS[move.who])
    comment = comment.strip()
    if move.needs_comment and not comment:
        raise ValidationError("Укажите причину отказа: её увидит тот, кто представил.")
    today = timezone.localdate()
    old = reward.status
    if to == RewardStatus.APPROVED:
        if reward.kind.needs_order and order is None:
            raise ValidationError(
                f"Вид «{reward.kind}» утверждается приказом: укажите номер и дату приказа."
            )
        reward.order = order
        reward.approved_on = order.date if order is not None else today
    if to == RewardStatus.ISSUED:
        on = on or today
        if on > today:
            raise ValidationError("Дата вручения не может быть в будущем.")
        if reward.approved_on and on < reward.approved_on:
            raise ValidationError(
                f"Дата вручения раньше утверждения ({reward.approved_on:%d.%m.%Y})."
            )
        reward.issued_on = on
    reward.status, reward.status_comment = to, comment
    reward.save(update_fields=["status", "status_comment", "order", "approved_on", "issued_on"])
    _history(reward, old=old, actor=actor, comment=comment, order=order)
    return reward


def _order_suffix(reward) -> str:
    # Read after the lock, not joined into the locking query: on PostgreSQL a row
    # joined there comes from before the wait, when the order did not exist yet.
    return f" ({RewardOrder.objects.get(pk=reward.order_id)})" if reward.order_id else ""


@transaction.atomic
def rewards_approve(*, rewards, number: str, on: date | None, actor) -> RewardOrder:
    """The director approves several nominations into one order (R-RW-3). All or
    nothing: a nomination taken meanwhile by another director refuses the whole order."""
    if Role.DIRECTOR not in roles_of(actor):
        raise PermissionDenied("Приказ о поощрении подписывает директор.")
    number = number.strip()
    if not number:
        raise ValidationError("Укажите номер приказа.")
    if on is None:
        raise ValidationError("Укажите дату приказа.")
    if on > timezone.localdate():
        raise ValidationError("Дата приказа не может быть в будущем.")
    ids = sorted({r.pk for r in rewards})
    if not ids:
        raise ValidationError("Отметьте хотя бы одно представление.")
    # Locked in one order of keys, so two directors' orders cannot deadlock.
    locked = list(
        Reward.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("learner", "kind")
        .order_by("pk")
    )
    taken = [r for r in locked if r.status != RewardStatus.NOMINATED]
    if taken:
        raise ValidationError(
            [
                f"{r.learner.full_name}: поощрение уже в состоянии «{r.get_status_display()}»"
                f"{_order_suffix(r)}."
                for r in taken
            ]
            + ["Обновите страницу: ничего не утверждено."]
        )
    seen = set()
    for reward in locked:
        key = (reward.learner_id, reward.kind_id, reward.subject_id)
        if key in seen:
            raise ValidationError(
                f"{reward.learner.full_name} дважды в одном приказе с видом «{reward.kind}»."
            )
        seen.add(key)
    if RewardOrder.objects.filter(number=number, date=on).exists():
        raise ValidationError(f"Приказ № {number} от {on:%d.%m.%Y} уже есть.")
    director = getattr(actor, "staff", None)
    try:
        with transaction.atomic():
            order = RewardOrder.objects.create(
                number=number, date=on, signed_by=actor,
                signed_by_name=director.full_name if director else actor.get_full_name(),
                title=f"О поощрении {current_terms()['learners_gen']}",
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(f"Приказ № {number} от {on:%d.%m.%Y} уже есть.") from None
    for reward in locked:
        reward_transition(reward=reward, to=RewardStatus.APPROVED, order=order, actor=actor)
    return order
