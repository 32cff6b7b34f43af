"""Content negotiation: ``Accept`` with q-values, overridden by a ``format`` parameter or suffix.

Resources (``/id/…``, ``/graph/…``) are offered in :data:`RESOURCE_FORMATS`; a path ending in one of
:data:`SUFFIXES` names one of them (``/id/org/kommunstyrelsen.ttl``), see :func:`split_suffix`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

__all__ = [
    "HTML",
    "RDF_FORMATS",
    "RESOURCE_FORMATS",
    "RESULT_FORMATS",
    "SUFFIXES",
    "Choice",
    "NotAcceptable",
    "negotiate",
    "split_suffix",
    "suffix_of",
]


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

HTML = Choice("text/html", "html", None)
"""A page for people."""

RESOURCE_FORMATS = [*RDF_FORMATS[:4], HTML]
"""What a resource IRI answers in, preferred first: Turtle for ``*/*``; a browser asks for HTML."""

SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".rdf": "rdfxml", ".html": "html"}
"""Path suffix → format name, for the resource routes."""

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


def split_suffix(path: str) -> tuple[str, Choice] | None:
    """``path`` without a format suffix, and the format the suffix names (None without one).

    >>> split_suffix("id/org/kommunstyrelsen.ttl")[0]
    'id/org/kommunstyrelsen'
    """
    for suffix, name in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], next(c for c in RESOURCE_FORMATS if c.name == name)
    return None


def suffix_of(choice: Choice) -> str:
    """The path suffix naming ``choice`` (``.ttl`` for Turtle)."""
    return next(suffix for suffix, name in SUFFIXES.items() if name == choice.name)
