"""Indicator tables in text without tabs: pdftotext output and OCR.

A table starts at a header line naming the indicator column and its years ("Indikator 2016
2017", "Förvaltningsmål Indikator 2018 2019 2020"); year and målvärde fragments wrapped onto
the lines around it are gathered (:func:`read_header`). Names wrapped over several lines are
joined (:mod:`loaders.layout_rows`), and the rows are handed to the tab-table
:class:`~loaders.indicators.IndicatorReader`, so the meaning of goal, breakdown, target and
no-data cells is the same for every layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import product

from rapidfuzz import fuzz

from loaders.facts import DocumentFacts, OcrRepair
from loaders.indicators import GENDERS, IndicatorColumns, IndicatorReader
from loaders.layout_rows import (
    DIRECTION,
    NO_DATA,
    NOTE_BLOCK,
    GoalSplitter,
    Segment,
    continues,
    segment_lines,
    split_tail,
)
from loaders.lexicon import fold_key, swedish_lexicon
from loaders.ocr import SINGLE
from loaders.tables import Row
from loaders.text import SourceText

__all__ = ["Header", "extract_layout_indicators", "mend_words", "read_header"]

_INDICATOR_HEADER = re.compile(r"\b(?:indikator|nyckeltal)\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_TARGET_FRAGMENT = re.compile(r"m[aåäi]l\s*v|målvär|^rde$|^e$|^de\b|^m[aå]lv", re.IGNORECASE)
_PROSE_WORDS = 8
"""A line this long without values, ending a sentence, is running text: the table has ended."""
_LONG_NAME = 5
_TEXT_CELL_WORDS = (3, 4)
_FRAGMENT_WORDS = 8
_MENDED_ZIPF = 2.5
_GOAL_SIMILARITY = 85
_SKIP_SIMILARITY = 92
"""A goal title split by a word of the indicator column must match more closely."""
_HEADER_REACH = 6
_BREAKDOWN_WORDS = 3
_GENDER_LENGTH = 8
_ONE_DECIMAL = re.compile(r"\d+[,.]\d")
_LOST_COMMA = 2
"""A value this many times the largest of its row's decimals lost its decimal comma."""
"""How many lines around a header line its wrapped fragments may stand."""


@dataclass(frozen=True, slots=True)
class Header:
    """The columns of an indicator table read from its header lines."""

    line: int
    periods: tuple[str, ...]
    has_goal: bool
    has_target: bool


def read_header(text: str, line: int, around: list[str]) -> Header | None:
    """The header ``text`` (on ``line``) opens, with fragments from the neighbouring lines ``around``.

    None unless ``text`` names the indicator column and at least one year appears in the header.
    """
    match = _INDICATOR_HEADER.search(text)
    if match is None:
        return None
    words = text.split()
    years = {w for w in words if _YEAR.match(w)}
    fragments = [w for near in around for w in near.split()]
    years |= {w for w in fragments if _YEAR.match(w)}
    if not years or not any(_YEAR.match(w) for w in words):
        return None
    has_target = any(_TARGET_FRAGMENT.search(w) for w in words[1:] + fragments if not _YEAR.match(w))
    return Header(line, tuple(sorted(years)), bool(text[: match.start()].strip()), has_target)


def extract_layout_indicators(doc: SourceText, facts: DocumentFacts) -> None:
    """Pipeline extractor: the indicator tables of a document printed without tabs.

    Only printed cells become observations: without tabs a missing cell cannot be told from a
    column the row does not reach.
    """
    if any("\t" in line.text for line in doc.lines):
        return
    goals = [goal.title for goal in facts.goals if goal.level in ("board", "office")]
    reader = IndicatorReader(facts, doc.source, (), goals)
    lines = [(line.number, line.text) for line in doc.lines]
    first = len(facts.observations)
    for header, body in _tables(lines):
        splitter = _goal_splitter(goals) if header.has_goal else None
        columns = _columns(header)
        segments = segment_lines(body, splitter)
        if doc.ocr_damaged:
            _read_gender_misreadings(segments)
            facts.ocr_repairs.extend(_restore_decimal_commas(segments, len(columns.periods)))
        segments = _merge_name_over_empty_breakdowns(segments, columns)
        for item in _rows(segments, columns):
            if item is None:
                reader.finish()
            else:
                reader.read(columns, [item[0]], breakdown=item[1])
        reader.finish()
    facts.observations[first:] = [o for o in facts.observations[first:] if o.raw]


def _tables(lines: list[tuple[int, str]]) -> list[tuple[Header, list[tuple[int, str]]]]:
    """Each indicator table: its header and its body lines (up to the next table or prose)."""
    found: list[tuple[Header, int, int]] = []
    for index, (number, text) in enumerate(lines):
        if not _INDICATOR_HEADER.search(text):
            continue
        start = _header_start(lines, index)
        after = [t for _, t in lines[index + 1 :] if t.strip()][:_HEADER_REACH]
        around = [t for _, t in lines[start:index]] + after
        header = read_header(text, number, around)
        if header is not None:
            found.append((header, start, index))
    tables: list[tuple[Header, list[tuple[int, str]]]] = []
    for position, (header, _start, index) in enumerate(found):
        end = found[position + 1][1] if position + 1 < len(found) else len(lines)
        body = _body(lines, index + 1, end)
        tables.append((header, body))
    return tables


def _header_start(lines: list[tuple[int, str]], index: int) -> int:
    """The first line of the header zone above the header line at ``index``: year and
    målvärde fragments and the "Målområde: …" captions of the table."""
    start = index
    probe = index - 1
    while probe >= 0 and index - probe <= _HEADER_REACH:
        text = lines[probe][1].strip()
        if text:
            label, values = split_tail(text)
            fragment = ":" in text or any(_YEAR.match(w) or _TARGET_FRAGMENT.search(w) for w in text.split())
            if values and label or not fragment:
                break
            start = probe
        probe -= 1
    return start


def _body(lines: list[tuple[int, str]], start: int, end: int) -> list[tuple[int, str]]:
    """The body lines from ``start``: header fragments skipped, cut where prose begins."""
    body = lines[start:end]
    first = next((i for i, (_, text) in enumerate(body) if split_tail(text.strip())[1]), len(body))
    while first > 0 and body[first - 1][1].strip():
        first -= 1
    for i in range(first, len(body)):
        following = next((t for _, t in body[i + 1 :] if t.strip()), "")
        if _is_prose(body[i][1]) and _is_prose(following, sentence=False):
            return body[first:i]
    return body[first:]


def _is_prose(text: str, *, sentence: bool = True) -> bool:
    """A line of running text: many words, no values, ending a sentence when ``sentence``."""
    if NOTE_BLOCK.match(text):
        return False
    label, values = split_tail(text.strip())
    ends = label.endswith(".") or ". " in label
    return (
        not values and len(label.split()) >= _PROSE_WORDS and not continues(label) and (ends or not sentence)
    )


def _columns(header: Header) -> IndicatorColumns:
    name = 1 if header.has_goal else 0
    periods = tuple((name + 1 + i, year) for i, year in enumerate(header.periods))
    targets = ((name + 1 + len(periods), None),) if header.has_target else ()
    return IndicatorColumns(name, periods, targets, 0 if header.has_goal else None, name + 1)


_Item = tuple[Row, bool] | None
"""A row for the reader and whether the layout shows it breaks down the indicator above;
None closes the indicator above."""


def _rows(segments: list[Segment], columns: IndicatorColumns) -> list[_Item]:
    """The reader's rows for ``segments``; None where a heading closes the indicator above.

    A short name without values heads a group when short rows with values follow it
    ("Kundnöjdhet" over "Stadsarkivet LU. L.U. L.U. -"), else it is a heading ("Personal").
    Short rows holding only a direction ("Andele n ska minska4") are the target of the row above.
    Rows that break down the indicator above (:func:`_breaks_down`) put their values in the
    columns where the indicator has numbers ("Män 12,0" under "I.U. I.U. 10,7" is 2020).
    """
    rows: list[_Item] = []
    parent: Segment | None = None
    grouped = False
    for index, segment in enumerate(segments):
        following = segments[index + 1] if index + 1 < len(segments) else None
        last = rows[-1] if rows else None
        if segment.values and _is_target_fragment(segment) and last is not None:
            rows[-1] = (_with_target(last[0], columns, segment), last[1])
            continue
        previous = segments[index - 1] if index else None
        if previous is not None and _is_text_cell(segment, previous) and last is not None:
            cells = [mend_words(segment.label), *segment.values]
            merged = Segment(previous.first, segment.last, previous.label, cells, goal=previous.goal)
            rows[-1] = (_row(merged, columns), last[1])
            parent = merged if parent is previous else parent
            continue
        if not segment.values and segment.words <= 4 and not segment.goal:
            heads = following is not None and following.words <= 3 and _is_breakdown_like(following, columns)
            if not heads or following is None or following.goal:
                rows.append(None)
                parent, grouped = None, False
                continue
        if last is not None and _names_its_own_indicator(segment):
            rows.append(None)
            parent, grouped = None, False
        breakdown = parent is not None and _breaks_down(segment, parent, grouped, columns)
        rows.append((_row(segment, columns, parent if breakdown else None), breakdown))
        if breakdown:
            grouped = True
        else:
            parent, grouped = segment, False
    return rows


def _breaks_down(segment: Segment, parent: Segment, grouped: bool, columns: IndicatorColumns) -> bool:
    """Whether a short row (≤ 3 words, no digits) breaks down the indicator row ``parent``.

    Gender rows always do; so does a row under a name without values or without numbers
    ("Studiebesök 30 29 28 90" under "Antal besök Stadsarkivet LU. LU. LU. -"), a row after
    another breakdown stating no target ("Unga 8,32 8,69 I.U." after "Kvinnor 5,8 5,43"), and a
    row giving fewer values than its indicator ("BrandSäkerhet 78" under "… SKL 73 75 I.U.").
    """
    label = segment.label
    if (
        segment.goal
        or not segment.values
        or segment.words > _BREAKDOWN_WORDS
        or any(c.isdigit() for c in label)
    ):
        return False
    if _names_its_own_indicator(segment):
        return False
    if label.lower().rstrip(".") in GENDERS:
        return True
    periods = len(columns.periods)
    given = _given(segment, periods)
    own = _given(parent, periods)
    if not own or all(NO_DATA.match(value) for value in own):
        return True
    return len(given) <= periods and len(segment.values) <= periods and (grouped or len(given) < len(own))


def _given(segment: Segment, periods: int) -> list[str]:
    """The values ``segment`` gives for the period columns (a direction word is a target)."""
    return [value for value in segment.values if not DIRECTION.match(value)][:periods]


def _read_gender_misreadings(segments: list[Segment]) -> None:
    """Put back a gender word OCR misread as another word beside its partner ("Min" → "Män"
    over "Kvinnor"): one of its readings through the OCR confusions is a gender word."""
    for index, segment in enumerate(segments):
        word = segment.label.lower()
        if segment.goal or " " in word or word in GENDERS or len(word) > _GENDER_LENGTH:
            continue
        near = [segments[i].label.lower() for i in (index - 1, index + 1) if 0 <= i < len(segments)]
        if not any(label in GENDERS for label in near):
            continue
        readings = {"".join(letters) for letters in product(*(SINGLE.get(ch, ch) for ch in word))}
        found = sorted(readings & GENDERS - set(near))
        if len(found) == 1:
            segment.label = found[0].capitalize() if segment.label[:1].isupper() else found[0]


def _restore_decimal_commas(segments: list[Segment], periods: int) -> list[OcrRepair]:
    """Put back the decimal comma OCR lost in a row of one-decimal values ("2,1 53 8,6" → 5,3):
    a two-digit integer far above the row's other values that, as a decimal, falls among them."""
    repairs: list[OcrRepair] = []
    for segment in segments:
        cells = segment.values[:periods]
        decimals = [Decimal(v.replace(",", ".")) for v in cells if _ONE_DECIMAL.fullmatch(v)]
        for index, value in enumerate(cells):
            if not re.fullmatch(r"\d\d", value) or len(decimals) < len(cells) - 1 or len(decimals) < 2:
                continue
            number = Decimal(value)
            if number > _LOST_COMMA * max(decimals) and number / 10 <= max(decimals):
                segment.values[index] = f"{value[0]},{value[1]}"
                repairs.append(OcrRepair(value, segment.values[index], segment.last))
    return repairs


def _merge_name_over_empty_breakdowns(segments: list[Segment], columns: IndicatorColumns) -> list[Segment]:
    """A name without values over gender words whose last line holds the values and a target
    ("Balanstal chefer" / "Män" / "Kvinnor 0,82 1,08 0,96 1,0") is one indicator row: breakdown
    rows state no target, so the values are the name's own, printed on its last line."""
    merged: list[Segment] = []
    index = 0
    while index < len(segments):
        segment = segments[index]
        end = index + 1
        while end < len(segments) and not segments[end].values and _is_gender(segments[end]):
            end += 1
        last = segments[end] if end < len(segments) else None
        if (
            not segment.values
            and not _is_gender(segment)
            and end > index + 1
            and last is not None
            and _is_gender(last)
            and len(_given(last, len(columns.periods))) == len(columns.periods)
            and len(last.values) > len(columns.periods)
        ):
            merged.append(
                Segment(
                    segment.first,
                    last.last,
                    segment.label,
                    list(last.values),
                    segment.gap_before,
                    goal=segment.goal,
                )
            )
            index = end + 1
            continue
        merged.append(segment)
        index += 1
    return merged


def _is_gender(segment: Segment) -> bool:
    return not segment.goal and segment.label.lower().rstrip(".") in GENDERS


def _names_its_own_indicator(segment: Segment) -> bool:
    """A row whose name reads as a measure ("Skattesats till kommun, (%)") is never a breakdown
    of the row above, although its columns may end early where the row above has values."""
    return bool(segment.values) and not segment.goal and ("," in segment.label or "%" in segment.label)


def _is_text_cell(segment: Segment, previous: Segment) -> bool:
    """A phrase in the first value cell of a long name without values ("Statistik ej publicer ad
    I.U. I.U." under "Andel hushåll som … (%)"): several words, no digits, more cells after it."""
    words = segment.label.split()
    return (
        not previous.values
        and previous.words >= _LONG_NAME
        and _TEXT_CELL_WORDS[0] <= len(words) <= _TEXT_CELL_WORDS[1]
        and not any(ch.isdigit() for ch in segment.label)
        and any(word.islower() for word in words[1:])
        and bool(segment.values)
    )


def _is_breakdown_like(segment: Segment, columns: IndicatorColumns) -> bool:
    """Values but no target: no direction word, nothing but a dash after the period columns."""
    if not segment.values or any(DIRECTION.match(value) for value in segment.values):
        return False
    extra = segment.values[len(columns.periods) :]
    return all(value in ("-", "–") for value in extra)


def _is_target_fragment(segment: Segment) -> bool:
    return segment.words <= _FRAGMENT_WORDS and all(DIRECTION.match(value) for value in segment.values)


def _with_target(row: Row, columns: IndicatorColumns, segment: Segment) -> Row:
    if not columns.targets or row.cell(columns.targets[0][0]):
        return row
    cells = list(row.cells)
    direction = re.sub(r"\d+$", "", segment.values[-1])
    cells[columns.targets[0][0]] = mend_words(f"{segment.label} {direction}".strip())
    return Row(row.line, tuple(cells))


def _row(segment: Segment, columns: IndicatorColumns, parent: Segment | None = None) -> Row:
    """``segment`` as a row of the table; a breakdown of ``parent`` giving fewer values than
    there are periods fills the columns where ``parent`` has numbers, the others from the left."""
    width = columns.labels + len(columns.periods) + len(columns.targets)
    cells = [""] * width
    if columns.goal is not None:
        cells[columns.goal] = segment.goal
    cells[columns.name] = segment.label
    periods = [index for index, _ in columns.periods]
    given = len(_given(segment, len(periods)))
    if parent is not None and given < len(periods):
        own = _row(parent, columns)
        numbers = [i for i in periods if own.cell(i) and not NO_DATA.match(own.cell(i))]
        periods = numbers[:given] if len(numbers) >= given else periods
    target = columns.targets[0][0] if columns.targets else None
    for value in segment.values:
        if DIRECTION.match(value) and target is not None:
            cells[target] = re.sub(r"\d+$", "", value)
        elif periods:
            cells[periods.pop(0)] = value
        elif target is not None and not cells[target]:
            cells[target] = value
    return Row(segment.first, tuple(cells))


def _goal_splitter(goals: list[str]) -> GoalSplitter:
    """Splits a known goal title, as printed, off the front of a label (OCR noise tolerated)."""
    known = [(goal, fold_key(goal.casefold()), len(goal.split())) for goal in goals]

    def split(label: str) -> tuple[str, str]:
        words = label.split()
        best, title = "", ""
        for goal, folded, count in known:
            if count > len(words) or count <= len(best.split()):
                continue
            printed = " ".join(words[:count])
            if _similar(printed, folded):
                best, title = printed, printed if _reads_well(printed) else goal
        if best:
            return title, " ".join(words[len(best.split()) :])
        scored = [
            (
                fuzz.ratio(fold_key(" ".join(words[:skip] + words[skip + 1 : count + 1]).casefold()), folded),
                skip,
                goal,
                count,
            )
            for goal, folded, count in known
            for skip in range(1, min(count + 1, len(words) - 1))
        ]
        if scored:
            ratio, skip, goal, count = max(scored)
            if ratio >= _SKIP_SIMILARITY:
                printed = " ".join(words[:skip] + words[skip + 1 : count + 1])
                rest = [words[skip], *words[count + 1 :]]
                return (printed if _reads_well(printed) else goal), " ".join(rest)
        return "", label

    return split


def _similar(printed: str, folded: str) -> bool:
    return fuzz.ratio(fold_key(printed.casefold()), folded) >= _GOAL_SIMILARITY


def _reads_well(text: str) -> bool:
    """Whether every word of ``text`` is a known Swedish word (an OCR-damaged title is not)."""
    lexicon = swedish_lexicon()
    words = re.findall(r"[^\W\d_]+", text.lower())
    return all(lexicon.zipf(word) > 0 for word in words)


def mend_words(text: str) -> str:
    """Join the pieces of words broken inside a narrow cell ("Andele n ska bibehåll as" →
    "Andelen ska bibehållas") where the joined word is a known Swedish word."""
    lexicon = swedish_lexicon()
    words = text.split()
    mended: list[str] = []
    for word in words:
        if mended:
            joined = mended[-1] + word
            score = lexicon.zipf(joined.lower())
            if (
                score >= _MENDED_ZIPF
                and score > lexicon.zipf(mended[-1].lower())
                and (len(word) <= 2 or score > lexicon.zipf(word.lower()))
            ):
                mended[-1] = joined
                continue
        mended.append(word)
    return " ".join(mended)
