"""SVG charts: Swedish number format, round axis ticks, and a chart's points, target line and
missing values where the series puts them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from api.charts import HEIGHT, format_number, nice_ticks, series_chart

SVG = "{http://www.w3.org/2000/svg}"
# The plastic cups of the 2020 report (000): 157 000 in 2018, "I.U." in 2019, 20 656 in 2020, target 0.
CUPS = [
    {"period": "2018", "value": 157000, "raw": "157 000", "breakdown": "totalt"},
    {"period": "2019", "value": None, "raw": "I.U.", "breakdown": "totalt"},
    {"period": "2020", "value": 20656, "raw": "20 656", "breakdown": "totalt"},
]


def test_numbers_print_as_swedish_reports_print_them() -> None:
    assert format_number(157000) == "157\u202f000"
    assert format_number(25.5) == "25,5" and format_number(-3) == "−3" and format_number(0) == "0"


def test_ticks_are_round_and_cover_the_range() -> None:
    assert nice_ticks(0, 157000) == [0, 50000, 100000, 150000, 200000]
    assert nice_ticks(0, 93) == [0, 25, 50, 75, 100]
    assert nice_ticks(5, 5) == [5, 5.25, 5.5, 5.75, 6]


def test_chart_draws_points_by_year_and_the_target_at_zero() -> None:
    svg = ET.fromstring(series_chart(CUPS, {"value": 0, "raw": "0"}, title="Plastbägare", unit="st"))
    circles = svg.findall(f".//{SVG}circle")
    xs = [float(c.get("cx", "")) for c in circles]
    ys = [float(c.get("cy", "")) for c in circles]
    assert len(circles) == 2 and xs[0] < xs[1] and ys[0] < ys[1]  # 157 000 drawn higher than 20 656
    [target] = svg.findall(f".//{SVG}g[@class='target']")
    line = target.find(f"{SVG}line")
    assert line is not None and line.get("stroke-dasharray")
    baseline = float(line.get("y1", ""))
    assert baseline == HEIGHT - 30 and ys[1] < baseline  # the target 0 sits on the axis
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert any(t.startswith("I.U.") for t in texts) and "Målvärde 0" in texts
    assert "2019: I.U." in (svg.get("aria-label") or "") and "Plastbägare (st)" in (
        svg.get("aria-label") or ""
    )


def test_chart_escapes_text_and_draws_nothing_without_years() -> None:
    markup = series_chart(CUPS[:1], None, title="<script>alert(1)</script>")
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert series_chart([{"period": "helår", "value": 1, "raw": "1"}], None, title="x") == ""
    assert series_chart([CUPS[1]], {"value": 0, "raw": "0"}, title="bara I.U.") == ""
    assert not re.search(r"class=\"target\"", markup)
