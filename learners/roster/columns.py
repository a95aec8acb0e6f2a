"""The columns of the roster file: one list read by the parser, the template and the
instructions, so the three never disagree."""

from dataclasses import dataclass

from learners.models import TERMS, OrganisationKind
from learners.terms import current_terms

# The school's names; a file is made and explained in the terms of the organisation's
# kind (sheet_name, title_of, hint_of), and a file made from the template of any kind
# (or before the kind was set) is read: its sheet and group column go by any kind's name.
SCHOOL = TERMS[OrganisationKind.SCHOOL]
SHEET = SCHOOL["Learners"]
SHEETS = {words["Learners"] for words in TERMS.values()}
INSTRUCTIONS = "Инструкция"
PARENTS = (1, 2)

# Hints that name a term, worded for the kind when shown.
TERMED_HINTS = {
    "number": "Обязательно. По нему {learner} находится при повторной загрузке; в файле "
    "не повторяется.",
    "group": "Обязательно: наименование {group_gen} текущего учебного года, как в системе "
    "(например, 5А).",
    "started_on": "Необязательно, ДД.ММ.ГГГГ, внутри текущего учебного года. Если пусто: "
    "новому {learner_dat} — начало учебного года, при переводе {from_another_group} — "
    "сегодняшняя дата.",
}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    required: bool
    width: float
    hint: str


LEARNER_COLUMNS = [
    Column("number", "Номер личного дела", True, 18, TERMED_HINTS["number"].format_map(SCHOOL)),
    Column("last_name", "Фамилия", True, 18, "Обязательно."),
    Column("first_name", "Имя", True, 14, "Обязательно."),
    Column("patronymic", "Отчество", False, 18, "Если есть."),
    Column("birth_date", "Дата рождения", True, 14,
           "Обязательно, в формате ДД.ММ.ГГГГ (например, 12.04.2015). Возраст — от 3 до "
           "100 лет."),
    Column("sex", "Пол", True, 6, "Обязательно: М или Ж."),
    Column("group", SCHOOL["Group"], True, 8, TERMED_HINTS["group"].format_map(SCHOOL)),
    Column("started_on", "Дата зачисления", False, 14,
           TERMED_HINTS["started_on"].format_map(SCHOOL)),
]  # fmt: skip


def sheet_name() -> str:
    return current_terms()["Learners"]


def title_of(column: Column) -> str:
    """The column's header in the organisation's terms."""
    return current_terms()["Group"] if column.key == "group" else column.title


def hint_of(column: Column) -> str:
    if column.key in TERMED_HINTS:
        return TERMED_HINTS[column.key].format_map(current_terms())
    return column.hint


PARENT_FIELDS = [
    ("last_name", "Фамилия родителя {n}", 18, "Обязательно, если указан родитель {n}."),
    ("first_name", "Имя родителя {n}", 14, "Обязательно, если указан родитель {n}."),
    ("patronymic", "Отчество родителя {n}", 18, "Если есть."),
    ("kinship", "Кем приходится родитель {n}", 14,
     "Обязательно, если указан родитель {n}: мать, отец, опекун или иной."),
    ("email", "Эл. почта родителя {n}", 24,
     "Нужна, чтобы родитель получил приглашение в систему. Один адрес — один человек."),
    ("phone", "Телефон родителя {n}", 16, "Если есть."),
]  # fmt: skip

PARENT_COLUMNS = [
    Column(f"p{n}_{key}", title.format(n=n), False, width, hint.format(n=n))
    for n in PARENTS
    for key, title, width, hint in PARENT_FIELDS
]
COLUMNS = LEARNER_COLUMNS + PARENT_COLUMNS
BY_KEY = {column.key: column for column in COLUMNS}


def normal_title(text: str) -> str:
    """A header as typed by a person: case, ё, repeated spaces and a trailing colon do
    not matter."""
    return " ".join(str(text).replace("ё", "е").replace("Ё", "Е").split()).casefold().rstrip(":")


BY_TITLE = {normal_title(column.title): column for column in COLUMNS if column.key != "group"} | {
    normal_title(words["Group"]): BY_KEY["group"] for words in TERMS.values()
}
