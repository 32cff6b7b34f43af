"""Faults during an ingest: a SIGKILL at random moments, and readers while graphs are replaced.

The store holds the five seeds; the "new" batch is two of the same files (003, 004) cut short at a
line end (a shorter document each, so their graphs change). ``styrgraf ingest`` of the new batch is
killed with SIGKILL at random moments after its document workers are done (mapping and writing),
half of the time the moment its write-ahead log starts to grow (the commit being written). After
every kill the store opens for writing and holds exactly the old state or exactly the new one (quad
count and dump hash; the new one up to its ingest reports' time stamps, which each ingest sets).
``FAULT_KILLS`` sets how many kills (default 4; docs/reliability.md gives a run of more).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.ingest import ingest_documents
from graph.store import GraphStore
from queries import select_rows
from tests.queries.test_named_queries import ingested_seed_store
from tests.stores import BASE, GENERATED_AT, copy_store, state

KILLS = int(os.environ.get("FAULT_KILLS", "4"))


@pytest.fixture(scope="module")
def shorter(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[Path]) -> list[Path]:
    """Seeds 003 and 004 cut at the line end three quarters of the way through, under their own names."""
    folder = tmp_path_factory.mktemp("shorter")
    for seed in seed_paths[3:]:
        lines = seed.read_text(encoding="utf-8").splitlines(keepends=True)
        (folder / seed.name).write_text("".join(lines[: len(lines) * 3 // 4]), encoding="utf-8")
    return sorted(folder.iterdir())


@pytest.fixture(scope="module")
def old_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The five seeds (the session's shared seed store, copied)."""
    return ingested_seed_store(tmp_path_factory, seeds_dir)


def ingest_command(store: Path, documents: list[Path]) -> list[str]:
    return [sys.executable, "-m", "styrgraf", "ingest", *map(str, documents), "--store", str(store)]


def children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def wal_bytes(store: Path) -> int:
    return sum(path.stat().st_size for path in store.glob("*.log") if path.exists())


def run_until(process: subprocess.Popen[bytes], store: Path) -> Iterator[tuple[str, float]]:
    """Watch an ingest: yield ("workers-done", t) once its forked readers are gone, then
    ("wal", t) each time its write-ahead log grows, until it exits."""
    seen_workers = False
    done = False
    wal = wal_bytes(store)
    while process.poll() is None:
        now = time.monotonic()
        if not done:
            if children(process.pid):
                seen_workers = True
            elif seen_workers:
                done = True
                yield "workers-done", now
        size = wal_bytes(store)  # opening may replay and drop an old log: watch for growth only
        if size > wal:
            yield "wal", now
        wal = size
        time.sleep(0.001)


def opened_state(store: Path) -> tuple[int, str]:
    """Open the store for writing (as the next ingest would, replaying its log), then its state."""
    writer = GraphStore.open(store)
    writer.flush()
    del writer
    return state(store)


def test_sigkill_during_an_ingest_leaves_the_old_state_or_the_new(
    tmp_path: Path, old_store: Path, shorter: list[Path]
) -> None:
    old = state(old_store)
    calibration = copy_store(old_store, tmp_path / "calibration")
    process = subprocess.Popen(ingest_command(calibration, shorter), stdout=subprocess.DEVNULL)
    events = list(run_until(process, calibration))
    assert process.wait() == 0
    assert state(calibration)[0] < old[0]
    new = state(calibration, without=GENERATED_AT)
    started = next(t for kind, t in events if kind == "workers-done")
    window = time.monotonic() - started  # mapping and writing, and the process's exit
    rng = random.Random(20201231)
    outcomes: list[str] = []
    for attempt in range(KILLS):
        store = copy_store(old_store, tmp_path / f"store-{attempt}")
        process = subprocess.Popen(ingest_command(store, shorter), stdout=subprocess.DEVNULL)
        at_wal = attempt % 2 == 1
        delay = rng.uniform(0, window)
        killed_at = "exited"
        for kind, _moment in run_until(process, store):
            if at_wal and kind == "wal":
                killed_at = "commit"
                break
            if not at_wal and kind == "workers-done":
                time.sleep(delay)
                killed_at = f"+{delay:.2f}s"
                break
        process.send_signal(signal.SIGKILL)
        code = process.wait()
        after = opened_state(store)
        # the new state may differ from the calibration run's only in the ingest reports' time stamps
        outcome = "old" if after == old else "new" if state(store, without=GENERATED_AT) == new else None
        assert outcome, f"kill {attempt} ({killed_at}, exit {code}) left a third state"
        outcomes.append(f"{killed_at}:{outcome}:{code}")
    print("kills:", outcomes)
    assert any(outcome.endswith(":-9") for outcome in outcomes), outcomes


def graph_counts(store: GraphStore) -> dict[str, int]:
    return {row["graph"]: row["triples"] for row in select_rows(store, "graph_sizes")}


def graphs_of(store: GraphStore, graphs: list[ox.NamedNode]) -> dict[ox.NamedNode, list[ox.Quad]]:
    return {graph: list(store.oxigraph.quads_for_pattern(None, None, None, graph)) for graph in graphs}


def test_readers_see_each_batch_whole_while_graphs_are_replaced(
    tmp_path: Path, old_store: Path, shorter: list[Path]
) -> None:
    store = GraphStore.open(copy_store(old_store, tmp_path / "store"))
    old_counts = graph_counts(store)
    ingest_documents(store, shorter, base=BASE)
    new_counts = graph_counts(store)
    changed = [graph for graph in store.named_graphs() if old_counts[graph.value] != new_counts[graph.value]]
    assert old_counts.keys() == new_counts.keys() and len(changed) == 2
    new_graphs = graphs_of(store, changed)
    old_graphs = graphs_of(GraphStore.open(old_store, read_only=True), changed)
    seen: list[dict[str, int]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.wait(0.002):  # a breath between reads lets the writer hold the GIL too
            seen.append(graph_counts(store))

    reader = threading.Thread(target=read)
    reader.start()
    reads_during_writes = 0
    try:
        for graphs in [old_graphs, new_graphs] * 2:
            before = len(seen)
            store.replace_graphs(graphs)  # what an ingest's write is
            reads_during_writes += len(seen) - before
        before = len(seen)
        ingest_documents(store, shorter, base=BASE)  # and a whole re-ingest of the same batch
        reads_during_writes += len(seen) - before
    finally:
        stop.set()
        reader.join()
    print(f"reads: {len(seen)}, {reads_during_writes} of them during writes")
    mixed = [counts for counts in seen if counts not in (old_counts, new_counts)]
    assert not mixed, f"{len(mixed)} of {len(seen)} reads saw a mix, e.g. {mixed[0]}"
    assert old_counts in seen and new_counts in seen
    assert reads_during_writes > 0, "the reader never ran while a write was under way"
    assert graph_counts(store) == new_counts
