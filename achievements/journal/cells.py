"""Current control: one journal cell — the marks of a lesson and the attendance code —
parsed from what the teacher typed and saved with its history row."""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from achievements.journal.conflicts import (
    cell_conflict,
    refuse_stale,
    save_or_conflict,
)
from achievements.journal.reasons import check_reason
from achievements.journal.save_context import SaveContext, save_context
from achievements.models import Attendance, CellChange, JournalCell
from learners.access import has_role
from learners.models import Role, ScaleKind

ATTENDANCE = {code.value for code in Attendance}
# Codes that mean the learner was not at the lesson, so no mark can stand beside them.
ABSENCE = {Attendance.ABSENT, Attendance.ILL, Attendance.EXCUSED}
MAX_MARKS_PER_LESSON = 4
SEPARATORS = re.compile(r"[/,;\s]+")


@dataclass(frozen=True)
class CellValue:
    marks: str
    attendance: str

    @property
    def text(self):
        return "/".join(p for p in (self.attendance, self.marks) if p)


def _check_mark(mark: str, *, scale_kind: str, allowed: set[str], points) -> None:
    if scale_kind == ScaleKind.POINTS:
        low, high = points
        # ASCII digits only: «²» and «١» pass str.isdigit(), and int() of a
        # thousands-digit string raises — both were server errors.
        if not re.fullmatch(r"[0-9]{1,9}", mark) or not low <= int(mark) <= high:
            raise ValidationError(f"«{mark}»: нужны баллы от {low} до {high}.")
    elif mark not in allowed:
        shown = ", ".join(sorted(allowed, reverse=True))
        raise ValidationError(
            f"«{mark}» нет в шкале оценивания предмета. Можно: {shown}; посещаемость: н, б, уп, оп."
        )


def canonical_code(token: str, allowed) -> str:
    """The scale's own spelling of what was typed: the level scale's codes are capitals
    («В», «С», «Н»), and a teacher types them in either case."""
    return {code.lower(): code for code in allowed}.get(token.lower(), token)


def _scale_tokens(text: str, allowed) -> list[str]:
    """What was typed, split into codes. «не осв» is one code with a space in it, so
    «не» joins the word after it when the scale knows the two as one code."""
    lowered = {code.lower() for code in allowed}
    words = [t for t in SEPARATORS.split(text.strip().lower()) if t]
    tokens: list[str] = []
    for word in words:
        if tokens and f"{tokens[-1]} {word}" in lowered:
            tokens[-1] = f"{tokens[-1]} {word}"
        else:
            tokens.append(word)
    return [canonical_code(t, allowed) if t not in ATTENDANCE else t for t in tokens]


def parse_cell(text: str, *, scale_kind: str, allowed: set[str], points=None) -> CellValue:
    """Turn what the teacher typed ("5/4", "н", "оп 5", "") into marks and an attendance
    code, refusing anything the subject's scale does not allow."""
    tokens = _scale_tokens(text, allowed)
    attendance = [t for t in tokens if t in ATTENDANCE]
    marks = [t for t in tokens if t not in ATTENDANCE]
    if len(attendance) > 1:
        raise ValidationError("В ячейке может быть только одна отметка посещаемости.")
    if attendance and attendance[0] in ABSENCE and marks:
        raise ValidationError(
            f"«{attendance[0]}» — обучающийся отсутствовал, отметку поставить нельзя."
        )
    if len(marks) > MAX_MARKS_PER_LESSON:
        raise ValidationError(f"Не больше {MAX_MARKS_PER_LESSON} отметок за один урок.")
    for mark in marks:
        _check_mark(mark, scale_kind=scale_kind, allowed=allowed, points=points)
    return CellValue(marks="/".join(marks), attendance=attendance[0] if attendance else "")


def _may_write(actor, context: SaveContext, *, reason: str) -> None:
    is_deputy = has_role(actor, Role.DEPUTY)
    if not (context.may_teach or is_deputy):
        raise PermissionDenied("Этот журнал ведёт другой учитель: изменить отметку нельзя.")
    if context.is_closed and not is_deputy:
        raise ValidationError(
            "Период закрыт: отметки доступны только для чтения. Исправление вносит "
            "заместитель директора с указанием причины."
        )
    # A correction — of a closed period, or of someone else's journal — needs a
    # written reason, even from a deputy who also teaches this class.
    correcting = context.is_closed or not context.may_teach
    if correcting and not reason.strip():
        raise ValidationError("Укажите причину исправления.")


def _may_mark_learner(context: SaveContext) -> None:
    if not context.is_enrolled:
        raise ValidationError("Обучающийся не числится в классе на дату урока.")
    if context.exemption is not None:
        raise ValidationError(
            f"Обучающийся освобождён от посещения уроков по предмету ({context.exemption})."
        )


@transaction.atomic
def cell_save(
    *, lesson_id: int, learner_id: int, text: str, version: int, actor, reason: str = ""
) -> JournalCell | None:
    """Save one journal cell. ``version`` is the cell's version the user started from
    (0 for an empty cell); a stale one is refused with the current value."""
    check_reason(reason)
    context = save_context(lesson_id, learner_id, actor)
    _may_write(actor, context, reason=reason)
    _may_mark_learner(context)
    value = parse_cell(
        text, scale_kind=context.scale_kind, allowed=context.allowed_codes, points=context.points
    )
    current = JournalCell.objects.filter(lesson_id=lesson_id, learner_id=learner_id)
    cell = current.select_for_update().first()
    refuse_stale(cell, version=version, text=lambda found: found.text, message=cell_conflict)
    old = CellValue(cell.marks, cell.attendance) if cell is not None else CellValue("", "")
    if old == value:
        return cell
    if cell is None:
        cell = JournalCell(lesson_id=lesson_id, learner_id=learner_id, version=0)
    cell.marks, cell.attendance = value.marks, value.attendance
    cell.version += 1
    cell.updated_by = actor
    save_or_conflict(
        cell, current=lambda: current, text=lambda found: found.text, message=cell_conflict
    )
    CellChange.objects.create(
        cell=cell,
        changed_by=actor,
        old_marks=old.marks,
        new_marks=value.marks,
        old_attendance=old.attendance,
        new_attendance=value.attendance,
        reason=reason.strip(),
    )
    return cell
