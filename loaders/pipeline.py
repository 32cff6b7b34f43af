"""The loader pipeline: bytes or text of one document → :class:`DocumentFacts`.

Each extractor is a function ``(SourceText, DocumentFacts) -> None`` that appends the facts
it recognises. Extractors run in order; later ones may read what earlier ones found
(decision references are attributed to the goal sections found before them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from loaders.assessments import extract_assessments
from loaders.assignments import extract_assignments
from loaders.documents import extract_documents
from loaders.economy import extract_key_figures
from loaders.facts import DocumentFacts
from loaders.goals import extract_goals
from loaders.indicators import extract_indicators
from loaders.layout import extract_layout_indicators
from loaders.layout_figures import extract_layout_key_figures
from loaders.organisations import extract_organisations
from loaders.protocol import extract_decisions
from loaders.references import extract_decision_references
from loaders.text import SourceText, decode_document
from loaders.truncation import check_not_truncated

__all__ = ["EXTRACTORS", "extract_facts", "read_document"]

Extractor = Callable[[SourceText, DocumentFacts], None]

EXTRACTORS: tuple[Extractor, ...] = (
    extract_documents,
    extract_organisations,
    extract_goals,
    extract_assessments,
    extract_assignments,
    extract_indicators,
    extract_layout_indicators,
    extract_key_figures,
    extract_layout_key_figures,
    extract_decisions,
    extract_decision_references,
)


def extract_facts(text: str, source: str) -> DocumentFacts:
    """Extract every fact from one document's decoded ``text`` named ``source``.

    :raises DocumentError: the document cannot be placed, or ends inside a table row (names the
        line where parsing gave up).
    """
    doc = SourceText.from_text(text, source)
    check_not_truncated(text, doc)
    facts = DocumentFacts(source=source, line_count=doc.line_count)
    facts.ocr_repairs.extend(doc.ocr_repairs)
    for extractor in EXTRACTORS:
        extractor(doc, facts)
    return facts


def read_document(path: Path) -> DocumentFacts:
    """Read, decode and extract the document at ``path``.

    :raises DocumentError: unreadable, wrongly encoded or unrecognisable document.
    """
    return extract_facts(decode_document(path.read_bytes(), path.name), path.name)
