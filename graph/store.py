"""The store: an embedded Oxigraph database, one named graph per source document.

All store access goes through :class:`GraphStore`. Writes that replace documents are one
SPARQL Update request — ``DROP SILENT GRAPH`` followed by ``INSERT DATA`` for every
document of the batch — which Oxigraph applies as a single transaction: a failed or killed
ingest leaves the previous graphs, and a concurrent reader sees a document's old graph or its
new one, never a mix. (A staging graph moved into place would be visible to readers of the
union default graph while it exists, so the batch is sent whole instead.) When none of the
graphs exists yet there is nothing to drop, and the quads go in with one transactional
``extend``, which skips parsing the update text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from styrgraf.errors import IngestError, QuerySyntaxError, StoreError

__all__ = ["FORMATS", "GraphStore", "rdf_format"]

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
"""RDF formats by the short name the CLI and API use."""


def rdf_format(name: str) -> ox.RdfFormat:
    """The :class:`pyoxigraph.RdfFormat` called ``name`` (see :data:`FORMATS`).

    :raises StoreError: unknown format name.
    """
    try:
        return FORMATS[name]
    except KeyError:
        raise StoreError(f"unknown RDF format {name!r}; use one of {', '.join(FORMATS)}") from None


class GraphStore:
    """An Oxigraph store holding one named graph per source document."""

    def __init__(self, store: ox.Store, *, path: Path | None = None) -> None:
        self._store = store
        self.path = path
        self.generation = 0
        """Counts the writes made through this object: a reader's snapshot of generation *n* is
        stale once it is *n+1* (see :meth:`checkpoint`)."""

    @classmethod
    def open(cls, path: Path | None = None, *, read_only: bool = False) -> GraphStore:
        """Open (or create) the store at ``path``; ``None`` gives an in-memory store.

        :raises StoreError: the directory cannot be opened (locked by another writer, not a store …).
        """
        try:
            if path is None:
                return cls(ox.Store())
            if read_only:
                return cls(ox.Store.read_only(str(path)), path=path)
            path.mkdir(parents=True, exist_ok=True)
            return cls(ox.Store(str(path)), path=path)
        except OSError as exc:
            raise StoreError(f"{path}: cannot open store: {exc}") from None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for the query layer)."""
        return self._store

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> None:
        """Replace each named graph with the given quads, all in one transaction.

        :raises IngestError: the write failed; every graph is as it was before.
        """
        if not graphs:
            return
        if not any(self._store.contains_named_graph(graph) for graph in graphs):
            try:  # nothing to replace: one transactional insert, without parsing SPARQL
                self._store.extend(quad for quads in graphs.values() for quad in quads)
            except (OSError, RuntimeError, ValueError) as exc:
                raise IngestError(f"store unchanged: writing {len(graphs)} graph(s) failed: {exc}") from None
            finally:
                self.generation += 1
            return
        parts: list[str] = []
        for graph, quads in graphs.items():
            parts.append(f"DROP SILENT GRAPH {graph} ;")
            body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }} ;")
        try:
            self._store.update("\n".join(parts).rstrip(" ;"))
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise IngestError(f"store unchanged: writing {len(graphs)} graph(s) failed: {exc}") from None
        finally:
            self.generation += 1

    def flush(self) -> None:
        """Write what the store holds in memory to its files.

        Without it the writes of a large ingest stay in RocksDB's write-ahead log, and the next
        process to open the store replays them first (minutes for a few hundred thousand triples).

        :raises StoreError: the files cannot be written.
        """
        try:
            self._store.flush()
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot flush the store: {exc}") from None

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update in one transaction.

        :raises QuerySyntaxError: the parser rejected the update.
        :raises StoreError: the update failed; nothing was changed.
        """
        try:
            self._store.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"update failed, store unchanged: {exc}") from None
        finally:
            self.generation += 1

    def remove_graphs(self, graphs: Iterable[ox.NamedNode]) -> None:
        """Drop the named graphs in one transaction."""
        update = " ;\n".join(f"DROP SILENT GRAPH {graph}" for graph in graphs)
        if update:
            self.generation += 1
            self._store.update(update)

    def named_graphs(self) -> list[ox.NamedNode]:
        """Every named graph, sorted by IRI."""
        return sorted(
            (g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value
        )

    def graph_quads(self, graph: ox.NamedNode) -> list[ox.Quad]:
        """Every quad of ``graph`` (empty when the store has no such graph)."""
        return list(self._store.quads_for_pattern(None, None, None, graph))

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | None,
        graph_name: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """The quads matching the pattern (``None`` matches anything)."""
        return iter(self._store.quads_for_pattern(subject, predicate, object, graph_name))

    def graph_size(self, graph: ox.NamedNode) -> int:
        """Number of triples in ``graph``."""
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, graph))

    def __len__(self) -> int:
        return len(self._store)

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[ox.Variable, Any] | None = None,
        default_graph: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        base_iri: str | None = None,
    ) -> Any:
        """Evaluate a SPARQL query over the union of all graphs (or the given dataset).

        :raises QuerySyntaxError: the parser rejected the query (its message, with position).
        """
        options: dict[str, Any] = {"substitutions": dict(substitutions or {}), "base_iri": base_iri}
        if default_graph:
            options["default_graph"] = list(default_graph)
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = list(named_graphs)
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from None

    def dump(self, output: IO[bytes], fmt: str, *, graph: ox.NamedNode | None = None) -> None:
        """Serialise one graph, or everything, as ``fmt``.

        Dataset formats (N-Quads, TriG) keep the document graphs; triple formats get the union.
        """
        rdf = rdf_format(fmt)
        if graph is not None:
            self._store.dump(output, rdf, from_graph=graph)
        elif rdf.supports_datasets:
            self._store.dump(output, rdf)
        else:
            ox.serialize(self.union_triples(), output, rdf, prefixes=PREFIXES)

    def union_triples(self) -> Iterator[ox.Triple]:
        """Every distinct triple of the union default graph."""
        seen: set[ox.Triple] = set()
        for quad in self._store.quads_for_pattern(None, None, None):
            if quad.triple not in seen:
                seen.add(quad.triple)
                yield quad.triple

    def load(self, data: bytes, fmt: str, *, graph: ox.NamedNode | None = None) -> None:
        """Add RDF in ``fmt`` (into ``graph`` for triple formats), in one transaction.

        :raises StoreError: the data does not parse; nothing was added.
        """
        options: dict[str, Any] = {"format": rdf_format(fmt)}
        if graph is not None:
            options["to_graph"] = graph
        try:
            self._store.load(io.BytesIO(data), **options)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {fmt}: {exc}") from None
        finally:
            self.generation += 1

    def backup(self, target: Path) -> None:
        """Write a consistent copy of an on-disk store to the new directory ``target``."""
        if self.path is None:
            raise StoreError("an in-memory store cannot be backed up")
        try:
            self._store.backup(str(target))
        except OSError as exc:
            raise StoreError(f"{target}: backup failed: {exc}") from None

    def checkpoint(self, target: Path) -> int:
        """Write an immutable, consistent snapshot to the new directory ``target`` (hard links where
        the file system allows) that :meth:`open` can open ``read_only`` beside this writer.

        :returns: the generation the snapshot holds at least (later writes may be in it too).
        :raises StoreError: in-memory store, or the snapshot cannot be written.
        """
        generation = self.generation
        self.backup(target)
        return generation


PREFIXES = {
    "sg": "https://w3id.org/styrgraf/ontology#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
