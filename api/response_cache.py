"""Whole answers to reads, kept per store generation: a repeated ``GET`` never reaches a route.

Every read Styrgraf serves — ``/sparql`` queries, the JSON API, traces, linked-data resources,
pages — is a function of the request and of the store's contents, and the store's contents change
only when its :attr:`~graph.backend.GraphBackend.generation` moves (an ingest, a SPARQL Update). So
a successful ``GET`` answer is kept, keyed by the store's generation and by everything in the
request that can shape it (path, query string, scheme, ``Host``, ``Accept``, ``Accept-Language``),
and the next identical ``GET`` or ``HEAD`` is answered from memory, by a plain ASGI middleware,
before routing, parameter parsing, negotiation or any query run:

* an answer without an ``ETag`` gets a strong one (a digest of its body); ``If-None-Match`` naming
  the kept answer's tag, or ``If-Modified-Since`` not before its ``Last-Modified``, is answered
  ``304 Not Modified``;
* a ``HEAD`` is answered as the ``GET`` it stands for, without the body;
* only ``200`` answers sent in one piece are kept (not streamed files such as ``/dumps/…``), and
  not those marked ``Cache-Control: no-store`` or setting a cookie; requests carrying
  ``Authorization`` or ``Cookie`` pass by, as do ``/health`` (liveness) and the admin routes
  under ``/-/``;
* least recently used answers go first past ``capacity`` bytes; an answer larger than a quarter
  of it is not kept;
* an answer computed while the store changed is not kept, and a write empties the cache at the
  next request. A remote backend moves its generation on every read (others may write to the
  server), so nothing read from it is ever kept.

Wired inside the security and rate-limit middlewares (:func:`api.app.create_app`), so an answer
from memory gets the same headers and counts against the same rate as any other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.conditional import is_current
from api.generation_cache import GenerationCache

__all__ = ["Answers", "CachedAnswer", "ResponseCacheMiddleware", "response_cache"]

_VARY = (b"host", b"accept", b"accept-language")
"""Request headers that may shape an answer (``Vary``); each is part of the key."""
_BYPASS = (b"authorization", b"cookie")
_UNCACHED_PATHS = ("/health",)
_UNCACHED_PREFIXES = ("/-/", "/dumps/")
_NOT_MODIFIED_HEADERS = {b"etag", b"vary", b"cache-control", b"last-modified", b"content-location"}
"""What a 304 repeats of the kept answer's headers (RFC 9110 § 15.4.5)."""

Key = tuple[bytes, ...]


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """A kept ``200`` answer: its headers (an ``ETag`` among them), body and validators."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: str
    modified: datetime | None
    """Its ``Last-Modified``, parsed once when it was kept."""


Answers = GenerationCache[Key, CachedAnswer]
"""Whole answers by request key, for one store generation."""


def response_cache(capacity: int) -> Answers:
    """A cache of whole answers of ``capacity`` bytes (bodies, keys and headers counted)."""
    return GenerationCache(capacity, _size)


def _size(key: Key, answer: CachedAnswer) -> int:
    return len(answer.body) + sum(map(len, key)) + sum(len(n) + len(v) for n, v in answer.headers)


class ResponseCacheMiddleware:
    """Answers a repeated read from the cache (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, generation: Callable[[], int], cache: Answers | None) -> None:
        self.app = app
        self.generation = generation
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None or self.cache is None:
            await self.app(scope, receive, send)
            return
        generation = self.generation()
        cached = self.cache.get(generation, key)
        if cached is not None:
            await _send_cached(scope, send, cached)
            return
        # a HEAD is run as the GET it stands for (the server sends no body for a HEAD), so every
        # cached route answers HEAD and the GET's answer is kept
        as_get = {**scope, "method": "GET"}
        await self.app(as_get, receive, _Recorder(self.cache, generation, key, scope, send))

    @staticmethod
    def _key(scope: Scope) -> Key | None:
        """The cache key of a read that may be answered from memory, else ``None``."""
        if scope["type"] != "http" or scope["method"] not in {"GET", "HEAD"}:
            return None
        path: str = scope["path"]
        if path in _UNCACHED_PATHS or path.startswith(_UNCACHED_PREFIXES):
            return None
        found: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            if name in _BYPASS:
                return None
            if name in _VARY:
                found[name] = found[name] + b", " + value if name in found else value
        return (
            scope["scheme"].encode(),
            scope.get("root_path", "").encode(),
            path.encode(),
            scope["query_string"],
            *(found.get(name, b"") for name in _VARY),
        )


class _Recorder:
    """The ``send`` of a ``GET`` on its way through the application: holds back the start of the
    answer until its body is known, keeps a ``200`` sent in one piece, and adds a strong ``ETag``
    where the route gave none (answering ``304`` when the request named it)."""

    def __init__(self, cache: Answers, generation: int, key: Key, scope: Scope, send: Send) -> None:
        self.cache = cache
        self.generation = generation
        self.key = key
        self.scope = scope
        self.send = send
        self.start: Message | None = None
        self.passing = False

    async def __call__(self, message: Message) -> None:
        if self.passing:
            await self.send(message)
            return
        if message["type"] == "http.response.start":
            if message["status"] == 200 and _storable(message["headers"]):
                self.start = message
                return
            self.passing = True
            await self.send(message)
            return
        if self.start is None or message.get("more_body", False):
            self.passing = True
            if self.start is not None:
                await self.send(self.start)
            await self.send(message)
            return
        body: bytes = message.get("body", b"")
        headers = list(self.start["headers"])
        etag = _header(headers, b"etag")
        if etag is None:
            etag = b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'
            headers.append((b"etag", etag))
        answer = CachedAnswer(tuple(headers), body, etag.decode("latin-1"), _last_modified(headers))
        self.cache.put(self.generation, self.key, answer)
        if _current(self.scope, answer):
            await _send_not_modified(self.send, answer)
            return
        await self.send({**self.start, "headers": headers})
        await self.send(message)


def _storable(headers: list[tuple[bytes, bytes]]) -> bool:
    control = (_header(headers, b"cache-control") or b"").lower()
    private = b"no-store" in control or b"private" in control
    return not private and _header(headers, b"set-cookie") is None


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _last_modified(headers: list[tuple[bytes, bytes]]) -> datetime | None:
    value = _header(headers, b"last-modified")
    try:
        return parsedate_to_datetime(value.decode("latin-1")) if value is not None else None
    except (TypeError, ValueError):
        return None


def _current(scope: Scope, answer: CachedAnswer) -> bool:
    """Whether the request's preconditions say the client holds ``answer`` (:mod:`api.conditional`)."""
    if_none_match = if_modified_since = None
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            if_none_match = value.decode("latin-1")
        elif name == b"if-modified-since":
            if_modified_since = value.decode("latin-1")
    if if_none_match is None and if_modified_since is None:
        return False
    return is_current(if_none_match, if_modified_since, answer.etag, answer.modified)


async def _send_cached(scope: Scope, send: Send, answer: CachedAnswer) -> None:
    if _current(scope, answer):
        await _send_not_modified(send, answer)
        return
    await send({"type": "http.response.start", "status": 200, "headers": list(answer.headers)})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else answer.body})


async def _send_not_modified(send: Send, answer: CachedAnswer) -> None:
    headers = [(name, value) for name, value in answer.headers if name.lower() in _NOT_MODIFIED_HEADERS]
    await send({"type": "http.response.start", "status": 304, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
