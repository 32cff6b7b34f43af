"""Whole answers to repeated reads, on a live server over the seeds: kept per store generation,
revalidated with ETags, answered for HEAD, emptied by a write, never kept for what must stay live
or private."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.live import serving
from tests.queries.test_named_queries import ingested_seed_store

pytestmark = pytest.mark.live

TOKEN = "response-cache-token-5e1a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TRACE = "/api/goals/kommunstyrelsen/giftfri-miljo/trace"
GRAPHS = "/sparql?query=" + quote(
    "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", safe=""
)
JSON = {"Accept": "application/sparql-results+json"}
UPDATE = {"Content-Type": "application/sparql-update", **AUTH}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[httpx.Client]:
    store = ingested_seed_store(tmp_path_factory, seeds_dir)
    with (
        serving(store, STYRGRAF_UPDATE_TOKEN=TOKEN) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        yield client


def kept(server: httpx.Client) -> dict[str, Any]:
    status: dict[str, Any] = server.get("/-/status", headers=AUTH).json()
    return dict(status["response_cache"])


def graphs(server: httpx.Client) -> int:
    answer = server.get(GRAPHS, headers=JSON)
    assert answer.status_code == 200
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_a_repeated_read_is_answered_from_memory_with_the_same_bytes_and_etag(server: httpx.Client) -> None:
    first = server.get(TRACE)
    assert first.status_code == 200 and first.json()["goal"]["label"] == "Giftfri miljö"
    before = kept(server)
    second = server.get(TRACE)
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"] and first.headers["etag"].startswith('"')
    after = kept(server)
    assert after["hits"] == before["hits"] + 1  # answered from memory, the route never ran
    assert after["entries"] == before["entries"] >= 1 and before["bytes"] >= len(first.content)
    # the security headers are the middleware's, on an answer from memory too
    assert second.headers["x-content-type-options"] == "nosniff"
    assert second.headers["access-control-allow-origin"] == "*"


def test_if_none_match_is_answered_304_and_head_gets_the_headers_alone(server: httpx.Client) -> None:
    full = server.get(TRACE)
    etag = full.headers["etag"]
    not_modified = server.get(TRACE, headers={"If-None-Match": f'"other", {etag}'})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    assert server.get(TRACE, headers={"If-None-Match": '"other"'}).status_code == 200
    head = server.head(TRACE)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(full.content))
    assert head.headers["etag"] == etag
    # a route without a HEAD handler of its own answers HEAD before its GET was ever kept
    fresh = server.head("/api/goals/kommunstyrelsen/starkt-varumarke/trace")
    assert fresh.status_code == 200 and fresh.content == b"" and int(fresh.headers["content-length"]) > 0


def test_a_write_empties_the_cache_and_changes_the_answer(server: httpx.Client) -> None:
    count = graphs(server)
    etag = server.get(GRAPHS, headers=JSON).headers["etag"]
    assert graphs(server) == count
    insert = (
        "INSERT DATA { GRAPH <http://example.org/extra> { <http://example.org/s> <http://example.org/p> 1 } }"
    )
    written = server.post(
        "/sparql", content=insert, headers={"Content-Type": "application/sparql-update", **AUTH}
    )
    assert written.status_code == 204
    assert graphs(server) == count + 1
    after = server.get(GRAPHS, headers={**JSON, "If-None-Match": etag})
    assert after.status_code == 200 and after.headers["etag"] != etag
    removed = server.post("/sparql", content="DROP GRAPH <http://example.org/extra>", headers=UPDATE)
    assert removed.status_code == 204 and graphs(server) == count


def test_answers_vary_with_accept(server: httpx.Client) -> None:
    as_json = server.get(GRAPHS, headers=JSON)
    as_csv = server.get(GRAPHS, headers={"Accept": "text/csv"})
    assert as_json.headers["content-type"].startswith("application/sparql-results+json")
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.text.startswith("n\r\n")
    assert as_csv.headers["etag"] != as_json.headers["etag"]


def test_failures_liveness_and_authorised_requests_are_never_kept(server: httpx.Client) -> None:
    before = kept(server)
    assert server.get("/api/goals/no-such-board/no-such-goal/trace").status_code == 404
    assert server.get("/health").status_code == 200
    assert server.get(TRACE + "?year=2019", headers=AUTH).status_code == 200
    assert kept(server) == before  # nothing kept, nothing answered from memory
