"""Saving the levels of an association at one stage (R-JRN-14): only the rows the
teacher changed are written, each with its history row, in one transaction. A bad level
or date, a changed level without a reason, or a row someone else changed since the page
was opened refuses the whole save, so nothing is written half-way and nothing is
silently overwritten."""

import logging
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from achievements.journal.reasons import check_reason
from achievements.levels import rules, selectors
from achievements.models import LevelResult, LevelResultChange, LevelStage
from common.text import CONTROL_CHARACTERS
from learners.models import StudyGroup, Subject
from learners.terms import current_terms

log = logging.getLogger("uchet.levels")

COMMENT_MAX_LENGTH = LevelResult._meta.get_field("comment").max_length


@dataclass(frozen=True)
class RowInput:
    """What the page sent for one learner: the level, date and comment now, and those
    and the version the page showed when it was opened."""

    learner_id: int
    level: str
    checked_on: date | None
    comment: str
    was_level: str
    was_checked_on: date | None
    was_comment: str
    version: int

    @property
    def new(self) -> tuple:
        # A date without a level means nothing: only a recorded level is dated.
        return (self.level, self.checked_on if self.level else None, self.comment.strip())

    @property
    def old(self) -> tuple:
        return (
            self.was_level,
            self.was_checked_on if self.was_level else None,
            self.was_comment.strip(),
        )


class GridRefused(ValidationError):
    """Some rows cannot be saved; ``rows`` maps a learner id to the message shown beside
    the row, ``current`` to what is saved now for a stale row."""

    def __init__(self, rows: dict, *, current: dict | None = None):
        super().__init__(list(rows.values()))
        self.rows = rows
        self.current = current or {}


def level_error(values) -> str:
    names = ", ".join(f"{v.code} — {v.label}" for v in values)
    return f"Выберите уровень из шкалы: {names}." if names else "Шкала уровней не настроена."


def _state(row: LevelResult | None) -> tuple:
    if row is None:
        return ("", None, "")
    return (row.level, row.checked_on if row.level else None, row.comment)


def _stale(learner, row: LevelResult | None) -> str:
    now = f"уровень «{row.level}»" if row is not None and row.level else "уровень не указан"
    return (
        f"{learner.short_name}: запись уже изменил другой пользователь (сейчас — {now}). "
        "Проверьте и сохраните снова."
    )


def _check_row(row: RowInput, line: dict | None, codes: set, values, year, today) -> str:
    """The message for a bad row, or an empty string."""
    terms = current_terms()
    if line is None:
        return f"Этого {terms['learner_gen']} нет в списке {terms['group_gen']}."
    name = line["learner"].short_name
    if row.level and row.level not in codes:
        return f"{name}: {level_error(values)}"
    if row.level and row.checked_on is None:
        return f"{name}: укажите дату проведения."
    if row.level:
        day = row.checked_on
        if not year.starts_on <= day <= year.ends_on:
            return (
                f"{name}: дата {day:%d.%m.%Y} вне учебного года "
                f"({year.starts_on:%d.%m.%Y}–{year.ends_on:%d.%m.%Y})."
            )
        if day > today:
            return f"{name}: дата {day:%d.%m.%Y} ещё не наступила."
        if not any(start <= day and (end is None or day <= end) for start, end in line["spans"]):
            return f"{name}: {day:%d.%m.%Y} не числился(ась) в {terms['group_prep']}."
    comment = row.comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        return f"{name}: комментарий — не длиннее {COMMENT_MAX_LENGTH} символов."
    if CONTROL_CHARACTERS.search(comment):
        return f"{name}: комментарий содержит недопустимый управляющий символ."
    return ""


@transaction.atomic
def levels_save(
    *,
    actor,
    group: StudyGroup,
    subject: Subject,
    stage: str,
    rows: list[RowInput],
    reason: str = "",
    today: date | None = None,
) -> int:
    """Write the changed rows of an association × subject × stage; returns how many."""
    if not rules.is_association(group):
        raise ValidationError(
            "Уровни по этапам ведутся только в группах дополнительного образования."
        )
    if not rules.may_write(actor, group):
        raise PermissionDenied(rules.read_only())
    if stage not in LevelStage.values:
        raise ValidationError(
            "Такого этапа нет: входная диагностика, промежуточная или итоговая аттестация."
        )
    if subject.pk not in {s.pk for s in selectors.curriculum_subjects(group)}:
        raise ValidationError(
            f"Этого предмета нет в учебном плане программы {current_terms()['group_gen']}."
        )
    reason = reason.strip()
    check_reason(reason, what="Причина изменения")
    today = today or timezone.localdate()
    values = selectors.scale_values(selectors.scale_of(subject))
    codes = {value.code for value in values}
    lines = {line["learner"].pk: line for line in selectors.roster(group)}
    changed = [row for row in rows if row.new != row.old]
    errors: dict[int, str] = {}
    for row in changed:
        message = _check_row(row, lines.get(row.learner_id), codes, values, group.year, today)
        if message:
            errors[row.learner_id] = message
    if errors:
        raise GridRefused(errors)
    saved = {
        r.learner_id: r
        for r in LevelResult.objects.select_for_update().filter(
            group=group,
            subject=subject,
            stage=stage,
            learner_id__in=[row.learner_id for row in changed],
        )
    }
    current = {}
    for row in changed:
        found = saved.get(row.learner_id)
        if (found.version if found else 0) != row.version and _state(found) != row.new:
            errors[row.learner_id] = _stale(lines[row.learner_id]["learner"], found)
            current[row.learner_id] = found
        elif found is not None and found.level and found.level != row.level and not reason:
            errors[row.learner_id] = (
                f"{lines[row.learner_id]['learner'].short_name}: уровень «{found.level}» уже "
                "записан — чтобы изменить его, укажите причину изменения."
            )
    if errors:
        raise GridRefused(errors, current=current)
    count = 0
    for row in changed:
        found = saved.get(row.learner_id)
        if _state(found) == row.new:
            continue  # someone else already saved the same
        level, checked_on, comment = row.new
        old_level, old_checked_on, _ = _state(found)
        if found is None:
            found = LevelResult(
                learner_id=row.learner_id, group=group, subject=subject, stage=stage,
                level=level, checked_on=checked_on, comment=comment, updated_by=actor,
            )  # fmt: skip
            try:
                with transaction.atomic():
                    found.save()
            except IntegrityError:
                # Another teacher filled the same empty row a moment ago.
                now = LevelResult.objects.filter(
                    group=group, subject=subject, stage=stage, learner_id=row.learner_id
                ).first()
                raise GridRefused(
                    {row.learner_id: _stale(lines[row.learner_id]["learner"], now)},
                    current={row.learner_id: now},
                ) from None
        else:
            found.level, found.checked_on, found.comment = level, checked_on, comment
            found.version += 1
            found.updated_by = actor
            found.save(
                update_fields=[
                    "level",
                    "checked_on",
                    "comment",
                    "version",
                    "updated_by",
                    "updated_at",
                ]
            )
        LevelResultChange.objects.create(
            result=found,
            old_level=old_level,
            new_level=level,
            old_checked_on=old_checked_on,
            new_checked_on=checked_on,
            reason=reason,
            changed_by=actor,
        )
        count += 1
    log.info(
        "levels saved: group=%s subject=%s stage=%s rows=%s by user=%s",
        group.pk, subject.pk, stage, count, actor.pk,
    )  # fmt: skip
    return count
