"""The rules of one row of external-assessment results, free of the database: parse
what was typed (or read from a file), check it against the assessment, derive the mark
from the thresholds."""

from dataclasses import dataclass, field

FIVE_POINT = ("2", "3", "4", "5")


@dataclass
class RawRow:
    """What was typed for one learner: text as it came. ``version`` is the version the
    page showed (0: no result then), None when the caller overwrites on purpose (a file)."""

    score: str = ""
    mark: str = ""
    tasks: list[str] = field(default_factory=list)
    version: int | None = None
    line: int | None = None  # the file's line it came from

    @property
    def is_empty(self) -> bool:
        return (
            not self.score.strip()
            and not self.mark.strip()
            and not any(t.strip() for t in self.tasks)
        )


@dataclass
class Value:
    score: int | None
    mark: str
    tasks: list[int | None]


def mark_for(score: int, thresholds) -> str:
    """The mark of ``score`` by the thresholds ``[[min_score, mark], …]``: the mark of the
    highest threshold the score reaches, "" below them all or without thresholds."""
    mark = ""
    for minimum, value in sorted(thresholds, key=lambda pair: pair[0]):
        if score >= minimum:
            mark = str(value)
    return mark


def _whole(text: str, what: str, errors: list[str]) -> int | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        errors.append(f"{what}: «{text}» — не число.")
        return None
    if number != int(number):
        errors.append(f"{what}: «{text}» — нужно целое число.")
        return None
    return int(number)


def check(
    raw: RawRow, *, max_score: int, task_count: int, task_max: list[int], thresholds, marks
) -> tuple:
    """(Value, errors): the errors are Russian sentences; a Value only when none. With
    every task's score given, the score is their sum (typed, it must equal it); without
    a typed mark, the thresholds give it."""
    errors: list[str] = []
    score = _whole(raw.score, "Баллы", errors)
    if score is not None and not 0 <= score <= max_score:
        errors.append(f"Баллы: {score} — вне диапазона 0…{max_score}.")
    tasks: list[int | None] = []
    for number, text in enumerate(raw.tasks[:task_count], start=1):
        value = _whole(text, f"Задание {number}", errors)
        maximum = task_max[number - 1] if number <= len(task_max) else max_score
        if value is not None and not 0 <= value <= maximum:
            errors.append(f"Задание {number}: {value} — вне диапазона 0…{maximum}.")
        tasks.append(value)
    while tasks and tasks[-1] is None:
        tasks.pop()
    mark = raw.mark.strip()
    if mark and mark not in marks:
        errors.append(f"Отметка «{mark}» не из шкалы: допустимо {', '.join(marks)}.")
    if errors:
        return None, errors
    given = [t for t in tasks if t is not None]
    if task_count and len(given) == task_count:
        if score is None:
            score = sum(given)
        elif sum(given) != score:
            errors.append(f"Сумма баллов за задания ({sum(given)}) не равна баллам ({score}).")
    if score is not None and score > max_score:
        errors.append(f"Сумма баллов за задания ({score}) больше максимума ({max_score}).")
    if not mark and score is not None and thresholds:
        mark = mark_for(score, thresholds)
    if score is None and not mark:
        errors.append("Укажите баллы или отметку.")
    if errors:
        return None, errors
    return Value(score, mark, tasks), []
