"""The pieces every chart of ``common.charts`` is drawn from: the sizes and inks, the
frame and its scale, markers, hatches, legends, text and the ``<svg>`` element itself."""

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 480
FONT = 15
# DejaVu Sans (the embedded font) draws Cyrillic about 0.62 em wide on average:
# enough to decide whether a label fits, never to place it exactly.
CHAR_WIDTH = FONT * 0.62
LEFT = 48
RIGHT = 14
PLOT_HEIGHT = 210
INK = "#1a1a1a"
GRID = "#c8c8c8"
ACCENT = "#1f5fa8"
FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
NO_DATA = "Нет данных"
SHORT_MONTHS = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")

# Line series: (marker, dash array); the first series also gets the accent colour, the
# others shades of grey, but the marker and dash always tell them apart.
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "plus", "down", "star")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 2", "12 4", "2 6", "6 2 2 2 2 2")
LINE_COLOURS = (ACCENT, INK, "#555555", "#333333", "#6b6b6b", "#444444", "#222222", "#5e5e5e")
# Bar series: (fill, hatch); hatch is one of the kinds _hatch draws.
HATCHES = (
    ("#3d3d3d", ""),
    ("#ffffff", "slash"),
    ("#d9d9d9", "horizontal"),
    ("#ffffff", "cross"),
    ("#9a9a9a", "vertical"),
    ("#ffffff", "backslash"),
    ("#ffffff", "dots"),
    ("#ededed", ""),
)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | float | int | None]


def format_number(value, places: int = 2, unit: str = "") -> str:
    """``value`` with ``places`` decimals, a decimal comma and a non-breaking space
    between thousands, rounded half up as a school rounds a mean; the same text the
    tables beneath the charts should show."""
    if value is None:
        return ""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)
    sign = "−" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    if len(whole) > 4:
        # 12 345, but 1234: the Russian typographic habit.
        whole = f"{int(whole):,}".replace(",", "\u00a0")
    text = sign + whole
    if fraction:
        text += "," + fraction
    return f"{text}\u00a0{unit}" if unit else text


def month_label(year: int, month: int) -> str:
    """«сен 2025»: a month's label on an axis and in a table."""
    return f"{SHORT_MONTHS[month - 1]} {year}"


# ---- frame, scale and pieces ------------------------------------------------------


class _Frame:
    """The plot area, axes, x labels and legend shared by the line and bar charts."""

    def __init__(self, title, x_labels, y_label, low, high, ticks):
        self.title = title
        self.x_labels = list(x_labels)
        self.y_label = y_label
        self.low, self.high, self.ticks = low, high, ticks
        # Room under the title for the axis's name and for value labels above the top.
        self.top = 30 + (FONT + 8 if y_label else 0) + FONT + 8
        self.left, self.right = LEFT, WIDTH - RIGHT
        count = max(len(self.x_labels), 1)
        self.step = (self.right - self.left) / count
        widest = max((_text_width(label) for label in self.x_labels), default=0)
        # Horizontal labels when they fit, else slanted; every k-th when even slanted
        # ones would touch.
        self.slanted = widest + 6 > self.step
        self.every = max(1, math.ceil((FONT + 4) / self.step)) if self.slanted else 1
        self.label_height = widest * 0.72 + FONT if self.slanted else FONT + 6
        self.bottom = self.top + PLOT_HEIGHT

    def x(self, index: int) -> float:
        return self.left + self.step * (index + 0.5)

    def y(self, value: float) -> float:
        if self.high == self.low:
            return self.bottom - PLOT_HEIGHT / 2
        return self.bottom - (value - self.low) / (self.high - self.low) * PLOT_HEIGHT

    def render(self, desc, body, legend) -> SafeString:
        ident = _ident()
        parts = [_title(self.title)]
        if self.y_label:
            parts.append(_text(8, 30 + FONT, self.y_label, anchor="start"))
        for tick in self.ticks:
            y = self.y(tick)
            parts.append(
                f'<line x1="{self.left}" y1="{y:.1f}" x2="{self.right}" y2="{y:.1f}" '
                f'stroke="{GRID}" stroke-width="1"/>'
            )
            parts.append(_text(self.left - 6, y + FONT / 3, _tick_text(tick), anchor="end"))
        parts.append(
            f'<line x1="{self.left}" y1="{self.bottom}" x2="{self.right}" y2="{self.bottom}" '
            f'stroke="{INK}" stroke-width="1.5"/>'
        )
        parts.append(
            f'<line x1="{self.left}" y1="{self.top}" x2="{self.left}" y2="{self.bottom}" '
            f'stroke="{INK}" stroke-width="1.5"/>'
        )
        for i, label in enumerate(self.x_labels):
            if i % self.every:
                continue
            x = self.x(i)
            y = self.bottom + FONT + 4
            if self.slanted:
                parts.append(
                    f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT}" fill="{INK}" '
                    f'text-anchor="end" transform="rotate(-45 {x:.1f} {y - FONT / 2:.1f})">'
                    f"{escape(label)}</text>"
                )
            else:
                parts.append(_text(x, y, label, anchor="middle"))
        parts.extend(body)
        legend_top = self.bottom + self.label_height + 12
        legend_parts, legend_height = _legend(legend, legend_top)
        parts.extend(legend_parts)
        return _svg(ident, self.title, desc, legend_top + legend_height + 6, parts)


def _scale(data_low, data_high, y_min, y_max):
    """The axis range and its ticks: the caller's bounds when given (a mark's scale
    is 1–5 whatever the data), else round numbers around the data."""
    low = float(y_min) if y_min is not None else data_low
    high = float(y_max) if y_max is not None else data_high
    low, high = min(low, data_low), max(high, data_high)
    if high == low:
        high = low + 1
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if y_min is None:
        low = math.floor(low / step) * step
    if y_max is None:
        high = math.ceil(high / step) * step
    ticks = []
    tick = math.ceil(low / step - 1e-9) * step
    while tick <= high + 1e-9:
        ticks.append(round(tick, 10))
        tick += step
    return low, high, ticks


def _tick_text(value: float) -> str:
    places = 0 if float(value).is_integer() else (1 if float(value * 10).is_integer() else 2)
    return format_number(value, places)


def _runs(points):
    run = []
    for point in points:
        if point is None:
            if run:
                yield run
            run = []
        else:
            run.append(point)
    if run:
        yield run


def _point_labels(labels, step):
    """Value labels above the points where they fit: one per point, skipped where it
    would cover another label at the same x or spill into the next column."""
    out = []
    by_x: dict[int, list] = {}
    for i, x, y, text in labels:
        by_x.setdefault(i, []).append((y, x, text))
    for column in by_x.values():
        placed: list[float] = []
        for rank, (y, x, text) in enumerate(sorted(column)):
            if _text_width(text) + 4 > step:
                continue
            label_y = y - 8 if rank == 0 else y + FONT + 8
            if any(abs(label_y - other) < FONT + 1 for other in placed):
                label_y = y + FONT + 8
                if any(abs(label_y - other) < FONT + 1 for other in placed):
                    continue
            placed.append(label_y)
            out.append(_text(x, label_y, text, anchor="middle"))
    return out


def _marker(kind: str, x: float, y: float, colour: str, size: float = 5) -> str:
    s = size
    stroke = f'stroke="{colour}" stroke-width="2"'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" fill="#ffffff" {stroke}/>'
    if kind == "square":
        return (
            f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" '
            f'fill="{colour}" {stroke}/>'
        )
    if kind == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - s * 1.2:.1f} {x + s * 1.1:.1f},{y + s * 0.8:.1f} '
            f'{x - s * 1.1:.1f},{y + s * 0.8:.1f}" fill="#ffffff" {stroke}/>'
        )
    if kind == "down":
        return (
            f'<polygon points="{x:.1f},{y + s * 1.2:.1f} {x + s * 1.1:.1f},{y - s * 0.8:.1f} '
            f'{x - s * 1.1:.1f},{y - s * 0.8:.1f}" fill="{colour}" {stroke}/>'
        )
    if kind == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - s * 1.3:.1f} {x + s:.1f},{y:.1f} '
            f'{x:.1f},{y + s * 1.3:.1f} {x - s:.1f},{y:.1f}" fill="{colour}" {stroke}/>'
        )
    if kind == "cross":
        return (
            f'<path d="M{x - s:.1f},{y - s:.1f}L{x + s:.1f},{y + s:.1f}'
            f'M{x - s:.1f},{y + s:.1f}L{x + s:.1f},{y - s:.1f}" fill="none" '
            f'stroke="{colour}" stroke-width="2.5"/>'
        )
    if kind == "plus":
        return (
            f'<path d="M{x - s * 1.2:.1f},{y:.1f}H{x + s * 1.2:.1f}'
            f'M{x:.1f},{y - s * 1.2:.1f}V{y + s * 1.2:.1f}" fill="none" '
            f'stroke="{colour}" stroke-width="2.5"/>'
        )
    # star: five points
    points = []
    for k in range(10):
        radius = s * 1.3 if k % 2 == 0 else s * 0.55
        angle = math.pi / 2 + k * math.pi / 5
        points.append(f"{x + radius * math.cos(angle):.1f},{y - radius * math.sin(angle):.1f}")
    return f'<polygon points="{" ".join(points)}" fill="{colour}" {stroke}/>'


def _bar(x: float, y: float, width: float, height: float, fill: str, hatch: str) -> str:
    parts = [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="{fill}" stroke="{INK}" stroke-width="1"/>'
    ]
    if hatch and width > 0 and height > 0:
        parts.append(_hatch(hatch, x, y, x + width, y + height))
    return "".join(parts)


def _hatch(kind: str, x0: float, y0: float, x1: float, y1: float, gap: float = 6) -> str:
    """The hatch of a bar as line segments clipped to its rectangle (see the module's
    note on why not an SVG pattern)."""
    segments = []
    if kind in ("slash", "cross"):
        # Lines x + y = c, rising to the right on screen.
        c = x0 + y0 + gap
        while c < x1 + y1:
            xa, xb = max(x0, c - y1), min(x1, c - y0)
            if xa < xb:
                segments.append((xa, c - xa, xb, c - xb))
            c += gap
    if kind in ("backslash", "cross"):
        c = x0 - y1 + gap
        while c < x1 - y0:
            xa, xb = max(x0, c + y0), min(x1, c + y1)
            if xa < xb:
                segments.append((xa, xa - c, xb, xb - c))
            c += gap
    if kind == "horizontal":
        y = y0 + gap / 2
        while y < y1:
            segments.append((x0, y, x1, y))
            y += gap / 1.5
    if kind == "vertical":
        x = x0 + gap / 2
        while x < x1:
            segments.append((x, y0, x, y1))
            x += gap / 1.5
    if kind == "dots":
        dots = []
        y = y0 + gap / 2
        row = 0
        while y < y1:
            x = x0 + (gap / 2 if row % 2 else gap)
            while x < x1:
                dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.2" fill="{INK}"/>')
                x += gap
            y += gap / 1.2
            row += 1
        return "".join(dots)
    if not segments:
        return ""
    path = "".join(f"M{a:.1f},{b:.1f}L{c:.1f},{d:.1f}" for a, b, c, d in segments)
    return f'<path d="{path}" fill="none" stroke="{INK}" stroke-width="1"/>'


def _line_swatch(index: int):
    colour = LINE_COLOURS[index % len(LINE_COLOURS)]
    dash = DASHES[index % len(DASHES)]
    marker = MARKERS[index % len(MARKERS)]

    def draw(x: float, y: float) -> str:
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        return (
            f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 30:.1f}" y2="{y:.1f}" stroke="{colour}" '
            f'stroke-width="2"{dashing}/>' + _marker(marker, x + 15, y, colour)
        )

    return draw


def _bar_swatch(index: int):
    fill, hatch = HATCHES[index % len(HATCHES)]

    def draw(x: float, y: float) -> str:
        return _bar(x + 4, y - 9, 22, 18, fill, hatch)

    return draw


def _legend(entries, top: float):
    """Legend entries (swatch, name) flowing in rows under the plot."""
    parts = []
    x, row = 8.0, 0
    for name, swatch in entries:
        label = name if len(name) <= 40 else name[:39] + "…"
        width = 36 + _text_width(label) + 16
        if x + width > WIDTH and x > 8:
            x, row = 8.0, row + 1
        y = top + row * (FONT + 12) + FONT / 2
        parts.append(swatch(x, y))
        parts.append(_text(x + 36, y + FONT / 3, label, anchor="start"))
        x += width
    rows = row + 1 if entries else 0
    return parts, rows * (FONT + 12)


def _timeline_ticks(start: date, end: date, x_of):
    """(x, label, anchor) of the span's ends and of the first day of each year (of
    each month when the span is short) in between, without two labels touching."""
    inner = []
    if (end - start).days <= 400:
        year, month = start.year, start.month
        while True:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            day = date(year, month, 1)
            if day >= end:
                break
            inner.append((day, SHORT_MONTHS[month - 1]))
    else:
        inner = [(date(y, 1, 1), str(y)) for y in range(start.year + 1, end.year + 1)]
    first = f"{start:%d.%m.%Y}"
    ticks = [(x_of(start), first, "start")]
    taken_until = x_of(start) + _text_width(first)
    last = f"{end:%d.%m.%Y}"
    last_from = x_of(end) - _text_width(last) if end != start else WIDTH
    for day, label in inner:
        x = x_of(day)
        half = _text_width(label) / 2
        if x - half > taken_until + 8 and x + half < last_from - 8:
            ticks.append((x, label, "middle"))
            taken_until = x + half
    if end != start:
        ticks.append((x_of(end), last, "end"))
    return ticks


def _empty(series: Sequence[Series]) -> bool:
    return not any(v is not None for one in series for v in one.values)


def _describe(kind: str, x_labels, series) -> str:
    names = ", ".join(one.name for one in series)
    return (
        f"{kind}: рядов — {len(series)} ({names}), точек по оси — {len(x_labels)}. "
        "Значения приведены в таблице под диаграммой."
    )


def _no_data(title: str) -> SafeString:
    ident = _ident()
    body = [_title(title), _text(WIDTH / 2, 70, NO_DATA, anchor="middle")]
    return _svg(ident, title, NO_DATA, 100, body)


def _title(title: str) -> str:
    return (
        f'<text x="8" y="22" font-size="{FONT + 1}" font-weight="bold" fill="{INK}">'
        f"{escape(title)}</text>"
    )


def _text(x: float, y: float, text: str, *, anchor: str) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT}" fill="{INK}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _ident() -> str:
    # Ids only need to differ between charts on one page; nothing is cached.
    return "chart-" + uuid.uuid4().hex[:10]


def _svg(ident: str, title: str, desc: str, height: float, parts) -> SafeString:
    height = math.ceil(height)
    # Every text inside was escaped where it was put in.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMidYMid meet" font-family="{FONT_FAMILY}" '
        f'aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>'
        + "".join(parts)
        + "</svg>"
    )
