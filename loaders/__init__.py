"""Loaders: governance documents in, plain facts out (no RDF, no I/O beyond reading a file)."""

from loaders.facts import DocumentFacts, Span
from loaders.pipeline import extract_facts, read_document

__all__ = ["DocumentFacts", "Span", "extract_facts", "read_document"]
