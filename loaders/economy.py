"""Economy and personnel tables (ekonomi, driftsammandrag, investeringar, personal) → key figures.

A key-figure table is a tab table whose header names its columns in words ("Bokslut 2020",
"Budget 2020", "Avvikelse") above rows of numbers; its first header cell (or the caption
printed just above it) names the table and often its unit ("Ekonomi, belopp tkr",
"Driftsammandrag, netto mnkr", "Kommunledning (tkr)"). Every filled cell under a named column
of a table holding numbers becomes a :class:`~loaders.facts.KeyFigure` (text cells only when
short, "Ingår i ersättningen ovan"; longer text is commentary, not a figure).

Layout rules, read from structure rather than names:

* a header with no rows directly above another header is a *group header*
  ("Utgifter/inkomster sedan projektets start" over "Beslutad budget" …): its label is
  prefixed to the columns it spans;
* a header with an empty first cell continues the table above under new columns;
* a row with only its first cell filled is a section ("Kommunstyrelsen", "Verksamhet") or,
  when it names a unit ("Belopp tkr"), the unit of the rows below; a row in italics details
  the plain row above it ("varav kostnader", "Kvinnor") — both kept as the figure's ``group``;
* indicator tables and the rows split off them are left to ``loaders.indicators``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.facts import DocumentFacts, KeyFigure, Span
from loaders.indicators import is_indicator_header
from loaders.numbers import parse_value, split_marks
from loaders.tables import Row, Table, find_tables, is_value_cell, strip_tags
from loaders.text import SourceText

__all__ = ["extract_key_figures", "is_key_figure_header", "read_key_figure_table", "unit_in"]

_UNIT = re.compile(r"(?<![\wåäö])(?P<unit>tkr|mnkr|mdkr|mkr|kr|procent|%)(?![\wåäö])", re.IGNORECASE)
_UNIT_PHRASE = re.compile(
    r"[,(]?\s*(?:belopp\s+(?:i\s+)?|netto\s+)?(?:tkr|mnkr|mdkr|mkr)\)?(?![\wåäö])", re.IGNORECASE
)
_LABEL_UNIT = re.compile(r"[,(]\s*(?:belopp\s+)?(?P<unit>tkr|mnkr|mdkr|mkr|kr|%)\)?\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_GOAL_TABLE = re.compile(r"indikator|nämndmål|förvaltningsmål|aktivitet", re.IGNORECASE)
_MAX_NAME_WORDS = 8
_MAX_TEXT_WORDS = 5


def unit_in(text: str | None) -> str | None:
    """The money or percent unit ``text`` states ("Ekonomi, belopp tkr" → "tkr")."""
    match = _UNIT.search(text or "")
    if match is None:
        return None
    unit = match.group("unit").lower()
    return "%" if unit == "procent" else unit


def _label_unit(label: str) -> str | None:
    match = _LABEL_UNIT.search(label)
    return match.group("unit").lower() if match else None


def is_key_figure_header(row: Row) -> bool:
    """A header of a key-figure table: its column cells are words or years, not other numbers.

    Goal and activity tables (a column of indikatorer, mål or aktiviteter) are not key-figure
    tables. A header with an empty first cell needs two column labels, so a name-only indicator row
    ("| Andel (%) av medborgarna … |") is not taken for one.
    """
    labels = [c for c in row.cells[1:] if c]
    if not labels or any(is_value_cell(c) and not _YEAR.fullmatch(c) for c in labels):
        return False
    if all(_YEAR.fullmatch(c) for c in labels) and not row.cell(0):
        return False
    if any(_GOAL_TABLE.search(c) for c in row.cells):
        return False
    return bool(row.cell(0)) or len(labels) >= 2


@dataclass(frozen=True, slots=True)
class _Frame:
    """Name, unit and column labels in force for the rows of one table."""

    name: str
    unit: str | None
    columns: tuple[str, ...]


def _title(caption: str | None) -> str | None:
    """``caption`` when it reads as a table title (short, not a sentence), else None."""
    if not caption or len(caption.split()) > _MAX_NAME_WORDS or caption.rstrip().endswith((".", ":")):
        return None
    return caption


def _table_name(header: Row, caption: str | None, group: Row | None) -> str:
    if group is not None and group.cell(0):
        return split_marks(strip_tags(group.cell(0)))[0]
    first = split_marks(strip_tags(header.cell(0)))[0]
    bare = " ".join(_UNIT_PHRASE.sub("", first).split()).strip(" ,")
    title = _title(caption)
    if title and unit_in(title) and not unit_in(first):
        return " ".join(_UNIT_PHRASE.sub("", title).split()).strip(" ,") or bare
    return bare or title or ""


def _columns(header: Row, group: Row | None) -> tuple[str, ...]:
    labels: list[str] = []
    spanning = ""
    for index, cell in enumerate(header.cells):
        if group is not None and index > 0 and group.cell(index):
            spanning = strip_tags(group.cell(index))
        label = strip_tags(cell)
        labels.append(f"{spanning}: {label}" if spanning and label else label)
    return tuple(labels)


def read_key_figure_table(
    table: Table, source: str, *, group: Row | None = None, inherited: _Frame | None = None
) -> tuple[list[KeyFigure], _Frame]:
    """The key figures of one table (see module docstring) and the frame it set."""
    if inherited is not None and not table.header.cell(0):
        frame = _Frame(inherited.name, inherited.unit, _columns(table.header, group))
    else:
        unit = unit_in(table.header.cell(0)) or unit_in(group.cell(0) if group else None)
        frame = _Frame(
            _table_name(table.header, table.caption, group),
            unit or unit_in(_title(table.caption)),
            _columns(table.header, group),
        )
    figures: list[KeyFigure] = []
    if not any(is_value_cell(c) and c for row in table.rows for c in row.cells[1:]):
        return figures, frame
    unit = frame.unit
    section: str | None = None
    parent: str | None = None
    for row in table.rows:
        label = strip_tags(row.cell(0))
        italic = row.cell(0).startswith("<i>")
        if row.filled == 1 and label:
            if label.lower().startswith("belopp"):
                unit = unit_in(label) or unit
            elif not italic:
                section, parent = label, None
            continue
        detail_of = parent if italic and parent else section
        if not italic:
            parent = label
        for index in range(1, len(row.cells)):
            column = frame.columns[index] if index < len(frame.columns) else ""
            if not row.cell(index) or not column:
                continue
            if not is_value_cell(row.cell(index)) and len(row.cell(index).split()) > _MAX_TEXT_WORDS:
                continue
            parsed = parse_value(row.cell(index))
            figures.append(
                KeyFigure(
                    table=frame.name,
                    row=label,
                    column=column,
                    raw=parsed.raw,
                    span=Span(source, row.line, row.line),
                    value=parsed.value,
                    unit=parsed.unit or _label_unit(label) or unit,
                    group=detail_of,
                )
            )
    return figures, frame


def extract_key_figures(doc: SourceText, facts: DocumentFacts) -> None:
    """Pipeline extractor: every economy and personnel table of a tab-separated document."""
    tables = find_tables(doc, lambda row: is_indicator_header(row) or is_key_figure_header(row))
    frame: _Frame | None = None
    in_indicators = False
    previous: Table | None = None
    for table in tables:
        if is_indicator_header(table.header):
            in_indicators, frame, previous = True, None, table
            continue
        if in_indicators and not table.follows_prose:
            previous = table
            continue
        in_indicators = False
        if not is_key_figure_header(table.header):
            frame, previous = None, table
            continue
        group = _group_over(previous, table)
        figures, frame = read_key_figure_table(
            table, doc.source, group=group, inherited=frame if not table.follows_prose else None
        )
        facts.key_figures.extend(figures)
        previous = table


def _group_over(previous: Table | None, table: Table) -> Row | None:
    """The header of ``previous`` when it is a row-less group header directly above ``table``."""
    if previous is None or previous.rows or previous.header.line != table.header.line - 1:
        return None
    return previous.header if is_key_figure_header(previous.header) else None
