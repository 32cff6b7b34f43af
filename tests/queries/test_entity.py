"""Golden tests of the page queries (``resource_*``, ``document_*``) and their folding in
``queries.entity``, on the seed store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore
from queries import select_rows
from queries.entity import describe_entity, document_contents, document_graphs
from tests.queries.test_named_queries import BASE, DOC_2020, GIFTFRI, KS, ingested_seed_store, seed_line

CLIMATE = f"{BASE}id/goal/kommunfullmaktige/ett-klimatsmart-linkoping"
GRAPH_2020 = f"{BASE}graph/000_bbff43da3c846827"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[GraphStore]:
    yield GraphStore.open(ingested_seed_store(tmp_path_factory, seeds_dir), read_only=True)


def test_resource_properties_name_the_graph_of_each_statement(store: GraphStore) -> None:
    found = select_rows(store, "resource_properties", {"resource": GIFTFRI})
    broader = {
        (r["value"], r.get("valueLabel"), r["graph"]) for r in found if r["property"].endswith("#broader")
    }
    assert (CLIMATE, "Ett klimatsmart Linköping", GRAPH_2020) in broader


def test_resource_incoming_gives_indicators_and_assessments_but_no_passages(store: GraphStore) -> None:
    found = select_rows(store, "resource_incoming", {"resource": GIFTFRI})
    measures = {r.get("subjectLabel") for r in found if r["property"].endswith("#measures")}
    assert "Antal inköpta plastbägare (ej förnybar eller återvunnen råvara)." in measures
    assert f"{BASE}id/assessment/000_bbff43da3c846827/giftfri-miljo/2020" in {r["subject"] for r in found}
    assert not [r for r in found if "/lines/" in r["subject"]]


def test_resource_sources_point_at_the_printed_title(store: GraphStore) -> None:
    found = select_rows(store, "resource_sources", {"resource": GIFTFRI})
    of_2020 = [r for r in found if r["document"] == DOC_2020]
    assert of_2020 and of_2020[0]["documentTitle"] == "Verksamhetsberättelse 2020"
    assert seed_line(DOC_2020, of_2020[0]["firstLine"]).startswith("Giffri miljö")  # as printed


def test_document_graphs_map_each_graph_to_its_document(store: GraphStore) -> None:
    graphs = document_graphs(store)
    assert len(graphs) == 5
    assert graphs[GRAPH_2020] == {"id": DOC_2020, "label": "Verksamhetsberättelse 2020"}


def test_document_facts_list_what_was_read_with_lines(store: GraphStore) -> None:
    found = select_rows(store, "document_facts", {"document": DOC_2020})
    giftfri = [r for r in found if r["entity"] == GIFTFRI]
    assert giftfri and seed_line(DOC_2020, giftfri[0]["firstLine"]).startswith("Giffri miljö")
    contents = document_contents(store, DOC_2020)
    assert [c["first_line"] for c in contents] == sorted(c["first_line"] for c in contents)
    entry = next(c for c in contents if c["id"] == GIFTFRI)
    assert entry["label"] == "Giftfri miljö"
    assert "https://w3id.org/styrgraf/ontology#BoardGoal" in entry["types"]


def test_describe_entity_folds_statements_documents_and_links(store: GraphStore) -> None:
    entity = describe_entity(store, GIFTFRI)
    assert entity is not None and entity["label"] == "Giftfri miljö"
    assert "https://w3id.org/styrgraf/ontology#BoardGoal" in entity["types"]
    assert entity["properties"][0]["property"].endswith("#type")
    owner = next(p for p in entity["properties"] if p["property"].endswith("ontology#owner"))
    [value] = owner["values"]
    assert (value["kind"], value["value"], value["label"]) == ("iri", KS, "Kommunstyrelsen")
    assert {"id": DOC_2020, "label": "Verksamhetsberättelse 2020"} in value["documents"]
    incoming = {p["property"].rsplit("#", 1)[-1] for p in entity["incoming"]}
    assert {"measures", "assessedGoal"} <= incoming
    assert {s["document"] for s in entity["sources"]} >= {DOC_2020}


def test_describe_entity_of_an_unknown_iri_is_none(store: GraphStore) -> None:
    assert describe_entity(store, f"{BASE}id/goal/kommunstyrelsen/finns-inte") is None
