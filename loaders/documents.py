"""Documents: what a file is, who issued it, for which period, and the parts it holds.

A document is placed by its title: the first lines name the type and year
("Verksamhetsberättelse 2020" over "Kommunstyrelsen"), or a protocol paragraph heading
("§ 315 Internbudget 2020 - kommunstyrelsen") makes it a protokollsutdrag. A report whose cover
was lost (text starting at "Förvaltningschefens bedömning och analys") is placed by how it
describes itself ("Verksamhetsberättelsen är en uppföljning av …") or by its reporting date
("per den sista augusti 2018" makes a delårsrapport). A text placed by none of these raises
:class:`~styrgraf.errors.DocumentError` at the line where a title was expected.

A file may hold several documents — a protocol extract followed by its bilagor. Each later part
starts at its own title: a protocol or minnesanteckningar heading with its date, a
förhandlingsprotokoll's "Parter" field block, or an organisation's budget title standing alone
("Leanlinks förvaltningsbudget för 2020", followed by "med plan för …" or a table of contents).
Each part becomes a :class:`Document` with ``part_of`` the file's main document, keyed
``<stem>#bilaga-<n>`` when it matches the bilaga list, else ``<stem>#part-<n>``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from loaders.facts import Attachment, Document, DocumentFacts
from loaders.organisations import base_name, names_in
from loaders.text import Line, SourceText

__all__ = ["extract_documents"]

_TYPES = (
    (r"verksamhetsber.ttelse", "verksamhetsberattelse", "Verksamhetsberättelse"),
    (r"del.rsrapport", "delarsrapport", "Delårsrapport"),
    (r"(?:intern|förvaltnings)budget", "internbudget", "Internbudget"),
    (r"verksamhetsplan", "verksamhetsplan", "Verksamhetsplan"),
    (r"tjänsteskrivelse", "tjansteskrivelse", "Tjänsteskrivelse"),
    (r"minnesanteckningar", "minnesanteckningar", "Minnesanteckningar"),
    (r"uppföljning", "uppfoljning", "Uppföljning"),
)
_TYPE_WORD = "|".join(pattern for pattern, _, _ in _TYPES)
_TITLE = re.compile(rf"^(?P<type>{_TYPE_WORD})\b.*?\b(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_PARAGRAPH = re.compile(r"^§\s?\d+\s+\S")
_PARAGRAPH_NUMBER = re.compile(r"^§\s?\d+\s+")
_BILAGA_PREFIX = re.compile(r"^Bilaga\s+\d+\s*[-–:]?\s*")
_SELF_DESCRIPTION = re.compile(
    rf"\b(?P<type>{_TYPE_WORD})e?n\s+(?:är|ar|avser|redovisar)\b(?:.*?\bav\s+(?P<issuer>[A-ZÅÄÖ][\w-]+"
    r"(?: och [a-zåäö]\w+)?))?",
    re.IGNORECASE,
)
_REPORT_HEADING = re.compile(r"bed.mning och analys|^(?:Nämndens|F.rvaltningens) uppdrag", re.IGNORECASE)
_MONTHS = "januari februari mars april maj juni juli augusti september oktober november december".split()
_CUTOFF = re.compile(
    rf"\bper (?:den )?(?:sista|\d{{1,2}}) (?P<month>{'|'.join(_MONTHS)}) (?P<year>(?:19|20)\d\d)\b"
    rf"|\bResultat \d{{1,2}} (?P<month2>{'|'.join(_MONTHS)}) (?P<year2>(?:19|20)\d\d)\b"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_ATTACHMENT = re.compile(r"^(?:[-•e]\s+)?(?P<title>Bilaga\s+(?P<number>\d+)\b.*?)\s*$")
_DATE = re.compile(r"\b(?P<date>(?:19|20)\d\d-\d\d-\d\d)\b")
_DECIDER = re.compile(r"^(?P<body>[A-ZÅÄÖ][\w-]+?)s beslut\s*$")
_PROTOCOL_PART = re.compile(
    r"^(?P<title>(?:Protokoll|Minnesanteckningar)\b.{0,60}?(?P<date>(?:19|20)\d\d-\d\d-\d\d))\s*$"
)
_FIELD_BLOCK_PART = re.compile(r"^-\s+Parter\*\*")
_BUDGET_PART = re.compile(
    rf"^(?P<issuer>[A-ZÅÄÖ][\w-]*(?: och [a-zåäö][\w-]*)?)(?: förslag till)? (?P<type>{_TYPE_WORD})\b"
    r"[^.\t]{0,60}?\b(?P<year>(?:19|20)\d\d)\s*$",
    re.IGNORECASE,
)
_HEAD_LINES = 40
"""How many non-blank lines may come before a document's title or self-description."""


@dataclass(frozen=True, slots=True)
class _Part:
    start: int
    title: str
    doc_type: str
    year: int | None = None
    issuer: str | None = None
    date: str | None = None


def extract_documents(doc: SourceText, facts: DocumentFacts) -> None:
    """Append the file's document, and one per further part it holds, to ``facts.documents``.

    :raises DocumentError: no title, protocol heading or self-description places the text.
    """
    lines = [line for line in doc.lines if not line.blank]
    if not lines:
        raise doc.error(None, "document has no text")
    stem = PurePath(doc.source).stem
    main = _main_part(doc, lines)
    parts = _later_parts(doc, lines, main.start)
    ends = [part.start - 1 for part in parts] + [lines[-1].number]
    attachments = _attachments(doc, lines, main.start, ends[0])
    main_document = Document(
        key=stem,
        title=main.title,
        doc_type=main.doc_type,
        span=doc.span(lines[0].number, lines[-1].number),
        year=main.year,
        period=_period(main),
        issuer=main.issuer,
        date=main.date,
        attachments=attachments,
    )
    facts.documents.append(main_document)
    if parts:
        # the file's own text (the protocol paragraph) is a part beside its bilagor
        parts.insert(0, main)
        ends.insert(0, ends[0])
    claimed: set[int] = set()
    for index, (part, end) in enumerate(zip(parts, ends[1:], strict=True), start=1):
        attachment = None if part is main else _matching_attachment(part, attachments, claimed)
        key = f"{stem}#bilaga-{attachment.number}" if attachment else f"{stem}#part-{index}"
        title = part.title or (_BILAGA_PREFIX.sub("", attachment.title) if attachment else part.doc_type)
        date = part.date
        if date is None and attachment is not None and (found := _DATE.search(attachment.title)):
            date = found["date"]
        facts.documents.append(
            Document(
                key=key,
                title=title,
                doc_type=part.doc_type,
                span=doc.span(part.start, max(part.start, _last_text_line(lines, part.start, end))),
                year=part.year or (int(date[:4]) if date else None),
                period=str(part.year) if part.year else None,
                issuer=part.issuer,
                date=date,
                part_of=stem,
            )
        )


def _main_part(doc: SourceText, lines: list[Line]) -> _Part:
    head = lines[:_HEAD_LINES]
    for index, line in enumerate(head):
        text = line.text.strip()
        if _PARAGRAPH.match(text):
            return _protocol_part(lines, line)
        title = _TITLE.match(text)
        if title is not None and len(text) < 100 and "\t" not in text:
            issuer = _issuer_line(head[index + 1].text) if index + 1 < len(head) else None
            return _Part(line.number, text, _type_of(title["type"]), int(title["year"]), issuer)
    return _untitled_part(doc, lines)


def _protocol_part(lines: list[Line], heading: Line) -> _Part:
    """A protokollsutdrag: its heading, the deciding body and the meeting date."""
    body = next((match["body"] for line in lines if (match := _DECIDER.match(line.text.strip()))), None)
    dates = [
        line.text.strip() for line in lines if re.fullmatch(r"(?:19|20)\d\d-\d\d-\d\d", line.text.strip())
    ]
    date = dates[0] if dates else None
    return _Part(
        heading.number,
        _PARAGRAPH_NUMBER.sub("", heading.text.strip()),
        "protokollsutdrag",
        int(date[:4]) if date else None,
        base_name(body + "s") if body else None,
        date,
    )


def _untitled_part(doc: SourceText, lines: list[Line]) -> _Part:
    """A report without its cover: placed by its self-description or its reporting date."""
    text = [line.text for line in lines]
    report = any(_REPORT_HEADING.search(line) for line in text[:_HEAD_LINES])
    described = next((match for line in text if (match := _SELF_DESCRIPTION.search(line))), None)
    if described is None:
        joined = " ".join(text[: _HEAD_LINES * 3])
        described = _SELF_DESCRIPTION.search(joined)
    cutoff = next((match for line in text if (match := _CUTOFF.search(line))), None)
    if not report and described is None:
        first = lines[0]
        raise doc.error(
            first.number,
            f"no document title, protocol heading or report type recognised: {first.text.strip()[:60]!r}",
        )
    year = _common_year(text)
    issuer = _issuer_of(described, text)
    if cutoff is not None and (described is None or _type_of(described["type"]) == "delarsrapport"):
        month = cutoff["month"] or cutoff["month2"]
        year = int(cutoff["year"] or cutoff["year2"])
        return _Part(lines[0].number, f"Delårsrapport {month} {year}", "delarsrapport", year, issuer)
    doc_type = _type_of(described["type"]) if described else "verksamhetsberattelse"
    label = next(label for _, code, label in _TYPES if code == doc_type)
    return _Part(lines[0].number, f"{label} {year}" if year else label, doc_type, year, issuer)


def _period(part: _Part) -> str | None:
    """ "januari–augusti 2018" for a delårsrapport (from its title), else the year."""
    match = re.search(rf"({'|'.join(_MONTHS)}) ((?:19|20)\d\d)", part.title)
    if match is None or part.doc_type != "delarsrapport":
        return str(part.year) if part.year else None
    return f"januari–{match[1]} {match[2]}"


def _later_parts(doc: SourceText, lines: list[Line], main_start: int) -> list[_Part]:
    """Title lines of further documents in the same file, in order."""
    parts: list[_Part] = []
    for index, line in enumerate(lines):
        text = line.text.strip()
        if line.number <= main_start:
            continue
        protocol = _PROTOCOL_PART.match(text)
        if protocol is not None:
            kind = "minnesanteckningar" if text.lower().startswith("minnes") else "mbl-protokoll"
            if kind == "mbl-protokoll" and not re.search(r"\bMBL?\b|MB-grupp|förhandl", text, re.IGNORECASE):
                kind = "protokollsutdrag"
            date = protocol["date"]
            parts.append(_Part(line.number, text, kind, int(date[:4]), None, date))
        elif _FIELD_BLOCK_PART.match(text):
            parts.append(_Part(line.number, "", "mbl-protokoll"))
        elif (budget := _BUDGET_PART.match(text)) is not None and _opens_document(lines, index):
            issuer = _strip_genitive(budget["issuer"], doc)
            title = _with_subtitle(text, lines[index + 1].text.strip() if index + 1 < len(lines) else "")
            parts.append(_Part(line.number, title, _type_of(budget["type"]), int(budget["year"]), issuer))
    return parts


def _with_subtitle(title: str, following: str) -> str:
    """ "Leanlinks förvaltningsbudget för 2020" + "med plan för 2021-2023" read as one title."""
    return f"{title} {following}" if following.lower().startswith("med plan") else title


def _opens_document(lines: list[Line], index: int) -> bool:
    """A budget title opens a document when a subtitle or a table of contents follows it."""
    following = [line.text.strip() for line in lines[index + 1 : index + 120]]
    if following and following[0].lower().startswith("med plan"):
        return True
    return any(text in {"Innehållsförteckning", "Innehåll"} for text in following)


def _attachments(doc: SourceText, lines: list[Line], first: int, last: int) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    seen: set[str] = set()
    for line in lines:
        if not first <= line.number <= last:
            continue
        match = _ATTACHMENT.match(line.text.split("\t")[0].strip())
        if match is None or len(match["title"]) > 150 or match["title"] in seen:
            continue
        seen.add(match["title"])
        found.append(Attachment(match["title"].strip(), doc.span(line.number), int(match["number"])))
    return tuple(found)


def _matching_attachment(
    part: _Part, attachments: tuple[Attachment, ...], claimed: set[int]
) -> Attachment | None:
    """The bilaga this part is: most shared words (at least three), or for an untitled
    protocol the one protocol bilaga no titled part took."""
    free = [attachment for attachment in attachments if attachment.number not in claimed]
    if part.title:
        words = _words(part.title + " " + (part.issuer or ""))
        scored = [(len(words & _words(attachment.title)), attachment) for attachment in free]
        best = max(scored, key=lambda pair: pair[0], default=(0, None))
        chosen = best[1] if best[0] >= 3 else None
    else:
        protocols = [attachment for attachment in free if "protokoll" in attachment.title.lower()]
        chosen = protocols[0] if len(protocols) == 1 else None
    if chosen is not None and chosen.number is not None:
        claimed.add(chosen.number)
    return chosen


def _words(text: str) -> set[str]:
    words = {word.lower().removesuffix("s") for word in re.findall(r"[\w-]{4,}", text)}
    return words - {"bilaga", "plan", "för", "med", "och", "till", "förslag"}


def _last_text_line(lines: list[Line], first: int, last: int) -> int:
    inside = [line.number for line in lines if first <= line.number <= last]
    return inside[-1] if inside else first


def _issuer_line(text: str) -> str | None:
    """The line under a title names the issuer when it is a short name ("Kommunstyrelsen")."""
    text = text.strip()
    if len(text) > 60 or text.endswith((".", ":")) or _TITLE.match(text):
        return None
    if text.lower().startswith(("innehåll", "bilaga")):
        return None
    return text


def _issuer_of(described: re.Match[str] | None, text: list[str]) -> str | None:
    if described is not None and described["issuer"]:
        return _strip_genitive(described["issuer"], None)
    counts = Counter(name for line in text for name, kind in names_in(line) if kind in {"board", "office"})
    return counts.most_common(1)[0][0] if counts else None


def _strip_genitive(name: str, doc: SourceText | None) -> str:
    """ "Leanlinks" → "Leanlink" when the document also prints the bare name; role words by rule."""
    based = base_name(name)
    if based != name[:1].upper() + name[1:] or not name.endswith("s") or doc is None:
        return based
    bare = name[:-1]
    if any(re.search(rf"\b{re.escape(bare)}\b", line.text) for line in doc.lines):
        return bare
    return based


def _common_year(text: list[str]) -> int | None:
    counts = Counter(int(year) for line in text for year in _YEAR.findall(line))
    return counts.most_common(1)[0][0] if counts else None


def _type_of(word: str) -> str:
    return next(code for pattern, code, _ in _TYPES if re.fullmatch(pattern, word, re.IGNORECASE))
