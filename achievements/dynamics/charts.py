"""The dynamics page's charts, drawn from a ``Dynamics`` (common/charts.py); the
template puts the table of each chart's numbers beneath it."""

from dataclasses import dataclass

from common.charts import Series, bar_chart, format_number, line_chart, timeline
from learners.terms import current_terms

# With more subjects one chart's lines could not be told apart: each gets its own.
MAX_LINES = 4


@dataclass
class SubjectChart:
    name: str
    svg: str
    values: list
    rows: list


def _mean(value) -> str:
    return "—" if value is None else format_number(value, 2)


def _rows(labels, columns) -> list:
    """[(label, [text per column])]: a chart's numbers as its table shows them."""
    return [(label, [_mean(column[i]) for column in columns]) for i, label in enumerate(labels)]


def build(dynamics) -> dict:
    months, periods = dynamics.month_labels, dynamics.period_labels
    overall_month = [Series("Все предметы", dynamics.overall_by_month)]
    overall_period = [Series("Все предметы", dynamics.overall_by_period)]
    together = len(dynamics.subjects) <= MAX_LINES
    if together:
        overall_month += [Series(s.subject.name, s.by_month) for s in dynamics.subjects]
        overall_period += [Series(s.subject.name, s.by_period) for s in dynamics.subjects]
    small = []
    if not together:
        small = [
            SubjectChart(
                name=s.subject.name,
                svg=line_chart(
                    title=f"{s.subject.name}: средняя отметка по месяцам",
                    x_labels=months,
                    series=[Series(s.subject.name, s.by_month)],
                    y_min=1,
                    y_max=5,
                ),
                values=s.by_month,
                rows=_rows(months, [s.by_month]),
            )
            for s in dynamics.subjects
        ]
    attendance = dynamics.attendance
    columns_month = [dynamics.overall_by_month] + [s.by_month for s in dynamics.subjects]
    columns_period = [dynamics.overall_by_period] + [s.by_period for s in dynamics.subjects]
    return {
        "together": together,
        "names": ["Все предметы"] + [s.subject.name for s in dynamics.subjects],
        "month_rows": _rows(months, columns_month),
        "period_rows": _rows(periods, columns_period),
        "by_month": line_chart(
            title="Средняя отметка по месяцам",
            x_labels=months,
            series=overall_month,
            y_min=1,
            y_max=5,
        ),
        "by_period": line_chart(
            title="Средняя отметка по периодам",
            x_labels=periods,
            series=overall_period,
            y_min=1,
            y_max=5,
        ),
        "small": small,
        "attendance": bar_chart(
            title="Пропуски и опоздания по месяцам",
            x_labels=months,
            series=[
                Series("н", [m.absent["н"] for m in attendance]),
                Series("б", [m.absent["б"] for m in attendance]),
                Series("уп", [m.absent["уп"] for m in attendance]),
                Series("опоздания", [m.late for m in attendance]),
            ],
            places=0,
            y_label=current_terms()["lessons_gen"],
        ),
        "achievements": timeline(
            title="Достижения",
            start=dynamics.start,
            end=dynamics.end,
            events=[(a.date, a.title) for a in dynamics.achievements],
        ),
    }
