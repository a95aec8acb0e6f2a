"""The council's report (000 §6.3) for a scope: a PDF/A through common.pdf with the
chart inline as SVG, and an XLSX through common.xlsx with numbers as numbers. Both are
made from one ``Council`` (achievements.statistics.council), so they show the same
figures as the page."""

from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from achievements.statistics.council import Compared, Council
from achievements.statistics.rules import COUNTED_VALUES

PERCENT = "0.0"
MEAN = "0.00"
DELTA = "+0.0;-0.0;0.0"


def _fonts() -> str:
    return (settings.BASE_DIR / "static" / "fonts").as_uri()


def council_pdf(*, data: Council, organisation) -> bytes:
    from common.pdf import html_to_pdf

    html = render_to_string(
        "achievements/statistics/pdf/report.html",
        {
            "c": data,
            "terms": data.terms,
            "org": organisation,
            "fonts": _fonts(),
            "counted_values": COUNTED_VALUES,
            "made_on": timezone.localdate(),
        },
    )
    return html_to_pdf(html)


def _number(value: Decimal | None):
    return float(value) if value is not None else None


def _totals_row(row: Compared) -> list:
    t = row.now
    return [
        row.label,
        t.learners,
        t.attested,
        t.passing,
        _number(t.progress_percent),
        _number(row.progress_delta),
        t.quality,
        _number(t.quality_percent),
        _number(row.quality_delta),
        _number(t.mean),
        t.excellent,
        t.one_four,
        t.one_three,
        t.behind,
    ]


def _totals_columns(first: str, terms: dict):
    from common.xlsx import Column

    return [
        Column(first, 22),
        Column(terms["Learners_gen"], 12),
        Column("Аттестовано", 12),
        Column("Успевают", 10),
        Column("Успеваемость, %", 14, PERCENT),
        Column("Δ успеваемости, п.п.", 14, DELTA),
        Column("На «4» и «5»", 11),
        Column("Качество, %", 12, PERCENT),
        Column("Δ качества, п.п.", 13, DELTA),
        Column("Средний балл", 11, MEAN),
        Column("Отличники", 10),
        Column("С одной «4»", 10),
        Column("С одной «3»", 10),
        Column("Неуспевающие", 12),
    ]


def council_xlsx(*, data: Council, organisation) -> bytes:
    from common.xlsx import Column, new_workbook, workbook_bytes, write_sheet

    workbook = new_workbook()
    summary = data.summary_rows
    title = [
        f"Итоги успеваемости: {data.scope.label}"
        + (f"; сравнение с: {data.previous.label}" if data.previous else ""),
        *[None] * 13,
    ]
    write_sheet(
        workbook,
        title="Сводка",
        columns=_totals_columns("Показатель", data.terms),
        rows=[*(_totals_row(row) for row in summary), [None] * 14, title],
    )
    write_sheet(
        workbook,
        title=data.terms["Groups"],
        columns=_totals_columns(data.terms["Group"], data.terms),
        rows=(_totals_row(row) for _, classes in data.grades for row in classes),
    )
    write_sheet(
        workbook,
        title="Предметы",
        columns=[
            Column("Предмет", 28),
            *(Column(f"«{value}»", 7) for value in COUNTED_VALUES),
            Column("Аттестовано", 12),
            Column("Освобождены", 12),
            Column("Зачтено", 10),
            Column("Средний балл", 11, MEAN),
            Column("Успеваемость, %", 14, PERCENT),
            Column("Δ успеваемости, п.п.", 14, DELTA),
            Column("Качество, %", 12, PERCENT),
            Column("Δ качества, п.п.", 13, DELTA),
        ],
        rows=(
            [
                s.now.name,
                *s.counts,
                s.now.attested,
                s.now.exempt,
                s.now.credited,
                _number(s.now.mean),
                _number(s.now.progress_percent),
                _number(s.progress_delta),
                _number(s.now.quality_percent),
                _number(s.quality_delta),
            ]
            for s in data.subjects
        ),
    )
    write_sheet(
        workbook,
        title="Неуспевающие",
        columns=[
            Column(data.terms["Learner"], 36),
            Column(data.terms["Group"], 16),
            Column("Предметы", 48),
            Column("«2»", 6),
            Column("«н/а»", 6),
        ],
        rows=(
            [o.name, g.name, ", ".join(o.failing_subjects), o.twos, o.not_attested]
            for g, o in data.stats.behind_learners
        ),
    )
    write_sheet(
        workbook,
        title="Отличники",
        columns=[
            Column(data.terms["Learner"], 36),
            Column(data.terms["Group"], 16),
            Column("Средний балл", 11, MEAN),
        ],
        rows=([o.name, g.name, _number(o.mean)] for g, o in data.stats.excellent_learners),
    )
    return workbook_bytes(workbook)
