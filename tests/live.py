"""A real ``styrgraf serve`` process on a free loopback port, for live tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx


@contextmanager
def serving(store: Path, *, output: list[str] | None = None, **env: str) -> Iterator[str]:
    """Start ``styrgraf serve --port 0`` on ``store``; yield its base URL once ``/health`` answers.

    With ``output``, everything the server printed is appended to it once it has stopped.
    """
    with served(store, output=output, env=env) as (base, _):
        yield base


@contextmanager
def served(
    store: Path,
    *,
    output: list[str] | None = None,
    timeout: float = 60.0,
    env: Mapping[str, str] | None = None,
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """As :func:`serving`, yielding the process too; ``env`` is added to the server's environment
    and ``timeout`` bounds the wait for ``/health``."""
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "styrgraf", "serve", "--store", str(store), "--port", "0"],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **(env or {})},
        )
        try:
            yield _wait_until_ready(process, log, timeout), process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if output is not None:
                log.seek(0)
                output.append(log.read())


def _wait_until_ready(process: subprocess.Popen[str], log: IO[str], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log.seek(0)
        match = re.search(r"(http://127\.0\.0\.1:\d+)/health", log.read())
        if match:
            base = match.group(1)
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    return base
            except httpx.TransportError:
                pass
        if process.poll() is not None:
            log.seek(0)
            raise AssertionError(f"server exited with {process.returncode}: {log.read()}")
        time.sleep(0.05)
    raise AssertionError(f"server did not answer /health within {timeout:g} s")
