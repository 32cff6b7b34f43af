"""Running SPARQL — named queries with typed parameters, or a user's query text."""

from __future__ import annotations

from typing import Any

from graph.backend import GraphBackend
from queries.registry import bind_in_text, get_query

__all__ = ["run_named_query", "select_rows"]


def run_named_query(store: GraphBackend, name: str, params: dict[str, Any] | None = None) -> Any:
    """Evaluate the named query ``name`` with ``params`` bound as typed terms.

    :raises UnknownQueryError: no such query.
    :raises QueryError: a parameter is unknown, missing or of the wrong type.
    """
    query = get_query(name)
    bound = query.bind(params or {})
    return store.query(bind_in_text(query.sparql, bound), substitutions=bound if query.substitute else None)


def select_rows(store: GraphBackend, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of a SELECT named query as ``{variable: python value}`` (IRIs and literals as strings,
    numbers as int/float, unbound variables absent)."""
    solutions = run_named_query(store, name, params)
    declared = {p.name for p in get_query(name).params}
    names = [v.value for v in solutions.variables if v.value not in declared]
    rows: list[dict[str, Any]] = []
    for solution in solutions:
        row: dict[str, Any] = {}
        for var in names:
            term = solution[var]
            if term is not None:
                row[var] = term_value(term)
        rows.append(row)
    return rows


def term_value(term: Any) -> Any:
    """A plain Python value for an RDF term."""
    import pyoxigraph as ox

    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        if datatype in {"integer", "int", "long", "nonNegativeInteger"}:
            return int(term.value)
        if datatype in {"decimal", "double", "float"}:
            return float(term.value)
        if datatype == "boolean":
            return term.value == "true"
    return term.value
