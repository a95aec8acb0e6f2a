"""Writes to the portfolio: entering and proposing achievements with their evidence,
and the confirmation workflow."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from achievements.models import (
    Achievement,
    AchievementStatus,
    AchievementStatusChange,
    Evidence,
)
from common.files import check_upload, stored
from learners.access import is_family, keeps_portfolio

KEEPER, FAMILY = "keeper", "family"
# (from, to) → who may make the move. Nothing else changes an achievement's status.
TRANSITIONS = {
    (AchievementStatus.PROPOSED, AchievementStatus.CONFIRMED): KEEPER,
    (AchievementStatus.PROPOSED, AchievementStatus.REJECTED): KEEPER,
    # A confirmed entry found wrong (a forged diploma, a mistaken level) is withdrawn.
    (AchievementStatus.CONFIRMED, AchievementStatus.REJECTED): KEEPER,
    # The family mends a rejected proposal (adds the missing scan) and proposes again.
    (AchievementStatus.REJECTED, AchievementStatus.PROPOSED): FAMILY,
}
MAX_FILES = 10


def _attach(achievement, uploads, actor) -> list[Evidence]:
    """Check every file first, so that one bad file stores none of them."""
    if len(uploads) > MAX_FILES:
        raise ValidationError(f"Не больше {MAX_FILES} файлов за один раз.")
    checked = [check_upload(upload) for upload in uploads]
    with stored(checked, folder=f"evidence/{achievement.learner_id}") as names:
        return [
            Evidence.objects.create(
                achievement=achievement,
                file=name,
                original_name=item.name,
                content_type=item.content_type,
                size=len(item.content),
                sha256=item.sha256,
                uploaded_by=actor,
            )
            for item, name in zip(checked, names, strict=True)
        ]


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
    who = TRANSITIONS.get((achievement.status, to))
    if who is None:
        raise ValidationError(
            f"Нельзя перевести достижение из состояния «{achievement.get_status_display()}» "
            f"в «{AchievementStatus(to).label}»."
        )
    allowed = (
        keeps_portfolio(actor, achievement.learner_id)
        if who == KEEPER
        else is_family(actor, achievement.learner_id)
    )
    if not allowed:
        raise PermissionDenied(
            "Подтверждает и отклоняет записи классный руководитель."
            if who == KEEPER
            else "Повторно предложить запись может только семья обучающегося."
        )
    comment = comment.strip()
    if to == AchievementStatus.REJECTED and not comment:
        raise ValidationError("Укажите причину отказа: её увидит семья.")
    old = achievement.status
    achievement.status, achievement.status_comment = to, comment
    achievement.save(update_fields=["status", "status_comment"])
    AchievementStatusChange.objects.create(
        achievement=achievement, old_status=old, new_status=to, changed_by=actor, comment=comment
    )
    return achievement


@transaction.atomic
def evidence_add(*, achievement, uploads, actor) -> list[Evidence]:
    """Add files to an entry: its keeper at any time, the family while it waits for
    confirmation or after a refusal."""
    keeper = keeps_portfolio(actor, achievement.learner_id)
    family = is_family(actor, achievement.learner_id) and (
        achievement.status != AchievementStatus.CONFIRMED
    )
    if not (keeper or family):
        raise PermissionDenied("Добавлять документы к этой записи нельзя.")
    if not uploads:
        raise ValidationError("Выберите хотя бы один файл.")
    return _attach(achievement, list(uploads), actor)
