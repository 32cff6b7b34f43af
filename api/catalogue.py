"""Publishing routes: the dataset description (VoID, DCAT), the dumps, the sitemap and the ontology.

* ``/.well-known/void`` and ``/catalog`` — the description of the dataset in Turtle, N-Triples,
  JSON-LD or RDF/XML by ``Accept`` (or ``?format=``): a DCAT-AP-SE catalogue with its dataset,
  one distribution per dump, the SPARQL service, and VoID's statistics and document subsets.
* ``/dumps/<file>`` — the whole graph as ``styrgraf export`` writes it, streamed from a file
  with a strong ``ETag``, ``Last-Modified``, ``Content-Length`` and byte ranges.
* ``/sitemap.xml`` — every entity page (goals, indicators, decisions, organisations, documents),
  announced to crawlers in ``/robots.txt``.
* ``/ontology`` (``.ttl``, ``.rdf``, ``.nt``, ``.jsonld``, ``.html``) — the ontology for machines
  and its documentation for people.

Descriptions and dumps are made once per state of the store (see ``graph/dumps.py``).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

from api.conditional import not_modified
from api.deps import get_settings, get_store
from api.negotiation import Choice, NotAcceptable, negotiate
from api.sitemaps import sitemap_files
from graph.backend import GraphBackend
from graph.catalogue import Publication, describe_dataset, serialize_description
from graph.dumps import DUMPS, DumpFiles
from graph.ontology_docs import ontology_html, ontology_rdf
from queries.catalogue import dataset_statistics, sitemap_entities
from styrgraf.settings import Settings

__all__ = ["DESCRIPTION_FORMATS", "ONTOLOGY_FORMATS", "router"]

router = APIRouter(tags=["catalogue"])

DESCRIPTION_FORMATS = [
    Choice("text/turtle", "turtle", ox.RdfFormat.TURTLE),
    Choice("application/n-triples", "ntriples", ox.RdfFormat.N_TRIPLES),
    Choice("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
    Choice("application/rdf+xml", "rdfxml", ox.RdfFormat.RDF_XML),
]
"""Formats of the dataset description, preferred first."""

ONTOLOGY_FORMATS = [*DESCRIPTION_FORMATS, Choice("text/html", "html", None)]
"""Formats of the ontology: RDF for machines (Turtle first), HTML documentation for people."""

_SUFFIXES = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "rdf": "rdfxml", "html": "html"}

StoreDep = Annotated[GraphBackend, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


@dataclass
class _Published:
    """What the routes derive from one store: the dump files and the serialised descriptions."""

    dumps: DumpFiles = field(default_factory=DumpFiles)
    description: tuple[tuple[int, int], list[ox.Triple], dict[str, bytes]] | None = None
    sitemap: tuple[tuple[int, int], dict[str, str]] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_state_lock = threading.Lock()


def _published(request: Request) -> _Published:
    with _state_lock:
        published = getattr(request.app.state, "published", None)
        if published is None:
            published = request.app.state.published = _Published()
        return published


PublishedDep = Annotated[_Published, Depends(_published)]


def publication(settings: Settings) -> Publication:
    """The configured publisher, licence and coverage."""
    return Publication(
        base=settings.base_iri,
        publisher_name=settings.publisher_name,
        publisher=settings.publisher_iri,
        licence=settings.licence,
        contact_name=settings.contact_name,
        contact_email=settings.contact_email,
        spatial=settings.spatial,
        spatial_label=settings.spatial_label,
    )


def _description(store: GraphBackend, settings: Settings, published: _Published, choice: Choice) -> bytes:
    state = (store.generation, len(store))
    with published.lock:
        if published.description is None or published.description[0] != state:
            triples = describe_dataset(publication(settings), dataset_statistics(store, settings.base_iri))
            published.description = (state, triples, {})
        _, triples, bodies = published.description
        if choice.name not in bodies:
            assert isinstance(choice.format, ox.RdfFormat)
            bodies[choice.name] = serialize_description(triples, choice.format)
        return bodies[choice.name]


@router.get(
    "/.well-known/void", summary="VoID description of the dataset (Turtle, N-Triples, JSON-LD, RDF/XML)"
)
@router.head("/.well-known/void", include_in_schema=False)
@router.get("/catalog", summary="DCAT-AP-SE catalogue of the dataset (Turtle, N-Triples, JSON-LD, RDF/XML)")
@router.head("/catalog", include_in_schema=False)
async def description(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    published: PublishedDep,
    format: str | None = None,
) -> Response:
    """The one description (catalogue, dataset, distributions, service, VoID) on both addresses."""
    try:
        choice = negotiate(request.headers.get("accept"), DESCRIPTION_FORMATS, format_name=format)
    except NotAcceptable as exc:
        return PlainTextResponse(str(exc), status_code=406, headers={"Vary": "Accept"})
    body = await asyncio.to_thread(_description, store, settings, published, choice)
    return _conditional(request, body, choice.media_type)


@router.get("/dumps/{name}", summary="A dump of the whole graph")
@router.head("/dumps/{name}", include_in_schema=False)
async def dump(request: Request, name: str, store: StoreDep, published: PublishedDep) -> Response:
    found = DUMPS.get(name)
    if found is None:
        return PlainTextResponse(
            f"/dumps/{name}: no such dump; available: {', '.join(DUMPS)}", status_code=404
        )
    file = await asyncio.to_thread(published.dumps.get, store, found)
    headers = {
        "ETag": f'"{file.sha256}"',
        "Last-Modified": formatdate(int(file.written), usegmt=True),
        "Cache-Control": "public, no-cache",
    }
    if not_modified(request, headers["ETag"], datetime.fromtimestamp(int(file.written), UTC)):
        return Response(status_code=304, headers=headers)
    return FileResponse(
        file.path,
        media_type=found.media_type,
        headers=headers,
        filename=found.filename,
        content_disposition_type="attachment",
    )


@router.get("/sitemap.xml", summary="Sitemap of the entity pages (an index past 50,000 pages)")
@router.head("/sitemap.xml", include_in_schema=False)
async def sitemap(store: StoreDep, settings: SettingsDep, published: PublishedDep) -> Response:
    files = await asyncio.to_thread(_sitemap_files, store, settings, published)
    return Response(files["sitemap.xml"], media_type="application/xml")


@router.get("/sitemap-{number}.xml", summary="One part of the sitemap index")
@router.head("/sitemap-{number}.xml", include_in_schema=False)
async def sitemap_part(
    number: int, store: StoreDep, settings: SettingsDep, published: PublishedDep
) -> Response:
    files = await asyncio.to_thread(_sitemap_files, store, settings, published)
    text = files.get(f"sitemap-{number}.xml")
    if text is None:
        return PlainTextResponse(f"/sitemap-{number}.xml: no such sitemap part", status_code=404)
    return Response(text, media_type="application/xml")


@router.get("/robots.txt", summary="Where the sitemap is, for crawlers")
async def robots(settings: SettingsDep) -> Response:
    return PlainTextResponse(f"User-agent: *\nAllow: /\nSitemap: {settings.base_iri}sitemap.xml\n")


def _sitemap_files(store: GraphBackend, settings: Settings, published: _Published) -> dict[str, str]:
    state = (store.generation, len(store))
    with published.lock:
        if published.sitemap is None or published.sitemap[0] != state:
            urls = sitemap_entities(store, settings.base_iri)
            published.sitemap = (state, sitemap_files(urls, settings.base_iri))
        return published.sitemap[1]


@router.get("/ontology", summary="The Styrgraf ontology (Turtle, RDF/XML, N-Triples, JSON-LD or HTML)")
@router.head("/ontology", include_in_schema=False)
async def ontology(request: Request, format: str | None = None) -> Response:
    try:
        choice = negotiate(request.headers.get("accept"), ONTOLOGY_FORMATS, format_name=format)
    except NotAcceptable as exc:
        return PlainTextResponse(str(exc), status_code=406, headers={"Vary": "Accept"})
    suffix = next(s for s, name in _SUFFIXES.items() if name == choice.name)
    response = await _ontology(request, choice)
    response.headers["Content-Location"] = f"/ontology.{suffix}"
    return response


@router.get("/ontology.{suffix}", summary="The Styrgraf ontology in the format its suffix names")
@router.head("/ontology.{suffix}", include_in_schema=False)
async def ontology_file(request: Request, suffix: str) -> Response:
    name = _SUFFIXES.get(suffix)
    if name is None:
        return PlainTextResponse(
            f"/ontology.{suffix}: unknown suffix; use one of {', '.join(_SUFFIXES)}", status_code=404
        )
    choice = next(c for c in ONTOLOGY_FORMATS if c.name == name)
    return await _ontology(request, choice)


async def _ontology(request: Request, choice: Choice) -> Response:
    if choice.format is None:
        html = await asyncio.to_thread(ontology_html)
        response = _conditional(request, html.encode("utf-8"), "text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = _page_policy(html)
        return response
    assert isinstance(choice.format, ox.RdfFormat)
    return _conditional(request, ontology_rdf(choice.format), choice.media_type)


def _page_policy(html: str) -> str:
    """A Content-Security-Policy for the generated ontology page: nothing but its own inline
    stylesheet (allowed by hash) and ``data:`` icons; no script runs (its JSON-LD block is data)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii") + "'"
        for css in re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.DOTALL)
    )
    styles = hashes or "'none'"
    return (
        f"default-src 'none'; style-src {styles}; img-src data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def _conditional(request: Request, body: bytes, media_type: str) -> Response:
    """``body`` with a strong ETag and ``Vary: Accept``, or 304 when the client has it."""
    headers = {"ETag": f'"{hashlib.sha256(body).hexdigest()[:32]}"', "Vary": "Accept"}
    if not_modified(request, headers["ETag"], None):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)
