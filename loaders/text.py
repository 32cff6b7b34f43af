"""Source text: decoded, normalised lines that keep their original line numbers.

Every loader reads a :class:`SourceText`, never the raw string. Normalisation is
conservative and line-preserving, so each fact can cite the lines it came from:

* the text is decoded strictly (UTF-8 with or without BOM; anything else is a
  :class:`~styrgraf.errors.DocumentError` naming the first undecodable line);
* non-breaking and other exotic spaces become plain spaces, trailing blanks go, and a
  line of only whitespace becomes empty (page breaks in pdftotext output are marked only
  by such lines or a leading space);
* page furniture — signature boxes ("Ordförandens signatur  Justerarens signatur") and
  the dashed rule under them — is blanked, so it cannot split a table or a list;
* text damaged by OCR is repaired word by word (``loaders.ocr``); each repair is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from loaders.facts import OcrRepair, Span
from styrgraf.errors import DocumentError

__all__ = ["Line", "SourceText", "decode_document"]

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_FURNITURE = (
    re.compile(r"^\s*(Ordförandens|Justerarens|Ordforandens)\s+signatur", re.IGNORECASE),
    re.compile(r"^[\s\-–—_|]{10,}$"),
    re.compile(r"^\s*Utdragsbestyrkande\s*$", re.IGNORECASE),
)


@dataclass(frozen=True, slots=True)
class Line:
    """One normalised line and its 1-based number in the source file."""

    number: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class SourceText:
    """The lines of one document, normalised, with OCR repairs applied and recorded."""

    source: str
    lines: list[Line]
    ocr_repairs: list[OcrRepair] = field(default_factory=list)
    ocr_damaged: bool = False

    @classmethod
    def from_text(cls, text: str, source: str) -> SourceText:
        """Normalise ``text`` (already decoded) read from the file named ``source``."""
        from loaders.ocr import repair_lines

        lines = [Line(number, _normalise(raw)) for number, raw in enumerate(text.splitlines(), 1)]
        repaired, repairs, damaged = repair_lines(lines)
        return cls(source=source, lines=repaired, ocr_repairs=repairs, ocr_damaged=damaged)

    def span(self, first: int, last: int | None = None) -> Span:
        """The span of lines ``first``..``last`` (inclusive) in this document."""
        return Span(self.source, first, first if last is None else last)

    def line(self, number: int) -> Line:
        """The line with 1-based ``number``."""
        return self.lines[number - 1]

    def between(self, first: int, last: int) -> Iterator[Line]:
        """Lines ``first``..``last`` inclusive."""
        return iter(self.lines[first - 1 : last])

    def error(self, line: int | None, reason: str) -> DocumentError:
        """A :class:`DocumentError` located in this document."""
        return DocumentError(self.source, line, reason)

    @property
    def line_count(self) -> int:
        return len(self.lines)


def _normalise(raw: str) -> str:
    text = _INVISIBLE.sub("", _SPACES.sub(" ", raw)).rstrip()
    if not text.strip():
        return ""
    if any(pattern.search(text) for pattern in _FURNITURE):
        return ""
    return text


def decode_document(data: bytes, source: str) -> str:
    """Decode a document's bytes as UTF-8, rejecting binary and other encodings.

    :raises DocumentError: empty input (line 1), UTF-16 with or without a byte-order mark
        (line 1), NUL bytes (binary), or bytes that are not UTF-8 (latin-1 …); the message
        names the first offending line.
    """
    if not data.strip():
        raise DocumentError(source, 1, "document is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise DocumentError(source, 1, "document is UTF-16 encoded; convert it to UTF-8")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DocumentError(source, line, "document is binary (NUL byte), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(
            source, line, f"byte 0x{data[exc.start]:02x} is not UTF-8 (latin-1 or another encoding?)"
        ) from None
    if not text.strip():  # only Unicode whitespace and separators
        raise DocumentError(source, 1, "document is empty")
    return text


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 text without a byte-order mark: mostly ASCII, so every other byte of its head is NUL."""
    head = data[:512]
    halves = head[0::2], head[1::2]
    return len(head) >= 8 and any(half.count(0) >= 0.9 * len(half) for half in halves)
