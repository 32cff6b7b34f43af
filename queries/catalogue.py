"""What the dataset description and the sitemap need from the store, read with named queries.

:func:`dataset_statistics` runs ``void_properties``, ``class_counts``, ``void_entities``,
``graph_sizes``, ``void_modified``, ``void_examples`` and ``documents`` and hands the numbers to
``graph.catalogue.describe_dataset``; :func:`sitemap_entities` lists the entity IRIs that have pages.
"""

from __future__ import annotations

from graph.backend import GraphBackend
from graph.catalogue import DatasetStatistics, GraphSubset
from queries.run import select_rows

__all__ = ["dataset_statistics", "sitemap_entities"]


def dataset_statistics(store: GraphBackend, base: str) -> DatasetStatistics:
    """VoID's numbers for the store whose IRIs are minted under ``base``."""
    uri_space = {"uriSpace": f"{base}id/"}
    properties = {row["property"]: row["triples"] for row in select_rows(store, "void_properties")}
    classes = {row["class"]: row["entities"] for row in select_rows(store, "class_counts")}
    entities = select_rows(store, "void_entities", uri_space)
    documents = {row["document"]: row for row in select_rows(store, "documents")}
    modified = {row["graph"]: row["modified"] for row in select_rows(store, "void_modified")}
    subsets = []
    for row in select_rows(store, "graph_sizes"):
        stem = row["graph"].rsplit("/", 1)[-1]
        document = documents.get(f"{base}id/document/{stem}")
        title = None if document is None or "title" not in document else f"{document['title']} ({stem})"
        subsets.append(
            GraphSubset(
                graph=row["graph"],
                triples=row["triples"],
                document=None if document is None else document["document"],
                title=title,
                modified=modified.get(row["graph"]),
            )
        )
    return DatasetStatistics(
        triples=sum(properties.values()),
        entities=entities[0]["entities"] if entities else 0,
        properties=properties,
        classes=classes,
        graphs=tuple(subsets),
        examples=tuple(row["example"] for row in select_rows(store, "void_examples", uri_space)),
        years=tuple(sorted({row["documentYear"] for row in documents.values() if "documentYear" in row})),
    )


def sitemap_entities(store: GraphBackend, base: str) -> list[str]:
    """IRIs of the goals, indicators, decisions, organisations and documents under ``{base}id/``."""
    return [row["entity"] for row in select_rows(store, "sitemap_entities", {"uriSpace": f"{base}id/"})]
