"""The remote backend against a real Oxigraph server process on loopback, beside the embedded store.

One server is started for the module and the five seeds are ingested into it through
``styrgraf ingest`` with ``STYRGRAF_BACKEND=remote``; the embedded store ingested from the same
seeds is the reference. Every named query (with each parameter alone and all together) and every
trace must give the same results on both. Tests that write use a second, in-memory server loaded
with the embedded store's dump.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from graph.backend import open_store
from graph.ingest import ingest_documents
from graph.remote import RemoteGraphStore
from graph.store import GraphStore
from queries import all_queries, run_named_query, select_rows
from queries.trace import decision_trace, goal_trace, indicator_trace
from styrgraf.errors import DocumentError, IngestError, QuerySyntaxError, StoreError
from styrgraf.settings import load_settings
from tests.live import serving
from tests.queries.test_named_queries import (
    BASE,
    DOC_2020,
    GIFTFRI,
    KS,
    PLATFORM_DECISION,
    ingested_seed_store,
)

pytestmark = pytest.mark.live

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


@contextmanager
def oxigraph_server(location: Path | None, *, union_default_graph: bool = True) -> Iterator[str]:
    """``oxigraph serve`` on a free loopback port; yields its base URL once it answers a query."""
    with oxigraph_process(location, union_default_graph=union_default_graph) as (base, _):
        yield base


@contextmanager
def oxigraph_process(
    location: Path | None, *, union_default_graph: bool = True
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """The server's base URL and process (to stop it early), once it answers a query."""
    assert OXIGRAPH is not None, "the oxigraph server binary is missing: pip install -e '.[test]'"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"]
    command += ["--location", str(location)] if location is not None else []
    command += ["--union-default-graph"] if union_default_graph else []
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise AssertionError(f"oxigraph server did not start: {log.read()}")
                time.sleep(0.05)
            yield base, process
        finally:
            process.terminate()
            process.wait(timeout=10)


def remote_env(base: str) -> dict[str, str]:
    return {
        "STYRGRAF_BACKEND": "remote",
        "STYRGRAF_SPARQL_QUERY_URL": f"{base}/query",
        "STYRGRAF_SPARQL_UPDATE_URL": f"{base}/update",
        "STYRGRAF_GRAPH_STORE_URL": f"{base}/store",
    }


def styrgraf(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "styrgraf", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def open_remote(env: dict[str, str]) -> RemoteGraphStore:
    store = open_store(load_settings(**{key.removeprefix("STYRGRAF_").lower(): v for key, v in env.items()}))
    assert isinstance(store, RemoteGraphStore)
    return store


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> GraphStore:
    return GraphStore.open(ingested_seed_store(tmp_path_factory, seeds_dir), read_only=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[dict[str, str]]:
    """An Oxigraph server holding the five seeds, ingested through the CLI with the remote switch."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        env = remote_env(base)
        result = styrgraf("ingest", str(seeds_dir), env=env, cwd=tmp_path_factory.mktemp("cli"))
        assert result.returncode == 0, result.stderr
        assert result.stdout.count(" triples — ") == 5
        assert f"ingested 5 document(s) into the SPARQL server at {base}/query" in result.stdout
        yield env


@pytest.fixture(scope="module")
def remote(server: dict[str, str]) -> Iterator[RemoteGraphStore]:
    store = open_remote(server)
    yield store
    store.close()


GENERATED_AT = ox.NamedNode("http://www.w3.org/ns/prov#generatedAtTime")


def quads(store: Any) -> set[ox.Quad]:
    """Every quad of a dump, but the time each graph was ingested (which differs between ingests)."""
    output = io.BytesIO()
    store.dump(output, "nquads")
    return {q for q in ox.parse(output.getvalue(), ox.RdfFormat.N_QUADS) if q.predicate != GENERATED_AT}


def test_remote_store_holds_exactly_the_embedded_graphs(
    remote: RemoteGraphStore, embedded: GraphStore
) -> None:
    assert remote.named_graphs() == embedded.named_graphs()
    assert len(remote.named_graphs()) == 5
    assert len(remote) == len(embedded) > 30_000
    for graph in embedded.named_graphs():
        assert remote.graph_size(graph) == embedded.graph_size(graph)
    assert quads(remote) == quads(embedded)


PARAMETER_VALUES = {
    "goal": [GIFTFRI, f"{BASE}id/goal/kommunstyrelsen/ett-starkt-entreprenorskap-och-vaxande-naringsliv"],
    "organisation": [KS],
    "body": [KS],
    "decision": [PLATFORM_DECISION],
    "document": [DOC_2020],
    "resource": [GIFTFRI, KS],
    "graph": [f"{BASE}graph/000_bbff43da3c846827"],
    "uriSpace": [f"{BASE}id/"],
    "q": ["plast", 'a"}) ; DROP ALL #'],
    "level": ["board", "council"],
    "status": ["not-fulfilled", "fulfilled"],
    "kind": ["board"],
    "type": ["verksamhetsberattelse"],
    "from": ["2020"],
    "to": ["2024"],
}


def parameter_sets(name: str, embedded: GraphStore) -> list[dict[str, str]]:
    """Each parameter alone (every listed value) and all together, required ones always given."""
    params = all_queries()[name].params

    def values(param: Any) -> list[str]:
        if param.name == "year":
            return ["2020"]
        if param.name == "indicator":
            return [row["indicator"] for row in select_rows(embedded, "indicators", {"q": "plast"})]
        return PARAMETER_VALUES[param.name]

    first = {p.name: values(p)[0] for p in params}
    required = {p.name: first[p.name] for p in params if p.required}
    sets = [{**required, p.name: v} for p in params for v in values(p)]
    return [required, *sets, first]


def answer(store: Any, name: str, params: dict[str, str]) -> Counter[Any]:
    """The query's answer as a multiset: solution rows, triples, or the boolean. The times graphs
    were ingested differ between the two ingests, so ``xsd:dateTime`` values are compared as such."""
    result = run_named_query(store, name, params)
    if isinstance(result, ox.QueryBoolean):
        return Counter([bool(result)])
    if isinstance(result, ox.QueryTriples):
        return Counter(ox.Triple(t.subject, t.predicate, _timeless(t.object)) for t in result)
    names = [v.value for v in result.variables]
    return Counter(tuple(_timeless(row[v]) for v in names) for row in result)


def _timeless(term: Any) -> Any:
    return DATE_TIME if isinstance(term, ox.Literal) and term.datatype == DATE_TIME.datatype else term


DATE_TIME = ox.Literal("2000-01-01T00:00:00Z", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime"))


@pytest.mark.parametrize("name", sorted(all_queries()))
def test_named_query_gives_the_embedded_results(
    name: str, remote: RemoteGraphStore, embedded: GraphStore
) -> None:
    found = 0
    for params in parameter_sets(name, embedded):
        expected = answer(embedded, name, params)
        assert answer(remote, name, params) == expected, params
        found += sum(expected.values()) if expected != Counter([False]) else 0
    assert found > 0


def test_goal_indicator_and_decision_traces_equal_the_embedded_ones(
    remote: RemoteGraphStore, embedded: GraphStore
) -> None:
    goals = [row["goal"] for row in select_rows(embedded, "goals", {"organisation": KS})]
    assert GIFTFRI in goals and len(goals) >= 10
    for goal in goals[::7]:
        assert goal_trace(remote, goal) == goal_trace(embedded, goal), goal
    assert goal_trace(remote, GIFTFRI, year="2020") == goal_trace(embedded, GIFTFRI, year="2020")
    cups = select_rows(embedded, "indicators", {"goal": GIFTFRI, "q": "plastbagare"})[0]["indicator"]
    assert indicator_trace(remote, cups) == indicator_trace(embedded, cups)
    assert decision_trace(remote, PLATFORM_DECISION) == decision_trace(embedded, PLATFORM_DECISION)
    assert goal_trace(remote, f"{BASE}id/goal/nobody/nothing") is None


def test_cli_trace_reads_the_remote_store(
    server: dict[str, str], embedded: GraphStore, tmp_path: Path
) -> None:
    traced = styrgraf("trace", "Giftfri miljö", "--json", env=server, cwd=tmp_path)
    assert traced.returncode == 0, traced.stderr
    document = json.loads(traced.stdout)
    assert document["goal"]["id"] == GIFTFRI
    assert [a["status"] for a in document["assessments"]] == [
        a["status"] for a in goal_trace(embedded, GIFTFRI)["assessments"]  # type: ignore[index]
    ]


def test_served_api_and_sparql_endpoint_answer_from_the_remote_store(
    server: dict[str, str], embedded: GraphStore, tmp_path: Path
) -> None:
    with serving(tmp_path / "unused-store", **server) as base, httpx.Client(base_url=base, timeout=60) as api:
        health = api.get("/health")
        assert health.status_code == 200, health.text
        assert not (tmp_path / "unused-store").exists()
        goals = api.get("/api/goals", params={"q": "giftfri miljo"}).json()
        assert GIFTFRI in json.dumps(goals)
        trace = api.get("/api/goals/kommunstyrelsen/giftfri-miljo/trace")
        assert trace.status_code == 200, trace.text
        expected = goal_trace(embedded, GIFTFRI)
        assert expected is not None
        assert trace.json()["goal"]["labels"] == expected["goal"]["labels"]
        assert len(trace.json()["indicators"]) == len(expected["indicators"])
        count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        json_results = {"Accept": "application/sparql-results+json"}
        answer = api.get("/sparql", params={"query": count}, headers=json_results)
        assert answer.status_code == 200, answer.text
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) == len(embedded)
        described = api.get(
            "/sparql",
            params={"query": f"CONSTRUCT WHERE {{ <{GIFTFRI}> ?p ?o }}"},
            headers={"Accept": "text/turtle"},
        )
        assert described.status_code == 200 and described.headers["content-type"].startswith("text/turtle")
        triples = set(ox.parse(described.content, ox.RdfFormat.TURTLE))
        assert {t.subject for t in triples} == {ox.NamedNode(GIFTFRI)} and len(triples) > 5
        broken = api.get("/sparql", params={"query": "SELECT WHERE {"})
        assert broken.status_code == 400 and server["STYRGRAF_SPARQL_QUERY_URL"] in broken.text


def dump_hash(store: RemoteGraphStore) -> str:
    return hashlib.sha256("\n".join(sorted(str(q) for q in quads(store))).encode()).hexdigest()


def test_a_bad_document_leaves_the_remote_store_unchanged(
    remote: RemoteGraphStore, seeds_dir: Path, tmp_path: Path
) -> None:
    before = dump_hash(remote)
    bad = tmp_path / "broken.txt"
    bad.write_bytes("Verksamhetsberättelse 2020\nKommunstyrelsen\n".encode() + "Målområde".encode("latin-1"))
    with pytest.raises(DocumentError, match=r"^broken.txt:3: byte 0xe5 is not UTF-8"):
        ingest_documents(remote, [seeds_dir / "002_70f13666fe98d17a.txt", bad], base=BASE)
    assert dump_hash(remote) == before


@pytest.fixture(scope="module")
def scratch(embedded: GraphStore) -> Iterator[RemoteGraphStore]:
    """A second, in-memory server loaded with the embedded store's N-Quads dump, for the tests that
    write (each leaves it consistent: a replaced document graph, or nothing changed)."""
    with oxigraph_server(None) as base:
        store = open_remote(remote_env(base))
        output = io.BytesIO()
        embedded.dump(output, "nquads")
        store.load(output.getvalue(), "nquads")
        yield store
        store.close()


def test_reingest_replaces_a_document_graph_as_the_embedded_store_does(
    scratch: RemoteGraphStore, embedded: GraphStore, tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path
) -> None:
    assert quads(scratch) == quads(embedded)
    folder = tmp_path_factory.mktemp("shorter")
    lines = (seeds_dir / "003_ebf63fc7730f3945.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    shorter = folder / "003_ebf63fc7730f3945.txt"
    shorter.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    graph = ox.NamedNode(f"{BASE}graph/003_ebf63fc7730f3945")
    reference = GraphStore.open(ingested_seed_store(tmp_path_factory, seeds_dir))
    ingest_documents(reference, [shorter], base=BASE)
    ingest_documents(scratch, [shorter], base=BASE)
    assert 0 < scratch.graph_size(graph) == reference.graph_size(graph) < embedded.graph_size(graph)
    assert quads(scratch) == quads(reference)


def test_a_failing_update_changes_nothing_on_the_server(scratch: RemoteGraphStore) -> None:
    graphs = scratch.named_graphs()
    sizes = [scratch.graph_size(g) for g in graphs]
    with pytest.raises(StoreError, match=r"/update: the update failed with HTTP 500"):
        scratch.update(f"DROP GRAPH {graphs[0]} ; CREATE GRAPH {graphs[1]}")
    assert [scratch.graph_size(g) for g in graphs] == sizes
    batch = {graphs[0]: [ox.Quad(ox.NamedNode(f"{BASE}id/x"), ox.NamedNode(f"{BASE}p"), ox.Literal("x"))]}
    broken = RemoteGraphStore(scratch.query_url, update_url=scratch.query_url)
    with pytest.raises(IngestError, match=r"^store unchanged: writing 1 graph\(s\) failed: http://"):
        broken.replace_graphs(batch)
    broken.close()
    assert [scratch.graph_size(g) for g in graphs] == sizes


def test_remote_errors_name_the_url_and_what_failed(remote: RemoteGraphStore, tmp_path: Path) -> None:
    rejected = r"^http://127\.0\.0\.1:\d+/query: the query failed with HTTP 400 Bad Request: "
    with pytest.raises(QuerySyntaxError, match=rejected):
        remote.query("SELECT WHERE {")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/query"
    with pytest.raises(StoreError, match=rf"^{closed}: cannot reach the SPARQL server"):
        RemoteGraphStore(closed).named_graphs()
    with pytest.raises(StoreError, match=r"cannot back up the remote store at http://"):
        remote.backup(tmp_path / "backup")
    url = remote.query_url
    env = {"STYRGRAF_BACKEND": "remote", "STYRGRAF_SPARQL_QUERY_URL": url}
    refused = styrgraf("backup", str(tmp_path / "copy"), env=env, cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"styrgraf: backup: the store is the SPARQL server at {url}; ")
    missing = styrgraf("stats", env={"STYRGRAF_BACKEND": "remote"}, cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr == (
        "styrgraf: setting sparql_query_url (STYRGRAF_SPARQL_QUERY_URL) is required "
        "with STYRGRAF_BACKEND=remote\n"
    )


def test_a_server_without_a_union_default_graph_is_refused() -> None:
    with oxigraph_server(None, union_default_graph=False) as base:
        update = f"INSERT DATA {{ GRAPH <{BASE}graph/x> {{ <{BASE}id/x> <{BASE}p> 1 }} }}"
        httpx.post(f"{base}/update", content=update, headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(StoreError, match=r"the default graph is not the union of the named graphs"):
            open_remote(remote_env(base))


def test_api_answers_503_naming_the_server_when_the_remote_store_goes_down(tmp_path: Path) -> None:
    with oxigraph_process(None) as (base, process):
        env = remote_env(base)
        with serving(tmp_path / "unused-store", **env) as url, httpx.Client(base_url=url, timeout=60) as api:
            assert api.get("/api/goals").status_code == 200
            process.terminate()
            process.wait(timeout=10)
            down = api.get("/api/goals")
            assert down.status_code == 503 and down.headers["retry-after"] == "5"
            assert down.headers["content-type"] == "application/problem+json"
            assert down.json()["detail"].startswith(f"the store cannot answer: {base}/query: cannot reach")
            sparql = api.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
            assert sparql.status_code == 503
            assert sparql.text.startswith(f"query failed: {base}/query: cannot reach")
