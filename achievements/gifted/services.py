"""The deputy's decision to credit a gifted learner's achievement as a mark."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from achievements.credits import credited_mark_record
from achievements.gifted.selectors import PRIZES, state_exam_subject_ids
from achievements.models import Achievement, AchievementStatus, PeriodMark
from learners.access import has_role
from learners.models import CurriculumLine, Learner, Role, StudyGroup, StudyPeriod, Subject


def _source(achievement: Achievement) -> str:
    where = f", {achievement.organiser}" if achievement.organiser else ""
    return f"{achievement.title} ({achievement.date:%d.%m.%Y}{where})"


@transaction.atomic
def gifted_credit_record(
    *,
    learner: Learner,
    group: StudyGroup,
    achievement: Achievement,
    subject: Subject,
    period: StudyPeriod | None,
    value: str,
    reference: str,
    actor,
) -> PeriodMark:
    """Credit ``achievement`` as the learner's mark in ``subject`` for ``period`` (or
    for the year of ``group`` when ``period`` is None). Everything is checked before
    anything is written; the mark and its history row are written by
    achievements.credits.credited_mark_record in this transaction."""
    if not has_role(actor, Role.DEPUTY):
        raise PermissionDenied("Зачесть достижение может заместитель директора.")
    learner = Learner.objects.select_for_update().get(pk=learner.pk)
    if not learner.is_gifted_registered:
        raise ValidationError(
            f"{learner.short_name} не внесён в государственный информационный ресурс о детях, "
            "проявивших выдающиеся способности: его достижения не зачитываются как отметки."
        )
    achievement = Achievement.objects.get(pk=achievement.pk)
    if achievement.learner_id != learner.pk:
        raise ValidationError("Это достижение другого обучающегося.")
    if achievement.status != AchievementStatus.CONFIRMED:
        raise ValidationError(
            f"Достижение «{achievement.title}» ещё не подтверждено: сначала подтвердите его "
            "в портфолио."
        )
    if achievement.result not in PRIZES:
        raise ValidationError(
            f"«{achievement.title}»: зачесть можно победу, призовое место или звание лауреата, "
            "а не участие."
        )
    in_curriculum = CurriculumLine.objects.filter(
        programme_id=group.programme_id, grade=group.grade, subject=subject
    ).exists()
    if not in_curriculum:
        raise ValidationError(
            f"Предмета «{subject.name}» нет в учебном плане {group.grade}-го класса."
        )
    if subject.pk in state_exam_subject_ids(learner, group):
        raise ValidationError(
            f"Предмет «{subject.name}» выносится на ГИА: по нему достижение не зачитывается."
        )
    if not reference.strip():
        raise ValidationError(
            "Укажите основание: решение или приказ, по которому достижение зачтено."
        )
    return credited_mark_record(
        learner=learner,
        subject=subject,
        year=group.year,
        period=period,
        value=value,
        source=_source(achievement),
        original=achievement.get_result_display(),
        reference=reference,
        actor=actor,
        achievement=achievement,
    )
