"""Start-up section: how long ``styrgraf serve`` takes on an existing store until ``/health`` answers.

For each ``--scales`` store (ingested by :func:`bench.ingest.ensure_store` unless it is there), a
fresh ``styrgraf serve --port 0`` process is started ``--repeat`` times; the time runs from
starting the process (the Python interpreter and every import included) to the first ``200`` from
``/health``. Target: under 2 s.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import httpx

from bench.common import BenchOptions, Section
from bench.ingest import ensure_store

__all__ = ["run", "start_up_seconds"]

_READY = re.compile(r"(http://127\.0\.0\.1:\d+)/health")


def start_up_seconds(store: str, *, timeout: float = 120.0) -> float:
    """Seconds from starting ``styrgraf serve`` on ``store`` to its first healthy answer."""
    with tempfile.TemporaryFile("w+") as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "styrgraf", "serve", "--store", store, "--port", "0"],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ},
        )
        try:
            with httpx.Client(timeout=2) as client:
                while time.perf_counter() - start < timeout:
                    log.seek(0)
                    match = _READY.search(log.read())
                    if match:
                        try:
                            if client.get(f"{match[1]}/health").status_code == 200:
                                return time.perf_counter() - start
                        except httpx.TransportError:
                            pass
                    if process.poll() is not None:
                        log.seek(0)
                        raise RuntimeError(f"serve exited with {process.returncode}: {log.read()}")
                    time.sleep(0.01)
            raise RuntimeError(f"serve on {store} did not answer /health within {timeout:.0f} s")
        finally:
            process.terminate()
            process.wait(timeout=30)


def run(options: BenchOptions) -> Section:
    """Start-up time of ``serve`` on the store of each scale."""
    repeat = 1 if options.quick else options.repeat
    section = Section(
        f"serve start-up on an existing store, until /health answers (best of {repeat})",
        ("scale", "triples", "best s", "median s", "note"),
    )
    for scale in options.scales:
        store = ensure_store(options, scale)
        info = json.loads((store.parent / f"{store.name}.json").read_text(encoding="utf-8"))
        triples = int(info["triples"])
        times = [start_up_seconds(str(store)) for _ in range(repeat)]
        section.add(
            f"{scale}×",
            f"{triples:,}",
            f"{min(times):.2f}",
            f"{statistics.median(times):.2f}",
            "target < 2 s",
        )
    return section
