"""Writes to the journal. Every change to a mark, an attendance code or an
attestation mark writes its history row here, in the same transaction (R-JRN-6)."""

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Q, StringAgg, Subquery, Value

from achievements import attestation
from achievements.models import (
    Attendance,
    AttestationRule,
    CellChange,
    JournalCell,
    Lesson,
    MarkKind,
    MarkOrigin,
    PeriodClosure,
    PeriodMark,
    PeriodMarkChange,
    WorkKind,
)
from common.text import CONTROL_CHARACTERS
from learners.access import JournalAccess, has_role, journal_access
from learners.models import (
    Enrollment,
    Learner,
    Role,
    ScaleKind,
    ScaleValue,
    StudyGroup,
    StudyPeriod,
    Subject,
)

log = logging.getLogger("uchet.journal")
ATTENDANCE = {code.value for code in Attendance}
# Codes that mean the learner was not at the lesson, so no mark can stand beside them.
ABSENCE = {Attendance.ABSENT, Attendance.ILL, Attendance.EXCUSED}
MAX_MARKS_PER_LESSON = 4
SEPARATORS = re.compile(r"[/,;\s]+")


class Conflict(ValidationError):
    """The value changed since the user loaded it. Carries the current value."""

    def __init__(self, message, *, current: str, version: int):
        super().__init__(message)
        self.current = current
        self.version = version


def _cell_conflict(current: str) -> str:
    return (
        f"Отметку уже изменили: сейчас в ячейке «{current or 'пусто'}». Проверьте и введите снова."
    )


def _mark_conflict(current: str) -> str:
    return f"Отметку уже изменили: сейчас «{current or 'пусто'}»."


def _save_or_conflict(row, *, current, text, message) -> None:
    """Save a journal row; when it is new and someone else inserted the same one since
    we looked (two teachers typing into the same empty cell), answer as for a stale
    version — with what is there now — instead of failing on the unique constraint.
    On PostgreSQL the second INSERT waits for the first transaction and then violates
    the constraint; the savepoint keeps our transaction usable to read the winner."""
    if row.pk is not None:
        row.save()
        return
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        found = current().select_for_update().first()
        if found is None:
            raise
        raise Conflict(message(text(found)), current=text(found), version=found.version) from None


# Reading --------------------------------------------------------------------------------


def attestation_rule() -> attestation.Rule:
    rule = AttestationRule.objects.first()
    return attestation.DEFAULT_RULE if rule is None else attestation.Rule.of(rule)


def _on(day_field: str, start: str = "starts_on", end: str = "ends_on") -> Q:
    """Rows whose [start, end] span (end empty = still running) covers the outer
    row's date."""
    return Q(**{f"{start}__lte": OuterRef(day_field)}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": OuterRef(day_field)})
    )


def allowed_codes_subquery(scale_ref: str):
    return Subquery(
        ScaleValue.objects.filter(scale=OuterRef(scale_ref), is_enabled=True, is_special=False)
        .values("scale")
        .annotate(codes=StringAgg("code", delimiter=Value("|")))
        .values("codes")
    )


# Current control --------------------------------------------------------------------------


@dataclass(frozen=True)
class CellValue:
    marks: str
    attendance: str

    @property
    def text(self):
        return "/".join(p for p in (self.attendance, self.marks) if p)


def parse_cell(text: str, *, scale_kind: str, allowed: set[str], points=None) -> CellValue:
    """Turn what the teacher typed ("5/4", "н", "оп 5", "") into marks and an attendance
    code, refusing anything the subject's scale does not allow."""
    tokens = [t for t in SEPARATORS.split(text.strip().lower()) if t]
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
        if scale_kind == ScaleKind.POINTS:
            low, high = points
            # ASCII digits only: «²» and «١» pass str.isdigit(), and int() of a
            # thousands-digit string raises — both were server errors.
            if not re.fullmatch(r"[0-9]{1,9}", mark) or not low <= int(mark) <= high:
                raise ValidationError(f"«{mark}»: нужны баллы от {low} до {high}.")
        elif mark not in allowed:
            shown = ", ".join(sorted(allowed, reverse=True))
            raise ValidationError(
                f"«{mark}» нет в шкале оценивания предмета. Можно: {shown}; "
                "посещаемость: н, б, уп, оп."
            )
    return CellValue(marks="/".join(marks), attendance=attendance[0] if attendance else "")


@dataclass(frozen=True)
class SaveContext:
    """What saving one cell must know about its lesson, read in one query."""

    scale_kind: str
    points: tuple[int | None, int | None]
    may_teach: bool
    is_closed: bool
    is_enrolled: bool
    exemption: str | None
    allowed_codes: frozenset[str]


# Hand-written because it is the hot path of the journal (≤ 15 ms a save, DESIGN.md):
# the same query built by the ORM cost more to compile than to run.
SAVE_CONTEXT_SQL = """
SELECT g.kind, g.min_points, g.max_points,
  EXISTS (SELECT 1 FROM learners_teachingassignment t
          WHERE t.teacher_id = %s AND t.group_id = l.group_id AND t.subject_id = l.subject_id),
  EXISTS (SELECT 1 FROM achievements_periodclosure c
          WHERE c.period_id = l.period_id AND (c.group_id IS NULL OR c.group_id = l.group_id)),
  EXISTS (SELECT 1 FROM learners_enrollment e
          WHERE e.learner_id = %s AND e.group_id = l.group_id AND e.started_on <= l.date
            AND (e.ended_on IS NULL OR e.ended_on >= l.date)),
  (SELECT x.order_reference FROM achievements_exemption x
   WHERE x.learner_id = %s AND x.subject_id = l.subject_id AND x.starts_on <= l.date
     AND (x.ends_on IS NULL OR x.ends_on >= l.date) LIMIT 1),
  (SELECT {codes} FROM learners_scalevalue v
   WHERE v.scale_id = g.id AND v.is_enabled AND NOT v.is_special)
FROM achievements_lesson l
JOIN learners_subject s ON s.id = l.subject_id
JOIN learners_gradingscale g ON g.id = s.grading_scale_id
WHERE l.id = %s
"""
CODES_AGGREGATE = {"sqlite": "group_concat(v.code, '|')", "postgresql": "string_agg(v.code, '|')"}


def _save_context(lesson_id: int, learner_id: int, actor) -> SaveContext:
    staff = getattr(actor, "staff", None)
    teacher_id = (
        staff.pk
        if staff is not None and staff.is_active and has_role(actor, Role.TEACHER)
        else None
    )
    sql = SAVE_CONTEXT_SQL.format(codes=CODES_AGGREGATE[connection.vendor])
    with connection.cursor() as cursor:
        cursor.execute(sql, [teacher_id, learner_id, learner_id, lesson_id])
        row = cursor.fetchone()
    if row is None:
        raise ValidationError("Урок не найден.")
    kind, low, high, may_teach, is_closed, is_enrolled, exemption, codes = row
    return SaveContext(
        scale_kind=kind,
        points=(low, high),
        may_teach=bool(may_teach),
        is_closed=bool(is_closed),
        is_enrolled=bool(is_enrolled),
        exemption=exemption,
        allowed_codes=frozenset((codes or "").split("|")) - {""},
    )


REASON_MAX_LENGTH = CellChange._meta.get_field("reason").max_length


def _check_reason(reason) -> None:
    """The reason of a correction goes to the history row as typed (trimmed): check it
    here, for the journal pages, the admin and commands alike, before anything is
    written."""
    if not isinstance(reason, str):
        raise ValidationError("Причина исправления должна быть текстом.")
    length = len(reason.strip())
    if length > REASON_MAX_LENGTH:
        raise ValidationError(
            f"Причина исправления — не длиннее {REASON_MAX_LENGTH} символов (сейчас {length})."
        )
    # PostgreSQL refuses NUL in text (a server error); no control character belongs in
    # a written reason.
    if CONTROL_CHARACTERS.search(reason):
        raise ValidationError(
            "Причина исправления содержит недопустимый управляющий символ: введите её заново."
        )


def _may_write(actor, lesson, *, reason: str) -> None:
    is_deputy = has_role(actor, Role.DEPUTY)
    if not (lesson.may_teach or is_deputy):
        raise PermissionDenied("Этот журнал ведёт другой учитель: изменить отметку нельзя.")
    if lesson.is_closed and not is_deputy:
        raise ValidationError(
            "Период закрыт: отметки доступны только для чтения. Исправление вносит "
            "заместитель директора с указанием причины."
        )
    # A correction — of a closed period, or of someone else's journal — needs a
    # written reason, even from a deputy who also teaches this class.
    correcting = lesson.is_closed or not lesson.may_teach
    if correcting and not reason.strip():
        raise ValidationError("Укажите причину исправления.")


@transaction.atomic
def cell_save(
    *, lesson_id: int, learner_id: int, text: str, version: int, actor, reason: str = ""
) -> JournalCell | None:
    """Save one journal cell. ``version`` is the cell's version the user started from
    (0 for an empty cell); a stale one is refused with the current value."""
    _check_reason(reason)
    context = _save_context(lesson_id, learner_id, actor)
    _may_write(actor, context, reason=reason)
    if not context.is_enrolled:
        raise ValidationError("Обучающийся не числится в классе на дату урока.")
    if context.exemption is not None:
        raise ValidationError(
            f"Обучающийся освобождён от посещения уроков по предмету ({context.exemption})."
        )
    value = parse_cell(
        text, scale_kind=context.scale_kind, allowed=context.allowed_codes, points=context.points
    )
    cell = (
        JournalCell.objects.select_for_update()
        .filter(lesson_id=lesson_id, learner_id=learner_id)
        .first()
    )
    current_version = cell.version if cell is not None else 0
    if current_version != version:
        current = cell.text if cell is not None else ""
        raise Conflict(_cell_conflict(current), current=current, version=current_version)
    old = CellValue(cell.marks, cell.attendance) if cell is not None else CellValue("", "")
    if old == value:
        return cell
    if cell is None:
        cell = JournalCell(lesson_id=lesson_id, learner_id=learner_id, version=0)
    cell.marks, cell.attendance = value.marks, value.attendance
    cell.version += 1
    cell.updated_by = actor
    _save_or_conflict(
        cell,
        current=lambda: JournalCell.objects.filter(lesson_id=lesson_id, learner_id=learner_id),
        text=lambda found: found.text,
        message=_cell_conflict,
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


# Lessons -----------------------------------------------------------------------------------


def _check_lesson_slot(*, group: StudyGroup, subject: Subject, period: StudyPeriod, day: date):
    if not period.starts_on <= day <= period.ends_on:
        raise ValidationError(
            f"Дата {day:%d.%m.%Y} вне периода «{period.name}» "
            f"({period.starts_on:%d.%m.%Y}–{period.ends_on:%d.%m.%Y})."
        )
    closed = PeriodClosure.objects.filter(period=period).filter(
        Q(group__isnull=True) | Q(group=group)
    )
    if closed.exists():
        raise ValidationError("Период закрыт: добавлять и менять уроки нельзя.")


def _require_teacher(actor, group, subject) -> None:
    if journal_access(actor, group_id=group.pk, subject_id=subject.pk) < JournalAccess.WRITE:
        raise PermissionDenied("Уроки в этот журнал вносит учитель, который его ведёт.")


@transaction.atomic
def lesson_save(
    *,
    group: StudyGroup,
    subject: Subject,
    period: StudyPeriod,
    day: date,
    number: int,
    topic: str,
    homework: str,
    work_kind: WorkKind,
    actor,
    lesson: Lesson | None = None,
) -> Lesson:
    """Add a lesson, or change one (``lesson`` given) — its date, topic, homework or
    kind of work."""
    _require_teacher(actor, group, subject)
    _check_lesson_slot(group=group, subject=subject, period=period, day=day)
    lesson = lesson or Lesson(group=group, subject=subject, period=period)
    lesson.date, lesson.number = day, number
    lesson.topic, lesson.homework, lesson.work_kind = topic.strip(), homework.strip(), work_kind
    lesson.teacher = getattr(actor, "staff", None)
    try:
        with transaction.atomic():
            lesson.save()
    except IntegrityError as error:
        raise ValidationError(f"{number}-й урок {day:%d.%m.%Y} в этом журнале уже есть.") from error
    return lesson


def timetable_dates(period: StudyPeriod, weekly: dict[int, list[int]], *, holidays=()):
    """(date, lesson number) for each weekday in the period that the pattern names
    (0 = Monday), skipping the given non-working days."""
    day = period.starts_on
    while day <= period.ends_on:
        if day not in holidays:
            for number in weekly.get(day.weekday(), []):
                yield day, number
        day += timedelta(days=1)


@transaction.atomic
def lessons_generate(
    *,
    group: StudyGroup,
    subject: Subject,
    period: StudyPeriod,
    weekly: dict[int, list[int]],
    work_kind: WorkKind,
    actor,
) -> int:
    """Create the period's lessons from a weekly timetable, skipping public holidays
    and slots that already have a lesson. Returns how many were created."""
    import holidays as holiday_calendar

    _require_teacher(actor, group, subject)
    _check_lesson_slot(group=group, subject=subject, period=period, day=period.starts_on)
    if not any(weekly.values()):
        raise ValidationError("Отметьте хотя бы один урок в расписании недели.")
    years = range(period.starts_on.year, period.ends_on.year + 1)
    days_off = set(holiday_calendar.country_holidays("RU", years=years))
    taken = set(
        Lesson.objects.filter(group=group, subject=subject, period=period).values_list(
            "date", "number"
        )
    )
    staff = getattr(actor, "staff", None)
    lessons = [
        Lesson(
            group=group, subject=subject, period=period, teacher=staff,
            date=day, number=number, work_kind=work_kind,
        )
        for day, number in timetable_dates(period, weekly, holidays=days_off)
        if (day, number) not in taken
    ]  # fmt: skip
    Lesson.objects.bulk_create(lessons)
    return len(lessons)


# Attestation -------------------------------------------------------------------------------


def current_marks(*, learner_ids, subject_id: int, period: StudyPeriod):
    """{learner_id: [(value, weight), ...]} of numeric current marks in a period."""
    rows = JournalCell.objects.filter(
        learner_id__in=learner_ids,
        lesson__subject_id=subject_id,
        lesson__period=period,
        lesson__group__year_id=period.year_id,
    ).values_list("learner_id", "marks", "lesson__work_kind__weight")
    result: dict[int, list[tuple[Decimal, Decimal]]] = {}
    for learner_id, marks, weight in rows:
        for mark in marks.split("/"):
            if mark.isdigit():
                result.setdefault(learner_id, []).append((Decimal(mark), weight))
    return result


ATTESTATION_SPECIAL = {attestation.NOT_ATTESTED, "осв."}


@transaction.atomic
def period_mark_save(
    *,
    learner: Learner,
    subject: Subject,
    group: StudyGroup,
    kind: str,
    period: StudyPeriod | None,
    value: str,
    version: int,
    actor,
    reason: str = "",
) -> PeriodMark:
    """Confirm the proposed attestation mark, or set another one with a reason."""
    _check_reason(reason)
    access = journal_access(actor, group_id=group.pk, subject_id=subject.pk)
    if access < JournalAccess.WRITE:
        raise PermissionDenied("Отметки аттестации ставит учитель, который ведёт журнал.")
    # The year page offers the final mark in a graduating class only; a request made
    # by hand must not put one in the record of a learner who is not finishing.
    if kind == MarkKind.FINAL and group.grade != group.programme.last_grade:
        raise ValidationError(
            f"Итоговая отметка ставится только в выпускном классе: {group.name} — "
            "не последний год обучения по программе."
        )
    closed = (
        kind == MarkKind.PERIOD
        and PeriodClosure.objects.filter(period=period)
        .filter(Q(group__isnull=True) | Q(group=group))
        .exists()
    )
    if closed and access < JournalAccess.CORRECT:
        raise ValidationError(
            "Период закрыт: отметку исправляет заместитель директора с указанием причины."
        )
    if closed and not reason.strip():
        raise ValidationError("Укажите причину исправления.", code="reason_required")
    if not Enrollment.objects.filter(learner=learner, group=group).exists():
        raise ValidationError("Обучающийся не числится в этом классе.")
    value = value.strip().lower()
    allowed = set(
        subject.grading_scale.values.filter(is_enabled=True, is_special=False).values_list(
            "code", flat=True
        )
    )
    if value and value not in allowed | ATTESTATION_SPECIAL:
        raise ValidationError(
            f"«{value}» нельзя поставить за период. Можно: "
            f"{', '.join(sorted(allowed, reverse=True))}, н/а, осв."
        )
    proposed = _proposal(learner=learner, subject=subject, group=group, kind=kind, period=period)
    if value and value != proposed and not reason.strip():
        raise ValidationError(
            f"Журнал предлагает «{proposed}». Чтобы поставить «{value}», укажите причину.",
            code="reason_required",
        )
    lookup = {"learner": learner, "subject": subject, "kind": kind}
    lookup |= {"period": period} if kind == MarkKind.PERIOD else {"year": group.year}
    mark = PeriodMark.objects.select_for_update().filter(**lookup).first()
    current_version = mark.version if mark is not None else 0
    if current_version != version:
        current = mark.value if mark is not None else ""
        raise Conflict(_mark_conflict(current), current=current, version=current_version)
    old = mark.value if mark is not None else ""
    if mark is None:
        mark = PeriodMark(**(lookup | {"year": group.year}), version=0)
    if old == value and mark.pk is not None:
        return mark
    if mark.is_credited:
        # A credited mark follows the credit-transfer decision (000 §5.4); only the
        # deputy replaces it, with a reason, and it becomes the school's own mark.
        if access < JournalAccess.CORRECT:
            raise ValidationError(
                f"Отметка зачтена из другой организации ({mark.credit_reference}): "
                "изменить её может только заместитель директора."
            )
        if not reason.strip():
            raise ValidationError(
                "Отметка зачтена из другой организации: укажите причину замены.",
                code="reason_required",
            )
        mark.origin = MarkOrigin.SCHOOL
        mark.credit_source = mark.credit_original = mark.credit_reference = ""
    mark.value, mark.proposed, mark.reason = value, proposed, reason.strip()
    mark.version += 1
    mark.updated_by = actor
    _save_or_conflict(
        mark,
        current=lambda: PeriodMark.objects.filter(**lookup),
        text=lambda found: found.value,
        message=_mark_conflict,
    )
    PeriodMarkChange.objects.create(
        mark=mark,
        changed_by=actor,
        old_value=old,
        new_value=value,
        proposed=proposed,
        reason=reason.strip(),
    )
    return mark


def _proposal(*, learner, subject, group, kind, period) -> str:
    rule = attestation_rule()
    if kind == MarkKind.PERIOD:
        marks = current_marks(learner_ids=[learner.pk], subject_id=subject.pk, period=period)
        return attestation.propose(marks.get(learner.pk, []), rule)
    if kind == MarkKind.YEAR:
        values = PeriodMark.objects.filter(
            learner=learner, subject=subject, kind=MarkKind.PERIOD, period__year=group.year
        ).values_list("value", flat=True)
        return attestation.propose_year(values, rule)
    # The final mark follows the year mark unless the teacher decides otherwise.
    year_mark = PeriodMark.objects.filter(
        learner=learner, subject=subject, kind=MarkKind.YEAR, year=group.year
    ).first()
    return year_mark.value if year_mark else attestation.NOT_ATTESTED


# Closing periods -------------------------------------------------------------------------


@transaction.atomic
def period_close(*, period: StudyPeriod, group: StudyGroup | None, actor) -> PeriodClosure:
    if not has_role(actor, Role.DEPUTY):
        raise PermissionDenied("Закрывает период заместитель директора.")
    existing = PeriodClosure.objects.filter(period=period).filter(
        Q(group__isnull=True) | Q(group=group)
    )
    if existing.exists():
        raise ValidationError("Этот период уже закрыт.")
    return PeriodClosure.objects.create(period=period, group=group, closed_by=actor)


@transaction.atomic
def period_reopen(*, closure: PeriodClosure, actor) -> None:
    if not has_role(actor, Role.DEPUTY):
        raise PermissionDenied("Открывает период заместитель директора.")
    log.info(
        "period reopened: period=%s group=%s by user=%s (closed %s by user=%s)",
        closure.period_id,
        closure.group_id,
        actor.pk,
        closure.closed_at,
        closure.closed_by_id,
    )
    closure.delete()
