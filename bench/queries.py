"""Queries section: latency in-process, p50 and p99, per corpus scale.

On the store of each ``--scales`` corpus (``bench.ingest.ensure_store``), opened read-only, one
thread, each measured ``--samples`` times after one warm-up run:

* the goal trace as ``/api/goals/{id}/trace`` builds it — resolving ``kommunstyrelsen/giftfri-miljo``,
  the seven ``goal_trace*`` queries, folding and validating the response model — without HTTP;
* the trace of every goal of the seeds (Linköping's), once each: the spread over goals with few
  and many indicators;
* search as ``/api/goals?q=giftfri%20miljo`` runs it (``list_goals``);
* every named query, with the goal, indicator, decision or organisation of Giftfri miljö as its
  required parameter and its header's example otherwise.

Search and the named queries are each measured in a forked child stopped after ``LIMIT`` seconds
(a listing of the whole store takes minutes at ten million triples): such a row says "> 60 s".

Targets (issue 7): the goal trace p99 under 10 ms in-process at ≥ 10 M triples.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from collections.abc import Callable
from typing import Any, TypeVar

from api.traces import GoalTrace
from bench.common import BASE, BenchOptions, Section
from bench.ingest import ensure_store
from graph.store import GraphStore
from queries import all_queries, select_rows
from queries.collections import list_goals
from queries.run import run_named_query
from queries.trace import find_entity, goal_trace

__all__ = ["latencies", "percentile", "run", "sample_params"]

GOAL_KEY = "kommunstyrelsen/giftfri-miljo"
"""The goal every scale traces: a nämndmål with indicators, assessments and decisions."""
SEARCH = "giftfri miljo"
SAMPLES = 200
"""Runs per measurement (after one warm-up); ``--quick`` runs 20."""
BUDGET = 10.0
MIN_SAMPLES = 5
"""A measurement stops after ``BUDGET`` seconds of runs, once it has ``MIN_SAMPLES`` of them."""
LIMIT = 30.0
"""Search and each named query are measured in a child process stopped after ``LIMIT`` seconds."""
T = TypeVar("T")


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile of ``values`` (nearest rank; p99 of 200 is the second largest)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def latencies(
    samples: int, work: Callable[[], object], budget: float = BUDGET
) -> tuple[list[float], list[float]]:
    """Wall and CPU times (this thread) in seconds of ``samples`` calls of ``work``, after one
    warm-up call — fewer (five at least) once the calls have taken ``budget`` seconds, so a
    whole-store aggregate at ten million triples does not take an hour. On a shared machine the
    CPU time shows the work when the wall time shows waiting."""
    work()
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(samples):
        if len(wall) >= MIN_SAMPLES and sum(wall) > budget:
            break
        start, start_cpu = time.perf_counter(), time.thread_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return wall, cpu


def trace_request(store: GraphStore, key: str = GOAL_KEY) -> dict[str, Any]:
    """What ``GET /api/goals/{key}/trace`` computes, short of HTTP and JSON encoding."""
    iri = find_entity(store, "goal", key, base=BASE)
    trace = goal_trace(store, iri, year=None) if iri is not None else None
    if trace is None:
        raise LookupError(f"bench: no goal {key!r} in the store")
    return GoalTrace.model_validate(trace).model_dump(mode="json")


def _within(limit: float, work: Callable[[], T]) -> T | None:
    """``work()`` run in a forked child, or ``None`` when it took over ``limit`` seconds (the child
    is killed: pyoxigraph cannot stop a query, and a listing of the whole 10-million-triple store
    may run for many minutes)."""
    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)

    def child() -> None:
        sending.send(work())

    process = multiprocessing.get_context("fork").Process(target=child, daemon=True)
    process.start()
    try:
        if not receiving.poll(limit):
            return None
        result: T = receiving.recv()
        return result
    finally:
        process.kill()
        process.join()


def _seed_goals(store: GraphStore) -> list[str]:
    """Every goal minted under the base itself (Linköping's; other municipalities of the scaled
    corpus have their goals under ``<base><municipality>/``)."""
    prefix = f"{BASE}id/goal/"
    solutions = store.query(
        "SELECT DISTINCT ?goal WHERE { ?goal a <https://w3id.org/styrgraf/ontology#Goal> "
        f'FILTER(STRSTARTS(STR(?goal), "{prefix}")) }}'
    )
    return sorted(str(row["goal"].value) for row in solutions)


def _each_once(items: list[str], work: Callable[[str], object]) -> tuple[list[float], list[float]]:
    """Wall and CPU times of one call of ``work`` per item (after one warm-up call on the first)."""
    wall: list[float] = []
    cpu: list[float] = []
    if items:
        work(items[0])
    for item in items:
        start, start_cpu = time.perf_counter(), time.thread_time()
        work(item)
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return wall, cpu


def sample_params(store: GraphStore) -> dict[str, str]:
    """Values for required parameters, all about Giftfri miljö (the goal, one of its indicators, a
    decision its section cites, its owner)."""
    goal = f"{BASE}id/goal/{GOAL_KEY}"
    indicators = select_rows(store, "goal_trace_indicators", {"goal": goal})
    decisions = [r for r in select_rows(store, "goal_trace_decisions", {"goal": goal}) if "decision" in r]
    about = select_rows(store, "goal_trace", {"goal": goal})
    values = {"goal": goal}
    if indicators:
        values["indicator"] = str(indicators[0]["indicator"])
    if decisions:
        values["decision"] = str(decisions[0]["decision"])
    if about and "owner" in about[0]:
        values["organisation"] = values["body"] = str(about[0]["owner"])
    return values


def run(options: BenchOptions) -> Section:
    """One row per scale and request."""
    samples = 20 if options.quick else SAMPLES
    section = Section(
        f"Queries in-process: latency over {samples} runs (one thread, read-only store)",
        ["scale", "triples", "request", "rows", "runs", "p50 ms", "p99 ms", "CPU p50 ms"],
    )
    for scale in options.scales:
        _measure_scale(section, options, scale, samples)
    section.notes.append(
        "target: goal trace p99 < 10 ms at ≥ 10 M triples; CPU = this thread's CPU time; "
        f"runs: fewer than {samples} when the runs took over {BUDGET:g} s (p99 of few runs is their maximum)"
    )
    return section


def _measure_scale(section: Section, options: BenchOptions, scale: int, samples: int) -> None:
    store = GraphStore.open(ensure_store(options, scale), read_only=True)
    triples = f"{len(store):,}"

    def add(request: str, rows: int, times: tuple[list[float], list[float]]) -> None:
        wall, cpu = times
        p50, p99, cpu50 = (
            statistics.median(wall) * 1000,
            percentile(wall, 0.99) * 1000,
            statistics.median(cpu) * 1000,
        )
        runs = len(wall)
        section.add(f"{scale}×", triples, request, rows, runs, f"{p50:.2f}", f"{p99:.2f}", f"{cpu50:.2f}")

    trace = trace_request(store)
    add(f"goal trace {GOAL_KEY}", len(trace["indicators"]), latencies(samples, lambda: trace_request(store)))
    goals = _seed_goals(store)
    add(
        f"goal trace, each of the {len(goals)} Linköping goals once",
        len(goals),
        _each_once(goals, lambda goal: goal_trace(store, goal)),
    )
    def bounded(request: str, work: Callable[[], int]) -> None:
        measured = _within(LIMIT, lambda: (work(), latencies(samples, work)))
        if measured is None:
            section.add(f"{scale}×", triples, request, "", 0, f"> {LIMIT:g} s", "", "")
        else:
            add(request, *measured)

    bounded(f"search q={SEARCH!r}", lambda: list_goals(store, q=SEARCH).total)
    values = sample_params(store)
    for name, query in sorted(all_queries().items()):
        params = dict(query.example)
        params.update({p.name: values[p.name] for p in query.params if p.required and p.name in values})
        if any(p.required and p.name not in params for p in query.params):
            continue

        def once(name: str = name, params: dict[str, Any] = params) -> int:
            return sum(1 for _ in run_named_query(store, name, params))

        bounded(f"query {name}", once)
