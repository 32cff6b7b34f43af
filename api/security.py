"""Security headers on every response, and CORS: open for reading, closed for writing.

* Every response gets ``Content-Security-Policy`` (``default-src 'self'`` — the pages use one CSS
  file and inline SVG, no inline scripts or styles; no framing, no plugins), ``X-Content-Type-Options:
  nosniff``, ``Referrer-Policy: no-referrer`` and ``X-Frame-Options: DENY``, unless the route set
  its own. Only FastAPI's API browsers (``/docs``, ``/redoc``) get a wider policy: they load
  Swagger UI and ReDoc from jsDelivr and start them with an inline script.
* CORS: a ``GET`` or ``HEAD`` answer carries ``Access-Control-Allow-Origin: *`` (linked data is for
  every origin) and exposes ``ETag``, ``Retry-After`` and ``Location``. A preflight succeeds only
  for ``GET``/``HEAD`` with harmless headers; one for ``POST``, ``PUT``, ``DELETE`` … or carrying
  ``Authorization`` is refused (403, no CORS headers), so no web page can send a write — and
  writes need the bearer token anyway (:mod:`api.access`). ``POST`` answers carry no CORS headers.

A plain ASGI middleware (no response buffering), wired outermost in :func:`api.app.create_app`.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "DOCS_CSP", "SecurityMiddleware"]

CSP = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
"""The policy of every response."""

DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "worker-src blob:; base-uri 'self'; frame-ancestors 'none'; object-src 'none'"
)
"""The policy of ``/docs`` and ``/redoc`` (Swagger UI and ReDoc from jsDelivr, started inline)."""

_DOCS = {"/docs", "/docs/oauth2-redirect", "/redoc"}
_READS = {"GET", "HEAD"}
_SAFE_HEADERS = {
    "accept",
    "accept-language",
    "content-language",
    "cache-control",
    "if-none-match",
    "if-modified-since",
}
_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
]


class SecurityMiddleware:
    """Adds the security headers and answers CORS preflights (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method: str = scope["method"]
        csp = DOCS_CSP if scope["path"] in _DOCS else CSP
        if method == "OPTIONS":
            request_headers = Headers(scope=scope)
            if "origin" in request_headers and "access-control-request-method" in request_headers:
                response = _preflight(request_headers)
                _secure(response.headers, csp)
                await response(scope, receive, send)
                return
        added = _READ_HEADERS[csp] if method in _READS else _WRITE_HEADERS[csp]

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                # raw header pairs, not MutableHeaders: this runs for every answer, cached ones too
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                extra = [(name, value) for name, value in added if name not in present]
                if method in _READS and present & _CORS:  # a route's own CORS headers: ours win
                    headers = [(name, value) for name, value in headers if name.lower() not in _CORS]
                    extra = [pair for pair in extra if pair[0] not in _CORS] + _CORS_PAIRS
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_secured)


_CORS_PAIRS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"ETag, Retry-After, Location"),
]
_CORS = {name for name, _ in _CORS_PAIRS}


def _pairs(csp: str, *, read: bool) -> list[tuple[bytes, bytes]]:
    pairs = [(b"content-security-policy", csp.encode())]
    pairs += [(name.lower().encode(), value.encode()) for name, value in _HEADERS]
    return pairs + (_CORS_PAIRS if read else [])


_READ_HEADERS = {csp: _pairs(csp, read=True) for csp in (CSP, DOCS_CSP)}
_WRITE_HEADERS = {csp: _pairs(csp, read=False) for csp in (CSP, DOCS_CSP)}


def _secure(headers: MutableHeaders, csp: str) -> None:
    headers.setdefault("Content-Security-Policy", csp)
    for name, value in _HEADERS:
        headers.setdefault(name, value)


def _preflight(headers: Headers) -> Response:
    """Allow reading from any origin; refuse everything else."""
    method = headers["access-control-request-method"].strip().upper()
    if method not in _READS:
        return PlainTextResponse(
            f"cross-origin requests may only read (GET, HEAD); {method} is not allowed", status_code=403
        )
    asked = [
        h.strip().lower() for h in headers.get("access-control-request-headers", "").split(",") if h.strip()
    ]
    refused = [h for h in asked if h not in _SAFE_HEADERS]
    if refused:
        return PlainTextResponse(
            f"cross-origin requests may not send the header(s) {', '.join(refused)}", status_code=403
        )
    return Response(
        status_code=204,
        headers={
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Methods": "GET, HEAD",
            "Access-Control-Allow-Headers": ", ".join(sorted(_SAFE_HEADERS)),
            "Access-Control-Max-Age": "600",
        },
    )
