"""The dataset description, sitemap and ontology served by a real server over the seed store.

The VoID/DCAT description is validated with the DCAT-AP 3.0.0 SHACL shapes as SEMIC publishes them
(``../shared/reference/dcat-ap/``) and checked against the properties DIGG's DCAT-AP-SE examples use
(``../shared/reference/dcat-ap-se/``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, VOID, XSD

from api.catalogue import publication
from api.sitemaps import SITEMAP_NS, sitemap_files
from graph.catalogue import DatasetStatistics, describe_dataset, serialize_description
from graph.store import GraphStore
from queries.catalogue import sitemap_entities
from styrgraf.settings import load_settings
from tests.queries.test_named_queries import (
    BASE,
    DOC_2020,
    GIFTFRI,
    KS,
    PLATFORM_DECISION,
)

pytestmark = pytest.mark.live

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"
SHAPES = REFERENCE / "dcat-ap" / "dcat-ap-3.0.0-SHACL.ttl"
DIGG = REFERENCE / "dcat-ap-se"
CATALOG = rdflib.URIRef(f"{BASE}catalog#catalog")
DATASET = rdflib.URIRef(f"{BASE}catalog#dataset")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
RDF_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


@pytest.fixture(scope="module")
def store_path(published_store: Path) -> Path:
    return published_store


@pytest.fixture(scope="module")
def site(published_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=published_url, timeout=120) as client:
        yield client


@pytest.fixture(scope="module")
def description(site: httpx.Client) -> rdflib.Graph:
    response = site.get("/catalog", headers={"Accept": "text/turtle"})
    assert response.status_code == 200, response.text
    return rdflib.Graph().parse(data=response.text, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES, format="turtle")


def local(site: httpx.Client, iri: object) -> str:
    """The path on the test server of an IRI minted under the default base."""
    text = str(iri)
    assert text.startswith(BASE), text
    return "/" + text.removeprefix(BASE)


@pytest.mark.parametrize("path", ["/.well-known/void", "/catalog"])
@pytest.mark.parametrize("media_type", list(RDF_PARSERS))
def test_description_in_every_rdf_format_parses_to_the_same_graph(
    site: httpx.Client, description: rdflib.Graph, path: str, media_type: str
) -> None:
    response = site.get(path, headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["vary"] == "Accept"
    graph = rdflib.Graph().parse(data=response.content, format=RDF_PARSERS[media_type])
    assert len(graph) == len(description)
    assert (DATASET, RDF.type, VOID.Dataset) in graph and (CATALOG, RDF.type, DCAT.Catalog) in graph


def test_description_format_parameter_overrides_accept_and_unknown_is_406(site: httpx.Client) -> None:
    response = site.get("/.well-known/void", params={"format": "ntriples"}, headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("application/n-triples")
    refused = site.get("/catalog", headers={"Accept": "image/png"})
    assert refused.status_code == 406 and "text/turtle" in refused.text


def test_description_answers_304_to_its_etag(site: httpx.Client) -> None:
    first = site.get("/catalog", headers={"Accept": "text/turtle"})
    again = site.get("/catalog", headers={"Accept": "text/turtle", "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("path", ["/catalog", "/.well-known/void"])
def test_description_conforms_to_the_dcat_ap_3_shapes(
    site: httpx.Client, shapes: rdflib.Graph, path: str
) -> None:
    body = site.get(path, headers={"Accept": "application/ld+json"}).content
    conforms, _, text = pyshacl.validate(
        rdflib.Graph().parse(data=body, format="json-ld"), shacl_graph=shapes
    )
    assert conforms, text


def test_the_shapes_do_check_the_description(description: rdflib.Graph, shapes: rdflib.Graph) -> None:
    """Without its title the dataset fails, and a licence not typed as a licence document fails."""
    broken = rdflib.Graph() + description
    broken.remove((DATASET, DCTERMS.title, None))
    broken.remove((None, RDF.type, DCTERMS.LicenseDocument))
    conforms, report, _ = pyshacl.validate(broken, shacl_graph=shapes)
    assert not conforms
    paths = {str(p) for p in report.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#resultPath"))}
    assert {str(DCTERMS.title), str(DCTERMS.license)} <= paths


def properties_by_class(graph: rdflib.Graph) -> dict[rdflib.term.Node, set[rdflib.term.Node]]:
    found: dict[rdflib.term.Node, set[rdflib.term.Node]] = {}
    for subject, cls in graph.subject_objects(RDF.type):
        found.setdefault(cls, set()).update(p for p in graph.predicates(subject) if p != RDF.type)
    return found


def test_every_instance_has_the_properties_of_digg_mandatory_example(description: rdflib.Graph) -> None:
    example = rdflib.Graph().parse(DIGG / "obligatoriskt.ttl", format="turtle")
    # The example says it adds a distribution and a contact point to the dataset and a data service to
    # the distribution to show the primary classes; those three are not mandatory.
    optional = {(DCAT.Dataset, DCAT.distribution), (DCAT.Dataset, DCAT.contactPoint)}
    optional |= {(DCAT.Distribution, DCAT.accessService)}
    mandatory = properties_by_class(example)
    assert set(mandatory) == {
        DCAT.Catalog,
        DCAT.Dataset,
        DCAT.Distribution,
        DCAT.DataService,
        FOAF.Agent,
        VCARD.Organization,
    }
    missing = []
    for cls, needed in mandatory.items():
        instances = list(description.subjects(RDF.type, cls))
        assert instances, cls
        for instance in instances:
            missing += [
                (instance, p)
                for p in needed
                if (cls, p) not in optional and not description.value(instance, p)
            ]
    assert missing == []


def test_the_recommended_properties_of_digg_example_are_used(description: rdflib.Graph) -> None:
    example = properties_by_class(rdflib.Graph().parse(DIGG / "rekommenderat.ttl", format="turtle"))
    ours = properties_by_class(description)
    not_used = {(cls, p) for cls, needed in example.items() for p in needed - ours.get(cls, set())}
    # No date of issue is known for the catalogue and dataset, and the contact point is an e-mail
    # address only, without telephone or postal address (docs/publishing.md).
    not_used = {(cls, p) for cls, p in not_used if cls != VCARD.Address}
    assert not_used == {
        (DCAT.Catalog, DCTERMS.issued),
        (DCAT.Dataset, DCTERMS.issued),
        (VCARD.Organization, VCARD.hasTelephone),
        (VCARD.Organization, VCARD.hasAddress),
    }


def test_catalogue_names_publisher_licence_theme_coverage_and_contact(description: rdflib.Graph) -> None:
    g = description
    publisher = g.value(DATASET, DCTERMS.publisher)
    assert g.value(publisher, FOAF.name) == rdflib.Literal("Linköpings kommun", lang="sv")
    assert g.value(CATALOG, DCTERMS.publisher) == publisher
    cc0 = rdflib.URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
    assert set(g.objects(None, DCTERMS.license)) == {cc0}
    theme = rdflib.URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
    assert g.value(DATASET, DCAT.theme) == theme and g.value(theme, SKOS.inScheme) == g.value(
        CATALOG, DCAT.themeTaxonomy
    )
    assert rdflib.Literal("styrning", lang="sv") in set(g.objects(DATASET, DCAT.keyword))
    assert g.value(DATASET, DCTERMS.spatial) is not None
    period = g.value(DATASET, DCTERMS.temporal)  # the seed documents span 2018 to 2024
    assert g.value(period, DCAT.startDate) == rdflib.Literal("2018-01-01", datatype=XSD.date)
    assert g.value(period, DCAT.endDate) == rdflib.Literal("2024-12-31", datatype=XSD.date)
    contact = g.value(DATASET, DCAT.contactPoint)
    assert g.value(contact, VCARD.hasEmail) == rdflib.URIRef("mailto:kommunen@linkoping.se")


def test_every_dump_and_the_sparql_service_are_distributions_that_answer(
    site: httpx.Client, description: rdflib.Graph
) -> None:
    g = description
    downloads = {}
    for distribution in g.objects(DATASET, DCAT.distribution):
        assert g.value(distribution, DCAT.accessURL) is not None
        if (url := g.value(distribution, DCAT.downloadURL)) is not None:
            downloads[str(url).rsplit("/", 1)[-1]] = g.value(distribution, DCAT.mediaType)
    assert set(downloads) == {"styrgraf.nt.gz", "styrgraf.ttl", "styrgraf.trig", "styrgraf.jsonld"}
    assert set(map(str, g.objects(DATASET, VOID.dataDump))) == {f"{BASE}dumps/{name}" for name in downloads}
    for name, media_type in downloads.items():
        head = site.head(f"/dumps/{name}")
        assert head.status_code == 200, name
        served = (
            "application/n-triples" if name.endswith(".gz") else head.headers["content-type"].split(";")[0]
        )
        assert str(media_type).endswith("/" + served), name
    service = g.value(CATALOG, DCAT.service)
    endpoint = g.value(service, DCAT.endpointURL)
    assert endpoint == g.value(DATASET, VOID.sparqlEndpoint) == rdflib.URIRef(f"{BASE}sparql")
    assert g.value(service, DCAT.servesDataset) == DATASET
    ask = site.get(local(site, endpoint), params={"query": "ASK { ?s ?p ?o }"})
    assert ask.status_code == 200 and ask.json()["boolean"] is True


def test_void_counts_agree_with_the_store(site: httpx.Client, description: rdflib.Graph) -> None:
    g = description

    def number(subject: rdflib.term.Node, predicate: rdflib.URIRef) -> int:
        value = g.value(subject, predicate)
        assert isinstance(value, rdflib.Literal), predicate
        return int(value)

    counted = site.get(
        "/sparql",
        params={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
        headers={"Accept": "application/sparql-results+json"},
    ).json()["results"]["bindings"]
    sizes = {row["g"]["value"]: int(row["n"]["value"]) for row in counted}
    subsets = {str(s): number(s, VOID.triples) for s in g.objects(DATASET, VOID.subset)}
    assert subsets == sizes and len(sizes) == 5
    assert g.value(rdflib.URIRef(f"{BASE}graph/000_bbff43da3c846827"), DCTERMS.source) == rdflib.URIRef(
        DOC_2020
    )
    changed = [g.value(s, DCTERMS.modified) for s in g.objects(DATASET, VOID.subset)]
    assert len(changed) == 5
    assert all(isinstance(c, rdflib.Literal) and c.datatype == XSD.dateTime for c in changed)
    newest = max(c.toPython() for c in changed if isinstance(c, rdflib.Literal))
    for resource in (DATASET, CATALOG):
        modified = g.value(resource, DCTERMS.modified)
        assert isinstance(modified, rdflib.Literal) and modified.toPython() == newest
    # Distinct triples: fewer than the quads (organisations are named in several documents).
    assert 0.9 * sum(sizes.values()) < number(DATASET, VOID.triples) < sum(sizes.values())
    partitions = [number(p, VOID.triples) for p in g.objects(DATASET, VOID.propertyPartition)]
    assert sum(partitions) == number(DATASET, VOID.triples)
    assert len(partitions) == number(DATASET, VOID.properties)
    assert len(list(g.objects(DATASET, VOID.classPartition))) == number(DATASET, VOID.classes)
    assert g.value(DATASET, VOID.uriSpace) == rdflib.Literal(f"{BASE}id/")
    assert 1000 < number(DATASET, VOID.entities) < len(set(g.subjects())) + 10_000
    vocabularies = set(map(str, g.objects(DATASET, VOID.vocabulary)))
    assert {
        "https://w3id.org/styrgraf/ontology#",
        "http://www.w3.org/ns/org#",
        "http://purl.org/linked-data/cube#",
    } <= vocabularies
    examples = set(map(str, g.objects(DATASET, VOID.exampleResource)))
    assert len(examples) == 5 and all(e.startswith(f"{BASE}id/") for e in examples)


def test_publisher_licence_and_contact_come_from_the_settings() -> None:
    settings = load_settings(
        publisher_name="Norrköpings kommun",
        publisher_iri="https://www.norrkoping.se/",
        licence="https://creativecommons.org/licenses/by/4.0/",
        contact_email="data@norrkoping.se",
        base_iri="https://data.example.se/styrgraf/",
    )
    stats = DatasetStatistics(triples=1, entities=1, properties={str(RDF.type): 1}, classes={}, years=(2020,))
    turtle = serialize_description(describe_dataset(publication(settings), stats), ox.RdfFormat.TURTLE)
    g = rdflib.Graph().parse(data=turtle, format="turtle")
    dataset = rdflib.URIRef("https://data.example.se/styrgraf/catalog#dataset")
    assert g.value(dataset, DCTERMS.publisher) == rdflib.URIRef("https://www.norrkoping.se/")
    assert g.value(rdflib.URIRef("https://www.norrkoping.se/"), FOAF.name) == rdflib.Literal(
        "Norrköpings kommun", lang="sv"
    )
    assert g.value(dataset, DCTERMS.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert g.value(g.value(dataset, DCAT.contactPoint), VCARD.hasEmail) == rdflib.URIRef(
        "mailto:data@norrkoping.se"
    )
    assert g.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef("https://data.example.se/styrgraf/sparql")


def test_sitemap_lists_every_entity_page_once(site: httpx.Client, store_path: Path) -> None:
    response = site.get("/sitemap.xml")
    assert response.status_code == 200 and response.headers["content-type"] == "application/xml"
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    urls = [loc.text for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]
    assert len(urls) == len(set(urls)) == len(root) and len(urls) <= 50_000
    assert all(url and url.startswith(f"{BASE}id/") for url in urls)
    kinds = {url.removeprefix(f"{BASE}id/").split("/")[0] for url in urls if url}
    assert kinds == {"goal", "indicator", "decision", "org", "document"}
    assert {GIFTFRI, KS, PLATFORM_DECISION, DOC_2020} <= set(urls)
    passages = [u for u in urls if u and "/lines/" in u]
    assert passages == []


def test_robots_txt_points_at_the_sitemap_and_head_answers(site: httpx.Client) -> None:
    robots = site.get("/robots.txt")
    assert robots.status_code == 200 and f"Sitemap: {BASE}sitemap.xml" in robots.text.splitlines()
    for path in ("/sitemap.xml", "/catalog", "/.well-known/void", "/ontology", "/ontology.ttl"):
        head = site.head(path)
        assert head.status_code == 200 and head.content == b"", path


def test_sitemap_becomes_an_index_past_the_limit(store_path: Path) -> None:
    urls = sitemap_entities(GraphStore.open(store_path, read_only=True), BASE)
    files = sitemap_files(urls, BASE, limit=200)
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    parts = [loc.text for loc in index.iter(f"{{{SITEMAP_NS}}}loc")]
    assert parts == [f"{BASE}sitemap-{n}.xml" for n in range(1, (len(urls) + 199) // 200 + 1)]
    listed = [
        loc.text
        for n in range(1, len(parts) + 1)
        for loc in ET.fromstring(files[f"sitemap-{n}.xml"]).iter(f"{{{SITEMAP_NS}}}loc")
    ]
    assert listed == urls
    assert sitemap_files(urls, BASE).keys() == {"sitemap.xml"}


@pytest.mark.parametrize(
    ("accept", "media_type", "parser"),
    [
        ("*/*", "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
    ],
)
def test_ontology_for_machines_by_accept(
    site: httpx.Client, accept: str, media_type: str, parser: str
) -> None:
    response = site.get("/ontology", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["vary"] == "Accept"
    graph = rdflib.Graph().parse(data=response.content, format=parser)
    ontology = rdflib.URIRef("https://w3id.org/styrgraf/ontology")
    assert (ontology, RDF.type, rdflib.OWL.Ontology) in graph
    board_goal = rdflib.URIRef("https://w3id.org/styrgraf/ontology#BoardGoal")
    assert (board_goal, RDF.type, rdflib.OWL.Class) in graph
    suffix = {"turtle": "ttl", "xml": "rdf", "json-ld": "jsonld", "nt": "nt"}[parser]
    assert response.headers["content-location"] == f"/ontology.{suffix}"
    assert site.get(f"/ontology.{suffix}").content == response.content


def test_ontology_for_people_is_documentation(site: httpx.Client) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = site.get("/ontology", headers={"Accept": browser})
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-location"] == "/ontology.html"
    page = response.text
    assert "<html" in page and "Styrgraf" in page
    assert "<code>https://w3id.org/styrgraf/ontology#BoardGoal</code>" in page and "nämndmål" in page
    assert "<script src=" not in page and 'rel="stylesheet" href="http' not in page
    assert site.get("/ontology.html").text == page
    # Its own policy: the inline stylesheet is allowed by its hash, nothing else runs or loads.
    policy = response.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; style-src 'sha256-") and "script-src" not in policy


def test_ontology_unknown_suffix_is_404(site: httpx.Client) -> None:
    assert site.get("/ontology.exe").status_code == 404
    assert site.get("/ontology", headers={"Accept": "image/png"}).status_code == 406
