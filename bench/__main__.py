"""``python -m bench``: run the benchmark sections and print one table per section.

Each section is a module ``bench/<name>.py`` with ``run(options)`` returning a :class:`Section` (or a
list of them, printed in order); list a new one in
:data:`SECTIONS` (in the order they print). ``make bench`` runs the documented default.
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pyoxigraph
from rich.console import Console
from rich.table import Table

from bench.common import BenchOptions, Section
from styrgraf.settings import DEFAULT_SEEDS

SECTIONS: tuple[str, ...] = ("ingest", "startup", "publishing", "remote", "resources", "queries", "http")
"""Every section, in the order they print; ``--sections`` picks some of them."""


def parse_args(argv: list[str] | None = None) -> tuple[BenchOptions, list[str]]:
    """The run's options and the sections to run, from the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--scales",
        default="1",
        help="comma-separated corpus scales, e.g. 1,10,100 (1 is the five seed documents; default 1)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement, best kept (default 5)")
    parser.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run (default all: {','.join(SECTIONS)})",
    )
    parser.add_argument("--quick", action="store_true", help="one run per measurement, for a smoke test")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="the seed documents' folder")
    args = parser.parse_args(argv)
    try:
        scales = tuple(sorted({int(s) for s in str(args.scales).split(",") if s.strip()}))
    except ValueError:
        parser.error(f"--scales: expected comma-separated whole numbers, got {args.scales!r}")
    if not scales or min(scales) < 1:
        parser.error(f"--scales: every scale must be at least 1, got {args.scales!r}")
    if args.repeat < 1:
        parser.error(f"--repeat: must be at least 1, got {args.repeat}")
    sections = [name.strip() for name in str(args.sections).split(",") if name.strip()]
    unknown = [name for name in sections if name not in SECTIONS]
    if unknown:
        parser.error(f"--sections: unknown {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    return BenchOptions(scales=scales, repeat=args.repeat, quick=args.quick, seeds=args.seeds), sections


def section_runner(name: str) -> Callable[[BenchOptions], Section | list[Section]]:
    """The ``run`` function of section ``name`` (module ``bench.<name>``)."""
    module = importlib.import_module(f"bench.{name}")
    return cast(Callable[[BenchOptions], Section | list[Section]], module.run)


def render(section: Section) -> Table:
    """A section as a rich table (numbers right-aligned)."""
    table = Table(title=section.title, caption="\n".join(section.notes) or None)
    first = section.rows[0] if section.rows else ()
    for index, column in enumerate(section.columns):
        cell = first[index] if index < len(first) else ""
        numeric = bool(cell) and (cell[0].isdigit() or cell[0] in "-−.")
        table.add_column(column, justify="right" if numeric else "left")
    for row in section.rows:
        table.add_row(*row)
    return table


def main(argv: list[str] | None = None) -> None:
    """Run the chosen sections and print their tables."""
    options, sections = parse_args(argv)
    console = Console(width=None if sys.stdout.isatty() else 140)
    console.print(
        f"Styrgraf benchmarks — Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
        f"{platform.machine()}, scales {', '.join(f'{s}×' for s in options.scales)}, "
        f"{'quick' if options.quick else f'best of {options.repeat}'}"
    )
    for name in sections:
        result = section_runner(name)(options)
        for section in result if isinstance(result, list) else [result]:
            console.print(render(section))


if __name__ == "__main__":
    main()
