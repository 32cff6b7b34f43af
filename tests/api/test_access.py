"""Access on a live server: writes need the bearer token, ingest over HTTP, CORS open for reading
and closed for writing, security headers, rate limiting, and a token that never shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.security import CSP, DOCS_CSP
from graph.store import GraphStore
from tests.live import serving
from tests.queries.test_named_queries import ingested_seed_store
from tests.seeds import seed_path

pytestmark = pytest.mark.live

TOKEN = "access-test-token-9c2b41"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
UPDATE = {"Content-Type": "application/sparql-update"}
INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"
COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A server over an empty store, writes enabled by the token, uploads up to 600 kB."""
    store = tmp_path_factory.mktemp("access") / "store"
    env = {"STYRGRAF_UPDATE_TOKEN": TOKEN, "STYRGRAF_MAX_UPLOAD_BYTES": "600000"}
    with serving(store, **env) as base:
        with httpx.Client(base_url=base, timeout=120) as client:
            yield client


def files(*paths: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("document", (path.name, path.read_bytes(), "text/plain")) for path in paths]


def health(server: httpx.Client) -> dict[str, int]:
    body: dict[str, int] = server.get("/health").json()
    return body


def quads(server: httpx.Client) -> int:
    """The quads of every document graph, counted over /sparql."""
    answer = server.get("/sparql", params={"query": COUNT_QUADS}, headers={"Accept": "text/csv"})
    return int(answer.text.splitlines()[1])


def test_writes_need_the_bearer_token(server: httpx.Client) -> None:
    wrong = "not-the-token-31337"
    for post in (
        lambda h: server.post("/-/ingest", files=files(seed_path("004")), headers=h),
        lambda h: server.post("/sparql", content=INSERT, headers={**UPDATE, **h}),
        lambda h: server.get("/-/status", headers=h),
    ):
        missing = post({})
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        refused = post({"Authorization": f"Bearer {wrong}"})
        assert refused.status_code == 403
        assert wrong not in refused.text and TOKEN not in refused.text
    assert server.post(
        "/-/ingest", files=files(seed_path("004")), headers={"Authorization": "Basic x"}
    ).json() == {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": "ingest needs a bearer token",
        "instance": "/-/ingest",
    }
    assert quads(server) == 0


def test_ingest_over_http_creates_then_replaces_the_documents_graphs(
    server: httpx.Client, tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path
) -> None:
    seeds = sorted(seeds_dir.glob("*.txt"))
    created = server.post("/-/ingest", files=files(*seeds), headers=AUTH)
    assert created.status_code == 201, created.text
    documents = created.json()["documents"]
    assert [d["source"] for d in documents] == [p.name for p in seeds]
    assert all(
        d["triples"] > 0 and not d["replaced"] and d["graph"].endswith(d["source"][:-4]) for d in documents
    )
    assert sum(d["counts"]["goals"] for d in documents) > 0
    # the same store `styrgraf ingest` builds from the same documents
    reference = GraphStore.open(ingested_seed_store(tmp_path_factory, seeds_dir), read_only=True)
    assert health(server) == {"status": "ok", "documents": 5}
    assert quads(server) == len(reference)

    seed = seed_path("004")
    etag = server.get("/sparql", params={"query": COUNT_GRAPHS}).headers["etag"]
    again = server.post(
        "/-/ingest",
        params={"name": seed.name},
        content=seed.read_bytes(),
        headers={**AUTH, "Content-Type": "text/plain"},
    )
    assert again.status_code == 200, again.text
    [replaced] = again.json()["documents"]
    assert replaced["replaced"] is True and replaced == {**documents[-1], "replaced": True}
    assert quads(server) == len(reference)
    answer = server.get("/sparql", params={"query": COUNT_GRAPHS}, headers={"Accept": "text/csv"})
    assert answer.text.splitlines()[1] == "5"
    # the ingest was a write: the earlier answer's ETag no longer matches
    assert (
        server.get("/sparql", params={"query": COUNT_GRAPHS}, headers={"If-None-Match": etag}).status_code
        == 200
    )


def test_a_bad_document_is_422_naming_it_and_the_store_is_unchanged(server: httpx.Client) -> None:
    query = {"query": COUNT_GRAPHS}
    before, etag = (health(server), quads(server)), server.get("/sparql", params=query).headers["etag"]
    upload = files(seed_path("004")) + [
        ("document", ("broken.txt", b"rubrik\n\x00\x01\x02 binary\n", "text/plain"))
    ]
    response = server.post("/-/ingest", files=upload, headers=AUTH)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert (
        response.json()["detail"] == "store unchanged: broken.txt:2: document is binary (NUL byte), not text"
    )
    assert (health(server), quads(server)) == before
    # nothing was written, so the store's generation and every ETag stayed as they were
    assert server.get("/sparql", params=query, headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(
    ("name", "detail"),
    [
        ("../evil.txt", "document name '../evil.txt' is not a plain file name"),
        ("sub\\dir.txt", "document name 'sub\\\\dir.txt' is not a plain file name"),
        (".hidden.txt", "document name '.hidden.txt' is not a plain file name"),
        ("report.pdf", "document name 'report.pdf': expected a .txt file name of at most 200 characters"),
    ],
)
def test_document_names_must_be_plain_txt_file_names(server: httpx.Client, name: str, detail: str) -> None:
    response = server.post(
        "/-/ingest", params={"name": name}, content=b"text\n", headers={**AUTH, "Content-Type": "text/plain"}
    )
    assert response.status_code == 400
    assert response.json()["detail"] == detail


def test_uploads_are_bounded_and_typed(server: httpx.Client, seeds_dir: Path) -> None:
    twice = server.post("/-/ingest", files=files(seed_path("004"), seed_path("004")), headers=AUTH)
    assert twice.status_code == 400 and "uploaded twice" in twice.json()["detail"]
    large = server.post("/-/ingest", files=files(*sorted(seeds_dir.glob("*.txt"))) * 2, headers=AUTH)
    assert large.status_code == 413
    assert large.json()["detail"].endswith("bytes; the limit is 600000")
    json = server.post("/-/ingest", json={"document": "x"}, headers=AUTH)
    assert json.status_code == 415


def test_reads_are_open_to_every_origin_writes_to_none(server: httpx.Client) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    read = server.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert read.headers["access-control-allow-origin"] == "*"
    assert "ETag" in read.headers["access-control-expose-headers"]
    preflight = {**origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "accept"}
    allowed = server.options("/sparql", headers=preflight)
    assert allowed.status_code == 204 and allowed.headers["access-control-allow-origin"] == "*"
    assert allowed.headers["access-control-allow-methods"] == "GET, HEAD"

    for method, extra in (
        ("POST", {}),
        ("PUT", {}),
        ("GET", {"Access-Control-Request-Headers": "authorization"}),
    ):
        refused = server.options(
            "/-/ingest", headers={**preflight, "Access-Control-Request-Method": method, **extra}
        )
        assert refused.status_code == 403
        assert "access-control-allow-origin" not in refused.headers
    posted = server.post(
        "/sparql", content="ASK {}", headers={**origin, "Content-Type": "application/sparql-query"}
    )
    assert posted.status_code == 200 and "access-control-allow-origin" not in posted.headers


@pytest.mark.parametrize(
    "path", ["/health", "/sparql?query=ASK%20%7B%7D", "/api/goals", "/nowhere", "/openapi.json"]
)
def test_every_answer_carries_the_security_headers(server: httpx.Client, path: str) -> None:
    response = server.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"


def test_only_the_api_browser_may_load_its_scripts(server: httpx.Client) -> None:
    response = server.get("/docs")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == DOCS_CSP
    assert "https://cdn.jsdelivr.net" in response.text


def test_rate_limit_and_a_token_that_never_shows(tmp_path: Path) -> None:
    output: list[str] = []
    env = {"STYRGRAF_UPDATE_TOKEN": TOKEN, "STYRGRAF_RATE_LIMIT": "0.5", "STYRGRAF_RATE_BURST": "4"}
    with serving(tmp_path / "store", output=output, **env) as base:
        with httpx.Client(base_url=base, timeout=60) as client:
            assert client.post("/sparql", content=INSERT, headers={**UPDATE, **AUTH}).status_code == 204
            assert client.get("/-/status", headers=AUTH).status_code == 200
            assert client.post("/sparql", content="INSERT", headers={**UPDATE, **AUTH}).status_code == 400
            answers = [client.get("/sparql", params={"query": "ASK {}"}) for _ in range(3)]
            assert [a.status_code for a in answers[:1]] == [200] and answers[-1].status_code == 429
            limited = answers[-1]
            wait = limited.headers["retry-after"]
            assert wait in {"1", "2"}  # a token every 2 s, part of one refilled since the burst
            assert (
                limited.text
                == f"rate limit: 0.5 requests per second per client, 4 at once; retry in {wait} s"
            )
            assert limited.headers["content-security-policy"] == CSP
            assert all(client.get("/health").status_code == 200 for _ in range(10))  # never limited
    [log] = output
    assert "Styrgraf serving" in log
    assert TOKEN not in log
