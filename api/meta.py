"""Meta routes: health and readiness."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from api.deps import get_store
from graph.backend import GraphBackend

__all__ = ["router"]

router = APIRouter(tags=["meta"])


@router.get("/health", summary="Liveness and the number of documents the store holds")
def health(store: Annotated[GraphBackend, Depends(get_store)]) -> dict[str, Any]:
    # no triple count: it scans the whole store (2.9 s at ten million triples); the VoID
    # description (/.well-known/void) gives it
    return {"status": "ok", "documents": len(store.named_graphs())}
