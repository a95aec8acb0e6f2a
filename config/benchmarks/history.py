"""Growing the school's history for ``manage.py bench history``: this academic year's
journal copied into past years, with the history tables beside it, inside a
transaction the benchmark rolls back."""

import copy
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client

from achievements.models import Achievement, CellChange, JournalCell, Lesson, PeriodMarkChange
from achievements.selectors import current_period
from credit_transfer.models import Application, ApplicationChange
from learners.models import AcademicYear, Learner, StudyGroup, StudyPeriod
from learners.selectors import current_year


@dataclass
class _ThisYear:
    """This academic year's rows, read once, as the template of every past year."""

    year: AcademicYear
    periods: list
    groups: list
    lessons: list[tuple]
    cells: list[tuple]
    changes: list[tuple]
    mark_changes: list
    achievements: list
    applications: list


def _read_this_year() -> _ThisYear:
    year = current_year()
    # Plain tuples for the journal: a school's year is a hundred thousand cells.
    lesson_fields = ["pk", "group_id", "subject_id", "period_id", "teacher_id", "date"]
    lesson_fields += ["number", "topic", "homework", "work_kind_id"]
    cell_fields = ["pk", "lesson_id", "learner_id", "marks", "attendance", "version"]
    change_fields = ["cell_id", "changed_by_id", "old_marks", "new_marks", "old_attendance"]
    change_fields += ["new_attendance", "reason", "changed_at"]
    return _ThisYear(
        year=year,
        periods=list(StudyPeriod.objects.filter(year=year)),
        groups=list(StudyGroup.objects.filter(year=year)),
        lessons=list(Lesson.objects.filter(group__year=year).values_list(*lesson_fields)),
        cells=list(
            JournalCell.objects.filter(lesson__group__year=year).values_list(
                *cell_fields, "updated_by_id"
            )
        ),
        changes=list(
            CellChange.objects.filter(cell__lesson__group__year=year).values_list(*change_fields)
        ),
        mark_changes=list(PeriodMarkChange.objects.all()),
        achievements=list(Achievement.objects.all()),
        applications=list(Application.objects.exclude(status="draft")),
    )


def _copy_calendar(this: _ThisYear, k: int, shift: timedelta) -> tuple[dict, dict]:
    """The past year with its periods and groups; {this pk: past pk} for each."""
    year = this.year
    past = AcademicYear.objects.create(
        name=f"замер −{k}",
        starts_on=year.starts_on - shift,
        ends_on=year.ends_on - shift,
        period_kind=year.period_kind,
    )
    period_map = {}
    for period in this.periods:
        past_period = twin(period, year=past)
        past_period.starts_on -= shift
        past_period.ends_on -= shift
        past_period.save()
        period_map[period.pk] = past_period.pk
    past_groups = StudyGroup.objects.bulk_create([twin(g, year=past) for g in this.groups])
    group_map = {g.pk: t.pk for g, t in zip(this.groups, past_groups, strict=True)}
    return period_map, group_map


def _copy_journal(this: _ThisYear, shift: timedelta, period_map: dict, group_map: dict) -> None:
    """Lessons, their cells and the cells' history, in the past year's groups."""
    new_lessons = Lesson.objects.bulk_create(
        [
            Lesson(
                group_id=group_map[g], subject_id=s, period_id=period_map[p], teacher_id=t,
                date=d - shift, number=n, topic=topic, homework=hw, work_kind_id=w,
            )
            for _, g, s, p, t, d, n, topic, hw, w in this.lessons
        ],
        batch_size=2000,
    )  # fmt: skip
    lesson_map = {row[0]: new.pk for row, new in zip(this.lessons, new_lessons, strict=True)}
    new_cells = JournalCell.objects.bulk_create(
        [
            JournalCell(
                lesson_id=lesson_map[les], learner_id=ler, marks=m, attendance=a, version=v,
                updated_by_id=u,
            )
            for _, les, ler, m, a, v, u in this.cells
        ],
        batch_size=2000,
    )  # fmt: skip
    cell_map = {row[0]: new.pk for row, new in zip(this.cells, new_cells, strict=True)}
    CellChange.objects.bulk_create(
        [
            CellChange(
                cell_id=cell_map[c], changed_by_id=by, old_marks=om, new_marks=nm,
                old_attendance=oa, new_attendance=na, reason=r, changed_at=at - shift,
            )
            for c, by, om, nm, oa, na, r, at in this.changes
        ],
        batch_size=2000,
    )  # fmt: skip


def _copy_records(this: _ThisYear, k: int, shift: timedelta) -> None:
    """The period-mark history, the portfolio and the credit applications."""
    PeriodMarkChange.objects.bulk_create(
        [twin(change, changed_at=change.changed_at - shift) for change in this.mark_changes],
        batch_size=2000,
    )
    Achievement.objects.bulk_create(
        [twin(a, date=a.date - shift, created_at=a.created_at - shift) for a in this.achievements],
        batch_size=2000,
    )
    copies = Application.objects.bulk_create(
        [twin(a, number=f"H{k}/{i:05d}") for i, a in enumerate(this.applications)]
    )
    ApplicationChange.objects.bulk_create(
        [
            ApplicationChange(
                application=a,
                changed_by_id=a.applicant_id,
                new_status=a.status,
                action="Копия",
                changed_at=a.created_at - shift,
            )
            for a in copies
        ]
    )


def grow_history(factor: int) -> None:
    """Copy this academic year's journal — lessons, cells and their history — into
    ``factor - 1`` past years (a school that has kept its record for a decade), the
    period-mark history, achievements and applications alongside, by bulk_create."""
    this = _read_this_year()
    with keeping_timestamps(
        (CellChange, "changed_at"),
        (PeriodMarkChange, "changed_at"),
        (Achievement, "created_at"),
        (ApplicationChange, "changed_at"),
    ):
        for k in range(1, factor):
            shift = timedelta(days=364 * k)  # whole weeks: lessons keep their weekday
            period_map, group_map = _copy_calendar(this, k, shift)
            _copy_journal(this, shift, period_map, group_map)
            _copy_records(this, k, shift)
    if connection.vendor == "postgresql":
        # Autovacuum would have analysed tables grown tenfold long before anyone
        # opened a page; without statistics the planner would guess at row counts
        # it never sees in life.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE achievements_lesson, achievements_journalcell, "
                "achievements_cellchange, achievements_periodmarkchange, "
                "achievements_achievement, credit_transfer_application"
            )


def fill_family_applications(count: int) -> None:
    """``count`` more applications of the family of the first submitted one (copies of
    it), so that the family's list is a full page before the history grows."""
    source = Application.objects.exclude(status="draft").order_by("pk").first()
    if source is None:
        return
    Application.objects.bulk_create(
        [twin(source, number=f"F/{i:05d}") for i in range(count)], batch_size=500
    )


def twin(instance, **changes):
    """A copy of a model instance to insert as a new row."""
    row = copy.copy(instance)
    row.pk = None
    row._state = copy.copy(instance._state)
    row._state.adding = True
    for name, value in changes.items():
        setattr(row, name, value)
    return row


@contextmanager
def keeping_timestamps(*fields):
    """Let bulk_create keep the creation times it is given: the copied history belongs
    to past years, and auto_now_add would date all of it today."""
    found = [model._meta.get_field(name) for model, name in fields]
    saved = [field.auto_now_add for field in found]
    for field in found:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, value in zip(found, saved, strict=True):
            field.auto_now_add = value


def history_sizes() -> dict[str, int]:
    from achievements.models import Achievement, CellChange, PeriodMarkChange
    from credit_transfer.models import Application

    return {
        "записей журнала": JournalCell.objects.count(),
        "истории отметок": CellChange.objects.count(),
        "истории отметок аттестации": PeriodMarkChange.objects.count(),
        "достижений": Achievement.objects.count(),
        "заявлений": Application.objects.count(),
    }


def page_request(user, url):
    """A request of ``url`` by ``user``, to be timed; made once here, so that the timed
    runs find the templates compiled."""
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    client.get(url)
    return lambda: client.get(url)


def page_measure(request, runs: int) -> tuple[int, float, int]:
    """The statements one ``request`` (from ``page_request``) runs, counted as the
    database driver sees them (the test client's request closes and reopens nothing
    a capture of the connection's log would survive), the median time of ``runs`` more
    and the status of the first."""
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = request()
    times = []
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        request()
        times.append((time.perf_counter() - started) * 1000)
    return len(statements), statistics.median(times), response.status_code


def busiest_journal() -> tuple[StudyPeriod, Lesson]:
    """The current period and the latest lesson of its journal with the most cells:
    the most learners × lessons a teacher opens."""
    year = current_year()
    period = current_period(list(StudyPeriod.objects.filter(year=year).order_by("starts_on")))
    busiest = (
        Lesson.objects.filter(period=period)
        .values("group_id", "subject_id")
        .annotate(n=Count("cells"))
        .order_by("-n", "group_id", "subject_id")
        .first()
    )
    if busiest is None:
        raise CommandError("В текущем периоде нет уроков: сначала demo_school.")
    lesson = (
        Lesson.objects.filter(
            period=period, group_id=busiest["group_id"], subject_id=busiest["subject_id"]
        )
        .select_related("teacher__user", "group", "subject")
        .order_by("-date")
        .first()
    )
    return period, lesson


def journal_url(lesson: Lesson, period: StudyPeriod) -> str:
    return f"/journal/{lesson.group_id}/{lesson.subject_id}/{period.pk}/"


def history_pages() -> dict:
    """{key: (label, request)} for each page, with a user who may open it."""
    users = get_user_model().objects
    deputy = users.filter(username="zavuch").first() or users.filter(is_staff=True).first()
    if deputy is None:
        raise CommandError("Нет заместителя директора: сначала demo_school.")
    superuser = users.filter(is_superuser=True).first() or deputy
    year = current_year()
    fullest_period = (
        StudyPeriod.objects.filter(year=year)
        .annotate(n=Count("lessons__cells"))
        .order_by("-n", "starts_on")
        .first()
    )
    period, lesson = busiest_journal()
    learner = Learner.objects.filter(
        enrollments__group_id=lesson.group_id,
        enrollments__ended_on__isnull=True,
        guardians__isnull=False,
    ).first()
    guardian = users.filter(guardian__learners=learner).first()
    applicant = (
        Application.objects.exclude(status="draft")
        .order_by("pk")
        .values_list("applicant", flat=True)
        .first()
    )
    pages = {
        "journal_index": (
            f"журналы заместителя ({fullest_period.name})",
            page_request(deputy, f"/journal/?period={fullest_period.pk}"),
        ),
        "cell_history_admin": (
            "история отметок (админка)",
            page_request(superuser, "/admin/achievements/cellchange/"),
        ),
        "mark_history_admin": (
            "история отметок аттестации",
            page_request(superuser, "/admin/achievements/periodmarkchange/"),
        ),
        "gifted": ("кандидаты в ГИР", page_request(deputy, "/portfolio/gifted/")),
        "grid": (
            f"журнал {lesson.group} × {lesson.subject}",
            page_request(lesson.teacher.user, journal_url(lesson, period)),
        ),
        "diary": ("электронный дневник", page_request(guardian, f"/diary/{learner.pk}/")),
    }
    if applicant is not None:
        pages["credit_family"] = (
            "заявления семьи",
            page_request(users.get(pk=applicant), "/credit/"),
        )
    return pages
