"""The dumps under ``/dumps/``: the same bytes as ``styrgraf export``, the store's triples, HTTP caching
headers, and nothing outside the four published files."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import rdflib
from typer.testing import CliRunner

from graph.dumps import DUMPS, DumpFiles
from graph.store import GraphStore
from styrgraf.cli import app
from tests.queries.test_named_queries import BASE, ingested_seed_store

pytestmark = pytest.mark.live

EXPORT_FORMATS = {
    "styrgraf.nt.gz": "ntriples",
    "styrgraf.ttl": "turtle",
    "styrgraf.trig": "trig",
    "styrgraf.jsonld": "jsonld",
}


@pytest.fixture(scope="module")
def store_path(published_store: Path) -> Path:
    return published_store


@pytest.fixture(scope="module")
def base_url(published_url: str) -> str:
    return published_url


@pytest.fixture(scope="module")
def site(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=120) as client:
        yield client


@pytest.fixture(scope="module")
def downloaded(site: httpx.Client) -> dict[str, httpx.Response]:
    responses = {name: site.get(f"/dumps/{name}") for name in DUMPS}
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(DUMPS, 200)
    return responses


@pytest.fixture(scope="module")
def counts(store_path: Path) -> tuple[int, int]:
    """(quads, distinct triples of the union) of the store, read beside the running server."""
    store = GraphStore.open(store_path, read_only=True)
    return len(store), sum(1 for _ in store.union_triples())


def export(store: Path, *args: str) -> bytes:
    """Standard output of ``styrgraf export`` (the real command, run in this process)."""
    result = CliRunner().invoke(app, ["export", "--store", str(store), *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_the_published_dumps_are_the_four_formats() -> None:
    assert set(DUMPS) == set(EXPORT_FORMATS)
    assert {name: d.format for name, d in DUMPS.items()} == EXPORT_FORMATS


def test_each_dump_is_byte_identical_to_the_cli_export(
    downloaded: dict[str, httpx.Response], store_path: Path, tmp_path: Path
) -> None:
    for name, fmt in EXPORT_FORMATS.items():
        target = tmp_path / name
        export(store_path, "--format", fmt, "-o", str(target))
        assert target.read_bytes() == downloaded[name].content, name
    assert export(store_path, "--format", "ntriples", "--gzip") == downloaded["styrgraf.nt.gz"].content


def test_gzip_dump_is_deterministic_without_name_or_time(downloaded: dict[str, httpx.Response]) -> None:
    packed = downloaded["styrgraf.nt.gz"].content
    assert packed[:3] == b"\x1f\x8b\x08"
    assert packed[3] & 0x08 == 0, "FNAME flag set"
    assert packed[4:8] == b"\x00\x00\x00\x00", "mtime is not 0"
    assert gzip.decompress(packed).decode("utf-8").endswith(" .\n")


def test_triple_dumps_hold_the_distinct_triples_of_the_union(
    downloaded: dict[str, httpx.Response], counts: tuple[int, int]
) -> None:
    _, triples = counts
    nt = rdflib.Graph().parse(data=gzip.decompress(downloaded["styrgraf.nt.gz"].content), format="nt")
    ttl = rdflib.Graph().parse(data=downloaded["styrgraf.ttl"].content, format="turtle")
    assert len(nt) == len(ttl) == triples > 30_000
    giftfri = rdflib.URIRef(f"{BASE}id/goal/kommunstyrelsen/giftfri-miljo")
    assert (giftfri, rdflib.SKOS.prefLabel, rdflib.Literal("Giftfri miljö", lang="sv")) in nt
    assert set(nt) == set(ttl)


@pytest.mark.parametrize(("name", "parser"), [("styrgraf.trig", "trig"), ("styrgraf.jsonld", "json-ld")])
def test_dataset_dumps_keep_every_document_graph(
    downloaded: dict[str, httpx.Response], counts: tuple[int, int], name: str, parser: str
) -> None:
    quads, _ = counts
    dataset = rdflib.Dataset().parse(data=downloaded[name].content, format=parser)
    graphs = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    assert sorted(graphs) == [f"{BASE}graph/{stem}" for stem in sorted(
        ("000_bbff43da3c846827", "001_fea688bc18067ec8", "002_70f13666fe98d17a",
         "003_ebf63fc7730f3945", "004_0587bfff7451c447")
    )]  # fmt: skip
    assert sum(graphs.values()) == quads


def test_dump_headers_media_type_length_etag_and_last_modified(downloaded: dict[str, httpx.Response]) -> None:
    expected = {
        "styrgraf.nt.gz": "application/gzip",
        "styrgraf.ttl": "text/turtle; charset=utf-8",
        "styrgraf.trig": "application/trig",
        "styrgraf.jsonld": "application/ld+json",
    }
    for name, response in downloaded.items():
        assert response.headers["content-type"] == expected[name]
        assert int(response.headers["content-length"]) == len(response.content)
        assert response.headers["etag"].startswith('"') and len(response.headers["etag"]) == 66
        parsedate_to_datetime(response.headers["last-modified"])
        assert response.headers["content-disposition"] == f'attachment; filename="{name}"'


def test_dump_conditional_head_and_range_requests(
    site: httpx.Client, downloaded: dict[str, httpx.Response]
) -> None:
    full = downloaded["styrgraf.ttl"]
    tag, modified = full.headers["etag"], full.headers["last-modified"]
    assert site.get("/dumps/styrgraf.ttl", headers={"If-None-Match": tag}).status_code == 304
    assert site.get("/dumps/styrgraf.ttl", headers={"If-Modified-Since": modified}).status_code == 304
    assert site.get("/dumps/styrgraf.ttl", headers={"If-None-Match": '"other"'}).status_code == 200
    head = site.head("/dumps/styrgraf.ttl")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == full.headers["content-length"] and head.headers["etag"] == tag
    part = site.get("/dumps/styrgraf.ttl", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == full.content[:100]


@pytest.mark.parametrize(
    "path",
    [
        "/dumps/styrgraf.nq",
        "/dumps/",
        "/dumps/../pyproject.toml",
        "/dumps/..%2Fpyproject.toml",
        "/dumps/%2e%2e/%2e%2e/README.md",
        "/dumps/..%2f..%2fREADME.md",
        "/dumps/styrgraf.ttl/../../README.md",
        "/dumps//etc/passwd",
    ],
)
def test_unknown_dumps_and_traversal_are_404(base_url: str, path: str) -> None:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        connection.request("GET", path)  # sent as written: no client-side normalisation of '..'
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 404, (path, body[:200])
    assert b"[project]" not in body and b"root:" not in body and b"Quickstart" not in body


def test_a_changed_store_gets_a_new_dump(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> None:
    store = GraphStore.open(ingested_seed_store(tmp_path_factory, seeds_dir))
    files = DumpFiles()
    try:
        before = files.get(store, DUMPS["styrgraf.ttl"])
        assert files.get(store, DUMPS["styrgraf.ttl"]) == before
        store.update(f"INSERT DATA {{ GRAPH <{BASE}graph/extra> {{ <{BASE}id/x> <{BASE}id/p> 'added' }} }}")
        after = files.get(store, DUMPS["styrgraf.ttl"])
        assert after.sha256 != before.sha256 and not before.path.exists()
        assert b'"added"' in after.path.read_bytes()
    finally:
        files.close()
    assert not after.path.exists()
