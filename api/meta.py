"""Meta routes: health and readiness."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from api.deps import get_store
from graph.backend import GraphBackend

__all__ = ["router"]

router = APIRouter(tags=["meta"])


@router.get("/health", summary="Liveness and what the store holds")
def health(store: Annotated[GraphBackend, Depends(get_store)]) -> dict[str, Any]:
    graphs = store.named_graphs()
    return {"status": "ok", "documents": len(graphs), "triples": len(store)}
