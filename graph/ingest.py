"""Ingest: documents → facts → triples → one named graph per document, all or nothing.

Every document of a batch is read and mapped before anything is written; the batch is then
written in one transaction (:meth:`GraphBackend.replace_graphs`). A document that cannot be parsed
raises :class:`DocumentError` naming it and the line, and the store is left exactly as it was;
re-ingesting a document replaces its graph atomically. An on-disk store is flushed after the
write, so that a server opening it next starts at once.

Each document's ingest report carries ``prov:generatedAtTime``: when the graph's content last
changed. Re-ingesting a document whose triples come out the same keeps the earlier time, so the
time (served as ``Last-Modified``, see ``docs/linked-data.md``) moves only when the data does.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from graph.backend import GraphBackend
from graph.iris import IriMinter, normalise_base
from graph.mapping import facts_to_quads
from graph.resolve import EntityResolver
from graph.store import GraphStore
from graph.vocab import PROV, XSD
from loaders import DocumentFacts, read_document
from styrgraf.errors import DocumentError

__all__ = ["IngestResult", "collect_documents", "ingest_documents", "known_entities", "read_documents"]

_SKOS_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_SKOS_ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
_KINDS = {"org": "organisation", "goal": "goal"}


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one document contributed: its graph, triple count and fact counts."""

    source: str
    graph: str
    triples: int
    counts: dict[str, int]
    issues: int


def collect_documents(paths: Sequence[Path]) -> list[Path]:
    """The document files named by ``paths`` (directories give their ``*.txt`` files, sorted).

    :raises DocumentError: a path does not exist, a directory holds no documents, a file is
        named twice, two files share a name (their graphs would collide) or hold the same bytes
        (one document under two names would be ingested twice).
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".txt")
            if not found:
                raise DocumentError(str(path), None, "directory holds no .txt documents")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise DocumentError(str(path), None, "no such file or directory")
    names: dict[str, Path] = {}
    contents: dict[bytes, Path] = {}
    for file in files:
        if file.name in names:
            if names[file.name].resolve() == file.resolve():
                raise DocumentError(file.name, 1, f"named twice in one ingest: {names[file.name]}, {file}")
            raise DocumentError(file.name, 1, f"two documents share this name: {names[file.name]}, {file}")
        names[file.name] = file
        digest = _digest(file)
        if digest in contents:
            raise DocumentError(file.name, 1, f"same content as {contents[digest].name}; ingest one of them")
        contents[digest] = file
    return files


def _digest(file: Path) -> bytes:
    """SHA-256 of the file's bytes.

    :raises DocumentError: the file cannot be read.
    """
    try:
        return hashlib.sha256(file.read_bytes()).digest()
    except OSError as exc:
        raise DocumentError(file.name, None, f"cannot read: {exc.strerror}") from None


def ingest_documents(
    store: GraphBackend,
    paths: Sequence[Path],
    *,
    base: str,
    parallel: bool = True,
    now: datetime | None = None,
) -> list[IngestResult]:
    """Read every document, then replace their graphs in one transaction.

    ``parallel=False`` reads the documents one after another in this process: forking a threaded
    process (a server) can deadlock. ``now`` (default: the current UTC time) stamps the ingest
    report of each document whose triples differ from the graph the store holds for it.

    :raises DocumentError: a document cannot be read or placed; nothing was written.
    :raises IngestError: the write failed; nothing was written.
    """
    files = collect_documents(paths)
    parsed = read_documents(files) if parallel else [read_document(path) for path in files]
    with _collection_paused():  # mapping only allocates; collecting would rescan the whole heap
        graphs, results = _map_documents(store, parsed, base=base, now=now or datetime.now(UTC))
    store.replace_graphs(graphs)
    if isinstance(store, GraphStore) and store.path is not None:
        store.flush()  # so that the next process opening the store need not replay the write log
    return results


def _map_documents(
    store: GraphBackend, parsed: Sequence[DocumentFacts], *, base: str, now: datetime
) -> tuple[dict[ox.NamedNode, list[ox.Quad]], list[IngestResult]]:
    """Each document's graph and quads, resolved against the store's entities and each other."""
    resolver = EntityResolver.seeded(known_entities(store, base=base))
    resolver.prime(parsed)
    mint = IriMinter(base, resolver)
    graphs: dict[ox.NamedNode, list[ox.Quad]] = {}
    results: list[IngestResult] = []
    for facts in parsed:
        graph = mint.graph(facts.source)
        quads = facts_to_quads(facts, base=base, resolver=resolver)
        quads.append(_ingest_time(store, graph, mint.ingest_report(facts.source), quads, now))
        graphs[graph] = quads
        results.append(
            IngestResult(
                source=facts.source,
                graph=graph.value,
                triples=len(quads),  # facts_to_quads gives each triple once
                counts=facts.counts(),
                issues=len(facts.issues),
            )
        )
    return graphs, results


def _ingest_time(
    store: GraphBackend, graph: ox.NamedNode, report: ox.NamedNode, quads: Sequence[ox.Quad], now: datetime
) -> ox.Quad:
    """``report prov:generatedAtTime t`` in ``graph``: the stored time when the stored graph holds
    exactly ``quads`` besides it, else ``now`` (UTC, whole seconds).

    ``quads`` are compared as the store holds them (Oxigraph writes ``62.10``^^xsd:decimal as
    ``62.1``), by passing them through an in-memory store.
    """
    stored_time: ox.Literal | None = None
    stored: set[ox.Quad] = set()
    for quad in store.graph_quads(graph):
        term = quad.object
        if quad.subject == report and quad.predicate == PROV.generatedAtTime and isinstance(term, ox.Literal):
            stored_time = term
        else:
            stored.add(quad)
    if stored_time is None or stored != _as_stored(quads):
        stamp = now.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        stored_time = ox.Literal(stamp, datatype=XSD.dateTime)
    return ox.Quad(report, PROV.generatedAtTime, stored_time, graph)


def _as_stored(quads: Sequence[ox.Quad]) -> set[ox.Quad]:
    memory = ox.Store()
    memory.extend(quads)
    return set(memory)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (as it was after)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_documents(files: Sequence[Path]) -> list[DocumentFacts]:
    """The facts of every file, in order, read side by side in forked processes when there are
    several files and cores (the longest files start first).

    :raises DocumentError: the first file (in order) that cannot be read, naming it and the line.
    """
    workers = min(len(files), os.cpu_count() or 1)
    if workers < 2:
        return [read_document(path) for path in files]
    order = sorted(range(len(files)), key=lambda index: -files[index].stat().st_size)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {index: pool.submit(_read_or_fail, files[index]) for index in order}
        outcomes = [futures[index].result() for index in range(len(files))]
    parsed: list[DocumentFacts] = []
    for outcome in outcomes:
        if isinstance(outcome, DocumentError):
            raise DocumentError(outcome.source, outcome.line, outcome.reason)
        parsed.append(outcome)
    return parsed


def _read_or_fail(path: Path) -> DocumentFacts | DocumentError:
    """:func:`read_document` in a worker; its :class:`DocumentError` is handed back, not raised."""
    try:
        return read_document(path)
    except DocumentError as error:
        return _Failure(error.source, error.line, error.reason)


class _Failure(DocumentError):
    """A :class:`DocumentError` that survives the trip back from a worker process."""

    def __reduce__(self) -> tuple[type[_Failure], tuple[str, int | None, str]]:
        return (_Failure, (self.source, self.line, self.reason))


def known_entities(store: GraphBackend, *, base: str) -> list[tuple[str, str, str]]:
    """``(kind, key, name)`` of every organisation and goal already in the store.

    Keys are read back from the IRIs Styrgraf minted (``{base}id/org/<key>``, ``{base}id/goal/<key>``);
    preferred labels come first, then every alternative label, so a later document resolves "KS"
    or "LKDATA" to the organisation an earlier one named in full.
    """
    prefix = normalise_base(base) + "id/"
    names: list[tuple[str, str, str]] = []
    for predicate in (_SKOS_PREF_LABEL, _SKOS_ALT_LABEL):
        found: set[tuple[str, str, str]] = set()
        for quad in store.quads_for_pattern(None, predicate, None):
            subject, label = quad.subject, quad.object
            if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(prefix):
                continue
            kind, _, key = subject.value[len(prefix) :].partition("/")
            if kind in _KINDS and key and isinstance(label, ox.Literal):
                found.add((_KINDS[kind], key, label.value))
        names.extend(sorted(found))
    return names
