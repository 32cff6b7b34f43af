"""The work behind the CLI commands, as plain functions (no typer here)."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from api.negotiation import RDF_FORMATS, RESULT_FORMATS, NotAcceptable, negotiate
from graph.backend import describe_store, open_store
from queries import run_named_query, select_rows
from styrgraf.errors import QueryError, StyrgrafError
from styrgraf.settings import Settings

__all__ = ["parse_params", "print_stats", "run_query", "validate_store"]


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["year=2020", …]`` → ``{"year": "2020"}``.

    :raises QueryError: an item has no ``=``.
    """
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {pair!r}: expected NAME=VALUE")
        params[key.strip()] = value
    return params


def run_query(
    settings: Settings, sparql: str | None, name: str | None, params: list[str], fmt: str | None
) -> bytes:
    """Serialised results of a SPARQL text (or ``@file``) or of a named query.

    :raises QueryError: no query given, both given, bad parameters, unknown format, syntax error.
    """
    if (sparql is None) == (name is None):
        raise QueryError("give either a SPARQL query (text or @FILE) or --name NAME")
    store = open_store(settings)
    if name is not None:
        result = run_named_query(store, name, parse_params(params))
    else:
        assert sparql is not None
        if params:
            raise QueryError("--param only applies to named queries (--name)")
        text = sparql
        if sparql.startswith("@"):
            try:
                text = Path(sparql[1:]).read_text(encoding="utf-8")
            except OSError as exc:
                raise QueryError(f"{sparql[1:]}: {exc.strerror}") from None
        result = store.query(text)
    if isinstance(result, ox.QueryTriples):
        offered, default = RDF_FORMATS, "turtle"
    else:
        offered, default = RESULT_FORMATS, "csv" if isinstance(result, ox.QuerySolutions) else "json"
    try:
        choice = negotiate(None, offered, format_name=fmt or default)
    except NotAcceptable:
        names = sorted({c.name for c in offered})
        raise QueryError(f"format {fmt!r} does not fit this query; use one of {', '.join(names)}") from None
    output = io.BytesIO()
    result.serialize(output, format=choice.format)
    return output.getvalue()


def print_stats(settings: Settings, console: Console | None = None) -> None:
    """Print triples per document graph and entities per class."""
    console = console or Console()
    store = open_store(settings)
    graphs = Table("graph", "triples", title=f"{describe_store(settings)}: {len(store)} quads")
    for row in select_rows(store, "graph_sizes"):
        graphs.add_row(row["graph"], str(row["triples"]))
    console.print(graphs)
    classes = Table("class", "entities", title="entities per class")
    for row in select_rows(store, "class_counts"):
        classes.add_row(row["class"], str(row["entities"]))
    console.print(classes)


def validate_store(settings: Settings, console: Console | None = None) -> bool:
    """Validate the store against the SHACL shapes and the ontology for consistency.

    :returns: True when both pass.
    """
    from graph.validation import check_consistency, validate_graph

    console = console or Console()
    store = open_store(settings)
    if not store.named_graphs():
        raise StyrgrafError(f"{describe_store(settings)}: the store is empty; run `styrgraf ingest` first")
    report = validate_graph(store)
    console.print(report.text)
    consistent, detail = check_consistency()
    console.print(f"ontology: {'consistent' if consistent else 'INCONSISTENT'} ({detail})")
    return report.conforms and consistent
