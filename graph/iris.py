"""Minting stable, readable IRIs for everything the graph holds (see ``docs/iris.md``).

Names are resolved to keys by the :class:`~graph.resolve.EntityResolver` (so "KS" and
"Kommunstyrelsen" can share one IRI), then slugified into path segments under a configurable
base: ``{base}id/goal/kommunstyrelsen/giftfri-miljo``, ``{base}id/decision/ks/2020-05-05/132``,
``{base}id/org/barn-och-ungdomsnamnden``, ``{base}id/document/<stem>``, ``{base}graph/<stem>``.
Re-ingesting a document, or ingesting another year, yields the same IRI for the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from pyoxigraph import NamedNode

from graph.resolve import EntityResolver, slugify

__all__ = ["DEFAULT_BASE", "IriMinter", "document_stem", "normalise_base", "path_segment"]

DEFAULT_BASE = "http://127.0.0.1:8000/"

_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")


@lru_cache(maxsize=64)
def normalise_base(base: str) -> str:
    """The base with exactly one trailing slash: "http://x/data" → "http://x/data/"."""
    if not re.match(r"^[a-z][a-z0-9+.-]*://", base):
        raise ValueError(f"IRI base {base!r} is not an absolute http(s) IRI")
    return base.rstrip("/") + "/"


@lru_cache(maxsize=1024)
def document_stem(source: str) -> str:
    """The stem a document's IRIs are minted from: "000_bbff43da3c846827.txt" → "000_bbff43da3c846827"."""
    return path_segment(PurePosixPath(source).stem or source)


def path_segment(text: str) -> str:
    """``text`` as one IRI path segment: kept when already safe (file stems), else slugified."""
    text = text.strip()
    if _SAFE_SEGMENT.fullmatch(text):
        return text
    return slugify(text) or "x"


@dataclass(frozen=True, slots=True)
class IriMinter:
    """Mints the IRIs of one ingest under ``base``, resolving names through ``resolver``."""

    base: str
    resolver: EntityResolver
    _organisation_keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def _iri(self, *segments: str) -> NamedNode:
        return NamedNode(normalise_base(self.base) + "/".join(segments))

    def graph(self, source: str) -> NamedNode:
        """The named graph holding everything read from the document ``source``."""
        return self._iri("graph", document_stem(source))

    def document(self, key: str) -> NamedNode:
        """A document by key: the file stem, or ``stem#part`` for a part (``…/document/stem/part``)."""
        stem, _, part = key.partition("#")
        segments = [document_stem(stem)] + ([path_segment(part)] if part else [])
        return self._iri("id", "document", *segments)

    def attachment(self, source: str, title: str, number: int | None) -> NamedNode:
        """A bilaga listed by a document: ``…/document/<stem>/bilaga-<n>`` (or the title's slug)."""
        name = f"bilaga-{number}" if number is not None else slugify(title) or "bilaga"
        return self._iri("id", "document", document_stem(source), name)

    def passage(self, source: str, first_line: int, last_line: int) -> NamedNode:
        """The source passage (line span) of a fact: ``…/document/<stem>/lines/12-14``."""
        return self._iri("id", "document", document_stem(source), "lines", f"{first_line}-{last_line}")

    def organisation_key(self, name: str) -> str:
        """The resolver's key for ``name``, asked once per spelling so one ingest mints one IRI."""
        if name not in self._organisation_keys:
            self._organisation_keys[name] = self.resolver.organisation(name).key
        return self._organisation_keys[name]

    def organisation(self, name: str) -> NamedNode:
        """An organisation by name as printed: ``…/id/org/barn-och-ungdomsnamnden``."""
        return self._iri("id", "org", *_segments(self.organisation_key(name)))

    def goal(self, title: str, owner: str | None) -> NamedNode:
        """A goal by title within its owner: ``…/id/goal/kommunstyrelsen/giftfri-miljo``."""
        owner_key = self.organisation_key(owner) if owner else None
        return self._iri("id", "goal", *_segments(self.resolver.goal(title, owner_key).key))

    def goal_label(self, title: str, owner: str | None) -> str:
        """The preferred label of the goal ``title`` resolves to (the best spelling met so far)."""
        owner_key = self.organisation_key(owner) if owner else None
        return self.resolver.goal(title, owner_key).label

    def indicator(self, name: str, owner: str | None, source: str) -> NamedNode:
        """An indicator within its owner (the reporting organisation), or within its document."""
        scope = _segments(self.organisation_key(owner)) if owner else [document_stem(source)]
        return self._iri("id", "indicator", *scope, slugify(name) or "indikator")

    def decision(self, body: str, date: str | None, paragraph: int, source: str) -> NamedNode:
        """A decision by deciding body, meeting date and §: ``…/id/decision/ks/2020-05-05/132``.

        Without a date the document stem stands in for it, so two undated § in different
        protocols never merge.
        """
        when = date if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else document_stem(source)
        return self._iri("id", "decision", *_segments(self.organisation_key(body)), when, str(paragraph))

    def reference(self, source: str, line: int, ordinal: int) -> NamedNode:
        """A citation of a decision, never the decision: ``…/id/reference/<stem>/186-1``."""
        return self._iri("id", "reference", document_stem(source), f"{line}-{ordinal}")

    def period(self, period: str) -> NamedNode:
        """A reporting period by its printed name: ``…/id/period/2020``."""
        return self._iri("id", "period", slugify(period) or "okand")

    def breakdown(self, name: str) -> NamedNode:
        """A breakdown code ("Kvinnor", "Gator/torg"): ``…/id/breakdown/kvinnor``."""
        return self._iri("id", "breakdown", slugify(name) or "okand")

    def dataset(self, source: str) -> NamedNode:
        """The Data Cube data set of a document's indicator values."""
        return self._iri("id", "dataset", document_stem(source), "indicators")

    def local(self, kind: str, source: str, *parts: str) -> NamedNode:
        """A document-local node (assessment, observation, transfer …): ``…/id/<kind>/<stem>/<parts>``."""
        return self._iri("id", kind, document_stem(source), *(path_segment(p) for p in parts))

    def ingest_report(self, source: str) -> NamedNode:
        return self._iri("id", "ingest", document_stem(source))


def _segments(key: str) -> list[str]:
    """A resolver key ("kommunstyrelsen/giftfri-miljo") as path segments, each made safe."""
    return [path_segment(part) for part in key.split("/") if part]
