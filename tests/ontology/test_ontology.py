"""The ontology: documented in Swedish and English, OWL 2 DL, consistent under HermiT; shapes well formed."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import owlready2
import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from ontology import NAMESPACE, ONTOLOGY_IRI, ontology_path, ontology_text, shapes_path, shapes_text

SG = rdflib.Namespace(NAMESPACE)
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(data=ontology_text(), format="turtle")


def test_files_are_package_data() -> None:
    assert ontology_path().name == "styrgraf.ttl" and ontology_path().is_file()
    assert shapes_path().name == "shapes.ttl" and shapes_path().is_file()


def test_header_names_version_licence_and_creator(onto: rdflib.Graph) -> None:
    header = rdflib.URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionInfo) is not None
    assert onto.value(header, DCTERMS.license) is not None
    assert onto.value(header, DCTERMS.creator) == rdflib.Literal("Styrgraf")


def test_every_term_has_swedish_and_english_labels_and_a_definition(onto: rdflib.Graph) -> None:
    terms = {s for s in onto.subjects() if isinstance(s, rdflib.URIRef) and str(s).startswith(NAMESPACE)}
    assert len(terms) > 100
    missing = []
    for term in sorted(terms):
        languages = {
            label.language for label in onto.objects(term, RDFS.label) if isinstance(label, rdflib.Literal)
        }
        described = (term, SKOS.definition, None) in onto or (term, RDFS.comment, None) in onto
        if not {"sv", "en"} <= languages or not described:
            missing.append(term)
    assert missing == []


def test_reuses_standard_vocabularies(onto: rdflib.Graph) -> None:
    org = rdflib.URIRef("http://www.w3.org/ns/org#Organization")
    assert (SG.Board, RDFS.subClassOf, org) in onto
    assert (
        SG.Decision,
        RDFS.subClassOf,
        rdflib.URIRef("http://data.europa.eu/eli/ontology#LegalResource"),
    ) in onto
    assert (SG.Goal, RDFS.subClassOf, SKOS.Concept) in onto
    assert (SG.contributesTo, RDFS.subPropertyOf, SKOS.broader) in onto


def test_status_and_document_types_are_skos_schemes(onto: rdflib.Graph) -> None:
    statuses = set(onto.subjects(SKOS.inScheme, SG.AssessmentStatusScheme))
    labels = [label for s in statuses for label in onto.objects(s, SKOS.prefLabel)]
    swedish = {str(label) for label in labels if isinstance(label, rdflib.Literal) and label.language == "sv"}
    assert swedish == {"uppfyllt", "delvis uppfyllt", "ej uppfyllt", "kan ej bedömas"}
    doc_types = set(onto.subjects(SKOS.inScheme, SG.DocumentTypeScheme))
    assert {
        SG["doctype-verksamhetsberattelse"],
        SG["doctype-mbl-protokoll"],
        SG["doctype-bilaga"],
    } <= doc_types


def test_external_terms_used_are_declared_for_owl2_dl(onto: rdflib.Graph) -> None:
    """Every term a sg: term refers to (superclass, superproperty, domain, range) has an OWL declaration."""
    used: set[rdflib.URIRef] = set()
    for predicate in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
        used |= {o for o in onto.objects(None, predicate) if isinstance(o, rdflib.URIRef)}
    used = {t for t in used if not str(t).startswith(str(rdflib.XSD))}
    undeclared = {t for t in used if not any((t, RDF.type, d) in onto for d in DECLARATIONS)}
    assert undeclared == set()
    builtin = (str(RDF), str(RDFS), str(OWL))
    for prop in {p for _, p, _ in onto if not str(p).startswith(builtin)}:
        assert any((prop, RDF.type, d) in onto for d in DECLARATIONS), prop


def test_java_is_there_for_the_reasoner() -> None:
    """HermiT runs on Java; without it the consistency checks below cannot run, which is a failure."""
    assert shutil.which("java"), "install a Java runtime (Debian: default-jre-headless) for HermiT"


@pytest.mark.slow
def test_loads_in_owlready2_and_is_consistent_under_hermit(onto: rdflib.Graph) -> None:
    world = owlready2.World()
    data = onto.serialize(format="nt", encoding="utf-8")
    ontology = world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(data), format="ntriples")
    assert ontology.Goal is not None and ontology.BoardGoal in set(ontology.Goal.subclasses())
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []


@pytest.mark.slow
def test_hermit_detects_an_inconsistency_when_there_is_one(onto: rdflib.Graph) -> None:
    """The reasoner check is not vacuous: two distinct values of a functional property are caught."""
    broken = rdflib.Graph()
    for triple in onto:
        broken.add(triple)
    goal = rdflib.URIRef("http://example.org/goal")
    broken.add((goal, RDF.type, SG.Goal))
    broken.add((goal, SG.goalLevel, SG["level-area"]))
    broken.add((goal, SG.goalLevel, SG["level-board"]))
    broken.add((SG["level-area"], OWL.differentFrom, SG["level-board"]))
    world = owlready2.World()
    data = broken.serialize(format="nt", encoding="utf-8")
    ontology = world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(data), format="ntriples")
    with ontology, pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


def test_shapes_are_valid_shacl_and_refer_to_defined_terms(onto: rdflib.Graph) -> None:
    shapes = rdflib.Graph().parse(data=shapes_text(), format="turtle")
    conforms, _, report = validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, report
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) >= 15
    referenced = {t for triple in shapes for t in triple if isinstance(t, rdflib.URIRef)}
    ours = {t for t in referenced if str(t).startswith(NAMESPACE)}
    defined = set(onto.subjects())
    assert ours - defined == set()


def test_docs_list_every_class_and_property(onto: rdflib.Graph) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "ontology.md").read_text(encoding="utf-8")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for kind in kinds for s in onto.subjects(RDF.type, kind) if str(s).startswith(NAMESPACE)}
    undocumented = sorted(str(t) for t in terms if f"`sg:{str(t)[len(NAMESPACE) :]}`" not in docs)
    assert undocumented == []
