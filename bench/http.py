"""HTTP section: 16 concurrent clients (wrk) against Styrgraf, Oxigraph's server and rdflib-endpoint.

For each ``--scales`` store (``bench.ingest.ensure_store``), one server at a time on a loopback port:

1. ``styrgraf serve`` on the store — ``/sparql`` with one repeated query (as a plain client asks
   it, and as a client with an HTTP cache does: sending the ``ETag`` back as ``If-None-Match``),
   ``/sparql`` with a query that differs on every request (each goal's indicators, with a
   ``LIMIT`` counting up, so no two texts are equal and no cache can answer), and
   ``/api/goals/kommunstyrelsen/giftfri-miljo/trace``; then its resident memory (the server and
   its query worker processes, peak and now); then once more with its result and response
   caches off, for what a repeated query and a trace cost when computed every time;
2. ``oxigraph serve-read-only --union-default-graph`` (PyPI ``oxigraph``, the same 0.5 storage as
   pyoxigraph) on the same directory, after Styrgraf has stopped — the two never open it together;
3. rdflib-endpoint serving the store's N-Quads loaded into an rdflib ``Dataset`` with the union as
   default graph — only for stores up to ``RDFLIB_MAX_TRIPLES`` (it holds everything in Python objects).

Every run is ``wrk -t2 -c16 -d<seconds>s --latency`` with ``Accept: application/sparql-results+json``,
after one second of the same workload that is not counted (a fresh server's first answers).
Rows give requests/s, p50 and p99 latency and the ratio Styrgraf/other for the same workload.
Requires ``wrk`` (Debian: ``apt-get install -y wrk``) and the ``bench`` extra (``make bench``).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox

from bench.common import BASE, BenchOptions, Section
from bench.ingest import ensure_store
from tests.live import served

__all__ = ["WrkResult", "parse_wrk", "run"]

CLIENTS = 16
RDFLIB_MAX_TRIPLES = 500_000
"""Largest store rdflib-endpoint is loaded with (it needs minutes and gigabytes beyond)."""
GOAL = f"{BASE}id/goal/kommunstyrelsen/giftfri-miljo"
PREFIXES = (
    "PREFIX sg: <https://w3id.org/styrgraf/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
)
REPEATED = (
    PREFIXES + f"SELECT ?indicator ?label WHERE {{ ?indicator sg:measures <{GOAL}> ; skos:prefLabel ?label }}"
)
DISTINCT = (
    PREFIXES + "SELECT ?indicator ?label WHERE {{ ?indicator sg:measures <{goal}> ; skos:prefLabel ?label }}"
)
ACCEPT = "application/sparql-results+json"
TRACE = "/api/goals/kommunstyrelsen/giftfri-miljo/trace"
NO_CACHES = {"STYRGRAF_RESPONSE_CACHE_BYTES": "0", "STYRGRAF_RESULT_CACHE_BYTES": "0"}
"""The environment of a ``styrgraf serve`` that computes every answer."""


@dataclass(frozen=True, slots=True)
class WrkResult:
    """One wrk run: throughput, latency quantiles (seconds) and failed responses."""

    requests_per_second: float
    p50: float
    p99: float
    requests: int
    errors: int


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def parse_wrk(output: str) -> WrkResult:
    """The figures of ``wrk --latency`` output.

    :raises ValueError: the output has no throughput or latency distribution.
    """

    def quantile(label: str) -> float:
        found = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        if found is None:
            raise ValueError(f"wrk output has no {label}% latency:\n{output}")
        return float(found[1]) * _UNITS[found[2]]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if rate is None or total is None:
        raise ValueError(f"wrk output has no throughput:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(bad[1]) if bad else 0) + (sum(int(n) for n in sockets.groups()) if sockets else 0)
    return WrkResult(float(rate[1]), quantile("50"), quantile("99"), int(total[1]), errors)


def run(options: BenchOptions) -> Section:
    """One row per scale, server and workload."""
    seconds = 3 if options.quick else 10
    section = Section(
        f"HTTP: {CLIENTS} concurrent clients (wrk, {seconds} s per run), one server at a time",
        ["scale", "server", "workload", "req/s", "p50 ms", "p99 ms", "errors", "Styrgraf ÷ this"],
    )
    wrk = shutil.which("wrk")
    if wrk is None:
        section.notes.append("wrk is not installed (Debian: apt-get install -y wrk); nothing measured")
        return section
    for scale in options.scales:
        _measure_scale(section, options, scale, wrk, seconds)
    section.notes.append(
        "distinct: every request a new query text (each goal's indicators, LIMIT counting up); "
        "repeated: one text, which Styrgraf's result cache may answer"
    )
    return section


def _measure_scale(section: Section, options: BenchOptions, scale: int, wrk: str, seconds: int) -> None:
    store = ensure_store(options, scale)
    reader = ox.Store.read_only(str(store))
    triples = len(reader)
    solutions = reader.query(
        PREFIXES + "SELECT DISTINCT ?g WHERE { ?g a sg:Goal }", use_default_graph_as_union=True
    )
    assert isinstance(solutions, ox.QuerySolutions)
    goals = [str(row["g"].value) for row in solutions]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dump = work / "store.nq"
        if triples <= RDFLIB_MAX_TRIPLES:
            with dump.open("wb") as out:
                reader.dump(out, ox.RdfFormat.N_QUADS)
        del reader
        distinct_script = _distinct_script(work, goals)
        ours: dict[str, WrkResult] = {}

        def add(server: str, workload: str, result: WrkResult) -> None:
            ratio = ""
            if server != "Styrgraf" and workload in ours:
                ratio = f"{ours[workload].requests_per_second / result.requests_per_second:.2f}×"
            section.add(
                f"{scale}× ({triples:,})",
                server,
                workload,
                f"{result.requests_per_second:,.0f}",
                f"{result.p50 * 1000:.1f}",
                f"{result.p99 * 1000:.1f}",
                result.errors,
                ratio,
            )

        revalidating = _revalidating_script(work)
        with served(store, timeout=600) as (url, process):
            pid = process.pid
            for workload, target, script in (
                ("sparql repeated", _sparql_url(url + "/sparql", REPEATED), None),
                ("sparql repeated, If-None-Match", _sparql_url(url + "/sparql", REPEATED), revalidating),
                ("sparql distinct", url + "/sparql", distinct_script),
                ("goal trace", url + TRACE, None),
            ):
                ours[workload] = _wrk(wrk, target, seconds, script)
                add("Styrgraf", workload, ours[workload])
            now, peak = _tree_rss(pid)
            section.notes.append(
                f"{scale}×: styrgraf serve resident memory after the runs {now / 2**20:,.0f} MiB "
                f"(peak {peak / 2**20:,.0f} MiB, server and query workers)"
            )
        with served(store, timeout=600, env=NO_CACHES) as (url, _):
            repeated = _sparql_url(url + "/sparql", REPEATED)
            add("Styrgraf, no caches", "sparql repeated", _wrk(wrk, repeated, seconds))
            add("Styrgraf, no caches", "goal trace", _wrk(wrk, url + TRACE, seconds))
        with _oxigraph(store) as url:
            repeated = _sparql_url(url + "/query", REPEATED)
            add("Oxigraph", "sparql repeated", _wrk(wrk, repeated, seconds))
            add("Oxigraph", "sparql repeated, If-None-Match", _wrk(wrk, repeated, seconds, revalidating))
            add("Oxigraph", "sparql distinct", _wrk(wrk, url + "/query", seconds, distinct_script))
        if triples > RDFLIB_MAX_TRIPLES:
            section.notes.append(f"{scale}×: rdflib-endpoint skipped above {RDFLIB_MAX_TRIPLES:,} triples")
            return
        with _rdflib(dump, work) as url:
            add(
                "rdflib-endpoint",
                "sparql repeated",
                _wrk(wrk, _sparql_url(url + "/sparql", REPEATED), seconds),
            )
            add("rdflib-endpoint", "sparql distinct", _wrk(wrk, url + "/sparql", seconds, distinct_script))


def _sparql_url(endpoint: str, query: str) -> str:
    return f"{endpoint}?query={quote(query, safe='')}"


def _distinct_script(work: Path, goals: list[str]) -> Path:
    """A wrk Lua script asking, request after request, each goal's indicators with a new LIMIT
    (each wrk thread counts from its own offset, and each run from one drawn from the clock, so
    no two requests share a text, not even with the uncounted warm-up run before)."""
    paths = ",\n".join(f'"{quote(DISTINCT.format(goal=goal), safe="")}"' for goal in goals)
    script = work / "distinct.lua"
    script.write_text(
        f"""local queries = {{
{paths}
}}
local threads = 0
local base = (os.time() % 100000) * 10000000
function setup(thread)
  thread:set("offset", base + threads * 1000000)
  threads = threads + 1
end
local counter = 0
function request()
  counter = counter + 1
  local n = offset + counter
  local path = wrk.path .. "?query=" .. queries[(n % #queries) + 1] .. "%20LIMIT%20" .. (1000 + n)
  return wrk.format("GET", path, {{["Accept"] = "{ACCEPT}"}})
end
""",
        encoding="utf-8",
    )
    return script


def _revalidating_script(work: Path) -> Path:
    """A wrk Lua script for a client with an HTTP cache: it keeps the ``ETag`` of an answer and
    sends it back as ``If-None-Match`` (a server without ETags answers every request in full)."""
    script = work / "revalidating.lua"
    script.write_text(
        f"""local etag = nil
function request()
  if etag then
    return wrk.format("GET", nil, {{["Accept"] = "{ACCEPT}", ["If-None-Match"] = etag}})
  end
  return wrk.format("GET", nil, {{["Accept"] = "{ACCEPT}"}})
end
function response(status, headers, body)
  if status == 200 then
    etag = headers["ETag"] or headers["etag"]
  end
end
""",
        encoding="utf-8",
    )
    return script


def _wrk(wrk: str, url: str, seconds: int, script: Path | None = None) -> WrkResult:
    command = [
        wrk,
        "-t2",
        f"-c{CLIENTS}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-H",
        f"Accept: {ACCEPT}",
    ]
    if script is not None:
        command += ["-s", str(script)]
    # one second of the same workload first, not counted: connections, worker processes, caches
    # and the first answers of a fresh server are set up for every server alike
    warm_up = [command[0], "-t2", f"-c{CLIENTS}", "-d1s", *command[4:]]
    subprocess.run([*warm_up, url], capture_output=True, text=True, check=True)
    time.sleep(1)  # the queries wrk left in flight finish (else they hold evaluation slots: 503s)
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(process: subprocess.Popen[bytes], url: str, what: str, timeout: float = 600.0) -> None:
    """Wait until ``url`` answers (a 2xx–4xx status), or fail when ``process`` ends or time is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"bench: {what} exited with {process.returncode} before answering")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=5).status_code < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"bench: {what} did not answer {url} within {timeout:.0f} s")


@contextlib.contextmanager
def _running(command: list[str], url: str, what: str, work: Path) -> Iterator[None]:
    """A server Styrgraf is compared with (Oxigraph, rdflib-endpoint), running until the block ends."""
    log = (work / f"{what.split()[0]}.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait(process, url, what)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def _oxigraph(store: Path) -> Iterator[str]:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        binary,
        "serve-read-only",
        "--location",
        str(store),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    with (
        tempfile.TemporaryDirectory() as tmp,
        _running(command, url + "/query?query=ASK%7B%7D", "oxigraph server", Path(tmp)),
    ):
        yield url


_RDFLIB_SERVER = """
import sys
import rdflib
import uvicorn
from rdflib_endpoint import SparqlEndpoint

dataset = rdflib.Dataset(default_union=True)
dataset.parse(sys.argv[1], format="nquads")
app = SparqlEndpoint(graph=dataset, path="/sparql")
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


@contextlib.contextmanager
def _rdflib(dump: Path, work: Path) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", _RDFLIB_SERVER, str(dump), str(port)]
    with _running(command, url + "/sparql?query=ASK%7B%7D", "rdflib-endpoint", work):
        yield url


def _tree_rss(pid: int) -> tuple[int, int]:
    """Resident bytes now and at peak (VmRSS, VmHWM) of ``pid`` and all its descendants."""
    now = peak = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{current}/status").read_text()
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            now += int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
            peak += int(fields.get("VmHWM", "0 kB").split()[0]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
    return now, peak
