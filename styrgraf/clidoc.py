"""Generate ``docs/cli.md`` from the commands' own ``--help`` (``python -m styrgraf.clidoc``)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from styrgraf.cli import app

__all__ = ["render_cli_reference"]

TARGET = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def render_cli_reference() -> str:
    """The CLI reference as Markdown: the top-level help, then each command's."""
    runner = CliRunner(env={"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"})
    parts = [
        "# Command line reference\n",
        "Generated from `--help` by `python -m styrgraf.clidoc`; a test fails when it is stale.\n",
    ]
    group = typer.main.get_command(app)
    commands: list[str | None] = [None, *getattr(group, "commands", {})]
    for command in commands:
        args = [command, "--help"] if command else ["--help"]
        result = runner.invoke(app, args, prog_name="styrgraf", terminal_width=100, color=False)
        title = f"## styrgraf {command}" if command else "## styrgraf"
        body = "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())
        parts.append(f"{title}\n\n```text\n{body}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    TARGET.write_text(render_cli_reference(), encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET}\n")
