"""Indicator time series: value cells folded into one series, its target, and whether it is on track.

A value printed by several reports (the 2018 outcome repeated in the 2019 internbudget and the
2020 verksamhetsberättelse) appears once. The target is the one printed by the latest report
that gives the indicator a value (a nämnd may revise its målvärde). "On track" compares the
latest total value with a numeric target (``eq``, ``le``, ``lt``, ``ge``, ``gt``), or, for a
direction-only target ("Öka", "Minska", "Behålla"), with the value before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["TOTAL", "fold_series", "on_track"]

TOTAL = "totalt"
"""Label of the breakdown of values that are not broken down (``sg:breakdown-total``)."""

_TARGET_KEYS = {"targetRaw": "raw", "targetValue": "value", "comparator": "comparator",
                "direction": "direction", "targetPeriod": "period"}  # fmt: skip


def fold_series(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Observations, target, latest value and on-track flag from the rows of one indicator
    (``indicator_series`` or ``goal_trace_indicators`` rows)."""
    observations: dict[tuple[str, str, str], dict[str, Any]] = {}
    targets: list[tuple[str, dict[str, Any]]] = []
    for row in rows:
        if "period" in row:
            key = (str(row["period"]), str(row.get("breakdown", TOTAL)), str(row.get("raw", "")))
            observations.setdefault(
                key,
                {
                    "period": str(row["period"]),
                    "value": row.get("value"),
                    "raw": row.get("raw"),
                    "breakdown": row.get("breakdown", TOTAL),
                    "document": row.get("document"),
                },
            )
        if "targetRaw" in row:
            printed = {name: row[key] for key, name in _TARGET_KEYS.items() if key in row}
            targets.append((str(row.get("period", "")), printed))
    series = sorted(
        observations.values(), key=lambda o: (o["period"], o["breakdown"] != TOTAL, o["breakdown"])
    )
    totals = [o for o in series if o["breakdown"] == TOTAL and o["value"] is not None]
    latest = totals[-1] if totals else None
    target = _latest_target(targets, latest)
    previous = totals[-2]["value"] if len(totals) > 1 else None
    judged = on_track(latest["value"], target, previous) if latest is not None else None
    return {
        "observations": series,
        "target": target,
        "latest": {"period": latest["period"], "value": latest["value"]} if latest else None,
        "on_track": judged,
    }


def _latest_target(
    targets: list[tuple[str, dict[str, Any]]], latest: dict[str, Any] | None
) -> dict[str, Any] | None:
    if not targets:
        return None
    if latest is not None:
        beside = [t for period, t in targets if period == latest["period"]]
        if beside:
            return beside[-1]
    return max(targets, key=lambda pair: pair[0])[1]


def on_track(value: float, target: dict[str, Any] | None, previous: float | None) -> bool | None:
    """Whether ``value`` meets ``target`` (None when the target cannot be judged)."""
    if target is None:
        return None
    goal = target.get("value")
    comparator = target.get("comparator")
    if goal is not None and comparator in {"eq", "le", "lt", "ge", "gt"}:
        checks: dict[str, bool] = {
            "eq": value == goal,
            "le": value <= goal,
            "lt": value < goal,
            "ge": value >= goal,
            "gt": value > goal,
        }
        return checks[comparator]
    direction = target.get("direction")
    if previous is None or direction not in {"increase", "decrease", "keep"}:
        return None
    moves: dict[str, bool] = {
        "increase": value > previous,
        "decrease": value < previous,
        "keep": value == previous,
    }
    return moves[direction]
