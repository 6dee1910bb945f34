"""Server-rendered SVG charts: no JavaScript, no CDN, readable on a laptop and in print.

Each function returns safe markup built from numbers and escaped labels only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 680, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 34, 40


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    css: str  # a class in workforce.css that gives the colour


def nice_top(value: float) -> float:
    """A round axis maximum just above ``value``: 1, 2, 2.5, 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-12:
            return step * power
    return 10 * power


def _frame(plot_w: float, plot_h: float, top: float, fmt: Callable[[float], str], y_label: str) -> list[str]:
    parts = []
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt(value))}</text>')
    parts.append(
        f'<text class="axis-label" transform="translate(12 {TOP + plot_h / 2:.0f}) rotate(-90)" '
        f'text-anchor="middle">{escape(y_label)}</text>'
    )
    return parts


def _svg(parts: list[str], label: str, css: str) -> SafeString:
    body = "".join(parts)
    return mark_safe(  # noqa: S308 — every interpolated label went through escape()
        f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">{body}</svg>'
    )


def _legend(series: Sequence[Series]) -> list[str]:
    """A row of swatches above the plot, wrapping to a second row when the names are long."""
    parts = []
    x, y = float(LEFT), 6.0
    for s in series:
        width = 22 + 6.4 * len(s.name)  # about 6.4 px a character at 11 px
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, y = float(LEFT), y + 14
        parts.append(f'<rect class="legend-swatch {s.css}" x="{x:.1f}" y="{y}" width="10" height="10"/>')
        parts.append(f'<text class="legend" x="{x + 14:.1f}" y="{y + 9}">{escape(s.name)}</text>')
        x += width + 12
    return parts


def line_chart(
    xs: Sequence[int],
    series: Sequence[Series],
    *,
    label: str,
    y_label: str,
    x_label: str,
    fmt: Callable[[float], str],
    top: float | None = None,
    target: float | None = None,
    mark_x: int | None = None,
) -> SafeString:
    """Lines over integer x (e.g. service level against agents), a dashed target, the chosen x marked."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    highest = top or nice_top(max((v for s in series for v in s.values), default=1.0))
    span = max(1, xs[-1] - xs[0]) if xs else 1

    def px(x: float) -> float:
        return LEFT + plot_w * (x - xs[0]) / span

    def py(y: float) -> float:
        return TOP + plot_h - plot_h * max(0.0, min(y, highest)) / highest

    parts = _frame(plot_w, plot_h, highest, fmt, y_label)
    for x in xs:
        parts.append(f'<text class="tick" x="{px(x):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{x}</text>')
    parts.append(
        f'<text class="axis-label" x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 4}" text-anchor="middle">{escape(x_label)}</text>'
    )
    if mark_x is not None and xs and xs[0] <= mark_x <= xs[-1]:
        parts.append(f'<line class="mark" x1="{px(mark_x):.1f}" x2="{px(mark_x):.1f}" y1="{TOP}" y2="{TOP + plot_h}"/>')
    if target is not None:
        parts.append(
            f'<line class="target" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{py(target):.1f}" y2="{py(target):.1f}"/>'
        )
    for s in series:
        points = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in zip(xs, s.values, strict=True))
        parts.append(f'<polyline class="line {s.css}" points="{points}"/>')
        for x, v in zip(xs, s.values, strict=True):
            parts.append(
                f'<circle class="dot {s.css}" cx="{px(x):.1f}" cy="{py(v):.1f}" r="3">'
                f"<title>{x}: {escape(fmt(v))}</title></circle>"
            )
    parts += _legend(series)
    return _svg(parts, label, "chart-line")


def column_chart(
    labels: Sequence[str],
    bars: Series,
    *,
    label: str,
    y_label: str,
    fmt: Callable[[float], str],
    steps: Series | None = None,
    ticks: Sequence[str] | None = None,
) -> SafeString:
    """One column per interval, with an optional step line over them (required vs scheduled).

    ``labels`` name each column in its tooltip; ``ticks`` (empty strings skipped) go under the axis.
    """
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = list(bars.values) + (list(steps.values) if steps else [])
    highest = nice_top(max(values, default=1.0))
    count = max(1, len(labels))
    slot = plot_w / count
    parts = _frame(plot_w, plot_h, highest, fmt, y_label)
    for i, (name, value) in enumerate(zip(labels, bars.values, strict=True)):
        height = plot_h * value / highest
        x = LEFT + i * slot
        parts.append(
            f'<rect class="{bars.css}" x="{x + slot * 0.1:.2f}" y="{TOP + plot_h - height:.2f}" '
            f'width="{slot * 0.8:.2f}" height="{height:.2f}"><title>{escape(name)}: {escape(fmt(value))}</title></rect>'
        )
        tick = (ticks or labels)[i]
        if tick:
            parts.append(
                f'<text class="tick" x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="start">{escape(tick)}</text>'
            )
    if steps:
        path = []
        for i, value in enumerate(steps.values):
            y = TOP + plot_h - plot_h * value / highest
            path.append(f"{'M' if i == 0 else 'L'}{LEFT + i * slot:.2f},{y:.2f} L{LEFT + (i + 1) * slot:.2f},{y:.2f}")
        parts.append(f'<path class="line {steps.css}" d="{" ".join(path)}"/>')
    parts += _legend([bars, *([steps] if steps else [])])
    return _svg(parts, label, "chart-columns")


def grouped_bars(
    groups: Sequence[str], series: Sequence[Series], *, label: str, y_label: str, fmt: Callable[[float], str]
) -> SafeString:
    """Bars side by side per group: FTE per line for the current structure and each scenario."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    highest = nice_top(max((v for s in series for v in s.values), default=1.0))
    slot = plot_w / max(1, len(groups))
    width = slot * 0.8 / max(1, len(series))
    parts = _frame(plot_w, plot_h, highest, fmt, y_label)
    for g, group in enumerate(groups):
        x0 = LEFT + g * slot + slot * 0.1
        for k, s in enumerate(series):
            value = s.values[g]
            height = plot_h * value / highest
            parts.append(
                f'<rect class="{s.css}" x="{x0 + k * width:.2f}" y="{TOP + plot_h - height:.2f}" width="{width * 0.92:.2f}" '
                f'height="{height:.2f}"><title>{escape(group)} · {escape(s.name)}: {escape(fmt(value))}</title></rect>'
            )
        parts.append(
            f'<text class="tick" x="{x0 + slot * 0.4:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{escape(group)}</text>'
        )
    parts += _legend(series)
    return _svg(parts, label, "chart-bars")
