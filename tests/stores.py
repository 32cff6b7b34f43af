"""On-disk stores for tests that write, fault or copy them, and a fingerprint of what a store holds."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

from graph.ingest import ingest_documents
from graph.store import GraphStore

BASE = "http://127.0.0.1:8000/"


def ingest_to_disk(paths: list[Path], target: Path) -> Path:
    """A store at ``target`` holding ``paths``, closed again so other processes may open it."""
    store = GraphStore.open(target)
    ingest_documents(store, paths, base=BASE)
    store.flush()
    del store  # the last reference: Oxigraph closes the store and releases its lock
    return target


def copy_store(source: Path, target: Path) -> Path:
    """A copy of the closed store ``source`` at ``target``."""
    shutil.copytree(source, target)
    return target


GENERATED_AT = b"<http://www.w3.org/ns/prov#generatedAtTime>"
"""The predicate of an ingest report's time stamp: two ingests of the same batch differ only in it."""


def state(path: Path, *, without: bytes | None = None) -> tuple[int, str]:
    """The number of quads in the store at ``path`` and a SHA-256 of its sorted N-Quads dump
    (leaving out the quads whose line holds ``without``)."""
    store = GraphStore.open(path, read_only=True)
    buffer = io.BytesIO()
    store.dump(buffer, "nquads")
    del store
    lines = sorted(
        line for line in buffer.getvalue().splitlines() if line and not (without and without in line)
    )
    return len(lines), hashlib.sha256(b"\n".join(lines)).hexdigest()
