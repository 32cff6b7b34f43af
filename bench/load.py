"""Load on a live server: concurrent clients over a mix of requests, errors counted, memory watched.

``python -m bench.load`` ingests the seed documents into a fresh store under ``var/``, starts
``styrgraf serve --port 0`` on it and runs ``--clients`` concurrent clients (default 200) on loopback
until ``--seconds`` have passed (default 30) and at least ``--requests`` requests were answered
(default 50 000). Each client sends, one after another, requests drawn from :data:`MIX` (health,
goal search, a goal trace, a named query, a small SPARQL SELECT). Any transport error, timeout or
status other than 200 is an error. The server runs with ``STYRGRAF_MAX_CONCURRENT_QUERIES`` set to
the number of clients: past that cap ``/sparql`` answers 503 by design, which is not what is measured.
The server's resident memory (its own and its query workers') is read from ``/proc`` once a second;
the report gives it after the warm-up (the first 10 % of the requests) and at the end.

:func:`run_load` is the client side alone, for the test suite's short version.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.common import BASE, ROOT
from styrgraf.settings import DEFAULT_SEEDS
from tests.live import served

__all__ = ["MIX", "LoadReport", "main", "rss_bytes", "run_load"]

MIX: tuple[tuple[str, int], ...] = (
    ("/health", 4),
    ("/api/goals?q=giftfri", 2),
    ("/api/goals/kommunstyrelsen/giftfri-miljo/trace", 1),
    ("/api/queries/goals_by_status?status=not-fulfilled&year=2020", 2),
    ("/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%20%3Fs%20a%20%3Ft%20%7D%20LIMIT%205", 2),
)
"""Request paths and their weights: each client walks this list, each path as often as its weight."""


@dataclass(slots=True)
class LoadReport:
    """What a load run saw."""

    clients: int
    seconds: float = 0.0
    requests: int = 0
    errors: int = 0
    retried: int = 0
    """GETs sent again after the server closed their kept-alive connection (see :func:`_get`)."""
    by_path: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    rss: list[tuple[int, int]] = field(default_factory=list)
    """(requests answered so far, server RSS in bytes), sampled once a second."""

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def rss_bytes(pid: int) -> int:
    """Resident memory of process ``pid`` and its children (the query workers), from ``/proc``."""
    total = 0
    for process in [str(pid), *_children(pid)]:
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(match.group(1)) * 1024 if match else 0
    return total


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


async def run_load(
    base_url: str,
    *,
    clients: int,
    seconds: float,
    requests: int = 0,
    server_pid: int | None = None,
    mix: Sequence[tuple[str, int]] = MIX,
    timeout: float = 120,
) -> LoadReport:
    """Run ``clients`` concurrent clients against ``base_url`` until ``seconds`` have passed and at
    least ``requests`` requests were answered; sample ``server_pid``'s memory once a second. A request
    not answered within ``timeout`` seconds is an error."""
    report = LoadReport(clients=clients)
    paths = [path for path, weight in mix for _ in range(weight)]
    started = time.monotonic()

    def done() -> bool:
        return time.monotonic() - started >= seconds and report.requests >= requests

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as client:

        async def one_client(number: int) -> None:
            step = number
            while not done():
                path = paths[step % len(paths)]
                step += 1
                ok, outcome = await _get(client, path, report)
                report.requests += 1
                report.by_path[path] += 1
                if not ok:
                    report.errors += 1
                    report.failures[f"{path} → {outcome}"] += 1

        async def sample() -> None:
            while not done():
                if server_pid is not None:
                    report.rss.append((report.requests, rss_bytes(server_pid)))
                await asyncio.sleep(1)

        await asyncio.gather(sample(), *(one_client(number) for number in range(clients)))
    report.seconds = time.monotonic() - started
    if server_pid is not None:
        report.rss.append((report.requests, rss_bytes(server_pid)))
    return report


async def _get(client: httpx.AsyncClient, path: str, report: LoadReport) -> tuple[bool, str]:
    """GET ``path``: whether it answered 200, and the status or the error's name.

    A kept-alive connection the server closes just as a request goes out fails before any answer
    (``ReadError``, ``RemoteProtocolError``); like browsers, the request is sent once more on a new
    connection (RFC 9112 §9.3.1 allows it for a GET), and counted in ``report.retried``.
    """
    for attempt in (1, 2):
        try:
            response = await client.get(path)
            await response.aread()
            return response.status_code == 200, str(response.status_code)
        except (httpx.ReadError, httpx.RemoteProtocolError) as exc:
            if attempt == 2:
                return False, type(exc).__name__
            report.retried += 1
        except httpx.HTTPError as exc:
            return False, type(exc).__name__
    raise AssertionError("unreachable")


def _seed_store(target: Path, seeds: Path) -> Path:
    from graph.ingest import ingest_documents
    from graph.store import GraphStore

    if target.exists():
        shutil.rmtree(target)
    store = GraphStore.open(target)
    ingest_documents(store, [seeds], base=BASE)
    store.flush()
    del store
    return target


def format_report(report: LoadReport) -> str:
    """The report as the lines ``python -m bench.load`` prints."""
    lines = [
        f"{report.clients} clients, {report.seconds:.1f} s: {report.requests} requests"
        f" ({report.rate:.0f}/s), {report.errors} errors, {report.retried} retried on a closed keep-alive",
    ]
    lines += [f"  {count:7d}  {path}" for path, count in sorted(report.by_path.items())]
    lines += [f"  error {count:5d}  {failure}" for failure, count in report.failures.most_common()]
    if report.rss:
        warm = next(
            (rss for answered, rss in report.rss if answered >= report.requests // 10), report.rss[0][1]
        )
        end = report.rss[-1][1]
        peak = max(rss for _, rss in report.rss)
        lines.append(
            f"server RSS: {warm / 2**20:.1f} MiB after warm-up, {end / 2**20:.1f} MiB at the end"
            f" ({(end - warm) / 2**20:+.1f} MiB), peak {peak / 2**20:.1f} MiB"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.load``; exit status 1 when any request failed."""
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200, help="concurrent clients (default 200)")
    parser.add_argument("--seconds", type=float, default=30, help="run at least this long (default 30)")
    parser.add_argument("--requests", type=int, default=50_000, help="and at least this many (default 50000)")
    parser.add_argument("--store", type=Path, help="serve this store instead of a fresh seed store")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="the seed documents' folder")
    args = parser.parse_args(argv)
    store = args.store or _seed_store(ROOT / "var" / "bench-load" / "store", args.seeds)
    # /sparql refuses queries past STYRGRAF_MAX_CONCURRENT_QUERIES with a 503 by design; let every
    # client's query in, so that the run measures whether the server holds the load
    env = {"STYRGRAF_MAX_CONCURRENT_QUERIES": str(args.clients)}
    with served(store, timeout=120, env=env) as (base, process):
        print(f"load on {base} ({store}), pid {process.pid}", flush=True)
        report = asyncio.run(
            run_load(
                base,
                clients=args.clients,
                seconds=args.seconds,
                requests=args.requests,
                server_pid=process.pid,
            )
        )
    print(format_report(report))
    return 1 if report.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
