"""The downloadable roster template: the sheet to fill, with two example rows, and a
sheet that explains each column (made with common.xlsx, as every workbook we hand out)."""

from common.xlsx import Column as SheetColumn
from common.xlsx import new_workbook, workbook_bytes, write_sheet
from learners import selectors
from learners.models import StudyGroup
from learners.roster.columns import COLUMNS, INSTRUCTIONS, hint_of, sheet_name, title_of
from learners.terms import current_terms

# Texts that name a term are worded when the file is made (R-ORG-6).
FILENAME = "Шаблон списка {learners_gen}.xlsx"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GENERAL = [
    "Заполните лист «{Learners}»: одна строка — один {learner}. Строки-примеры удалите.",
    "Первую строку (заголовки столбцов) не меняйте; порядок столбцов может быть любым.",
    "Даты — в формате ДД.ММ.ГГГГ (например, 01.09.2026). Пол — М или Ж.",
    "{Group} — как в системе в текущем учебном году (например, 5А).",
    "В строке можно указать одного или двух родителей (законных представителей); "
    "кем приходится — мать, отец, опекун или иной.",
    "Эл. почта нужна, чтобы родитель получил приглашение: ссылку, по которой он задаст "
    "пароль. Один адрес — один человек; уже зарегистрированный родитель находится по "
    "адресу и связывается с ребёнком.",
    "Сначала система проверяет файл и показывает, что изменится, и строки с ошибками; "
    "ничего не записывается. Загрузить можно только файл без ошибок. Повторная загрузка "
    "того же файла ничего не меняет.",
]


def template_bytes() -> bytes:
    year = selectors.current_year()
    groups = StudyGroup.objects.filter(year=year).order_by("grade", "name")
    names = list(groups.values_list("name", flat=True)[:2]) if year else []
    # Two real classes of the year where there are, so the examples would pass the check.
    first, second = names if len(names) == 2 else ("5А", "5Б")
    started = f"{year.starts_on:%d.%m.%Y}" if year else ""
    examples = [
        ["ЛД-0001", "Иванов", "Иван", "Петрович", "12.04.2015", "М", first, "",
         "Иванова", "Елена", "Сергеевна", "мать", "ivanova@example.ru", "+7 900 123-45-67",
         "Иванов", "Пётр", "Николаевич", "отец", "", ""],
        ["ЛД-0002", "Смирнова", "Анна", "Олеговна", "03.11.2014", "Ж", second, started,
         "Смирнов", "Олег", "Викторович", "отец", "smirnov@example.ru", "",
         "", "", "", "", "", ""],
    ]  # fmt: skip
    workbook = new_workbook()
    write_sheet(
        workbook,
        title=sheet_name(),
        columns=[SheetColumn(title_of(c), c.width) for c in COLUMNS],
        rows=examples,
    )
    words = current_terms()
    instructions = [[text.format_map(words), "", ""] for text in GENERAL] + [["", "", ""]]
    instructions += [[title_of(c), "да" if c.required else "нет", hint_of(c)] for c in COLUMNS]
    write_sheet(
        workbook,
        title=INSTRUCTIONS,
        columns=[
            SheetColumn("Столбец", 30),
            SheetColumn("Обязательный", 14),
            SheetColumn("Что писать", 90),
        ],
        rows=instructions,
    )
    return workbook_bytes(workbook)
