"""Dereferenceable IRIs: every IRI Styrgraf mints answers on the server (``docs/linked-data.md``).

``GET``/``HEAD`` ``/id/{path}`` (entities, passages, reports …) and ``/graph/{stem}`` (a document's
named graph):

1. The request path, read under ``settings.base_iri``, is the IRI. An IRI the store knows is taken
   as it is; otherwise a format suffix (``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``, ``.html``) is
   split off and the rest looked up. Nothing found is a ``404`` (``text/plain``; the 404 page for
   a client preferring HTML).
2. The format: the suffix, else ``?format=``, else ``Accept`` with q-values; none acceptable is a
   ``406`` naming the formats offered.
3. ``text/html`` is the page for people (:func:`api.pages.entity_page`); an RDF format is the
   CONSTRUCT of ``queries/resource_description.rq`` (``graph_content.rq`` for a graph), sorted so
   that the same data always gives the same bytes, and serialised.
4. A ``200`` with ``Content-Location`` naming the suffixed variant (no ``303``), ``Vary: Accept``
   when ``Accept`` chose, a strong ``ETag`` (hash of the body) and ``Last-Modified`` (the newest
   ingest of the graphs the answer draws on); ``If-None-Match`` / ``If-Modified-Since`` give ``304``.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.conditional import not_modified
from api.deps import get_settings, get_store
from api.negotiation import HTML, RESOURCE_FORMATS, Choice, NotAcceptable, negotiate, split_suffix, suffix_of
from api.pages import entity_page, not_found
from graph.backend import GraphBackend
from graph.iris import normalise_base
from graph.store import PREFIXES
from queries import run_named_query, select_rows
from styrgraf.errors import QueryError

__all__ = ["router"]

router = APIRouter(tags=["linked data"])


@dataclass(frozen=True, slots=True)
class Kind:
    """What an IRI under ``prefix`` is looked up, described and dated with (named queries)."""

    prefix: str
    param: str
    exists: str
    describe: str
    modified: str


RESOURCE = Kind("id/", "resource", "resource_exists", "resource_description", "resource_modified")
GRAPH = Kind("graph/", "graph", "graph_exists", "graph_content", "graph_modified")

_FORMAT = Query(description="Overrides Accept: turtle (ttl), ntriples (nt), jsonld, rdfxml (rdf), html")
_ANSWERS: dict[int | str, dict[str, object]] = {
    200: {"content": {choice.media_type: {} for choice in RESOURCE_FORMATS}, "description": "Described"},
    304: {"description": "Not modified (If-None-Match / If-Modified-Since)"},
    404: {"content": {"text/plain": {}}, "description": "No such IRI in the graph"},
    406: {"content": {"text/plain": {}}, "description": "None of the accepted formats is offered"},
}


@router.get("/id/{path:path}", summary="A resource's description", responses=_ANSWERS)
@router.head("/id/{path:path}", include_in_schema=False)
async def resource(request: Request, path: str, format: Annotated[str | None, _FORMAT] = None) -> Response:
    return await answer(request, RESOURCE, path, format)


@router.get("/graph/{path:path}", summary="A document's named graph", responses=_ANSWERS)
@router.head("/graph/{path:path}", include_in_schema=False)
async def graph(request: Request, path: str, format: Annotated[str | None, _FORMAT] = None) -> Response:
    return await answer(request, GRAPH, path, format)


async def answer(request: Request, kind: Kind, path: str, format_name: str | None) -> Response:
    """The response for ``{kind.prefix}{path}``: 404, 406, 303 (a graph's page), 304 or 200."""
    store = get_store(request)
    base = normalise_base(get_settings(request).base_iri)
    found = await run_in_threadpool(locate, store, kind, base + kind.prefix + path)
    if found is None:
        return _not_found(request, f"{base}{kind.prefix}{path}", format_name)
    iri, suffixed = found
    headers = {} if suffixed or format_name else {"Vary": "Accept"}
    accept = request.headers.get("accept")
    try:
        choice = suffixed or negotiate(accept, RESOURCE_FORMATS, format_name=format_name)
    except NotAcceptable as exc:
        return PlainTextResponse(str(exc), status_code=406, headers=headers)
    root = request.scope.get("root_path", "") + "/"
    if choice is HTML and kind is GRAPH:
        return await _graph_page(request, store, base, iri, root)
    if not suffixed:
        variant = iri + suffix_of(choice)
        if not await run_in_threadpool(exists, store, kind, variant):
            headers["Content-Location"] = root + variant[len(base) :]
    if choice is HTML:
        page = await entity_page(request, iri)
        if page.status_code != 200:
            return page
        body, media_type = bytes(page.body), page.media_type or HTML.media_type
    else:
        body, media_type = await run_in_threadpool(describe, store, kind, iri, choice), choice.media_type
    modified = await run_in_threadpool(last_modified, store, kind, iri)
    return conditional(request, body, media_type, modified, headers)


def locate(store: GraphBackend, kind: Kind, iri: str) -> tuple[str, Choice | None] | None:
    """The IRI a request names and the format its suffix names: ``iri`` itself when the store
    knows it, else ``iri`` without a format suffix when the store knows that; else None."""
    if exists(store, kind, iri):
        return iri, None
    split = split_suffix(iri)
    if split is not None and exists(store, kind, split[0]):
        return split
    return None


def exists(store: GraphBackend, kind: Kind, iri: str) -> bool:
    """Whether ``iri`` is in the store (a malformed IRI is not)."""
    try:
        return bool(run_named_query(store, kind.exists, {kind.param: iri}))
    except QueryError:
        return False


def describe(store: GraphBackend, kind: Kind, iri: str, choice: Choice) -> bytes:
    """The description of ``iri`` serialised as ``choice``, triples sorted so equal data gives equal bytes."""
    triples = run_named_query(store, kind.describe, {kind.param: iri})
    assert isinstance(choice.format, ox.RdfFormat)
    return serialise(triples, choice.format)


def serialise(triples: Iterable[ox.Triple], rdf_format: ox.RdfFormat) -> bytes:
    """``triples`` without duplicates, in subject, predicate, object order, as ``rdf_format``."""
    ordered = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    output = io.BytesIO()
    ox.serialize(ordered, output, rdf_format, prefixes=PREFIXES)
    return output.getvalue()


def last_modified(store: GraphBackend, kind: Kind, iri: str) -> datetime | None:
    """The newest ingest time of the graphs the description of ``iri`` draws on (None if unrecorded)."""
    rows = select_rows(store, kind.modified, {kind.param: iri})
    stamp = rows[0].get("modified") if rows else None
    if stamp is None:
        return None
    moment = datetime.fromisoformat(str(stamp))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).replace(microsecond=0)


def conditional(
    request: Request, body: bytes, media_type: str, modified: datetime | None, headers: dict[str, str]
) -> Response:
    """``body`` with its validators; 304 when the request's preconditions say the client has it."""
    headers["ETag"] = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
    if modified is not None:
        headers["Last-Modified"] = format_datetime(modified, usegmt=True)
    if not_modified(request, headers["ETag"], modified):
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(b"", media_type=media_type, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


async def _graph_page(
    request: Request, store: GraphBackend, base: str, graph_iri: str, root: str
) -> Response:
    """A graph has no page of its own: HTML goes (303) to the page of the document it was read from."""
    document = base + "id/document/" + graph_iri[len(base + GRAPH.prefix) :]
    if not await run_in_threadpool(exists, store, RESOURCE, document):
        offered = [c for c in RESOURCE_FORMATS if c is not HTML]
        return PlainTextResponse(str(NotAcceptable(HTML.media_type, offered)), status_code=406)
    return RedirectResponse(root + document[len(base) :] + ".html", status_code=303)


def _not_found(request: Request, iri: str, format_name: str | None) -> Response:
    """404: the page for people when a browser asks (HTML preferred, or ``.html``), else plain text."""
    message = f"{iri}: no such resource in the graph"
    try:
        wanted = negotiate(request.headers.get("accept"), RESOURCE_FORMATS, format_name=format_name)
    except NotAcceptable:
        wanted = None
    if wanted is HTML or iri.endswith(suffix_of(HTML)):
        response: Response = not_found(request, message, iri=iri)
    else:
        response = PlainTextResponse(message, status_code=404)
    if format_name is None and split_suffix(iri) is None:
        response.headers["Vary"] = "Accept"
    return response
