"""OCR damage detection and repair (replaced by the lexicon-based repair)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loaders.facts import OcrRepair

if TYPE_CHECKING:
    from loaders.text import Line

__all__ = ["repair_lines"]


def repair_lines(lines: list[Line]) -> tuple[list[Line], list[OcrRepair], bool]:
    """Return the lines with OCR damage repaired, the repairs made, and whether damage was found."""
    return lines, [], False
