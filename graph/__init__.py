"""Graph: IRIs, entity resolution, facts → triples, the Oxigraph store, ingest and validation."""

from graph.backend import GraphBackend, open_store
from graph.store import FORMATS, GraphStore

__all__ = ["FORMATS", "GraphBackend", "GraphStore", "open_store"]
