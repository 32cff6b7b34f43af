"""The dataset description: a DCAT-AP-SE catalogue and VoID statistics, as RDF (``docs/publishing.md``).

The fixed part is the Turtle template ``graph/catalogue.ttl``, parsed with the base IRI as its base;
its ``<urn:styrgraf:…>`` placeholders become the configured publisher, licence and spatial coverage.
:func:`describe_dataset` adds what depends on the configuration and on the store — the publisher's
name, the contact point, one distribution per dump, the temporal coverage from the documents' years,
VoID's counts, one ``void:subset`` per document graph (with when it last changed, from its ingest
report), the vocabularies used and example resources —
from a :class:`DatasetStatistics` that the query layer gathers (``queries/catalogue.py``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from graph.dumps import DUMPS
from graph.store import PREFIXES

__all__ = [
    "DatasetStatistics",
    "GraphSubset",
    "Publication",
    "catalogue_iri",
    "describe_dataset",
    "serialize_description",
]

DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
VOID = "http://rdfs.org/ns/void#"
XSD = "http://www.w3.org/2001/XMLSchema#"
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

DESCRIPTION_PREFIXES = {
    **PREFIXES,
    "dcat": DCAT,
    "dcatap": "http://data.europa.eu/r5r/",
    "foaf": FOAF,
    "vcard": VCARD,
    "void": VOID,
    "adms": "http://www.w3.org/ns/adms#",
}
"""Prefixes the serialised description uses."""

_PLACEHOLDER = "urn:styrgraf:"


@dataclass(frozen=True, slots=True)
class Publication:
    """Who publishes the dataset, under which licence, where: the configurable part of the catalogue."""

    base: str
    """Base IRI (ends with '/'); the catalogue is ``{base}catalog``, dumps are under ``{base}dumps/``."""
    publisher_name: str
    licence: str
    contact_name: str
    contact_email: str
    spatial: str
    spatial_label: str = ""
    publisher: str | None = None
    """The publisher's IRI; ``None`` gives ``{base}catalog#publisher``."""


@dataclass(frozen=True, slots=True)
class GraphSubset:
    """One document graph: its IRI, size and the document it was read from."""

    graph: str
    triples: int
    document: str | None = None
    title: str | None = None
    modified: str | None = None
    """When the graph's triples last changed (``xsd:dateTime``, from its ingest report)."""


@dataclass(frozen=True, slots=True)
class DatasetStatistics:
    """What the store holds, as VoID counts it."""

    triples: int
    """Distinct triples of the union of the document graphs."""
    entities: int
    """Distinct subjects under the URI space ``{base}id/``."""
    properties: Mapping[str, int]
    """Distinct triples per property."""
    classes: Mapping[str, int]
    """Entities per class."""
    graphs: Sequence[GraphSubset] = ()
    examples: Sequence[str] = ()
    years: Sequence[int] = field(default_factory=tuple)
    """The documents' years."""


def catalogue_iri(base: str, fragment: str = "") -> ox.NamedNode:
    """``{base}catalog`` or ``{base}catalog#fragment``."""
    return ox.NamedNode(f"{base}catalog" + (f"#{fragment}" if fragment else ""))


@cache
def _template_text() -> bytes:
    return files("graph").joinpath("catalogue.ttl").read_bytes()


def describe_dataset(publication: Publication, statistics: DatasetStatistics) -> list[ox.Triple]:
    """The catalogue, dataset, distributions, SPARQL service and VoID statistics as triples."""
    base = publication.base
    placeholders = {
        "publisher": ox.NamedNode(publication.publisher or str(catalogue_iri(base, "publisher").value)),
        "licence": ox.NamedNode(publication.licence),
        "spatial": ox.NamedNode(publication.spatial),
    }
    triples: list[ox.Triple] = []
    for parsed in ox.parse(_template_text(), ox.RdfFormat.TURTLE, base_iri=base):
        subject, obj = _replace(parsed.subject, placeholders), _replace(parsed.object, placeholders)
        assert not isinstance(subject, ox.Literal | ox.Triple) and not isinstance(obj, ox.Triple)
        triples.append(ox.Triple(subject, parsed.predicate, obj))
    out = _Out(triples)
    dataset = catalogue_iri(base, "dataset")
    _describe_agents(out, publication, placeholders)
    _describe_distributions(out, publication, dataset, placeholders["licence"])
    _describe_coverage(out, dataset, statistics.years, base)
    _describe_void(out, dataset, statistics, base)
    return sorted(out.triples, key=lambda triple: str(triple.subject))  # stable: a subject's triples together


Subject = ox.NamedNode | ox.BlankNode
Object = ox.NamedNode | ox.BlankNode | ox.Literal


def _replace(
    term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, placeholders: Mapping[str, ox.NamedNode]
) -> ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple:
    """``term``, or the configured IRI when it is a ``<urn:styrgraf:…>`` placeholder."""
    if isinstance(term, ox.NamedNode) and term.value.startswith(_PLACEHOLDER):
        return placeholders[term.value.removeprefix(_PLACEHOLDER)]
    return term


class _Out:
    """Triples being collected, with shorthands for IRIs and literals."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self.triples = triples

    def add(self, subject: Subject, predicate: str, *objects: Object) -> None:
        for obj in objects:
            self.triples.append(ox.Triple(subject, ox.NamedNode(predicate), obj))

    def type(self, subject: Subject, *classes: str) -> None:
        self.add(subject, str(RDF_TYPE.value), *(ox.NamedNode(c) for c in classes))


def _text(sv: str, en: str | None = None) -> list[ox.Literal]:
    texts = [ox.Literal(sv, language="sv")]
    if en is not None:
        texts.append(ox.Literal(en, language="en"))
    return texts


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _describe_agents(out: _Out, publication: Publication, placeholders: Mapping[str, ox.NamedNode]) -> None:
    out.add(placeholders["publisher"], FOAF + "name", ox.Literal(publication.publisher_name, language="sv"))
    contact = catalogue_iri(publication.base, "contact")
    out.add(contact, VCARD + "fn", ox.Literal(publication.contact_name))
    out.add(contact, VCARD + "hasEmail", ox.NamedNode(f"mailto:{publication.contact_email}"))
    out.add(placeholders["licence"], RDFS + "label", ox.Literal(_licence_label(publication.licence)))
    if publication.spatial_label:
        out.add(placeholders["spatial"], RDFS + "label", ox.Literal(publication.spatial_label, language="sv"))


def _licence_label(iri: str) -> str:
    known = {
        "http://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
        f"{EU_AUTHORITY}licence/CC0": "CC0 1.0",
        "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
        f"{EU_AUTHORITY}licence/CC_BY_4_0": "CC BY 4.0",
    }
    return known.get(iri, iri)


def _describe_distributions(
    out: _Out, publication: Publication, dataset: ox.NamedNode, licence: ox.NamedNode
) -> None:
    """One dcat:Distribution (and void:dataDump) per published dump, plus the SPARQL distribution."""
    out.add(dataset, DCAT + "distribution", catalogue_iri(publication.base, "sparql"))
    for dump in DUMPS.values():
        distribution = catalogue_iri(publication.base, dump.filename)
        url = ox.NamedNode(f"{publication.base}dumps/{dump.filename}")
        kind = "med en namngiven graf per dokument" if dump.keeps_graphs else "som en graf"
        kind_en = "with one named graph per document" if dump.keeps_graphs else "as one graph"
        packed = ", gzip-komprimerad" if dump.compressed else ""
        packed_en = ", gzip-compressed" if dump.compressed else ""
        out.add(dataset, DCAT + "distribution", distribution)
        out.add(dataset, VOID + "dataDump", url)
        out.type(distribution, DCAT + "Distribution")
        title = _text(f"Hela grafen: {dump.filename}", f"The whole graph: {dump.filename}")
        out.add(distribution, DCTERMS + "title", *title)
        out.add(
            distribution,
            DCTERMS + "description",
            *_text(
                f"Hela datamängden i {dump.rdf_media_type} {kind}{packed}.",
                f"The whole dataset in {dump.rdf_media_type} {kind_en}{packed_en}.",
            ),
        )
        file_type = ox.NamedNode(f"{EU_AUTHORITY}file-type/{dump.file_type}")
        out.add(distribution, DCTERMS + "format", file_type)
        out.type(file_type, DCTERMS + "MediaTypeOrExtent")
        media_type = ox.NamedNode(IANA_MEDIA_TYPES + dump.rdf_media_type)
        out.add(distribution, DCAT + "mediaType", media_type)
        out.type(media_type, DCTERMS + "MediaType")
        if dump.compressed:
            gzip = ox.NamedNode(IANA_MEDIA_TYPES + "application/gzip")
            out.add(distribution, DCAT + "compressFormat", gzip)
            out.type(gzip, DCTERMS + "MediaType")
        out.add(distribution, DCAT + "accessURL", url)
        out.add(distribution, DCAT + "downloadURL", url)
        out.type(url, RDFS + "Resource")
        out.add(distribution, DCTERMS + "license", licence)
        stable = ox.NamedNode("http://data.europa.eu/r5r/availability/stable")
        out.add(distribution, "http://data.europa.eu/r5r/availability", stable)


def _describe_coverage(out: _Out, dataset: ox.NamedNode, years: Sequence[int], base: str) -> None:
    """dcterms:temporal from the first to the last of the documents' years."""
    if not years:
        return
    period = catalogue_iri(base, "temporal")
    date = ox.NamedNode(XSD + "date")
    out.add(dataset, DCTERMS + "temporal", period)
    out.type(period, DCTERMS + "PeriodOfTime")
    out.add(period, DCAT + "startDate", ox.Literal(f"{min(years):04d}-01-01", datatype=date))
    out.add(period, DCAT + "endDate", ox.Literal(f"{max(years):04d}-12-31", datatype=date))


def _describe_void(out: _Out, dataset: ox.NamedNode, stats: DatasetStatistics, base: str) -> None:
    """VoID's counts, partitions, subsets (one per document graph), vocabularies and examples."""
    out.add(dataset, VOID + "uriSpace", ox.Literal(f"{base}id/"))
    out.add(dataset, VOID + "triples", _integer(stats.triples))
    out.add(dataset, VOID + "entities", _integer(stats.entities))
    out.add(dataset, VOID + "classes", _integer(len(stats.classes)))
    out.add(dataset, VOID + "properties", _integer(len(stats.properties)))
    for vocabulary in sorted(vocabularies([*stats.properties, *stats.classes])):
        out.add(dataset, VOID + "vocabulary", ox.NamedNode(vocabulary))
    for example in stats.examples:
        out.add(dataset, VOID + "exampleResource", ox.NamedNode(example))
    for index, (cls, entities) in enumerate(sorted(stats.classes.items())):
        partition = catalogue_iri(base, f"class-{index + 1}")
        out.add(dataset, VOID + "classPartition", partition)
        out.add(partition, VOID + "class", ox.NamedNode(cls))
        out.add(partition, VOID + "entities", _integer(entities))
    for index, (prop, triples) in enumerate(sorted(stats.properties.items())):
        partition = catalogue_iri(base, f"property-{index + 1}")
        out.add(dataset, VOID + "propertyPartition", partition)
        out.add(partition, VOID + "property", ox.NamedNode(prop))
        out.add(partition, VOID + "triples", _integer(triples))
    for subset in stats.graphs:
        graph = ox.NamedNode(subset.graph)
        out.add(dataset, VOID + "subset", graph)
        out.type(graph, VOID + "Dataset")
        out.add(graph, VOID + "triples", _integer(subset.triples))
        out.add(graph, VOID + "sparqlEndpoint", ox.NamedNode(f"{base}sparql"))
        if subset.document is not None:
            out.add(graph, DCTERMS + "source", ox.NamedNode(subset.document))
        if subset.title:
            out.add(graph, DCTERMS + "title", ox.Literal(subset.title, language="sv"))
        if subset.modified:
            out.add(graph, DCTERMS + "modified", _date_time(subset.modified))
    changes = [subset.modified for subset in stats.graphs if subset.modified]
    if changes:  # the newest change of any document graph is the dataset's and the catalogue's
        newest = max(changes, key=lambda value: datetime.fromisoformat(value))
        out.add(dataset, DCTERMS + "modified", _date_time(newest))
        out.add(catalogue_iri(base, "catalog"), DCTERMS + "modified", _date_time(newest))


def _date_time(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + "dateTime"))


def vocabularies(terms: Iterable[str]) -> set[str]:
    """The namespaces of ``terms`` (up to the last '#' or '/'), e.g. ``http://www.w3.org/ns/org#``."""
    found: set[str] = set()
    for term in terms:
        cut = max(term.rfind("#"), term.rfind("/"))
        if cut > 0:
            found.add(term[: cut + 1])
    return found


def serialize_description(triples: Iterable[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """The description in ``fmt`` with readable prefixes."""
    output = io.BytesIO()
    ox.serialize(triples, output, fmt, prefixes=DESCRIPTION_PREFIXES)
    return output.getvalue()
