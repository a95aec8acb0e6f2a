"""The demo's extracurricular activity (R-JRN-12): two courses of the plan of
extracurricular activity — «Разговоры о важном» (зачтено / не зачтено), led by each
class's class teacher, and «Шахматы» (levels В/С/Н), taught by the demo teacher
``uchitel`` — in the classes of the demo family (7А of ``klassruk`` and 3Б) and one
fifth form. Each course is a line of its class's plan, journalled weekly up to today
with attendance and results, and the periods that are over have their period results,
so the demo parent ``roditel`` sees the courses in the diary.

Rows go in with bulk_create like the journal demo (achievements.demo), each with the
history row a teacher's save would have left. Run it after the journal demo."""

import random
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from achievements import attestation
from achievements.journal.lessons import days_off, timetable_dates
from achievements.models import (
    CellChange,
    JournalCell,
    Lesson,
    MarkKind,
    PeriodMark,
    PeriodMarkChange,
    WorkKind,
)
from learners.models import (
    CurriculumLine,
    Enrollment,
    GradingScale,
    ProgrammeLevel,
    Staff,
    StudyGroup,
    StudyPeriod,
    Subject,
    SubjectKind,
    TeachingAssignment,
)

HOURS = 34  # one lesson a week
# Extracurricular lessons come after the lessons of the day.
LESSON_NUMBER = 8
# The result a teacher gives when the course was attended: mostly a pass, a rare fail.
PASS_CHANCE = 0.95
REASON = "Итог курса по наблюдению педагога"
# The result a learner without any result in the period gets for attending.
ATTENDED = {"pass-fail": "зач", "levels": "С"}


@dataclass(frozen=True)
class Course:
    name: str
    scale: str  # GradingScale.code
    weekday: int  # 0 = Monday
    led_by_class_teacher: bool
    topics: tuple[str, ...]


COURSES = (
    Course(
        "Разговоры о важном", "pass-fail", 0, True,
        ("День знаний", "Там, где Россия", "Зоя. К 100-летию со дня рождения",
         "Избирательная система России", "День учителя", "О взаимоотношениях в коллективе",
         "По ту сторону экрана", "День народного единства", "Мы разные, мы вместе"),
    ),
    Course(
        "Шахматы", "levels", 2, False,
        ("Шахматная доска и фигуры", "Ходы фигур", "Шах и мат", "Рокировка",
         "Дебютные принципы", "Простые окончания", "Тактические приёмы: вилка"),
    ),
)  # fmt: skip


def generate(*, today: date, seed: int = 17) -> dict:
    rng = random.Random(seed)
    periods = list(StudyPeriod.objects.filter(starts_on__lte=today).order_by("starts_on"))
    empty = {"extracurricular_courses": 0, "extracurricular_lessons": 0,
             "extracurricular_results": 0}  # fmt: skip
    if not periods:
        return empty
    year = periods[-1].year
    periods = [p for p in periods if p.year_id == year.pk]
    groups = _groups(year)
    uchitel = Staff.objects.filter(user__username="uchitel").first()
    if not groups or uchitel is None:
        return empty
    assignments = []
    for course in COURSES:
        subject = _subject(course)
        for group in groups:
            CurriculumLine.objects.get_or_create(
                programme_id=group.programme_id,
                subject=subject,
                grade=group.grade,
                defaults={"hours": HOURS},
            )
            teacher = (group.class_teacher if course.led_by_class_teacher else None) or uchitel
            assignment, _ = TeachingAssignment.objects.get_or_create(
                group=group, subject=subject, defaults={"teacher": teacher}
            )
            assignments.append((course, assignment))
    lessons = journal_lessons(assignments, periods, today)
    cells = journal_cells(assignments, lessons, rng)
    results = period_results(assignments, periods, today, lessons, cells)
    return {
        "extracurricular_courses": len(COURSES),
        "extracurricular_lessons": len(lessons),
        "extracurricular_results": len(results) + len(cells),
    }


def _groups(year) -> list[StudyGroup]:
    """7А of ``klassruk``, the classes of ``roditel``'s children and the first fifth form."""
    family = Enrollment.objects.filter(
        learner__guardianships__guardian__user__username="roditel", group__year=year
    ).values("group")
    general = StudyGroup.objects.filter(year=year, programme__level__in=ProgrammeLevel.general())
    chosen = list(
        general.filter(
            Q(class_teacher__user__username="klassruk") | Q(pk__in=family)
        ).select_related("class_teacher")
    )
    fifth = general.filter(grade=5).order_by("name").select_related("class_teacher").first()
    if fifth is not None and fifth not in chosen:
        chosen.append(fifth)
    return sorted(chosen, key=lambda g: (g.grade, g.name))


def _subject(course: Course) -> Subject:
    subject, _ = Subject.objects.get_or_create(
        name=course.name,
        defaults={
            "kind": SubjectKind.EXTRACURRICULAR,
            "grading_scale": GradingScale.objects.get(code=course.scale),
        },
    )
    return subject


def journal_lessons(assignments, periods, today) -> list[Lesson]:
    work_kind = WorkKind.objects.get(name="Работа на уроке")
    skipped = days_off(periods[0].starts_on, periods[-1].ends_on)
    lessons = []
    for course, a in assignments:
        slots = [
            (day, number, period)
            for period in periods
            for day, number in timetable_dates(
                period, {course.weekday: [LESSON_NUMBER]}, skipped=skipped
            )
            if day <= today
        ]
        for count, (day, number, period) in enumerate(slots):
            lessons.append(
                Lesson(group=a.group, subject=a.subject, period=period, teacher=a.teacher,
                       date=day, number=number, work_kind=work_kind,
                       topic=course.topics[count % len(course.topics)])
            )  # fmt: skip
    Lesson.objects.bulk_create(lessons, batch_size=2000)
    return lessons


def _roster(group_ids) -> dict[int, list[Enrollment]]:
    roster: dict[int, list[Enrollment]] = {}
    for e in Enrollment.objects.filter(group__in=group_ids).order_by("pk"):
        roster.setdefault(e.group_id, []).append(e)
    return roster


def _level(rng) -> str:
    return rng.choices(["В", "С", "Н"], weights=[5, 4, 1])[0]


def journal_cells(assignments, lessons, rng) -> list[JournalCell]:
    """Attendance at every lesson (rare absences) and a result now and then."""
    roster = _roster({a.group_id for _, a in assignments})
    scale_of = {a.subject_id: course.scale for course, a in assignments}
    author = {(a.group_id, a.subject_id): a.teacher.user_id for _, a in assignments}
    cells = []
    for lesson in lessons:
        for e in roster.get(lesson.group_id, []):
            if not (
                e.started_on <= lesson.date and (e.ended_on is None or lesson.date <= e.ended_on)
            ):
                continue
            attendance = rng.choice(["н", "б", "уп"]) if rng.random() < 0.04 else ""
            marks = ""
            if not attendance and rng.random() < 0.25:
                if scale_of[lesson.subject_id] == "levels":
                    marks = _level(rng)
                else:
                    marks = "зач" if rng.random() < PASS_CHANCE else "незач"
            if marks or attendance:
                cells.append(
                    JournalCell(lesson=lesson, learner_id=e.learner_id, marks=marks,
                                attendance=attendance,
                                updated_by_id=author[(lesson.group_id, lesson.subject_id)])
                )  # fmt: skip
    JournalCell.objects.bulk_create(cells, batch_size=5000)
    CellChange.objects.bulk_create(
        [CellChange(cell=c, changed_by_id=c.updated_by_id, new_marks=c.marks,
                    new_attendance=c.attendance) for c in cells],
        batch_size=5000,
    )  # fmt: skip
    return cells


def period_results(assignments, periods, today, lessons, cells) -> list[PeriodMark]:
    """The period results of the periods that are over. The teacher confirms what the
    journal proposes, the latest result of the period (attestation.propose_latest); a
    learner with no result at all gets one for attending (ATTENDED), with the teacher's
    reason, as the period-mark service asks."""
    roster = _roster({a.group_id for _, a in assignments})
    lesson_of = {lesson.pk: lesson for lesson in lessons}
    results: dict[tuple, list] = {}
    for cell in sorted(cells, key=lambda c: (lesson_of[c.lesson_id].date, c.lesson_id)):
        lesson = lesson_of[cell.lesson_id]
        key = (lesson.period_id, lesson.subject_id, cell.learner_id)
        results.setdefault(key, []).append(cell.marks)
    marks = []
    for period in (p for p in periods if p.ends_on < today):
        for course, a in assignments:
            for e in roster.get(a.group_id, []):
                if e.started_on > period.ends_on or (
                    e.ended_on is not None and e.ended_on < period.ends_on
                ):
                    continue
                proposed = attestation.propose_latest(
                    results.get((period.pk, a.subject_id, e.learner_id), [])
                )
                value, reason = proposed, ""
                if proposed == attestation.NOT_ATTESTED:
                    value, reason = ATTENDED[course.scale], REASON
                marks.append(
                    PeriodMark(learner_id=e.learner_id, subject=a.subject, year=period.year,
                               kind=MarkKind.PERIOD, period=period, value=value,
                               proposed=proposed, reason=reason,
                               updated_by_id=a.teacher.user_id)
                )  # fmt: skip
    PeriodMark.objects.bulk_create(marks, batch_size=5000)
    PeriodMarkChange.objects.bulk_create(
        [PeriodMarkChange(mark=m, changed_by_id=m.updated_by_id, new_value=m.value,
                          proposed=m.proposed, reason=m.reason) for m in marks],
        batch_size=5000,
    )  # fmt: skip
    return marks
