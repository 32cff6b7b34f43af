"""Dereferenceable IRIs on the seed store: every kind of entity in every RDF format, suffixes,
406/404, validators (ETag, Last-Modified) and conditional requests, HEAD, and one live server.

Most requests go to the real application in this process through httpx's ASGI transport (what
Starlette's TestClient wraps); the last test asks a real ``styrgraf serve`` over HTTP.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from fastapi import FastAPI
from rdflib import RDF, SKOS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from api import create_app
from graph.store import GraphStore
from styrgraf.settings import Settings
from tests.live import serving
from tests.queries.test_named_queries import (
    BASE,
    DOC_2020,
    GIFTFRI,
    KS,
    PLATFORM_DECISION,
    ingested_seed_store,
)

SG = rdflib.Namespace("https://w3id.org/styrgraf/ontology#")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
SDMX_MEASURE = rdflib.Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_DIMENSION = rdflib.Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
STEM = "000_bbff43da3c846827"
CUPS = f"{BASE}id/indicator/kommunstyrelsen/antal-inkopta-plastbagare-ej-fornybar-eller-atervunnen-ravara"
PERIOD_2020 = f"{BASE}id/period/2020"
ASSESSMENT = f"{BASE}id/assessment/{STEM}/giftfri-miljo/2020"
PASSAGE = f"{BASE}id/document/{STEM}/lines/462-467"
OBSERVATION = (
    f"{BASE}id/observation/{STEM}/antal-inkopta-plastbagare-ej-fornybar-eller-atervunnen-ravara/2020"
)
REFERENCE = f"{BASE}id/reference/{STEM}/165-1"
GRAPH = f"{BASE}graph/{STEM}"

FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
"""Media type → rdflib parser."""

G, K, U = URIRef(GIFTFRI), URIRef(KS), URIRef

EXPECTED: dict[str, tuple[str, list[tuple[URIRef, URIRef, URIRef | Literal]]]] = {
    "goal": (
        GIFTFRI,
        [
            (G, SKOS.prefLabel, Literal("Giftfri miljö", lang="sv")),
            (G, SG.owner, K),
            (K, SKOS.prefLabel, Literal("Kommunstyrelsen", lang="sv")),  # the label of a link
            (U(ASSESSMENT), SG.assessedGoal, G),  # a link in
        ],
    ),
    "indicator": (
        CUPS,
        [
            (
                U(CUPS),
                SKOS.prefLabel,
                Literal("Antal inköpta plastbägare (ej förnybar eller återvunnen råvara).", lang="sv"),
            ),
            (U(CUPS), SG.measures, G),
            (U(CUPS), SG.owner, K),
            (G, SKOS.prefLabel, Literal("Giftfri miljö", lang="sv")),
        ],
    ),
    "decision": (
        PLATFORM_DECISION,
        [
            (U(PLATFORM_DECISION), RDF.type, SG.Decision),
            (U(PLATFORM_DECISION), ELI.passed_by, K),
            (U(PLATFORM_DECISION), ELI.date_document, Literal("2020-01-14", datatype=XSD.date)),
            (U(PLATFORM_DECISION), rdflib.RDFS.label, Literal("KS 2020-01-14 § 3", lang="sv")),
        ],
    ),
    "organisation": (
        KS,
        [
            (K, RDF.type, SG.Board),
            (K, SKOS.prefLabel, Literal("Kommunstyrelsen", lang="sv")),
            (G, SG.owner, K),
            (G, SKOS.prefLabel, Literal("Giftfri miljö", lang="sv")),
        ],
    ),
    "document": (
        DOC_2020,
        [
            (U(DOC_2020), DCTERMS.title, Literal("Verksamhetsberättelse 2020", lang="sv")),
            (U(DOC_2020), DCTERMS.publisher, K),
            (U(ASSESSMENT), SG.assessedIn, U(DOC_2020)),
        ],
    ),
    "source passage": (
        PASSAGE,
        [
            (U(PASSAGE), RDF.type, SG.SourcePassage),
            (U(PASSAGE), SG.document, U(DOC_2020)),
            (U(PASSAGE), SG.firstLine, Literal("462", datatype=XSD.integer)),
            (U(PASSAGE), SG.lastLine, Literal("467", datatype=XSD.integer)),
            (U(ASSESSMENT), PROV.wasDerivedFrom, U(PASSAGE)),
            (U(DOC_2020), DCTERMS.title, Literal("Verksamhetsberättelse 2020", lang="sv")),
        ],
    ),
    "period": (
        PERIOD_2020,
        [
            (U(PERIOD_2020), SG.year, Literal("2020", datatype=XSD.gYear)),
            (U(OBSERVATION), SDMX_DIMENSION.refPeriod, U(PERIOD_2020)),
        ],
    ),
    "assessment": (
        ASSESSMENT,
        [
            (U(ASSESSMENT), SG.status, SG["status-not-fulfilled"]),
            (U(ASSESSMENT), SG.assessedGoal, G),
            (U(ASSESSMENT), SG.evidence, Literal("nämndmålet som inte uppnått")),
            (G, SKOS.prefLabel, Literal("Giftfri miljö", lang="sv")),
        ],
    ),
    "observation": (
        OBSERVATION,
        [
            (U(OBSERVATION), SDMX_MEASURE.obsValue, Literal("20656", datatype=XSD.decimal)),
            (U(OBSERVATION), SDMX_DIMENSION.refPeriod, U(PERIOD_2020)),
            (U(OBSERVATION), SG.indicator, U(CUPS)),
        ],
    ),
    "reference": (
        REFERENCE,
        [
            (U(REFERENCE), SG.rawValue, Literal("KF 2020-01-21 § 7")),
            (U(REFERENCE), SG.refersTo, U(f"{BASE}id/decision/kommunfullmaktige/2020-01-21/7")),
        ],
    ),
    "graph": (
        GRAPH,
        [
            (G, SKOS.prefLabel, Literal("Giftfri miljö", lang="sv")),
            (U(f"{BASE}id/ingest/{STEM}"), SG.reportOf, U(DOC_2020)),
        ],
    ),
}


class InProcess:
    """Requests to the application itself, through httpx's ASGI transport."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def request(self, method: str, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
                return await client.request(method, path, headers=headers)

        return asyncio.run(send())

    def get(self, path: str, **headers: str) -> httpx.Response:
        return self.request("GET", path, {k.replace("_", "-"): v for k, v in headers.items()})


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    return ingested_seed_store(tmp_path_factory, seeds_dir)


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[InProcess]:
    store = GraphStore.open(store_path, read_only=True)
    app = create_app(Settings(store=store_path), store=store)
    yield InProcess(app)
    app.state.queries.close()


def path_of(iri: str) -> str:
    return iri.removeprefix(BASE.rstrip("/"))


def parse(response: httpx.Response) -> rdflib.Graph:
    media_type = response.headers["content-type"].split(";")[0]
    return rdflib.Graph().parse(data=response.content, format=FORMATS[media_type])


@pytest.mark.parametrize("kind", EXPECTED)
def test_every_kind_answers_in_every_rdf_format_with_its_triples(client: InProcess, kind: str) -> None:
    iri, expected = EXPECTED[kind]
    graphs = []
    for media_type in FORMATS:
        response = client.get(path_of(iri), accept=media_type)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == media_type
        assert response.headers["vary"] == "Accept"
        graph = parse(response)
        missing = [t for t in expected if t not in graph]
        assert missing == [], f"{kind} as {media_type}"
        graphs.append({(s, p, o) for s, p, o in graph})
    assert all(g == graphs[0] for g in graphs[1:])


@pytest.mark.parametrize(
    ("suffix", "media_type"),
    [
        (".ttl", "text/turtle"),
        (".nt", "application/n-triples"),
        (".jsonld", "application/ld+json"),
        (".rdf", "application/rdf+xml"),
    ],
)
def test_a_suffix_overrides_accept(client: InProcess, suffix: str, media_type: str) -> None:
    response = client.get(path_of(GIFTFRI) + suffix, accept="text/html")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "vary" not in response.headers and "content-location" not in response.headers
    assert (G, SG.owner, K) in parse(response)


def test_format_parameter_and_q_values_choose_the_format(client: InProcess) -> None:
    response = client.get(path_of(KS) + "?format=nt", accept="text/turtle")
    assert response.headers["content-type"] == "application/n-triples"
    accept = "text/turtle;q=0.5, application/ld+json;q=0.9, text/html;q=0.1"
    assert client.get(path_of(KS), accept=accept).headers["content-type"] == "application/ld+json"
    assert client.get(path_of(KS), accept="*/*").headers["content-type"].startswith("text/turtle")
    assert client.get(path_of(KS)).headers["content-type"].startswith("text/turtle")


def test_negotiated_answer_names_its_suffixed_variant(client: InProcess) -> None:
    response = client.get(path_of(GIFTFRI), accept="application/rdf+xml")
    assert response.headers["content-location"] == path_of(GIFTFRI) + ".rdf"
    variant = client.get(response.headers["content-location"])
    assert variant.content == response.content and variant.headers["etag"] == response.headers["etag"]


def test_html_is_the_page_for_people(client: InProcess) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get(path_of(GIFTFRI), accept=browser)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Giftfri miljö" in page.text and page.headers["content-location"] == path_of(GIFTFRI) + ".html"
    assert client.get(path_of(GIFTFRI) + ".html").content == page.content


def test_a_graph_answers_its_content_and_sends_people_to_its_document(client: InProcess) -> None:
    response = client.get(path_of(GRAPH) + ".nt")
    assert response.status_code == 200
    assert len(parse(response)) > 5000
    page = client.get(path_of(GRAPH), accept="text/html")
    assert page.status_code == 303 and page.headers["location"] == path_of(DOC_2020) + ".html"


def test_unacceptable_accept_is_406_naming_the_formats(client: InProcess) -> None:
    response = client.get(path_of(GIFTFRI), accept="image/png, application/json;q=0.5")
    assert response.status_code == 406
    assert response.headers["vary"] == "Accept"
    assert response.text == (
        "cannot produce any of 'image/png, application/json;q=0.5'; available: text/turtle, "
        "application/n-triples, application/ld+json, application/rdf+xml, text/html"
    )
    assert client.get(path_of(GIFTFRI) + "?format=csv").status_code == 406


@pytest.mark.parametrize(
    "path",
    [
        "/id/goal/kommunstyrelsen/no-such-goal",
        "/id/goal/kommunstyrelsen/no-such-goal.ttl",
        "/id/goal/kommunstyrelsen/giftfri-miljo.xml",
        "/id/goal/kommunstyrelsen/giftfri-miljo/",
        "/id/",
        "/id/goal/a%20b",
        "/graph/no-such-document",
        "/graph/" + STEM + "/x",
    ],
)
def test_an_unknown_iri_is_404(client: InProcess, path: str) -> None:
    response = client.get(path, accept="text/turtle")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.endswith(": no such resource in the graph")


def test_an_unknown_iri_is_the_404_page_for_a_browser(client: InProcess) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for path, accept in (("/id/goal/no-such-goal", browser), ("/id/goal/no-such-goal.html", "*/*")):
        response = client.get(path, accept=accept)
        assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
        assert f"{BASE}id/goal/no-such-goal" in response.text
    assert client.get("/id/goal/no-such-goal").headers["vary"] == "Accept"


def test_etag_is_strong_per_format_and_if_none_match_gives_304(client: InProcess) -> None:
    first = client.get(path_of(GIFTFRI), accept="text/turtle")
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert client.get(path_of(GIFTFRI), accept="text/turtle").headers["etag"] == etag
    assert client.get(path_of(GIFTFRI), accept="application/n-triples").headers["etag"] != etag
    for header in (etag, f'"other", W/{etag}', "*"):
        again = client.get(path_of(GIFTFRI), accept="text/turtle", if_none_match=header)
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag and again.headers["vary"] == "Accept"
        assert again.headers["content-location"] == path_of(GIFTFRI) + ".ttl"
    assert client.get(path_of(GIFTFRI), accept="text/turtle", if_none_match='"other"').status_code == 200


def test_last_modified_is_the_ingest_time_and_if_modified_since_gives_304(
    client: InProcess, store_path: Path
) -> None:
    store = GraphStore.open(store_path, read_only=True)
    generated = ox.NamedNode(str(PROV.generatedAtTime))
    stamps = [
        datetime.fromisoformat(str(q.object).split('"')[1])
        for q in store.oxigraph.quads_for_pattern(None, generated, None)
    ]
    response = client.get(path_of(GIFTFRI), accept="text/turtle")
    modified = parsedate_to_datetime(response.headers["last-modified"])
    assert modified == max(stamps)
    same = client.get(
        path_of(GIFTFRI), accept="text/turtle", if_modified_since=response.headers["last-modified"]
    )
    assert same.status_code == 304
    earlier = format_datetime(modified - timedelta(seconds=1), usegmt=True)
    assert client.get(path_of(GIFTFRI), accept="text/turtle", if_modified_since=earlier).status_code == 200
    assert client.get(path_of(GIFTFRI), if_modified_since="yesterday").status_code == 200
    stale_tag = {"if_modified_since": response.headers["last-modified"], "if_none_match": '"other"'}
    assert client.get(path_of(GIFTFRI), **stale_tag).status_code == 200  # If-None-Match decides


def test_head_has_the_headers_of_get_and_no_body(client: InProcess) -> None:
    for path, accept in ((path_of(KS), "application/ld+json"), (path_of(GIFTFRI), "text/html")):
        get = client.get(path, accept=accept)
        head = client.request("HEAD", path, {"accept": accept})
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == str(len(get.content))
        for name in ("content-type", "etag", "last-modified", "vary", "content-location"):
            assert head.headers[name] == get.headers[name]


def test_named_query_api_answers_ask_and_construct(client: InProcess) -> None:
    exists = client.get(f"/api/queries/resource_exists?resource={GIFTFRI}")
    assert exists.json() == {"query": "resource_exists", "boolean": True}
    described = client.get(
        f"/api/queries/resource_description?resource={GIFTFRI}", accept="application/n-triples"
    )
    assert described.headers["content-type"] == "application/n-triples"
    assert (G, SG.owner, K) in parse(described)
    refused = client.get(f"/api/queries/resource_description?resource={GIFTFRI}", accept="image/png")
    assert refused.status_code == 406 and refused.headers["content-type"] == "application/problem+json"


def test_blank_nodes_under_a_resource_are_described_to_depth_three() -> None:
    store = GraphStore.open()
    turtle = f"""
        @prefix ex: <http://example.org/> .
        <{BASE}id/thing/a> ex:p [
            ex:q [ ex:r [ ex:s [ ex:t "too deep" ] ; ex:u "three" ] ; ex:v "two" ] ; ex:w "one"
        ] .
        <{BASE}id/thing/a.ttl> ex:label "a resource whose name ends in .ttl" .
    """
    store.load(turtle.encode(), "turtle", graph=ox.NamedNode(f"{BASE}graph/example"))
    client = InProcess(create_app(Settings(), store=store))
    graph = parse(client.get("/id/thing/a", accept="text/turtle"))
    values = {str(o) for o in graph.objects() if isinstance(o, Literal)}
    assert values == {"one", "two", "three"}
    exact = client.get("/id/thing/a.ttl", accept="application/n-triples")  # the IRI itself wins
    assert exact.headers["content-type"] == "application/n-triples" and "vary" in exact.headers
    assert "content-location" not in client.get("/id/thing/a", accept="text/turtle").headers


@pytest.mark.live
def test_a_live_server_answers_turtle_head_and_304(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path
) -> None:
    with (
        serving(ingested_seed_store(tmp_path_factory, seeds_dir)) as base,
        httpx.Client(base_url=base, timeout=60) as http,
    ):
        response = http.get(path_of(GIFTFRI), headers={"Accept": "text/turtle"})
        assert response.status_code == 200 and response.headers["vary"] == "Accept"
        assert (G, SKOS.prefLabel, Literal("Giftfri miljö", lang="sv")) in parse(response)
        head = http.head(path_of(GIFTFRI), headers={"Accept": "text/turtle"})
        assert head.headers["content-length"] == str(len(response.content)) and head.content == b""
        cached = http.get(
            path_of(GIFTFRI), headers={"Accept": "text/turtle", "If-None-Match": response.headers["etag"]}
        )
        assert cached.status_code == 304
        assert http.get("/id/goal/kommunstyrelsen/no-such-goal").status_code == 404
