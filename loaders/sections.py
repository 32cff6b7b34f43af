"""Headings, sections and paragraphs — the structure goal loaders read documents by.

Layout differs between documents (one line per paragraph in exported reports, hard-wrapped
lines in pdftotext layout output, OCR text with stray glyphs), so everything here works on
*folded* text (case and diacritics removed) and on the shape of lines: a heading is a short
line without closing punctuation; a paragraph is a run of non-blank lines joined with its
hyphenation undone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from loaders.text import Line, SourceText

__all__ = [
    "Paragraph",
    "clean_title",
    "fold",
    "is_heading_text",
    "is_major_heading",
    "paragraph_at",
    "report_period",
    "split_cells",
    "strip_markup",
    "unwrap",
]

_BULLETS = " -\u2022\uf0b7"
_MARKUP = re.compile(r"</?(?:i|p|b|em|strong)>|\*\*", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
_DOC_KIND = re.compile(
    r"(verksamhetsberattelse|internbudget|forvaltningsbudget|delarsrapport|arsredovisning|"
    r"verksamhetsplan|budget|uppfoljning)\D{0,40}?(20\d\d)"
)
_PERIOD_PHRASE = re.compile(r"\bper\s+(?:den\s+)?(?:sista|\d{1,2})\s+[a-z]+\s+(20\d\d)")
_MAJOR = re.compile(
    r"^(?:strategisk\w*|uppf\S{1,2}ljning\w*|styrande dokument|n\S{1,2}mndindikator\w*|bilag\w*|"
    r"m\S{1,2}lomr\S{1,2}de\w*|malredovisning|viktiga beslut|internkontroll\w*|personal$|ekonomi$|"
    r"ovriga bilagor|vasentliga avvikelser)\b"
)
_GLYPH_TOKEN = re.compile(r"^(?:[A-Z]|[^\w\s(),.]+\w?|\w?[^\w\s(),.]+\w*|[\u25a0-\u25ff])$")


_LATIN = "åäöÅÄÖéèêëÉÈÊËáàâÁÀÂóòôÓÒÔíìîïÍÌÎÏúùûüÚÙÛÜçÇñÑýÿÝ"
_BARE = str.maketrans({ch: unicodedata.normalize("NFKD", ch)[0] for ch in _LATIN})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ``text`` with diacritics removed and spaces collapsed ("Målområde" → "malomrade")."""
    bare = text.translate(_BARE)
    if not bare.isascii():
        decomposed = unicodedata.normalize("NFKD", bare)
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def strip_markup(text: str) -> str:
    """Drop the inline tags (``<i>``, ``<p>``, ``**``) exported tables carry."""
    return " ".join(_MARKUP.sub(" ", text).split())


def clean_title(text: str) -> str:
    """A goal title without markup, bullets and trailing status-icon residue ("Starkt varumärke ■").

    Status icons come out of PDF conversion as a box or, after OCR, as short garbage tokens
    ("C_D", "€D", "D"); a trailing token of at most three characters that is not a word goes.
    """
    words = strip_markup(text).strip(_BULLETS).split()
    while words and len(words[-1]) <= 3 and _GLYPH_TOKEN.match(words[-1]) and len(words) > 1:
        words.pop()
    return " ".join(words).rstrip(" :")


def is_heading_text(text: str, max_length: int = 110) -> bool:
    """Whether ``text`` has the shape of a heading: short, no tab, no closing sentence punctuation."""
    stripped = clean_title(text)
    if not stripped or "\t" in text or len(stripped) > max_length:
        return False
    if text.rstrip()[-1] in ".:;,!?" or text.lstrip().startswith(("-", "•", "\u2022", "e ")):
        return False
    return stripped[0].isupper() or stripped[0].isdigit()


def is_major_heading(text: str) -> bool:
    """Whether ``text`` is a section heading of the report's outline (not a goal heading)."""
    if not is_heading_text(text, max_length=70):
        return False
    return bool(_MAJOR.match(fold(clean_title(text))))


def split_cells(text: str) -> list[str]:
    """The tab-separated cells of a table row, markup removed and blanks trimmed."""
    return [strip_markup(cell) for cell in text.split("\t")]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Consecutive non-blank lines joined into running text."""

    first: int
    last: int
    text: str


def unwrap(lines: Sequence[Line]) -> str:
    """Join hard-wrapped ``lines`` into one string, undoing end-of-line hyphenation."""
    text = ""
    for line in lines:
        part = line.text.strip()
        if not part:
            continue
        if text.endswith("-") and part[:1].islower() and not text.endswith(" -"):
            text = text[:-1] + part
        else:
            text = f"{text} {part}" if text else part
    return text


def paragraph_at(doc: SourceText, number: int) -> Paragraph:
    """The paragraph starting at line ``number``: the run of non-blank lines from there on."""
    last = number
    while last < doc.line_count and not doc.line(last + 1).blank and not _starts_item(doc.line(last + 1)):
        last += 1
    return Paragraph(number, last, unwrap(list(doc.between(number, last))))


def _starts_item(line: Line) -> bool:
    return line.text.lstrip().startswith(("- ", "• ", "\u2022", "e "))


def report_period(doc: SourceText) -> str | None:
    """The report's or budget's year: from its title ("Verksamhetsberättelse 2020"), else the date
    it reports per ("per den sista augusti 2018"), else the year printed most often early on."""
    head = [fold(line.text) for line in doc.lines[:400] if not line.blank]
    for text in head[:60]:
        if len(text) <= 70 and (match := _DOC_KIND.search(text)):
            return match.group(2)
    for text in (fold(line.text) for line in doc.lines):
        if match := _PERIOD_PHRASE.search(text):
            return match.group(1)
    counts: dict[str, int] = {}
    for text in head:
        for year in _YEAR.findall(text):
            counts[year] = counts.get(year, 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None
