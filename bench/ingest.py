"""Ingest section: the seed documents stage by stage.

Measures, best of ``--repeat`` runs on this machine:

* extraction — loaders only: source lines per second;
* mapping — facts → quads;
* writing — the single-transaction replace of all document graphs, in triples per second, beside
  pyoxigraph's own ``bulk_load`` of the same triples as N-Quads (the store's limit);
* the whole ``ingest_documents`` into a fresh on-disk store (the target: under 2 s for the five seeds).
"""

from __future__ import annotations

import io
import statistics
import tempfile
from pathlib import Path

import pyoxigraph as ox

from bench.common import BASE, BenchOptions, Section, best_of, timed
from graph.ingest import collect_documents, ingest_documents
from graph.iris import IriMinter
from graph.mapping import facts_to_quads
from graph.resolve import EntityResolver
from graph.store import GraphStore
from loaders import read_document

__all__ = ["run"]


def run(options: BenchOptions) -> Section:
    """The seed ingest, stage by stage."""
    repeat = 1 if options.quick else options.repeat
    files = collect_documents([options.seeds])
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in files)

    extract_s, facts = best_of(repeat, lambda: [read_document(p) for p in files])

    def map_all() -> dict[ox.NamedNode, list[ox.Quad]]:
        resolver = EntityResolver()
        mint = IriMinter(BASE, resolver)
        return {mint.graph(f.source): facts_to_quads(f, base=BASE, resolver=resolver) for f in facts}

    map_s, graphs = best_of(repeat, map_all)
    quads = sum(len(q) for q in graphs.values())

    def write() -> int:
        with tempfile.TemporaryDirectory() as tmp:
            store = GraphStore.open(Path(tmp) / "store")
            store.replace_graphs(graphs)
            count = len(store)
            del store  # close it before the directory goes
            return count

    write_s, stored = best_of(repeat, write)
    nquads = io.BytesIO()
    ox.serialize((q for qs in graphs.values() for q in qs), nquads, ox.RdfFormat.N_QUADS)

    def bulk() -> int:
        with tempfile.TemporaryDirectory() as tmp:
            store = ox.Store(tmp)
            store.bulk_load(io.BytesIO(nquads.getvalue()), ox.RdfFormat.N_QUADS)
            count = len(store)
            del store  # close it before the directory goes
            return count

    bulk_s, _ = best_of(repeat, bulk)

    def ingest_fresh() -> int:
        with tempfile.TemporaryDirectory() as tmp:
            store = GraphStore.open(Path(tmp) / "store")
            ingest_documents(store, files, base=BASE)
            count = len(store)
            del store  # close it before the directory goes
            return count

    ingest_times = [timed(ingest_fresh)[0] for _ in range(repeat)]

    section = Section(
        f"Ingest of the {len(files)} seed documents, {lines:,} lines, {stored:,} quads (best of {repeat})",
        ("stage", "seconds", "rate", "note"),
    )
    section.add(
        "extract (loaders)", f"{extract_s:.3f}", f"{lines / extract_s:,.0f} lines/s", "target ≥ 50 000"
    )
    section.add("map (facts → quads)", f"{map_s:.3f}", f"{quads / map_s:,.0f} quads/s", "")
    section.add(
        "write (one transaction, disk)",
        f"{write_s:.3f}",
        f"{stored / write_s:,.0f} quads/s",
        f"{bulk_s / write_s:.2f}× bulk_load; target ≥ 0.5×",
    )
    section.add(
        "pyoxigraph bulk_load, disk", f"{bulk_s:.3f}", f"{stored / bulk_s:,.0f} quads/s", "the store's limit"
    )
    section.add(
        "ingest_documents, on disk",
        f"{min(ingest_times):.3f}",
        "",
        f"median {statistics.median(ingest_times):.3f} s; target < 2 s",
    )
    return section
