"""The SPARQL endpoint against a real uvicorn server, with real SPARQL clients."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

from graph.store import GraphStore
from tests.live import serving

pytestmark = pytest.mark.live

PROTOCOL_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "w3c-sparql11-protocol"
EX = "http://kasei.us/2009/09/sparql/data/"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over the W3C protocol test data, data1.nt … data3.nt in their own graphs."""
    path = tmp_path_factory.mktemp("protocol") / "store"
    store = GraphStore.open(path)
    for name in ("data1.nt", "data2.nt", "data3.nt"):
        store.load((PROTOCOL_DATA / name).read_bytes(), "ntriples", graph=ox.NamedNode(EX + name))
    store.flush()
    del store
    with serving(path) as base:
        yield f"{base}/sparql"


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_select_in_every_result_format_through_sparqlwrapper(endpoint: str, fmt: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery("SELECT ?s WHERE { ?s a ?type } ORDER BY ?s")
    client.setReturnFormat(fmt)
    result = client.query()
    body = result.convert()
    if fmt == JSON:
        subjects = [b["s"]["value"] for b in body["results"]["bindings"]]
    elif fmt == XML:
        subjects = [n.firstChild.firstChild.data for n in body.getElementsByTagName("binding")]
    else:
        text = body.decode("utf-8")
        rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == CSV else "\t"))
        subjects = [row[0].strip("<>") for row in rows[1:]]
    assert subjects and subjects == sorted(subjects)
    assert all(s.startswith("http://") for s in subjects)


def test_ask_through_sparqlwrapper(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_union_default_graph_and_dataset_selection(endpoint: str) -> None:
    def count(**params: str) -> int:
        response = httpx.get(
            endpoint, params={"query": COUNT, **params}, headers={"Accept": "application/sparql-results+json"}
        )
        assert response.status_code == 200, response.text
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    total = count()
    only_one = count(**{"default-graph-uri": EX + "data1.nt"})
    assert 0 < only_one < total


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_in_each_rdf_format(endpoint: str, accept: str, rdflib_format: str) -> None:
    response = httpx.post(
        endpoint,
        content="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == count_triples(endpoint)


def count_triples(endpoint: str) -> int:
    response = httpx.post(
        endpoint, data={"query": COUNT}, headers={"Accept": "application/sparql-results+json"}
    )
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_direct_agree(endpoint: str) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_get = httpx.get(endpoint, params={"query": COUNT}, headers=accept).json()
    by_form = httpx.post(endpoint, data={"query": COUNT}, headers=accept).json()
    by_direct = httpx.post(
        endpoint, content=COUNT, headers={**accept, "Content-Type": "application/sparql-query"}
    ).json()
    assert by_get == by_form == by_direct


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    rows = list(graph.query("SELECT ?s ?type WHERE { ?s a ?type } ORDER BY ?s"))
    assert [str(s) for s, _ in rows] == [f"{EX}data{i}.rdf" for i in (1, 2, 3)]
    assert {t for _, t in rows} == {rdflib.FOAF.Document}


def test_syntax_error_is_400_with_the_parsers_message_and_position(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("SPARQL syntax error: error at 1:")


def test_unacceptable_format_is_406_and_unknown_content_type_415(endpoint: str) -> None:
    assert httpx.get(endpoint, params={"query": COUNT}, headers={"Accept": "image/png"}).status_code == 406
    response = httpx.post(endpoint, content=COUNT, headers={"Content-Type": "text/html"})
    assert response.status_code == 415


def test_update_is_refused_when_not_configured(endpoint: str) -> None:
    response = httpx.post(endpoint, content="DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 403
    assert count_triples(endpoint) > 0


def test_without_a_query_the_service_description(endpoint: str) -> None:
    response = httpx.get(endpoint, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (rdflib.URIRef(endpoint), rdflib.RDF.type, sd.Service) in graph
    assert (rdflib.URIRef(endpoint), sd.feature, sd.UnionDefaultGraph) in graph


def test_health_counts_documents(endpoint: str) -> None:
    health = httpx.get(endpoint.replace("/sparql", "/health")).json()
    assert health == {"status": "ok", "documents": 3}


def test_query_over_the_time_limit_is_stopped_with_503(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = GraphStore.open(path)
    g = ox.NamedNode("http://example.org/g")
    store.replace_graphs(
        {
            g: [
                ox.Quad(
                    ox.NamedNode(f"http://example.org/n{i}"),
                    ox.NamedNode("http://example.org/p"),
                    ox.Literal(str(i)),
                    g,
                )
                for i in range(300)
            ]
        }
    )
    store.flush()
    del store
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h }"
    with serving(path, STYRGRAF_QUERY_TIMEOUT="0.5") as base:
        response = httpx.get(f"{base}/sparql", params={"query": runaway}, timeout=30)
        assert response.status_code == 503
        assert "ran longer than the 0.5 s limit" in response.text
        assert response.headers["retry-after"] == "5"
        assert json.loads(httpx.get(f"{base}/health").text)["status"] == "ok"
