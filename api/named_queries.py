"""Named queries over HTTP: ``GET /api/queries`` lists them, ``GET /api/queries/{name}`` runs one.

Each ``queries/<name>.rq`` gets its own path in the OpenAPI document, its parameters documented
from the ``#+`` header. Query-string values are bound as typed terms by the registry; a value of
the wrong type, a missing required or an unknown parameter is a 400 problem document, an
unknown query a 404. A SELECT answers ``{"query", "rows"}``, an ASK ``{"query", "boolean"}``,
a CONSTRUCT its triples in the RDF format ``Accept`` asks for (Turtle by default).
"""

from __future__ import annotations

import io
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.deps import get_store
from api.negotiation import RDF_FORMATS, NotAcceptable, negotiate
from api.problems import ProblemError, responses
from graph.backend import GraphBackend
from graph.store import PREFIXES
from queries import NamedQuery, Parameter, all_queries, get_query, run_named_query, select_rows

__all__ = ["router"]

router = APIRouter(prefix="/api/queries", tags=["named queries"])

Store = Annotated[GraphBackend, Depends(get_store)]

_SCHEMAS: dict[str, dict[str, str]] = {
    "string": {"type": "string"},
    "langstring": {"type": "string"},
    "iri": {"type": "string", "format": "iri"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "boolean"},
}


class ParameterInfo(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    description: str = ""
    enum: list[str] = []


class QueryInfo(BaseModel):
    name: str
    summary: str
    description: str
    tags: list[str]
    params: list[ParameterInfo]
    path: str


class QueryResult(BaseModel):
    query: str
    rows: list[dict[str, Any]]


class AskResult(BaseModel):
    query: str
    boolean: bool


def _info(query: NamedQuery) -> QueryInfo:
    params = [
        ParameterInfo(
            name=p.name, type=p.type, required=p.required, default=p.default, description=p.description,
            enum=list(p.enum),
        )
        for p in query.params
    ]  # fmt: skip
    return QueryInfo(
        name=query.name,
        summary=query.summary,
        description=query.description,
        tags=list(query.tags),
        params=params,
        path=f"/api/queries/{query.name}",
    )


@router.get("", summary="Every named query with its parameters", response_model=list[QueryInfo])
def list_queries() -> list[QueryInfo]:
    return [_info(q) for q in all_queries().values()]


def _run(store: GraphBackend, name: str, request: Request) -> QueryResult | AskResult | Response:
    """The answer of ``name`` for the request's query string.

    :raises QueryError: bad parameters (400); :raises UnknownQueryError: no such query (404).
    :raises ProblemError: a CONSTRUCT's triples in no format ``Accept`` takes (406).
    """
    query = get_query(name)
    values = {key: value for key, value in request.query_params.items()}
    if query.returns == "ask":
        return AskResult(query=query.name, boolean=bool(run_named_query(store, query.name, values)))
    if query.returns == "construct":
        try:
            choice = negotiate(request.headers.get("accept"), RDF_FORMATS)
        except NotAcceptable as exc:
            raise ProblemError(406, str(exc)) from None
        assert isinstance(choice.format, ox.RdfFormat)
        output = io.BytesIO()
        ox.serialize(run_named_query(store, query.name, values), output, choice.format, prefixes=PREFIXES)
        return Response(output.getvalue(), media_type=choice.media_type, headers={"Vary": "Accept"})
    return QueryResult(query=query.name, rows=select_rows(store, query.name, values))


def _openapi_parameter(param: Parameter) -> dict[str, Any]:
    schema: dict[str, Any] = dict(_SCHEMAS[param.type])
    if param.enum:
        schema["enum"] = list(param.enum)
    if param.default is not None:
        schema["default"] = param.default
    return {
        "name": param.name,
        "in": "query",
        "required": param.required,
        "description": param.description or param.type,
        "schema": schema,
    }


def _add_route(query: NamedQuery) -> None:
    def run(request: Request, store: Store) -> QueryResult | AskResult | Response:
        return _run(store, query.name, request)

    answers = responses(400)
    if query.returns == "construct":
        answers[200] = {"content": {c.media_type: {} for c in RDF_FORMATS}, "description": "The triples"}
        answers.update(responses(406))
    router.add_api_route(
        f"/{query.name}",
        run,
        methods=["GET"],
        name=f"query_{query.name}",
        summary=query.summary,
        description=query.description,
        response_model={"ask": AskResult, "construct": None}.get(query.returns, QueryResult),
        responses=answers,
        openapi_extra={"parameters": [_openapi_parameter(p) for p in query.params]},
    )


for _query in all_queries().values():
    _add_route(_query)


@router.get(
    "/{name}",
    summary="Run a named query by name",
    response_model=None,
    responses=responses(400, 404),
    include_in_schema=False,
)
def run_query(name: str, request: Request, store: Store) -> QueryResult | AskResult | Response:
    return _run(store, name, request)
