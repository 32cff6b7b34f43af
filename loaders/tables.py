"""Tables of tab-separated documents: rows, headers, blocks and the footnotes below them.

A *row* is a line holding at least one tab; its cells are the tab-separated fields, markup
kept (``<i>`` marks a goal's description). Rows on consecutive lines form a *block*. A block
that follows prose starts a new :class:`Table` with its first row as header; a block that
follows only blank lines and footnotes (a table broken by a page or by its notes) continues
the table above unless its first row is itself a header (a header repeated on a new page
starts a new table that readers may treat as a continuation).

Footnotes (fotnoter) are lines opening with superscript digits ("¹ Statistiken …") or with
asterisks ("* Resultatpåverkande poster …"); :func:`find_notes` reads them all and
:func:`note_for` finds the one a mark refers to: the nearest with that mark after the mark.

Readers of other layouts (space-aligned pdftotext, OCR) build :class:`Row` and
:class:`Table` themselves and reuse the table readers in ``loaders.indicators`` and
``loaders.economy``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from loaders.numbers import parse_value, split_marks
from loaders.text import Line, SourceText

__all__ = [
    "Note",
    "Row",
    "Table",
    "find_notes",
    "find_tables",
    "is_value_cell",
    "note_for",
    "strip_tags",
    "year_of",
]

_NOTE = re.compile(r"^\s*(?P<mark>[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*{1,3})\s*(?P<text>\S.*)$")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)(?!\d)")
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
_VALUE_WORDS = 6
_VALUE_START = re.compile(
    r"[-+]?\s?\d|(?:fler|färre|mindre|större|högst|minst|max|min|över|under|ca|cirka)\b",
    re.IGNORECASE,
)
CAPTION_DISTANCE = 3
"""How many lines above a header its caption may stand."""
_STARRED_NOTE = re.compile(r"märkta?\s+med\s+(?P<mark>\*{1,3})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its source line number and its cells (stripped, markup kept)."""

    line: int
    cells: tuple[str, ...]

    def cell(self, index: int) -> str:
        """The cell at ``index``, or "" when the row is shorter."""
        return self.cells[index] if 0 <= index < len(self.cells) else ""

    @property
    def filled(self) -> int:
        """Number of non-empty cells."""
        return sum(1 for c in self.cells if c)


@dataclass(frozen=True, slots=True)
class Table:
    """A header row, the rows under it and the caption printed just above it (if any)."""

    header: Row
    rows: tuple[Row, ...]
    caption: str | None = None
    follows_prose: bool = True
    """False when a header row split it off a run of rows (no prose line between them)."""

    @property
    def first_line(self) -> int:
        return self.header.line

    @property
    def last_line(self) -> int:
        return self.rows[-1].line if self.rows else self.header.line


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote line: its mark as plain digits or asterisks, its text and line number."""

    mark: str
    text: str
    line: int


def strip_tags(text: str) -> str:
    """``text`` without markup tags, whitespace collapsed."""
    return " ".join(_TAGS.sub(" ", text).split())


def year_of(text: str) -> str | None:
    """The four-digit year a header cell names ("August i 2020" → "2020"), if exactly one."""
    years = {m.group("year") for m in _YEAR.finditer(text)}
    return years.pop() if len(years) == 1 else None


def is_value_cell(cell: str) -> bool:
    """True when ``cell`` reads as a value: "I.U.", a dash, blank, or a short cell opening with
    a number or a comparator ("733", "4,58 (4,75 år 2017)", "Fler än 1", "2016: 15,2%")."""
    parsed = parse_value(cell)
    if parsed.no_data:
        return True
    if parsed.value is None or len(parsed.raw.split()) > _VALUE_WORDS:
        return False
    return bool(_VALUE_START.match(split_marks(parsed.raw)[0]))


def split_row(line: Line) -> Row:
    """The cells of one tab-separated line."""
    return Row(line.number, tuple(cell.strip() for cell in line.text.split("\t")))


def _note_of(line: Line) -> Note | None:
    match = _NOTE.match(line.text)
    if not match or "\t" in line.text:
        return None
    mark = match.group("mark").translate(_SUPERSCRIPT_DIGITS)
    return Note(mark, match.group("text").strip(), line.number)


def find_notes(doc: SourceText) -> list[Note]:
    """Every footnote line of ``doc``, plus notes that explain a mark ("märkta med *")."""
    notes: list[Note] = []
    for line in doc.lines:
        note = _note_of(line)
        if note is not None:
            notes.append(note)
        elif "\t" not in line.text and (starred := _STARRED_NOTE.search(line.text)):
            notes.append(Note(starred.group("mark"), line.text.strip(), line.number))
    return notes


def note_for(mark: str, line: int, notes: Sequence[Note]) -> Note | None:
    """The footnote ``mark`` (marked on ``line``) refers to: the nearest one after ``line``."""
    after = [n for n in notes if n.mark == mark and n.line > line]
    return min(after, key=lambda n: n.line) if after else None


def find_tables(doc: SourceText, is_header: Callable[[Row], bool] | None = None) -> list[Table]:
    """The tab tables of ``doc`` in reading order.

    Prose ends a table; blank lines and footnotes do not, and one or two lines squeezed
    between tab rows are one-cell rows of it. A row for which ``is_header`` holds
    starts a new table; the first row after prose always does. The caption is the prose line
    printed at most :data:`CAPTION_DISTANCE` lines above the header.
    """
    tables: list[Table] = []
    header: Row | None = None
    rows: list[Row] = []
    caption: str | None = None
    prose: Line | None = None
    follows = True
    inside = _one_cell_rows(doc.lines)
    for line in doc.lines:
        if line.number in inside:
            rows.append(Row(line.number, (line.text.strip(),)))
            continue
        if "\t" not in line.text:
            if line.blank or _note_of(line) is not None:
                continue
            prose = line
            _close(tables, header, rows, caption, follows)
            header, rows = None, []
            continue
        row = split_row(line)
        if not row.filled:
            continue
        if header is not None and not _opens(row, is_header):
            rows.append(row)
            continue
        follows_prose = header is None
        _close(tables, header, rows, caption, follows)
        near = prose is not None and row.line - prose.number <= CAPTION_DISTANCE
        header, rows, caption = row, [], prose.text.strip() if near and prose else None
        follows = follows_prose
    _close(tables, header, rows, caption, follows)
    return tables


def _one_cell_rows(lines: Sequence[Line], longest: int = 2) -> set[int]:
    """Lines without tabs squeezed between tab rows: one-cell rows ("Verksamhet", "Belopp tkr")
    whose empty trailing cells were trimmed with the trailing blanks."""
    found: set[int] = set()
    run: list[Line] = []
    previous_tabbed = False
    for line in lines:
        tabbed = "\t" in line.text
        if tabbed:
            if run and len(run) <= longest:
                found.update(item.number for item in run)
            run, previous_tabbed = [], True
        elif line.blank:
            run, previous_tabbed = [], False
        elif previous_tabbed or run:
            run.append(line)
            previous_tabbed = False
    return found


def _opens(row: Row, is_header: Callable[[Row], bool] | None) -> bool:
    return is_header is not None and is_header(row)


def _close(
    tables: list[Table], header: Row | None, rows: Iterable[Row], caption: str | None, follows: bool
) -> None:
    if header is not None:
        tables.append(Table(header, tuple(rows), caption, follows))
