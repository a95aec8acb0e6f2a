"""The e-diary by day and week (R-JRN-7): what a family checks every evening — the
lessons of each day with topic, the homework due, the marks with their kind and
weight, and absences. Named apart from ``selectors.diary`` (the per-subject view):
a submodule called ``diary`` would shadow that function on the package."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, Subquery

from achievements.models import Attendance, JournalCell, Lesson
from learners.models import Enrollment

# Monday to Saturday: a six-day week is common at school, so Saturday is always
# shown; Sunday only when a lesson falls on it (a club, a make-up lesson).
SCHOOL_DAYS = 6
WEEKDAYS = ("Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье")


@dataclass
class WeekLesson:
    lesson: Lesson
    marks: str = ""
    attendance: str = ""  # the code: н, б, уп, оп
    # Homework set at the previous lesson of the subject, due at this one.
    due_homework: str = ""
    due_set_on: date | None = None
    # When the homework set at this lesson is due: the next lesson of the subject.
    homework_due_on: date | None = None

    @property
    def attendance_label(self) -> str:
        return Attendance(self.attendance).label if self.attendance else ""


@dataclass
class WeekDay:
    date: date
    name: str
    is_today: bool
    lessons: list[WeekLesson] = field(default_factory=list)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _previous_lessons():
    """Lessons of the same class and subject before the outer lesson, latest first."""
    return (
        Lesson.objects.filter(group=OuterRef("group"), subject=OuterRef("subject"))
        .filter(
            Q(date__lt=OuterRef("date")) | Q(date=OuterRef("date"), number__lt=OuterRef("number"))
        )
        .order_by("-date", "-number")
    )


def _next_lessons():
    return (
        Lesson.objects.filter(group=OuterRef("group"), subject=OuterRef("subject"))
        .filter(
            Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), number__gt=OuterRef("number"))
        )
        .order_by("date", "number")
    )


def with_homework_dates(lessons):
    """Annotate each lesson with the homework due at it (set at the subject's previous
    lesson, and when) and the date the homework set at it is due; no extra queries."""
    previous = _previous_lessons()
    return lessons.annotate(
        due_homework=Subquery(previous.values("homework")[:1]),
        due_set_on=Subquery(previous.values("date")[:1]),
        homework_due_on=Subquery(_next_lessons().values("date")[:1]),
    )


def homework_due_dates(lesson_ids) -> dict[int, date | None]:
    """{lesson id: the date its homework is due}, in one query."""
    return dict(
        Lesson.objects.filter(pk__in=list(lesson_ids))
        .annotate(due_on=Subquery(_next_lessons().values("date")[:1]))
        .values_list("pk", "due_on")
    )


def diary_week(
    *, learner, monday: date, today: date, subject_ids: frozenset[int] | None = None
) -> list[WeekDay]:
    """The learner's week from ``monday``: every lesson of every class or club they
    were enrolled in on that day, with the learner's marks and attendance. Two
    queries whatever the number of lessons. With ``subject_ids`` (a subject teacher's
    view) only those subjects."""
    sunday = monday + timedelta(days=6)
    enrolled = Enrollment.objects.filter(
        learner=learner, group=OuterRef("group"), started_on__lte=OuterRef("date")
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("date")))
    lessons = Lesson.objects.filter(date__range=(monday, sunday)).filter(Exists(enrolled))
    if subject_ids is not None:
        lessons = lessons.filter(subject__in=subject_ids)
    lessons = list(
        with_homework_dates(lessons)
        .select_related("subject", "work_kind")
        .order_by("date", "number", "subject__name")
    )
    cells = {
        cell.lesson_id: cell
        for cell in JournalCell.objects.filter(
            learner=learner, lesson__in=[x.pk for x in lessons]
        ).only("lesson_id", "marks", "attendance")
    }
    days = [
        WeekDay(date=monday + timedelta(days=i), name=WEEKDAYS[i], is_today=False) for i in range(7)
    ]
    for day in days:
        day.is_today = day.date == today
    for lesson in lessons:
        cell = cells.get(lesson.pk)
        days[lesson.date.weekday()].lessons.append(
            WeekLesson(
                lesson=lesson,
                marks=cell.marks if cell else "",
                attendance=cell.attendance if cell else "",
                due_homework=lesson.due_homework or "",
                due_set_on=lesson.due_set_on,
                homework_due_on=lesson.homework_due_on,
            )
        )
    return days[:SCHOOL_DAYS] + [d for d in days[SCHOOL_DAYS:] if d.lessons]
