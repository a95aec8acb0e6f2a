"""Portfolio exports (R-PF-4): a learner's portfolio as PDF, a class's as XLSX. Each
returns bytes; WeasyPrint and openpyxl are imported inside, as they are heavy."""

from collections import OrderedDict

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from achievements.models import AchievementLevel, AchievementStatus
from common import xlsx
from common.pdf import html_to_pdf
from common.xlsx import Column
from learners.terms import current_terms, terms_for


def learner_portfolio_pdf(*, learner, achievements, organisation, group, today=None) -> bytes:
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
            "terms": terms_for(organisation),
            "today": today or timezone.localdate(),
            "fonts": (settings.BASE_DIR / "static" / "fonts").as_uri(),
        },
    )
    return html_to_pdf(html)


XLSX_COLUMNS = [
    Column("{Learner}", 34),
    Column("Категория", 30),
    Column("Название", 44),
    Column("Уровень", 22),
    Column("Результат", 14),
    Column("Этап / знак", 20),
    Column("Дата", 12, number_format="DD.MM.YYYY"),
    Column("Организатор", 30),
    Column("Предметная область", 24),
    Column("Статус", 26),
    Column("Документов", 12),
]


def group_portfolio_xlsx(*, group, achievements) -> bytes:
    """Every cell goes through common.xlsx: what families typed stays text."""
    terms = current_terms()
    workbook = xlsx.new_workbook()
    xlsx.write_sheet(
        workbook,
        title=f"Портфолио {group.name}",
        columns=[Column(c.title.format_map(terms), c.width, c.number_format) for c in XLSX_COLUMNS],
        rows=(
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
            for a in achievements
        ),
    )
    return xlsx.workbook_bytes(workbook)
