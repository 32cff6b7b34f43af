"""Traces: ``/api/goals/{id}/trace``, ``/api/decisions/{id}/trace``, ``/api/indicators/{id}/trace``.

An id is the entity's IRI or the trailing segments of it (``kommunstyrelsen/giftfri-miljo``);
a goal may also be named by its label. Unknown ids are 404 problem documents.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from api.collections import Observation, Target
from api.deps import get_settings, get_store
from api.problems import ProblemError, responses
from graph.backend import GraphBackend
from queries.trace import decision_trace, find_entity, goal_trace, indicator_trace
from styrgraf.settings import Settings

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["traces"], responses=responses(404))

Store = Annotated[GraphBackend, Depends(get_store)]


class Ref(BaseModel):
    id: str
    label: str | None = None


class GoalSummary(BaseModel):
    id: str
    label: str
    labels: list[str]
    level: str | None = None
    owner: str | None = None
    owner_label: str | None = None
    description: str | None = None
    periods: list[str] = []


class Parent(Ref):
    level: str | None = None
    siblings: list[Ref] = []


class Latest(BaseModel):
    period: str
    value: float | None = None


class TracedIndicator(Ref):
    unit: str | None = None
    target: Target | None = None
    observations: list[Observation] = []
    latest: Latest | None = None
    on_track: bool | None = None


class TracedAssessment(BaseModel):
    id: str
    period: str | None = None
    status: str | None = None
    rationale: str | None = None
    evidence: str | None = None
    document: str | None = None
    document_title: str | None = None
    first_line: int | None = None
    last_line: int | None = None


class Citation(BaseModel):
    reference: str
    raw: str | None = None
    body: str | None = None
    date: str | None = None
    paragraph: int | None = None
    dnr: str | None = None
    subject: str | None = None
    decision: str | None = None
    document: str | None = None
    first_line: int | None = None
    last_line: int | None = None


class Version(Ref):
    relation: str
    period: str | None = None
    document: str | None = None


class Source(BaseModel):
    document: str
    document_title: str | None = None
    first_line: int | None = None
    last_line: int | None = None


class GoalTrace(BaseModel):
    goal: GoalSummary
    parents: list[Parent]
    indicators: list[TracedIndicator]
    assessments: list[TracedAssessment]
    decisions: list[Citation]
    versions: list[Version]
    sources: list[Source]


class DecisionCitation(BaseModel):
    document: str
    document_title: str | None = None
    raw: str | None = None
    subject: str | None = None
    goal: str | None = None
    first_line: int | None = None
    last_line: int | None = None


class DecisionTrace(Ref):
    body: str | None = None
    body_label: str | None = None
    date: str | None = None
    paragraph: int | None = None
    dnr: str | None = None
    goals: list[Ref] = []
    citations: list[DecisionCitation] = []


class IndicatorTrace(TracedIndicator):
    goal: str | None = None
    owner: str | None = None


def _resolve(store: GraphBackend, kind: str, key: str, base: str | None = None) -> str:
    iri = find_entity(store, kind, key, base=base)
    if iri is None:
        raise ProblemError(404, f"no {kind} {key!r}")
    return iri


def _found(trace: dict[str, Any] | None, kind: str, key: str) -> dict[str, Any]:
    if trace is None:
        raise ProblemError(404, f"no {kind} {key!r}")
    return trace


@router.get("/goals/{goal_id:path}/trace", summary="Everything around one goal", response_model=GoalTrace)
def trace_goal(
    store: Store,
    settings: Annotated[Settings, Depends(get_settings)],
    goal_id: str,
    year: Annotated[str | None, Query(pattern=r"^\d{4}$", description="Trace as of this year")] = None,
) -> dict[str, Any]:
    iri = _resolve(store, "goal", goal_id, settings.base_iri)
    return _found(goal_trace(store, iri, year=year), "goal", goal_id)


@router.get(
    "/decisions/{decision_id:path}/trace", summary="A decision and who cites it", response_model=DecisionTrace
)
def trace_decision(store: Store, decision_id: str) -> dict[str, Any]:
    return _found(decision_trace(store, _resolve(store, "decision", decision_id)), "decision", decision_id)


@router.get(
    "/indicators/{indicator_id:path}/trace",
    summary="An indicator's series and target",
    response_model=IndicatorTrace,
)
def trace_indicator(store: Store, indicator_id: str) -> dict[str, Any]:
    return _found(
        indicator_trace(store, _resolve(store, "indicator", indicator_id)), "indicator", indicator_id
    )
