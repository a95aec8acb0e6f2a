"""The columns of the roster file: one list read by the parser, the template and the
instructions, so the three never disagree."""

from dataclasses import dataclass

SHEET = "Обучающиеся"
INSTRUCTIONS = "Инструкция"
PARENTS = (1, 2)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    required: bool
    width: float
    hint: str


LEARNER_COLUMNS = [
    Column("number", "Номер личного дела", True, 18,
           "Обязательно. По нему обучающийся находится при повторной загрузке; в файле "
           "не повторяется."),
    Column("last_name", "Фамилия", True, 18, "Обязательно."),
    Column("first_name", "Имя", True, 14, "Обязательно."),
    Column("patronymic", "Отчество", False, 18, "Если есть."),
    Column("birth_date", "Дата рождения", True, 14,
           "Обязательно, в формате ДД.ММ.ГГГГ (например, 12.04.2015). Возраст — от 3 до "
           "100 лет."),
    Column("sex", "Пол", True, 6, "Обязательно: М или Ж."),
    Column("group", "Класс", True, 8,
           "Обязательно: наименование класса текущего учебного года, как в системе "
           "(например, 5А)."),
    Column("started_on", "Дата зачисления", False, 14,
           "Необязательно, ДД.ММ.ГГГГ, внутри текущего учебного года. Если пусто: новому "
           "обучающемуся — начало учебного года, при переводе из другого класса — "
           "сегодняшняя дата."),
]  # fmt: skip

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


BY_TITLE = {normal_title(column.title): column for column in COLUMNS}
