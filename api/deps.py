"""Typed dependencies the routers share: the store and the settings, set by ``create_app``."""

from __future__ import annotations

from typing import cast

from fastapi import Request

from api.query_service import QueryService
from graph.backend import GraphBackend
from styrgraf.settings import Settings

__all__ = ["get_query_service", "get_settings", "get_store"]


def get_store(request: Request) -> GraphBackend:
    """The application's store."""
    return cast(GraphBackend, request.app.state.store)


def get_settings(request: Request) -> Settings:
    """The application's settings."""
    return cast(Settings, request.app.state.settings)


def get_query_service(request: Request) -> QueryService:
    """The application's query service (workers, concurrency bound, result cache)."""
    return cast(QueryService, request.app.state.queries)
