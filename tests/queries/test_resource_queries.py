"""Golden tests of the linked-data queries (``resource_*``, ``graph_*``) on the seed store.

The description of the nämndmål "Giftfri miljö" holds what the 2020 verksamhetsberättelse prints
about it, the assessment pointing at it and the labels of what it links to; a document graph's
content is exactly that graph; ingest times come from the ingest reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.store import GraphStore
from queries import run_named_query, select_rows
from tests.queries.test_named_queries import BASE, DOC_2020, GIFTFRI, KS, ingested_seed_store

SG = "https://w3id.org/styrgraf/ontology#"
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
PROV_TIME = ox.NamedNode("http://www.w3.org/ns/prov#generatedAtTime")
GRAPH_2020 = f"{BASE}graph/000_bbff43da3c846827"
LABELS = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
}
ASSESSMENT_2020 = f"{BASE}id/assessment/000_bbff43da3c846827/giftfri-miljo/2020"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[GraphStore]:
    yield GraphStore.open(ingested_seed_store(tmp_path_factory, seeds_dir), read_only=True)


def triples(store: GraphStore, name: str, **params: str) -> set[ox.Triple]:
    return set(run_named_query(store, name, params))


def report_times(store: GraphStore) -> dict[str, datetime]:
    """Each document graph's ingest time, read straight from the store."""
    return {
        str(q.graph_name.value): datetime.fromisoformat(q.object.value)  # type: ignore[union-attr]
        for q in store.oxigraph.quads_for_pattern(None, PROV_TIME, None)
    }


def test_resource_exists_for_subjects_and_objects_only(store: GraphStore) -> None:
    assert bool(run_named_query(store, "resource_exists", {"resource": GIFTFRI}))
    assert bool(run_named_query(store, "resource_exists", {"resource": f"{SG}status-not-fulfilled"}))
    assert not bool(run_named_query(store, "resource_exists", {"resource": f"{BASE}id/goal/no-such-goal"}))
    assert not bool(run_named_query(store, "resource_exists", {"resource": GRAPH_2020}))


def test_resource_description_has_own_triples_links_in_and_labels(store: GraphStore) -> None:
    goal, ks = ox.NamedNode(GIFTFRI), ox.NamedNode(KS)
    found = triples(store, "resource_description", resource=GIFTFRI)
    assert ox.Triple(goal, SKOS_PREF, ox.Literal("Giftfri miljö", language="sv")) in found
    assert ox.Triple(goal, ox.NamedNode(f"{SG}owner"), ks) in found
    assert ox.Triple(ox.NamedNode(ASSESSMENT_2020), ox.NamedNode(f"{SG}assessedGoal"), goal) in found
    assert ox.Triple(ks, SKOS_PREF, ox.Literal("Kommunstyrelsen", language="sv")) in found
    own = {t for t in found if t.subject == goal}
    assert own == {q.triple for q in store.oxigraph.quads_for_pattern(goal, None, None)}
    linked = {t.object for t in own} | {t.subject for t in found if t.object == goal}
    labels = {t for t in found if goal not in (t.subject, t.object)}
    assert labels and {t.predicate.value for t in labels} <= LABELS and {t.subject for t in labels} <= linked


def test_resource_description_of_a_hub_lists_every_link_in(store: GraphStore) -> None:
    owner, ks = ox.NamedNode(f"{SG}owner"), ox.NamedNode(KS)
    owned = {q.subject for q in store.oxigraph.quads_for_pattern(None, owner, ks)}
    found = triples(store, "resource_description", resource=KS)
    assert {t.subject for t in found if t.object == ks and t.predicate == owner} == owned
    assert len(owned) > 100


def test_resource_modified_is_the_newest_ingest_of_the_graphs_drawn_on(store: GraphStore) -> None:
    times = report_times(store)
    (row,) = select_rows(store, "resource_modified", {"resource": GIFTFRI})
    assert datetime.fromisoformat(row["modified"]) == max(times.values())
    (row,) = select_rows(
        store, "resource_modified", {"resource": f"{BASE}id/document/000_bbff43da3c846827/lines/462-467"}
    )
    assert datetime.fromisoformat(row["modified"]) >= times[GRAPH_2020]


def test_graph_queries_answer_one_document_graph(store: GraphStore) -> None:
    assert bool(run_named_query(store, "graph_exists", {"graph": GRAPH_2020}))
    assert not bool(run_named_query(store, "graph_exists", {"graph": f"{BASE}graph/no-such-document"}))
    content = triples(store, "graph_content", graph=GRAPH_2020)
    assert len(content) == store.graph_size(ox.NamedNode(GRAPH_2020))
    report = ox.NamedNode(f"{BASE}id/ingest/000_bbff43da3c846827")
    assert ox.Triple(report, ox.NamedNode(f"{SG}reportOf"), ox.NamedNode(DOC_2020)) in content
    (row,) = select_rows(store, "graph_modified", {"graph": GRAPH_2020})
    assert datetime.fromisoformat(row["modified"]) == report_times(store)[GRAPH_2020]
