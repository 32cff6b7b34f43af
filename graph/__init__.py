"""Graph: IRIs, entity resolution, facts → triples, the Oxigraph store, ingest and validation."""

from graph.store import FORMATS, GraphStore

__all__ = ["FORMATS", "GraphStore"]
