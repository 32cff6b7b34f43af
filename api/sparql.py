"""The SPARQL 1.1 Protocol endpoint, whole, in one module.

* ``GET /sparql?query=…`` and ``POST`` with ``application/x-www-form-urlencoded`` or
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri`` select the dataset,
  otherwise the default graph is the union of all document graphs.
* Results by ``Accept`` (or ``format=``): SPARQL JSON, XML, CSV, TSV for SELECT/ASK; Turtle,
  N-Triples, JSON-LD, RDF/XML … for CONSTRUCT/DESCRIBE; 406 for anything else.
* A syntax error is a 400 whose ``text/plain`` body is the parser's message with its position;
  an unknown request content type is a 415.
* Without a query, the SPARQL 1.1 Service Description of the endpoint.
* SPARQL Update (``application/sparql-update`` or form ``update=``) is refused with 403 unless
  ``STYRGRAF_UPDATE_TOKEN`` is set, and then needs ``Authorization: Bearer <token>`` (401/403).
* Queries run through :class:`api.query_service.QueryService`: in worker processes that are
  killed past ``STYRGRAF_QUERY_TIMEOUT`` (503 with ``Retry-After``), at most
  ``STYRGRAF_MAX_CONCURRENT_QUERIES`` at once (503 at once past it), answers cached per store
  generation with a strong ``ETag`` (``If-None-Match`` → 304). Too deep a nesting is a 400; more
  than ``STYRGRAF_MAX_RESULT_ROWS`` rows or ``STYRGRAF_MAX_RESPONSE_BYTES`` bytes a 422.
"""

from __future__ import annotations

import asyncio
import io
from typing import Annotated, NoReturn
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response

from api.access import AccessDenied, require_token
from api.conditional import names_tag
from api.deps import get_query_service, get_settings, get_store
from api.negotiation import RDF_FORMATS, RESULT_FORMATS, Choice, NotAcceptable, negotiate
from api.query_service import ServerBusy
from api.update_dataset import DatasetConflict, apply_update_dataset
from graph.backend import GraphBackend
from graph.results import FormatUnavailable, QueryRequest, check_nesting
from styrgraf.errors import QueryError, QueryLimitError, QuerySyntaxError, QueryTimeoutError, StoreError
from styrgraf.settings import Settings

__all__ = ["router"]

router = APIRouter(tags=["SPARQL"])

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"


class ProtocolError(Exception):
    """A request the protocol rejects, with the HTTP status to answer."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


@router.get("/sparql", summary="SPARQL 1.1 query (GET) or the service description")
@router.head("/sparql", include_in_schema=False)
async def sparql_get(
    request: Request,
    query: Annotated[str | None, Query(description="SPARQL 1.1 query")] = None,
    format: Annotated[str | None, Query(description="Result format overriding Accept")] = None,
) -> Response:
    # the store and settings are read inline: a sync dependency would cost two thread hops a request
    store, settings = get_store(request), get_settings(request)
    params = parse_qs(request.url.query, keep_blank_values=True)
    return await _answer(request, store, settings, params, body_query=None, body_update=None)


@router.post("/sparql", summary="SPARQL 1.1 query or update (POST, form or direct body)")
async def sparql_post(request: Request) -> Response:
    store, settings = get_store(request), get_settings(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    # a query or update of max_query_length characters, percent-encoded UTF-8, fits in 12 bytes each
    limit = 12 * settings.max_query_length
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            return PlainTextResponse(f"request body is over {limit} bytes, the limit", status_code=413)
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        return PlainTextResponse("the request body is not UTF-8", status_code=400)
    params = parse_qs(request.url.query, keep_blank_values=True)
    if content_type == _FORM:
        form = parse_qs(body, keep_blank_values=True)
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
        return await _answer(request, store, settings, params, body_query=None, body_update=None)
    if content_type == _QUERY:
        return await _answer(request, store, settings, params, body_query=body, body_update=None)
    if content_type == _UPDATE:
        return await _answer(request, store, settings, params, body_query=None, body_update=body)
    return PlainTextResponse(
        f"unsupported content type {content_type or '(none)'!r}; use {_FORM}, {_QUERY} or {_UPDATE}",
        status_code=415,
    )


async def _answer(
    request: Request,
    store: GraphBackend,
    settings: Settings,
    params: dict[str, list[str]],
    *,
    body_query: str | None,
    body_update: str | None,
) -> Response:
    try:
        queries = params.get("query", []) + ([body_query] if body_query is not None else [])
        updates = params.get("update", []) + ([body_update] if body_update is not None else [])
        if queries and updates:
            raise ProtocolError(400, "a request carries either a query or an update, not both")
        if len(queries) > 1 or len(updates) > 1:
            raise ProtocolError(400, "more than one query or update in one request")
        if updates and request.method != "POST":
            raise ProtocolError(405, "SPARQL Update must be sent with POST", {"Allow": "POST"})
        if updates:
            return await _update(request, store, settings, updates[0], params)
        if not queries:
            return _service_description(request, params)
        return await _query(request, settings, queries[0], params)
    except ProtocolError as exc:
        return PlainTextResponse(str(exc), status_code=exc.status, headers=exc.headers)


async def _query(request: Request, settings: Settings, text: str, params: dict[str, list[str]]) -> Response:
    if len(text) > settings.max_query_length:
        raise ProtocolError(413, f"query is {len(text)} characters; the limit is {settings.max_query_length}")
    try:
        check_nesting(text)
    except QueryLimitError as exc:
        raise ProtocolError(400, str(exc)) from None
    accept, format_name = request.headers.get("accept"), _first(params, "format")
    results = _acceptable(accept, RESULT_FORMATS, format_name)
    rdf = _acceptable(accept, RDF_FORMATS, format_name)
    if results is None and rdf is None:
        _refuse_format(accept, RESULT_FORMATS + RDF_FORMATS, format_name)
    task = QueryRequest(
        text,
        default_graph=tuple(_graph_iri(v).value for v in params.get("default-graph-uri", [])),
        named_graphs=tuple(_graph_iri(v).value for v in params.get("named-graph-uri", [])),
        base_iri=_endpoint(request),
        results_format=_media_type(results),
        rdf_format=_media_type(rdf),
        max_rows=settings.max_result_rows,
        max_bytes=settings.max_response_bytes,
    )
    service = get_query_service(request)
    etag = service.etag(task, results.media_type if results else None, rdf.media_type if rdf else None)
    headers = {"Vary": "Accept", "ETag": etag, "Cache-Control": "no-cache"}
    if names_tag(request.headers.get("if-none-match"), etag):
        if request.method in {"GET", "HEAD"}:
            return Response(status_code=304, headers=headers)
        raise ProtocolError(412, "If-None-Match: the answer has this ETag, so the condition fails")
    try:
        answer = await service.answer(task)
    except ServerBusy as exc:
        raise ProtocolError(503, str(exc), {"Retry-After": "1"}) from None
    except QueryTimeoutError as exc:
        raise ProtocolError(503, str(exc), {"Retry-After": "5"}) from None
    except FormatUnavailable as exc:
        _refuse_format(accept, RDF_FORMATS if exc.form == "triples" else RESULT_FORMATS, format_name)
    except QueryLimitError as exc:
        raise ProtocolError(422, str(exc)) from None
    except QuerySyntaxError as exc:
        raise ProtocolError(400, f"SPARQL syntax error: {exc}") from None
    except QueryError as exc:
        raise ProtocolError(400, str(exc)) from None
    except StoreError as exc:  # the store cannot answer (a remote server down or failing)
        raise ProtocolError(503, f"query failed: {exc}", {"Retry-After": "5"}) from None
    choice = rdf if answer.form == "triples" else results
    assert choice is not None
    charset = "; charset=utf-8" if not choice.media_type.endswith("json") else ""
    return Response(answer.body, media_type=choice.media_type + charset, headers=headers)


def _acceptable(accept: str | None, offered: list[Choice], format_name: str | None) -> Choice | None:
    try:
        return negotiate(accept, offered, format_name=format_name)
    except NotAcceptable:
        return None


def _refuse_format(accept: str | None, offered: list[Choice], format_name: str | None) -> NoReturn:
    shown = f"format={format_name}" if format_name else accept or ""
    raise ProtocolError(406, str(NotAcceptable(shown, offered)))


def _media_type(choice: Choice | None) -> str | None:
    return choice.format.media_type if choice is not None and choice.format is not None else None


async def _update(
    request: Request, store: GraphBackend, settings: Settings, text: str, params: dict[str, list[str]]
) -> Response:
    try:
        require_token(request, settings, "SPARQL Update")
    except AccessDenied as exc:
        raise ProtocolError(exc.status, str(exc), exc.headers) from None
    using = [_graph_iri(v).value for v in params.get("using-graph-uri", [])]
    using_named = [_graph_iri(v).value for v in params.get("using-named-graph-uri", [])]
    try:
        text = apply_update_dataset(text, using, using_named)
        async with get_query_service(request).writes:
            await asyncio.to_thread(store.update, text, base_iri=_endpoint(request))
    except DatasetConflict as exc:
        raise ProtocolError(400, str(exc)) from None
    except QuerySyntaxError as exc:
        raise ProtocolError(400, f"SPARQL syntax error: {exc}") from None
    except StoreError as exc:
        raise ProtocolError(400, str(exc)) from None
    return Response(status_code=204)


def _endpoint(request: Request) -> str:
    """The endpoint's own IRI, the base for relative IRIs in queries and updates."""
    return str(request.url.replace(query=""))


def _first(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key)
    return values[0] if values else None


def _graph_iri(value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError:
        raise ProtocolError(400, f"not a graph IRI: {value!r}") from None


def _service_description(request: Request, params: dict[str, list[str]]) -> Response:
    endpoint = _endpoint(request)
    results = ", ".join(f"<{choice.format.iri}>" for choice in RESULT_FORMATS[:4] if choice.format)
    rdf = ", ".join(f"<{choice.format.iri}>" for choice in RDF_FORMATS[:4] if choice.format)
    turtle = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query, sd:SPARQL11Update ;
    sd:feature sd:UnionDefaultGraph, sd:BasicFederatedQuery ;
    sd:resultFormat {results}, {rdf} ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
    graph = ox.parse(turtle.encode(), ox.RdfFormat.TURTLE)
    try:
        choice = negotiate(request.headers.get("accept"), RDF_FORMATS, format_name=_first(params, "format"))
    except NotAcceptable as exc:
        raise ProtocolError(406, str(exc)) from None
    output = io.BytesIO()
    assert isinstance(choice.format, ox.RdfFormat)
    ox.serialize(
        graph, output, choice.format, prefixes={"sd": "http://www.w3.org/ns/sparql-service-description#"}
    )
    return Response(output.getvalue(), media_type=choice.media_type, headers={"Vary": "Accept"})
