"""Golden tests of the named queries behind the dataset description and the sitemap, on the seed store.

Each expectation is worked out independently from the store's triples in Python.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from graph.store import GraphStore
from tests.queries.test_named_queries import BASE, DOC_2020, GIFTFRI, KS, PLATFORM_DECISION, rows, store

__all__ = ["store"]

SG = "https://w3id.org/styrgraf/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
KINDS = {
    "goal": f"{SG}Goal",
    "indicator": f"{SG}Indicator",
    "decision": f"{SG}Decision",
    "organisation": "http://www.w3.org/ns/org#Organization",
    "document": f"{SG}Document",
}


@pytest.fixture(scope="module")
def triples(store: GraphStore) -> list[ox.Triple]:
    return list(store.union_triples())


def test_void_properties_count_distinct_triples_per_property(
    store: GraphStore, triples: list[ox.Triple]
) -> None:
    expected = Counter(t.predicate.value for t in triples)
    found = {r["property"]: r["triples"] for r in rows(store, "void_properties")}
    assert found == dict(expected)
    assert found["http://www.w3.org/2004/02/skos/core#prefLabel"] > 100


def test_void_entities_count_subjects_under_the_uri_space(
    store: GraphStore, triples: list[ox.Triple]
) -> None:
    expected = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    expected = {s for s in expected if s.startswith(f"{BASE}id/")}
    assert rows(store, "void_entities", uriSpace=f"{BASE}id/") == [{"entities": len(expected)}]
    assert rows(store, "void_entities", uriSpace="http://elsewhere.example/id/") == []  # no group, no row


def test_void_examples_give_the_first_entity_of_each_kind(
    store: GraphStore, triples: list[ox.Triple]
) -> None:
    typed: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate == RDF_TYPE and isinstance(t.subject, ox.NamedNode):
            typed.setdefault(t.object.value, set()).add(t.subject.value)
    found = {r["kind"]: r["example"] for r in rows(store, "void_examples", uriSpace=f"{BASE}id/")}
    assert found == {kind: min(typed[cls]) for kind, cls in KINDS.items()}


def test_sitemap_entities_are_the_pages_of_the_main_kinds(
    store: GraphStore, triples: list[ox.Triple]
) -> None:
    found = [r["entity"] for r in rows(store, "sitemap_entities", uriSpace=f"{BASE}id/")]
    expected = {
        t.subject.value
        for t in triples
        if t.predicate == RDF_TYPE
        and t.object.value in KINDS.values()
        and isinstance(t.subject, ox.NamedNode)
    }
    assert found == sorted(expected)
    assert {GIFTFRI, KS, PLATFORM_DECISION, DOC_2020} <= set(found)


def test_void_modified_gives_each_graphs_ingest_time(store: GraphStore) -> None:
    found = {r["graph"]: r["modified"] for r in rows(store, "void_modified")}
    assert sorted(found) == [g.value for g in store.named_graphs()]
    for graph, modified in found.items():
        assert rows(store, "graph_modified", graph=graph) == [{"modified": modified}]
