"""Strategiska utvecklingsuppdrag: the assignments kommunfullmäktige gives the nämnder, with status.

Three shapes are read, all inside a section headed "Strategiska utvecklingsuppdrag":

* tab tables whose header names a status column ("Status", misspelt "Satus"), with an optional
  "Kommentar" column; a row broken by a page carries on in the next row (a title continued in
  lower case, a comment continued under empty cells), repeated header rows are skipped;
* bullet lists ("- Uppdrag till samtliga nämnder …"), where an indented bullet under an
  assignment is the förvaltning's comment on it;
* hard-wrapped layout lists ("Prioriterade aktiviteter  Utfall"), where a paragraph opening
  with a status word ("Pågår", "Genomfört – …") closes the assignment written above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from loaders.facts import DocumentFacts, StrategicAssignment
from loaders.sections import fold, is_heading_text, is_major_heading, paragraph_at, strip_markup
from loaders.text import SourceText

__all__ = ["extract_assignments"]

_SECTION = re.compile(r"^strategiska? (?:utvecklings)?uppdrag")
_STATUS_HEADER = re.compile(r"^s?t?a?t?us$|^satus$|^status$")
_STATUS_WORD = re.compile(
    r"^(?:delvis |ej |inte )?(?:genomf\w*|pag(?:ar|aende)\b|paborja\w*|aktuell\w*|utg(?:ar|att)\b|"
    r"avslutad?t?\b|klar\b|forsenad\w*|planerad\w*)"
)
_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s+")
_ITALIC = re.compile(r"<i>(.*?)</i>", re.IGNORECASE | re.DOTALL)
_SAME = 85.0
_ACTIVITY_MATCH = 30.0
_COMMON = frozenset({"kommun", "uppdra", "namnde", "redovi", "genomf", "arbete", "utveck"})
_ASSIGNED = re.compile(
    r"^(?:[\w-]+ ){0,3}(?:har|far|ges|fick)\s+(?:(?:aven|ocksa)\s+)?i uppdrag att\b|^att [a-z]"
)
_SUBLIST = re.compile(r"(?:uppdrag|gemensamma|specifika)\s*$")


@dataclass(slots=True)
class _Draft:
    title: str
    first: int
    last: int
    status: str | None = None
    comment: list[str] = field(default_factory=list)
    kind: str = "table"
    """"table", "bullet", "prose" (an "X har i uppdrag att …" paragraph) or "activity" (layout list)."""


def extract_assignments(doc: SourceText, facts: DocumentFacts) -> None:
    """Append every strategic assignment found in the document's assignment sections."""
    drafts: list[_Draft] = []
    number = 1
    while number <= doc.line_count:
        text = doc.line(number).text
        if _SECTION.match(fold(text)) and is_heading_text(text, 70):
            previous = _previous_text(doc, number)
            layout = previous is not None and fold(previous).startswith("prioriterade aktiviteter")
            number = _read_section(doc, number + 1, drafts, layout)
        else:
            number += 1
    drafts = _settle_activities(drafts, _all_activities(doc))
    seen: list[str] = []
    for draft in drafts:
        title = " ".join(draft.title.split())
        key = fold(title)
        if len(title) < 10 or any(fuzz.ratio(key, other) >= _SAME for other in seen):
            continue
        seen.append(key)
        comment = " ".join(" ".join(draft.comment).split()) or None
        facts.assignments.append(
            StrategicAssignment(
                title=title, span=doc.span(draft.first, draft.last), status=draft.status, comment=comment
            )
        )


def _read_section(doc: SourceText, number: int, drafts: list[_Draft], layout: bool) -> int:
    """Read the assignments of one section starting at line ``number``; return where it ends."""
    columns: tuple[int, int | None] | None = None
    collecting = True
    while number <= doc.line_count:
        line = doc.line(number)
        text, folded = line.text, fold(line.text)
        if line.blank:
            number += 1
            continue
        if "\t" in text:
            cells = text.split("\t")
            header = _status_columns(cells)
            if header:
                columns = header
            elif columns:
                _table_row(cells, columns, number, drafts)
        elif columns and drafts and text[:1].islower():
            drafts[-1].title += " " + strip_markup(text)
            drafts[-1].last = number
        elif folded.startswith("prioriterade aktiviteter"):
            layout = True
        elif folded.startswith(("ovriga aktiviteter", "ovriga uppdrag")):
            collecting = False
        elif _SUBLIST.search(folded) and is_heading_text(text, 70):
            collecting = True
        elif text.lstrip().startswith("- "):
            _bullet(text, number, drafts)
        elif layout and collecting and (end := _layout_item(doc, number, drafts)) > number:
            number = end
            continue
        elif not layout and (end := _prose_item(doc, number, drafts)) > number:
            number = end
            continue
        elif is_major_heading(text) or (is_heading_text(text, 60) and not layout) or layout:
            if _ends_section(doc, number, layout):
                return number
        number += 1
    return number


def _ends_section(doc: SourceText, number: int, layout: bool) -> bool:
    text = doc.line(number).text
    if is_major_heading(text) and not _SECTION.match(fold(text)):
        return True
    if not layout:
        return False
    following = _next_text(doc, number)
    return following is not None and not _STATUS_WORD.match(fold(following))


def _previous_text(doc: SourceText, number: int) -> str | None:
    for line in reversed(doc.lines[: number - 1]):
        if not line.blank:
            return line.text
    return None


def _next_text(doc: SourceText, number: int) -> str | None:
    for line in doc.lines[number:]:
        if not line.blank:
            return line.text
    return None


def _status_columns(cells: list[str]) -> tuple[int, int | None] | None:
    folded = [fold(strip_markup(c)) for c in cells]
    status = next((i for i, c in enumerate(folded) if i and c in ("status", "satus", "statu")), None)
    if status is None:
        return None
    comment = next((i for i, c in enumerate(folded) if i and c.startswith("kommentar")), None)
    return status, comment


def _table_row(cells: list[str], columns: tuple[int, int | None], number: int, drafts: list[_Draft]) -> None:
    status_at, comment_at = columns
    raw = [c.strip() for c in cells] + [""] * 4
    title, status = raw[0], strip_markup(raw[status_at])
    comment = strip_markup(raw[comment_at]) if comment_at is not None else ""
    if not title:
        if drafts and comment:
            drafts[-1].comment.append(comment)
            drafts[-1].last = number
        return
    plain = strip_markup(title)
    if drafts and not status and plain[:1].islower():
        drafts[-1].title += " " + plain
        drafts[-1].last = number
        return
    remark = " ".join(strip_markup(m) for m in _ITALIC.findall(title))
    name = _NUMBER.sub("", strip_markup(_ITALIC.sub(" ", title)))
    draft = _Draft(name, number, number)
    draft.status = status or None
    draft.comment = [part for part in (remark, comment) if part]
    drafts.append(draft)


def _bullet(text: str, number: int, drafts: list[_Draft]) -> None:
    content = strip_markup(text.lstrip()[2:])
    if text.startswith((" ", "\t")) and drafts:
        drafts[-1].comment.append(content)
        drafts[-1].last = number
    else:
        drafts.append(_Draft(content, number, number, kind="bullet"))


def _layout_item(doc: SourceText, number: int, drafts: list[_Draft]) -> int:
    """Read title lines up to a status paragraph (or a status written at a title line's end)."""
    title: list[str] = []
    first = number
    while number <= doc.line_count:
        line = doc.line(number)
        if line.blank:
            number += 1
            continue
        text = line.text.strip()
        folded = fold(text)
        if not title and (
            is_major_heading(text) or folded.startswith(("prioriterade", "ovriga")) or _SUBLIST.search(folded)
        ):
            return number
        if title and _STATUS_WORD.match(folded) and text[:1].isupper():
            status = _paragraph(doc, number)
            drafts.append(_Draft(" ".join(title), first, status[1], status[0], kind="activity"))
            return status[1] + 1
        inline = _inline_status(text)
        if inline:
            drafts.append(_Draft(" ".join([*title, inline[0]]), first, number, inline[1], kind="activity"))
            return number + 1
        if not title:
            first = number
        title.append(text)
        number += 1
    return number


def _inline_status(text: str) -> tuple[str, str] | None:
    words = text.split(" ")
    for index in range(2, len(words)):
        rest = " ".join(words[index:]).strip()
        if _STATUS_WORD.match(fold(rest)) and words[index][:1].isupper():
            return " ".join(words[:index]).strip(), rest
    return None


def _paragraph(doc: SourceText, number: int) -> tuple[str, int]:
    parts = [doc.line(number).text.strip()]
    while number < doc.line_count and not doc.line(number + 1).blank:
        following = doc.line(number + 1).text.strip()
        folded = fold(following)
        if _SUBLIST.search(folded) or folded.startswith(("ovriga", "prioriterade")):
            break
        if doc.line(number + 1).text.startswith(" "):
            break  # a page starts: pdftotext indents its first line
        parts.append(following)
        number += 1
    return " ".join(parts), number


def _prose_item(doc: SourceText, number: int, drafts: list[_Draft]) -> int:
    """An assignment written as running text: "Kommunstyrelsen har i uppdrag att …" opening a
    paragraph, or an infinitive ("Att utveckla …") right under its heading."""
    text = doc.line(number).text
    if is_heading_text(text, 60) and number < doc.line_count and not doc.line(number + 1).blank:
        return number
    if not text.strip()[:1].isupper():
        return number
    previous = doc.line(number - 1).text if number > 1 else ""
    after_heading = bool(previous.strip()) and is_heading_text(previous, 60)
    if previous.strip() and not after_heading:
        return number
    paragraph = paragraph_at(doc, number)
    folded = fold(paragraph.text)
    if not _ASSIGNED.match(folded) or (folded.startswith("att ") and not _after_heading(doc, number)):
        return number
    drafts.append(_Draft(paragraph.text, number, paragraph.last, kind="prose"))
    return paragraph.last + 1


def _after_heading(doc: SourceText, number: int) -> bool:
    text = _previous_text(doc, number)
    return text is not None and is_heading_text(text, 60)


def _all_activities(doc: SourceText) -> list[_Draft]:
    """Every item of every "Prioriterade aktiviteter  Utfall" list, wherever it stands."""
    found: list[_Draft] = []
    for line in doc.lines:
        if not fold(line.text).startswith("prioriterade aktiviteter"):
            continue
        number = line.number + 1
        while number <= doc.line_count:
            text = doc.line(number).text
            folded = fold(text)
            if (
                doc.line(number).blank
                or _SUBLIST.search(folded)
                or folded.startswith(("ovriga", "strategisk"))
            ):
                number += 1
                continue
            if folded.startswith("prioriterade"):
                break
            end = _layout_item(doc, number, found)
            if end > number:
                number = end
            elif _ends_section(doc, number, True):
                break
            else:
                number += 1
    return found


def _settle_activities(drafts: list[_Draft], activities: list[_Draft]) -> list[_Draft]:
    """When assignments are written as prose, the layout activity lists report on them: each
    prose assignment takes the status of the activity most like it, and activities go."""
    prose = [d for d in drafts if d.kind == "prose"]
    if not prose:
        return drafts
    for draft in prose:
        scored = [(_likeness(draft.title, a.title), a) for a in activities if a.status]
        if scored and draft.status is None:
            score, best = max(scored, key=lambda pair: pair[0])
            if score >= _ACTIVITY_MATCH:
                draft.status = best.status
    return [d for d in drafts if d.kind != "activity"]


def _likeness(assignment: str, activity: str) -> float:
    """Share of the activity's content words (by stem) that the assignment also uses."""
    mine, theirs = _stems(assignment), _stems(activity)
    if not theirs:
        return 0.0
    return 100.0 * len(mine & theirs) / len(theirs)


_CONTENT_WORD = re.compile(r"\w{5,}")


@lru_cache(maxsize=4096)
def _stems(title: str) -> frozenset[str]:
    """The stems (first six letters) of a title's content words."""
    return frozenset(w[:6] for w in _CONTENT_WORD.findall(fold(title))) - _COMMON
