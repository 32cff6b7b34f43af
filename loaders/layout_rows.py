"""Rows of tables printed without tabs: a name, then the value cells after it.

A row is a name followed by a *tail* of value cells ("Personalomsättning (inkl. Leanlink)
7,3 7,3 5,5 Minska", "HR service LU. 8,88. 9,60 9,20"): numbers, no-data marks ("I.U.", and
the OCR misreadings "LU.", "1.U."), units and target words. The tail is read from the right
(:func:`split_tail`); numbers whose thousands are separated by spaces are grouped so that the
numbers of one row have similar lengths ("5 610 5 083 527" → 5 610 | 5 083 | 527).

Names wrapped over several lines, before or after their values, are joined into one
:class:`Segment` (:func:`segment_lines`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "DIRECTION",
    "Agreement",
    "NOTE_BLOCK",
    "NO_DATA",
    "GoalSplitter",
    "Segment",
    "continues",
    "segment_lines",
    "split_numbers",
    "split_tail",
]

NO_DATA = re.compile(r"^(?:[1Il]{1,2}\.?\s?[UL]\.?|[IiLl1]\.[uU]\.?|n/a|-|–)$", re.IGNORECASE)
_NUMBER = re.compile(
    r"^(?P<cmp>[<>≤≥]?)(?P<sign>[-−–]?)(?P<int>\d+)(?P<dec>[,.]\d+)?(?P<tail>[,.]?)(?P<pct>%?)$"
)
_UNIT = re.compile(r"^(?:%|tkr|mnkr|kr|st|dagar|år)\.?$", re.IGNORECASE)
DIRECTION = re.compile(r"^(?:öka|minska|bibehålla|behålla)\d?$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[|¦]+$")
_ABBREVIATION = re.compile(r"^[a-zåäö]{2,4}\.?$")
"""A short word between two value cells is a cell of its own ("i.u ufm 100")."""
_TYPICAL_DIGITS = 2
"""Indicator values are mostly one to three digits; a reading into long numbers must be clear."""
Agreement = Callable[[list[str]], bool]
"""Whether a reading of a row's numbers into cells fits what the table's columns mean."""
_FUNCTION_WORDS = frozenset("inom av per till om från än under över minst med i på mot efter".split())


def split_tail(text: str, cells: int | None = None, agrees: Agreement | None = None) -> tuple[str, list[str]]:
    """Split a row into its name and the value cells printed after it.

    A number right after a preposition stays in the name ("Andel (%) inom 120"). ``cells``
    is the number of value columns when the header tells it, ``agrees`` a check the row's
    numbers meet (see :func:`split_numbers`).
    """
    tokens = text.split()
    cut = len(tokens)
    while cut > 0 and (
        _is_tail_token(tokens[cut - 1])
        or (cut > 1 and _ABBREVIATION.match(tokens[cut - 1]) and _is_value_token(tokens[cut - 2]))
    ):
        cut -= 1
    while cut < len(tokens) and (_UNIT.match(tokens[cut]) or _SEPARATOR.match(tokens[cut])):
        cut += 1
    cut = _past_thousands(tokens, cut)
    if cut > 0 and cut < len(tokens) and tokens[cut - 1].lower() in _FUNCTION_WORDS:
        while cut < len(tokens) and (_NUMBER.match(tokens[cut]) or _UNIT.match(tokens[cut])):
            cut += 1
    if cut == 0 or not any(_is_value_token(t) for t in tokens[cut:]):
        return (text.strip(), []) if cut else ("", split_numbers(tokens, cells, agrees))
    return " ".join(tokens[:cut]), split_numbers(tokens[cut:], cells, agrees)


def _past_thousands(tokens: list[str], cut: int) -> int:
    """The cut moved past the thousands of a number the name ends with and its unit word
    ("antal/100 000 inv 679 770": "000 inv" belongs to the name)."""
    if not 0 < cut < len(tokens) or not tokens[cut - 1][-1:].isdigit() or tokens[cut - 1].isdigit():
        return cut
    end = cut
    while end < len(tokens) and re.fullmatch(r"\d{3}", tokens[end]):
        end += 1
    if end == cut or end == len(tokens) or not re.fullmatch(r"[a-zåäö]{2,4}\.?", tokens[end]):
        return cut
    return end + 1 if any(_is_value_token(t) for t in tokens[end + 1 :]) else cut


def _is_tail_token(token: str) -> bool:
    return bool(_is_value_token(token) or _UNIT.match(token) or _SEPARATOR.match(token))


def _is_value_token(token: str) -> bool:
    return bool(_NUMBER.match(token) or NO_DATA.match(token) or DIRECTION.match(token))


def split_numbers(tokens: list[str], count: int | None = None, agrees: Agreement | None = None) -> list[str]:
    """Group tail tokens into cells: units join their number, runs of integers are segmented.

    With ``count`` (the table's value columns) a row that is one run of integers is split into
    at most that many numbers when it can be ("6773 0 6773 17 301" → 4 cells, not 5), and a
    reading ``agrees`` accepts (a deviation column equal to the difference of the two columns
    before it: "112 264 112 306 42 111 530" → 112 264 | 112 306 | 42 | 111 530) is preferred.
    """
    if count is not None and tokens and all(re.fullmatch(r"-?\d+", t) for t in tokens):
        fitting = [n for n in _segmentations(tokens, 0) if len(n) <= count]
        agreeing = [n for n in fitting if agrees is not None and agrees(n)]
        if agreeing or fitting:
            return min(agreeing or fitting, key=_score)
    tokens = _join_split_decimals(tokens)
    cells: list[str] = []
    run: list[str] = []
    for token in tokens:
        if _SEPARATOR.match(token):
            cells.extend(_segment(run))
            run = []
        elif _UNIT.match(token) and (run or cells):
            cells.extend(_segment(run))
            run = []
            cells[-1] = f"{cells[-1]} {token}"
        elif re.fullmatch(r"-?\d+", token):
            run.append(token)
        else:
            cells.extend(_segment(run))
            run = []
            cells.append(_clean_value(token))
    cells.extend(_segment(run))
    return cells


def _join_split_decimals(tokens: list[str]) -> list[str]:
    """A decimal comma followed by a space rejoined ("89, 03" → "89,03"): an integer ending
    in a comma and digits after it are one number."""
    joined: list[str] = []
    for token in tokens:
        if joined and re.fullmatch(r"-?\d+,", joined[-1]) and re.fullmatch(r"\d+", token):
            joined[-1] += token
        else:
            joined.append(token)
    return joined


def _clean_value(token: str) -> str:
    if NO_DATA.match(token):
        return "I.U." if "u" in token.lower() else token
    match = _NUMBER.match(token)
    if match and match.group("tail"):
        return token[: match.start("tail")] + token[match.end("tail") :]
    return token


def _segment(run: list[str]) -> list[str]:
    """Split a run of integer tokens into numbers: few, of similar length, not much longer than usual.

    "1 791 1 830" → 1 791 | 1 830 but "162 148 151" → 162 | 148 | 151; a group printed with a
    leading zero ("011") never starts a number.
    """
    if not run:
        return []
    readings = _segmentations(run, 0)
    return min(readings, key=_score) if readings else run


def _score(numbers: list[str]) -> float:
    """Lower for fewer numbers of similar length near the usual length of a value."""
    lengths = [len(n.replace(" ", "").lstrip("-")) for n in numbers]
    mean = sum(lengths) / len(lengths)
    spread = sum((length - mean) ** 2 for length in lengths) / len(lengths)
    size = sum(abs(length - _TYPICAL_DIGITS) for length in lengths) / len(lengths)
    return len(numbers) + 2 * spread + size


def _segmentations(run: list[str], start: int) -> list[list[str]]:
    if start == len(run):
        return [[]]
    found: list[list[str]] = []
    head = run[start]
    if re.fullmatch(r"-?0\d+", head):
        return []
    end = start + 1
    while True:
        for rest in _segmentations(run, end):
            found.append([" ".join(run[start:end]), *rest])
        if end == len(run) or not re.fullmatch(r"\d{3}", run[end]):
            break
        if not re.fullmatch(r"-?[1-9]\d{0,2}", head):
            break
        end += 1
    return found


@dataclass(slots=True)
class Segment:
    """A logical table row: a name joined over its wrapped lines and the value cells after it."""

    first: int
    last: int
    label: str
    values: list[str]
    gap_before: bool = False
    continued: bool = False
    goal: str = ""
    values_below: bool = False
    """Whether the values were printed on lines of their own under the name."""
    parts: list[str] = field(default_factory=list)
    """The name as printed on each of its lines."""

    @property
    def words(self) -> int:
        return len(self.label.split())


GoalSplitter = Callable[[str], tuple[str, str]]
"""Splits a goal title off the front of a row label: ``(goal, rest)``."""

NOTE_BLOCK = re.compile(r"^\d{1,2}\s+[A-ZÅÄÖ][a-zåäö]")
_NOTE_LINE = re.compile(r"^(?:Not\.?\s*\d|\d{1,2}\)\s|\*+\s|[a-zåäö.]+\s*=\s)", re.IGNORECASE)
_OPEN_END = re.compile(r"(?:[,\-(/]|\b(?:och|av|i|för|med|som|till|eller|inom|per|på|om))$")


def continues(text: str) -> bool:
    """Whether a line reads as the rest of the line above: a lower-case or parenthesis start,
    or a parenthesis closed that the line did not open ("Rekrytering)")."""
    return bool(text) and (text[0].islower() or text[0] in "(%" or text.count(")") > text.count("("))


def segment_lines(lines: list[tuple[int, str]], split_goal: GoalSplitter | None = None) -> list[Segment]:
    """Join the wrapped lines of a table body (``(number, text)``, blanks as "") into rows.

    * a name wrapped before its values ("Antal vakanta tjänster (inkl. Leanlink)" / "medel per
      vecka 162 148 151 Minska") is joined when the next line continues it or the name ends
      open (a comma, a preposition), or when a long name is followed by a row of several words;
    * values printed on lines of their own ("i.u i.u", "55 %") join the name above;
    * a name wrapped after its values ("Svarsservice 1.U. 90 % …" / "(Kontakt Linköping).")
      takes the continuation lines under it;
    * footnote lines and the paragraphs they open are skipped up to the next page.
    """
    segments: list[Segment] = []
    gap = False
    in_note = False
    for number, raw in lines:
        if not raw.strip():
            gap = True
            continue
        if in_note and not raw.startswith(" ") and not NOTE_BLOCK.match(raw):
            continue
        in_note = bool(NOTE_BLOCK.match(raw))
        if in_note or _NOTE_LINE.match(raw.strip()):
            continue
        text = raw.strip()
        label, values = split_tail(text)
        goal = ""
        if split_goal is not None and label:
            goal, label = split_goal(label)
        last = segments[-1] if segments else None
        if (
            last is not None
            and (not gap or _fragment_continues(last, label))
            and _joins(last, label, values, goal)
        ):
            last.label = _glue(last.label, label)
            last.parts.append(label)
            if values:
                last.values.extend(values)
            elif last.values:
                last.continued = True
            last.last = number
        elif last is not None and not label and values and (not last.values or last.values_below):
            last.values.extend(values)
            last.values_below = True
            last.last = number
        elif label or values:
            segments.append(Segment(number, number, label, list(values), gap, goal=goal, parts=[label]))
        gap = False
    for segment in segments:
        segment.label = _without_side_cell(segment.parts) or segment.label
    if split_goal is not None:
        for segment in segments:
            if not segment.goal:
                segment.goal, segment.label = split_goal(segment.label)
    return segments


def _glue(name: str, more: str) -> str:
    """``name`` continued by ``more``: no space after a hyphen or slash before a lower-case
    word ("e-" / "handelsportalen"), and the opening parenthesis OCR lost put back
    ("HR service" / "Rekrytering)" → "HR service (Rekrytering)")."""
    if name.endswith(("-", "/")) and more[:1].islower():
        return name + more
    if more.count(")") > more.count("(") and not more.startswith("(") and name.count("(") <= name.count(")"):
        more = "(" + more
    return f"{name} {more}".strip()


def _without_side_cell(parts: list[str]) -> str:
    """The name without a parenthesis of the next column wrapped beside it, or "" when there is none.

    A narrow cell beside the name wraps in step with it, so its pieces end the name's lines:
    "Andel (%) av (levera" / "förvaltningens inköp ntorstro" / "som sker utifrån het)" holds
    "(leverantörstrohet)" beside "Andel (%) av förvaltningens inköp som sker utifrån".
    """
    words = [part.split() for part in parts]
    opened = next((i for i, line in enumerate(words) if len(line) > 1 and _opens_cell(line[-1])), None)
    if opened is None:
        return ""
    for closed in range(opened + 1, len(words)):
        tail = words[closed][-1] if len(words[closed]) > 1 else ""
        if not tail or "(" in tail:
            return ""
        if tail.endswith(")"):
            kept = [line[:-1] if opened <= i <= closed else line for i, line in enumerate(words)]
            name = ""
            for line in kept:
                name = _glue(name, " ".join(line))
            return name
    return ""


def _opens_cell(word: str) -> bool:
    return word.startswith("(") and ")" not in word


def _fragment_continues(last: Segment, label: str) -> bool:
    """A name broken inside a narrow cell goes on after a blank line ("Andele" / "n ska")."""
    return not last.values and continues(label)


def _joins(last: Segment, label: str, values: list[str], goal: str) -> bool:
    if goal or not label:
        return False
    if not last.values:
        if continues(label) or _OPEN_END.search(last.label):
            return True
        if values:
            return last.words >= 5 and len(label.split()) >= 2
        return last.words >= 5 and len(label.split()) >= 5 and not last.label.endswith((".", ")"))
    if values:
        return False
    if continues(label) or last.label.endswith("."):
        return True
    if last.continued:
        tail = last.label.split()[-1]
        return len(label.split()) >= 2 or (tail[:1].isupper() and label[:1].isupper())
    return len(label.split()) <= 2 and all(NO_DATA.match(value) for value in last.values)
