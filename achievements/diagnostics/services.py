"""Saving the diagnostics grid (R-JRN-10): only the cells the teacher changed are
written, each with its history row, in one transaction; a bad level or a cell someone
else changed since the page was opened refuses the whole save, so nothing is written
half-way and nothing is silently overwritten."""

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from achievements.diagnostics import rules
from achievements.journal.reasons import check_reason
from achievements.models import DiagnosticChange, DiagnosticLevel, DiagnosticResult, UlaKind
from achievements.selectors import is_closed, period_roster
from learners.models import StudyGroup, StudyPeriod

log = logging.getLogger("uchet.diagnostics")

LEVEL_ERROR = "Выберите уровень из шкалы: высокий, средний или низкий."
CLOSED_ERROR = "Период закрыт: его диагностика только для чтения."


@dataclass(frozen=True)
class CellInput:
    """What the page sent for one cell: the level chosen now, the level and the version
    it showed when it was opened."""

    learner_id: int
    kind: str
    level: str
    was: str
    version: int


class GridRefused(ValidationError):
    """Some cells cannot be saved; ``cells`` maps (learner id, kind) to the message
    shown beside the cell, ``current`` to what is there now for a stale cell."""

    def __init__(self, cells: dict, *, current: dict | None = None):
        super().__init__([message for message in cells.values()])
        self.cells = cells
        self.current = current or {}


def _stale(learner, kind: str, row) -> str:
    now = row.get_level_display().lower() if row is not None and row.level else "не указан"
    return (
        f"{learner.short_name}: уровень «{UlaKind(kind).label}» уже изменил другой "
        f"пользователь (сейчас — {now}). Проверьте и сохраните снова."
    )


@transaction.atomic
def diagnostics_save(
    *,
    actor,
    group: StudyGroup,
    period: StudyPeriod,
    cells: list[CellInput],
    reason: str = "",
) -> int:
    """Write the changed cells of a class × period grid; returns how many changed."""
    if rules.access_to(actor, group) < rules.Access.WRITE:
        raise PermissionDenied("Диагностику этого класса вы можете только просматривать.")
    reason = reason.strip()
    check_reason(reason, what="Причина изменения")
    # Locks the period row so that closing the period cannot slip in between the check
    # and the writes.
    StudyPeriod.objects.select_for_update().filter(pk=period.pk).first()
    if is_closed(period=period, group=group):
        raise ValidationError(CLOSED_ERROR)
    learners = {e.learner_id: e.learner for e in period_roster(group, period)}
    errors: dict[tuple[int, str], str] = {}
    changed = [cell for cell in cells if cell.level != cell.was]
    for cell in changed:
        if cell.kind not in UlaKind.values:
            errors[(cell.learner_id, cell.kind)] = (
                "Такой группы универсальных учебных действий нет."
            )
        elif cell.level not in (*DiagnosticLevel.values, ""):
            errors[(cell.learner_id, cell.kind)] = LEVEL_ERROR
        elif cell.learner_id not in learners:
            errors[(cell.learner_id, cell.kind)] = "Этого обучающегося нет в классе в этом периоде."
    if errors:
        raise GridRefused(errors)
    rows = {
        (r.learner_id, r.kind): r
        for r in DiagnosticResult.objects.select_for_update().filter(
            period=period, learner_id__in=[c.learner_id for c in changed]
        )
    }
    current = {}
    for cell in changed:
        key = (cell.learner_id, cell.kind)
        row = rows.get(key)
        if (row.version if row else 0) != cell.version and (row.level if row else "") != cell.level:
            errors[key] = _stale(learners[cell.learner_id], cell.kind, row)
            current[key] = (row.level, row.version) if row else ("", 0)
    if errors:
        raise GridRefused(errors, current=current)
    count = 0
    for cell in changed:
        row = rows.get((cell.learner_id, cell.kind))
        old = row.level if row else ""
        if old == cell.level:
            continue  # someone else already chose the same level
        if row is None:
            row = DiagnosticResult(
                learner_id=cell.learner_id, period=period, group=group, kind=cell.kind,
                level=cell.level, updated_by=actor,
            )  # fmt: skip
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                # Another teacher filled the same empty cell a moment ago.
                found = DiagnosticResult.objects.filter(
                    period=period, learner_id=cell.learner_id, kind=cell.kind
                ).first()
                key = (cell.learner_id, cell.kind)
                raise GridRefused(
                    {key: _stale(learners[cell.learner_id], cell.kind, found)},
                    current={key: (found.level, found.version) if found else ("", 0)},
                ) from None
        else:
            row.level = cell.level
            row.group = group
            row.version += 1
            row.updated_by = actor
            row.save(update_fields=["level", "group", "version", "updated_by", "updated_at"])
        DiagnosticChange.objects.create(
            result=row, old_level=old, new_level=cell.level, reason=reason, changed_by=actor
        )
        count += 1
    log.info(
        "diagnostics saved: group=%s period=%s cells=%s by user=%s",
        group.pk, period.pk, count, actor.pk,
    )  # fmt: skip
    return count
