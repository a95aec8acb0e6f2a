"""The customer's results as XLSX: one sheet for each part of the page. Every text
cell, a learner's name included, is written through common.xlsx, never as a formula."""

from common.xlsx import Column, new_workbook, workbook_bytes, write_sheet
from learners.models.years import date_range

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def results_xlsx(*, group, start, end, results, terms) -> bytes:
    workbook = new_workbook()
    learner = terms["learner"].capitalize()
    span = date_range(start, end)
    write_sheet(
        workbook,
        title="Посещаемость",
        columns=[
            Column(learner, 36),
            Column(terms["group"].capitalize(), 18),
            Column("Промежуток", 24),
            Column("Уроков", 10),
            Column("Присутствовал", 14),
            Column("н", 8),
            Column("б", 8),
            Column("уп", 8),
            Column("оп", 8),
        ],
        rows=(
            [
                r.name,
                group.name,
                span,
                r.lessons,
                r.present,
                r.absent,
                r.ill,
                r.excused,
                r.late,
            ]
            for r in results
        ),
    )
    write_sheet(
        workbook,
        title="Текущие результаты",
        columns=[
            Column(learner, 36),
            Column("Предмет (модуль)", 30),
            Column("Отметки", 50),
            Column("Число отметок", 14),
        ],
        rows=(
            [r.name, s.name, " ".join(s.marks), len(s.marks)] for r in results for s in r.subjects
        ),
    )
    write_sheet(
        workbook,
        title="Аттестация",
        columns=[
            Column(learner, 36),
            Column("Предмет (модуль)", 30),
            Column("Период", 36),
            Column("Отметка", 10),
        ],
        rows=(
            [r.name, s.name, label, value]
            for r in results
            for s in r.subjects
            for label, value in s.attestation
        ),
    )
    if not any(r.final_attestation for r in results):
        return workbook_bytes(workbook)
    write_sheet(
        workbook,
        title="Итоговая аттестация",
        columns=[
            Column(learner, 36),
            Column("Дата заседания комиссии", 16),
            Column("Оценка за квалификационную работу", 18),
            Column("Итоговая оценка", 12),
        ],
        rows=(
            [r.name, f.held_on.strftime("%d.%m.%Y"), f.work_mark, f.final_mark]
            for r in results
            for f in r.final_attestation
        ),
    )
    return workbook_bytes(workbook)
