"""The documentation stays in step with the code."""

from __future__ import annotations

from pathlib import Path

from styrgraf.clidoc import TARGET, render_cli_reference
from styrgraf.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_cli_reference_is_generated_from_the_current_help() -> None:
    assert TARGET.read_text(encoding="utf-8") == render_cli_reference(), (
        "docs/cli.md is stale: run `.venv/bin/python -m styrgraf.clidoc`"
    )


def test_every_setting_is_documented_with_its_environment_variable() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert f"`STYRGRAF_{name.upper()}`" in text, name
        assert field.description and field.description in text, name
