"""The attention scenario: 5А (Математика, Физика) in the third quarter of 2026/2027,
its class teacher, and learners each built for one reason; 5Б beside it with a learner
of its own. Local helpers only: the shared factories are read, not extended."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from achievements.models import JournalCell, Lesson
from learners.models import Learner, Role, StudyGroup, StudyPeriod, Subject
from tests.achievements.factories import (
    ExemptionFactory,
    LessonFactory,
    PeriodMarkFactory,
)
from tests.schools import SchoolBuilder

Q1 = (date(2026, 9, 1), date(2026, 10, 25))
Q2 = (date(2026, 11, 5), date(2026, 12, 27))
Q3 = (date(2027, 1, 12), date(2027, 3, 22))
# The third quarter as seen on its last day: every lesson below is held by then.
Q3_END = Q3[1]
MATH_LESSONS = 25
PHYSICS_LESSONS = 15


@dataclass
class Scenario:
    school: SchoolBuilder
    periods: list[StudyPeriod]
    group: StudyGroup
    other_group: StudyGroup
    math: Subject
    physics: Subject
    lessons: dict[tuple[int, int], list[Lesson]]  # (period id, subject id) → lessons
    learners: dict[str, Learner] = field(default_factory=dict)
    author: object = None

    @property
    def q3(self) -> StudyPeriod:
        return self.periods[2]

    def lesson_list(self, period, subject) -> list[Lesson]:
        return self.lessons[(period.pk, subject.pk)]

    def marks(self, learner, period, subject, *marks, start=0):
        """One cell a lesson, from lesson ``start`` on, with each of ``marks``."""
        lessons = self.lesson_list(period, subject)
        JournalCell.objects.bulk_create(
            JournalCell(lesson=lessons[start + i], learner=learner, marks=m, updated_by=self.author)
            for i, m in enumerate(marks)
        )

    def absences(self, learner, subject, codes, *, start=0):
        lessons = self.lesson_list(self.q3, subject)
        JournalCell.objects.bulk_create(
            JournalCell(
                lesson=lessons[start + i], learner=learner, attendance=c, updated_by=self.author
            )
            for i, c in enumerate(codes)
        )


def _lessons(group, subject, period, count, number):
    return [
        LessonFactory(
            group=group,
            subject=subject,
            period=period,
            date=period.starts_on + timedelta(days=i),
            number=number,
        )
        for i in range(count)
    ]


def build_class(school, group, periods, math, physics) -> dict:
    lessons = {}
    for period in periods[:2]:
        lessons[(period.pk, math.pk)] = _lessons(group, math, period, 5, 1)
    lessons[(periods[2].pk, math.pk)] = _lessons(group, math, periods[2], MATH_LESSONS, 1)
    lessons[(periods[2].pk, physics.pk)] = _lessons(group, physics, periods[2], PHYSICS_LESSONS, 2)
    return lessons


def scenario() -> Scenario:
    school = SchoolBuilder()
    periods = [
        school.period(number=n, starts_on=s, ends_on=e) for n, (s, e) in enumerate((Q1, Q2, Q3), 1)
    ]
    teacher = school.class_teacher("Классная", username="klass5a")
    group = school.group("5А", class_teacher=teacher)
    other = school.group("5Б", class_teacher=school.class_teacher("Другая", username="klass5b"))
    math, physics = school.subject("Математика"), school.subject("Физика")
    lessons = build_class(school, group, periods, math, physics)
    for key, value in build_class(school, other, periods, math, physics).items():
        lessons[("5Б", *key)] = value
    s = Scenario(school, periods, group, other, math, physics, lessons)
    s.author = school.user(Role.TEACHER)
    q1, q2, q3 = periods
    add = lambda name: s.learners.setdefault(  # noqa: E731
        name, school.learner(group, name, started_on=date(2026, 9, 1))
    )

    # Falling: 4,40 → 4,00 → 3,63 (Q3: 4 4 4 3 3 and 4 4 3).
    a = add("Антонова")
    s.marks(a, q1, math, "5", "5/4", "4", "4")
    s.marks(a, q2, math, "4", "4", "4", "4", "4")
    s.marks(a, q3, math, "4", "4", "4", "3", "3")
    s.marks(a, q3, physics, "4", "4", "3")
    # Absences: 12 of the 40 lessons (н 8, б 3, уп 1; «оп» was there).
    b = add("Борисов")
    s.absences(b, math, ["н"] * 8 + ["б"] * 3 + ["уп", "оп"], start=10)
    s.marks(b, q3, math, "5", "5", "5")
    s.marks(b, q3, physics, "5", "5", "5")
    # Too few marks in Физика: one of three.
    v = add("Волкова")
    s.marks(v, q3, math, "5", "5", "5")
    s.marks(v, q3, physics, "5")
    # A «2» set as the period mark in Математика.
    g = add("Григорьев")
    s.marks(g, q3, math, "2", "2", "3")
    s.marks(g, q3, physics, "3", "3", "3")
    PeriodMarkFactory(learner=g, subject=math, period=q3, value="2", proposed="2")
    # No period mark yet, but the journal would propose «2» in Физика (2,33).
    d = add("Дмитриев")
    s.marks(d, q3, math, "4", "4", "4")
    s.marks(d, q3, physics, "2", "2", "3")
    # The leader: all «5».
    e = add("Егорова")
    s.marks(e, q3, math, "5", "5", "5")
    s.marks(e, q3, physics, "5", "5", "5")
    # Exempt from Физика: no marks there is no reason.
    z = add("Жукова")
    s.marks(z, q3, math, "4", "4", "4")
    ExemptionFactory(learner=z, subject=physics, starts_on=date(2026, 9, 1))
    # 5Б: one learner with a «2» period mark.
    other_learner = school.learner(other, "Зайцев", started_on=date(2026, 9, 1))
    s.learners["Зайцев"] = other_learner
    s.lessons_5b = {k[1:]: v for k, v in lessons.items() if k[0] == "5Б"}
    JournalCell.objects.bulk_create(
        JournalCell(lesson=lesson, learner=other_learner, marks="4", updated_by=s.author)
        for lesson in s.lessons_5b[(q3.pk, math.pk)][:3] + s.lessons_5b[(q3.pk, physics.pk)][:3]
    )
    PeriodMarkFactory(learner=other_learner, subject=physics, period=q3, value="н/а", proposed="")
    return s
