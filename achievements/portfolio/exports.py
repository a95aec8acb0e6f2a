"""Portfolio exports (R-PF-4): a learner's portfolio as PDF, a class's as XLSX. Each
returns bytes; WeasyPrint and openpyxl are imported inside, as they are heavy."""

import io
from collections import OrderedDict
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from achievements.models import AchievementLevel, AchievementStatus


def learner_portfolio_pdf(*, learner, achievements, organisation, group, today=None) -> bytes:
    from weasyprint import HTML

    grouped: OrderedDict = OrderedDict()
    rank = {level: index for index, level in enumerate(reversed(AchievementLevel.values))}
    # By category, then the highest level first, then the newest.
    for achievement in sorted(
        achievements,
        key=lambda a: (a.category.order, a.category.name, rank[a.level], -a.date.toordinal()),
    ):
        grouped.setdefault(achievement.category, []).append(achievement)
    html = render_to_string(
        "achievements/pdf/portfolio.html",
        {
            "learner": learner,
            "grouped": grouped,
            "organisation": organisation,
            "group": group,
            "today": today or date.today(),
            "fonts": (settings.BASE_DIR / "static" / "fonts").as_uri(),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


XLSX_COLUMNS = [
    ("Обучающийся", 34),
    ("Категория", 30),
    ("Название", 44),
    ("Уровень", 22),
    ("Результат", 14),
    ("Этап / знак", 20),
    ("Дата", 12),
    ("Организатор", 30),
    ("Предметная область", 24),
    ("Статус", 26),
    ("Документов", 12),
]


def group_portfolio_xlsx(*, group, achievements) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Портфолио {group.name}"[:31]
    sheet.append([title for title, _ in XLSX_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (_, width) in enumerate(XLSX_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for a in achievements:
        sheet.append(
            [
                a.learner.full_name,
                a.category.name,
                a.title,
                a.get_level_display(),
                a.get_result_display(),
                a.get_stage_display() or a.get_badge_display(),
                a.date,
                a.organiser,
                a.subject_area,
                AchievementStatus(a.status).label,
                a.evidence_count,
            ]
        )
        sheet.cell(row=sheet.max_row, column=7).number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(XLSX_COLUMNS))}{sheet.max_row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
