"""Content negotiation: ``Accept`` with q-values, overridden by a ``format`` parameter or suffix."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

__all__ = ["Choice", "NotAcceptable", "RESULT_FORMATS", "RDF_FORMATS", "negotiate"]


@dataclass(frozen=True, slots=True)
class Choice:
    """A format the client accepts: its media type, short name and pyoxigraph format."""

    media_type: str
    name: str
    format: ox.QueryResultsFormat | ox.RdfFormat | None


class NotAcceptable(Exception):
    """None of the formats the client accepts can be produced."""

    def __init__(self, accept: str, offered: list[Choice]) -> None:
        self.offered = offered
        names = ", ".join(choice.media_type for choice in offered)
        super().__init__(f"cannot produce any of {accept!r}; available: {names}")


RESULT_FORMATS = [
    Choice("application/sparql-results+json", "json", ox.QueryResultsFormat.JSON),
    Choice("application/sparql-results+xml", "xml", ox.QueryResultsFormat.XML),
    Choice("text/csv", "csv", ox.QueryResultsFormat.CSV),
    Choice("text/tab-separated-values", "tsv", ox.QueryResultsFormat.TSV),
    Choice("application/json", "json", ox.QueryResultsFormat.JSON),
    Choice("application/xml", "xml", ox.QueryResultsFormat.XML),
]
"""SELECT/ASK result formats, preferred first."""

RDF_FORMATS = [
    Choice("text/turtle", "turtle", ox.RdfFormat.TURTLE),
    Choice("application/n-triples", "ntriples", ox.RdfFormat.N_TRIPLES),
    Choice("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
    Choice("application/rdf+xml", "rdfxml", ox.RdfFormat.RDF_XML),
    Choice("application/n-quads", "nquads", ox.RdfFormat.N_QUADS),
    Choice("application/trig", "trig", ox.RdfFormat.TRIG),
    Choice("text/plain", "ntriples", ox.RdfFormat.N_TRIPLES),
]
"""CONSTRUCT/DESCRIBE formats, preferred first."""

_ALIASES = {"ttl": "turtle", "nt": "ntriples", "json-ld": "jsonld", "rdf": "rdfxml", "nq": "nquads"}


def negotiate(accept: str | None, offered: list[Choice], *, format_name: str | None = None) -> Choice:
    """The best of ``offered`` for an ``Accept`` header, or the one named by ``format_name``.

    :raises NotAcceptable: nothing offered is acceptable (answer 406).
    """
    if format_name:
        wanted = _ALIASES.get(format_name.lower(), format_name.lower())
        for choice in offered:
            if wanted in {choice.name, choice.media_type}:
                return choice
        raise NotAcceptable(f"format={format_name}", offered)
    ranges = _parse_accept(accept or "*/*")
    best: tuple[float, int, Choice] | None = None
    for index, choice in enumerate(offered):
        quality = _quality(choice.media_type, ranges)
        if quality > 0 and (best is None or (quality, -index) > (best[0], best[1])):
            best = (quality, -index, choice)
    if best is None:
        raise NotAcceptable(accept or "", offered)
    return best[2]


def _parse_accept(accept: str) -> list[tuple[str, float, int]]:
    """(media range, q, specificity) for each entry of an Accept header."""
    ranges: list[tuple[str, float, int]] = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, quality, specificity))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float, int]]) -> float:
    """q of the most specific range matching ``media_type`` (0 if none)."""
    best_specificity, quality = -1, 0.0
    major = media_type.split("/")[0]
    for media, q, specificity in ranges:
        if media in {media_type, f"{major}/*", "*/*"} and specificity > best_specificity:
            best_specificity, quality = specificity, q
    return quality
