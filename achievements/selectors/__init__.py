"""Reads for the journal grid, the e-diary and the deputy's overview. Each keeps a
fixed number of queries whatever the number of learners and lessons."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, StringAgg, Subquery, Sum, Value
from django.db.models.functions import Length, Replace
from django.utils import timezone

from achievements import attestation
from achievements.models import (
    AttestationRule,
    CellChange,
    Exemption,
    JournalCell,
    Lesson,
    MarkKind,
    PeriodClosure,
    PeriodMark,
)
from achievements.selectors.modules import by_modules, module_marks, propose_module
from learners import selectors as learner_selectors
from learners.access import JournalAccess, journal_access, refuse
from learners.models import (
    CurriculumLine,
    Enrollment,
    ScaleValue,
    StudyGroup,
    StudyPeriod,
    Subject,
    SubjectKind,
)


def attestation_rule() -> attestation.Rule:
    rule = AttestationRule.objects.first()
    return attestation.DEFAULT_RULE if rule is None else attestation.Rule.of(rule)


def allowed_codes_subquery(scale_ref: str):
    """The enabled, ordinary codes of a grading scale joined by «|», as a subquery."""
    return Subquery(
        ScaleValue.objects.filter(scale=OuterRef(scale_ref), is_enabled=True, is_special=False)
        .values("scale")
        .annotate(codes=StringAgg("code", delimiter=Value("|")))
        .values("codes")
    )


def allowed_codes(subject: Subject) -> set[str]:
    return set(
        subject.grading_scale.values.filter(is_enabled=True, is_special=False).values_list(
            "code", flat=True
        )
    )


def is_closed(*, period: StudyPeriod, group: StudyGroup) -> bool:
    """Whether the period is closed for the group now (a reopened closure no longer
    counts)."""
    return PeriodClosure.objects.covering(period=period, group=group).exists()


def closures_in_force(*, year) -> dict[tuple[int, int | None], PeriodClosure]:
    """{(period id, group id or None): closure} of the year's periods closed now."""
    return {
        (c.period_id, c.group_id): c
        for c in PeriodClosure.objects.in_force()
        .filter(period__year=year)
        .select_related("closed_by")
    }


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


def proposed_mark(*, learner, subject, group, kind, period) -> str:
    """What the journal proposes as the learner's period, year or final mark."""
    rule = attestation_rule()
    numeric = subject.grading_scale.kind in attestation.NUMERIC_SCALES
    if kind == MarkKind.YEAR and by_modules(group):
        marks = module_marks(learner_ids=[learner.pk], subject_id=subject.pk, group=group)
        return propose_module(subject.grading_scale.kind, marks.get(learner.pk, []), rule)
    if kind == MarkKind.PERIOD and not numeric:
        results = JournalCell.objects.filter(
            learner=learner, lesson__subject=subject, lesson__period=period
        ).order_by("lesson__date", "lesson__number")
        return attestation.propose_latest(
            code for marks in results.values_list("marks", flat=True) for code in marks.split("/")
        )
    if kind == MarkKind.PERIOD:
        marks = current_marks(learner_ids=[learner.pk], subject_id=subject.pk, period=period)
        return attestation.propose(marks.get(learner.pk, []), rule)
    if kind == MarkKind.YEAR:
        values = (
            PeriodMark.objects.filter(
                learner=learner, subject=subject, kind=MarkKind.PERIOD, period__year=group.year
            )
            .order_by("period__starts_on")
            .values_list("value", flat=True)
        )
        return attestation.propose_year_on(subject.grading_scale.kind, values, rule)
    # The final mark follows the year mark unless the teacher decides otherwise.
    year_mark = PeriodMark.objects.filter(
        learner=learner, subject=subject, kind=MarkKind.YEAR, year=group.year
    ).first()
    return year_mark.value if year_mark else attestation.NOT_ATTESTED


def year_periods(*, period_id: int, group_id: int) -> list[StudyPeriod]:
    """All periods of the year that holds ``period_id``, each knowing whether it is
    closed for the group."""
    closed = PeriodClosure.objects.covering(period=OuterRef("pk"), group=group_id)
    return list(
        StudyPeriod.objects.filter(year__periods=period_id)
        .select_related("year")
        .annotate(is_closed=Exists(closed))
        .order_by("starts_on")
    )


def subject_with_scale(subject_id: int) -> Subject | None:
    return (
        Subject.objects.select_related("grading_scale")
        .annotate(allowed_codes=allowed_codes_subquery("grading_scale"))
        .filter(pk=subject_id)
        .first()
    )


def overlapping(period: StudyPeriod, start: str = "starts_on", end: str = "ends_on") -> Q:
    """Rows whose [start, end] span (end empty = still running) meets the period."""
    return Q(**{f"{start}__lte": period.ends_on}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": period.starts_on})
    )


def period_roster(group: StudyGroup, period: StudyPeriod) -> list[Enrollment]:
    """Enrollments in the group during the period, one per learner, alphabetically:
    a learner who left mid-period stays on the list with the dates they were there."""
    enrollments = (
        Enrollment.objects.filter(group=group)
        .filter(overlapping(period, "started_on", "ended_on"))
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "learner__patronymic", "started_on")
    )
    seen, roster = set(), []
    for enrollment in enrollments:
        if enrollment.learner_id not in seen:
            seen.add(enrollment.learner_id)
            roster.append(enrollment)
    return roster


EMPTY = ("", "", 0)


@dataclass(slots=True)
class GridCell:
    lesson: Lesson
    text: str = ""
    version: int = 0
    exempt: bool = False
    present: bool = True


@dataclass
class GridRow:
    enrollment: Enrollment
    cells: list[GridCell] = field(default_factory=list)
    mean: Decimal | None = None
    proposed: str = ""
    mark: PeriodMark | None = None

    @property
    def learner(self):
        return self.enrollment.learner


@dataclass
class Grid:
    group: StudyGroup
    subject: Subject
    period: StudyPeriod
    periods: list[StudyPeriod]
    lessons: list[Lesson]
    rows: list[GridRow]
    rule: attestation.Rule
    allowed_codes: list[str]

    @property
    def credited(self) -> list[GridRow]:
        return [row for row in self.rows if row.mark is not None and row.mark.is_credited]


def journal_grid(*, group: StudyGroup, subject: Subject, period: StudyPeriod, periods) -> Grid:
    lessons = list(
        Lesson.objects.filter(group=group, subject=subject, period=period)
        .select_related("work_kind")
        .order_by("date", "number")
    )
    roster = period_roster(group, period)
    learner_ids = [e.learner_id for e in roster]
    # Plain tuples: a full quarter is over a thousand cells, and model instances
    # cost more than the query.
    cells = {
        (lesson_id, learner_id): (marks, attendance, version)
        for lesson_id, learner_id, marks, attendance, version in JournalCell.objects.filter(
            lesson__group=group, lesson__subject=subject, lesson__period=period
        ).values_list("lesson_id", "learner_id", "marks", "attendance", "version")
    }
    period_marks = {
        m.learner_id: m
        for m in PeriodMark.objects.filter(
            learner_id__in=learner_ids, subject=subject, kind=MarkKind.PERIOD, period=period
        )
    }
    exemptions: dict[int, list] = defaultdict(list)
    for exemption in Exemption.objects.filter(learner_id__in=learner_ids, subject=subject).filter(
        overlapping(period)
    ):
        exemptions[exemption.learner_id].append(exemption)
    rule = attestation_rule()
    numeric = subject.grading_scale.kind in attestation.NUMERIC_SCALES
    columns = [(lesson, lesson.pk, lesson.date, lesson.work_kind.weight) for lesson in lessons]
    rows = [
        _grid_row(
            enrollment,
            columns,
            cells,
            exemptions.get(enrollment.learner_id, ()),
            period_marks.get(enrollment.learner_id),
            rule,
            numeric=numeric,
        )
        for enrollment in roster
    ]
    allowed = sorted((subject.allowed_codes or "").split("|"), reverse=True)
    return Grid(group, subject, period, list(periods), lessons, rows, rule, allowed)


def _grid_row(enrollment, columns, cells, spans, mark, rule, *, numeric=True) -> GridRow:
    """One learner's row: a cell per lesson, the mean and the proposed period mark.
    The loop runs once per cell (over a thousand for a full quarter): it works on
    plain values read once per lesson, not on model attributes."""
    learner_id = enrollment.learner_id
    started, ended = enrollment.started_on, enrollment.ended_on
    row = GridRow(enrollment=enrollment, mark=mark)
    digits, codes = [], []
    for lesson, lesson_id, day, weight in columns:
        marks, attendance, version = cells.get((lesson_id, learner_id), EMPTY)
        row.cells.append(
            GridCell(
                lesson,
                f"{attendance}/{marks}" if attendance and marks else attendance or marks,
                version,
                bool(spans)
                and any(
                    e.starts_on <= day and (e.ends_on is None or day <= e.ends_on) for e in spans
                ),
                started <= day and (ended is None or day <= ended),
            )
        )
        if marks and numeric:
            digits.extend((Decimal(m), weight) for m in marks.split("/") if m.isdigit())
        elif marks:
            codes.extend(marks.split("/"))
    row.mean = attestation.average(digits, weighted=rule.weighted)
    # A credited mark stands for the period: the journal has nothing to propose.
    if row.mark is not None and row.mark.is_credited:
        row.proposed = ""
    elif numeric:
        row.proposed = attestation.propose(digits, rule)
    else:
        row.proposed = attestation.propose_latest(codes)
    return row


def journal_completeness(*, year, period: StudyPeriod | None, min_marks: int):
    """Per journal (group × subject) of the year: lessons, lessons without a topic
    (``stats``), and how many learners have at least ``min_marks`` marks in the period
    (``enough``). Two queries, one row per journal, whatever the number of marks."""
    lessons = (
        Lesson.objects.filter(group__year=year, period=period)
        .values("group_id", "subject_id")
        .annotate(total=Count("pk"), untitled=Count("pk", filter=Q(topic="")))
    )
    stats = {(r["group_id"], r["subject_id"]): r for r in lessons}
    # The database counts: a cell's text "5/4" holds one mark more than it has slashes,
    # so length minus length-without-slashes plus one is its number of marks. Pulling
    # every mark of the period into Python (~46,000 rows at school scale) cost ~1 ms per
    # 1,000 marks; a stored count beside the text would be one more thing every save
    # must keep right, for a page the deputy opens a few times a day.
    per_learner = (
        JournalCell.objects.filter(lesson__group__year=year, lesson__period=period)
        .exclude(marks="")
        .values(
            journal_group=F("lesson__group_id"),
            journal_subject=F("lesson__subject_id"),
            journal_learner=F("learner_id"),
        )
        .annotate(marks_n=Sum(Length("marks") - Length(Replace("marks", Value("/"))) + 1))
        .filter(marks_n__gte=min_marks)
    )
    # Counting the learners of each journal is an aggregate over that aggregate, which
    # the ORM does not express: the grouped query above becomes a derived table.
    sql, params = per_learner.query.sql_with_params()
    with connections[per_learner.db].cursor() as cursor:
        cursor.execute(
            "SELECT journal_group, journal_subject, COUNT(*) "
            f"FROM ({sql}) per_learner GROUP BY journal_group, journal_subject",
            params,
        )
        enough = {(group_id, subject_id): n for group_id, subject_id, n in cursor.fetchall()}
    return stats, enough


@dataclass
class DiarySubject:
    subject: Subject
    marks: list = field(default_factory=list)  # (lesson, cell text)
    mean: Decimal | None = None
    period_mark: str = ""
    year_mark: str = ""
    # What a credited mark came from (000 §5.2): shown beside it, never mixed up.
    period_credit: str = ""
    year_credit: str = ""
    exempt: bool = False


def diary(*, learner, period_id=None, subject_ids: frozenset[int] | None = None) -> dict:
    """Everything a family sees for one learner and period, read-only (R-JRN-7):
    marks by subject with means, attestation marks, attendance and homework. With
    ``subject_ids`` (a subject teacher's view, learners.access.result_subjects) only
    those subjects, and only their lessons' attendance and homework."""
    enrollment = learner_selectors.current_enrollment(learner, ended_too=True)
    if enrollment is None:
        return {"enrollment": None}
    group = enrollment.group
    periods = list(StudyPeriod.objects.filter(year=group.year_id).order_by("starts_on"))
    period = next((p for p in periods if str(p.pk) == str(period_id)), None) or (
        current_period(periods)
    )
    curriculum = CurriculumLine.objects.filter(programme=group.programme_id, grade=group.grade)
    lessons = Lesson.objects.filter(group=group, period=period)
    marks = PeriodMark.objects.filter(learner=learner, year=group.year_id)
    exemptions = Exemption.objects.filter(learner=learner)
    if subject_ids is not None:
        curriculum = curriculum.filter(subject__in=subject_ids)
        lessons = lessons.filter(subject__in=subject_ids)
        marks = marks.filter(subject__in=subject_ids)
        exemptions = exemptions.filter(subject__in=subject_ids)
    subjects = {
        line.subject_id: DiarySubject(subject=line.subject)
        for line in curriculum.select_related("subject").order_by("subject__name")
    }
    lessons = list(lessons.select_related("subject", "work_kind").order_by("date", "number"))
    cells = {
        c.lesson_id: c
        for c in JournalCell.objects.filter(learner=learner, lesson__in=[x.pk for x in lessons])
    }
    attendance = _diary_marks(subjects, lessons, cells, rule=attestation_rule())
    _diary_attestation(subjects, marks, period=period)
    if period is not None:
        for exemption in exemptions.filter(overlapping(period)):
            if exemption.subject_id in subjects:
                subjects[exemption.subject_id].exempt = True
    homework = [x for x in lessons if x.homework][-10:]
    # Courses of extracurricular activity get their own section (000 §3.2.2), away
    # from the subjects' means.
    extra = SubjectKind.EXTRACURRICULAR
    return {
        "enrollment": enrollment,
        "periods": periods,
        "period": period,
        "subjects": [row for row in subjects.values() if row.subject.kind != extra],
        "courses": [row for row in subjects.values() if row.subject.kind == extra],
        "attendance": attendance,
        "homework": list(reversed(homework)),
    }


def _diary_marks(subjects: dict, lessons, cells, *, rule) -> dict[str, int]:
    """Put each lesson's marks under its subject with the subject's mean; return the
    attendance codes counted."""
    attendance = defaultdict(int)
    numeric = defaultdict(list)
    for lesson in lessons:
        row = subjects.setdefault(lesson.subject_id, DiarySubject(subject=lesson.subject))
        cell = cells.get(lesson.pk)
        if cell is None:
            continue
        if cell.attendance:
            attendance[cell.attendance] += 1
        if cell.marks:
            row.marks.append((lesson, cell.marks))
            numeric[lesson.subject_id].extend(
                (Decimal(m), lesson.work_kind.weight) for m in cell.marks.split("/") if m.isdigit()
            )
    for subject_id, values in numeric.items():
        subjects[subject_id].mean = attestation.average(values, weighted=rule.weighted)
    return dict(attendance)


def _diary_attestation(subjects: dict, marks, *, period) -> None:
    for mark in marks:
        row = subjects.get(mark.subject_id)
        if row is None:
            continue
        if mark.kind == MarkKind.PERIOD and mark.period_id == getattr(period, "pk", None):
            row.period_mark, row.period_credit = mark.value, mark.credit_note
        elif mark.kind == MarkKind.YEAR:
            row.year_mark, row.year_credit = mark.value, mark.credit_note


def cell_history_for_user(user, *, lesson_id: int, learner_id: int):
    """(lesson, learner, changes) of one journal cell, for someone who may read that
    journal, and only for a learner who was in that class: anything else is refused
    like a foreign object (404, logged), so ids cannot be walked to read a roster."""
    lesson = Lesson.objects.select_related("subject", "group").filter(pk=lesson_id).first()
    if (
        lesson is None
        or journal_access(user, group_id=lesson.group_id, subject_id=lesson.subject_id)
        < JournalAccess.READ
    ):
        raise refuse(user, "journal_cell", f"{lesson_id}/{learner_id}")
    enrollment = (
        Enrollment.objects.filter(learner_id=learner_id, group_id=lesson.group_id)
        .select_related("learner")
        .first()
    )
    if enrollment is None:
        raise refuse(user, "journal_cell", f"{lesson_id}/{learner_id}")
    changes = (
        CellChange.objects.filter(cell__lesson=lesson, cell__learner_id=learner_id)
        .select_related("changed_by")
        .order_by("-changed_at", "-pk")
    )
    return lesson, enrollment.learner, changes


def current_period(periods):
    today = timezone.localdate()
    for period in periods:
        if period.starts_on <= today <= period.ends_on:
            return period
    started = [p for p in periods if p.starts_on <= today]
    return started[-1] if started else (periods[0] if periods else None)
