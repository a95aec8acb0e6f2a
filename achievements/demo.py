"""A believable first term for the demo school (and the benchmark's reference data):
lessons by a weekly timetable with topics and homework, marks drawn around each
learner's own level (mostly 4 and 5, some 3, rare 2), absences, confirmed marks for
the period that is over, which the deputy has closed.

Rows go in with bulk_create; the history rows are written alongside, so every cell
has the entry a teacher's save would have left."""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from achievements import attestation
from achievements.journal.lessons import days_off, timetable_dates
from achievements.models import (
    CellChange,
    JournalCell,
    Lesson,
    MarkKind,
    PeriodClosure,
    PeriodMark,
    PeriodMarkChange,
    WorkKind,
)
from learners.models import (
    AcademicYear,
    CurriculumLine,
    Enrollment,
    ProgrammeLevel,
    Role,
    StudyPeriod,
    TeachingAssignment,
)

TOPICS = {
    "Русский язык": ["Орфограммы в корне слова", "Правописание приставок", "Морфологический разбор",
                     "Сложное предложение", "Знаки препинания при однородных членах",
                     "Правописание -н- и -нн-", "Словосочетание", "Прямая речь"],
    "Литература": ["Басни И. А. Крылова", "А. С. Пушкин. Лирика", "Н. В. Гоголь. Повести",
                   "Образ героя в рассказе", "Выразительное чтение наизусть",
                   "Сочинение по прочитанному", "Л. Н. Толстой. Рассказы"],
    "Математика": ["Натуральные числа", "Дроби и действия с ними", "Десятичные дроби",
                   "Решение текстовых задач", "Проценты", "Уравнения", "Площадь и периметр"],
    "Алгебра": ["Линейные уравнения", "Степень с натуральным показателем", "Многочлены",
                "Формулы сокращённого умножения", "Линейная функция", "Системы уравнений"],
    "Геометрия": ["Треугольники", "Признаки равенства треугольников", "Параллельные прямые",
                  "Окружность", "Задачи на построение", "Подобие треугольников"],
    "Иностранный язык (английский)": ["Present Simple", "My family", "Past Simple",
                                      "School life", "Reading: a short story", "Future forms"],
    "История": ["Древний Египет", "Античная Греция", "Русь в IX–XII веках",
                "Эпоха Возрождения", "Работа с историческим источником"],
    "Физика": ["Механическое движение", "Плотность вещества", "Сила", "Давление",
               "Лабораторная работа", "Работа и мощность"],
    "Биология": ["Клетка", "Ткани растений", "Царство грибов", "Строение цветка",
                 "Лабораторная работа с микроскопом"],
    "Окружающий мир": ["Природа и человек", "Растения родного края", "Вода и её свойства",
                       "Наш город", "Времена года"],
}  # fmt: skip
DAYS = 5  # Monday to Friday
MARKS_PER_PERIOD = 6  # about how many marks a teacher gives each learner in a period


def weekly_timetable(group_subjects: list[tuple[int, int]], rng) -> dict[int, dict[int, list]]:
    """Spread each subject's weekly hours over the school week: {subject_id: {weekday:
    [lesson numbers]}}. Hours go to the least loaded days first, so a day holds five
    to seven lessons."""
    day_load = [0] * DAYS
    timetable: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for subject_id, hours in sorted(group_subjects, key=lambda x: -x[1]):
        days = sorted(range(DAYS), key=lambda d: (day_load[d], rng.random()))
        for i in range(hours):
            day = days[i % DAYS]
            day_load[day] += 1
            timetable[subject_id][day].append(day_load[day])
    return timetable


def draw_mark(level: float, rng) -> str:
    return str(min(5, max(2, round(rng.gauss(level, 0.7)))))


@dataclass
class Term:
    """What the generator reads once and every step shares."""

    today: date
    rng: random.Random
    periods: list
    assignments: list
    enrollments: dict
    levels: dict


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    rng = random.Random(seed)
    periods = list(StudyPeriod.objects.filter(starts_on__lte=today).order_by("starts_on"))
    if not periods:
        return {"lessons": 0, "cells": 0, "period_marks": 0}
    year = periods[-1].year
    periods = [p for p in periods if p.year_id == year.pk]
    term = _term(today=today, rng=rng, year=year, periods=periods)
    lessons = _lessons(term)
    cells = _cells(term, lessons)
    marks = _period_marks(term, lessons, cells, year=year)
    return {"lessons": len(lessons), "cells": len(cells), "period_marks": len(marks)}


def _term(*, today, rng, year, periods) -> Term:
    assignments = list(
        TeachingAssignment.objects.filter(
            group__year=year, group__programme__level__in=ProgrammeLevel.general()
        )
        .select_related("group", "subject", "teacher__user")
        .order_by("group__grade", "group__name", "subject__name")
    )
    enrollments = defaultdict(list)
    for e in Enrollment.objects.filter(group__year=year).select_related("group").order_by("pk"):
        enrollments[e.group_id].append(e)
    levels = {
        e.learner_id: min(4.9, max(2.9, rng.gauss(4.15, 0.45)))
        for group in enrollments.values()
        for e in group
    }
    return Term(today, rng, periods, assignments, enrollments, levels)


def _lessons(term: Term) -> list[Lesson]:
    """The term's lessons by each class's weekly timetable, on the calendar's working
    days up to today."""
    work_kinds = {w.name: w for w in WorkKind.objects.all()}
    hours = {
        (line.programme_id, line.grade, line.subject_id): line.hours
        for line in CurriculumLine.objects.all()
    }
    skipped = days_off(term.periods[0].starts_on, term.periods[-1].ends_on)
    by_group = defaultdict(list)
    for a in term.assignments:
        by_group[a.group_id].append(a)
    lessons: list[Lesson] = []
    for group_assignments in by_group.values():
        group = group_assignments[0].group
        weekly = weekly_timetable(
            [
                (a.subject_id, round(hours[(group.programme_id, group.grade, a.subject_id)] / 34))
                for a in group_assignments
            ],
            term.rng,
        )
        for a in group_assignments:
            slots = [
                (day, number, period)
                for period in term.periods
                for day, number in timetable_dates(period, weekly[a.subject_id], skipped=skipped)
                if day <= term.today
            ]
            lessons.extend(_subject_lessons(term, a, slots, work_kinds))
    Lesson.objects.bulk_create(lessons, batch_size=2000)
    return lessons


def _subject_lessons(term: Term, a, slots, work_kinds) -> list[Lesson]:
    """One journal's lessons: a test every ninth, independent work every fifth."""
    rng = term.rng
    ordinary = [work_kinds["Работа на уроке"], work_kinds["Устный ответ"]]
    control = work_kinds["Контрольная работа"]
    independent = work_kinds["Самостоятельная работа"]
    topics = TOPICS.get(a.subject.name, [])
    lessons = []
    for count, (day, number, period) in enumerate(slots, start=1):
        kind = (
            control if count % 9 == 0
            else independent if count % 5 == 0
            else rng.choice(ordinary)
        )  # fmt: skip
        topic = (
            f"{topics[(count // 3) % len(topics)]}" if topics
            else f"{a.subject.name}: урок {count}"
        )  # fmt: skip
        if kind is control:
            topic = f"Контрольная работа: {topic.lower()}"
        lessons.append(
            Lesson(
                group=a.group, subject=a.subject, period=period, teacher=a.teacher,
                date=day, number=number, work_kind=kind,
                topic=topic if rng.random() > 0.03 else "",
                homework=f"§ {count}, упр. {rng.randint(1, 30)}"
                if rng.random() < 0.7 else "",
            )
        )  # fmt: skip
    return lessons


def _cell(term: Term, enrollment, mark_chance):
    """One learner at one lesson: rare absences, marks around the learner's level."""
    rng = term.rng
    roll = rng.random()
    attendance = ""
    if roll < 0.035:
        attendance = rng.choice(["н", "б", "б", "уп"])
    elif roll < 0.045:
        attendance = "оп"
    marks = ""
    if attendance in ("", "оп") and rng.random() < mark_chance:
        level = term.levels[enrollment.learner_id]
        marks = draw_mark(level, rng)
        if rng.random() < 0.05:
            marks += "/" + draw_mark(level, rng)
    return marks, attendance


def _cells(term: Term, lessons) -> list[JournalCell]:
    teacher_of = {(a.group_id, a.subject_id): a.teacher.user for a in term.assignments}
    # A teacher of a subject with one or two lessons a week asks each learner more
    # often, so that everyone has the marks attestation needs by the period's end.
    journal_lessons = Counter((x.group_id, x.subject_id, x.period_id) for x in lessons)
    cells: list[JournalCell] = []
    for lesson in lessons:
        author = teacher_of[(lesson.group_id, lesson.subject_id)]
        if lesson.work_kind.name == "Контрольная работа":
            mark_chance = 0.85
        else:
            lessons_of = journal_lessons[lesson.group_id, lesson.subject_id, lesson.period_id]
            mark_chance = min(0.7, max(0.22, MARKS_PER_PERIOD / lessons_of))
        for e in term.enrollments[lesson.group_id]:
            if not (
                e.started_on <= lesson.date and (e.ended_on is None or lesson.date <= e.ended_on)
            ):
                continue
            marks, attendance = _cell(term, e, mark_chance)
            if marks or attendance:
                cells.append(
                    JournalCell(lesson=lesson, learner_id=e.learner_id, marks=marks,
                                attendance=attendance, updated_by=author)
                )  # fmt: skip
    JournalCell.objects.bulk_create(cells, batch_size=5000)
    CellChange.objects.bulk_create(
        [
            CellChange(cell=c, changed_by=c.updated_by, new_marks=c.marks,
                       new_attendance=c.attendance)
            for c in cells
        ],
        batch_size=5000,
    )  # fmt: skip
    return cells


def _collected_marks(lessons, cells) -> dict:
    """{(period, subject, learner): [(mark, weight), ...]} of the numeric marks."""
    weights = {lesson.pk: lesson.work_kind.weight for lesson in lessons}
    lesson_key = {lesson.pk: (lesson.period_id, lesson.subject_id) for lesson in lessons}
    collected = defaultdict(list)
    for c in cells:
        for m in c.marks.split("/"):
            if m.isdigit():
                key = (*lesson_key[c.lesson_id], c.learner_id)
                collected[key].append((Decimal(m), weights[c.lesson_id]))
    return collected


def _period_marks(term: Term, lessons, cells, *, year) -> list[PeriodMark]:
    """Periods that are over: the teacher confirmed what the journal proposed, and
    the deputy closed the period for the whole school."""
    User = get_user_model()
    deputy = User.objects.filter(groups__name="Заместитель директора").order_by("pk").first()
    rule = attestation.DEFAULT_RULE
    collected = _collected_marks(lessons, cells)
    marks: list[PeriodMark] = []
    for period in (p for p in term.periods if p.ends_on < term.today):
        for a in term.assignments:
            for e in term.enrollments[a.group_id]:
                if e.ended_on is not None and e.ended_on < period.ends_on:
                    continue
                proposed = attestation.propose(
                    collected.get((period.pk, a.subject_id, e.learner_id), []), rule
                )
                marks.append(
                    PeriodMark(learner_id=e.learner_id, subject=a.subject, year=year,
                               kind=MarkKind.PERIOD, period=period, value=proposed,
                               proposed=proposed, updated_by=a.teacher.user)
                )  # fmt: skip
        if deputy is not None:
            PeriodClosure.objects.create(period=period, group=None, closed_by=deputy)
    PeriodMark.objects.bulk_create(marks, batch_size=5000)
    PeriodMarkChange.objects.bulk_create(
        [
            PeriodMarkChange(mark=m, changed_by=m.updated_by, new_value=m.value,
                             proposed=m.proposed)
            for m in marks
        ],
        batch_size=5000,
    )  # fmt: skip
    return marks


def generate_past(*, today: date, seed: int = 17) -> dict[str, int]:
    """Last year's period and year marks (learners.demo.past built its classes): each
    learner's level drawn once, four quarter marks and the year mark the journal would
    propose from them, as confirmed by the teachers; every quarter closed. No lessons:
    last year's journal is on record through its attestation only."""
    current = AcademicYear.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
    past = (
        AcademicYear.objects.filter(ends_on__lt=current.starts_on).order_by("-starts_on").first()
        if current
        else None
    )
    User = get_user_model()
    deputy = User.objects.filter(groups__name=Role.DEPUTY.label).order_by("pk").first()
    if past is None or deputy is None:
        return {"past_period_marks": 0}
    rng = random.Random(seed + 1)
    periods = list(past.periods.order_by("number"))
    subjects_of = defaultdict(list)
    for programme_id, grade, subject_id in CurriculumLine.objects.values_list(
        "programme_id", "grade", "subject_id"
    ).order_by("subject__name"):
        subjects_of[programme_id, grade].append(subject_id)
    marks: list[PeriodMark] = []
    for e in Enrollment.objects.filter(group__year=past).select_related("group").order_by("pk"):
        level = min(4.9, max(2.9, rng.gauss(4.15, 0.45)))
        for subject_id in subjects_of[e.group.programme_id, e.group.grade]:
            # What the journal proposed from a quarter of marks around the level.
            quarters = [
                attestation.propose(
                    [(Decimal(draw_mark(level, rng)), Decimal(1)) for _ in range(6)],
                    attestation.DEFAULT_RULE,
                )
                for _ in periods
            ]
            marks += [
                PeriodMark(learner_id=e.learner_id, subject_id=subject_id, year=past,
                           kind=MarkKind.PERIOD, period=period, value=value, proposed=value,
                           updated_by=deputy)
                for period, value in zip(periods, quarters, strict=True)
            ]  # fmt: skip
            year_mark = attestation.propose_year(quarters, attestation.DEFAULT_RULE)
            marks.append(
                PeriodMark(learner_id=e.learner_id, subject_id=subject_id, year=past,
                           kind=MarkKind.YEAR, value=year_mark, proposed=year_mark,
                           updated_by=deputy)
            )  # fmt: skip
    PeriodMark.objects.bulk_create(marks, batch_size=5000)
    PeriodMarkChange.objects.bulk_create(
        [PeriodMarkChange(mark=m, changed_by=m.updated_by, new_value=m.value, proposed=m.proposed)
         for m in marks],
        batch_size=5000,
    )  # fmt: skip
    PeriodClosure.objects.bulk_create(
        [PeriodClosure(period=period, group=None, closed_by=deputy) for period in periods]
    )
    return {"past_period_marks": len(marks)}
