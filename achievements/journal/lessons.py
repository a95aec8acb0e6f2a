"""Lessons of a journal: one at a time, or a period's worth from a weekly timetable
on the working days of the production calendar."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from achievements import selectors
from achievements.models import Lesson, WorkKind
from learners.access import JournalAccess, journal_access
from learners.calendar import WorkingCalendar
from learners.models import StudyGroup, StudyPeriod, Subject
from learners.terms import current_terms


def _check_lesson_slot(*, group: StudyGroup, period: StudyPeriod, day: date):
    if not period.starts_on <= day <= period.ends_on:
        raise ValidationError(
            f"Дата {day:%d.%m.%Y} вне периода «{period.name}» "
            f"({period.starts_on:%d.%m.%Y}–{period.ends_on:%d.%m.%Y})."
        )
    if selectors.is_closed(period=period, group=group):
        raise ValidationError(
            f"Период закрыт: добавлять и менять {current_terms()['lessons']} нельзя."
        )


def _require_teacher(actor, group, subject) -> None:
    if journal_access(actor, group_id=group.pk, subject_id=subject.pk) < JournalAccess.WRITE:
        words = current_terms()
        raise PermissionDenied(
            f"{words['Lessons']} в этот журнал вносит {words['teacher']}, который его ведёт."
        )


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
    _check_lesson_slot(group=group, period=period, day=day)
    lesson = lesson or Lesson(group=group, subject=subject, period=period)
    lesson.date, lesson.number = day, number
    lesson.topic, lesson.homework, lesson.work_kind = topic.strip(), homework.strip(), work_kind
    lesson.teacher = getattr(actor, "staff", None)
    try:
        with transaction.atomic():
            lesson.save()
    except IntegrityError as error:
        ordinal = current_terms()["lesson_ordinal"].format(number=number)
        raise ValidationError(f"{ordinal} {day:%d.%m.%Y} в этом журнале уже есть.") from error
    return lesson


def days_off(start: date, end: date) -> set[date]:
    """The days between start and end that the production calendar (as the deputy
    edited it) makes non-working: holidays and moved days off. A Saturday made a
    working day is not among them, nor is a plain Saturday: whether a class has
    lessons on a Saturday is the weekly timetable's business."""
    calendar = WorkingCalendar(start, end)
    return {day for day in calendar.special if not calendar.is_working(day)}


def timetable_dates(period: StudyPeriod, weekly: dict[int, list[int]], *, skipped=()):
    """(date, lesson number) for each weekday in the period that the pattern names
    (0 = Monday), skipping the given non-working days."""
    day = period.starts_on
    while day <= period.ends_on:
        if day not in skipped:
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
    """Create the period's lessons from a weekly timetable, skipping the calendar's
    non-working days and slots that already have a lesson. Returns how many were
    created."""
    _require_teacher(actor, group, subject)
    _check_lesson_slot(group=group, period=period, day=period.starts_on)
    if not any(weekly.values()):
        raise ValidationError(
            f"В расписании недели не отмечено ни одного {current_terms()['lesson_gen']}."
        )
    taken = set(
        Lesson.objects.filter(group=group, subject=subject, period=period).values_list(
            "date", "number"
        )
    )
    staff = getattr(actor, "staff", None)
    skipped = days_off(period.starts_on, period.ends_on)
    lessons = [
        Lesson(
            group=group, subject=subject, period=period, teacher=staff,
            date=day, number=number, work_kind=work_kind,
        )
        for day, number in timetable_dates(period, weekly, skipped=skipped)
        if (day, number) not in taken
    ]  # fmt: skip
    Lesson.objects.bulk_create(lessons)
    return len(lessons)
