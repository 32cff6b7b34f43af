"""Who may write: a bearer token from the environment guards SPARQL Update, ingest and admin routes.

The public surface is read-only. A write needs ``Authorization: Bearer <STYRGRAF_UPDATE_TOKEN>``:
without the setting every write is refused (403); without the header it is 401 with
``WWW-Authenticate: Bearer``; with another token 403. Tokens are compared in constant time
(:func:`hmac.compare_digest`) and never logged or repeated in an answer.
"""

from __future__ import annotations

import hmac

from starlette.requests import Request

from styrgraf.settings import Settings

__all__ = ["AccessDenied", "require_token"]


class AccessDenied(Exception):
    """A write without the right token: the HTTP status, the message and headers to answer with."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


def require_token(request: Request, settings: Settings, action: str) -> None:
    """Let the request do ``action`` (e.g. "SPARQL Update") only with the configured bearer token.

    :raises AccessDenied: writes are disabled, the token is missing or it is wrong.
    """
    if settings.update_token is None:
        raise AccessDenied(403, f"{action} is disabled on this server")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise AccessDenied(401, f"{action} needs a bearer token", {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), settings.update_token.encode()):
        raise AccessDenied(403, f"the bearer token is not valid for {action}")
