"""The charts every page draws (common/charts.py): escaped, readable without colour,
empty-safe, Russian numbers, and printable as PDF/A."""

import io
import re
from datetime import date
from decimal import Decimal

from django.conf import settings
from pikepdf import pdfa

from common.charts import Series, bar_chart, format_number, line_chart, month_label, timeline
from common.pdf import html_to_pdf

FONTS = (settings.BASE_DIR / "static" / "fonts").as_uri()
PAGE = (
    '<html><head><style>@font-face { font-family: "DejaVu Sans"; '
    'src: url("FONTS/DejaVuSans.ttf"); } @font-face { font-family: "DejaVu Sans"; '
    'font-weight: bold; src: url("FONTS/DejaVuSans-Bold.ttf"); } '
    'body { font-family: "DejaVu Sans" }</style></head><body>BODY</body></html>'
).replace("FONTS", FONTS)
MONTHS = ["сен 2025", "окт 2025", "ноя 2025"]


def two_lines(name="Математика"):
    return line_chart(
        title="Средняя отметка",
        x_labels=MONTHS,
        series=[Series(name, [Decimal("4.5"), None, 4]), Series("Физика", [3, 3.25, 5])],
        y_min=1,
        y_max=5,
    )


def test_format_number_decimal_comma_and_half_up():
    assert [
        format_number(Decimal("4.125"), 2),
        format_number(4.5, 0),
        format_number(3, 1),
        format_number(12345, 0),
        format_number(1234, 0),
        format_number(12, 0, "%"),
        format_number(None),
    ] == ["4,13", "5", "3,0", "12\u00a0345", "1234", "12\u00a0%", ""]


def test_month_label_short_russian():
    assert (month_label(2025, 9), month_label(2026, 1)) == ("сен 2025", "янв 2026")


def test_line_chart_values_with_decimal_comma():
    svg = str(two_lines())

    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert ">4,50<" in svg and ">3,25<" in svg
    assert "4.50" not in svg


def test_line_chart_name_escaped():
    svg = str(two_lines(name="<script>alert(1)</script>"))

    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


def test_line_chart_accessible_title_and_desc():
    svg = str(two_lines())

    labelled = re.search(r'aria-labelledby="([\w-]+) ([\w-]+)"', svg).groups()
    assert 'role="img"' in svg
    assert f'<title id="{labelled[0]}">Средняя отметка</title>' in svg
    assert f'<desc id="{labelled[1]}">' in svg
    assert 'width="100%"' in svg and "viewBox=" in svg


def test_line_chart_series_distinct_markers_and_dashes():
    svg = str(
        line_chart(
            title="Т",
            x_labels=MONTHS,
            series=[Series(f"Ряд {n}", [n, n + 0.5, n]) for n in range(1, 6)],
        )
    )

    dashes = re.findall(r'<polyline [^>]*?(?:stroke-dasharray="([^"]+)")?/>', svg)
    assert len(dashes) == 5 and len(set(dashes)) == 5
    # Each series' marker kind: circle, square (rect), triangle, diamond (polygons), cross.
    assert svg.count("<circle") >= 3 + 1  # three points and the legend
    assert svg.count('stroke-width="2.5"') >= 3 + 1


def test_bar_chart_hatches_distinct_per_series():
    svg = str(
        bar_chart(
            title="Посещаемость",
            x_labels=MONTHS,
            series=[Series("н", [1, 2, 3]), Series("б", [2, 0, 1]), Series("уп", [0, 1, 1])],
            places=0,
        )
    )

    fills = re.findall(
        r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" fill="(#\w+)" stroke', svg
    )
    # 9 bars and 3 legend swatches; the series differ by fill and hatch lines.
    assert len(fills) == 12
    assert len(set(fills)) == 3
    assert "<pattern" not in svg and "url(#" not in svg


def test_charts_empty_data_say_no_data():
    empty = [
        line_chart(title="Пусто", x_labels=[], series=[]),
        line_chart(title="Пусто", x_labels=MONTHS, series=[Series("А", [None, None, None])]),
        bar_chart(title="Пусто", x_labels=MONTHS, series=[]),
        timeline(title="Пусто", start=date(2025, 9, 1), end=date(2026, 5, 31), events=[]),
    ]

    assert all("Нет данных" in str(svg) and str(svg).startswith("<svg") for svg in empty)


def test_timeline_escapes_labels_and_leaves_out_events_outside_span():
    svg = str(
        timeline(
            title="Достижения",
            start=date(2025, 9, 1),
            end=date(2026, 5, 31),
            events=[
                (date(2025, 10, 3), "Олимпиада <b>"),
                (date(2024, 1, 1), "Раньше срока"),
            ],
        )
    )

    assert "03.10.2025 Олимпиада &lt;b&gt;" in svg
    assert "Раньше срока" not in svg


def test_two_charts_on_one_page_have_distinct_ids():
    first, second = str(two_lines()), str(two_lines())

    ids = re.findall(r' id="([^"]+)"', first + second)
    assert len(ids) == len(set(ids)) == 4


def test_charts_render_in_pdfa():
    bars = bar_chart(
        title="Посещаемость",
        x_labels=MONTHS,
        series=[Series("Уроков", [20, 18, 22]), Series("н", [1, 0, 2]), Series("б", [0, 3, 0])],
        places=0,
    )
    events = [(date(2025, 10, 3), "Олимпиада"), (date(2026, 3, 1), "Конкурс")]
    line = timeline(
        title="Достижения", start=date(2025, 9, 1), end=date(2026, 5, 31), events=events
    )
    body = f"<div>{two_lines()}</div><div>{bars}</div><div>{line}</div>"

    content = html_to_pdf(PAGE.replace("BODY", body))

    assert pdfa.validate_written(io.BytesIO(content), "2b").verdict == "pass"
