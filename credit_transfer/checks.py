"""The automatic checks of a credit-transfer line, explained one by one (R-CT-3, R-CT-4,
R-CT-5). Pure functions over plain data: the selectors read what they need in a
fixed number of queries, and the tests drive the rules table by table.

- 000 §4.6: a subject is credited only if it is in the organisation's curriculum,
  is not mandatory at the state final exam (ГИА) and was not chosen by the learner
  for it. Any of these failing makes the line ineligible.
- 000 §4.7: a result on a scale other than the five-point one is credited as «4» or
  «5», or the learner is offered attestation; the subject teacher decides.
- 000 §5.7: a different course name, or hours short of the curriculum by more than
  10 %, sends the line to the pedagogical council.
"""

import re
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError

from learners.models import ScaleKind

SHORTFALL_LIMIT = Fraction(1, 10)  # "недостаточный объём часов (более 10 %)", 000 §5.7

# What people write on extracts, to the one spelling a line keeps.
RESULT_WORDS = {
    ScaleKind.FIVE_POINT: {
        "5": "5", "отлично": "5", "отл": "5",
        "4": "4", "хорошо": "4", "хор": "4",
        "3": "3", "удовлетворительно": "3", "удовл": "3",
        "2": "2", "неудовлетворительно": "2", "неуд": "2",
    },
    ScaleKind.PASS_FAIL: {
        "зачтено": "зачтено", "зачет": "зачтено", "зач": "зачтено",
        "не зачтено": "не зачтено", "незачет": "не зачтено", "незач": "не зачтено",
    },
    ScaleKind.MASTERED: {
        "освоено": "освоено", "осв": "освоено",
        "не освоено": "не освоено", "не осв": "не освоено",
    },
    ScaleKind.LEVELS: {"высокий": "высокий", "средний": "средний", "низкий": "низкий"},
}  # fmt: skip
NEGATIVE_RESULTS = {"2", "не зачтено", "не освоено"}
RESULT_HINTS = {
    ScaleKind.FIVE_POINT: "отметку от 2 до 5 (или словом: «отлично», «хорошо»…)",
    ScaleKind.PASS_FAIL: "«зачтено» или «не зачтено»",
    ScaleKind.MASTERED: "«освоено» или «не освоено»",
    ScaleKind.LEVELS: "уровень: «высокий», «средний» или «низкий»",
    ScaleKind.POINTS: "баллы — целое число от 0 до 100",
}


def normalise_result(scale: str, text: str) -> str:
    """The result in its one spelling for the scale, or a ValidationError saying what
    the scale expects."""
    cleaned = " ".join(text.strip().lower().replace("ё", "е").rstrip(".").split())
    if scale == ScaleKind.POINTS:
        # isdecimal() on ASCII only: "²" is a digit to isdigit() but not to int().
        if cleaned.isascii() and cleaned.isdecimal() and 0 <= int(cleaned) <= 100:
            return str(int(cleaned))
    elif scale in RESULT_WORDS and cleaned in RESULT_WORDS[scale]:
        return RESULT_WORDS[scale][cleaned]
    hint = RESULT_HINTS.get(scale, "результат")
    raise ValidationError(f"Для этой системы оценивания укажите {hint}.")


def normalise_name(name: str) -> str:
    """Course names compared as a person would: case, «ё», quotes and punctuation do
    not matter."""
    return " ".join(re.sub(r"[^\w]+", " ", name.lower().replace("ё", "е")).split())


@dataclass(frozen=True)
class CurriculumEntry:
    hours: int


@dataclass(frozen=True)
class Context:
    """What the checks of one application need to know, read once."""

    grade: int
    programme: str
    curriculum: dict[int, CurriculumEntry]  # subject id → this grade's curriculum line
    state_exam_mandatory: frozenset[int]  # subject ids mandatory at ГИА in the programme
    state_exam_chosen: frozenset[int]  # subject ids the learner chose for ГИА
    five_point: frozenset[int]  # subject ids graded on the five-point scale here
    names: dict[int, tuple[str, str]]  # subject id → (name, short name)
    period_share: Fraction = Fraction(1)  # the part of the year's hours the marks are for


@dataclass(frozen=True)
class Line:
    subject_id: int
    external_name: str
    external_scale: str
    external_result: str
    external_hours: int


OK, FAIL, ROUTE = "ok", "fail", "route"


@dataclass(frozen=True)
class Item:
    code: str
    state: str  # OK, FAIL (not credited), ROUTE (someone must decide)
    text: str


class Verdict:
    ELIGIBLE = "eligible"
    CONVERSION = "conversion"
    COUNCIL = "council"
    INELIGIBLE = "ineligible"

    LABELS = {
        ELIGIBLE: "Можно зачесть",
        CONVERSION: "Перевод отметки решает учитель-предметник",
        COUNCIL: "Решение с учётом мнения педагогического совета",
        INELIGIBLE: "Не подлежит зачёту",
    }


@dataclass
class LineCheck:
    items: list[Item] = field(default_factory=list)
    required_hours: Fraction | None = None
    # The mark credited when nobody needs to convert it: the five-point mark itself,
    # or «зач.» where the school grades the subject without marks.
    credited_value: str = ""

    @property
    def ineligible(self) -> bool:
        return any(i.state == FAIL for i in self.items)

    @property
    def needs_council(self) -> bool:
        return any(i.state == ROUTE and i.code in ("name", "hours") for i in self.items)

    @property
    def needs_conversion(self) -> bool:
        return any(i.state == ROUTE and i.code == "scale" for i in self.items)

    @property
    def verdict(self) -> str:
        if self.ineligible:
            return Verdict.INELIGIBLE
        if self.needs_council:
            return Verdict.COUNCIL
        if self.needs_conversion:
            return Verdict.CONVERSION
        return Verdict.ELIGIBLE

    @property
    def verdict_label(self) -> str:
        label = Verdict.LABELS[self.verdict]
        if self.verdict == Verdict.COUNCIL and self.needs_conversion:
            label += "; перевод отметки — учитель-предметник"
        return label

    @property
    def failures(self) -> str:
        return "; ".join(i.text for i in self.items if i.state == FAIL)


def _hours(value: Fraction) -> str:
    rounded = round(value, 1)
    return f"{rounded:g}".replace(".", ",") if rounded != int(rounded) else str(int(rounded))


def check_line(line: Line, context: Context) -> LineCheck:
    name, short_name = context.names.get(line.subject_id, ("предмет", ""))
    entry = context.curriculum.get(line.subject_id)
    check = LineCheck()
    check.items += [
        *_eligibility(line, context, name, entry),
        _result(line),
        _name(line, name, short_name),
    ]
    if entry is not None:
        check.required_hours = entry.hours * context.period_share
        check.items.append(_hours_item(line, check.required_hours))
    if line.subject_id not in context.five_point:
        check.credited_value = "зач."
    elif line.external_scale == ScaleKind.FIVE_POINT:
        check.credited_value = line.external_result
    else:
        check.items.append(_scale(line))
    return check


def _eligibility(
    line: Line, context: Context, name: str, entry: CurriculumEntry | None
) -> list[Item]:
    """000 §4.6: in the curriculum, not mandatory at ГИА, not chosen for it."""
    grade = f"{context.grade} класса" if context.grade else "этого года обучения"
    return [
        Item("curriculum", FAIL, f"«{name}» нет в учебном плане {grade} (п. 4.6)")
        if entry is None
        else Item("curriculum", OK, f"«{name}» есть в учебном плане {grade}"),
        Item(
            "state_exam",
            FAIL,
            f"«{name}» обязателен для ГИА по программе «{context.programme}» (п. 4.6)",
        )
        if line.subject_id in context.state_exam_mandatory
        else Item("state_exam", OK, "не обязателен для государственной итоговой аттестации"),
        Item("state_exam_choice", FAIL, f"«{name}» выбран обучающимся для сдачи ГИА (п. 4.6)")
        if line.subject_id in context.state_exam_chosen
        else Item("state_exam_choice", OK, "не выбран обучающимся для сдачи ГИА"),
    ]


def _result(line: Line) -> Item:
    if line.external_result in NEGATIVE_RESULTS:
        return Item(
            "result",
            FAIL,
            f"результат «{line.external_result}» не положительный: зачесть нечего",
        )
    return Item("result", OK, f"результат «{line.external_result}» положительный")


def _name(line: Line, name: str, short_name: str) -> Item:
    """000 §5.7: another course name goes to the council."""
    # A blank short name must not let a name of punctuation alone count as a match.
    accepted = {n for n in (normalise_name(name), normalise_name(short_name)) if n}
    if normalise_name(line.external_name) in accepted:
        return Item("name", OK, "наименование совпадает с учебным планом")
    return Item(
        "name",
        ROUTE,
        f"«{line.external_name}» не совпадает с наименованием «{name}» в учебном плане (п. 5.7)",
    )


def _hours_item(line: Line, required: Fraction) -> Item:
    """000 §5.7: hours short of the curriculum by more than 10 % go to the council."""
    shortfall = (required - line.external_hours) / required
    stated = f"{line.external_hours} ч при {_hours(required)} ч по учебному плану"
    if shortfall > SHORTFALL_LIMIT:
        return Item(
            "hours",
            ROUTE,
            f"{stated}: меньше на {_hours(shortfall * 100)} %, больше 10 % (п. 5.7)",
        )
    return Item("hours", OK, stated)


def _scale(line: Line) -> Item:
    """000 §4.7: a result on another scale where the school gives five-point marks."""
    return Item(
        "scale",
        ROUTE,
        f"там система оценивания «{ScaleKind(line.external_scale).label.lower()}»: "
        "зачесть на «4» или «5» либо предложить аттестацию решает "
        "учитель-предметник (п. 4.7)",
    )


def check_eligibility(subject_id: int, context: Context) -> LineCheck:
    """Only the §4.6 checks, for a line the family has not finished typing: whether the
    subject may be credited at all is known from the subject alone."""
    name, _ = context.names.get(subject_id, ("предмет", ""))
    line = Line(subject_id, "", "", "", 0)
    return LineCheck(items=_eligibility(line, context, name, context.curriculum.get(subject_id)))
