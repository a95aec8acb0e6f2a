"""Building a learner's record of the year for the candidate tests: year and final
marks (PeriodMark rows of kind year / final), ЕГЭ results and confirmed achievements,
with the factories of tests.achievements and tests.achievements.portfolio."""

from datetime import date

from achievements.models import (
    AchievementLevel,
    AchievementResult,
    MarkKind,
    StateExamKind,
    StateExamResult,
)
from learners.models import Subject
from tests.achievements.factories import PeriodMarkFactory
from tests.achievements.portfolio.factories import AchievementFactory, category
from tests.factories import SubjectFactory

OLYMPIAD = "Муниципальный этап ВсОШ по математике"


def subject(name: str):
    """The subject of that name, made on first use."""
    return Subject.objects.filter(name=name).first() or SubjectFactory(name=name)


def give_marks(learner, year, marks: dict[str, str], *, kind=MarkKind.YEAR) -> None:
    """Year (or final) marks by subject name: {"Математика": "5", ...}."""
    for name, value in marks.items():
        PeriodMarkFactory(
            learner=learner, subject=subject(name), kind=kind, period=None, year=year,
            value=value, proposed=value,
        )  # fmt: skip


def give_exams(learner, year, results: dict[str, int | str]) -> None:
    """ЕГЭ results by subject name: points, or a mark (a str) for basic mathematics."""
    for name, result in results.items():
        StateExamResult.objects.create(
            learner=learner, subject=subject(name), year=year, kind=StateExamKind.EGE,
            exam_date=date(2027, 6, 1),
            score=None if isinstance(result, str) else result,
            mark=result if isinstance(result, str) else "",
        )  # fmt: skip


def give_achievement(learner, code: str = "olympiad", **fields):
    values = {
        "title": OLYMPIAD, "level": AchievementLevel.MUNICIPAL,
        "result": AchievementResult.WINNER, "date": date(2026, 10, 5),
        "subject_area": "Математика",
    }  # fmt: skip
    return AchievementFactory(learner=learner, category=category(code), **{**values, **fields})
