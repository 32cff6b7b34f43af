"""Protocol decisions: a paragraph of a protokoll(sutdrag) and what was decided in it.

A protocol paragraph opens with its heading ("§ 315 Internbudget 2020 - kommunstyrelsen"),
usually followed by its diarienummer ("Dnr KS 2019-519"). Its sections are found by their
headings: "<Body>s beslut" holds the numbered beslutspunkter, then "Deltar ej i beslut",
"Protokollsanteckningar" and "Beslutet skickas till". The meeting date is the date printed
alone on a line of the protocol pages (the page header). Page furniture between the pages
(signature boxes) is already blank in :class:`~loaders.text.SourceText`, so a list split by a
page break reads as one list.

Paragraphs of MBL protocols and minnesanteckningar (negotiation and information records between
employer and unions) decide nothing for the municipality; they are reported as documents
(``loaders.documents``), not as decisions.
"""

from __future__ import annotations

import re
from decimal import Decimal

from loaders.facts import BudgetTransfer, Decision, DecisionPoint, DocumentFacts, Span
from loaders.numbers import parse_number
from loaders.organisations import base_name
from loaders.text import Line, SourceText

__all__ = ["extract_decisions", "parse_transfers"]

_HEADING = re.compile(r"^§\s?(?P<number>\d+)\s+(?P<title>\S.*)$")
_DNR = re.compile(r"^Dnr\.?\s+(?P<dnr>(?P<body>[A-ZÅÄÖ]{2,5})\s+\d{4}-\d+)\s*$")
_DECISION_HEADING = re.compile(r"^(?P<body>[A-ZÅÄÖ][\w-]+?)s beslut\s*$")
_SECTION = re.compile(
    r"^(Deltar ej i beslut(et)?|Protokollsanteckning(ar)?|Beslutet skickas till:?|Reservation(er)?|"
    r"Yrkanden|Yttranden|Beslutsunderlag|Ärende|Jäv)\s*$",
    re.IGNORECASE,
)
_POINT = re.compile(r"^(?:[-•]\s*)?(?P<number>\d{1,2})\.\s+(?P<text>\S.*?)(?:\*\*)?\s*$")
_DATE_LINE = re.compile(r"^\s*(?P<date>\d{4}-\d{2}-\d{2})\s*$")
_PERSON = re.compile(r"(?P<name>[A-ZÅÄÖ][\w-]+(?: [A-ZÅÄÖ][\w-]+)+) \((?P<party>[A-ZÅÄÖ]{1,3})\)")
_NOTE_START = re.compile(r"lämnar följande protokollsanteckning", re.IGNORECASE)
_PART_START = re.compile(r"^(?:-\s+\w+\*\*|(?:Protokoll|Minnesanteckningar)\b)")
_AMOUNT = r"(?P<amount>\d{1,3}(?:[  ]\d{3})*(?:,\d+)?)\s*(?P<unit>tkr|mnkr|mkr|kr)"
_TRANSFER = re.compile(
    rf"[Rr]amjustering sker med {_AMOUNT}(?: från och med (?P<year>\d{{4}}))? från (?P<source>.+?) budget"
    r" till (?P<recipient>.+?) budget(?: för (?P<purpose>[^.]+))?"
)
_FRAME = re.compile(
    rf"investeringsramen(?: för (?P<recipient>.+?))? utökas med {_AMOUNT}(?: år (?P<year>\d{{4}}))?"
)
_APPLICANT = re.compile(r"^(?P<applicant>[A-ZÅÄÖ][\w-]+(?:n|e))\s+(?:äskar|begär|föreslår)")


def extract_decisions(doc: SourceText, facts: DocumentFacts) -> None:
    """Append the decision of every protocol paragraph in ``doc`` to ``facts.decisions``.

    A "§ N Title" line opens a paragraph when a diarienummer follows it within three lines or
    the paragraph has a "<Body>s beslut" section; the meeting date falls back to the first date
    standing alone before the heading (the page header of the protocol's first page).
    """
    lines = [line for line in doc.lines if not line.blank]
    for index, line in enumerate(lines):
        heading = _HEADING.match(line.text)
        if heading is None:
            continue
        paragraph = _paragraph_lines(lines[index + 1 :])
        dnr = next((match for item in paragraph[:3] if (match := _DNR.match(item.text))), None)
        decider = next((match for item in paragraph if (match := _DECISION_HEADING.match(item.text))), None)
        if dnr is None and decider is None:
            continue
        earlier = [match["date"] for item in lines[:index] if (match := _DATE_LINE.match(item.text))]
        decision = _decision(doc, line, heading, paragraph, dnr, decider, earlier[0] if earlier else None)
        facts.decisions.append(decision)
        facts.transfers.extend(decision.transfers)


def _paragraph_lines(lines: list[Line]) -> list[Line]:
    """The lines of one protocol paragraph: up to the next paragraph or attached document."""
    for index, line in enumerate(lines):
        if _HEADING.match(line.text) or (index and _PART_START.match(line.text)):
            return lines[:index]
    return lines


def _decision(
    doc: SourceText,
    heading_line: Line,
    heading: re.Match[str],
    lines: list[Line],
    dnr: re.Match[str] | None,
    decider: re.Match[str] | None,
    page_date: str | None,
) -> Decision:
    sections = _sections(lines)
    points = tuple(_points(doc, sections.get("beslut", [])))
    last = lines[-1].number if lines else heading_line.number
    dates = [match["date"] for line in lines if (match := _DATE_LINE.match(line.text))]
    body = dnr["body"] if dnr else base_name(decider["body"] + "s") if decider else ""
    return Decision(
        body=body,
        paragraph=int(heading["number"]),
        title=heading["title"].strip(),
        span=doc.span(heading_line.number, last),
        date=dates[0] if dates else page_date,
        dnr=dnr["dnr"] if dnr else None,
        points=points,
        not_participating=tuple(_people(sections.get("deltar ej i beslut", []))),
        notes=tuple(_notes(sections.get("protokollsanteckningar", []))),
        recipients=tuple(_recipients(sections.get("beslutet skickas till", []))),
        transfers=tuple(transfer for point in points for transfer in parse_transfers(point.text, point.span)),
    )


def _sections(lines: list[Line]) -> dict[str, list[Line]]:
    """Lines under each section heading, keyed by the heading in lower case without ":"."""
    sections: dict[str, list[Line]] = {}
    current: list[Line] | None = None
    for line in lines:
        text = line.text.strip()
        if _DECISION_HEADING.match(text):
            current = sections.setdefault("beslut", [])
        elif _SECTION.match(text):
            key = text.lower().rstrip(":").strip()
            key = {
                "deltar ej i beslutet": "deltar ej i beslut",
                "protokollsanteckning": "protokollsanteckningar",
            }.get(key, key)
            current = sections.setdefault(key, [])
        elif current is not None:
            current.append(line)
    return sections


def _points(doc: SourceText, lines: list[Line]) -> list[DecisionPoint]:
    """Numbered beslutspunkter; a point runs until the next numbered line."""
    points: list[DecisionPoint] = []
    for line in lines:
        match = _POINT.match(line.text.strip())
        if match is not None and int(match["number"]) == len(points) + 1:
            text = match["text"].strip().rstrip("*").strip()
            points.append(DecisionPoint(int(match["number"]), text, doc.span(line.number)))
        elif points and not _DATE_LINE.match(line.text):
            last = points[-1]
            points[-1] = DecisionPoint(
                last.number, f"{last.text} {line.text.strip()}", doc.span(last.span.first_line, line.number)
            )
    return points


def _people(lines: list[Line]) -> list[str]:
    return [f"{match['name']} ({match['party']})" for line in lines for match in _PERSON.finditer(line.text)]


def _notes(lines: list[Line]) -> list[str]:
    """Each protokollsanteckning verbatim: who submits it, then its text."""
    notes: list[list[str]] = []
    for line in lines:
        if _DATE_LINE.match(line.text):
            continue
        if _NOTE_START.search(line.text) or not notes:
            notes.append([])
        notes[-1].append(line.text.strip())
    return ["\n".join(note) for note in notes]


def _recipients(lines: list[Line]) -> list[str]:
    """The "Beslutet skickas till" list, continued across page breaks, without the page date."""
    recipients: list[str] = []
    for line in lines:
        text = line.text.strip().rstrip(",;")
        if _DATE_LINE.match(text):
            continue
        if len(text) > 80 or text.endswith("."):
            break
        recipients.append(text)
    return recipients


def parse_transfers(text: str, span: Span) -> list[BudgetTransfer]:
    """Ramjusteringar and utökade investeringsramar stated in a beslutspunkt."""
    transfers: list[BudgetTransfer] = []
    for match in _TRANSFER.finditer(text):
        transfers.append(
            BudgetTransfer(
                amount=_decimal(match["amount"]),
                unit=match["unit"],
                span=span,
                purpose=(match["purpose"] or "").strip() or None,
                source=base_name(match["source"]),
                recipient=base_name(match["recipient"]),
                year=int(match["year"]) if match["year"] else None,
            )
        )
    for match in _FRAME.finditer(text):
        applicant = _APPLICANT.match(text)
        recipient = match["recipient"] or (applicant["applicant"] if applicant else None)
        transfers.append(
            BudgetTransfer(
                amount=_decimal(match["amount"]),
                unit=match["unit"],
                span=span,
                recipient=base_name(recipient) if recipient else None,
                year=int(match["year"]) if match["year"] else None,
                kind="investment-frame",
            )
        )
    return transfers


def _decimal(raw: str) -> Decimal:
    value = parse_number(raw)
    if value is None:  # the amount pattern only admits numbers parse_number reads
        raise ValueError(f"not an amount: {raw!r}")
    return value
