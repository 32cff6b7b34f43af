"""Traces: everything the graph knows around one goal, decision or indicator, as plain dicts.

A goal's trace ("målspårning") answers, from the named queries ``goal_trace*``: what the goal
is, which kommunfullmäktiges mål it contributes to and beside which other goals, how its
nämndindikatorer developed against their målvärden, how each report assessed it and why, which
decisions its sections cite, which versions it has, and the passages it was read from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from graph.backend import GraphBackend
from graph.vocab import RDF, SG
from queries.collections import fold
from queries.run import select_rows
from queries.series import fold_series

__all__ = ["decision_trace", "find_entity", "goal_trace", "indicator_trace"]

_LISTS = {"goal": "goals", "indicator": "indicators", "decision": "decisions"}


def find_entity(store: GraphBackend, kind: str, key: str, *, base: str | None = None) -> str | None:
    """The IRI of the goal, indicator or decision ``key`` names: its IRI, the trailing segments of
    its IRI (``kommunstyrelsen/giftfri-miljo``) or, for goals and indicators, its label
    (case- and diacritics-insensitive, any of its labels; an exact label before a partial one).
    The first in IRI order wins when several match; None when nothing does.

    A goal named by its IRI, or by the segments after ``{base}id/goal/`` when ``base`` (the base
    IRI goals are minted under) is given, is looked up directly; anything else lists every entity
    of the kind, which grows with the store."""
    if kind == "goal":
        for candidate in _goal_iris(key, base):
            try:
                iri = ox.NamedNode(candidate)
            except ValueError:  # not an IRI after all: look it up as a label below
                continue
            # one index lookup: the trace that follows reads the goal itself
            if next(store.quads_for_pattern(iri, RDF.type, SG.Goal), None) is not None:
                return candidate
    rows = select_rows(store, _LISTS[kind])
    iris = [str(row[kind]) for row in rows]
    if key in iris:
        return key
    tail = "/" + key.strip("/")
    by_tail = sorted(iri for iri in iris if iri.endswith(tail))
    if by_tail:
        return by_tail[0]
    if kind == "decision":
        return None
    wanted = fold(key)
    matches = select_rows(store, _LISTS[kind], {"q": wanted})
    exact = sorted(str(r[kind]) for r in matches if fold(str(r.get("label", ""))) == wanted)
    found = exact or sorted(str(r[kind]) for r in matches)
    return found[0] if found else None


def _goal_iris(key: str, base: str | None) -> list[str]:
    """IRIs ``key`` names directly: itself when it is an absolute IRI, else ``{base}id/goal/<key>``
    when it has the goal IRI's two segments (owner and slug; no other goal IRI under ``base`` ends
    with them)."""
    if _ABSOLUTE.match(key):
        return [key]
    segments = key.strip("/").split("/")
    if base is None or len(segments) != 2 or not all(_SEGMENT.fullmatch(s) for s in segments):
        return []
    return [f"{base}id/goal/{segments[0]}/{segments[1]}"]


_ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")


def goal_trace(store: GraphBackend, goal: str, *, year: str | None = None) -> dict[str, Any] | None:
    """The trace of ``goal`` (an IRI), or None when the graph holds no such goal.

    With ``year`` the trace is as of that year: assessments of that period, indicator values up
    to it (so "latest" and "on track" are judged then), decisions taken up to it.
    """
    params = {"goal": goal}
    about = select_rows(store, "goal_trace", params)
    if not about:
        return None
    labels = list(dict.fromkeys(str(r["label"]) for r in about))
    first = about[0]
    parents: dict[str, dict[str, Any]] = {}
    for row in select_rows(store, "goal_trace_family", params):
        parent = parents.setdefault(
            row["parent"],
            {
                "id": row["parent"],
                "label": row.get("parentLabel"),
                "level": row.get("parentLevel"),
                "siblings": [],
            },
        )
        if "sibling" in row and row["sibling"] not in {s["id"] for s in parent["siblings"]}:
            parent["siblings"].append({"id": row["sibling"], "label": row.get("siblingLabel")})
    by_indicator: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in select_rows(store, "goal_trace_indicators", params):
        if _until(row.get("period"), year):
            by_indicator[row["indicator"]].append(row)
    return {
        "goal": {
            "id": goal,
            "label": _preferred(labels),
            "labels": labels,
            "level": first.get("goalLevel"),
            "owner": first.get("owner"),
            "owner_label": first.get("ownerLabel"),
            "description": first.get("description"),
            "periods": sorted({str(r["period"]) for r in about if "period" in r}),
        },
        "parents": list(parents.values()),
        "indicators": [_indicator(iri, rows) for iri, rows in by_indicator.items()],
        "assessments": [
            _assessment(r)
            for r in select_rows(store, "goal_trace_assessments", params)
            if year is None or str(r.get("period")) == year
        ],
        "decisions": [
            _citation(r)
            for r in select_rows(store, "goal_trace_decisions", params)
            if _until(str(r.get("date", ""))[:4] or None, year)
        ],
        "versions": [
            {k: r.get(k) for k in ("relation", "label", "period", "document")} | {"id": r["version"]}
            for r in select_rows(store, "goal_trace_versions", params)
        ],
        "sources": [_passage(r) for r in select_rows(store, "goal_trace_sources", params)],
    }


def indicator_trace(store: GraphBackend, indicator: str) -> dict[str, Any] | None:
    """An indicator with its goal, owner and whole series, or None when it does not exist."""
    found = select_rows(store, "indicators", {})
    row = next((r for r in found if r["indicator"] == indicator), None)
    if row is None:
        return None
    series = fold_series(select_rows(store, "indicator_series", {"indicator": indicator}))
    return {
        "id": indicator,
        "label": row.get("label"),
        "goal": row.get("measures"),
        "owner": row.get("owner"),
        "unit": row.get("unit"),
        **series,
    }


def decision_trace(store: GraphBackend, decision: str) -> dict[str, Any] | None:
    """A decision with the documents and goals citing it, or None when the graph does not know it."""
    row = next((r for r in select_rows(store, "decisions", {}) if r["decision"] == decision), None)
    if row is None:
        return None
    citations = select_rows(store, "documents_citing_decision", {"decision": decision})
    goals = {r["goal"]: {"id": r["goal"], "label": r.get("goalLabel")} for r in citations if "goal" in r}
    return {
        "id": decision,
        "label": row.get("label"),
        "body": row.get("body"),
        "body_label": row.get("bodyLabel"),
        "date": row.get("date"),
        "paragraph": row.get("paragraph"),
        "dnr": row.get("dnr"),
        "goals": list(goals.values()),
        "citations": [
            {
                "document": r["document"],
                "document_title": r.get("documentTitle"),
                "raw": r.get("raw"),
                "subject": r.get("subject"),
                "goal": r.get("goal"),
                "first_line": r.get("firstLine"),
                "last_line": r.get("lastLine"),
            }
            for r in citations
        ],
    }


def _until(period: object, year: str | None) -> bool:
    """Whether a row of ``period`` (None for rows without one) belongs to a trace as of ``year``."""
    return year is None or period is None or str(period)[:4] <= year


def _preferred(labels: list[str]) -> str:
    """The label most documents print (the first on a tie)."""
    return max(labels, key=labels.count) if labels else ""


def _indicator(iri: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    first = rows[0]
    return {"id": iri, "label": first.get("label"), "unit": first.get("unit"), **fold_series(rows)}


_PASSAGE = ("document_title", "first_line", "last_line")
_ASSESSMENT = ("period", "status", "rationale", "evidence", "document", *_PASSAGE)
_CITATION = ("raw", "body", "date", "paragraph", "dnr", "subject", "decision", "document", *_PASSAGE[1:])


def _fields(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """``row``'s columns (camelCase, as the queries name them) under snake_case ``names``."""
    return {name: row.get(_camel(name)) for name in names}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def _assessment(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["assessment"], **_fields(row, _ASSESSMENT)}


def _citation(row: dict[str, Any]) -> dict[str, Any]:
    return {"reference": row["reference"], **_fields(row, _CITATION)}


def _passage(row: dict[str, Any]) -> dict[str, Any]:
    return {"document": row["document"], **_fields(row, _PASSAGE)}
