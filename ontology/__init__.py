"""The Styrgraf vocabulary: the OWL ontology and the SHACL shapes, as package data.

Both files are Turtle and found with :mod:`importlib.resources`, never via the working directory.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

__all__ = [
    "NAMESPACE",
    "ONTOLOGY_IRI",
    "ontology_path",
    "ontology_text",
    "shapes_path",
    "shapes_text",
]

NAMESPACE = "https://w3id.org/styrgraf/ontology#"
"""Namespace of the ``sg:`` terms."""
ONTOLOGY_IRI = "https://w3id.org/styrgraf/ontology"


def ontology_path() -> Traversable:
    """The OWL ontology (``styrgraf.ttl``)."""
    return files(__name__) / "styrgraf.ttl"


def shapes_path() -> Traversable:
    """The SHACL shapes for instance data (``shapes.ttl``)."""
    return files(__name__) / "shapes.ttl"


def ontology_text() -> str:
    """The OWL ontology as Turtle text."""
    return ontology_path().read_text(encoding="utf-8")


def shapes_text() -> str:
    """The SHACL shapes as Turtle text."""
    return shapes_path().read_text(encoding="utf-8")
