"""The seed corpus beside the checkout (``../shared/seeds``), as tests read it."""

from __future__ import annotations

from pathlib import Path

from loaders.text import SourceText, decode_document
from styrgraf.settings import DEFAULT_SEEDS

SEEDS: Path = DEFAULT_SEEDS
"""The five seed documents."""


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("000", "004" …)."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def seed_source(prefix: str) -> SourceText:
    """The normalised (and, where damaged, OCR-repaired) text of a seed document."""
    path = seed_path(prefix)
    return SourceText.from_text(decode_document(path.read_bytes(), path.name), path.name)
