"""HTML pages for people: one page per resource, rendered on the server (Jinja2, no JavaScript).

``entity_page(request, iri)`` renders the page of any resource the graph mentions — its label,
types, statements with the documents stating them, incoming links and source passages — and a
404 page for an IRI the graph does not know. The resource routes call it for ``text/html``;
``/-/page?iri=…`` renders the same page for any IRI. Stylesheet: ``/-/static/styrgraf.css``.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool

from api.deps import get_settings, get_store
from api.vocabulary import compact, term_label
from graph.iris import normalise_base
from queries.entity import describe_entity

__all__ = ["Site", "entity_page", "router"]

router = APIRouter(tags=["pages"], include_in_schema=False)

_ENV = Environment(
    loader=PackageLoader("api", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_STATIC = {"styrgraf.css": "text/css; charset=utf-8"}
_SHOWN = 60
"""Incoming links shown per property; the rest are counted."""


class Site:
    """What templates need to link: the base IRI the graph's IRIs are minted under."""

    def __init__(self, base: str) -> None:
        self.base = normalise_base(base)

    def href(self, iri: str) -> str | None:
        """Where a link to ``iri`` goes: the page of a resource Styrgraf minted (same site), an
        external IRI unchanged, None for anything else."""
        if iri.startswith(self.base + "id/"):
            return "/-/page?iri=" + quote(iri, safe="")
        if iri.startswith(self.base):
            return None
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def twin(self, iri: str) -> str:
        """The machine-readable description of ``iri`` (Turtle)."""
        return "/sparql?format=turtle&query=" + quote(f"DESCRIBE <{iri}>", safe="")

    def path(self, iri: str) -> str:
        """``iri`` without the base, for display (``id/goal/…``)."""
        return iri[len(self.base) :] if iri.startswith(self.base) else iri

    label = staticmethod(term_label)
    compact = staticmethod(compact)


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """``template`` rendered with ``context`` and the ``site`` helper."""
    site = Site(get_settings(request).base_iri)
    html = _ENV.get_template(template).render(site=site, request_path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


async def entity_page(request: Request, iri: str) -> Response:
    """The page of ``iri``; a 404 page when no triple mentions it."""
    store = get_store(request)
    entity = await run_in_threadpool(describe_entity, store, iri)
    if entity is None:
        return not_found(request, f"Grafen känner inte till {iri}", iri=iri)
    return render(request, "entity.html", entity=entity, shown=_SHOWN, twin=iri)


def not_found(request: Request, message: str, *, iri: str | None = None) -> HTMLResponse:
    """The 404 page with ``message``."""
    return render(request, "not_found.html", status=404, message=message, iri=iri, twin=None)


@router.get("/-/page", response_class=HTMLResponse)
async def page(request: Request, iri: Annotated[str, Query(description="IRI of the resource")]) -> Response:
    return await entity_page(request, iri)


@router.get("/-/static/{name}")
def static(request: Request, name: str) -> Response:
    if name not in _STATIC:
        return not_found(request, f"Ingen fil {name}")
    body = files("api").joinpath("static", name).read_bytes()
    return Response(body, media_type=_STATIC[name], headers={"Cache-Control": "public, max-age=3600"})
