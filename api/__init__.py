"""The web front: SPARQL 1.1 Protocol endpoint, JSON API and linked-data pages."""

from api.app import create_app

__all__ = ["create_app"]
