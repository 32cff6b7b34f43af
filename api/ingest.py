"""Ingest over HTTP: ``POST /-/ingest`` replaces the graphs of the uploaded documents atomically.

The body is either ``multipart/form-data`` with one file part per document (its file name is the
document's name), or one document as ``text/plain`` with ``?name=<file>.txt``. It needs the bearer
token (:mod:`api.access`), at most ``STYRGRAF_MAX_UPLOAD_BYTES`` bytes (413 past it) and names
that are plain ``.txt`` file names (400 otherwise: no directories, no ``..``). The documents are
read one after another in the server (forking a threaded server can deadlock), then written in
one transaction: a document that cannot be read is a 422 naming the file and the line, and the
store is exactly as before. The answer is 201 when a document's graph is new, 200 when every
graph was replaced, with each document's graph, triple and fact counts.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.types import Message

from api.access import AccessDenied, require_token
from api.deps import get_query_service, get_settings, get_store
from api.problems import problem_response, responses
from graph.backend import GraphBackend
from styrgraf.errors import DocumentError, IngestError
from styrgraf.settings import Settings

if TYPE_CHECKING:
    from graph.ingest import IngestResult

__all__ = ["router"]

router = APIRouter(tags=["admin"])

_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "document": {"type": "array", "items": {"type": "string", "format": "binary"}}
                },
            }
        },
        "text/plain": {"schema": {"type": "string"}},
    },
}


class _Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status


@router.post(
    "/-/ingest",
    summary="Ingest documents, replacing their graphs atomically (needs the bearer token)",
    status_code=201,
    responses={
        200: {"description": "Every document's graph was replaced"},
        **responses(400, 401, 403, 413, 415, 422),
    },
    openapi_extra={
        "requestBody": _BODY,
        "parameters": [
            {
                "name": "name",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": "The document's file name, for a text/plain body",
            },
        ],
    },
)
async def ingest(
    request: Request,
    store: Annotated[GraphBackend, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> Response:
    try:
        require_token(request, settings, "ingest")
    except AccessDenied as exc:
        return problem_response(request, exc.status, str(exc), headers=exc.headers)
    try:
        documents = await _documents(request, settings.max_upload_bytes)
        service = get_query_service(request)
        async with service.writes:
            before = {graph.value for graph in store.named_graphs()}
            results = await asyncio.to_thread(_ingest, store, documents, settings.base_iri)
    except _Refused as exc:
        return problem_response(request, exc.status, str(exc))
    except DocumentError as exc:
        return problem_response(request, 422, f"store unchanged: {exc}")
    except IngestError as exc:
        return problem_response(request, 500, str(exc))
    created = any(result.graph not in before for result in results)
    body: dict[str, Any] = {
        "documents": [
            {
                "source": r.source,
                "graph": r.graph,
                "triples": r.triples,
                "counts": r.counts,
                "issues": r.issues,
                "replaced": r.graph in before,
            }
            for r in results
        ],
        "triples": sum(r.triples for r in results),
    }
    return JSONResponse(body, status_code=201 if created else 200)


def _ingest(store: GraphBackend, documents: list[tuple[str, bytes]], base: str) -> list[IngestResult]:
    from graph.ingest import ingest_documents  # the loaders: imported by the first ingest, not at start-up

    with tempfile.TemporaryDirectory(prefix="styrgraf-ingest-") as folder:
        paths = []
        for name, data in documents:
            path = Path(folder) / name
            path.write_bytes(data)
            paths.append(path)
        return ingest_documents(store, paths, base=base, parallel=False)


async def _documents(request: Request, limit: int) -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of every uploaded document, names checked."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _Refused(413, f"upload is {declared} bytes; the limit is {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _Refused(413, f"upload is over {limit} bytes, the limit")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    documents: list[tuple[str, bytes]] = []
    if content_type == "text/plain":
        documents.append((request.query_params.get("name", ""), bytes(body)))
    elif content_type == "multipart/form-data":
        documents = await _parts(request, bytes(body))
    else:
        raise _Refused(
            415,
            f"unsupported content type {content_type or '(none)'!r}; use multipart/form-data or text/plain",
        )
    if not documents:
        raise _Refused(400, "no document in the upload; send each as a file part")
    names = [_checked_name(name) for name, _ in documents]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise _Refused(400, f"document {twice[0]!r} is uploaded twice")
    return [(name, data) for name, (_, data) in zip(names, documents, strict=True)]


async def _parts(request: Request, body: bytes) -> list[tuple[str, bytes]]:
    async def replay() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form()
    except HTTPException as exc:  # Starlette's answer to a body python-multipart cannot parse
        raise _Refused(400, f"malformed multipart body: {exc.detail}") from None
    parts: list[tuple[str, bytes]] = []
    for _, value in form.multi_items():
        if isinstance(value, UploadFile):
            parts.append((value.filename or "", await value.read()))
    await form.close()
    return parts


def _checked_name(name: str) -> str:
    """``name`` if it is a plain ``.txt`` file name.

    :raises _Refused: empty, hidden, a path, with control characters, or not ``.txt``.
    """
    if not name:
        raise _Refused(
            400, "a document has no file name; give each part a filename (or ?name= for text/plain)"
        )
    if "/" in name or "\\" in name or name.startswith(".") or any(ord(c) < 32 for c in name):
        raise _Refused(400, f"document name {name!r} is not a plain file name")
    if not name.endswith(".txt") or len(name) > 200:
        raise _Refused(400, f"document name {name!r}: expected a .txt file name of at most 200 characters")
    return name
