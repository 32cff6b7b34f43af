"""Decision references read from the seed documents' running text."""

from __future__ import annotations

import pytest

from loaders.facts import Assessment, DocumentFacts, Span
from loaders.references import extract_decision_references, find_references
from loaders.text import SourceText
from tests.seeds import SEEDS

KS_2020 = "000_bbff43da3c846827.txt"
PROTOCOL = "001_fea688bc18067ec8.txt"


def _references(name: str, assessments: tuple[Assessment, ...] = ()) -> DocumentFacts:
    doc = SourceText.from_text((SEEDS / name).read_text(encoding="utf-8"), name)
    facts = DocumentFacts(source=name, assessments=list(assessments))
    extract_decision_references(doc, facts)
    return facts


def _line(text: str) -> list[tuple[str, str | None, str | None, tuple[int, ...], str | None, bool]]:
    return [
        (ref.raw, ref.body, ref.date, ref.paragraphs, ref.dnr, ref.malformed)
        for ref in find_references(text, Span("x.txt", 1, 1))
    ]


def test_ks_2020_report_cites_every_decision_once_per_mention() -> None:
    facts = _references(KS_2020)
    found = [(ref.span.first_line, ref.raw) for ref in facts.decision_references]
    assert len(found) == 35
    assert (166, "KF 2020-02-25 § 33, § 34") in found
    assert (185, "KS 2020-10-20, § 293") in found and (185, "KS 2020-12-01, § 347") in found
    assert (164, "Dnr KS 2020-444") in found


def test_two_paragraphs_of_one_meeting_are_one_reference() -> None:
    [reference] = _references(KS_2020).decision_references[3:4]
    assert (reference.body, reference.date, reference.paragraphs) == ("KF", "2020-02-25", (33, 34))
    assert reference.subject is not None and reference.subject.startswith("I januari 2020 beslutade")


def test_malformed_dates_are_kept_verbatim_and_flagged() -> None:
    malformed = [ref for ref in _references(KS_2020).decision_references if ref.malformed]
    assert [(ref.raw, ref.date, ref.paragraphs) for ref in malformed] == [
        ("KF 2020-08 25 § 171", None, (171,)),
        ("KF 202-11-24 § 248", None, (248,)),
    ]
    assert malformed[1].problem == "date 202-11-24 has a 3-digit year"
    issues = [issue for issue in _references(KS_2020).issues if issue.kind == "malformed-reference"]
    assert [issue.span.first_line for issue in issues] == [168, 172]
    assert issues[1].message == "decision citation 'KF 202-11-24 § 248': date 202-11-24 has a 3-digit year"


def test_body_missing_from_citation_is_read_from_the_sentence() -> None:
    text = "Kommundirektören beslutade i samband med detta om en modell (2020-02-11 § 19). Nästa mening."
    assert _line(text) == [("2020-02-11 § 19", "Kommundirektören", "2020-02-11", (19,), None, False)]
    text = "- Kommunfullmäktige har beslutat om att inrätta ett ungdomsråd (2024-04-23, § 161)."
    assert _line(text)[0][1] == "KF"


@pytest.mark.parametrize(
    "text",
    [
        "Förhandling enligt MBL § 11",
        "att arbetsgivarparten förhandlat enligt 11 § MBL i nedanstående ärende:",
        "En utökning av området (LOV3§ - Lagen om ordningsvakter) har skett.",
        "§ & Nya vägar för (tryggad) kompetensförsörjning",
        "Bilaga 17 - Protokoll central MB-grupp § 11 2019-10-10",
        "Kommunfullmäktige 2020-11-24 genomfördes på ett annorlunda sätt.",
        "projekt som finansieras av § 37 medel från Länsstyrelsen",
        "budget för åren 2020-2023 (KS 2020-2023)",
    ],
)
def test_law_sections_bullets_and_meetings_are_not_decisions(text: str) -> None:
    assert _line(text) == []


def test_citations_without_paragraph_and_with_written_dates() -> None:
    assert _line("I december antogs aktualitetsförklaringen (KF 2020-12-08). Enligt lag")[0][:3] == (
        "KF 2020-12-08",
        "KF",
        "2020-12-08",
    )
    assert _line("Budgetram enligt beslut i KF den 28 maj 2019*")[0][:3] == (
        "KF den 28 maj 2019",
        "KF",
        "2019-05-28",
    )


def test_protocol_extract_citations_merge_a_dnr_with_its_decision() -> None:
    facts = _references(PROTOCOL)
    by_line = {ref.span.first_line: ref for ref in facts.decision_references}
    assert by_line[7].dnr == "KS 2019-519"
    assert (by_line[1205].date, by_line[1205].paragraphs, by_line[1205].dnr) == (
        "2019-09-17",
        (271,),
        "KS 2019-516",
    )
    assert (by_line[1961].date, by_line[1961].dnr) == ("2018-01-30", "KS 2017-878")
    assert len(facts.decision_references) == 13


def test_compact_date_is_malformed_and_a_group_of_three_stays_three() -> None:
    facts = _references("003_ebf63fc7730f3945.txt")
    compact = next(ref for ref in facts.decision_references if ref.raw == "KS 180410 § 153")
    assert compact.malformed and compact.date is None
    assert sum(ref.span.first_line == 1515 for ref in facts.decision_references) == 3


def test_citation_inside_an_assessment_is_attributed_to_its_goal() -> None:
    assessment = Assessment("Ett tryggt Linköping", "partly", "2020", Span(KS_2020, 400, 405))
    facts = _references(KS_2020, (assessment,))
    goals = {ref.span.first_line: ref.goal for ref in facts.decision_references}
    assert goals[403] == goals[404] == "Ett tryggt Linköping"
    assert goals[389] is None
