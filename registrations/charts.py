"""Charts as inline SVG, drawn on the server: no script, no third-party host, prints well.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its
``<desc>`` (both referenced with ``aria-labelledby``), so a screen reader announces one
image with its summary; the page puts the exact figures in a table beside it. Colours
and text sizes are presentation attributes, because the Content Security Policy allows no
inline ``style``.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

INK = "#0b0c0c"
ACCENT = "#004b76"
GRID = "#b1b4b6"
TRACK = "#eef2f5"
FONT = 'font-family="inherit" font-size="14"'

WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 10
LABEL_WIDTH = 210
VALUE_WIDTH = 130
LABEL_CHARS = 28


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: ``value`` sets the length, ``text`` is written beside it."""

    label: str
    value: float
    text: str


def nice_maximum(value: float) -> int:
    """Round a chart's top up to 1, 2, 2.5 or 5 times a power of ten (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return math.ceil(step * power)
    return math.ceil(10 * power)  # pragma: no cover - the loop always returns


def _shorten(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _frame(chart_id: str, title: str, description: str, height: int, body: str) -> SafeString:
    return format_html(
        '<svg class="kf-chart" role="img" focusable="false" viewBox="0 0 {} {}" '
        'width="{}" height="{}" aria-labelledby="{}-title {}-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        mark_safe(body),  # noqa: S308  # built below from escaped parts only
    )


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    maximum: float | None = None,
) -> SafeString:
    """Draw horizontal bars, one per row, labelled on the left, the ``text`` on the right.

    ``maximum`` fixes the full length (100 for percentages); by default the longest bar
    fills the track.
    """
    top = maximum if maximum is not None else max((bar.value for bar in bars), default=0)
    top = top or 1
    track = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = []
    for index, bar in enumerate(bars):
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        length = round(track * min(bar.value, top) / top, 1)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="{}" {}>{}<title>{}</title></text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" fill="{}" {}>{}</text>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 6,
                INK,
                mark_safe(FONT),  # noqa: S308  # a constant
                _shorten(bar.label),
                bar.label,
                LABEL_WIDTH,
                y,
                track,
                BAR_HEIGHT,
                TRACK,
                LABEL_WIDTH,
                y,
                length,
                BAR_HEIGHT,
                ACCENT,
                LABEL_WIDTH + track + 8,
                y + BAR_HEIGHT - 6,
                INK,
                mark_safe(FONT),  # noqa: S308  # a constant
                bar.text,
            )
        )
    height = BAR_GAP + max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP)
    return _frame(chart_id, title, description, height, "".join(parts))


def line_chart(
    points: Sequence[tuple[datetime.date, int]],
    *,
    chart_id: str,
    title: str,
    description: str,
) -> SafeString:
    """Draw a rising line over days (e.g. the running total of registrations).

    The vertical axis starts at 0 and ends at a round number; the first, middle and last
    day label the horizontal axis.
    """
    height = 280
    left, right, top_pad, bottom = 56, 24, 16, 48
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    top = nice_maximum(max((value for _day, value in points), default=0))
    parts = []
    for fraction in (0, 0.5, 1):
        y = round(top_pad + plot_h * (1 - fraction), 1)
        tick = top * fraction
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" fill="{}" {}>{}</text>',
                left,
                y,
                WIDTH - right,
                y,
                GRID,
                left - 8,
                y + 5,
                INK,
                mark_safe(FONT),  # noqa: S308  # a constant
                number_format(tick, 0 if float(tick).is_integer() else 1),
            )
        )

    def x_of(index: int) -> float:
        if len(points) == 1:
            return left + plot_w / 2
        return round(left + plot_w * index / (len(points) - 1), 1)

    def y_of(value: int) -> float:
        return round(top_pad + plot_h * (1 - value / top), 1)

    if points:
        coordinates = " ".join(f"{x_of(i)},{y_of(v)}" for i, (_d, v) in enumerate(points))
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="3" '
                'stroke-linejoin="round"/>',
                coordinates,
                ACCENT,
            )
        )
        if len(points) <= 31:
            parts.extend(
                format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', x_of(i), y_of(v), ACCENT)
                for i, (_d, v) in enumerate(points)
            )
        labelled = sorted({0, len(points) // 2, len(points) - 1})
        for index in labelled:
            anchor = "start" if index == 0 else "end" if index == len(points) - 1 else "middle"
            if len(points) == 1:
                anchor = "middle"
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="{}" fill="{}" {}>{}</text>',
                    x_of(index),
                    height - bottom + 24,
                    anchor,
                    INK,
                    mark_safe(FONT),  # noqa: S308  # a constant
                    date_format(points[index][0], "SHORT_DATE_FORMAT"),
                )
            )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>',
            left,
            top_pad + plot_h,
            WIDTH - right,
            top_pad + plot_h,
            INK,
        )
    )
    return _frame(chart_id, title, description, height, "".join(parts))
