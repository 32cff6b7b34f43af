"""The § 315 decision of the protocol extract (001), read from the real seed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.facts import Decision, DocumentFacts, Span
from loaders.protocol import extract_decisions, parse_transfers
from loaders.text import SourceText
from tests.seeds import SEEDS

PROTOCOL = "001_fea688bc18067ec8.txt"


@pytest.fixture(scope="module")
def protocol_facts() -> DocumentFacts:
    doc = SourceText.from_text((SEEDS / PROTOCOL).read_text(encoding="utf-8"), PROTOCOL)
    facts = DocumentFacts(source=PROTOCOL)
    extract_decisions(doc, facts)
    return facts


@pytest.fixture(scope="module")
def decision(protocol_facts: DocumentFacts) -> Decision:
    [only] = protocol_facts.decisions
    return only


def test_paragraph_heading_dnr_and_meeting_date(decision: Decision) -> None:
    assert (decision.body, decision.paragraph, decision.title) == (
        "KS",
        315,
        "Internbudget 2020 - kommunstyrelsen",
    )
    assert (decision.dnr, decision.date) == ("KS 2019-519", "2019-10-22")
    assert decision.span.first_line == 5


def test_thirteen_points_across_the_page_break(decision: Decision) -> None:
    assert [point.number for point in decision.points] == list(range(1, 14))
    assert decision.points[0].text.startswith("Upprättat förslag till Internbudget 2020")
    assert not decision.points[0].text.endswith("*")
    assert decision.points[12].text.startswith(
        "Kommunstyrelsen äskar att investeringsramen för Verksamhetsstöd"
    )
    assert decision.points[12].span.first_line > decision.points[11].span.last_line + 3


def test_not_participating_and_recipients(decision: Decision) -> None:
    assert decision.not_participating == (
        "Kristina Edlund (S)",
        "Elias Aguirre (S)",
        "Mikael Sanfridson (S)",
        "Mari Hultgren (S)",
        "Chris Dahlgvist (SD)",
        "Rebecka Hovenberg (MP)",
    )
    assert decision.recipients[:3] == (
        "Barn- och ungdomsnämnden",
        "Bildningsnämnden",
        "Kultur- och fritidsnämnden",
    )
    assert decision.recipients[-1] == "Ekonomistaben" and len(decision.recipients) == 9
    assert "2019-10-22" not in decision.recipients


def test_each_protokollsanteckning_is_kept_verbatim(decision: Decision) -> None:
    assert len(decision.notes) == 2
    social_democrats, green = decision.notes
    assert social_democrats.startswith("Kristina Edlund (S), Elias Aguirre (S)")
    assert "”I samband med fullmäktiges beslut om budget för 2020" in social_democrats
    assert green.startswith("Rebecka Hovenberg (MP) lämnar följande protokollsanteckning:")
    assert "Beslutet skickas till" not in green


def test_transfers_from_decision_points(protocol_facts: DocumentFacts, decision: Decision) -> None:
    transfers = decision.transfers
    assert protocol_facts.transfers == list(transfers)
    first = transfers[0]
    assert (first.amount, first.unit, first.year) == (Decimal("1000"), "tkr", 2020)
    assert (first.source, first.recipient, first.purpose) == (
        "Barn- och ungdomsnämnden",
        "Kommunstyrelsen",
        "statistiktjänster",
    )
    frames = [transfer for transfer in transfers if transfer.kind == "investment-frame"]
    assert [(frame.amount, frame.unit, frame.recipient) for frame in frames] == [
        (Decimal("1.2"), "mnkr", "Kommunstyrelsen"),
        (Decimal("7.1"), "mnkr", "Verksamhetsstöd och service"),
    ]
    assert len(transfers) == 7


def test_text_without_a_transfer_yields_none() -> None:
    assert parse_transfers("Informationen om verksamhetsplan 2020 noteras.", Span("x.txt", 1, 1)) == []


def test_mbl_paragraphs_are_not_decisions_of_the_municipality(protocol_facts: DocumentFacts) -> None:
    assert all(decision.paragraph == 315 for decision in protocol_facts.decisions)


SYNTHETIC = """Protokoll
2021-03-02

§ 41 Val av justerare

Dnr KS 2021-12

Kommunstyrelsens beslut

1. Anna Andersson (C) utses att justera protokollet.

§ 42 Ramjustering för tolkservice

Ärende

Tolkservice flyttas.

Kommunstyrelsens beslut

1. Ramjustering sker med 350 tkr från och med 2021 från socialnämndens budget till kommunstyrelsens budget.
2. Beslutet gäller omedelbart.

Beslutet skickas till:
Socialnämnden
"""


def test_every_paragraph_of_a_protocol_is_a_decision_without_dnr_too() -> None:
    facts = DocumentFacts(source="protokoll.txt")
    extract_decisions(SourceText.from_text(SYNTHETIC, "protokoll.txt"), facts)
    first, second = facts.decisions
    assert (first.paragraph, first.body, first.dnr, first.date, len(first.points)) == (
        41,
        "KS",
        "KS 2021-12",
        "2021-03-02",
        1,
    )
    assert (second.paragraph, second.body, second.dnr, second.date) == (
        42,
        "Kommunstyrelsen",
        None,
        "2021-03-02",
    )
    assert [point.number for point in second.points] == [1, 2]
    assert second.recipients == ("Socialnämnden",)
    [transfer] = second.transfers  # a point without "för <purpose>"
    assert (transfer.amount, transfer.source, transfer.recipient) == (
        Decimal("350"),
        "Socialnämnden",
        "Kommunstyrelsen",
    )
