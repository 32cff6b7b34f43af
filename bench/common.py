"""What every benchmark section shares: the options of one run, the table a section returns, timing
helpers and where scaled corpora and their stores live.

A section is a module in ``bench/`` with a function ``run(options)`` giving one :class:`Section` or a
list of them; ``bench/__main__.py`` lists the sections by name and prints each :class:`Section` as one
table.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from styrgraf.settings import DEFAULT_SEEDS

__all__ = [
    "BASE",
    "ROOT",
    "BenchOptions",
    "Section",
    "best_of",
    "corpus_dir",
    "store_dir",
    "timed",
]

T = TypeVar("T")
BASE = "http://127.0.0.1:8000/"
"""The base IRI benchmarks mint under (Styrgraf's default)."""
ROOT = Path(__file__).resolve().parents[1]
"""The checkout; generated corpora and stores go under its git-ignored ``var/``."""


@dataclass(frozen=True, slots=True)
class BenchOptions:
    """One run's options, as given on the command line."""

    scales: tuple[int, ...] = (1,)
    repeat: int = 5
    quick: bool = False
    seeds: Path = DEFAULT_SEEDS
    var: Path = ROOT / "var"


@dataclass(slots=True)
class Section:
    """One section's table: a title, column names and rows of already formatted cells."""

    title: str
    columns: Sequence[str]
    rows: list[Sequence[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        """Append a row; every cell is shown as ``str(cell)``."""
        if len(cells) != len(self.columns):
            raise ValueError(f"{self.title}: a row has {len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(tuple(str(cell) for cell in cells))


def timed(work: Callable[[], T]) -> tuple[float, T]:
    """Wall time of one call of ``work`` and its result."""
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def best_of(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    """Fastest wall time of ``repeat`` (at least one) runs, and the last result."""
    times: list[float] = []
    seconds, result = timed(work)
    times.append(seconds)
    for _ in range(repeat - 1):
        seconds, result = timed(work)
        times.append(seconds)
    return min(times), result


def corpus_dir(options: BenchOptions, scale: int) -> Path:
    """Where the corpus at ``scale``× is generated (``var/corpus/<scale>x``)."""
    return options.var / "corpus" / f"{scale}x"


def store_dir(options: BenchOptions, scale: int) -> Path:
    """Where the store holding the corpus at ``scale``× is kept (``var/bench/store-<scale>x``)."""
    return options.var / "bench" / f"store-{scale}x"
