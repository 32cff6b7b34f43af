"""Names of classes and properties for pages: "Mål / Goal", and compact IRIs (``sg:Goal``).

Swedish and English labels come from the ontology's ``rdfs:label`` (``ontology/styrgraf.ttl``,
read once); terms Styrgraf reuses without labelling them (SKOS, RDFS, DCTERMS, PROV …) are named
here. A term with neither prints as its compact IRI.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pyoxigraph as ox

__all__ = ["PREFIXES", "compact", "term_label"]

PREFIXES = {
    "sg": "https://w3id.org/styrgraf/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "void": "http://rdfs.org/ns/void#",
}

_REUSED = {
    "rdf:type": ("typ", "type"),
    "rdfs:label": ("etikett", "label"),
    "rdfs:comment": ("kommentar", "comment"),
    "skos:prefLabel": ("namn", "preferred label"),
    "skos:altLabel": ("annat namn", "alternative label"),
    "skos:broader": ("överordnat", "broader"),
    "skos:narrower": ("underordnat", "narrower"),
    "skos:inScheme": ("i begreppssystem", "in scheme"),
    "skos:Concept": ("begrepp", "concept"),
    "skos:notation": ("beteckning", "notation"),
    "dcterms:title": ("titel", "title"),
    "dcterms:description": ("beskrivning", "description"),
    "dcterms:identifier": ("identifierare", "identifier"),
    "dcterms:publisher": ("utgivare", "publisher"),
    "dcterms:issued": ("utgiven", "issued"),
    "dcterms:type": ("dokumenttyp", "document type"),
    "dcterms:isPartOf": ("del av", "part of"),
    "dcterms:hasPart": ("har del", "has part"),
    "dcterms:subject": ("ämne", "subject"),
    "dcterms:date": ("datum", "date"),
    "dcterms:source": ("källa", "source"),
    "prov:wasDerivedFrom": ("härlett ur", "derived from"),
    "org:Organization": ("organisation", "organisation"),
    "org:subOrganizationOf": ("del av organisation", "sub-organisation of"),
    "foaf:Document": ("dokument", "document"),
    "eli:LegalResource": ("rättsakt", "legal resource"),
    "eli:passed_by": ("beslutat av", "passed by"),
    "eli:date_document": ("beslutsdatum", "date of decision"),
    "eli:id_local": ("lokal identifierare", "local identifier"),
    "eli:title": ("titel", "title"),
    "qb:Observation": ("observation", "observation"),
    "qb:DataSet": ("datamängd", "data set"),
    "qb:dataSet": ("datamängd", "data set"),
    "qb:structure": ("struktur", "structure"),
    "sdmx-dimension:refPeriod": ("period", "reference period"),
    "sdmx-measure:obsValue": ("värde", "observed value"),
    "dcat:Dataset": ("datamängd", "dataset"),
}


def compact(iri: str) -> str:
    """``iri`` as ``prefix:local`` when a known namespace holds it, else unchanged."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def term_label(iri: str) -> str:
    """A class or property as "svenska / English" (one of them when both are the same), or
    its compact IRI when it has no label."""
    names = _ontology_labels().get(iri) or _REUSED.get(compact(iri))
    if names is None:
        return compact(iri)
    swedish, english = names
    if swedish.casefold() == english.casefold():
        return swedish[:1].upper() + swedish[1:]
    return f"{swedish[:1].upper()}{swedish[1:]} / {english}"


@cache
def _ontology_labels() -> dict[str, tuple[str, str]]:
    """``{term IRI: (Swedish label, English label)}`` from the ontology's ``rdfs:label``."""
    text = files("ontology").joinpath("styrgraf.ttl").read_bytes()
    labels: dict[str, dict[str, str]] = {}
    for triple in ox.parse(text, format=ox.RdfFormat.TURTLE):
        if (
            triple.predicate.value == PREFIXES["rdfs"] + "label"
            and isinstance(triple.subject, ox.NamedNode)
            and isinstance(triple.object, ox.Literal)
            and triple.object.language in {"sv", "en"}
        ):
            labels.setdefault(triple.subject.value, {})[triple.object.language] = triple.object.value
    return {
        iri: (names.get("sv", names.get("en", "")), names.get("en", names.get("sv", "")))
        for iri, names in labels.items()
    }
