"""The W3C SPARQL 1.1 Protocol test cases, played against a live server.

The manifest (``shared/reference/w3c-sparql11-protocol/manifest.ttl``, from w3c/rdf-tests) encodes
each case as HTTP requests with an expected status and result format. Query cases run against a
server loaded with the suite's data; update cases run once with updates enabled (bearer token) and
must pass, and once against the default read-only server, where they must be refused with 401/403.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDF

from graph.store import GraphStore
from tests.live import serving

pytestmark = pytest.mark.live

SUITE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "w3c-sparql11-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
TOKEN = "protocol-suite-token"


@dataclass(frozen=True)
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]
    result_format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    steps: tuple[Step, ...]

    @property
    def is_update(self) -> bool:
        return "update" in self.name


def load_cases() -> list[Case]:
    graph = rdflib.Graph().parse(
        SUITE / "manifest.ttl", format="turtle", publicID="http://example.org/manifest"
    )
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    entries = rdflib.collection.Collection(graph, graph.value(manifest, MF.entries))
    cases = []
    for entry in entries:
        action = graph.value(entry, MF.action)
        steps = []
        for request in rdflib.collection.Collection(graph, graph.value(action, HT.requests)):
            headers: dict[str, str] = {}
            header_list = graph.value(request, HT.headers)
            if header_list is not None:
                for header in rdflib.collection.Collection(graph, header_list):
                    headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
            body_node = graph.value(request, HT.body)
            body = None
            if body_node is not None:
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(body_node, CNT.chars)).encode(
                    encoding.lower().replace("utf-16", "utf-16")
                )
            response = graph.value(request, HT.resp)
            statuses = frozenset(
                status
                for code in graph.objects(response, MF.expectedStatus)
                for status in range(int(str(code)[-3]) * 100, int(str(code)[-3]) * 100 + 100)
            )
            boolean = graph.value(response, MF.expectedBoolean)
            result_format = graph.value(response, MF.expectedFormat)
            steps.append(
                Step(
                    method=str(graph.value(request, HT.methodName)),
                    path="/sparql" + str(graph.value(request, HT.absolutePath)).removeprefix("/sparql/"),
                    headers=headers,
                    body=body,
                    statuses=statuses,
                    result_format=str(result_format) if result_format is not None else None,
                    boolean=bool(boolean.toPython()) if boolean is not None else None,
                )
            )
        name = str(entry).rsplit("#", 1)[-1]
        cases.append(Case(name=name, title=str(graph.value(entry, MF.name)), steps=tuple(steps)))
    return cases


CASES = load_cases()
DATA_GRAPHS = {f"data{i}.nt": f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3)}


def make_store(path: Path) -> Path:
    store = GraphStore.open(path)
    for name, graph in DATA_GRAPHS.items():
        store.load((SUITE / name).read_bytes(), "ntriples", graph=ox.NamedNode(graph))
    store.flush()
    return path


@pytest.fixture(scope="module")
def read_only_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(make_store(tmp_path_factory.mktemp("w3c-ro") / "store")) as base:
        yield base


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(
        make_store(tmp_path_factory.mktemp("w3c-rw") / "store"), STYRGRAF_UPDATE_TOKEN=TOKEN
    ) as base:
        yield base


def play(base: str, step: Step, *, token: str | None) -> httpx.Response:
    headers = dict(step.headers)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.request(step.method, base + step.path, headers=headers, content=step.body, timeout=30)


def check(step: Step, response: httpx.Response) -> None:
    assert response.status_code in step.statuses, (
        f"{step.method} {step.path}: {response.status_code} {response.text}"
    )
    if step.result_format is None:
        return
    media = response.headers["content-type"].split(";")[0]
    if step.result_format == "boolean":
        assert media in {"application/sparql-results+json", "application/sparql-results+xml"}
        if step.boolean is not None and media.endswith("json"):
            assert json.loads(response.text)["boolean"] is step.boolean
    elif step.result_format == "tabular":
        assert media in {
            "application/sparql-results+json",
            "application/sparql-results+xml",
            "text/csv",
            "text/tab-separated-values",
        }
    else:
        assert media in {"application/rdf+xml", "text/turtle", "application/n-triples"}
        rdflib.Graph().parse(
            data=response.content, format={"application/rdf+xml": "xml"}.get(media, "turtle")
        )


@pytest.mark.parametrize("case", [c for c in CASES if not c.is_update], ids=lambda c: c.name)
def test_query_case(case: Case, read_only_server: str) -> None:
    for step in case.steps:
        check(step, play(read_only_server, step, token=None))


@pytest.mark.parametrize("case", [c for c in CASES if c.is_update], ids=lambda c: c.name)
def test_update_case_with_updates_enabled(case: Case, writable_server: str) -> None:
    for step in case.steps:
        check(step, play(writable_server, step, token=TOKEN))


@pytest.mark.parametrize("case", [c for c in CASES if c.name.startswith("update_")], ids=lambda c: c.name)
def test_update_case_is_refused_on_the_read_only_surface(case: Case, read_only_server: str) -> None:
    first = case.steps[0]
    for token in (None, "wrong-token"):
        response = play(read_only_server, first, token=token)
        assert response.status_code in {401, 403}, response.text


def test_the_suite_has_its_34_cases() -> None:
    assert len(CASES) == 34
    assert sum(1 for c in CASES if c.is_update) == 14
