"""Typed dependencies the routers share: the store and the settings, set by ``create_app``."""

from __future__ import annotations

from typing import cast

from fastapi import Request

from graph.store import GraphStore
from styrgraf.settings import Settings

__all__ = ["get_settings", "get_store"]


def get_store(request: Request) -> GraphStore:
    """The application's store."""
    return cast(GraphStore, request.app.state.store)


def get_settings(request: Request) -> Settings:
    """The application's settings."""
    return cast(Settings, request.app.state.settings)
