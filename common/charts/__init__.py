"""Server-rendered SVG charts: a line chart, grouped bars and a time line, drawn by
our own small code rather than a library (pygal and the like draw with CSS and
scripts that the page's CSP refuses and that WeasyPrint ignores).

Each function returns one ``<svg>`` element as a ``SafeString``. The same element is
shown on a page, printed and drawn into a PDF/A, so:

- it is readable without colour: every series has its own marker shape and dash
  pattern (lines) or hatch (bars), repeated in the legend, and every point or bar
  carries its value where it fits (Russian decimal comma);
- it uses presentation attributes only (no ``<style>``, no script, no external
  reference): the page's CSP allows no inline style element, and the SVG must need
  nothing from outside;
- hatches are drawn as line segments clipped to the bar here, not as SVG
  ``<pattern>`` fills: a pattern colour space is something the PDF/A validator in
  ``common.pdf`` cannot approve, so a chart with one could never be printed;
- the viewBox is 480 units wide with 15-unit text, so on a 390 px phone (about
  358 px of content) text is drawn at 11 px or more; the element scales to its
  container (``width="100%"``).

Every text put into the SVG is escaped: series names and event labels come from user
data. The caller shows the table of the numbers beneath each chart."""

from collections.abc import Sequence
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString

# The pieces every chart is drawn from, and the names callers use with the charts.
from common.charts.draw import (
    ACCENT,
    DASHES,
    FONT,
    GRID,
    HATCHES,
    INK,
    LINE_COLOURS,
    MARKERS,
    WIDTH,
    Series,
    _bar,
    _bar_swatch,
    _describe,
    _empty,
    _Frame,
    _ident,
    _line_swatch,
    _marker,
    _no_data,
    _point_labels,
    _runs,
    _scale,
    _svg,
    _text,
    _text_width,
    _timeline_ticks,
    _title,
    format_number,
    month_label,
)

__all__ = ["Series", "bar_chart", "format_number", "line_chart", "month_label", "timeline"]


def line_chart(
    *,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    y_min: float | None = None,
    y_max: float | None = None,
    y_label: str = "",
    places: int = 2,
) -> SafeString:
    """Lines with markers, one per series; a ``None`` value breaks the line."""
    if _empty(series):
        return _no_data(title)
    values = [float(v) for s in series for v in s.values if v is not None]
    low, high, ticks = _scale(min(values), max(values), y_min, y_max)
    chart = _Frame(title, x_labels, y_label, low, high, ticks)
    desc = _describe("Линейная диаграмма", x_labels, series)
    body = []
    labels = []
    for index, one in enumerate(series):
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        dash = DASHES[index % len(DASHES)]
        marker = MARKERS[index % len(MARKERS)]
        points = [
            (chart.x(i), chart.y(float(v)), v) if v is not None else None
            for i, v in enumerate(one.values[: len(x_labels)])
        ]
        for run in _runs(points):
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in run)
                dashing = f' stroke-dasharray="{dash}"' if dash else ""
                body.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"{dashing}/>'
                )
        for i, point in enumerate(points):
            if point is None:
                continue
            x, y, value = point
            text = format_number(value, places)
            body.append(
                f"<g>{_marker(marker, x, y, colour)}<title>{escape(one.name)}, "
                f"{escape(x_labels[i])}: {text}</title></g>"
            )
            labels.append((i, x, y, text))
    if len(series) <= 2:
        # With more lines the labels would cover each other: the table has the values.
        body.extend(_point_labels(labels, chart.step))
    legend = [(one.name, _line_swatch(index)) for index, one in enumerate(series)]
    return chart.render(desc, body, legend)


def bar_chart(
    *,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    y_min: float = 0,
    y_max: float | None = None,
    y_label: str = "",
    places: int = 1,
    unit: str = "",
) -> SafeString:
    """Grouped vertical bars: for each x label one bar per series, side by side."""
    if _empty(series):
        return _no_data(title)
    values = [float(v) for s in series for v in s.values if v is not None]
    low, high, ticks = _scale(min(min(values), y_min), max(values), y_min, y_max)
    chart = _Frame(title, x_labels, y_label, low, high, ticks)
    desc = _describe("Столбчатая диаграмма", x_labels, series)
    group = chart.step * 0.8
    width = group / len(series)
    base = chart.y(max(low, min(0.0, high)))
    body = []
    for index, one in enumerate(series):
        fill, hatch = HATCHES[index % len(HATCHES)]
        for i, value in enumerate(one.values[: len(x_labels)]):
            if value is None:
                continue
            x0 = chart.x(i) - group / 2 + index * width
            y = chart.y(float(value))
            top, bottom = min(y, base), max(y, base)
            text = format_number(value, places, unit)
            body.append(
                f"<g><title>{escape(one.name)}, {escape(x_labels[i])}: {escape(text)}</title>"
                + _bar(x0, top, width, bottom - top, fill, hatch)
                + "</g>"
            )
            if _text_width(text) + 2 <= width:
                body.append(_text(x0 + width / 2, top - 4, text, anchor="middle"))
            elif width >= FONT + 2:
                # A narrow bar still carries its value, written upwards along it.
                body.append(
                    f'<text x="{x0 + width / 2 + FONT / 3:.1f}" y="{top - 4:.1f}" '
                    f'font-size="{FONT}" fill="{INK}" '
                    f'transform="rotate(-90 {x0 + width / 2 + FONT / 3:.1f} {top - 4:.1f})">'
                    f"{escape(text)}</text>"
                )
    legend = [(one.name, _bar_swatch(index)) for index, one in enumerate(series)]
    return chart.render(desc, body, legend)


def timeline(
    *, title: str, start: date, end: date, events: Sequence[tuple[date, str]]
) -> SafeString:
    """Dated, labelled marks on one line from ``start`` to ``end``; labels that would
    overlap go to further rows beneath. Events outside the span are left out."""
    shown = sorted((day, label) for day, label in events if start <= day <= end)
    if not shown or end < start:
        return _no_data(title)
    ident = _ident()
    span = max((end - start).days, 1)
    left, right = 16, WIDTH - 16
    top = 34

    def x_of(day: date) -> float:
        return left + (right - left) * (day - start).days / span

    # From the right: each label goes to the highest row where it overlaps no label
    # and where no label above it covers its mark, so the line from the mark down to
    # its label never crosses text (a staircase descending to the left).
    rows: list[list[tuple[float, float]]] = []
    placed = []
    limit = 34
    for day, label in reversed(shown):
        text = f"{day:%d.%m.%Y} {label}"
        short = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
        x = x_of(day)
        width = _text_width(short)
        # Near the right edge the label ends at its mark instead of starting there.
        anchor, x0 = ("start", x) if x + width <= WIDTH - 4 else ("end", x - width)
        x0 = max(x0, 2.0)
        covering = [r for r, taken in enumerate(rows) if any(a - 4 <= x <= b + 4 for a, b in taken)]
        free = [
            r
            for r in range(min(covering, default=len(rows)) + 1)
            if r == len(rows) or not any(a - 8 < x0 + width and x0 < b + 8 for a, b in rows[r])
        ]
        # Only when a label ending at its mark hides it may a line cross text.
        row = free[0] if free else len(rows)
        while row >= len(rows):
            rows.append([])
        rows[row].append((x0, x0 + width))
        placed.append((x, row, anchor, short, text))
    axis_y = top + 30
    height = axis_y + 24 + len(rows) * (FONT + 10) + 8
    body = [
        f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" '
        f'stroke="{INK}" stroke-width="2"/>'
    ]
    for x, label, anchor in _timeline_ticks(start, end, x_of):
        body.append(
            f'<line x1="{x:.1f}" y1="{axis_y - 5}" x2="{x:.1f}" y2="{axis_y + 5}" stroke="{INK}"/>'
        )
        body.append(_text(x, axis_y - 9, label, anchor=anchor))
    for x, row, anchor, short, text in placed:
        y = axis_y + 24 + row * (FONT + 10) + FONT
        body.append(
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{y - FONT + 2:.1f}" '
            f'stroke="{GRID}"/>'
        )
        body.append(f"<g>{_marker('diamond', x, axis_y, ACCENT)}<title>{escape(text)}</title></g>")
        body.append(_text(x, y, short, anchor=anchor))
    desc = f"Линия времени с {start:%d.%m.%Y} по {end:%d.%m.%Y}: событий — {len(shown)}."
    return _svg(ident, title, desc, height, [_title(title), *body])
