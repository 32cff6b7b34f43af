"""Graceful shutdown: SIGTERM to ``styrgraf serve`` with requests in flight."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import httpx
import pytest

from graph.store import GraphStore
from tests.live import served
from tests.queries.test_named_queries import ingested_seed_store
from tests.stores import state

TRACE = "/api/goals/kommunstyrelsen/giftfri-miljo/trace"


@pytest.mark.live
def test_sigterm_lets_requests_in_flight_finish_then_exits_0_and_the_store_reopens(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path
) -> None:
    store = ingested_seed_store(tmp_path_factory, seeds_dir)
    before = state(store)
    answers: list[int] = []
    first = threading.Event()
    with served(store) as (base, process):
        with httpx.Client(base_url=base, timeout=120, limits=httpx.Limits(max_connections=20)) as client:

            connected = threading.Barrier(20)

            def fetch() -> None:
                # every thread's connection is open and answered once before the traces are sent,
                # so no request is still waiting to be accepted when the signal comes
                assert client.get("/health").status_code == 200
                connected.wait(120)
                answers.append(client.get(TRACE).status_code)
                first.set()

            threads = [threading.Thread(target=fetch) for _ in range(20)]
            for thread in threads:
                thread.start()
            assert first.wait(120), "no trace answered"
            assert len(answers) < 20, "every request finished before the signal; nothing was in flight"
            process.send_signal(signal.SIGTERM)
            for thread in threads:
                thread.join()
        assert process.wait(timeout=60) == 0
    assert answers == [200] * 20
    writer = GraphStore.open(store)  # opens for writing: the lock was released, the store is whole
    del writer
    assert state(store) == before
