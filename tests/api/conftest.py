"""Fixtures the publishing tests share: one seed store copy and one live server over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import serving
from tests.queries.test_named_queries import ingested_seed_store


@pytest.fixture(scope="session")
def published_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """A copy of the seed store that the publishing server serves (nothing writes to it)."""
    return ingested_seed_store(tmp_path_factory, seeds_dir)


@pytest.fixture(scope="session")
def published_url(published_store: Path) -> Iterator[str]:
    """Base URL of a real ``styrgraf serve`` over :func:`published_store`."""
    with serving(published_store) as base:
        yield base
