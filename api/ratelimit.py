"""Per-client rate limiting: a token bucket per client IP, answered 429 with ``Retry-After``.

Each client (the peer address uvicorn reports) may make ``STYRGRAF_RATE_LIMIT`` requests per
second on average and ``STYRGRAF_RATE_BURST`` at once; past that it gets ``429 Too Many Requests``,
a ``text/plain`` message and ``Retry-After`` (whole seconds until a request is allowed again).
``/health`` is never limited, so monitoring keeps working. Off by default (rate 0): behind a
reverse proxy every client has the proxy's address, so limit there or set the rate knowingly.

The buckets of at most 10 000 clients are kept; the one heard from longest ago is forgotten first
(it would have refilled anyway, or nearly). A plain ASGI middleware, wired in :func:`api.app.create_app`.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["RateLimitMiddleware", "TokenBuckets"]

_EXEMPT = {"/health"}


class TokenBuckets:
    """One token bucket per key: ``rate`` tokens a second, holding ``burst`` at most."""

    def __init__(self, rate: float, burst: int, *, capacity: int = 10_000) -> None:
        self.rate = rate
        self.burst = burst
        self.capacity = capacity
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str, now: float | None = None) -> float:
        """Take a token for ``key``: 0 when granted, else the seconds until one is available."""
        now = time.monotonic() if now is None else now
        tokens, stamp = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - stamp) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.capacity:
            self._buckets.popitem(last=False)
        return wait


class RateLimitMiddleware:
    """Answers 429 to a client past its rate (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, rate: float, burst: int) -> None:
        self.app = app
        self.buckets = TokenBuckets(rate, burst) if rate > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.buckets is None or scope["type"] != "http" or scope["path"] in _EXEMPT:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self.buckets.take(client[0] if client else "unknown")
        if wait == 0:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        response = PlainTextResponse(
            f"rate limit: {self.buckets.rate:g} requests per second per client, "
            f"{self.buckets.burst} at once; retry in {seconds} s",
            status_code=429,
            headers={"Retry-After": str(seconds)},
        )
        await response(scope, receive, send)
