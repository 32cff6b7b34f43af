"""Pages to start from: home, search, the goal hierarchy, organisations, documents, the SPARQL form.

* ``/`` — what the graph holds (entities per kind, documents with year and type, years covered),
  a search box, the entry points below and the open data (dumps, VoID, DCAT, ontology).
* ``/search?q=`` — goals, indicators, organisations and decisions whose names match, case- and
  diacritics-insensitive like ``/api/goals?q=``.
* ``/goals`` — the goal hierarchy, målområde → kommunfullmäktiges mål → nämndmål.
* ``/organisations``, ``/documents`` — every organisation and source document.
* ``/query`` — a form that sends a query to ``/sparql``, with the named queries of ``queries/``
  as examples (``?query=`` fills the form).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import get_store
from api.pages import render
from api.vocabulary import PREFIXES
from graph.backend import GraphBackend
from graph.dumps import DUMPS
from queries import all_queries
from queries.collections import fold, list_decisions, list_documents, list_goals, list_organisations
from queries.run import select_rows

__all__ = ["router"]

router = APIRouter(tags=["pages"], include_in_schema=False)

_ALL = 10_000
_KINDS = (
    ("Goal", "Mål", "goals"),
    ("Indicator", "Indikatorer", "indicators"),
    ("Assessment", "Bedömningar", "assessments"),
    ("Decision", "Beslut", "decisions"),
    ("IndicatorObservation", "Indikatorvärden", "indicator values"),
    ("Document", "Dokument och bilagor", "documents and attachments"),
    ("SourcePassage", "Källställen", "source passages"),
)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> Response:
    context = await run_in_threadpool(_home, get_store(request))
    void = ("text/turtle", "/.well-known/void?format=turtle", "VoID (Turtle)")
    return render(request, "home.html", twin=None, alternate=void, **context)


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    found = await run_in_threadpool(_search, get_store(request), q) if q.strip() else None
    api = ("application/json", "/api/goals?limit=1000&q=" + quote(q), "JSON: /api/goals?q=")
    return render(request, "search.html", twin=None, alternate=api, q=q, found=found)


@router.get("/goals", response_class=HTMLResponse)
async def goals(request: Request) -> Response:
    tree = await run_in_threadpool(_goal_tree, get_store(request))
    api = ("application/json", "/api/goals?limit=1000", "JSON: /api/goals")
    return render(request, "goals.html", twin=None, alternate=api, roots=tree)


@router.get("/organisations", response_class=HTMLResponse)
async def organisations(request: Request) -> Response:
    found = await run_in_threadpool(lambda: list_organisations(get_store(request), limit=_ALL).items)
    api = ("application/json", "/api/organizations?limit=1000", "JSON: /api/organizations")
    return render(request, "organisations.html", twin=None, alternate=api, organisations=found)


@router.get("/documents", response_class=HTMLResponse)
async def documents(request: Request) -> Response:
    found = await run_in_threadpool(lambda: list_documents(get_store(request), limit=_ALL).items)
    api = ("application/json", "/api/documents?limit=1000", "JSON: /api/documents")
    return render(request, "documents.html", twin=None, alternate=api, documents=found)


@router.get("/query", response_class=HTMLResponse)
async def query_page(request: Request, query: Annotated[str, Query(max_length=100_000)] = "") -> Response:
    examples = sorted(all_queries().values(), key=lambda q: q.name)
    text = query or _DEFAULT_QUERY
    description = ("text/turtle", "/sparql?format=turtle", "SPARQL service description (Turtle)")
    return render(request, "query.html", twin=None, alternate=description, query=text, examples=examples)


_DEFAULT_QUERY = """PREFIX sg: <https://w3id.org/styrgraf/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?goal ?label WHERE {
  ?goal a sg:BoardGoal ; skos:prefLabel ?label .
}
ORDER BY ?label
LIMIT 20
"""


def _home(store: GraphBackend) -> dict[str, Any]:
    counts = {str(r["class"]): int(r["entities"]) for r in select_rows(store, "class_counts")}
    kinds = [{"sv": sv, "en": en, "count": counts.get(PREFIXES["sg"] + name, 0)} for name, sv, en in _KINDS]
    kinds.insert(3, {"sv": "Organisationer", "en": "organisations",
                     "count": counts.get(PREFIXES["org"] + "Organization", 0)})  # fmt: skip
    docs = list_documents(store, limit=_ALL).items
    goal_periods = {p for g in list_goals(store, limit=_ALL).items for p in g["periods"]}
    years = sorted(
        {str(d["year"]) for d in docs if d["year"]} | {p[:4] for p in goal_periods if p[:4].isdigit()}
    )
    dumps = [
        {"name": d.filename, "media_type": d.rdf_media_type, "graphs": d.keeps_graphs} for d in DUMPS.values()
    ]
    return {"kinds": kinds, "documents": docs, "years": years, "dumps": dumps}


def _search(store: GraphBackend, q: str) -> dict[str, list[dict[str, Any]]]:
    indicators = [
        {"id": r["indicator"], "label": r.get("label")}
        for r in select_rows(store, "indicators", {"q": fold(q)})
    ]
    return {
        "goals": list_goals(store, q=q, limit=_ALL).items,
        "indicators": indicators,
        "organisations": list_organisations(store, q=q, limit=_ALL).items,
        "decisions": list_decisions(store, q=q, limit=_ALL).items,
    }


def _goal_tree(store: GraphBackend) -> list[dict[str, Any]]:
    """Goals as a forest: each goal under its parent, roots (no parent in the graph) first."""
    items = {g["id"]: g | {"children": []} for g in list_goals(store, limit=_ALL).items}
    roots = []
    for goal in sorted(items.values(), key=lambda g: str(g["label"])):
        parent = items.get(goal["parent"] or "")
        if parent is not None and parent is not goal:
            parent["children"].append(goal)
        else:
            roots.append(goal)
    order = {"area": 0, "council": 1, "board": 2, "office": 3}
    return sorted(roots, key=lambda g: (order.get(str(g["level"]), 4), str(g["label"])))
