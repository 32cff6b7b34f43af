"""Ingest on the real seeds: all or nothing, and re-ingest is idempotent.

Keys are minted when an entity is first met and never renamed afterwards (IRIs are stable), so a
document ingested on its own later resolves to what the store already holds.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.ingest import ingest_documents, known_entities
from graph.store import GraphStore
from styrgraf.errors import DocumentError

BASE = "http://127.0.0.1:8000/"
FIRST = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
LATER = datetime(2026, 2, 3, 4, 5, 6, 789, tzinfo=UTC)
GENERATED = "<http://www.w3.org/ns/prov#generatedAtTime>"


def dump(store: GraphStore) -> list[str]:
    buffer = io.BytesIO()
    store.dump(buffer, "nquads")
    return sorted(line for line in buffer.getvalue().decode().splitlines() if line)


@pytest.fixture(scope="module")
def batch(seed_paths: list[Path]) -> list[str]:
    store = GraphStore.open()
    ingest_documents(store, seed_paths, base=BASE, now=FIRST)
    return dump(store)


def test_reingesting_every_document_changes_nothing(seed_paths: list[Path], batch: list[str]) -> None:
    store = GraphStore.open()
    ingest_documents(store, seed_paths, base=BASE, now=FIRST)
    for path in seed_paths:
        ingest_documents(store, [path], base=BASE, now=LATER)
    assert dump(store) == batch
    stamps = [line for line in batch if GENERATED in line]
    assert len(stamps) == len(seed_paths)
    assert all('"2026-01-02T03:04:05Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in s for s in stamps)


def test_reingest_stamps_a_changed_graph_with_the_new_time(seed_paths: list[Path]) -> None:
    store = GraphStore.open()
    ingest_documents(store, seed_paths[:2], base=BASE, now=FIRST)
    changed, kept = (f"{BASE}graph/{path.stem}" for path in seed_paths[:2])
    store.update(
        f"DELETE WHERE {{ GRAPH <{changed}> {{ ?s <{BASE}no-such-link> ?o }} }} ;"
        f"INSERT DATA {{ GRAPH <{changed}> {{ <{BASE}id/x> <{BASE}id/y> <{BASE}id/z> }} }}"
    )
    ingest_documents(store, seed_paths[:2], base=BASE, now=LATER)
    stamps = {line.rsplit(" ", 2)[1]: line for line in dump(store) if GENERATED in line}
    assert '"2026-02-03T04:05:06Z"' in stamps[f"<{changed}>"]
    assert '"2026-01-02T03:04:05Z"' in stamps[f"<{kept}>"]


def test_a_bad_document_in_a_batch_writes_nothing(seed_paths: list[Path], tmp_path: Path) -> None:
    store = GraphStore.open()
    ingest_documents(store, seed_paths[:2], base=BASE)
    before = dump(store)
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"Verksamhetsber\xc3\xa4ttelse 2021\n\x00\x01\x02")
    with pytest.raises(DocumentError, match=r"^scan.txt:2: document is binary"):
        ingest_documents(store, [*seed_paths, binary], base=BASE)
    assert dump(store) == before


def test_known_entities_read_back_keys_and_every_label(seed_paths: list[Path]) -> None:
    store = GraphStore.open()
    ingest_documents(store, seed_paths, base=BASE)
    known = known_entities(store, base=BASE)
    assert ("organisation", "kommunstyrelsen", "Kommunstyrelsen") in known
    assert ("organisation", "it-service", "LKDATA") in known
    assert any(kind == "goal" and key == "kommunstyrelsen/giftfri-miljo" for kind, key, _ in known)


def test_an_ingest_on_disk_leaves_its_triples_in_the_table_files(
    seed_paths: list[Path], tmp_path: Path
) -> None:
    """Flushed, not only logged: the next process opening the store need not replay the write log."""
    store = GraphStore.open(tmp_path / "store")
    ingest_documents(store, seed_paths[2:3], base=BASE)
    tables = sum(path.stat().st_size for path in (tmp_path / "store").glob("*.sst"))
    assert tables > 1_000_000  # the document's 7,000 triples; unflushed, the tables hold ~1 KB
