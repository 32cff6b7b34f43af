"""SVG charts of indicator values by year with the target line — pure functions, SVG text out.

``series_chart`` draws one line per breakdown (the total first, in the accent colour) over the
years on a linear axis, a dashed horizontal line at a numeric target (målvärde), and a grey
"I.U." mark for a year the report printed without a value. Everything is presentation attributes
on inline SVG (no style sheet, no script), with a ``<title>`` per point and an ``aria-label``
summarising the chart, so it reads the same under a strict Content-Security-Policy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

__all__ = ["format_number", "nice_ticks", "series_chart"]

WIDTH, HEIGHT = 560, 250
_LEFT, _RIGHT, _TOP, _BOTTOM = 62, 20, 34, 30
_COLOURS = ("#0b5cad", "#c2571a", "#6a3d9a", "#1b7f79", "#8c564b")
_TARGET = "#b3261e"
_GRID = "#d9dee4"
_MUTED = "#5b6773"
_TOTAL = "totalt"


def format_number(value: float) -> str:
    """A number as Swedish reports print it: "157 000", "25,5" (thin no-break space, comma)."""
    if value == int(value) and abs(value) < 1e15:
        text = f"{int(value):,}".replace(",", "\u202f")
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f").replace(".", ",")
    return text.replace("-", "−")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` evenly spaced round values covering ``low``…``high`` (1, 2, 2.5 or 5 × 10ⁿ)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def series_chart(
    observations: Sequence[dict[str, Any]],
    target: dict[str, Any] | None,
    *,
    title: str,
    unit: str | None = None,
) -> str:
    """An SVG line chart of ``observations`` (``period``, ``value`` or None, ``raw``,
    ``breakdown``) with ``target`` (``value``, ``raw``) as a dashed line; "" without a single
    value in a year-like period (a series of "I.U." has nothing to draw)."""
    points = [o for o in observations if _year(o["period"]) is not None]
    if not any(o.get("value") is not None for o in points):
        return ""
    years = sorted({_year(o["period"]) or 0.0 for o in points})
    values = [float(o["value"]) for o in points if o.get("value") is not None]
    goal = target.get("value") if target else None
    span = [*values, *([float(goal)] if goal is not None else [])] or [0.0]
    ticks = nice_ticks(min(0.0, *span), max(span))
    low, high = ticks[0], ticks[-1]
    first, last = years[0] - 0.5, years[-1] + 0.5

    def x(year: float) -> float:
        return _LEFT + (year - first) / (last - first) * (WIDTH - _LEFT - _RIGHT)

    def y(value: float) -> float:
        return HEIGHT - _BOTTOM - (value - low) / (high - low) * (HEIGHT - _TOP - _BOTTOM)

    parts = [_grid(ticks, y), _axis(years, x)]
    if goal is not None:
        raw = str(target.get("raw") or format_number(float(goal))) if target else ""
        parts.append(_target_line(float(goal), raw, y))
    breakdowns = sorted({str(o.get("breakdown") or _TOTAL) for o in points}, key=lambda b: (b != _TOTAL, b))
    for index, breakdown in enumerate(breakdowns[: len(_COLOURS)]):
        colour = _COLOURS[index]
        line = [o for o in points if str(o.get("breakdown") or _TOTAL) == breakdown]
        parts.append(_line(line, colour, breakdown, x, y, legend=len(breakdowns) > 1))
    summary = _summary(title, points, target, unit)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="series" aria-label={quoteattr(summary)} font-family="system-ui, sans-serif" font-size="14">'
        f"<title>{escape(summary)}</title>{''.join(parts)}</svg>"
    )


def _year(period: object) -> float | None:
    text = str(period)
    if len(text) >= 4 and text[:4].isdigit():
        return float(text[:4])
    return None


def _grid(ticks: list[float], y: Any) -> str:
    lines = []
    for tick in ticks:
        at = y(tick)
        lines.append(
            f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{at:.1f}" y2="{at:.1f}" stroke="{_GRID}" '
            f'stroke-width="{1.5 if tick == 0 else 1}"/>'
            f'<text x="{_LEFT - 8}" y="{at + 4:.1f}" text-anchor="end" fill="{_MUTED}">'
            f"{escape(format_number(tick))}</text>"
        )
    return "".join(lines)


def _axis(years: list[float], x: Any) -> str:
    step = max(1, math.ceil(len(years) / 10))
    return "".join(
        f'<text x="{x(year):.1f}" y="{HEIGHT - _BOTTOM + 20}" text-anchor="middle" fill="{_MUTED}">'
        f"{int(year)}</text>"
        for year in years[::step]
    )


def _target_line(goal: float, raw: str, y: Any) -> str:
    """The target as a dashed line across the plot, named in a key above it."""
    at, right = y(goal), WIDTH - _RIGHT
    return (
        f'<g class="target"><line x1="{_LEFT}" x2="{right}" y1="{at:.1f}" y2="{at:.1f}" '
        f'stroke="{_TARGET}" stroke-width="2" stroke-dasharray="7 5"/>'
        f'<line x1="{right - 150}" x2="{right - 122}" y1="12" y2="12" stroke="{_TARGET}" stroke-width="2" '
        f'stroke-dasharray="7 5"/><text x="{right - 116}" y="17" fill="{_TARGET}" font-weight="600">'
        f"Målvärde {escape(raw)}</text></g>"
    )


def _line(line: list[dict[str, Any]], colour: str, breakdown: str, x: Any, y: Any, *, legend: bool) -> str:
    known = sorted((o for o in line if o.get("value") is not None), key=lambda o: o["period"])
    coords = [(x(_year(o["period"]) or 0.0), y(float(o["value"]))) for o in known]
    parts = [f'<g class="line" data-breakdown={quoteattr(breakdown)}>']
    if len(coords) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{cx:.1f},{cy:.1f}" for i, (cx, cy) in enumerate(coords))
        parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
    for (cx, cy), o in zip(coords, known, strict=True):
        label = f"{o['period']}: {o.get('raw') or format_number(float(o['value']))}"
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.5" fill="#fff" stroke="{colour}" stroke-width="2.5">'
            f"<title>{escape(label)}</title></circle>"
        )
    if coords and not legend:
        cx, cy = coords[-1]
        value = known[-1].get("raw") or format_number(float(known[-1]["value"]))
        parts.append(
            f'<text x="{cx:.1f}" y="{cy - 10:.1f}" text-anchor="middle" fill="{colour}" '
            f'font-weight="600">{escape(str(value))}</text>'
        )
    if coords and legend:
        cx, cy = coords[-1]
        parts.append(f'<text x="{cx + 8:.1f}" y="{cy + 4:.1f}" fill="{colour}">{escape(breakdown)}</text>')
    for o in line:
        if o.get("value") is None:
            at = x(_year(o["period"]) or 0.0)
            parts.append(
                f'<text x="{at:.1f}" y="{HEIGHT - _BOTTOM - 6}" text-anchor="middle" fill="{_MUTED}" '
                f'font-size="12">{escape(str(o.get("raw") or "–"))}'
                f"<title>{escape(str(o['period']))}: inget värde / no value</title></text>"
            )
    parts.append("</g>")
    return "".join(parts)


def _summary(
    title: str, points: list[dict[str, Any]], target: dict[str, Any] | None, unit: str | None
) -> str:
    totals = [o for o in points if str(o.get("breakdown") or _TOTAL) == _TOTAL] or points
    values = ", ".join(f"{o['period']}: {o.get('raw') or '–'}" for o in totals)
    goal = f"; mål {target.get('raw')}" if target and target.get("raw") else ""
    suffix = f" ({unit})" if unit else ""
    return f"{title}{suffix} — {values}{goal}"
