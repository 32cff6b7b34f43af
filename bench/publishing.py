"""Publishing section: what the first request for each published file costs, per corpus scale.

On the store of each ``--scales`` corpus (``bench.ingest.ensure_store``), opened read-only, best of
``--repeat`` runs: the dataset description (its named queries, then building and serialising it as
Turtle), each dump written to a file (the server does this once per state of the store and then
streams the file), and the sitemap's query. The ontology's pyLODE page is made once per process, so
its first (and only) generation is timed once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox

from bench.common import BASE, BenchOptions, Section, best_of, timed
from bench.ingest import ensure_store
from graph.catalogue import Publication, describe_dataset, serialize_description
from graph.dumps import DUMPS, write_dump
from graph.ontology_docs import ontology_html
from graph.store import GraphStore
from queries.catalogue import dataset_statistics, sitemap_entities

__all__ = ["run"]

PUBLICATION = Publication(
    base=BASE,
    publisher_name="Linköpings kommun",
    licence="http://creativecommons.org/publicdomain/zero/1.0/",
    contact_name="Linköpings kommun",
    contact_email="kommunen@linkoping.se",
    spatial="http://publications.europa.eu/resource/authority/country/SWE",
)


def run(options: BenchOptions) -> Section:
    """One row per published file and scale."""
    section = Section("Publishing: first request per store state", ["scale", "what", "seconds", "size"])
    for scale in options.scales:
        _measure_scale(section, options, scale)
    seconds, html = timed(ontology_html)
    section.add("—", "/ontology.html (pyLODE, once per process)", f"{seconds:.3f}", f"{len(html):,} B")
    section.notes.append("the server keeps the description and the dump files until the store changes")
    return section


def _measure_scale(section: Section, options: BenchOptions, scale: int) -> None:
    repeat = 1 if options.quick else options.repeat
    store = GraphStore.open(ensure_store(options, scale), read_only=True)

    def describe() -> bytes:
        triples = describe_dataset(PUBLICATION, dataset_statistics(store, BASE))
        return serialize_description(triples, ox.RdfFormat.TURTLE)

    seconds, body = best_of(repeat, describe)
    section.add(f"{scale}×", "/catalog (VoID + DCAT, Turtle)", f"{seconds:.3f}", f"{len(body):,} B")
    with tempfile.TemporaryDirectory() as tmp:
        for name, dump in DUMPS.items():
            target = Path(tmp) / name

            def write(target: Path = target, fmt: str = dump.format, packed: bool = dump.compressed) -> int:
                with target.open("wb") as handle:
                    write_dump(store, fmt, handle, compress=packed)
                return target.stat().st_size

            seconds, size = best_of(repeat, write)
            section.add(f"{scale}×", f"/dumps/{name}", f"{seconds:.3f}", f"{size:,} B")
    seconds, urls = best_of(repeat, lambda: sitemap_entities(store, BASE))
    section.add(f"{scale}×", "/sitemap.xml (query)", f"{seconds:.3f}", f"{len(urls):,} URLs")
