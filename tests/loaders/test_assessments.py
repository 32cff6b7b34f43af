"""Assessments read from the judging sentence of each goal section in the real seed reports."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from loaders.assessments import read_status
from loaders.pipeline import read_document
from tests.seeds import SEEDS


def seed(stem: str) -> Path:
    return next(SEEDS.glob(f"{stem}_*.txt"))


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Utifrån uppföljningen per den 31 december bedöms nämndmålet som delvis uppnått.", "partly"),
        ("Utifrån uppföljningen per den 31 december bedöms nämndmålet som uppnått.", "fulfilled"),
        ("Utifrån uppföljningen bedöms nämndmålet som inte uppnått.", "not-fulfilled"),
        ("Nämndmålet bedöms delvis uppnått.", "partly"),
        ("Målet förväntas delvis uppnås.", "partly"),
        ("Bedömningen är att målet inte uppfylls helt vid årsslutet.", "partly"),
        ("Sammantagen bedömning är att målet inte helt uppfylls vid årsslutet.", "partly"),
        ("Målet uppnås helt, bedömningen baseras på god tillgänglighet.", "fulfilled"),
        ("Målet bedöms per den sista december enbart delvis uppfyllt.", "partly"),
        ("Nämndmålet är ej uppnått.", "not-fulfilled"),
        ("Nämndmålet kan ej bedömas då underlag saknas och målet ej uppnås.", "not-assessable"),
        ("Målet kan inte bedömas.", "not-assessable"),
        ("Målet har inte uppnåtts.", "not-fulfilled"),
        ("Målet bedöms inte uppnås fullt ut.", "partly"),
        ("Målet bedöms vara uppfyllt till stor del.", "partly"),
    ],
)
def test_status_grammar_reads_negation_and_partial_cues(sentence: str, status: str) -> None:
    judged = read_status(sentence)
    assert judged is not None and judged[0] == status


def test_sentence_without_goal_or_verb_is_no_judgement() -> None:
    assert read_status("Målvärdet för sjukfrånvaron bedöms inte nås med dagens takt") is None
    assert read_status("För att uppnå målet krävs mer.") is None
    assert read_status("Bedömningen baseras på genomförda aktiviteter.") is None


def test_2020_report_statuses_follow_the_section_sentences() -> None:
    """The summary says "Sju av arton … uppfyllts helt, tio … delvis och ett … ej", but the goal
    sections themselves judge six goals fulfilled and eleven partly ("Kostnadseffektiv verksamhet"
    is "delvis uppnått" in its section); the section sentence is the assessment of record."""
    facts = read_document(seed("000"))
    assert len(facts.assessments) == 18
    assert Counter(a.status for a in facts.assessments) == {"fulfilled": 6, "partly": 11, "not-fulfilled": 1}
    failed = [a for a in facts.assessments if a.status == "not-fulfilled"]
    assert [a.goal for a in failed] == ["Giftfri miljö"]
    board = {g.title for g in facts.goals if g.level == "board"}
    assert {a.goal for a in facts.assessments} == board
    assert {a.period for a in facts.assessments} == {"2020"}


def test_2020_report_assessment_span_covers_whole_goal_section() -> None:
    facts = read_document(seed("000"))
    lines = seed("000").read_text(encoding="utf-8").splitlines()
    spans = sorted(a.span for a in facts.assessments)
    for current, following in zip(spans, spans[1:], strict=False):
        assert current.last_line < following.first_line
        assert all(not line.strip() for line in lines[current.last_line : following.first_line - 1])
    varumarke = next(a for a in facts.assessments if a.goal == "Starkt varumärke")
    cited = next(n for n, line in enumerate(lines, 1) if "KS 2019-12-03 § 387" in line)
    assert varumarke.span.first_line < cited <= varumarke.span.last_line
    last = spans[-1]
    assert lines[last.last_line - 1].startswith("- På Kommunledningsförvaltningen har en aktivitet")
    assert varumarke.evidence == "nämndmålet som uppnått"
    assert varumarke.rationale is not None and varumarke.rationale.startswith("Utifrån uppföljningen")


def test_2024_report_assessments() -> None:
    facts = read_document(seed("002"))
    statuses = Counter(a.status for a in facts.assessments)
    assert statuses == {"fulfilled": 13, "partly": 5}
    partly = {a.goal for a in facts.assessments if a.status == "partly"}
    assert "Klimatsäkert Linköping" in partly and "Gifrfri miljö" not in partly
    assert {a.period for a in facts.assessments} == {"2024"}


def test_2018_layout_report_reads_unwrapped_goal_headings() -> None:
    facts = read_document(seed("003"))
    judged = [a for a in facts.assessments if a.status == "partly"]
    assert len(judged) == 3
    assert any(a.goal.startswith("Kommuninvånarna ska uppleva att kontakten") for a in judged)
    assert {a.period for a in facts.assessments} == {"2018"}


def test_ocr_report_assessments_from_repaired_sentences() -> None:
    facts = read_document(seed("004"))
    statuses = {a.goal: a.status for a in facts.assessments}
    assert len(statuses) == 9
    assert statuses["God service"] == "fulfilled"
    assert statuses["Korrekta och effektiva inköp"] == "partly"
    assert Counter(statuses.values()) == {"fulfilled": 5, "partly": 4}


def test_status_legend_is_not_a_goal_section() -> None:
    facts = read_document(seed("004"))
    assert not any("uppfyllt" in a.goal.casefold() for a in facts.assessments)
    assert {a.status for a in facts.assessments} <= {"fulfilled", "partly"}
