"""Shared fixtures: the real seed documents and live servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.seeds import SEEDS


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five seed documents beside the checkout."""
    assert SEEDS.is_dir(), f"seed corpus not found at {SEEDS}"
    return SEEDS


@pytest.fixture(scope="session")
def seed_paths(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))
