"""Collections for the JSON API: goals, indicators, decisions, organisations and documents.

Each ``list_*`` function runs its named query with the filters bound as typed parameters and
returns a :class:`Page` of plain dicts (``id`` and ``label`` always). Search text is folded with
:func:`fold` exactly as the queries fold labels, so "giftfri miljo" finds "Giftfri miljö".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.backend import GraphBackend
from queries.run import select_rows
from queries.series import fold_series

__all__ = [
    "Page",
    "fold",
    "list_decisions",
    "list_documents",
    "list_goals",
    "list_indicators",
    "list_organisations",
]

_FOLDS = (("[åäàáâ]", "a"), ("[öòóôø]", "o"), ("[éèêë]", "e"), ("[üùúû]", "u"))


def fold(text: str) -> str:
    """Lower case without the diacritics the queries strip: "Giftfri Miljö" → "giftfri miljo"."""
    folded = text.lower().strip()
    for pattern, plain in _FOLDS:
        folded = re.sub(pattern, plain, folded)
    return folded


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a collection: ``items[offset:offset+limit]`` of ``total``."""

    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]] = field(default_factory=list)


def _page(items: list[dict[str, Any]], limit: int, offset: int) -> Page:
    return Page(total=len(items), limit=limit, offset=offset, items=items[offset : offset + limit])


def _filters(**values: Any) -> dict[str, Any]:
    bound = {k: v for k, v in values.items() if v is not None and v != ""}
    if "q" in bound:
        bound["q"] = fold(str(bound["q"]))
    return bound


def list_goals(
    store: GraphBackend,
    *,
    q: str | None = None,
    level: str | None = None,
    organisation: str | None = None,
    year: str | None = None,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Goals with level, owner and parent.

    :raises QueryError: a filter has a value its parameter refuses (unknown level or status).
    """
    params = _filters(q=q, level=level, organisation=organisation, year=year, status=status)
    items = [
        {
            "id": r["goal"],
            "label": r.get("label"),
            "level": r.get("goalLevel"),
            "owner": r.get("owner"),
            "parent": r.get("parent"),
            "periods": sorted(set(str(r.get("periods", "")).split())),
        }
        for r in select_rows(store, "goals", params)
    ]
    return _page(items, limit, offset)


def list_indicators(
    store: GraphBackend,
    *,
    q: str | None = None,
    organisation: str | None = None,
    goal: str | None = None,
    year: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Indicators with goal, unit, target and every observation."""
    rows = select_rows(store, "indicators", _filters(q=q, organisation=organisation, goal=goal, year=year))
    page = _page(rows, limit, offset)
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if page.items:
        for row in select_rows(store, "indicator_series", {}):
            series[row["series"]].append(row)
    items = []
    for r in page.items:
        folded = fold_series(series.get(r["indicator"], []))
        items.append(
            {
                "id": r["indicator"],
                "label": r.get("label"),
                "goal": r.get("measures"),
                "owner": r.get("owner"),
                "unit": r.get("unit"),
                "target": folded["target"],
                "observations": folded["observations"],
            }
        )
    return Page(total=page.total, limit=limit, offset=offset, items=items)


def list_decisions(
    store: GraphBackend,
    *,
    q: str | None = None,
    organisation: str | None = None,
    year: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Decisions read from protocols or cited in reports."""
    items = [
        {
            "id": r["decision"],
            "label": r.get("label"),
            "body": r.get("body"),
            "body_label": r.get("bodyLabel"),
            "date": r.get("date"),
            "paragraph": r.get("paragraph"),
            "dnr": r.get("dnr"),
        }
        for r in select_rows(store, "decisions", _filters(q=q, organisation=organisation, year=year))
    ]
    return _page(items, limit, offset)


def list_organisations(
    store: GraphBackend, *, q: str | None = None, kind: str | None = None, limit: int = 50, offset: int = 0
) -> Page:
    """Organisations with kind and parent.

    :raises QueryError: unknown organisation kind.
    """
    items = [
        {
            "id": r["organisation"],
            "label": r.get("label"),
            "kind": r.get("orgKind"),
            "parent": r.get("parent"),
        }
        for r in select_rows(store, "organisations", _filters(q=q, kind=kind))
    ]
    return _page(items, limit, offset)


def list_documents(
    store: GraphBackend,
    *,
    q: str | None = None,
    year: int | None = None,
    organisation: str | None = None,
    type: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page:
    """Source documents with type, year and issuer."""
    params = _filters(q=q, year=year, organisation=organisation, type=type)
    items = [
        {
            "id": r["document"],
            "label": r.get("title") or r["document"].rsplit("/", 1)[-1],
            "type": r.get("documentType"),
            "year": r.get("documentYear"),
            "issuer": r.get("issuer"),
            "issuer_label": r.get("issuerLabel"),
        }
        for r in select_rows(store, "documents", params)
    ]
    return _page(items, limit, offset)
