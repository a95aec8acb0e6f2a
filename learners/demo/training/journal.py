"""The training groups' journal (004 §2.5): «журнал ведёт преподаватель, проставляя
информацию о посещении занятий и выполнении обучающимися предусмотренных учебным
планом заданий». Each group studies its modules one after another by its weekly
timetable; a lesson is a pair (two academic hours). Lectures record attendance only;
a lesson of the kind «Практическое задание» records whether each listener did the
assignment — on the module's own scale, since the journal checks a mark against the
subject's scale: «зач»/«незач» in the protection of labour course, 5/4/3 in the
retraining, «зач»/«незач» in its practice. A module whose last lesson is over has its
result (the year mark of the subject), as the teacher confirmed what the journal
proposed.

Rows go in with bulk_create, each with the history row a teacher's save would leave,
like the school's journal demo (achievements.demo)."""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from achievements import attestation
from achievements.journal.lessons import days_off
from achievements.models import (
    CellChange,
    JournalCell,
    Lesson,
    MarkKind,
    PeriodMark,
    PeriodMarkChange,
    WorkKind,
)
from learners.models import AcademicYear, Enrollment, SubjectKind, TeachingAssignment

LECTURE = ("Лекция", "Лек", Decimal("1.0"))
ASSIGNMENT = ("Практическое задание", "ПЗ", Decimal("1.5"))
ABSENCE = 0.05
DONE = 0.93  # an assignment done (зачтено), when the listener was there to do it


def _work_kinds() -> tuple[WorkKind, WorkKind]:
    kinds = []
    for order, (name, short, weight) in enumerate((LECTURE, ASSIGNMENT), start=20):
        kind, _ = WorkKind.objects.get_or_create(
            name=name, defaults={"short_name": short, "weight": weight, "order": order}
        )
        kinds.append(kind)
    return kinds[0], kinds[1]


def schedule(course, first_day: date, skipped) -> list[tuple[date, int, object, int]]:
    """Every lesson of the group's programme: (date, number, module, index in module),
    the modules one after another on the working days of the timetable."""
    slots = []
    day = first_day
    needed = sum(m.hours for m in course.modules) // 2
    while len(slots) < needed:
        if day not in skipped and day.weekday() in course.timetable:
            slots += [(day, n) for n in range(1, course.timetable[day.weekday()] + 1)]
        day += timedelta(days=1)
    lessons = []
    for module in course.modules:
        for index in range(module.hours // 2):
            day, number = slots[len(lessons)]
            lessons.append((day, number, module, index))
    return lessons


def generate(courses, *, first_day, today: date, seed: int) -> dict[str, int]:
    rng = random.Random(f"training-journal-{seed}")
    year = AcademicYear.objects.get()
    periods = list(year.periods.order_by("starts_on"))
    lecture, assignment = _work_kinds()
    skipped = days_off(year.starts_on, year.ends_on)
    assigned = {
        (a.group.name, a.subject.name): a
        for a in TeachingAssignment.objects.select_related(
            "group", "subject__grading_scale", "teacher"
        )
    }
    lessons, ended = [], []
    for course in courses:
        plan = schedule(course, first_day(course, today), skipped)
        last_day = {}
        for day, _, module, _ in plan:
            last_day[module.name] = day
        ended += [
            assigned[course.group, m.name] for m in course.modules if last_day[m.name] < today
        ]
        for day, number, module, index in (x for x in plan if x[0] <= today):
            a = assigned[course.group, module.name]
            count = module.hours // 2
            practical = module.kind == SubjectKind.PRACTICE or index % 3 == 2 or index == count - 1
            lessons.append(
                Lesson(
                    group=a.group, subject=a.subject, teacher=a.teacher, date=day, number=number,
                    period=next(p for p in periods if p.starts_on <= day <= p.ends_on),
                    work_kind=assignment if practical else lecture,
                    topic=module.topics[index * len(module.topics) // count],
                )
            )  # fmt: skip
    Lesson.objects.bulk_create(lessons)
    cells = _cells(lessons, assigned, assignment, rng)
    results = _module_results(ended, lessons, cells, year)
    return {"lessons": len(lessons), "cells": len(cells), "module_results": len(results)}


def _roster() -> dict[int, list[Enrollment]]:
    roster = defaultdict(list)
    for e in Enrollment.objects.order_by("pk"):
        roster[e.group_id].append(e)
    return roster


def _cells(lessons, assigned, assignment, rng) -> list[JournalCell]:
    roster = _roster()
    scale_of = {a.subject_id: a.subject.grading_scale.code for a in assigned.values()}
    cells = []
    for lesson in lessons:
        for e in roster[lesson.group_id]:
            attendance = rng.choice(["н", "б", "уп"]) if rng.random() < ABSENCE else ""
            marks = ""
            if not attendance and lesson.work_kind_id == assignment.pk:
                if scale_of[lesson.subject_id] == "five-point":
                    marks = rng.choices(["5", "4", "3"], weights=[5, 4, 1])[0]
                else:
                    marks = "зач" if rng.random() < DONE else "незач"
            if marks or attendance:
                cells.append(
                    JournalCell(lesson=lesson, learner_id=e.learner_id, marks=marks,
                                attendance=attendance, updated_by_id=lesson.teacher.user_id)
                )  # fmt: skip
    JournalCell.objects.bulk_create(cells, batch_size=5000)
    CellChange.objects.bulk_create(
        [CellChange(cell=c, changed_by_id=c.updated_by_id, new_marks=c.marks,
                    new_attendance=c.attendance) for c in cells],
        batch_size=5000,
    )  # fmt: skip
    return cells


def _module_results(ended, lessons, cells, year) -> list[PeriodMark]:
    """The result of each module that is over: what the journal proposes — the mean of
    the assignments on five points, the latest result on a credit scale."""
    lesson_of = {lesson.pk: lesson for lesson in lessons}
    collected = defaultdict(list)
    for cell in sorted(cells, key=lambda c: (lesson_of[c.lesson_id].date, c.lesson_id)):
        if cell.marks:
            lesson = lesson_of[cell.lesson_id]
            collected[lesson.subject_id, cell.learner_id].append(
                (cell.marks, lesson.work_kind.weight)
            )
    roster = _roster()
    marks = []
    for a in ended:
        numeric = a.subject.grading_scale.code == "five-point"
        for e in roster[a.group_id]:
            got = collected[a.subject_id, e.learner_id]
            if numeric:
                proposed = attestation.propose(
                    [(Decimal(m), w) for m, w in got], attestation.DEFAULT_RULE
                )
            else:
                proposed = attestation.propose_latest(m for m, _ in got)
            marks.append(
                PeriodMark(learner_id=e.learner_id, subject=a.subject, year=year,
                           kind=MarkKind.YEAR, value=proposed, proposed=proposed,
                           updated_by_id=a.teacher.user_id)
            )  # fmt: skip
    PeriodMark.objects.bulk_create(marks, batch_size=5000)
    PeriodMarkChange.objects.bulk_create(
        [PeriodMarkChange(mark=m, changed_by_id=m.updated_by_id, new_value=m.value,
                          proposed=m.proposed) for m in marks],
        batch_size=5000,
    )  # fmt: skip
    return marks
