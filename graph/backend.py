"""The store interface every layer uses, and the switch between the embedded and a remote store.

:class:`GraphBackend` is what the rest of Styrgraf may ask of a store: the embedded
:class:`~graph.store.GraphStore` (an Oxigraph directory) and the
:class:`~graph.remote.RemoteGraphStore` (a SPARQL 1.1 server) both provide it, with the same
results, errors and transaction guarantees where the server gives them (docs/remote.md).
:func:`open_store` picks one from the settings (``STYRGRAF_BACKEND``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

import pyoxigraph as ox

from styrgraf.settings import Settings

__all__ = ["GraphBackend", "describe_store", "open_store"]


class GraphBackend(Protocol):
    """A store holding one named graph per source document, queried over their union."""

    @property
    def generation(self) -> int:
        """Moves on with every write; results read at an older generation may be stale."""
        ...

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> None:
        """Replace each named graph with the given quads, all in one transaction.

        :raises IngestError: the write failed; every graph is as it was before.
        """

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update in one transaction.

        :raises QuerySyntaxError: the parser rejected the update.
        :raises StoreError: the update failed; nothing was changed.
        """

    def remove_graphs(self, graphs: Iterable[ox.NamedNode]) -> None:
        """Drop the named graphs in one transaction."""

    def named_graphs(self) -> list[ox.NamedNode]:
        """Every named graph, sorted by IRI."""
        ...

    def graph_size(self, graph: ox.NamedNode) -> int:
        """Number of triples in ``graph``."""
        ...

    def graph_quads(self, graph: ox.NamedNode) -> list[ox.Quad]:
        """Every quad of ``graph`` (empty when the store has no such graph)."""
        ...

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | None,
        graph_name: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads of the named graphs matching the pattern (``None`` matches anything)."""
        ...

    def __len__(self) -> int: ...

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[ox.Variable, Any] | None = None,
        default_graph: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        base_iri: str | None = None,
    ) -> Any:
        """Evaluate a SPARQL query over the union of all graphs (or the given dataset): a
        :class:`pyoxigraph.QuerySolutions`, :class:`pyoxigraph.QueryBoolean` or
        :class:`pyoxigraph.QueryTriples`.

        :raises QuerySyntaxError: the parser rejected the query (its message, with position).
        """

    def dump(self, output: IO[bytes], fmt: str, *, graph: ox.NamedNode | None = None) -> None:
        """Serialise one graph, or everything, as ``fmt``."""

    def load(self, data: bytes, fmt: str, *, graph: ox.NamedNode | None = None) -> None:
        """Add RDF in ``fmt`` (into ``graph`` for triple formats), in one transaction.

        :raises StoreError: the data does not parse; nothing was added.
        """

    def backup(self, target: Path) -> None:
        """Write a consistent copy of the store to the new directory ``target``.

        :raises StoreError: this store cannot be backed up that way.
        """

    def flush(self) -> None:
        """Make every write durable."""


def open_store(settings: Settings, *, read_only: bool = False) -> GraphBackend:
    """The store the settings name: the embedded one at ``settings.store``, or the remote server.

    :raises ConfigurationError: the remote backend is chosen without a query endpoint.
    :raises StoreError: the store cannot be opened or the server cannot be reached.
    """
    if settings.backend == "remote":
        from graph.remote import RemoteGraphStore

        return RemoteGraphStore.open(settings)
    from graph.store import GraphStore

    return GraphStore.open(settings.store, read_only=read_only)


def describe_store(settings: Settings) -> str:
    """Where the settings' store lives, for messages: a directory or the remote query endpoint."""
    if settings.backend == "remote":
        return f"the SPARQL server at {settings.sparql_query_url}"
    return str(settings.store)
