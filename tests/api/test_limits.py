"""The /sparql limits on a live server over the seed store: runaway queries killed, concurrency
bounded, rows and bytes capped, hostile SPARQL refused, answers cached with ETags."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import serving
from tests.queries.test_named_queries import ingested_seed_store

pytestmark = pytest.mark.live

TOKEN = "limits-test-token-5e1f"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
"""A cross product of the seed store with itself, sorted: hours of work before the first row."""
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[httpx.Client]:
    env = {
        "STYRGRAF_QUERY_TIMEOUT": "2",
        "STYRGRAF_QUERY_WORKERS": "2",
        "STYRGRAF_MAX_CONCURRENT_QUERIES": "2",
        "STYRGRAF_MAX_RESULT_ROWS": "1000",
        "STYRGRAF_MAX_RESPONSE_BYTES": "200000",
        "STYRGRAF_UPDATE_TOKEN": TOKEN,
    }
    with serving(ingested_seed_store(tmp_path_factory, seeds_dir), **env) as base:
        with httpx.Client(base_url=base, timeout=60) as client:
            yield client


def status(client: httpx.Client) -> dict[str, Any]:
    response = client.get("/-/status", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def wait_for_idle_workers(client: httpx.Client) -> None:
    deadline = time.monotonic() + 60
    while status(client)["idle_workers"] < 2:
        assert time.monotonic() < deadline, "the query workers did not start within 60 s"
        time.sleep(0.05)


def count(client: httpx.Client) -> int:
    response = client.get("/sparql", params={"query": COUNT}, headers=JSON)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) the processes have used so far."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def test_a_runaway_query_is_stopped_its_worker_killed_and_the_server_idle(server: httpx.Client) -> None:
    total = count(server)
    wait_for_idle_workers(server)
    before = status(server)
    assert len(before["workers"]) == 2 and before["checkpoints"]

    response = server.get("/sparql", params={"query": RUNAWAY}, headers=JSON)
    assert response.status_code == 503
    assert response.text == "query stopped: it ran longer than the 2 s limit"
    assert response.headers["retry-after"] == "5"

    after = status(server)
    [killed] = set(before["workers"]) - set(after["workers"])
    assert not alive(killed)
    assert len(after["workers"]) == 2 and after["active_queries"] == 0
    # the server and the worker that was not killed are idle (the new worker may still be importing)
    processes = [after["pid"], *(set(before["workers"]) & set(after["workers"]))]
    used = cpu_seconds(processes)
    time.sleep(1)
    assert cpu_seconds(processes) - used < 0.5  # nobody is still sorting billions of rows
    started = time.monotonic()
    assert count(server) == total
    assert time.monotonic() - started < 30  # the runaway alone would run for hours


def test_past_the_concurrency_limit_a_query_is_refused_at_once(server: httpx.Client) -> None:
    wait_for_idle_workers(server)  # the one replacing the worker killed before too
    answers: list[httpx.Response] = []

    def run(query: str) -> None:
        answers.append(server.get("/sparql", params={"query": query}, headers=JSON))

    runaways = [threading.Thread(target=run, args=(f"{RUNAWAY} # {i}",)) for i in range(2)]
    for thread in runaways:
        thread.start()
    deadline = time.monotonic() + 10
    while status(server)["active_queries"] < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    refused = server.get("/sparql", params={"query": "ASK { ?s ?p 'busy' }"}, headers=JSON)
    for thread in runaways:
        thread.join()
    assert refused.status_code == 503
    assert refused.text == "server busy: 2 queries are running, the limit; retry shortly"
    assert refused.headers["retry-after"] == "1"
    # both runaways ran side by side, each in a worker of its own, and were stopped
    assert [a.status_code for a in answers] == [503, 503]
    assert {a.text for a in answers} == {"query stopped: it ran longer than the 2 s limit"}
    assert count(server) > 0


def test_more_rows_or_bytes_than_the_limits_is_422(server: httpx.Client) -> None:
    rows = server.get("/sparql", params={"query": "SELECT (1 AS ?x) WHERE { ?s ?p ?o } LIMIT 1001"})
    assert rows.status_code == 422
    assert rows.headers["content-type"].startswith("text/plain")
    assert rows.text == (
        "the result has more than 1000 rows, the limit; add LIMIT (and OFFSET to page) or narrow the query"
    )
    fits = server.get(
        "/sparql", params={"query": "SELECT (1 AS ?x) WHERE { ?s ?p ?o } LIMIT 1000"}, headers=JSON
    )
    assert fits.status_code == 200 and len(fits.json()["results"]["bindings"]) == 1000
    big = server.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1000"}, headers=JSON)
    assert big.status_code == 422
    assert big.text.startswith("the result is larger than 200000 bytes, the limit;")


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT * WHERE { ?s ?p }", "SPARQL syntax error: error at 1:"),
        ("SELECT * WHERE { ?s nope:p ?o }", "Prefix not found"),
        (
            "SELECT (<http://example.org/f>(1) AS ?x) WHERE {}",
            "The custom function <http://example.org/f> is not supported",
        ),
        (
            "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000,
            "query nesting at 1:528 is deeper than 256 levels",
        ),
    ],
    ids=["malformed", "unknown-prefix", "unknown-function", "5000-nested-groups"],
)
def test_bad_sparql_is_400_with_the_reason(server: httpx.Client, query: str, reason: str) -> None:
    workers = status(server)["workers"]
    response = server.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400
    assert reason in response.text
    assert status(server)["workers"] == workers  # no worker crashed, nor the server
    assert count(server) > 0


def test_a_query_over_the_length_limit_is_413(server: httpx.Client) -> None:
    query = "ASK {}" + " " * 100_000
    response = server.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413
    assert response.text == "query is 100006 characters; the limit is 100000"


def test_answers_carry_a_strong_etag_that_revalidates_and_changes_with_the_store(
    server: httpx.Client,
) -> None:
    params = {"query": COUNT}
    first = server.get("/sparql", params=params, headers=JSON)
    again = server.get("/sparql", params=params, headers=JSON)
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert again.headers["etag"] == etag and again.content == first.content
    assert first.headers["cache-control"] == "no-cache"
    assert server.get("/sparql", params=params, headers={"Accept": "text/csv"}).headers["etag"] != etag

    unchanged = server.get("/sparql", params=params, headers={**JSON, "If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == etag
    head = server.head("/sparql", params=params, headers=JSON)
    assert head.status_code == 200 and head.headers["etag"] == etag and head.content == b""
    assert server.head("/sparql", params=params, headers={**JSON, "If-None-Match": etag}).status_code == 304
    posted = server.post(
        "/sparql",
        content=COUNT,
        headers={**JSON, "Content-Type": "application/sparql-query", "If-None-Match": etag},
    )
    assert posted.status_code == 412

    update = (
        "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"
    )
    written = server.post(
        "/sparql",
        content=update,
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert written.status_code == 204
    changed = server.get("/sparql", params=params, headers={**JSON, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    total = int(first.json()["results"]["bindings"][0]["n"]["value"])
    assert int(changed.json()["results"]["bindings"][0]["n"]["value"]) == total + 1
