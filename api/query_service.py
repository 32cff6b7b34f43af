"""How ``/sparql`` runs a user's query: killable workers, a bound on concurrency, a result cache.

* On an on-disk store, queries go to :class:`graph.query_pool.QueryPool` — worker processes
  reading checkpoints, killed and replaced when a query passes ``query_timeout``. On an
  in-memory store (tests, ``GraphStore.open(None)``) a thread evaluates it and the timeout is
  *soft*: the client is answered at the limit, the thread runs on to the end (and keeps its
  place among the concurrent queries until then).
* At most ``max_concurrent_queries`` evaluations at once, each with a thread of its own waiting on
  its worker; one more is refused at once (:class:`ServerBusy`, answered 503 with
  ``Retry-After``) rather than queued. A query identical to one already running (same generation,
  same request) waits for that evaluation instead of starting another.
* Answers are kept in an LRU cache of ``result_cache_bytes``, keyed by the store's generation and
  everything that shapes the bytes (query text, dataset, base IRI, formats, limits), and emptied
  when the generation moves. The ETag is a digest of the same key and of a token drawn when the
  server starts, so it never matches an answer from another run or an older generation.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import secrets
from concurrent.futures import ThreadPoolExecutor

from api.generation_cache import GenerationCache
from graph.backend import GraphBackend
from graph.query_pool import QueryPool
from graph.results import QueryAnswer, QueryRequest, evaluate
from graph.store import GraphStore
from styrgraf.errors import QueryTimeoutError
from styrgraf.settings import Settings

__all__ = ["QueryService", "ServerBusy"]


class ServerBusy(Exception):
    """Every evaluation slot is taken; the message says how many there are."""


def _result_size(request: QueryRequest, answer: QueryAnswer) -> int:
    return len(answer.body) + len(request.text)


class QueryService:
    """Evaluates ``/sparql`` queries over ``store`` within the limits in ``settings``."""

    def __init__(self, settings: Settings, store: GraphBackend) -> None:
        self.settings = settings
        self.store = store
        self.pool = (
            QueryPool(store, workers=settings.query_workers)
            if isinstance(store, GraphStore) and store.path is not None
            else None
        )
        self.cache: GenerationCache[QueryRequest, QueryAnswer] = GenerationCache(
            settings.result_cache_bytes, _result_size
        )
        self.active = 0
        self._running: dict[tuple[int, QueryRequest], asyncio.Future[QueryAnswer]] = {}
        self._threads = ThreadPoolExecutor(
            settings.max_concurrent_queries, thread_name_prefix="styrgraf-query"
        )
        """One thread per admitted query: each waits on its worker process (or evaluates, in memory)."""
        self.writes = asyncio.Lock()
        """Held by every write over HTTP (SPARQL Update, ingest), so they run one at a time."""
        self._run = secrets.token_hex(8)

    def etag(self, request: QueryRequest, *media_types: str | None) -> str:
        """The strong ETag of the answer to ``request`` at the store's current generation."""
        key = repr((self._run, self.store.generation, request, media_types)).encode()
        return '"' + hashlib.blake2b(key, digest_size=16).hexdigest() + '"'

    async def answer(self, request: QueryRequest) -> QueryAnswer:
        """The answer from the cache, from the same query already running, or evaluated now.

        :raises ServerBusy: ``max_concurrent_queries`` evaluations are running.
        :raises QueryTimeoutError: the query ran past ``query_timeout``.
        :raises QueryError: what :func:`graph.results.evaluate` raises.
        """
        generation = self.store.generation
        cached = self.cache.get(generation, request)
        if cached is not None:
            return cached
        timeout = self.settings.query_timeout
        running = self._running.get((generation, request))
        if running is None:
            limit = self.settings.max_concurrent_queries
            if self.active >= limit:
                raise ServerBusy(f"server busy: {limit} queries are running, the limit; retry shortly")
            self.active += 1
            loop = asyncio.get_running_loop()
            if self.pool is not None:
                call = functools.partial(self.pool.run, request, timeout=timeout)
            else:
                call = functools.partial(evaluate, self.store, request)
            running = loop.run_in_executor(self._threads, call)
            self._running[(generation, request)] = running
            running.add_done_callback(functools.partial(self._finished, generation, request))
        grace = 5.0 if self.pool is not None else 0.0  # the pool stops its own queries at the limit
        try:
            return await asyncio.wait_for(asyncio.shield(running), timeout + grace)
        except TimeoutError:
            raise QueryTimeoutError(f"query stopped: it ran longer than the {timeout:g} s limit") from None

    def _finished(self, generation: int, request: QueryRequest, future: asyncio.Future[QueryAnswer]) -> None:
        """An evaluation ended (perhaps long after its client was answered 503): free its slot, keep
        its answer."""
        self.active -= 1
        self._running.pop((generation, request), None)
        if not future.cancelled() and future.exception() is None:
            self.cache.put(generation, request, future.result())

    def start(self) -> None:
        """Start the worker processes (they take queries as soon as each is ready)."""
        if self.pool is not None:
            self.pool.start()

    def close(self) -> None:
        """Stop the worker processes."""
        if self.pool is not None:
            self.pool.close()
        self._threads.shutdown(wait=False, cancel_futures=True)
