"""The ontology as published at its namespace: Turtle, other RDF formats, and documentation for people.

The documentation page is generated from ``ontology/styrgraf.ttl`` with pyLODE (its ``OntPub``
profile): classes, properties, their labels in Swedish and English, domains, ranges and
definitions, with the CSS inlined and no script or style loaded from elsewhere. pyLODE runs
offline; generating takes a few seconds, so the page is made once per process and kept.

pyLODE configures the root logger when it is imported (``logging.basicConfig(level=DEBUG)``) and
leaves a file open while it reads its stylesheet; both are contained here — a handler on the root
logger while pyLODE runs makes its ``basicConfig`` do nothing, the root logger is put back as it was
afterwards, and that one ``ResourceWarning`` is ignored.
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from functools import cache

import pyoxigraph as ox
import rdflib

from graph.store import PREFIXES
from ontology import ONTOLOGY_IRI, ontology_text

__all__ = ["ONTOLOGY_IRI", "ontology_html", "ontology_rdf"]

_html_lock = threading.Lock()


@cache
def ontology_rdf(fmt: ox.RdfFormat) -> bytes:
    """The ontology serialised as ``fmt`` (Turtle is the file as written, comments included)."""
    text = ontology_text()
    if fmt == ox.RdfFormat.TURTLE:
        return text.encode("utf-8")
    output = io.BytesIO()
    triples = ox.parse(text.encode("utf-8"), ox.RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI)
    ox.serialize(triples, output, fmt, prefixes=PREFIXES)
    return output.getvalue()


def ontology_html() -> str:
    """The ontology's documentation page for people (made on first use, then kept)."""
    with _html_lock:
        return _ontology_html()


@cache
def _ontology_html() -> str:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quiet = logging.NullHandler()  # with a handler in place, pyLODE's basicConfig() does nothing
    root.addHandler(quiet)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            from pylode import OntPub

            graph = rdflib.Graph().parse(data=ontology_text(), format="turtle")
            return str(OntPub(ontology=graph).make_html())
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
