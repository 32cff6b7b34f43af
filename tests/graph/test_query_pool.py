"""The query pool: worker processes over checkpoints of the seed store, killed past the time limit."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.query_pool import QueryPool, checkpoint_directory
from graph.results import QueryRequest
from graph.store import GraphStore
from styrgraf.errors import QueryTimeoutError, StoreError
from tests.queries.test_named_queries import ingested_seed_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
"""A cross product of the seed store with itself, sorted: billions of rows before the first."""


@pytest.fixture
def store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> GraphStore:
    return GraphStore.open(ingested_seed_store(tmp_path_factory, seeds_dir))


@pytest.fixture
def pool(store: GraphStore) -> Iterator[QueryPool]:
    pool = QueryPool(store, workers=2)
    assert pool.wait_until_ready()
    yield pool
    pool.close()


def count(pool: QueryPool) -> int:
    answer = pool.run(QueryRequest(COUNT), timeout=60)
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_workers_answer_what_the_store_answers(store: GraphStore, pool: QueryPool) -> None:
    expected = next(iter(store.query(COUNT)))["n"].value
    assert count(pool) == int(expected) == len(store)
    assert len(pool.pids) == 2 and all(alive(pid) for pid in pool.pids)


def test_a_runaway_query_is_killed_and_its_worker_replaced(pool: QueryPool) -> None:
    before = pool.pids
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"^query stopped: it ran longer than the 1 s limit$"):
        pool.run(QueryRequest(RUNAWAY), timeout=1)
    after = pool.pids
    assert len(after) == 2 and len(set(after) - set(before)) == 1
    killed = (set(before) - set(after)).pop()
    assert not alive(killed)
    assert count(pool) > 0
    assert time.monotonic() - started < 60  # the runaway alone would take hours


def test_the_workers_serve_queries_side_by_side(pool: QueryPool) -> None:
    before = set(pool.pids)
    errors: list[str] = []

    def run() -> None:
        try:
            pool.run(QueryRequest(RUNAWAY), timeout=3)
        except QueryTimeoutError as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # each runaway had a worker of its own: neither waited for a free one, and both were killed
    assert errors == ["query stopped: it ran longer than the 3 s limit"] * 2
    assert before.isdisjoint(pool.pids) and len(pool.pids) == 2
    assert not any(alive(pid) for pid in before)


def test_a_write_moves_queries_to_a_new_checkpoint_and_the_old_one_goes(
    store: GraphStore, tmp_path: Path
) -> None:
    pool = QueryPool(store, workers=1)
    try:
        assert pool.wait_until_ready()
        total = count(pool)
        [first] = pool.checkpoints
        assert first.parent == checkpoint_directory(store.path or tmp_path) and first != store.path
        store.update(
            "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"
        )
        assert count(pool) == total + 1
        [second] = pool.checkpoints
        assert second != first and not first.exists()
    finally:
        pool.close()
    assert not pool.directory.exists()


def test_a_query_pool_needs_a_store_on_disk() -> None:
    with pytest.raises(StoreError, match="needs an on-disk store"):
        QueryPool(GraphStore.open(None))


def test_close_stops_every_worker(pool: QueryPool) -> None:
    pids = pool.pids
    pool.close()
    assert not any(alive(pid) for pid in pids)


def test_a_query_waits_for_a_starting_worker_not_against_its_time_limit(store: GraphStore) -> None:
    pool = QueryPool(store, workers=1)
    try:
        pool.start()
        assert pool.idle == 0  # still importing
        # the worker's start-up (seconds on a loaded machine) is not the query's time
        answer = pool.run(QueryRequest("ASK { ?s ?p ?o }"), timeout=1)
        assert json.loads(answer.body)["boolean"] is True
    finally:
        pool.close()
