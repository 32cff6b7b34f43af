"""The ``styrgraf trace`` command's work: find a goal, build its trace, print it as a tree or JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.tree import Tree

from api.traces import GoalTrace
from graph.backend import describe_store, open_store
from queries.trace import find_entity, goal_trace
from styrgraf.errors import QueryError
from styrgraf.settings import Settings

__all__ = ["print_goal_trace", "trace_document"]


def trace_document(settings: Settings, goal: str, year: str | None = None) -> dict[str, Any]:
    """The trace of the goal named ``goal`` (IRI, trailing IRI segments or label), as the API serves it
    (as of ``year`` when given).

    :raises QueryError: no goal by that name.
    """
    store = open_store(settings, read_only=True)
    iri = find_entity(store, "goal", goal, base=settings.base_iri)
    trace = goal_trace(store, iri, year=year) if iri is not None else None
    if trace is None:
        raise QueryError(f"no goal {goal!r} in {describe_store(settings)}")
    return GoalTrace.model_validate(trace).model_dump(mode="json")


def print_goal_trace(trace: dict[str, Any], console: Console | None = None) -> None:
    """Print a goal trace as a readable tree."""
    console = console or Console()
    goal = trace["goal"]
    root = Tree(f"[bold]{goal['label']}[/bold] ({goal['level'] or 'goal'}, {goal['owner_label'] or '–'})")
    root.add(f"id {goal['id']}")
    if goal["description"]:
        root.add(goal["description"])
    for parent in trace["parents"]:
        node = root.add(f"contributes to [bold]{parent['label']}[/bold]")
        for sibling in parent["siblings"]:
            node.add(f"beside {sibling['label']}")
    indicators = root.add(f"indicators ({len(trace['indicators'])})")
    for indicator in trace["indicators"]:
        target = indicator["target"] or {}
        mark = {True: "on track", False: "off track", None: "not judged"}[indicator["on_track"]]
        node = indicators.add(f"{indicator['label']} — target {target.get('raw', '–')} — {mark}")
        for obs in indicator["observations"]:
            breakdown = "" if obs["breakdown"] in (None, "totalt") else f" {obs['breakdown']}"
            node.add(f"{obs['period']}{breakdown}: {obs['raw'] or '–'}")
    assessments = root.add(f"assessments ({len(trace['assessments'])})")
    for a in trace["assessments"]:
        node = assessments.add(f"{a['period']}: [bold]{a['status']}[/bold] ({_lines(a)})")
        if a["rationale"]:
            node.add(a["rationale"])
    decisions = root.add(f"decisions cited ({len(trace['decisions'])})")
    for d in trace["decisions"]:
        decisions.add(f"{d['raw']} — {d['subject'] or ''} ({_lines(d)})")
    versions = root.add("versions")
    for v in trace["versions"]:
        versions.add(f"{v['relation']} {v['period'] or ''}: {v['label']} ({_name(v['document'])})")
    sources = root.add("sources")
    for s in trace["sources"]:
        sources.add(_lines(s))
    console.print(root)


def _name(iri: str | None) -> str:
    return iri.rsplit("/", 1)[-1] if iri else "–"


def _lines(item: dict[str, Any]) -> str:
    return f"{_name(item.get('document'))}:{item.get('first_line')}-{item.get('last_line')}"
