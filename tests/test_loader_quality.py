"""The loaders' precision and recall on the five seed documents, against the hand-checked facts.

These are the project's acceptance figures for extraction (OCR document included); a change that
loses facts or invents them fails here, with the misses and spurious facts in the message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from styrgraf.evaluation import EvaluationReport, evaluate, format_report

EXPECTED = Path(__file__).resolve().parent / "expected"
FLOORS = {
    "documents": 0.98,
    "goals": 0.98,
    "assessments": 0.98,
    "decision_references": 0.98,
    "decisions": 0.98,
    "organisations": 0.98,
    "indicators": 0.98,
    "indicator_values": 0.97,
    "assignments": 0.95,
}


@pytest.fixture(scope="module")
def report(seeds_dir: Path) -> EvaluationReport:
    return evaluate(EXPECTED, seeds_dir)


def test_every_seed_document_is_scored(report: EvaluationReport) -> None:
    assert len(report.documents) == 5


@pytest.mark.parametrize(("category", "floor"), sorted(FLOORS.items()))
def test_precision_and_recall_reach_the_floor_over_all_documents(
    report: EvaluationReport, category: str, floor: float
) -> None:
    score = report.category(category)
    assert score.precision >= floor and score.recall >= floor, format_report(report, details=True)
