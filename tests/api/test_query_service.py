"""The query service over an in-memory store: soft timeout, one evaluation for identical queries,
refusal past the concurrency limit, a cache emptied by writes."""

from __future__ import annotations

import asyncio
import json
import time

import pyoxigraph as ox
import pytest

from api.query_service import QueryService, ServerBusy
from graph.results import QueryRequest
from graph.store import GraphStore
from styrgraf.errors import QueryTimeoutError
from styrgraf.settings import Settings

G = ox.NamedNode("http://example.org/g")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
"""1.7 million rows over 120 triples: a second or so of work."""


@pytest.fixture
def store() -> GraphStore:
    store = GraphStore.open(None)
    p = ox.NamedNode("http://example.org/p")
    store.replace_graphs(
        {G: [ox.Quad(ox.NamedNode(f"http://example.org/n{i}"), p, ox.Literal(str(i)), G) for i in range(120)]}
    )
    return store


def service(store: GraphStore, **settings: float) -> QueryService:
    return QueryService(Settings(**settings), store)  # type: ignore[arg-type]


def count(answer_body: bytes) -> int:
    return int(json.loads(answer_body)["results"]["bindings"][0]["n"]["value"])


def test_in_memory_the_timeout_is_soft_and_the_thread_keeps_its_slot(store: GraphStore) -> None:
    queries = service(store, query_timeout=0.05)
    assert queries.pool is None

    async def scenario() -> None:
        with pytest.raises(QueryTimeoutError, match="ran longer than the 0.05 s limit"):
            await queries.answer(QueryRequest(SLOW))
        assert queries.active == 1  # the thread runs on
        deadline = time.monotonic() + 120
        while queries.active and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert queries.active == 0
        # its answer was kept: asked again, it comes from the cache at once
        assert count((await queries.answer(QueryRequest(SLOW))).body) == 120**3

    asyncio.run(scenario())
    queries.close()


def test_identical_queries_share_one_evaluation_and_one_more_is_refused(store: GraphStore) -> None:
    queries = service(store, max_concurrent_queries=1, query_timeout=120)

    async def scenario() -> None:
        first = asyncio.ensure_future(queries.answer(QueryRequest(SLOW)))
        await asyncio.sleep(0)
        same = asyncio.ensure_future(queries.answer(QueryRequest(SLOW)))
        await asyncio.sleep(0)
        assert queries.active == 1
        with pytest.raises(
            ServerBusy, match=r"^server busy: 1 queries are running, the limit; retry shortly$"
        ):
            await queries.answer(QueryRequest("ASK { ?s ?p ?o }"))
        a, b = await asyncio.gather(first, same)
        assert a is b and count(a.body) == 120**3

    asyncio.run(scenario())
    queries.close()


def test_the_cache_answers_until_a_write(store: GraphStore) -> None:
    queries = service(store)
    request = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

    async def scenario() -> None:
        first = await queries.answer(request)
        assert (await queries.answer(request)) is first and len(queries.cache) == 1
        before = queries.etag(request, "application/sparql-results+json")
        store.update(f"INSERT DATA {{ GRAPH {G} {{ <http://example.org/x> <http://example.org/p> 1 }} }}")
        assert queries.etag(request, "application/sparql-results+json") != before
        again = await queries.answer(request)
        assert count(again.body) == count(first.body) + 1

    asyncio.run(scenario())
    queries.close()
