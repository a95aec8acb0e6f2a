"""Writes to the portfolio: entering and proposing achievements with their evidence,
and the confirmation workflow."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from achievements.models import (
    Achievement,
    AchievementStatus,
    AchievementStatusChange,
    Evidence,
)
from common.files import store_files
from learners.access import is_family, keeps_portfolio

KEEPER, FAMILY = "keeper", "family"


@dataclass(frozen=True)
class Move:
    """One edge of the confirmation workflow: who may make it and how the page offers
    it. ``needs_comment``: the family must be told why; ``takes_comment``: the page
    offers the comment field."""

    source: str
    target: str
    who: str
    label: str
    button: str
    primary: bool = False
    takes_comment: bool = True
    needs_comment: bool = False
    # Shown above the button; {comment} is the entry's current status comment.
    note: str = ""


# (from, to) → the move. The one table of the workflow: nothing else changes an
# achievement's status, and the pages offer exactly these moves (allowed_moves).
MOVES = {
    (move.source, move.target): move
    for move in [
        Move(AchievementStatus.PROPOSED, AchievementStatus.CONFIRMED, KEEPER,
             "подтверждение", "Подтвердить", primary=True),
        Move(AchievementStatus.PROPOSED, AchievementStatus.REJECTED, KEEPER,
             "отклонение", "Отклонить", needs_comment=True),
        # A confirmed entry found wrong (a forged diploma, a mistaken level) is withdrawn.
        Move(AchievementStatus.CONFIRMED, AchievementStatus.REJECTED, KEEPER,
             "отзыв записи", "Отозвать запись", needs_comment=True),
        # The family mends a rejected proposal (adds the missing scan) and proposes again.
        Move(AchievementStatus.REJECTED, AchievementStatus.PROPOSED, FAMILY,
             "повторное предложение", "Отправить снова", primary=True, takes_comment=False,
             note="Запись отклонена: {comment}. Исправьте (например, добавьте документ) "
                  "и отправьте снова."),
    ]
}  # fmt: skip
REFUSALS = {
    KEEPER: "Подтверждает и отклоняет записи классный руководитель.",
    FAMILY: "Повторно предложить запись может только семья обучающегося.",
}


def _may(user, who: str, learner_id: int) -> bool:
    if who == KEEPER:
        return keeps_portfolio(user, learner_id)
    return is_family(user, learner_id)


def allowed_moves(achievement, user) -> list[Move]:
    """The moves ``user`` may make on ``achievement`` now, in the table's order: what
    the page offers, and what achievement_transition accepts."""
    asked: dict[str, bool] = {}
    moves = []
    for (source, _), move in MOVES.items():
        if source != achievement.status:
            continue
        if move.who not in asked:
            asked[move.who] = _may(user, move.who, achievement.learner_id)
        if asked[move.who]:
            moves.append(move)
    return moves


MAX_FILES = 10


def _attach(achievement, uploads, actor) -> list[Evidence]:
    if len(uploads) > MAX_FILES:
        raise ValidationError(f"Не больше {MAX_FILES} файлов за один раз.")
    # A work is kept as itself (a presentation, a paper); a certificate only as its scan.
    return store_files(
        Evidence,
        uploads,
        folder=f"evidence/{achievement.learner_id}",
        uploaded_by=actor,
        works=achievement.category.is_work,
        achievement=achievement,
    )


@transaction.atomic
def achievement_create(*, learner, fields: dict, uploads=(), actor) -> Achievement:
    """A class teacher (or the deputy) enters a confirmed achievement; the learner or a
    parent proposes one, which needs at least one evidence document."""
    if keeps_portfolio(actor, learner.pk):
        status = AchievementStatus.CONFIRMED
    elif is_family(actor, learner.pk):
        status = AchievementStatus.PROPOSED
        if not uploads:
            raise ValidationError(
                "Приложите подтверждающий документ: скан или фото диплома, грамоты, протокола."
            )
    else:
        raise PermissionDenied("Вносить достижения может классный руководитель или семья.")
    achievement = Achievement(learner=learner, status=status, created_by=actor, **fields)
    achievement.full_clean(exclude=["learner", "created_by"])
    achievement.save()
    AchievementStatusChange.objects.create(
        achievement=achievement, old_status="", new_status=status, changed_by=actor
    )
    _attach(achievement, list(uploads), actor)
    return achievement


@transaction.atomic
def achievement_transition(*, achievement, to: str, comment: str = "", actor) -> Achievement:
    achievement = Achievement.objects.select_for_update().get(pk=achievement.pk)
    move = MOVES.get((achievement.status, to))
    if move is None:
        raise ValidationError(
            f"Нельзя перевести достижение из состояния «{achievement.get_status_display()}» "
            f"в «{AchievementStatus(to).label}»."
        )
    if not _may(actor, move.who, achievement.learner_id):
        raise PermissionDenied(REFUSALS[move.who])
    comment = comment.strip()
    if move.needs_comment and not comment:
        raise ValidationError("Укажите причину отказа: её увидит семья.")
    old = achievement.status
    achievement.status, achievement.status_comment = to, comment
    achievement.save(update_fields=["status", "status_comment"])
    AchievementStatusChange.objects.create(
        achievement=achievement, old_status=old, new_status=to, changed_by=actor, comment=comment
    )
    return achievement


@transaction.atomic
def refuse_evidence(*, achievement, actor) -> None:
    """Who may add files to an entry: its keeper at any time, the family while it waits
    for confirmation or after a refusal; anyone else is refused before their files are
    looked at."""
    keeper = keeps_portfolio(actor, achievement.learner_id)
    family = is_family(actor, achievement.learner_id) and (
        achievement.status != AchievementStatus.CONFIRMED
    )
    if not (keeper or family):
        raise PermissionDenied("Добавлять документы к этой записи нельзя.")


def evidence_add(*, achievement, uploads, actor) -> list[Evidence]:
    """Add files to an entry: its keeper at any time, the family while it waits for
    confirmation or after a refusal."""
    refuse_evidence(achievement=achievement, actor=actor)
    if not uploads:
        raise ValidationError("Выберите хотя бы один файл.")
    return _attach(achievement, list(uploads), actor)
