"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import (
    admin,
    browse,
    catalogue,
    collections,
    ingest,
    meta,
    named_queries,
    pages,
    resources,
    sparql,
    traces,
)
from api.problems import install_problem_handlers
from api.query_service import QueryService
from api.ratelimit import RateLimitMiddleware
from api.response_cache import ResponseCache, ResponseCacheMiddleware
from api.security import SecurityMiddleware
from graph.backend import GraphBackend, open_store
from styrgraf.settings import Settings

__all__ = ["create_app"]


def create_app(settings: Settings, store: GraphBackend | None = None) -> FastAPI:
    """The Styrgraf web application over ``store`` (opened from the settings when not given)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.queries.start()
        yield
        app.state.queries.close()

    app = FastAPI(
        title="Styrgraf",
        summary="A municipality's goals, indicators, assessments and decisions as linked data",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store if store is not None else open_store(settings)
    app.state.queries = QueryService(settings, app.state.store)
    capacity = settings.response_cache_bytes
    app.state.responses = ResponseCache(capacity) if capacity > 0 else None
    app.include_router(meta.router)
    app.include_router(sparql.router)
    install_problem_handlers(app)
    app.include_router(traces.router)
    app.include_router(collections.router)
    app.include_router(named_queries.router)
    app.include_router(admin.router)
    app.include_router(ingest.router)
    app.include_router(pages.router)
    app.include_router(browse.router)
    app.include_router(catalogue.router)
    app.include_router(resources.router)
    app.add_middleware(
        ResponseCacheMiddleware,
        generation=lambda: app.state.store.generation,
        cache=app.state.responses,
    )
    app.add_middleware(RateLimitMiddleware, rate=settings.rate_limit, burst=settings.rate_burst)
    app.add_middleware(SecurityMiddleware)  # outermost: every answer, a 429 too, gets the headers
    return app
