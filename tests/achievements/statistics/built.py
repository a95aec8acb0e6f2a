"""A small built class with exact figures, shared by the statistics' tests."""

from datetime import date

from achievements.models import MarkKind, MarkOrigin
from learners.models import ProgrammeLevel
from tests.achievements.factories import ExemptionFactory, PeriodMarkFactory
from tests.factories import ProgrammeFactory
from tests.schools import SchoolBuilder

SUBJECTS = ("Математика", "Русский язык", "Физкультура")


def mark(learner, subject, value, *, period=None, year=None, credited=False):
    extra = {"origin": MarkOrigin.CREDITED, "credit_source": "ДШИ № 3"} if credited else {}
    if period is None:
        return PeriodMarkFactory(
            learner=learner, subject=subject, kind=MarkKind.YEAR, period=None, year=year,
            value=value, **extra,
        )  # fmt: skip
    return PeriodMarkFactory(learner=learner, subject=subject, period=period, value=value, **extra)


def marks(subjects, learner, period, *values, credited=()):
    """One mark a subject of ``subjects``, in order; None: no mark."""
    for subject, value in zip(subjects, values, strict=True):
        if value is not None:
            mark(learner, subject, value, period=period, credited=subject.name in credited)


class Built:
    """5А (ООО, grade 5) in the first quarter of 2026/2027:

    | learner    | Математика | Русский язык | Физкультура           |
    |------------|------------|--------------|-----------------------|
    | Антонова   | 5          | 5            | 5                     |
    | Борисов    | 4          | 5            | 5                     |
    | Волков     | 3          | 4            | 5                     |
    | Григорьева | н/а        | 2            | 5                     |
    | Дмитриев   | 5          | 4 (зачтена)  | освобождён, без отм.  |
    | Егорова    | 4          | 4            | освобождена, 5 зачт.  |
    | Жуков      | —          | —            | —                     |
    """

    def __init__(self):
        school = SchoolBuilder()
        self.school = school
        self.year = school.year
        self.q1 = school.period()
        self.q2 = school.period(number=2, starts_on=date(2026, 11, 5), ends_on=date(2026, 12, 28))
        self.basic = ProgrammeFactory(level=ProgrammeLevel.BASIC, first_grade=5, last_grade=9)
        self.group = school.group("5А", programme=self.basic, grade=5)
        self.subjects = [school.subject(name) for name in SUBJECTS]
        names = ("Антонова", "Борисов", "Волков", "Григорьева", "Дмитриев", "Егорова", "Жуков")
        self.learners = {name: school.learner(self.group, name) for name in names}
        q1, by = self.q1, self.learners
        sport = self.subjects[2]
        marks(self.subjects, by["Антонова"], q1, "5", "5", "5")
        marks(self.subjects, by["Борисов"], q1, "4", "5", "5")
        marks(self.subjects, by["Волков"], q1, "3", "4", "5")
        marks(self.subjects, by["Григорьева"], q1, "н/а", "2", "5")
        marks(self.subjects, by["Дмитриев"], q1, "5", "4", None, credited={"Русский язык"})
        marks(self.subjects, by["Егорова"], q1, "4", "4", "5", credited={"Физкультура"})
        ExemptionFactory(learner=by["Дмитриев"], subject=sport)
        ExemptionFactory(learner=by["Егорова"], subject=sport)
