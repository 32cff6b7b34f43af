"""Downloadable dumps of the whole graph, the same bytes from the server and from ``styrgraf export``.

Four dumps are published (``docs/publishing.md``): N-Triples compressed with gzip, Turtle, TriG with
the document graphs kept, and JSON-LD (also with the document graphs). Both the server's
``/dumps/<name>`` and the CLI write them with :func:`write_dump`, so a file downloaded from the
server and one exported from the same store are byte for byte equal. The gzip member is made
deterministic: no file name and a modification time of 0 in its header.

:class:`DumpFiles` keeps each dump as a file in a private directory, written once per state of the
store (its write generation and size) and hashed while it is written, so the server can stream it
with a strong ``ETag`` and a ``Last-Modified`` instead of holding it in memory.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from graph.backend import GraphBackend

__all__ = ["DUMPS", "Dump", "DumpFile", "DumpFiles", "write_dump"]


@dataclass(frozen=True, slots=True)
class Dump:
    """One published dump: its file name, RDF format and how it is described in the catalogue."""

    filename: str
    format: str
    """The format's short name (``graph.store.FORMATS``)."""
    rdf_media_type: str
    """Media type of the RDF inside (before compression)."""
    file_type: str
    """Code in the EU file-type authority table (``…/authority/file-type/<code>``)."""
    compressed: bool = False
    """gzip-compressed (the file's media type is then ``application/gzip``)."""
    keeps_graphs: bool = False
    """One named graph per document; otherwise the union of the document graphs as triples."""

    @property
    def media_type(self) -> str:
        """Media type of the file as served."""
        return "application/gzip" if self.compressed else self.rdf_media_type


DUMPS: dict[str, Dump] = {
    dump.filename: dump
    for dump in (
        Dump("styrgraf.nt.gz", "ntriples", "application/n-triples", "RDF_N_TRIPLES", compressed=True),
        Dump("styrgraf.ttl", "turtle", "text/turtle", "RDF_TURTLE"),
        Dump("styrgraf.trig", "trig", "application/trig", "RDF_TRIG", keeps_graphs=True),
        Dump("styrgraf.jsonld", "jsonld", "application/ld+json", "JSON_LD", keeps_graphs=True),
    )
}
"""The published dumps by file name, in the order the catalogue lists them."""


def write_dump(store: GraphBackend, fmt: str, output: IO[bytes], *, compress: bool = False) -> None:
    """Serialise the whole store as ``fmt`` to ``output``, gzip-compressed when ``compress``.

    The gzip header carries no file name and a modification time of 0, so the same store gives the
    same bytes every time.

    :raises StoreError: unknown format name.
    """
    if not compress:
        store.dump(output, fmt)
        return
    with gzip.GzipFile(filename="", mode="wb", fileobj=output, mtime=0) as packed:
        store.dump(packed, fmt)  # type: ignore[arg-type]  # GzipFile is a binary file object


@dataclass(frozen=True, slots=True)
class DumpFile:
    """A dump written to disk: where, its SHA-256, size and when it was written (Unix time)."""

    path: Path
    sha256: str
    size: int
    written: float


class _HashingWriter:
    """A binary writer that forwards to ``target`` and hashes what passes through."""

    def __init__(self, target: IO[bytes]) -> None:
        self._target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self._target.write(data)

    def flush(self) -> None:
        self._target.flush()


class DumpFiles:
    """The published dumps of one store as files, rewritten when the store changes.

    A file is keyed by the store's write generation and size; a request for a dump of a changed
    store writes a new file (under a lock, so concurrent requests write it once) and removes the old.
    """

    def __init__(self, directory: Path | None = None) -> None:
        if directory is None:
            self._tmp: tempfile.TemporaryDirectory[str] | None = tempfile.TemporaryDirectory(
                prefix="styrgraf-dumps-"
            )
            directory = Path(self._tmp.name)
        else:
            self._tmp = None
            directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self._lock = threading.Lock()
        self._files: dict[str, tuple[tuple[int, int], DumpFile]] = {}

    def get(self, store: GraphBackend, dump: Dump) -> DumpFile:
        """The file of ``dump`` for the store as it is now, written if needed.

        :raises StoreError: the dump could not be written.
        """
        with self._lock:
            state = (store.generation, len(store))
            known = self._files.get(dump.filename)
            if known is not None and known[0] == state and known[1].path.exists():
                return known[1]
            written = self._write(store, dump, state)
            if known is not None and known[1].path != written.path:
                known[1].path.unlink(missing_ok=True)
            self._files[dump.filename] = (state, written)
            return written

    def _write(self, store: GraphBackend, dump: Dump, state: tuple[int, int]) -> DumpFile:
        target = self.directory / f"{state[0]}-{state[1]}-{dump.filename}"
        partial = target.with_name(target.name + ".part")
        with partial.open("wb") as handle:
            writer = _HashingWriter(handle)
            write_dump(store, dump.format, writer, compress=dump.compressed)  # type: ignore[arg-type]
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(target)
        return DumpFile(target, writer.digest.hexdigest(), writer.size, time.time())

    def close(self) -> None:
        """Remove the files (and the directory, when it was made here)."""
        with self._lock:
            for _, file in self._files.values():
                file.path.unlink(missing_ok=True)
            self._files.clear()
            if self._tmp is not None:
                self._tmp.cleanup()
