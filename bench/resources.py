"""Resources section: what dereferencing one IRI costs — ``/id/…`` and ``/graph/…`` — per corpus scale.

On the store of each ``--scales`` corpus (``bench.ingest.ensure_store``), opened read-only, best of
``--repeat`` runs of what ``api/resources.py`` does for a Turtle request: the ``ASK``, the
``CONSTRUCT`` of the description, sorting and serialising it, and the ``Last-Modified`` query. The
IRIs are the seed documents' biggest hubs (the organisation and the period most linked to, a
report, the ingest report with 1,200 OCR repairs) beside an ordinary goal and decision, and one
document graph whole. An IRI a scaled corpus does not hold is left out.
"""

from __future__ import annotations

import pyoxigraph as ox

from api.negotiation import RESOURCE_FORMATS
from api.resources import GRAPH, RESOURCE, Kind, describe, exists, last_modified
from bench.common import BASE, BenchOptions, Section, best_of
from bench.ingest import ensure_store
from graph.store import GraphStore
from queries import run_named_query

__all__ = ["run"]

IRIS: tuple[tuple[Kind, str], ...] = (
    (RESOURCE, "id/org/kommunstyrelsen"),
    (RESOURCE, "id/period/2018"),
    (RESOURCE, "id/document/001_fea688bc18067ec8"),
    (RESOURCE, "id/ingest/004_0587bfff7451c447"),
    (RESOURCE, "id/goal/kommunstyrelsen/giftfri-miljo"),
    (RESOURCE, "id/decision/kommunstyrelsen/2020-01-14/3"),
    (GRAPH, "graph/001_fea688bc18067ec8"),
)
"""What is measured, as paths under the base."""

TURTLE = RESOURCE_FORMATS[0]


def run(options: BenchOptions) -> Section:
    """One row per IRI and scale."""
    section = Section(
        "Resources: one Turtle answer (ASK, CONSTRUCT, sort + serialise, Last-Modified)",
        ["scale", "IRI", "triples", "ms", "of which CONSTRUCT ms", "size"],
    )
    for scale in options.scales:
        _measure_scale(section, options, scale)
    section.notes.append("HTTP and the HTML page are not included; see docs/linked-data.md")
    return section


def _measure_scale(section: Section, options: BenchOptions, scale: int) -> None:
    repeat = 1 if options.quick else options.repeat
    store = GraphStore.open(ensure_store(options, scale), read_only=True)
    for kind, path in IRIS:
        iri = BASE + path
        if not exists(store, kind, iri):
            continue

        def answer(kind: Kind = kind, iri: str = iri) -> bytes:
            exists(store, kind, iri)
            body = describe(store, kind, iri, TURTLE)
            last_modified(store, kind, iri)
            return body

        def construct(kind: Kind = kind, iri: str = iri) -> list[ox.Triple]:
            return list(run_named_query(store, kind.describe, {kind.param: iri}))

        seconds, body = best_of(repeat, answer)
        query_seconds, triples = best_of(repeat, construct)
        section.add(
            f"{scale}×",
            path,
            f"{len(set(triples)):,}",
            f"{seconds * 1000:.1f}",
            f"{query_seconds * 1000:.1f}",
            f"{len(body):,} B",
        )
