"""Namespaces of the vocabularies the graph is written in, as pyoxigraph term factories.

``SG.Goal`` is the :class:`pyoxigraph.NamedNode` of ``sg:Goal`` (styrgraf-ontologin);
``SG["status-partly"]`` reaches local names that are not Python identifiers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

__all__ = [
    "CITED_LEVELS",
    "DIRECTIONS",
    "DOCUMENT_TYPES",
    "GOAL_CLASSES",
    "ORGANISATION_CLASSES",
    "PARENT_LEVELS",
    "STATUSES",
    "DCAT",
    "DCTERMS",
    "ELI",
    "FOAF",
    "Namespace",
    "ORG",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SDMX_DIMENSION",
    "SDMX_MEASURE",
    "SG",
    "SKOS",
    "XSD",
    "Object",
    "Triple",
    "boolean",
    "decimal",
    "integer",
    "iso_date",
    "structure_triples",
    "sv",
    "text",
]


class Namespace:
    """An IRI prefix that mints :class:`NamedNode` terms by attribute or item access."""

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self._terms: dict[str, NamedNode] = {}

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self[name]
        setattr(self, name, term)  # later look-ups find it without calling here
        return term

    def __getitem__(self, name: str) -> NamedNode:
        term = self._terms.get(name)
        if term is None:
            term = self._terms[name] = NamedNode(self.iri + name)
        return term

    def __repr__(self) -> str:
        return f"Namespace({self.iri!r})"


SG = Namespace("https://w3id.org/styrgraf/ontology#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")

# The facts model's string enumerations (loaders/facts.py) and the terms they map to.

ORGANISATION_CLASSES = {
    "municipality": SG.Municipality,
    "council": SG.Council,
    "board": SG.Board,
    "committee": SG.Committee,
    "office": SG.Office,
    "staff": SG.Staff,
    "unit": SG.Unit,
    "company": SG.Company,
    "external": SG.ExternalBody,
    "party": SG.Party,
}
GOAL_CLASSES = {
    "area": SG.GoalArea,
    "council": SG.CouncilGoal,
    "board": SG.BoardGoal,
    "office": SG.OfficeGoal,
}
CITED_LEVELS = ("office", "board", "council", "area")
"""Preference when a cited title names goals at several levels: the most specific first."""
PARENT_LEVELS = {
    "office": ("board", "council", "area"),
    "board": ("council", "area"),
    "council": ("area",),
    "area": (),
}
STATUSES = frozenset({"fulfilled", "partly", "not-fulfilled", "not-assessable"})
DIRECTIONS = frozenset({"increase", "decrease", "keep"})
DOCUMENT_TYPES = frozenset(
    {
        "verksamhetsberattelse", "delarsrapport", "internbudget", "protokollsutdrag", "mbl-protokoll",
        "minnesanteckningar", "tjansteskrivelse", "bilaga", "uppfoljning", "verksamhetsplan", "other",
    }
)  # fmt: skip


Object = NamedNode | Literal
Triple = tuple[NamedNode, NamedNode, Object]


def text(value: str) -> Literal:
    return Literal(value)


def sv(value: str) -> Literal:
    return Literal(value, language="sv")


def decimal(value: Decimal) -> Literal:
    return Literal(format(value, "f"), datatype=XSD.decimal)


@lru_cache(maxsize=4096, typed=True)
def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


def iso_date(value: str | None) -> Literal | None:
    """``value`` as ``xsd:date`` when it is a real ISO date, else None (the raw text is kept elsewhere)."""
    if value is None:
        return None
    try:
        return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError:
        return None


def structure_triples() -> list[Triple]:
    """The Data Cube structure of indicator values (``sg:IndicatorStructure``), written into each
    document graph that holds a data set so the W3C integrity constraints hold on the data alone."""
    dsd = SG.IndicatorStructure
    triples: list[Triple] = [(dsd, RDF.type, QB.DataStructureDefinition)]
    components = (
        ("indicator", QB.dimension, SG.indicator, SG.Indicator),
        ("period", QB.dimension, SDMX_DIMENSION.refPeriod, RDFS.Resource),
        ("breakdown", QB.dimension, SG.breakdown, SKOS.Concept),
        ("value", QB.measure, SDMX_MEASURE.obsValue, None),
    )
    for order, (name, role, prop, range_) in enumerate(components, start=1):
        spec = SG[f"IndicatorStructure-{name}"]
        triples += [
            (dsd, QB.component, spec),
            (spec, RDF.type, QB.ComponentSpecification),
            (spec, role, prop),
            (spec, QB.componentProperty, prop),
            (spec, QB.order, integer(order)),
            (prop, RDF.type, RDF.Property),
            (prop, RDF.type, QB.DimensionProperty if role == QB.dimension else QB.MeasureProperty),
        ]
        if range_ is not None:
            triples.append((prop, RDFS.range, range_))
    triples += [
        (SG.breakdown, RDF.type, QB.CodedProperty),
        (SG.breakdown, QB.codeList, SG.BreakdownScheme),
        (SG.BreakdownScheme, RDF.type, SKOS.ConceptScheme),
        (SG["breakdown-total"], RDF.type, SKOS.Concept),
        (SG["breakdown-total"], SKOS.inScheme, SG.BreakdownScheme),
        (SG["breakdown-total"], SKOS.prefLabel, sv("totalt")),
    ]
    return triples
