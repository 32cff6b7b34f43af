"""Every nämndmål of the 2020 report traced through the API, checked against the document itself.

The oracle is independent of the loaders: the hand-checked facts in ``tests/expected/000_….yaml``
give each goal's indicators and values and every decision citation with its line; the goal sections
are found in the raw text (the section headings under "Målredovisning"), so "the decisions cited in
its section" are the citations whose line falls in that section.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from rapidfuzz import fuzz

from queries.collections import fold
from tests.live import serving
from tests.queries.test_named_queries import ingested_seed_store

pytestmark = pytest.mark.live

STEM = "000_bbff43da3c846827"
EXPECTED = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "expected" / f"{STEM}.yaml").read_text("utf-8")
)
BOARD_GOALS = [g for g in EXPECTED["goals"] if g["level"] == "board"]


def section_of_each_goal(seeds_dir: Path) -> dict[str, range]:
    """Lines of each nämndmål's section in the goal report (heading to the next heading)."""
    lines = (seeds_dir / f"{STEM}.txt").read_text("utf-8").splitlines()
    start = max(n for n, line in enumerate(lines, 1) if line.strip() == "Målredovisning")
    end = next(
        n for n, line in enumerate(lines, 1) if n > start and line.strip() == "Strategiska utvecklingsuppdrag"
    )
    headings: dict[str, int] = {}
    for goal in BOARD_GOALS:
        names = [goal["title"], *goal.get("aliases", [])]
        for number in range(start + 1, end):
            text = re.sub(r"[■\s]+$", "", lines[number - 1])
            if text and max(fuzz.ratio(fold(text), fold(name)) for name in names) >= 90:
                headings[goal["title"]] = number
                break
    ordered = sorted(headings.items(), key=lambda item: item[1])
    bounds = [line for _, line in ordered] + [end]
    return {title: range(line, bounds[i + 1]) for i, (title, line) in enumerate(ordered)}


@pytest.fixture(scope="module")
def traces(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[dict[str, dict[str, Any]]]:
    with (
        serving(ingested_seed_store(tmp_path_factory, seeds_dir)) as base,
        httpx.Client(base_url=base) as api,
    ):
        found: dict[str, dict[str, Any]] = {}
        for goal in BOARD_GOALS:
            hits = api.get("/api/goals", params={"q": goal["title"], "level": "board", "year": "2020"}).json()
            [item] = [i for i in hits["items"] if fold(i["label"]) == fold(goal["title"])] or hits["items"][
                :1
            ]
            response = api.get("/api/goals/" + item["id"].split("/id/goal/", 1)[1] + "/trace")
            assert response.status_code == 200, response.text
            found[goal["title"]] = response.json()
        yield found


def test_the_report_has_eighteen_board_goals_each_with_a_section(seeds_dir: Path) -> None:
    assert len(BOARD_GOALS) == 18
    assert len(section_of_each_goal(seeds_dir)) == 18


@pytest.mark.parametrize("goal", [g["title"] for g in BOARD_GOALS])
def test_trace_has_the_indicator_values_printed_for_the_goal(
    goal: str, traces: dict[str, dict[str, Any]]
) -> None:
    trace = traces[goal]
    expected = [i for i in EXPECTED["indicators"] if i["goal"] == goal]
    for indicator in expected:
        names = [indicator["name"], *indicator.get("aliases", [])]
        traced = max(
            trace["indicators"], key=lambda t: max(fuzz.ratio(fold(t["label"]), fold(n)) for n in names)
        )
        assert max(fuzz.ratio(fold(traced["label"]), fold(n)) for n in names) >= 90, indicator["name"]
        printed = {
            (obs["period"], obs["breakdown"]): obs["value"]
            for obs in traced["observations"]
            if obs["document"].endswith(f"/document/{STEM}")
        }
        rows = {"totalt": indicator.get("values") or {}, **(indicator.get("breakdowns") or {})}
        for breakdown, values in rows.items():
            for year, value in values.items():
                if isinstance(value, (int, float)):
                    assert printed.get((str(year), breakdown)) == pytest.approx(value), (
                        indicator["name"],
                        year,
                    )


@pytest.mark.parametrize("goal", [g["title"] for g in BOARD_GOALS])
def test_trace_has_the_decisions_cited_in_the_goals_section(
    goal: str, traces: dict[str, dict[str, Any]], seeds_dir: Path
) -> None:
    section = section_of_each_goal(seeds_dir)[goal]
    required: Counter[tuple[object, ...]] = Counter()
    optional: Counter[tuple[object, ...]] = Counter()
    for ref in EXPECTED["decision_references"]:
        if ref["line"] in section:
            for paragraph in ref.get("paragraphs") or [None]:
                key = (ref["line"], ref.get("date"), paragraph, ref.get("dnr"))
                (optional if ref.get("optional") else required)[key] += 1
    traced: Counter[tuple[object, ...]] = Counter(
        (d["first_line"], d.get("date"), d.get("paragraph"), d.get("dnr"))
        for d in traces[goal]["decisions"]
        if str(d.get("document", "")).endswith(f"/document/{STEM}")
    )
    assert traced - optional == required
