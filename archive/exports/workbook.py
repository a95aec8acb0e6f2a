"""The class's workbook: the summary statement, the journal of each subject, the
lessons, attendance, achievements, rewards, credit-transfer decisions and the history
of changes. Every value is computed here, none by a formula: the archive copy must show
the same figures in any spreadsheet program, and without recalculation."""

from archive.exports import attendance, history, rewards, subject_title
from archive.exports.sheets import (
    DATE,
    INTEGER,
    MEAN,
    MOMENT,
    PERCENT,
    _row,
    _start,
    _table,
    _unique_title,
)
from archive.summary import COUNTED_VALUES, NOT_ATTESTED
from common import xlsx
from common.xlsx import Column
from learners.terms import terms_for

SUMMARY_TITLE = "Сводная ведомость"
FIXED_TITLES = (
    SUMMARY_TITLE,
    "Уроки",
    "Посещаемость",
    "Освобождения",
    "Достижения",
    "Поощрения",
    "Зачёт результатов",
    "ГИА",
    "История изменений",
)
# The rows of counts under the summary: label, how to read it off a SubjectTotal.
TOTAL_ROWS = [
    *[
        (f"Отметок «{value}»" if value != NOT_ATTESTED else "Не аттестовано (н/а)", value, INTEGER)
        for value in COUNTED_VALUES
    ],
    ("Освобождены (осв.)", "exempt", INTEGER),
    ("Аттестовано", "attested", INTEGER),
    ("Успевают", "passing", INTEGER),
    ("На «4» и «5»", "quality", INTEGER),
    ("Средний балл", "mean", MEAN),
    ("Успеваемость, %", "progress_percent", PERCENT),
    ("Качество знаний, %", "quality_percent", PERCENT),
]


def workbook(*, data, computed) -> bytes:
    book = xlsx.new_workbook()
    words = terms_for(data.organisation)
    titles = set(FIXED_TITLES) | {words["Lessons"]}
    _summary_sheet(book, computed, words)
    for subject in data.subjects:
        title = _unique_title(subject_title(subject), titles)
        _journal_sheet(book, data, computed, subject, title)
    _lessons_sheet(book, data)
    _attendance_sheet(book, data)
    _exemptions_sheet(book, data)
    _achievements_sheet(book, data)
    _rewards_sheet(book, data)
    _credits_sheet(book, data)
    if data.state_exams:
        _state_exams_sheet(book, data)
    if data.external:
        _external_sheet(book, data)
    if data.debts:
        _debts_sheet(book, data)
    _history_sheet(book, data)
    return xlsx.workbook_bytes(book)


def _summary_sheet(book, computed, words) -> None:
    names = [name for _, name in computed.subjects]
    finals = [f"{name} (итоговая)" for name in names] if computed.has_finals else []
    widths = [5, 36, *[12] * (len(names) + len(finals)), 12]
    sheet = _start(book, SUMMARY_TITLE, widths, freeze="C2")
    _row(sheet, ["№", words["Learner"], *names, *finals, "Средний балл"], bold=True)
    marks_count = len(names) + len(finals)
    for row in computed.rows:
        _row(
            sheet,
            [
                row.number,
                row.learner_name,
                *[entry.shown for entry in row.entries],
                *[entry.shown for entry in row.finals],
                row.mean,
            ],
            [INTEGER, None, *[None] * marks_count, MEAN],
        )
    sheet.append([])
    _row(sheet, ["", f"Итоги по предметам ({computed.kind_label.lower()})"], bold=True)
    for label, key, fmt in TOTAL_ROWS:
        values = [
            total.counts[key] if key in total.counts else getattr(total, key)
            for total in computed.subject_totals
        ]
        _row(
            sheet,
            ["", label, *values, *[None] * len(finals), None],
            [None, None, *[fmt] * len(values), *[None] * len(finals), None],
        )
    sheet.append([])
    total = computed.class_total
    _row(sheet, ["", f"Итоги по {words['group_dat']}"], bold=True)
    for label, value, fmt in [
        (f"{words['Learners_gen']} в списке", total.learners, INTEGER),
        ("Аттестовано (есть хотя бы одна отметка)", total.attested, INTEGER),
        ("Успевают по всем предметам", total.passing, INTEGER),
        ("Успевают на «4» и «5»", total.quality, INTEGER),
        ("Успеваемость, %", total.progress_percent, PERCENT),
        ("Качество знаний, %", total.quality_percent, PERCENT),
    ]:
        _row(sheet, ["", label, value], [None, None, fmt])


def _journal_sheet(book, data, computed, subject, title) -> None:
    words = terms_for(data.organisation)
    lessons = data.lessons_of(subject.pk)
    index = [subject_id for subject_id, _ in computed.subjects].index(subject.pk)
    sheet = _start(
        book,
        title,
        [5, 36, *[7] * len(lessons), 12, *([12] if computed.has_finals else [])],
        freeze="C2",
    )
    heads = [lesson.date.strftime("%d.%m") for lesson in lessons]
    finals = ["Итоговая"] if computed.has_finals else []
    _row(sheet, ["№", words["Learner"], *heads, computed.kind_label, *finals], bold=True)
    for row, learner in zip(computed.rows, data.learners, strict=True):
        cells = [data.cells.get((lesson.pk, learner.pk)) for lesson in lessons]
        _row(
            sheet,
            [
                row.number,
                row.learner_name,
                *[cell.text if cell else "" for cell in cells],
                row.entries[index].shown,
                *([row.finals[index].shown] if computed.has_finals else []),
            ],
            [INTEGER, *[None] * (len(lessons) + 2 + len(finals))],
        )


def _lessons_sheet(book, data) -> None:
    words = terms_for(data.organisation)
    _table(
        book,
        title=words["Lessons"],
        columns=[
            Column("Предмет", 28),
            Column("Дата", 12, DATE),
            Column(f"№ {words['lesson_gen']}", 9, INTEGER),
            Column("Тема", 50),
            Column("Домашнее задание", 40),
            Column("Вид работы", 24),
            Column("Вес", 7, "0.0"),
            Column(words["Teacher"], 30),
        ],
        rows=(
            [
                lesson.subject.name,
                lesson.date,
                lesson.number,
                lesson.topic,
                lesson.homework,
                lesson.work_kind.name,
                lesson.work_kind.weight,
                lesson.teacher.full_name if lesson.teacher else "",
            ]
            for lesson in data.lessons
        ),
    )


def _attendance_sheet(book, data) -> None:
    words = terms_for(data.organisation)
    rows = attendance(data)
    _table(
        book,
        title="Посещаемость",
        columns=[
            Column("№", 5, INTEGER),
            Column(words["Learner"], 36),
            Column(f"Пропущено {words['lessons_gen']}", 12, INTEGER),
            Column("из них по уважительной причине (б, уп)", 18, INTEGER),
            Column("без уважительной причины (н)", 16, INTEGER),
            Column("Опозданий (оп)", 12, INTEGER),
        ],
        rows=(
            [n, r.learner_name, r.missed, r.good_reason, r.without_reason, r.late]
            for n, r in enumerate(rows, start=1)
        ),
    )


def _names(data) -> dict[int, str]:
    return {learner.pk: learner.full_name for learner in data.learners}


def _exemptions_sheet(book, data) -> None:
    words = terms_for(data.organisation)
    names = _names(data)
    _table(
        book,
        title="Освобождения",
        columns=[
            Column(words["Learner"], 36),
            Column("Предмет", 28),
            Column("С", 12, DATE),
            Column("По", 12, DATE),
            Column("Приказ", 36),
        ],
        rows=(
            [names.get(e.learner_id, ""), e.subject.name, e.starts_on, e.ends_on, e.order_reference]
            for e in data.exemptions
        ),
    )


def _achievements_sheet(book, data) -> None:
    words = terms_for(data.organisation)
    names = _names(data)
    _table(
        book,
        title="Достижения",
        columns=[
            Column(words["Learner"], 36),
            Column("Название", 44),
            Column("Категория", 28),
            Column("Уровень", 24),
            Column("Результат", 14),
            Column("Дата", 12, DATE),
            Column("Организатор", 30),
        ],
        rows=(
            [
                names.get(a.learner_id, ""),
                a.title,
                a.category.name,
                a.get_level_display(),
                a.get_result_display(),
                a.date,
                a.organiser,
            ]
            for a in data.achievements
        ),
    )


def _rewards_sheet(book, data) -> None:
    words = terms_for(data.organisation)
    _table(
        book,
        title="Поощрения",
        columns=[
            Column(words["Learner"], 36),
            Column("Вид поощрения", 40),
            Column("Предмет", 24),
            Column("Основание", 34),
            Column("За что", 50),
            Column("Приказ №", 12),
            Column("Дата приказа", 12, DATE),
            Column("Получено в (организация)", 30),
            Column("Утверждено (получено)", 12, DATE),
            Column("Вручено", 12, DATE),
            Column("Статус", 26),
        ],
        rows=(
            [
                r.learner_name,
                r.kind,
                r.subject,
                r.ground,
                r.merit,
                r.order_number,
                r.order_date,
                r.source_organisation,
                r.granted_on,
                r.issued_on,
                r.status,
            ]
            for r in rewards(data)
        ),
    )


def _credits_sheet(book, data) -> None:
    words = terms_for(data.organisation)
    names = _names(data)

    def rows():
        for application in data.applications:
            head = [
                application.number,
                names.get(application.learner_id, ""),
                application.get_outcome_display(),
                application.decision_taken_on,
                application.order_number,
                application.order_date,
                application.council_protocol_number,
                application.council_protocol_date,
            ]
            lines = data.lines.get(application.pk) or [None]
            for line in lines:
                if line is None:
                    yield [*head, "", "", "", "", ""]
                    continue
                yield [
                    *head,
                    line.subject.name,
                    line.external_name,
                    line.external_result,
                    line.get_decision_display(),
                    line.credited_value,
                ]

    _table(
        book,
        title="Зачёт результатов",
        columns=[
            Column("Заявление №", 12),
            Column(words["Learner"], 36),
            Column("Решение", 20),
            Column("Решение принято", 12, DATE),
            Column("Приказ №", 12),
            Column("Дата приказа", 12, DATE),
            Column("Протокол педсовета №", 12),
            Column("Дата протокола", 12, DATE),
            Column("Предмет", 28),
            Column("Курс в другой организации", 30),
            Column("Результат там", 14),
            Column("Решение по предмету", 26),
            Column("Зачтённая отметка", 12),
        ],
        rows=rows(),
    )


def _state_exams_sheet(book, data) -> None:
    words = terms_for(data.organisation)
    names = _names(data)
    _table(
        book,
        title="ГИА",
        columns=[
            Column(words["Learner"], 36),
            Column("Предмет", 28),
            Column("Форма", 10),
            Column("Дата экзамена", 12, DATE),
            Column("Баллы", 8, INTEGER),
            Column("Отметка", 10),
        ],
        rows=(
            [
                names.get(r.learner_id, ""),
                r.subject.name,
                r.get_kind_display(),
                r.exam_date,
                r.score,
                r.mark,
            ]
            for r in data.state_exams
        ),
    )


def _external_sheet(book, data) -> None:
    words = terms_for(data.organisation)
    names = _names(data)
    _table(
        book,
        title="Внешняя оценка",
        columns=[
            Column(words["Learner"], 36),
            Column("Процедура", 40),
            Column("Предмет", 28),
            Column("Дата", 12, DATE),
            Column("Баллы", 8, INTEGER),
            Column("Из", 8, INTEGER),
            Column("Отметка", 10),
            Column("Баллы за задания", 30),
        ],
        rows=(
            [
                names.get(r.learner_id, ""),
                f"{r.assessment.get_kind_display()}: {r.assessment.title}",
                r.assessment.subject.name,
                r.assessment.held_on,
                r.score,
                r.assessment.max_score,
                r.mark,
                " ".join("—" if v is None else str(v) for v in r.task_scores),
            ]
            for r in data.external
        ),
    )


def _debts_sheet(book, data) -> None:
    words = terms_for(data.organisation)
    names = _names(data)

    def retakes(debt) -> str:
        return "; ".join(
            f"№ {a.number} {a.held_on:%d.%m.%Y}: {a.value}" for a in debt.attempts.all()
        )

    _table(
        book,
        title="Академические задолженности",
        columns=[
            Column(words["Learner"], 36),
            Column("Предмет", 28),
            Column("Отметка", 10),
            Column("Возникла", 12, DATE),
            Column("Срок ликвидации", 12, DATE),
            Column("Пересдачи", 36),
            Column("Состояние", 18),
            Column("Ликвидирована (отменена)", 14, DATE),
        ],
        rows=(
            [
                names.get(d.learner_id, ""),
                d.subject.name,
                d.value,
                d.opened_on,
                d.deadline,
                retakes(d),
                d.get_status_display(),
                d.closed_on,
            ]
            for d in data.debts
        ),
    )


def _history_sheet(book, data) -> None:
    words = terms_for(data.organisation)
    _table(
        book,
        title="История изменений",
        columns=[
            Column("Когда", 17, MOMENT),
            Column("Кто", 28),
            Column(words["Learner"], 36),
            Column("Предмет", 28),
            Column("Дата урока", 12, DATE),
            Column("Что изменено", 26),
            Column("Было", 10),
            Column("Стало", 10),
            Column("Причина", 40),
        ],
        rows=(
            [
                row["changed_at"],
                row["changed_by"],
                row["learner"],
                row["subject"],
                row["lesson_date"],
                row["what"],
                row["old"],
                row["new"],
                row["reason"],
            ]
            for row in history(data)
        ),
    )
