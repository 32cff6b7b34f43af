"""Conditional requests (RFC 9110 § 13.2.2): whether the client already holds the current answer.

One rule for every route that sends validators (``/sparql``, resources, the catalogue and dumps,
the response cache): ``If-None-Match`` decides, by weak comparison of entity tags; only without
it is ``If-Modified-Since`` compared with the answer's ``Last-Modified``; an invalid date is
ignored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from starlette.requests import Request

__all__ = ["is_current", "names_tag", "not_modified"]


def names_tag(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` value names ``etag`` (or is ``*``), weak comparison."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def is_current(
    if_none_match: str | None, if_modified_since: str | None, etag: str, modified: datetime | None
) -> bool:
    """Whether the preconditions say the client holds the answer tagged ``etag``, last changed at
    ``modified`` (an aware time, or ``None`` when unknown)."""
    if if_none_match is not None:
        return names_tag(if_none_match, etag)
    if if_modified_since is None or modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False  # an invalid date is ignored (RFC 9110 § 13.1.3)
    return modified <= (since if since.tzinfo else since.replace(tzinfo=UTC))


def not_modified(request: Request, etag: str, modified: datetime | None) -> bool:
    """:func:`is_current` for ``request``'s headers."""
    headers = request.headers
    return is_current(headers.get("if-none-match"), headers.get("if-modified-since"), etag, modified)
