"""Ingest benchmark on the seed documents.

Measures, best of ``--repeat`` runs on this machine:

* extraction — loaders only: source lines per second;
* mapping — facts → quads;
* writing — the single-transaction replace of all document graphs, in triples per second, beside
  pyoxigraph's own ``bulk_load`` of the same triples as N-Quads (the store's limit);
* the whole ``ingest_documents`` into a fresh on-disk store (the target: under 2 s for the five seeds).
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rich.console import Console
from rich.table import Table

from graph.ingest import collect_documents, ingest_documents
from graph.iris import IriMinter
from graph.mapping import facts_to_quads
from graph.resolve import EntityResolver
from graph.store import GraphStore
from loaders import read_document
from styrgraf.settings import DEFAULT_SEEDS

T = TypeVar("T")
BASE = "http://127.0.0.1:8000/"


def best_of(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    """Fastest wall time of ``repeat`` runs, and the last result."""
    times: list[float] = []
    result: T | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    assert result is not None
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_SEEDS])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = collect_documents(args.paths)
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in files)

    extract_s, facts = best_of(args.repeat, lambda: [read_document(p) for p in files])

    def map_all() -> dict[ox.NamedNode, list[ox.Quad]]:
        resolver = EntityResolver()
        mint = IriMinter(BASE, resolver)
        return {mint.graph(f.source): facts_to_quads(f, base=BASE, resolver=resolver) for f in facts}

    map_s, graphs = best_of(args.repeat, map_all)
    quads = sum(len(q) for q in graphs.values())

    def write() -> int:
        with tempfile.TemporaryDirectory() as tmp:
            store = GraphStore.open(Path(tmp) / "store")
            store.replace_graphs(graphs)
            count = len(store)
            del store  # close it before the directory goes
            return count

    write_s, stored = best_of(args.repeat, write)
    nquads = io.BytesIO()
    ox.serialize((q for qs in graphs.values() for q in qs), nquads, ox.RdfFormat.N_QUADS)

    def bulk() -> int:
        with tempfile.TemporaryDirectory() as tmp:
            store = ox.Store(tmp)
            store.bulk_load(io.BytesIO(nquads.getvalue()), ox.RdfFormat.N_QUADS)
            count = len(store)
            del store  # close it before the directory goes
            return count

    bulk_s, _ = best_of(args.repeat, bulk)

    def ingest_fresh() -> int:
        with tempfile.TemporaryDirectory() as tmp:
            store = GraphStore.open(Path(tmp) / "store")
            ingest_documents(store, files, base=BASE)
            count = len(store)
            del store  # close it before the directory goes
            return count

    ingest_times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        ingest_fresh()
        ingest_times.append(time.perf_counter() - start)

    table = Table(
        title=f"Ingest of {len(files)} documents, {lines} lines, {stored} quads (best of {args.repeat})"
    )
    for column in ("stage", "seconds", "rate", "note"):
        table.add_column(column, justify="right" if column in {"seconds", "rate"} else "left")
    table.add_row(
        "extract (loaders)", f"{extract_s:.3f}", f"{lines / extract_s:,.0f} lines/s", "target ≥ 50 000"
    )
    table.add_row("map (facts → quads)", f"{map_s:.3f}", f"{quads / map_s:,.0f} quads/s", "")
    table.add_row(
        "write (one transaction, disk)",
        f"{write_s:.3f}",
        f"{stored / write_s:,.0f} quads/s",
        f"{(stored / write_s) / (stored / bulk_s):.2f}× bulk_load",
    )
    table.add_row(
        "pyoxigraph bulk_load, disk", f"{bulk_s:.3f}", f"{stored / bulk_s:,.0f} quads/s", "the store's limit"
    )
    table.add_row(
        "ingest_documents, on disk",
        f"{min(ingest_times):.3f}",
        "",
        f"median {statistics.median(ingest_times):.3f} s; target < 2 s",
    )
    Console().print(table)


if __name__ == "__main__":
    main()
