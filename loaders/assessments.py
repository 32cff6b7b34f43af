"""Goal sections and their assessments (måluppfyllelse) — read from sentences, not from icons.

A report's goal account ("Målredovisning", "Nämndens analys och bedömning") gives each goal a
heading followed by a paragraph whose first sentence judges it: "bedöms nämndmålet som delvis
uppnått", "Målet uppnås helt", "Målet förväntas delvis uppnås", "målet inte uppfylls helt".
The status icons beside the headings are lost in text conversion, so the status is read from
that sentence with a small grammar:

* a *goal word* (målet, nämndmålet, förvaltningsmålet) and an *achievement verb*
  (uppnå-, uppfyll-, nås) must both occur;
* "kan ej/inte bedömas" → not-assessable;
* a negation bound to completeness ("inte helt", "ej fullt ut") or a partial cue
  ("delvis", "till viss del") → partly;
* any other negation ("inte", "ej") → not-fulfilled; otherwise → fulfilled.

The :class:`~loaders.facts.Assessment` span covers the goal's whole section, heading through
the last line before the next goal heading or the end of the account, so that citations
found later can be attributed to the goal they stand under.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from loaders.facts import Assessment, DocumentFacts
from loaders.sections import clean_title, fold, is_heading_text, is_major_heading, paragraph_at, report_period
from loaders.text import SourceText

__all__ = ["GoalSection", "extract_assessments", "find_goal_sections", "read_status"]

_GOAL_WORD = re.compile(r"\b(?:namnd|forvaltnings|verksamhets)?m[a-z]?let\b")
_VERB = re.compile(r"\b(?:upp(?:n|fy|fv)\w*|nas|natts?)\b")
_NOT_ASSESSABLE = re.compile(
    r"(?:kan|gar|har)\s+(?:ej|inte|icke)\s+(?:kunnat\s+)?(?:att\s+)?bedom\w*|ej bedombar\w*"
)
_INCOMPLETE = re.compile(r"\b(?:inte|ej|icke)\s+(?:\w+\s+)?(?:helt|fullt|fullstandigt|i sin helhet)\b")
_PARTIAL = re.compile(r"\b(?:delvis|devis|till viss del|till del|enbart delvis|till stor del)\b")
_NEGATION = re.compile(r"\b(?:inte|ej|icke|aldrig)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
_AREA = re.compile(r"^\s*m\S{1,2}lomr\S{1,2}de\b", re.IGNORECASE)
_OUTLINE = re.compile(
    r"^(?:nam?ndens analys|analys och bedomning|uppfyllelse av|namndens mal|forvaltningens mal|"
    r"malredovisning|bedomning av maluppfyllelse|fargsattningen|upp\S{1,3}ljning)"
)
_COUNCIL_IN_TEXT = re.compile(r"kommun\S{1,2}vergripande\s+m\S{1,2}let\s+(.{3,90}?)\s*:?\s*$", re.IGNORECASE)
_MAX_HEADING_LINES = 8


@dataclass(frozen=True, slots=True)
class GoalSection:
    """One goal's part of a report: its heading, judgement and extent (1-based line numbers)."""

    title: str
    first: int
    last: int
    heading_last: int
    status: str
    evidence: str
    rationale: str
    area: str | None = None
    council: str | None = None


def read_status(sentence: str) -> tuple[str, str] | None:
    """The status a sentence gives a goal and the phrase it was read from, or ``None``.

    >>> read_status("Utifrån uppföljningen bedöms nämndmålet som delvis uppnått.")
    ('partly', 'nämndmålet som delvis uppnått')
    """
    folded = _fold_same_length(sentence)
    goal = _GOAL_WORD.search(folded)
    if goal is None:
        return None
    unassessable = _NOT_ASSESSABLE.search(folded, goal.end())
    if unassessable:
        return "not-assessable", sentence[goal.start() : unassessable.end()]
    verb = _VERB.search(folded, goal.end())
    if verb is None:
        return None
    start, end = min(goal.start(), verb.start()), max(goal.end(), verb.end())
    window = folded[max(0, start - 30) : end + 25]
    if _INCOMPLETE.search(window) or _PARTIAL.search(window):
        status = "partly"
    elif _NEGATION.search(window):
        status = "not-fulfilled"
    else:
        status = "fulfilled"
    tail = re.match(r"\s+(?:helt|delvis|fullt ut)\b", folded[end:])
    if tail:
        end += tail.end()
    return status, sentence[start:end]


def find_goal_sections(doc: SourceText) -> list[GoalSection]:
    """Every goal section of the document, in order, with its status read from its sentence.

    The goal and the assessment extractors both ask; the last document's answer is kept.
    """
    cached_doc, cached_lines, sections = _last_sections
    if cached_doc is doc and cached_lines is doc.lines:
        return list(sections)
    sections = _find_goal_sections(doc)
    _last_sections[:] = [doc, doc.lines, tuple(sections)]
    return sections


_last_sections: list[Any] = [None, None, ()]
"""The document :func:`find_goal_sections` read last, its lines and its sections."""


def _find_goal_sections(doc: SourceText) -> list[GoalSection]:
    found: list[tuple[int, int, str, tuple[str, str], str, str | None]] = []
    area: str | None = None
    number = 1
    while number <= doc.line_count:
        text = doc.line(number).text
        if _AREA.match(text) and is_heading_text(text, 60):
            area = clean_title(re.sub(r"^\s*\S+\s*:?\s*", "", text))
        if _starts_paragraph(doc, number) and "\t" not in text:
            paragraph = paragraph_at(doc, number)
            first_sentence = _SENTENCE_END.split(paragraph.text, maxsplit=1)[0]
            judged = read_status(first_sentence)
            heading = _heading_before(doc, number) if judged else None
            if judged and heading:
                first, title = heading
                found.append((first, number, title, judged, paragraph.text, area))
                number = paragraph.last + 1
                continue
        number += 1
    sections: list[GoalSection] = []
    for index, (first, judged_at, title, (status, evidence), rationale, in_area) in enumerate(found):
        limit = found[index + 1][0] - 1 if index + 1 < len(found) else doc.line_count
        last = _section_end(doc, judged_at, limit)
        council = _council_mentioned(doc, judged_at, last)
        heading_last = max(first, judged_at - 1)
        while heading_last > first and doc.line(heading_last).blank:
            heading_last -= 1
        sections.append(
            GoalSection(title, first, last, heading_last, status, evidence, rationale, in_area, council)
        )
    return sections


def extract_assessments(doc: SourceText, facts: DocumentFacts) -> None:
    """Append one :class:`Assessment` per judged goal section, named as the goal facts name it."""
    period = report_period(doc) or ""
    for section in find_goal_sections(doc):
        title = _known_title(section.title, facts)
        facts.assessments.append(
            Assessment(
                goal=title,
                status=section.status,
                period=period,
                span=doc.span(section.first, section.last),
                rationale=section.rationale,
                evidence=section.evidence,
            )
        )


def _known_title(title: str, facts: DocumentFacts) -> str:
    from rapidfuzz import fuzz

    key = fold(title)
    best, score = title, 0.0
    for goal in facts.goals:
        if goal.level in ("board", "office", "council"):
            ratio = fuzz.ratio(key, fold(goal.title))
            if ratio > score:
                best, score = goal.title, ratio
    return best if score >= 85 else title


@lru_cache(maxsize=16384)
def _fold_same_length(text: str) -> str:
    """Lower-case without diacritics, one character for one, so offsets stay valid in ``text``."""
    return "".join(_fold_char(ch) for ch in text)


@lru_cache(maxsize=1024)
def _fold_char(ch: str) -> str:
    return (unicodedata.normalize("NFKD", ch)[:1] or ch).lower() if len(ch.lower()) == 1 else ch


def _starts_paragraph(doc: SourceText, number: int) -> bool:
    if doc.line(number).blank:
        return False
    if number == 1:
        return True
    previous = doc.line(number - 1).text.rstrip()
    return not previous or previous.endswith((".", ":", "!", "?")) or is_heading_text(previous)


def _is_outline(text: str) -> bool:
    folded = fold(clean_title(text))
    return bool(_OUTLINE.match(folded)) or bool(_AREA.match(text)) or is_major_heading(text)


def _heading_before(doc: SourceText, number: int) -> tuple[int, str] | None:
    """The goal heading that the judgement on line ``number`` stands under, if it has one."""
    cursor = number - 1
    same_block = cursor >= 1 and not doc.line(cursor).blank
    while cursor >= 1 and doc.line(cursor).blank:
        cursor -= 1
    if cursor < 1:
        return None
    if not same_block and not is_heading_text(doc.line(cursor).text):
        return None
    lines: list[int] = []
    while cursor >= 1 and not doc.line(cursor).blank and len(lines) < _MAX_HEADING_LINES:
        text = doc.line(cursor).text
        if "\t" in text or _is_outline(text) or text.lstrip().startswith(("- ", "• ")):
            break
        if lines and text.rstrip().endswith((".", ":", ";")):
            break
        if not same_block and lines and not is_heading_text(text):
            break
        lines.insert(0, cursor)
        cursor -= 1
    if not lines:
        return None
    if read_status(" ".join(doc.line(n).text for n in lines)) is not None:
        return None
    title = clean_title(" ".join(doc.line(n).text.strip() for n in lines)).rstrip(".")
    for number in lines:
        words = fold(doc.line(number).text).split()
        if len(words) <= 3 and _VERB.search(" ".join(words)):
            return None  # the status legend ("Delvis uppfyllt"), not a goal
    return (lines[0], title) if len(title) >= 4 else None


def _section_end(doc: SourceText, start: int, limit: int) -> int:
    last = start
    for number in range(start + 1, limit + 1):
        line = doc.line(number)
        if line.blank:
            continue
        if doc.line(number - 1).blank and (_AREA.match(line.text) or is_major_heading(line.text)):
            break
        last = number
    return last


def _council_mentioned(doc: SourceText, first: int, last: int) -> str | None:
    for line in doc.between(first, last):
        match = _COUNCIL_IN_TEXT.search(line.text)
        if match:
            return clean_title(match.group(1))
    return None
