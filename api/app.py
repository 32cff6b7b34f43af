"""The FastAPI application factory."""

from __future__ import annotations

from fastapi import FastAPI

from api import collections, meta, named_queries, pages, sparql, traces
from api.problems import install_problem_handlers
from graph.store import GraphStore
from styrgraf.settings import Settings

__all__ = ["create_app"]


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    """The Styrgraf web application over ``store`` (opened from ``settings.store`` when not given)."""
    app = FastAPI(
        title="Styrgraf",
        summary="A municipality's goals, indicators, assessments and decisions as linked data",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.store = store if store is not None else GraphStore.open(settings.store)
    app.include_router(meta.router)
    app.include_router(sparql.router)
    install_problem_handlers(app)
    app.include_router(traces.router)
    app.include_router(collections.router)
    app.include_router(named_queries.router)
    app.include_router(pages.router)
    return app
