"""Validation: SHACL shapes over the instance data, and a reasoner over the ontology."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import rdflib

from graph.backend import GraphBackend
from ontology import ONTOLOGY_IRI, ontology_text, shapes_text

__all__ = ["ValidationReport", "check_consistency", "shapes_graph", "validate_graph"]


@dataclass(frozen=True, slots=True)
class ValidationReport:
    conforms: bool
    violations: int
    text: str


def shapes_graph() -> rdflib.Graph:
    """The SHACL shapes for Styrgraf's instance data."""
    return rdflib.Graph().parse(data=shapes_text(), format="turtle")


def union_graph(store: GraphBackend) -> rdflib.Graph:
    """The union of all document graphs as an rdflib graph (for validators)."""
    import io

    buffer = io.BytesIO()
    store.dump(buffer, "ntriples")
    return rdflib.Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")


def validate_graph(store: GraphBackend) -> ValidationReport:
    """Validate the union of the store's graphs, with the ontology as background, against the shapes."""
    import pyshacl

    ontology = rdflib.Graph().parse(data=ontology_text(), format="turtle")
    conforms, report, text = pyshacl.validate(
        union_graph(store),
        shacl_graph=shapes_graph(),
        ont_graph=ontology,
        inference="rdfs",
        advanced=True,
        allow_warnings=True,
    )
    violations = sum(
        1
        for _ in report.subjects(
            rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult")
        )
    )
    return ValidationReport(conforms=bool(conforms), violations=violations, text=str(text))


def check_consistency() -> tuple[bool, str]:
    """Load the ontology with owlready2 and run HermiT; (consistent, detail).

    :raises StyrgrafError: Java is not installed, so no reasoner can run.
    """
    import io

    import owlready2

    from styrgraf.errors import StyrgrafError

    if shutil.which("java") is None:
        raise StyrgrafError(
            "the HermiT reasoner needs Java (install a JRE, e.g. Debian's default-jre-headless)"
        )
    triples = (
        rdflib.Graph().parse(data=ontology_text(), format="turtle").serialize(format="nt", encoding="utf-8")
    )
    world = owlready2.World()
    onto = world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(triples), format="ntriples")
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        return False, f"HermiT: {exc}"
    unsatisfiable = list(world.inconsistent_classes())
    if unsatisfiable:
        return False, "unsatisfiable classes: " + ", ".join(str(c) for c in unsatisfiable)
    return True, f"HermiT: {len(list(onto.classes()))} classes, no unsatisfiable class"
