"""Indicator tables (uppföljning av nämndindikatorer, mål och målvärden) → indicators and observations.

An indicator table is headed by a row naming a nämndindikator column and at least one year
column, e.g. ``Nämndmål | Nämndindikator | 2018 | 2019 | 2020 | Målvärde``; internbudgets add a
"Kommunövergripande mål" column and one målvärde column per year. Columns are classified by
their header (:class:`IndicatorColumns`), so other column orders read alike.

Rows are read in order, across page breaks and footnote blocks (:class:`IndicatorReader`):

* text in the goal column opens a *row group*: the nämndmål title (without the description in
  ``<i>…</i>`` or after it) is the goal of every indicator until the next group; a table
  without a goal column takes its goal from the heading above it ("Förvaltningsmål: …");
* text in the indicator column is an indicator, or a *breakdown* of the indicator above
  (Män/Kvinnor, areas, company sizes) — see :func:`is_breakdown`;
* a row whose cells slid left (a breakdown printed without its leading tab) is moved back;
* a name-only row under a name ending in a hyphen continues that name, and a gender word run
  into the end of a name ("… Kommunledningsförvaltningen. Kvinnor") is its first breakdown;
* cells holding a pair ("8/7") under a name saying "pojkar respektive flickor" are read as
  the two breakdowns the name gives.

Every value cell becomes an :class:`~loaders.facts.Observation` — "I.U." and blanks too, as
no-data. Footnote marks on names and cells link the footnotes printed below the table.
The row logic works on :class:`~loaders.tables.Row`, so other table layouts reuse it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.facts import DocumentFacts, Footnote, Indicator, Observation, Span, Target
from loaders.numbers import ParsedValue, parse_target, parse_value, split_marks
from loaders.tables import (
    Note,
    Row,
    find_notes,
    find_tables,
    is_value_cell,
    note_for,
    strip_tags,
    year_of,
)
from loaders.text import SourceText

__all__ = [
    "GENDERS",
    "IndicatorColumns",
    "IndicatorReader",
    "extract_indicators",
    "goal_title",
    "is_breakdown",
    "unit_of",
]

_TARGET_HEADER = re.compile(r"målvärde|riktning|målnivå|\bmål\s+\d{4}", re.IGNORECASE)
_NAME_HEADER = re.compile(r"indikator|nyckeltal|mått", re.IGNORECASE)
_GOAL_HEADER = re.compile(r"mål", re.IGNORECASE)
_GOAL_HEADING = re.compile(r"^\S*mål\s*:\s*(?P<title>\S.*)$", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"(?P<first>[A-Za-zÅÄÖåäö]+)\s+respektive\s+(?P<second>[A-Za-zÅÄÖåäö]+)")
_PAIRED_CELL = re.compile(r"^\s*(\d+(?:,\d+)?)\s*/\s*(\d+(?:,\d+)?)\s*$")
_GLUED_BREAKDOWN = re.compile(r"^(?P<indicator>.+\.)\s+(?P<name>[A-ZÅÄÖ][a-zåäö]+)$")
_NAME_VALUE = re.compile(
    r"(?P<name>[A-ZÅÄÖ][^\d]*?[\w),])\s+(?P<value>I\.U\.|[<>≥≤]?\s?\d+(?:[,.]\d+)?\s?%?)(?=\s+[A-ZÅÄÖ]|\s*$)"
)
_NO_INDICATOR = re.compile(r"^ingen\b", re.IGNORECASE)
_DESCRIPTION = re.compile(r"\s*<i>.*?(?:</i>|$)", re.DOTALL)
_SENTENCE_START = re.compile(r"(?<=[a-zåäö)])\s+(?=[A-ZÅÄÖ][a-zåäö]+\s+[a-zåäö])")
_LAGGED = re.compile(r"^(?P<value>-?\d+(?:[ ,.]\d+)?)\s*\((?P<year>(?:19|20)\d\d)\)$")
GENDERS = frozenset({"män", "kvinnor", "pojkar", "flickor", "killar", "tjejer"})
"""Breakdown names that always break down the indicator above, in lower case."""
_SUBSCRIPT = re.compile(r"\s?([₀-₉]+)(?:\s(?=[-/]))?")
_UNITS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"antal\s*/\s*\d[\d ]*\s*[a-zåäö]+", re.IGNORECASE), None),
    (re.compile(r"\b(?:ton|kg|kWh|MWh|GWh)\b[^,.;]*", re.IGNORECASE), None),
    (re.compile(r"\(%\)|,\s*%|andel\s*%|\bprocent\b|\(andel %\)", re.IGNORECASE), "%"),
    (re.compile(r"\((?P<unit>ha|km|kr|tkr|mnkr|år|dagar|st)\)"), "unit"),
)


@dataclass(frozen=True, slots=True)
class IndicatorColumns:
    """Which column of an indicator table holds what, read from its header row."""

    name: int
    periods: tuple[tuple[int, str], ...]
    targets: tuple[tuple[int, str | None], ...] = ()
    goal: int | None = None
    labels: int = 0
    """Number of label columns (goal columns and the name column)."""

    @classmethod
    def from_header(cls, header: Row) -> IndicatorColumns | None:
        """The columns a header row names, or None when it heads no indicator table."""
        name: int | None = None
        goals: list[int] = []
        periods: list[tuple[int, str]] = []
        targets: list[tuple[int, str | None]] = []
        for index, raw in enumerate(header.cells):
            text = strip_tags(raw)
            if _TARGET_HEADER.search(text):
                targets.append((index, year_of(text)))
            elif (year := year_of(text)) is not None and name is not None:
                periods.append((index, year))
            elif _NAME_HEADER.search(text) and name is None:
                name = index
            elif _GOAL_HEADER.search(text) and name is None:
                goals.append(index)
        if name is None or not (periods or targets):
            return None
        return cls(name, tuple(periods), tuple(targets), goals[-1] if goals else None, name + 1)

    def has_values(self, row: Row) -> bool:
        """Whether any period or target cell of ``row`` is filled."""
        return any(row.cell(i) for i, _ in self.periods + tuple(self.targets))

    def target_of(self, row: Row) -> Target | None:
        """The first target printed on ``row``."""
        return next(iter(self.all_targets(row)), None)

    def all_targets(self, row: Row, known_marks: Collection[str] = ()) -> list[Target]:
        """Every target printed on ``row``, each with its column's year."""
        found: list[Target] = []
        for index, period in self.targets:
            target = parse_target(row.cell(index), known_marks)
            if target is not None:
                found.append(Target(target.raw, target.value, target.comparator, target.direction, period))
        return found

    def realign(self, row: Row) -> Row:
        """``row`` with cells moved right when its label cells slid left.

        A breakdown printed without its leading tab ("Män | 33,3 | …") puts a value where the
        name belongs; a name printed in the goal column with empty cells after it
        ("Andel … | | | 61,60") leaves the name column empty although values follow. A row
        with one tab too many (the name where the first value belongs) is moved left.
        """
        cells = list(row.cells)
        first_period = self.periods[0][0] if self.periods else len(cells)
        if cells and not cells[0] and _is_text(_cell(cells, first_period)):
            if not _is_text(_cell(cells, first_period + 1)):
                cells = cells[1:]
        if _is_value(_cell(cells, self.name)):
            leading = next((i for i, c in enumerate(cells) if _is_value(c)), len(cells))
            if 0 < leading < self.labels and _is_text(cells[leading - 1]):
                cells = [""] * (self.labels - leading) + cells
            return Row(row.line, tuple(cells))
        row = Row(row.line, tuple(cells))
        if not row.cell(self.name) and self.has_values(row):
            texts = [i for i in range(self.name) if row.cell(i)]
            if texts and texts[-1] != self.goal:
                cells[self.name], cells[texts[-1]] = cells[texts[-1]], ""
        return Row(row.line, tuple(cells))


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _is_text(cell: str) -> bool:
    return bool(cell) and not _is_value(cell)


def _is_value(cell: str) -> bool:
    return bool(cell) and is_value_cell(cell)


@dataclass(slots=True)
class _Draft:
    """An indicator being read: its rows (``None`` breakdown = the indicator's own row)."""

    name: str
    goal: str | None
    columns: IndicatorColumns
    rows: list[tuple[Row, str | None]] = field(default_factory=list)
    marks: list[tuple[str, int]] = field(default_factory=list)

    @property
    def breakdowns(self) -> list[str]:
        return [b for _, b in self.rows if b is not None]

    @property
    def own_row(self) -> Row:
        return self.rows[0][0]

    @property
    def opens_group(self) -> bool:
        """Its own row leaves a value blank and states no target: rows under it break it down."""
        own = self.own_row
        blank = any(not own.cell(i) for i, _ in self.columns.periods)
        return blank and self.columns.target_of(own) is None


def _paired_breakdowns(draft: _Draft) -> tuple[str, str] | None:
    """("Pojkar", "Flickor") when the name says "pojkar respektive flickor" and its own cells
    hold such pairs ("8/7"); None otherwise."""
    named = _RESPECTIVELY.search(draft.name)
    own = draft.own_row
    if named is None or draft.breakdowns:
        return None
    if not any(_PAIRED_CELL.match(own.cell(i)) for i, _ in draft.columns.periods):
        return None
    first, second = named.group("first"), named.group("second")
    return first[:1].upper() + first[1:], second[:1].upper() + second[1:]


def is_breakdown(
    name: str, marks: Sequence[str], row: Row, columns: IndicatorColumns, parent: _Draft
) -> bool:
    """Whether ``row`` (named ``name``, without goal text) breaks down the indicator above.

    Gender rows always do. Otherwise the name must be short (≤ 4 words, no footnote mark) and
    the row either sits under a parent that opens a group (see
    :attr:`_Draft.opens_group`), or leaves blank a value its parent gives while the parent
    states a target and the row, which gives some value, none ("Omsorg" under an energy
    indicator).
    """
    words = len(name.split())
    if name.lower().rstrip(".") in GENDERS:
        return True
    if marks or words > 4:
        return False
    if parent.opens_group:
        return True
    own = parent.own_row
    gaps = any(not row.cell(i) and own.cell(i) for i, _ in columns.periods)
    values = any(row.cell(i) for i, _ in columns.periods)
    return gaps and values and columns.target_of(row) is None and columns.target_of(own) is not None


def goal_title(cell: str, known_goals: Collection[str] = ()) -> str:
    """The nämndmål title in a goal cell, without the description printed after it."""
    text = strip_tags(_DESCRIPTION.sub("", cell, count=1)) if "<i>" in cell else strip_tags(cell)
    matches = [g for g in known_goals if _opens_with(text, g)]
    if matches:
        return max(matches, key=len)
    if "<i>" not in cell and len(text.split()) > 8:
        parts = _SENTENCE_START.split(text, maxsplit=1)
        return parts[0]
    return text


def _opens_with(text: str, title: str) -> bool:
    """Whether ``text`` opens with the words of ``title``, spaces aside ("Klimat effektiv …"
    opens with "Klimateffektiv"), ending where a word ends."""
    pattern = _title_pattern(title)
    return pattern is not None and pattern.match(text) is not None


@lru_cache(maxsize=4096)
def _title_pattern(title: str) -> re.Pattern[str] | None:
    """The letters of ``title`` with any spaces between them, to a word's end; ``None`` for no letters."""
    letters = "".join(title.split())
    if not letters:
        return None
    return re.compile(r"\s*".join(re.escape(ch) for ch in letters) + r"(?!\w)", re.IGNORECASE)


def unit_of(name: str) -> str | None:
    """The unit an indicator name states: "antal/100 000 invånare", "%", "ton CO₂-ekv/invånare"."""
    for pattern, unit in _UNITS:
        match = pattern.search(name)
        if match is None:
            continue
        if unit == "unit":
            return match.group("unit")
        return unit or " ".join(match.group(0).split()).rstrip(" .")
    return None


def clean_name(name: str) -> str:
    """An indicator or breakdown name as printed, without its italic note ("<i>Mätperiod …</i>"),
    footnote marks or split subscripts."""
    return _SUBSCRIPT.sub(r"\1", strip_tags(_DESCRIPTION.sub("", name))).strip()


@dataclass(slots=True)
class IndicatorReader:
    """Reads indicator rows into ``facts``; keeps the goal and open indicator between tables."""

    facts: DocumentFacts
    source: str
    notes: Sequence[Note] = ()
    known_goals: Collection[str] = ()
    goal: str | None = None
    draft: _Draft | None = None

    def read(self, columns: IndicatorColumns, rows: Iterable[Row], *, breakdown: bool = False) -> None:
        """Read the body ``rows`` of a table whose header gave ``columns``.

        With ``breakdown`` the caller has told from the layout that the rows break down the
        indicator above (a group of short rows under it); otherwise :func:`is_breakdown` decides.
        """
        for row in rows:
            for part in _unmerge(columns, row):
                self._read_row(columns, columns.realign(part), breakdown=breakdown)

    def finish(self) -> None:
        """Emit the indicator still open."""
        if self.draft is not None:
            self._emit(self.draft)
            self.draft = None

    def _read_row(self, columns: IndicatorColumns, row: Row, *, breakdown: bool = False) -> None:
        goal_cell = row.cell(columns.goal) if columns.goal is not None else ""
        if goal_cell and not goal_cell.startswith("<i>"):
            self.goal = goal_title(goal_cell, self.known_goals)
        if not row.cell(columns.name):
            return
        if _NO_INDICATOR.match(strip_tags(row.cell(columns.name))):
            self.finish()
            return
        name, marks = split_marks(_DESCRIPTION.sub("", row.cell(columns.name)))
        name = clean_name(name)
        if not name:
            return
        marked = [(m, row.line) for m in marks]
        draft = self.draft
        if _NO_INDICATOR.match(name):
            self.finish()
        elif draft is not None and draft.name.endswith("-") and not columns.has_values(row):
            draft.name = draft.name[:-1] + name
            draft.marks.extend(marked)
        elif draft is not None and not goal_cell and name == draft.name and not columns.periods:
            draft.marks.extend(marked)  # the same indicator again, one row per aktivitet
        elif (
            draft is not None
            and not goal_cell
            and (breakdown or is_breakdown(name, marks, row, columns, draft))
        ):
            draft.rows.append((row, name))
            draft.marks.extend(marked)
        else:
            self.finish()
            glued = _GLUED_BREAKDOWN.match(name)
            if glued and glued.group("name").lower() in GENDERS:
                # "Balanstal chefer, avser …. Kvinnor | 0,93 …": the first breakdown row ran
                # into the name of its indicator, whose own row is empty
                rows = [(Row(row.line, ()), None), (row, glued.group("name"))]
                self.draft = _Draft(glued.group("indicator"), self.goal, columns, rows, marked)
            else:
                self.draft = _Draft(name, self.goal, columns, [(row, None)], marked)

    def _emit(self, draft: _Draft) -> None:
        known = {note.mark for note in self.notes}
        columns, span = draft.columns, Span(self.source, draft.own_row.line, draft.rows[-1][0].line)
        marks = list(draft.marks)
        breakdown_targets: list[tuple[str, Target]] = []
        pair = _paired_breakdowns(draft)
        for row, breakdown in draft.rows:
            for index, period in columns.periods:
                parsed = parse_value(row.cell(index), known)
                marks.extend((m, row.line) for m in parsed.marks)
                halves = _PAIRED_CELL.match(parsed.raw) if pair and breakdown is None else None
                if pair and halves:
                    for name, half in zip(pair, halves.groups(), strict=True):
                        self._observe(draft, row, name, period, parse_value(half))
                else:
                    self._observe(draft, row, breakdown, period, parsed)
            for index, _ in columns.targets:
                marks.extend((m, row.line) for m in split_marks(row.cell(index), known)[1])
            if breakdown is not None and (target := columns.target_of(row)) is not None:
                breakdown_targets.append((breakdown, target))
        targets = columns.all_targets(draft.own_row, known)
        self.facts.indicators.append(
            Indicator(
                name=draft.name,
                span=span,
                goal=draft.goal,
                unit=unit_of(draft.name),
                target=targets[0] if targets else None,
                footnotes=self._footnotes(marks),
                breakdowns=tuple(dict.fromkeys(draft.breakdowns)) or (pair or ()),
                targets=tuple(targets),
                breakdown_targets=tuple(breakdown_targets),
            )
        )

    def _observe(
        self, draft: _Draft, row: Row, breakdown: str | None, period: str, parsed: ParsedValue
    ) -> None:
        span = Span(self.source, row.line, row.line)
        self.facts.observations.append(
            Observation(
                indicator=draft.name,
                period=parsed.period or period,
                raw=parsed.raw,
                span=span,
                value=parsed.value,
                breakdown=breakdown,
                qualifier=parsed.qualifier,
                no_data=parsed.no_data,
                goal=draft.goal,
            )
        )
        lagged = _LAGGED.match(parsed.qualifier or "")
        if lagged and parsed.value is not None and len(parsed.values) == 3:
            self.facts.observations.append(
                Observation(
                    indicator=draft.name,
                    period=lagged.group("year"),
                    raw=parsed.raw,
                    span=span,
                    value=parsed.values[1],
                    breakdown=breakdown,
                    qualifier=parsed.qualifier,
                    goal=draft.goal,
                )
            )

    def _footnotes(self, marks: Iterable[tuple[str, int]]) -> tuple[Footnote, ...]:
        found: dict[str, Footnote] = {}
        for mark, line in marks:
            note = note_for(mark, line, self.notes)
            if note is not None and mark not in found:
                found[mark] = Footnote(mark, note.text, Span(self.source, note.line, note.line))
        return tuple(found.values())


def is_indicator_header(row: Row) -> bool:
    """True for the header row of an indicator table."""
    return IndicatorColumns.from_header(row) is not None


def extract_indicators(doc: SourceText, facts: DocumentFacts) -> None:
    """Pipeline extractor: every indicator table of a tab-separated document."""
    goals = [g.title for g in facts.goals if g.level in ("board", "office")]
    reader = IndicatorReader(facts, doc.source, find_notes(doc), goals)
    for table in find_tables(doc, is_indicator_header):
        columns = IndicatorColumns.from_header(table.header)
        if columns is None:
            reader.finish()
            continue
        if columns.goal is None and table.follows_prose:
            reader.finish()
            reader.goal = goal_of_heading(table.caption, reader.known_goals)
        reader.read(columns, table.rows)
    reader.finish()


def goal_of_heading(caption: str | None, known_goals: Collection[str] = ()) -> str | None:
    """The goal a heading above a goal-less indicator table names ("Förvaltningsmål: Hög …").

    Headings run together with "**" ("Kommunövergripande mål: …**Förvaltningsmål: …**") give
    their last part.
    """
    parts = [p.strip() for p in (caption or "").split("**") if p.strip()]
    match = _GOAL_HEADING.match(parts[-1]) if parts else None
    return goal_title(match.group("title"), known_goals) if match else None


def _unmerge(columns: IndicatorColumns, row: Row) -> list[Row]:
    """Rows whose name and target ran together into the target cell of a table without period
    columns ("| | Total personalomsättning 6,0 Mertid övertid 0,2 | …"), one row per pair."""
    if columns.periods or not columns.targets or row.cell(columns.name):
        return [row]
    target = columns.targets[0][0]
    pairs = list(_NAME_VALUE.finditer(strip_tags(row.cell(target))))
    if not pairs:
        return [row]
    width = max(columns.name, target) + 1
    rows: list[Row] = []
    for pair in pairs:
        cells = [""] * width
        cells[columns.name] = pair.group("name").rstrip(" ,")
        cells[target] = pair.group("value")
        rows.append(Row(row.line, tuple(cells)))
    return rows
