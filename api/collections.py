"""JSON collections: goals, indicators, decisions, organisations and documents.

``GET /api/<collection>?q=&limit=&offset=`` plus filters; ``q`` is case- and
diacritics-insensitive. Each answer is a page ``{total, limit, offset, items}``; every item has
``id`` (its IRI) and ``label``. ``GET /api/goals/{id}`` takes the IRI or its trailing segments.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from api.deps import get_store
from api.problems import ProblemError, responses
from graph.backend import GraphBackend
from queries.collections import (
    Page,
    list_decisions,
    list_documents,
    list_goals,
    list_indicators,
    list_organisations,
)
from queries.trace import find_entity

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["collections"], responses=responses(400, 422))

Store = Annotated[GraphBackend, Depends(get_store)]
SearchText = Annotated[str | None, Query(description="Search text (case and diacritics ignored)")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Items per page")]
Offset = Annotated[int, Query(ge=0, description="Items to skip")]
Organisation = Annotated[str | None, Query(description="IRI of an organisation")]
Level = Literal["area", "council", "board", "office"]
Status = Literal["fulfilled", "partly", "not-fulfilled", "not-assessable"]
Kind = Literal[
    "municipality", "council", "board", "committee", "office", "staff", "unit", "company", "external", "party"
]


class Item(BaseModel):
    id: str
    label: str | None = None


class GoalItem(Item):
    level: str | None = None
    owner: str | None = None
    parent: str | None = None
    periods: list[str] = []


class Observation(BaseModel):
    period: str
    value: float | None = None
    raw: str | None = None
    breakdown: str | None = None
    document: str | None = None


class Target(BaseModel):
    raw: str | None = None
    value: float | None = None
    comparator: str | None = None
    direction: str | None = None
    period: str | None = None


class IndicatorItem(Item):
    goal: str | None = None
    owner: str | None = None
    unit: str | None = None
    target: Target | None = None
    observations: list[Observation] = []


class DecisionItem(Item):
    body: str | None = None
    body_label: str | None = None
    date: str | None = None
    paragraph: int | None = None
    dnr: str | None = None


class OrganisationItem(Item):
    kind: str | None = None
    parent: str | None = None


class DocumentItem(Item):
    type: str | None = None
    year: int | None = None
    issuer: str | None = None
    issuer_label: str | None = None


class PageOf(BaseModel):
    total: int
    limit: int
    offset: int


class GoalPage(PageOf):
    items: list[GoalItem]


class IndicatorPage(PageOf):
    items: list[IndicatorItem]


class DecisionPage(PageOf):
    items: list[DecisionItem]


class OrganisationPage(PageOf):
    items: list[OrganisationItem]


class DocumentPage(PageOf):
    items: list[DocumentItem]


def _dump(page: Page) -> dict[str, object]:
    return asdict(page)


@router.get("/goals", summary="Goals with level, owner and parent", response_model=GoalPage)
def goals(
    store: Store,
    q: SearchText = None,
    level: Level | None = None,
    organisation: Organisation = None,
    year: Annotated[str | None, Query(description="Period, e.g. 2020")] = None,
    status: Status | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, object]:
    page = list_goals(
        store,
        q=q,
        level=level,
        organisation=organisation,
        year=year,
        status=status,
        limit=limit,
        offset=offset,
    )
    return _dump(page)


@router.get("/goals/{goal_id:path}", summary="One goal", response_model=GoalItem, responses=responses(404))
def goal(store: Store, goal_id: str) -> dict[str, object]:
    iri = find_entity(store, "goal", goal_id)
    found = [g for g in list_goals(store, limit=100000).items if g["id"] == iri]
    if not found:
        raise ProblemError(404, f"no goal {goal_id!r}")
    return found[0]


@router.get(
    "/indicators", summary="Indicators with goal, target and observations", response_model=IndicatorPage
)
def indicators(
    store: Store,
    q: SearchText = None,
    organisation: Organisation = None,
    goal: Annotated[str | None, Query(description="IRI of a goal the indicator measures")] = None,
    year: Annotated[str | None, Query(description="Period with a value, e.g. 2020")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, object]:
    page = list_indicators(
        store, q=q, organisation=organisation, goal=goal, year=year, limit=limit, offset=offset
    )
    return _dump(page)


@router.get(
    "/decisions", summary="Decisions read or cited, with body, date, § and dnr", response_model=DecisionPage
)
def decisions(
    store: Store,
    q: SearchText = None,
    organisation: Annotated[str | None, Query(description="IRI of the deciding body")] = None,
    year: Annotated[int | None, Query(description="Year of the meeting")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, object]:
    return _dump(list_decisions(store, q=q, organisation=organisation, year=year, limit=limit, offset=offset))


@router.get("/organizations", summary="Organisations with kind and parent", response_model=OrganisationPage)
def organizations(
    store: Store, q: SearchText = None, kind: Kind | None = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, object]:
    return _dump(list_organisations(store, q=q, kind=kind, limit=limit, offset=offset))


@router.get("/documents", summary="Source documents with type, year and issuer", response_model=DocumentPage)
def documents(
    store: Store,
    q: SearchText = None,
    year: Annotated[int | None, Query(description="Document year")] = None,
    organisation: Annotated[str | None, Query(description="IRI of the issuer")] = None,
    type: Annotated[str | None, Query(description="Document type, e.g. verksamhetsberattelse")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, object]:
    page = list_documents(
        store, q=q, year=year, organisation=organisation, type=type, limit=limit, offset=offset
    )
    return _dump(page)
