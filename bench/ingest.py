"""Ingest section: the seed documents stage by stage, then the corpus at each scale.

For the seeds, best of ``--repeat`` runs on this machine:

* extraction — loaders only: source lines per second;
* mapping — facts → quads;
* writing — the single-transaction replace of all document graphs, in triples per second, beside
  pyoxigraph's own ``bulk_load`` of the same triples as N-Quads (the store's limit);
* the whole ``ingest_documents`` into a fresh on-disk store (the target: under 2 s for the five seeds).

For each ``--scales`` corpus (:mod:`bench.corpus`, generated into ``var/corpus/<scale>x`` unless it is
there), once, each in a fresh subprocess so that its peak memory is its own (``ru_maxrss``):

* the ingest of the whole corpus, one transaction per municipality, into a fresh store at
  ``var/bench/store-<scale>x`` (kept for the query benchmarks): wall time, triples per second, source
  lines per second, peak resident memory, and the time spent writing to the store;
* pyoxigraph's ``bulk_load`` of the same triples, dumped as N-Quads, into a fresh store: the write
  rate beside it is the ratio the issue targets (≥ 0.5×).

``python -m bench.ingest --worker ingest|bulk …`` is that subprocess.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.common import BASE, ROOT, BenchOptions, Section, best_of, corpus_dir, store_dir, timed
from bench.corpus import ensure_corpus, ingest_corpus
from graph.ingest import collect_documents, ingest_documents
from graph.iris import IriMinter
from graph.mapping import facts_to_quads
from graph.resolve import EntityResolver
from graph.store import GraphStore
from loaders import read_document

__all__ = ["ensure_store", "run", "run_scales", "run_seeds"]


def run(options: BenchOptions) -> list[Section]:
    """The seed ingest stage by stage, and the ingest of each scale."""
    return [run_seeds(options), run_scales(options)]


def run_seeds(options: BenchOptions) -> Section:
    """The seed ingest, stage by stage."""
    repeat = 1 if options.quick else options.repeat
    files = collect_documents([options.seeds])
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in files)

    cpu = time.process_time()
    extract_s, facts = best_of(repeat, lambda: [read_document(p) for p in files])
    extract_cpu = (time.process_time() - cpu) / repeat  # CPU time holds up better on a shared host

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
        "extract (loaders)",
        f"{extract_s:.3f}",
        f"{lines / extract_s:,.0f} lines/s",
        f"CPU {extract_cpu:.3f} s a run, {lines / extract_cpu:,.0f} lines/s; target ≥ 50 000",
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


def run_scales(options: BenchOptions) -> Section:
    """The ingest of the corpus at each scale beside ``bulk_load`` of its triples."""
    section = Section(
        "Ingest at scale (one run each, fresh store, one transaction per municipality)",
        (
            "scale",
            "documents",
            "lines",
            "triples",
            "ingest s",
            "triples/s",
            "lines/s",
            "peak RSS",
            "write triples/s",
            "bulk_load triples/s",
            "write ÷ bulk",
        ),
    )
    for scale in options.scales:
        figures = ingest_scale(options, scale)
        ingest, bulk = figures["ingest"], figures["bulk"]
        write_rate = ingest["triples"] / ingest["write_seconds"]
        bulk_rate = bulk["triples"] / bulk["seconds"]
        section.add(
            f"{scale}×",
            f"{ingest['documents']:,}",
            f"{ingest['lines']:,}",
            f"{ingest['triples']:,}",
            f"{ingest['seconds']:.1f}",
            f"{ingest['triples'] / ingest['seconds']:,.0f}",
            f"{ingest['lines'] / ingest['seconds']:,.0f}",
            f"{ingest['peak_rss_mib']:,.0f} MiB",
            f"{write_rate:,.0f}",
            f"{bulk_rate:,.0f}",
            f"{write_rate / bulk_rate:.2f}×",
        )
    section.notes.append(
        "ingest s: read, map and write, all documents; write: the store's share of it; peak RSS: the "
        "ingesting process (documents are read in forked workers, each smaller)."
    )
    return section


def ingest_scale(options: BenchOptions, scale: int) -> dict[str, dict[str, Any]]:
    """Generate (if needed) and ingest the corpus at ``scale``×, then bulk-load its dump; figures of both."""
    corpus = ensure_corpus(corpus_dir(options, scale), scale, seeds=options.seeds)
    store = store_dir(options, scale)
    dump = store.with_suffix(".nq")
    ingest = _worker("ingest", "--corpus", str(corpus), "--store", str(store), "--dump", str(dump))
    (store.parent / f"{store.name}.json").write_text(json.dumps(ingest, indent=1) + "\n", encoding="utf-8")
    with tempfile.TemporaryDirectory(dir=store.parent) as tmp:
        bulk = _worker("bulk", "--nquads", str(dump), "--store", str(Path(tmp) / "store"))
    dump.unlink()
    return {"ingest": ingest, "bulk": bulk}


def ensure_store(options: BenchOptions, scale: int) -> Path:
    """The store holding the corpus at ``scale``× (``var/bench/store-<scale>x``), ingested unless a
    complete one is there. Open it read-only, or with one writer at a time."""
    store = store_dir(options, scale)
    if not (store.parent / f"{store.name}.json").is_file():
        corpus = ensure_corpus(corpus_dir(options, scale), scale, seeds=options.seeds)
        info = _worker("ingest", "--corpus", str(corpus), "--store", str(store))
        (store.parent / f"{store.name}.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return store


def _worker(*args: str) -> dict[str, Any]:
    """Run ``python -m bench.ingest --worker …`` and return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.ingest", "--worker", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


class _TimedStore(GraphStore):
    """A :class:`GraphStore` that adds up the time spent in :meth:`replace_graphs`."""

    write_seconds = 0.0

    def replace_graphs(self, graphs: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> None:
        seconds, _ = timed(lambda: super(_TimedStore, self).replace_graphs(graphs))
        self.write_seconds += seconds


def _peak_rss_mib() -> float:
    """This process's peak resident memory, in MiB (``ru_maxrss`` is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ingest_worker(corpus: Path, store_path: Path, dump: Path | None) -> dict[str, Any]:
    if store_path.exists():
        shutil.rmtree(store_path)
    files = sorted(corpus.rglob("*.txt"))
    lines = sum(text.count("\n") for text in (p.read_text(encoding="utf-8") for p in files))
    store = _TimedStore.open(store_path)
    assert isinstance(store, _TimedStore)
    seconds, results = timed(lambda: ingest_corpus(store, corpus, base=BASE))
    figures = {
        "documents": len(results),
        "lines": lines,
        "triples": len(store),
        "seconds": seconds,
        "write_seconds": store.write_seconds,
        "peak_rss_mib": _peak_rss_mib(),
    }
    if dump is not None:
        with dump.open("wb") as output:
            store.oxigraph.dump(output, ox.RdfFormat.N_QUADS)
    return figures


def _bulk_worker(nquads: Path, store_path: Path) -> dict[str, Any]:
    store = ox.Store(str(store_path))
    seconds, _ = timed(lambda: store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    return {"triples": len(store), "seconds": seconds, "peak_rss_mib": _peak_rss_mib()}


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.ingest --worker ingest|bulk …`` (one measurement, figures as JSON)."""
    parser = argparse.ArgumentParser(prog="python -m bench.ingest")
    parser.add_argument("--worker", choices=("ingest", "bulk"), required=True)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--nquads", type=Path)
    args = parser.parse_args(argv)
    if args.worker == "ingest":
        if args.corpus is None:
            parser.error("--worker ingest needs --corpus")
        figures = _ingest_worker(args.corpus, args.store, args.dump)
    else:
        if args.nquads is None:
            parser.error("--worker bulk needs --nquads")
        figures = _bulk_worker(args.nquads, args.store)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
