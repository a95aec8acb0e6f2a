"""The downloadable roster template: the sheet to fill, with two example rows, and a
sheet that explains each column (made with common.xlsx, as every workbook we hand out)."""

from common.xlsx import Column as SheetColumn
from common.xlsx import new_workbook, workbook_bytes, write_sheet
from learners import selectors
from learners.models import StudyGroup
from learners.roster.columns import COLUMNS, INSTRUCTIONS, SHEET

FILENAME = "Шаблон списка обучающихся.xlsx"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GENERAL = [
    "Заполните лист «Обучающиеся»: одна строка — один обучающийся. Строки-примеры удалите.",
    "Первую строку (заголовки столбцов) не меняйте; порядок столбцов может быть любым.",
    "Даты — в формате ДД.ММ.ГГГГ (например, 01.09.2026). Пол — М или Ж.",
    "Класс — как в системе в текущем учебном году (например, 5А).",
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
        title=SHEET,
        columns=[SheetColumn(c.title, c.width) for c in COLUMNS],
        rows=examples,
    )
    instructions = [[text, "", ""] for text in GENERAL] + [["", "", ""]]
    instructions += [[c.title, "да" if c.required else "нет", c.hint] for c in COLUMNS]
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
