"""Remote section: the same work on the embedded store and on an Oxigraph server over HTTP.

For each ``--scales`` corpus (``bench.ingest.ensure_store``) a fresh ``oxigraph serve`` (PyPI
``oxigraph``, on disk in a temporary directory, ``--union-default-graph``) is started on a free
loopback port. Timed, on both backends: writing every document graph in one
:meth:`replace_graphs` (into an empty store), and then — best of ``--repeat`` rounds of 20 calls,
p50 and p99 over all calls — a goal trace, a search and the graph sizes.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from bench.common import BASE, BenchOptions, Section, timed
from bench.ingest import ensure_store
from graph.backend import GraphBackend
from graph.remote import RemoteGraphStore
from graph.store import GraphStore
from queries import run_named_query
from queries.trace import goal_trace

__all__ = ["run"]

GOAL = f"{BASE}id/goal/kommunstyrelsen/giftfri-miljo"


def run(options: BenchOptions) -> Section:
    """One row per measurement and scale, embedded beside remote."""
    section = Section(
        "Remote store: embedded Oxigraph beside Oxigraph server over HTTP",
        ["scale", "what", "embedded", "remote", "remote / embedded"],
    )
    for scale in options.scales:
        _measure_scale(section, options, scale)
    section.notes.append("writes in seconds; queries p50 / p99 in milliseconds; server on the same machine")
    return section


def _measure_scale(section: Section, options: BenchOptions, scale: int) -> None:
    source = GraphStore.open(ensure_store(options, scale), read_only=True)
    graphs = {graph: source.graph_quads(graph) for graph in source.named_graphs()}
    with tempfile.TemporaryDirectory() as tmp, _server(Path(tmp) / "server") as base:
        remote = RemoteGraphStore(
            f"{base}/query", update_url=f"{base}/update", query_timeout=600, timeout=3600
        )
        embedded = GraphStore.open(Path(tmp) / "embedded")
        stores: tuple[GraphBackend, GraphBackend] = (embedded, remote)
        writes = [_write(store, graphs) for store in stores]
        quads = sum(len(q) for q in graphs.values())
        section.add(f"{scale}×", f"replace_graphs, {quads:,} quads (s)", *_pair(writes, "{:.2f}"))
        calls = 1 if options.quick else 20
        rounds = 1 if options.quick else options.repeat
        for label, call in WORK:
            p50s: list[float] = []
            p99s: list[float] = []
            for store in stores:
                p50, p99 = _latencies(partial(call, store), calls, rounds)
                p50s.append(p50)
                p99s.append(p99)
            section.add(f"{scale}×", f"{label} p50 (ms)", *_pair(p50s, "{:.1f}"))
            section.add(f"{scale}×", f"{label} p99 (ms)", *_pair(p99s, "{:.1f}"))
        remote.close()


def _write(store: GraphBackend, graphs: dict[Any, Any]) -> float:
    return timed(partial(store.replace_graphs, graphs))[0]


def _trace(store: GraphBackend) -> Any:
    return goal_trace(store, GOAL)


def _search(store: GraphBackend) -> Any:
    return list(run_named_query(store, "goals", {"q": "giftfri miljo"}))


def _sizes(store: GraphBackend) -> Any:
    return list(run_named_query(store, "graph_sizes"))


WORK: list[tuple[str, Callable[[GraphBackend], Any]]] = [
    ("goal trace (7 named queries)", _trace),
    ("goals, q=giftfri miljo", _search),
    ("graph_sizes", _sizes),
]


def _pair(values: list[float], fmt: str) -> tuple[str, str, str]:
    return fmt.format(values[0]), fmt.format(values[1]), f"{values[1] / values[0]:.2f}×"


def _latencies(call: Callable[[], Any], calls: int, rounds: int) -> tuple[float, float]:
    """p50 and p99 in milliseconds of the best round (lowest p50) of ``calls`` calls."""
    best: tuple[float, float] | None = None
    for _ in range(rounds):
        times = sorted(timed(call)[0] * 1000 for _ in range(calls))
        p50 = statistics.median(times)
        p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
        if best is None or p50 < best[0]:
            best = (p50, p99)
    assert best is not None
    return best


@contextmanager
def _server(location: Path) -> Iterator[str]:
    """An ``oxigraph serve`` process on a free loopback port, until the block ends."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if binary is None:
        raise SystemExit("bench remote: the oxigraph server is missing; pip install -e '.[test]'")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
