"""The rules of one row of state exam results, free of the database. Score and mark are
checked by external assessment's rules (achievements/external/rules.py, scale 0–100 and
marks 2–5); what is particular to state exams is added here: the exam date, and which
of score and mark each kind requires (ЕГЭ is scored and has no mark; ОГЭ and ГВЭ give a
mark, ОГЭ's primary score may be recorded beside it)."""

from dataclasses import dataclass
from datetime import date, datetime

from achievements.external import rules as external
from achievements.models import StateExamKind

MAX_SCORE = 100
MARKS = external.FIVE_POINT
# The forms that sit each exam: ОГЭ after the 9th, ЕГЭ after the 11th, ГВЭ after either.
GRADES = {
    StateExamKind.OGE: (9,),
    StateExamKind.EGE: (11,),
    StateExamKind.GVE: (9, 11),
}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


@dataclass
class ExamRow(external.RawRow):
    """What was typed for one learner (see RawRow), with the exam's date as text."""

    exam_date: str = ""

    @property
    def is_empty(self) -> bool:
        return super().is_empty and not self.exam_date.strip()


@dataclass
class ExamValue:
    exam_date: date
    score: int | None
    mark: str


def last_exam_day(year) -> date:
    # Exams and their reserve days run through the summer after the year (to September).
    return date(year.ends_on.year, 12, 31)


def parse_date(text: str, year, errors: list[str]) -> date | None:
    text = text.strip()
    if not text:
        errors.append("Укажите дату экзамена.")
        return None
    for pattern in DATE_FORMATS:
        try:
            found = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if not year.starts_on <= found <= last_exam_day(year):
            errors.append(f"Дата экзамена {found:%d.%m.%Y} — не из {year.name} учебного года.")
            return None
        return found
    errors.append(f"Дата экзамена «{text}» не распознана: нужна дата ДД.ММ.ГГГГ.")
    return None


def check(raw: ExamRow, *, kind: str, year) -> tuple:
    """(ExamValue, errors): the errors are Russian sentences; an ExamValue only when none."""
    errors: list[str] = []
    exam_date = parse_date(raw.exam_date, year, errors)
    value, problems = external.check(
        raw, max_score=MAX_SCORE, task_count=0, task_max=[], thresholds=[], marks=MARKS
    )
    if problems:
        # "Укажите баллы или отметку" is said more precisely below, by kind.
        errors += [p for p in problems if p != "Укажите баллы или отметку."]
        if errors:
            return None, errors
        value = external.Value(None, "", [])
    if kind == StateExamKind.EGE:
        if value.mark:
            errors.append("ЕГЭ оценивается в баллах: отметку не ставьте.")
        if value.score is None:
            errors.append("Укажите баллы ЕГЭ.")
    elif not value.mark:
        errors.append(f"Укажите отметку {StateExamKind(kind).label}.")
    if errors:
        return None, errors
    return ExamValue(exam_date, value.score, value.mark), []
