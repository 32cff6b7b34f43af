from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.store import FORMATS, GraphStore
from styrgraf.errors import IngestError, QuerySyntaxError, StoreError

EX = "http://example.org/"


def quads(graph: ox.NamedNode, n: int, label: str = "x") -> list[ox.Quad]:
    node = ox.BlankNode()
    rows = [
        ox.Quad(
            ox.NamedNode(f"{EX}s{i}"),
            ox.NamedNode(f"{EX}p"),
            ox.Literal(f'{label} "{i}" å\n', language="sv"),
            graph,
        )
        for i in range(n)
    ]
    rows.append(ox.Quad(ox.NamedNode(f"{EX}s0"), ox.NamedNode(f"{EX}q"), node, graph))
    rows.append(
        ox.Quad(
            node,
            ox.NamedNode(f"{EX}v"),
            ox.Literal("1.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
            graph,
        )
    )
    return rows


def test_replace_graphs_replaces_only_the_named_graphs(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    a, b = ox.NamedNode(f"{EX}graph/a"), ox.NamedNode(f"{EX}graph/b")
    store.replace_graphs({a: quads(a, 3), b: quads(b, 2)})
    assert (store.graph_size(a), store.graph_size(b)) == (5, 4)
    store.replace_graphs({a: quads(a, 1, "new")})
    assert (store.graph_size(a), store.graph_size(b)) == (3, 4)
    labels = {
        str(q.object.value) for q in store.oxigraph.quads_for_pattern(None, ox.NamedNode(f"{EX}p"), None, a)
    }
    assert labels == {'new "0" å\n'}


def test_replace_graphs_failing_midway_leaves_every_graph_as_it_was(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    a, b = ox.NamedNode(f"{EX}graph/a"), ox.NamedNode(f"{EX}graph/b")
    store.replace_graphs({a: quads(a, 3)})
    before = sorted(str(q) for q in store.oxigraph)
    shared = ox.BlankNode()  # one blank node in two graphs of one request is rejected by the parser
    bad_a = quads(a, 1) + [ox.Quad(shared, ox.NamedNode(f"{EX}p"), ox.Literal("x"), a)]
    bad_b = [ox.Quad(shared, ox.NamedNode(f"{EX}p"), ox.Literal("y"), b)]
    with pytest.raises(IngestError, match="store unchanged"):
        store.replace_graphs({a: bad_a, b: bad_b})
    assert sorted(str(q) for q in store.oxigraph) == before


def test_store_reopens_with_its_graphs(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = GraphStore.open(path)
    g = ox.NamedNode(f"{EX}graph/a")
    store.replace_graphs({g: quads(g, 2)})
    store.flush()
    del store
    assert GraphStore.open(path).named_graphs() == [g]


def test_query_uses_union_default_graph_and_reports_syntax_errors_with_position() -> None:
    store = GraphStore.open()
    a, b = ox.NamedNode(f"{EX}graph/a"), ox.NamedNode(f"{EX}graph/b")
    store.replace_graphs({a: quads(a, 2), b: quads(b, 3)})
    [row] = list(store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{EX}p> ?o }}"))
    assert row["n"].value == "3"
    [row] = list(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}p> ?o }}", default_graph=[a]))
    assert row["n"].value == "2"
    with pytest.raises(QuerySyntaxError, match=r"error at 1:\d+"):
        store.query("SELEKT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_dump_and_load_round_trip_in_every_format(fmt: str) -> None:
    store = GraphStore.open()
    a = ox.NamedNode(f"{EX}graph/a")
    store.replace_graphs({a: quads(a, 3)})
    buffer = io.BytesIO()
    store.dump(buffer, fmt)
    copy = GraphStore.open()
    target = None if FORMATS[fmt].supports_datasets else a
    copy.load(buffer.getvalue(), fmt, graph=target)
    assert copy.graph_size(a) == 5
    assert copy.named_graphs() == [a]


def test_load_of_malformed_data_adds_nothing() -> None:
    store = GraphStore.open()
    with pytest.raises(StoreError, match="cannot load turtle"):
        store.load(b"<a> <b> <c> . <broken", "turtle", graph=ox.NamedNode(f"{EX}g"))
    assert len(store) == 0


def test_unknown_format_is_named() -> None:
    with pytest.raises(StoreError, match="unknown RDF format 'yaml'"):
        GraphStore.open().dump(io.BytesIO(), "yaml")


def test_a_checkpoint_opens_read_only_beside_the_writer_and_keeps_its_generation(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    g = ox.NamedNode(f"{EX}graph/a")
    assert store.generation == 0
    store.replace_graphs({g: quads(g, 3)})
    assert store.generation == 1
    assert store.checkpoint(tmp_path / "checkpoint") == 1
    store.update(f"DROP GRAPH {g}")
    assert store.generation == 2 and len(store) == 0
    snapshot = GraphStore.open(tmp_path / "checkpoint", read_only=True)
    assert snapshot.named_graphs() == [g] and len(snapshot) == 5
    with pytest.raises(StoreError, match="in-memory store cannot be backed up"):
        GraphStore.open().checkpoint(tmp_path / "nowhere")
