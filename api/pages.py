"""HTML pages for people: one page per resource, rendered on the server (Jinja2, no JavaScript).

``entity_page(request, iri)`` renders the page of any resource the graph mentions — its label,
types, statements with the documents stating them, incoming links and source passages — and a
404 page for an IRI the graph does not know. The resource routes (``/id/…``) call it for
``text/html``, and links between pages go there; ``/-/page?iri=…`` renders the same page for any
IRI. Stylesheet: ``/-/static/styrgraf.css``.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool

from api.charts import format_number, series_chart
from api.deps import get_settings, get_store
from api.vocabulary import PREFIXES, compact, term_label
from graph.backend import GraphBackend
from graph.iris import normalise_base
from queries.entity import describe_entity, document_contents
from queries.run import select_rows
from queries.trace import decision_trace, goal_trace, indicator_trace

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
_DEREFERENCED = ("id/", "graph/")
"""Paths under the base that answer as resources (``api.resources``)."""
_PATH_SAFE = "/-._~!$&'()*+,;=:@"
_SHOWN = 60
"""Incoming links shown per property; the rest are counted."""

SG, ORG = PREFIXES["sg"], PREFIXES["org"]
_BROAD = {
    PREFIXES["skos"] + "Concept",
    SG + "Goal",
    ORG + "Organization",
    PREFIXES["foaf"] + "Document",
    PREFIXES["eli"] + "LegalResource",
    PREFIXES["qb"] + "Observation",
    PREFIXES["dcat"] + "Dataset",
}
STATUSES = {
    "fulfilled": ("Uppfyllt", "fulfilled"),
    "partly": ("Delvis uppfyllt", "partly fulfilled"),
    "not-fulfilled": ("Ej uppfyllt", "not fulfilled"),
    "not-assessable": ("Kan ej bedömas", "cannot be assessed"),
}
"""Assessment statuses (the ontology's status scheme) as pages name them."""
LEVELS = {
    "area": ("Målområde", "goal area"),
    "council": ("Kommunfullmäktiges mål", "council goal"),
    "board": ("Nämndmål", "board goal"),
    "office": ("Förvaltningens mål", "office goal"),
}


class Site:
    """What templates need to link: the base IRI the graph's IRIs are minted under."""

    def __init__(self, base: str) -> None:
        self.base = normalise_base(base)

    def href(self, iri: str) -> str | None:
        """Where a link to ``iri`` goes: a resource or graph Styrgraf minted is dereferenced on
        this site (``/id/…``, ``/graph/…``), an external IRI is linked as it is, anything else
        (another IRI under the base, a URN) is not linked."""
        local = self._local(iri)
        if local is not None:
            return local
        if iri.startswith(self.base):
            return None
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def twin(self, iri: str) -> str:
        """The machine-readable description of ``iri`` in Turtle: the ``.ttl`` variant of an IRI
        Styrgraf minted, else the SPARQL endpoint's ``DESCRIBE``."""
        local = self._local(iri)
        if local is not None:
            return local + ".ttl"
        return "/sparql?format=turtle&query=" + quote(f"DESCRIBE <{iri}>", safe="")

    def _local(self, iri: str) -> str | None:
        """The same-site path of a minted IRI (under ``{base}id/`` or ``{base}graph/``), or None."""
        rest = iri[len(self.base) :] if iri.startswith(self.base) else None
        if rest is None or not rest.startswith(_DEREFERENCED):
            return None
        return "/" + quote(rest, safe=_PATH_SAFE)

    def path(self, iri: str) -> str:
        """``iri`` without the base, for display (``id/goal/…``)."""
        return iri[len(self.base) :] if iri.startswith(self.base) else iri

    def doctype(self, code: str | None) -> str:
        """A document type code (``verksamhetsberattelse``) by its ontology label."""
        return term_label(SG + "doctype-" + code).split(" / ")[0] if code else ""

    def title(self, entity: dict[str, Any]) -> str:
        """A resource's heading: its label, else its kind and the end of its IRI
        ("Målbedömning giftfri-miljo/2020"), a source passage as its document and lines."""
        if entity["label"]:
            return str(entity["label"])
        values = {p["property"]: p["values"][0] for p in entity["properties"]}
        if {SG + "document", SG + "firstLine", SG + "lastLine"} <= values.keys():
            document = values[SG + "document"]
            first, last = values[SG + "firstLine"]["value"], values[SG + "lastLine"]["value"]
            lines = f"rad {first}" if first == last else f"rad {first}–{last}"
            return f"{document['label'] or self.path(document['value'])}, {lines}"
        kinds = self.specific(entity["types"])
        tail = "/".join(self.path(entity["id"]).split("/")[-2:])
        return f"{term_label(kinds[0]).split(' / ')[0]} {tail}" if kinds else self.path(entity["id"])

    def specific(self, types: list[str]) -> list[str]:
        """``types`` without the broad classes every resource of its kind also has (skos:Concept,
        sg:Goal beside sg:BoardGoal …), unless nothing else is left."""
        narrow = [t for t in types if t not in _BROAD]
        return narrow or types

    label = staticmethod(term_label)
    compact = staticmethod(compact)
    number = staticmethod(format_number)
    statuses = STATUSES
    levels = LEVELS


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """``template`` rendered with ``context`` and the ``site`` helper."""
    site = Site(get_settings(request).base_iri)
    context.setdefault("alternate", None)
    html = _ENV.get_template(template).render(site=site, **context)
    return HTMLResponse(html, status_code=status)


async def entity_page(request: Request, iri: str) -> Response:
    """The page of ``iri``; a 404 page when no triple mentions it."""
    store = get_store(request)
    found = await run_in_threadpool(_entity_context, store, iri)
    if found is None:
        return not_found(request, f"Grafen känner inte till {iri}", iri=iri)
    template, context = found
    return render(request, template, shown=_SHOWN, twin=iri, **context)


def _entity_context(store: GraphBackend, iri: str) -> tuple[str, dict[str, Any]] | None:
    """The template and context of ``iri``'s page: the page of its kind (goal, indicator,
    decision, organisation, document) or the generic one."""
    entity = describe_entity(store, iri)
    if entity is None:
        return None
    types = set(entity["types"])
    context: dict[str, Any] = {"entity": entity}
    if SG + "Goal" in types and (trace := goal_trace(store, iri)) is not None:
        return "goal.html", context | _goal_context(entity, trace)
    if SG + "Indicator" in types and (indicator := indicator_trace(store, iri)) is not None:
        chart = series_chart(indicator["observations"], indicator["target"], title=str(indicator["label"]))
        return "indicator.html", context | {"indicator": indicator, "chart": chart}
    if SG + "Decision" in types and (decision := decision_trace(store, iri)) is not None:
        return "decision.html", context | {"decision": decision}
    if ORG + "Organization" in types:
        goals = select_rows(store, "organisation_goals", {"organisation": iri})
        return "organisation.html", context | {"goals": _unique(goals, "goal")}
    if SG + "Document" in types:
        return "document.html", context | {"contents": document_contents(store, iri)}
    return "entity.html", context


def _goal_context(entity: dict[str, Any], trace: dict[str, Any]) -> dict[str, Any]:
    """The goal page's parts: hierarchy (parents with siblings, children), charts, assessments
    by period."""
    children: dict[str, dict[str, Any]] = {}
    for group in entity["incoming"]:
        if group["property"] in {SG + "contributesTo", PREFIXES["skos"] + "broader"}:
            for subject in group["subjects"]:
                children.setdefault(subject["id"], subject)
    charts = [
        series_chart(i["observations"], i["target"], title=str(i["label"]), unit=i.get("unit"))
        for i in trace["indicators"]
    ]
    assessments = sorted(trace["assessments"], key=lambda a: (str(a["period"]), str(a["document"])))
    return {
        "trace": trace,
        "children": sorted(children.values(), key=lambda c: str(c["label"])),
        "charts": charts,
        "assessments": assessments,
    }


def _unique(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """``rows`` with the first row per ``key`` value, sorted by label."""
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        first.setdefault(row[key], row)
    return sorted(first.values(), key=lambda r: str(r.get("label", "")))


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
