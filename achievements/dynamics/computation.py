"""A learner's dynamics (000 §2.2, 003 §2.2.4, 004 §1.4): the mean of current marks by
month and by period for every subject across every year on record, the period, year
and final marks, attendance by month and the confirmed achievements, for a span of
dates.

The means follow the e-diary: numeric marks of a cell («5/4» is two marks), weighted
by the kind of work when the attestation rule is weighted, to two places half up
(``achievements.attestation.average``). A learner who changed class or year is one
series: everything is read by learner and date, never by group.

A fixed number of queries whatever the number of marks, years and subjects: the cells
and the lessons come as rows (a learner has a few thousand at most) or as monthly
counts, and are summed here."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from achievements import attestation
from achievements.models import JournalCell, Lesson, MarkKind, PeriodMark
from achievements.models.portfolio import Achievement, AchievementStatus
from achievements.selectors import attestation_rule
from common.charts import month_label
from learners.models import Enrollment, StudyPeriod, Subject

ABSENCE_CODES = ("н", "б", "уп")
LATE = "оп"
ALL_SUBJECTS = "Все предметы"


@dataclass
class SubjectDynamics:
    subject: Subject
    # One value (or None) per month / per period of the dynamics, in their order.
    by_month: list = field(default_factory=list)
    by_period: list = field(default_factory=list)
    marks_count: int = 0


@dataclass
class YearMarks:
    """A subject's attestation marks of one year: period marks in period order, the
    year mark and the final one; each a PeriodMark or None."""

    subject: Subject
    periods: list = field(default_factory=list)
    year: PeriodMark | None = None
    final: PeriodMark | None = None


@dataclass
class AttendanceMonth:
    label: str
    lessons: int = 0
    absent: dict = field(default_factory=lambda: dict.fromkeys(ABSENCE_CODES, 0))
    late: int = 0

    @property
    def absences(self) -> int:
        return sum(self.absent.values())


@dataclass
class Dynamics:
    start: date
    end: date
    months: list  # (year, month)
    month_labels: list
    periods: list  # StudyPeriod, in date order
    period_labels: list
    subjects: list  # SubjectDynamics, by name
    overall_by_month: list
    overall_by_period: list
    years: list  # (AcademicYear, periods, [YearMarks])
    attendance: list  # AttendanceMonth per month
    achievements: list  # Achievement, by date
    enrollments: list  # Enrollment, by start


def record_span(learner) -> tuple[date, date]:
    """The learner's whole record: from the start of the first academic year they
    were enrolled in to the end of the last one or today, whichever is earlier (today
    when never enrolled)."""
    years = list(
        Enrollment.objects.filter(learner=learner).values_list(
            "group__year__starts_on", "group__year__ends_on"
        )
    )
    today = timezone.localdate()
    if not years:
        return today, today
    start = min(start for start, _ in years)
    # Up to today: the months still ahead have nothing to show.
    return start, max(start, min(today, max(end for _, end in years)))


def learner_dynamics(
    *, learner, start: date, end: date, subject_ids: frozenset[int] | None, achievements: bool
) -> Dynamics:
    """The learner's dynamics from ``start`` to ``end`` (both included). With
    ``subject_ids`` (a subject teacher, learners.access.result_subjects) only those
    subjects, and the attendance of their lessons only; ``achievements`` whether the
    user may see the portfolio."""
    rule = attestation_rule()
    enrollments = list(
        Enrollment.objects.filter(learner=learner)
        .select_related("group", "group__year")
        .order_by("started_on", "pk")
    )
    years = sorted(
        {e.group.year for e in enrollments if e.group.year.starts_on <= end},
        key=lambda y: y.starts_on,
    )
    years = [y for y in years if y.ends_on >= start]
    # The summer between two years is no gap in the series: only months of a year.
    months = [m for m in _months(start, end) if any(_meets(y, m) for y in years)] or _months(
        start, end
    )
    month_index = {m: i for i, m in enumerate(months)}
    periods = list(
        StudyPeriod.objects.filter(
            year__in=[y.pk for y in years], starts_on__lte=end, ends_on__gte=start
        )
        .select_related("year")
        .order_by("starts_on")
    )
    period_index = {p.pk: i for i, p in enumerate(periods)}

    cells = JournalCell.objects.filter(
        learner=learner, lesson__date__gte=start, lesson__date__lte=end
    ).exclude(marks="", attendance="")
    lessons = _lessons_attended(learner, start, end)
    marks = PeriodMark.objects.filter(learner=learner, year__in=[y.pk for y in years])
    subjects = Subject.objects.filter(
        Q(pk__in=cells.values("lesson__subject")) | Q(pk__in=marks.values("subject"))
    )
    if subject_ids is not None:
        cells = cells.filter(lesson__subject__in=subject_ids)
        lessons = lessons.filter(subject__in=subject_ids)
        marks = marks.filter(subject__in=subject_ids)
        subjects = subjects.filter(pk__in=subject_ids)
    rows = {s.pk: SubjectDynamics(subject=s) for s in subjects.order_by("name")}

    month_marks = defaultdict(list)  # (subject or None, month index) -> [(value, weight)]
    period_marks = defaultdict(list)
    attendance = [AttendanceMonth(label=month_label(*m)) for m in months]
    for day, subject_id, period_id, text, code, weight in cells.values_list(
        "lesson__date",
        "lesson__subject_id",
        "lesson__period_id",
        "marks",
        "attendance",
        "lesson__work_kind__weight",
    ):
        at = month_index.get((day.year, day.month))
        if at is None:
            continue
        if code in ABSENCE_CODES:
            attendance[at].absent[code] += 1
        elif code == LATE:
            attendance[at].late += 1
        values = [(Decimal(m), weight) for m in text.split("/") if m.isdigit()]
        if not values or subject_id not in rows:
            continue
        rows[subject_id].marks_count += len(values)
        for key in (subject_id, None):
            month_marks[(key, at)].extend(values)
            if period_id in period_index:
                period_marks[(key, period_index[period_id])].extend(values)
    monthly = (
        lessons.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("pk", distinct=True))
        .values_list("month", "n")
    )
    for month, count in monthly:
        at = month_index.get((month.year, month.month))
        if at is not None:
            attendance[at].lessons = count

    def mean(bucket, key, index):
        values = bucket.get((key, index))
        return attestation.average(values, weighted=rule.weighted) if values else None

    # Months before the first lesson on record and after the last (a year on record
    # through its attestation only, the months still ahead) are no part of a series.
    busy = [i for i, month in enumerate(attendance) if month.lessons or month.late] + [
        i for _, i in month_marks
    ]
    shown_months = range(min(busy), max(busy) + 1) if busy else range(0)
    months = [months[i] for i in shown_months]
    attendance = [attendance[i] for i in shown_months]
    for subject_id, row in rows.items():
        row.by_month = [mean(month_marks, subject_id, i) for i in shown_months]
        row.by_period = [mean(period_marks, subject_id, i) for i in range(len(periods))]

    shown = []
    if achievements:
        shown = list(
            Achievement.objects.filter(
                learner=learner,
                status=AchievementStatus.CONFIRMED,
                date__gte=start,
                date__lte=end,
            )
            .select_related("category")
            .order_by("date", "pk")
        )
    return Dynamics(
        start=start,
        end=end,
        months=months,
        month_labels=[month_label(*m) for m in months],
        periods=periods,
        period_labels=[f"{p.name} {p.year.name}" for p in periods],
        subjects=list(rows.values()),
        overall_by_month=[mean(month_marks, None, i) for i in shown_months],
        overall_by_period=[mean(period_marks, None, i) for i in range(len(periods))],
        years=_year_marks(years, periods, rows, marks),
        attendance=attendance,
        achievements=shown,
        enrollments=enrollments,
    )


def _lessons_attended(learner, start: date, end: date):
    """Lessons of the learner's groups while they were enrolled in them (a learner who
    moved class counts the old class's lessons up to the move, the new one's after)."""
    return Lesson.objects.filter(
        Q(group__enrollments__ended_on__isnull=True)
        | Q(group__enrollments__ended_on__gte=F("date")),
        group__enrollments__learner=learner,
        group__enrollments__started_on__lte=F("date"),
        date__gte=start,
        date__lte=end,
    )


def _year_marks(years, periods, rows, marks) -> list:
    """(year, its periods in the span, [YearMarks per subject with any mark])."""
    by_subject_year: dict = {}
    for mark in marks.select_related("period"):
        if mark.subject_id not in rows:
            continue
        key = (mark.subject_id, mark.year_id)
        by_subject_year.setdefault(key, {})[(mark.kind, mark.period_id)] = mark
    result = []
    for year in years:
        year_periods = [p for p in periods if p.year_id == year.pk]
        lines = []
        for subject_id, row in rows.items():
            found = by_subject_year.get((subject_id, year.pk))
            if not found:
                continue
            lines.append(
                YearMarks(
                    subject=row.subject,
                    periods=[found.get((MarkKind.PERIOD, p.pk)) for p in year_periods],
                    year=found.get((MarkKind.YEAR, None)),
                    final=found.get((MarkKind.FINAL, None)),
                )
            )
        if lines:
            result.append((year, year_periods, lines))
    return result


def _meets(year, month: tuple[int, int]) -> bool:
    first = date(*month, 1)
    return year.starts_on <= date(*month, 28) and first <= year.ends_on


def _months(start: date, end: date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
