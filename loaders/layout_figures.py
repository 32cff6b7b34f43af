"""Economy and personnel tables in text without tabs (pdftotext, OCR) → key figures.

Without tabs such a table opens with a line of *column words*, after the table's name and unit
when they share the line ("Driftsammandrag, netto tkr Bokslut Budget Avvikelse Bokslut",
"Bokslut Budget Avvikelse"), and the years of those columns on the next line, after the label
of the row column ("Verksamhet 2020 2020 2019", "Ekonomi, belopp tkr 2020 2020"). A deviation
column (avvikelse, förändring) names no year, so when fewer years than columns are printed the
years go to the other columns in order. Rows are a label and one value per column, read with
the column count known ("Summa 6773 0 6773 17 301" → 6773 | 0 | 6773 | 17 301).

The table is handed to :func:`loaders.economy.read_key_figure_table`, so names, units and
cells mean the same as in tab-separated documents.
"""

from __future__ import annotations

import re

from loaders.economy import read_key_figure_table
from loaders.facts import DocumentFacts
from loaders.layout_rows import Agreement, split_tail
from loaders.tables import Row, Table
from loaders.text import Line, SourceText

__all__ = ["extract_layout_key_figures", "read_column_words"]

_COLUMN_WORD = re.compile(r"^[A-ZÅÄÖ][a-zåäö]+\.?$")
_PERIOD = re.compile(r"(?:\d{1,2}/\d{1,2}\s+)?(?:19|20)\d\d\b")
_DEVIATION = re.compile(r"^(?:avvik|förändr|differens)", re.IGNORECASE)
_REACH = 8
"""How many lines below its years a table's first row may stand (wrapped header cells)."""
_MIN_COLUMNS = 2


def read_column_words(text: str) -> tuple[str, list[str]] | None:
    """The name before a line's column words and the column words ("Avvik. mot" stays one).

    None when fewer than two column words end the line.
    """
    tokens = text.split()
    cut = len(tokens)
    while cut > 0 and (
        _COLUMN_WORD.match(tokens[cut - 1])
        or (tokens[cut - 1].islower() and cut > 1 and tokens[cut - 2].endswith("."))
    ):
        cut -= 1
    columns: list[str] = []
    for token in tokens[cut:]:
        if token.islower() and columns:
            columns[-1] = f"{columns[-1]} {token}"
        else:
            columns.append(token)
    if len(columns) < _MIN_COLUMNS or any(ch.isdigit() for ch in " ".join(tokens[:cut])[-6:]):
        return None
    return " ".join(tokens[:cut]), columns


def extract_layout_key_figures(doc: SourceText, facts: DocumentFacts) -> None:
    """Pipeline extractor: the economy and personnel tables of a document printed without tabs."""
    if any("\t" in line.text for line in doc.lines):
        return
    lines = [line for line in doc.lines if not line.blank]
    index = 0
    while index < len(lines) - 2:
        table, used = _table_at(lines, index)
        if table is None:
            index += 1
            continue
        facts.key_figures.extend(read_key_figure_table(table, doc.source)[0])
        index += used


def _table_at(lines: list[Line], index: int) -> tuple[Table | None, int]:
    """The table whose column words stand on ``lines[index]`` and how many lines it spans."""
    found = read_column_words(lines[index].text.strip())
    if found is None:
        return None, 0
    name, columns = found
    years_line = lines[index + 1].text.strip()
    periods = [m.group(0) for m in _PERIOD.finditer(years_line)]
    if not periods:
        return None, 0
    first_period = _PERIOD.search(years_line)
    label = years_line[: first_period.start()].strip() if first_period else ""
    header = Row(lines[index].number, (name or label, *_name_columns(columns, periods)))
    rows: list[Row] = []
    position = index + 2
    while position < len(lines):
        text = lines[position].text.strip()
        row_label, values = split_tail(text, len(columns), _deviation_check(columns))
        if row_label and len(values) >= 1 and (rows or len(values) >= _MIN_COLUMNS):
            cells = values[: len(columns)]
            rows.append(Row(lines[position].number, (row_label, *cells)))
        elif rows or position - index > _REACH:
            break
        position += 1
    if len(rows) < _MIN_COLUMNS:
        return None, 0
    return Table(header, tuple(rows), label or None), position - index


def _deviation_check(columns: list[str]) -> Agreement | None:
    """A check that a row's deviation cell is the difference of the two cells before it
    (Prognos, Budget, Avvikelse), or None when no deviation column follows two others."""
    index = next((i for i, column in enumerate(columns) if _DEVIATION.match(column)), None)
    if index is None or index < _MIN_COLUMNS:
        return None
    deviation = index

    def agrees(cells: list[str]) -> bool:
        if len(cells) <= deviation:
            return False
        first, second, difference = (
            int(cells[i].replace(" ", "")) for i in range(deviation - 2, deviation + 1)
        )
        return abs(first - second) == abs(difference)

    return agrees


def _name_columns(columns: list[str], periods: list[str]) -> list[str]:
    """Column names with their period: in order, deviation columns skipped when years run short."""
    if len(periods) >= len(columns):
        return [f"{column} {period}" for column, period in zip(columns, periods, strict=False)]
    named: list[str] = []
    remaining = list(periods)
    for column in columns:
        if remaining and not _DEVIATION.match(column):
            named.append(f"{column} {remaining.pop(0)}")
        else:
            named.append(column)
    return named
