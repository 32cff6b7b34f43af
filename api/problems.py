"""RFC 9457 problem details for the JSON API (``application/problem+json``).

Under ``/api/`` every error — an unknown id (404), a parameter a named query refuses (400),
FastAPI's own validation errors (422), an unknown route — is answered as a problem document
``{type, title, status, detail, instance}``. Other routes keep their own error formats (the
SPARQL endpoint answers ``text/plain``), so the handlers hand them to FastAPI's defaults.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from styrgraf.errors import QueryError, QueryTimeoutError, StoreError, UnknownQueryError

__all__ = ["PROBLEM", "Problem", "ProblemError", "install_problem_handlers", "problem_response", "responses"]

PROBLEM = "application/problem+json"


class Problem(BaseModel):
    """A problem details document (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


class ProblemError(Exception):
    """An API error to answer as a problem document with ``status``."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries documenting problem answers with these statuses."""
    return {
        status: {"model": Problem, "content": {PROBLEM: {}}, "description": HTTPStatus(status).phrase}
        for status in statuses
    }


def problem_response(
    request: Request,
    status: int,
    detail: str | None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A problem document for ``request`` (``instance`` is its path)."""
    body = Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=errors,
    )
    content = jsonable_encoder(body, exclude_none=True)
    return JSONResponse(content, status_code=status, media_type=PROBLEM, headers=headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if not _is_api(request):
        return await http_exception_handler(request, exc)
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem_response(request, exc.status_code, detail, headers=dict(exc.headers or {}))


async def _on_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if not _is_api(request):
        return await request_validation_exception_handler(request, exc)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
    return problem_response(request, 422, detail, errors)


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return problem_response(request, exc.status, exc.detail)


async def _on_query_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, QueryError)
    if isinstance(exc, QueryTimeoutError):
        return problem_response(request, 503, str(exc), headers={"Retry-After": "5"})
    return problem_response(request, 404 if isinstance(exc, UnknownQueryError) else 400, str(exc))


async def _on_store_error(request: Request, exc: Exception) -> Response:
    """The store failed under a request — a remote SPARQL server that is down or refuses: 503."""
    assert isinstance(exc, StoreError)
    detail, retry = f"the store cannot answer: {exc}", {"Retry-After": "5"}
    if not _is_api(request):
        return PlainTextResponse(detail, status_code=503, headers=retry)
    return problem_response(request, 503, detail, headers=retry)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer errors under ``/api/`` as problem details."""
    app.add_exception_handler(HTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(QueryError, _on_query_error)
    app.add_exception_handler(StoreError, _on_store_error)
