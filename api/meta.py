"""Meta routes: health and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.deps import get_store

__all__ = ["router"]

router = APIRouter(tags=["meta"])


@router.get("/health", summary="Liveness and what the store holds")
def health(request: Request) -> dict[str, Any]:
    # counting the triples scans the whole store (seconds at ten million): once per store generation
    store = get_store(request)
    generation = store.generation
    counted: tuple[int, int, int] | None = getattr(request.app.state, "health_counts", None)
    if counted is None or counted[0] != generation:
        counted = (generation, len(store.named_graphs()), len(store))
        request.app.state.health_counts = counted
    return {"status": "ok", "documents": counted[1], "triples": counted[2]}
