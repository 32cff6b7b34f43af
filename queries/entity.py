"""Any resource as a page shows it: its label, types, statements, incoming links and sources.

``describe_entity`` folds the named queries ``resource_properties``, ``resource_incoming`` and
``resource_sources`` into one plain dict; ``document_contents`` lists what was read from one
document, line by line. Values keep their RDF kind (IRI, literal, blank node) so a page can link
the IRIs and print the literals.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from graph.backend import GraphBackend
from queries.run import run_named_query, select_rows

__all__ = ["LABELS", "document_contents", "document_graphs", "describe_entity"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)
"""Properties that name a resource, the preferred first."""

_FIRST = (RDF_TYPE, *LABELS)


def document_graphs(store: GraphBackend) -> dict[str, dict[str, Any]]:
    """Each named graph's document: ``{graph IRI: {"id": document IRI, "label": title}}``."""
    return {
        row["graph"]: {"id": row["document"], "label": row.get("title")}
        for row in select_rows(store, "document_graphs")
    }


def describe_entity(store: GraphBackend, iri: str) -> dict[str, Any] | None:
    """What the graph says about ``iri``, or None when no triple mentions it.

    Returns ``id``, ``label`` (None without one), ``types`` (IRIs), ``properties`` (one entry per
    property: ``property`` and ``values``, each value a :func:`_value` dict with the documents
    stating it), ``incoming`` (one entry per property: ``property`` and ``subjects`` with ``id``
    and ``label``) and ``sources`` (passages: ``document``, ``document_title``, ``first_line``,
    ``last_line``).
    """
    graphs = document_graphs(store)
    values: dict[tuple[str, str], dict[str, Any]] = {}
    for solution in run_named_query(store, "resource_properties", {"resource": iri}):
        prop = solution["property"].value
        value = _value(solution["value"])
        entry = values.setdefault((prop, value["key"]), value | {"property": prop, "documents": []})
        label = solution["valueLabel"]
        if label is not None and entry["label"] is None:
            entry["label"] = label.value
        if solution["firstLine"] is not None and entry["label"] is None:
            entry["label"] = _passage_label(solution)
        document = graphs.get(solution["graph"].value)
        if document is not None and document not in entry["documents"]:
            entry["documents"].append(document)
    incoming: dict[str, dict[str, dict[str, Any]]] = {}
    for row in select_rows(store, "resource_incoming", {"resource": iri}):
        subjects = incoming.setdefault(row["property"], {})
        subject = subjects.setdefault(row["subject"], {"id": row["subject"], "label": None})
        subject["label"] = subject["label"] or row.get("subjectLabel")
    if not values and not incoming:
        return None
    properties: dict[str, list[dict[str, Any]]] = {}
    for (prop, _), value in values.items():
        properties.setdefault(prop, []).append(value)
    order = sorted(properties, key=lambda p: (_FIRST.index(p) if p in _FIRST else len(_FIRST), p))
    return {
        "id": iri,
        "label": _label(properties),
        "types": [v["value"] for v in properties.get(RDF_TYPE, [])],
        "properties": [{"property": p, "values": properties[p]} for p in order],
        "incoming": [{"property": p, "subjects": list(s.values())} for p, s in sorted(incoming.items())],
        "sources": [
            {
                "document": r["document"],
                "document_title": r.get("documentTitle"),
                "first_line": r["firstLine"],
                "last_line": r["lastLine"],
            }
            for r in select_rows(store, "resource_sources", {"resource": iri})
        ],
    }


def document_contents(store: GraphBackend, document: str) -> list[dict[str, Any]]:
    """Everything read from ``document``, by first line: ``id``, ``label``, ``types``,
    ``first_line``, ``last_line`` (one entry per resource and passage)."""
    found: dict[tuple[str, int, int], dict[str, Any]] = {}
    for row in select_rows(store, "document_facts", {"document": document}):
        key = (row["entity"], row["firstLine"], row["lastLine"])
        entry = found.setdefault(
            key,
            {"id": row["entity"], "label": None, "types": [], "first_line": key[1], "last_line": key[2]},
        )
        entry["label"] = entry["label"] or row.get("label")
        if "class" in row and row["class"] not in entry["types"]:
            entry["types"].append(row["class"])
    return list(found.values())


def _value(term: Any) -> dict[str, Any]:
    """An RDF term as a page prints it: ``kind`` (iri, literal or blank), ``value``, ``label``,
    ``language`` and ``datatype`` (literals), and a ``key`` unique per term."""
    if isinstance(term, ox.NamedNode):
        return {"kind": "iri", "value": term.value, "label": None, "key": f"<{term.value}>"}
    if isinstance(term, ox.BlankNode):
        return {"kind": "blank", "value": term.value, "label": None, "key": f"_:{term.value}"}
    literal: ox.Literal = term
    language = literal.language
    datatype = None if language else literal.datatype.value
    return {
        "kind": "literal",
        "value": literal.value,
        "label": None,
        "language": language,
        "datatype": datatype,
        "key": f"{literal.value!r}@{language}^^{datatype}",
    }


def _passage_label(solution: Any) -> str:
    """A source passage as "Verksamhetsberättelse 2020, rad 462–467"."""
    first, last = int(solution["firstLine"].value), int(solution["lastLine"].value)
    lines = f"rad {first}" if first == last else f"rad {first}–{last}"
    title = solution["passageTitle"]
    return f"{title.value}, {lines}" if title is not None else lines


def _label(properties: dict[str, list[dict[str, Any]]]) -> str | None:
    for prop in LABELS:
        for value in properties.get(prop, []):
            if value["kind"] == "literal":
                return str(value["value"])
    return None
