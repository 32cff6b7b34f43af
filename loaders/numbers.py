"""Swedish numbers in table cells: values, no-data marks, qualifiers, footnote marks and targets.

Cells are read as printed in Swedish reports:

* decimal comma ("4,58"), spaces as thousand separators ("40 000", "- 15 800"), any dash as
  minus ("−3,5"), an occasional decimal point ("52.9");
* "I.U." (ingen uppgift), "-" and blanks are *no data*, never zero;
* a unit beside the number ("15,3 %", "182 mnkr.") is kept apart, and any other text beside it
  is a *qualifier*, kept verbatim ("4,58 (4,75 år 2017)" → 4.58 with "(4,75 år 2017)");
* footnote marks are superscripts ("20 656 ³", "I.U. ⁷") or digits glued to a word or value
  ("I.U.2", "öka2", "951" when footnote 1 exists) — the glued kind only for marks the caller
  knows exist. Superscripts after a unit ("m ²") and subscripts ("CO ₂") are part of the unit;
* targets (målvärde, önskad riktning): "Mindre än 100", "Högst 5", "Minst 80", "Öka",
  "Minska", "Bibehålla", "0" → :class:`~loaders.facts.Target`.

Public API: :func:`parse_value`, :func:`parse_target`, :func:`split_marks`, :func:`parse_number`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from loaders.facts import Target

__all__ = ["ParsedValue", "parse_number", "parse_target", "parse_value", "split_marks"]

_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT_RUN = re.compile(r"\s?(?P<mark>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_UNIT_BEFORE_SUPERSCRIPT = re.compile(r"(?:^|[\s/(])(?:k|c|d|m)?m$")
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "\u2012": "-"})
_NUMBER = re.compile(
    r"(?<![\w,.])(?P<sign>-\s?)?"
    r"(?P<digits>\d{1,3}(?: \d{3})+(?![\d])|\d+)(?:[,.](?P<decimals>\d+))?(?![\w])"
)
_NO_DATA = re.compile(r"^(?:[i1l]\.?\s?u\.?|-+|\.+|x|\*+)$", re.IGNORECASE)
_UNIT_AFTER = re.compile(r"^\s*(?P<unit>%|mdkr|mnkr|mkr|tkr|kr|procent)\.?(?![\wåäö])", re.IGNORECASE)
_ASTERISK = re.compile(r"(?<=[\w).%])\s?(?P<mark>\*{1,3})(?=[\s,.:;]|$)")
_YEAR_LABEL = re.compile(r"^(?P<year>(?:19|20)\d\d)\s*:\s*")
_LEADING_ASTERISK = re.compile(r"^(?P<mark>\*{1,3})(?=[A-Za-zÅÄÖåäö])")
_GLUED_WORD_MARK = re.compile(r"^(?P<text>.*[A-Za-zåäöÅÄÖ.)])(?P<mark>\d{1,2})$")

_COMPARATORS: tuple[tuple[str, str], ...] = (
    ("≥", "ge"),
    (">=", "ge"),
    ("≤", "le"),
    ("<=", "le"),
    ("<", "lt"),
    (">", "gt"),
    ("mindre än", "lt"),
    ("färre än", "lt"),
    ("lägre än", "lt"),
    ("under", "lt"),
    ("större än", "gt"),
    ("fler än", "gt"),
    ("högre än", "gt"),
    ("mer än", "gt"),
    ("över", "gt"),
    ("högst", "le"),
    ("maximalt", "le"),
    ("max", "le"),
    ("minst", "ge"),
    ("lägst", "ge"),
    ("min", "ge"),
)
_DIRECTIONS: tuple[tuple[str, str], ...] = (
    ("öka", "increase"),
    ("höja", "increase"),
    ("minska", "decrease"),
    ("sänka", "decrease"),
    ("bibehålla", "keep"),
    ("behålla", "keep"),
    ("oförändr", "keep"),
)
_NOT_NEGATIVE = re.compile(r"^(?:ej|inte)\s+negativ", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """One table cell read as a number.

    ``value`` is the first number printed (None for no-data and for text without a number);
    ``values`` every number in the cell ("8/7" → 8, 7); ``qualifier`` the text beside the value
    verbatim (the whole cell when it opens with a comparator, "Fler än 1"); ``marks`` the
    footnote marks found, as plain digits or symbols ("1", "*"). A cell opening with a year
    label ("2016: 15,2%") gives the number after it and the year as ``period``.
    """

    raw: str
    value: Decimal | None = None
    qualifier: str | None = None
    no_data: bool = False
    unit: str | None = None
    marks: tuple[str, ...] = ()
    values: tuple[Decimal, ...] = ()
    period: str | None = None
    """The year the cell itself names for its value ("2016: 15,2%" → "2016")."""


def clean_cell(cell: str) -> str:
    """The cell without markup tags, with dashes unified and whitespace collapsed."""
    text = _TAGS.sub(" ", cell).translate(_DASHES)
    return " ".join(text.split())


def split_marks(
    text: str, known: Collection[str] = (), *, numeric: bool = False
) -> tuple[str, tuple[str, ...]]:
    """Split footnote marks off ``text``: ``("Låg ekonomisk standard.", ("1",))``.

    Superscript digits are marks unless they follow a unit of area ("m ²"); subscripts never are.
    Asterisks after a word ("Chefindex*", "nettokostnad (%).*") or opening one ("*Frisktal")
    are marks "*", "**".
    A digit glued to the end of a word or of "I.U." ("öka2", "I.U.2") is a mark only when it is
    in ``known``. With ``numeric``, so is the last digit of a bare integer ("951" → "95" and
    "1") — callers pass it only for marks no other cell or name claims, as "733" is usually 733.
    """
    marks: list[str] = []

    def superscript(match: re.Match[str]) -> str:
        if _UNIT_BEFORE_SUPERSCRIPT.search(match.string[: match.start()]):
            return match.group(0)
        marks.append(match.group("mark").translate(_SUPERSCRIPT_DIGITS))
        return ""

    def asterisk(match: re.Match[str]) -> str:
        marks.append(match.group("mark"))
        return ""

    stripped = _SUPERSCRIPT_RUN.sub(superscript, clean_cell(text))
    stripped = _LEADING_ASTERISK.sub(asterisk, stripped.strip(), count=1)
    stripped = " ".join(_ASTERISK.sub(asterisk, stripped).split())
    if known:
        stripped = _split_glued(stripped, known, marks, numeric)
    return stripped, tuple(marks)


def _split_glued(text: str, known: Collection[str], marks: list[str], numeric: bool) -> str:
    glued = _GLUED_WORD_MARK.match(text)
    if glued and glued.group("mark") in known:
        marks.append(glued.group("mark"))
        return glued.group("text")
    if numeric and re.fullmatch(r"\d{2,}", text):
        for width in (2, 1):
            mark = text[-width:]
            if mark in known and len(text) > width and mark[0] != "0":
                marks.append(mark)
                return text[:-width]
    return text


def parse_number(text: str) -> Decimal | None:
    """The number ``text`` holds exactly ("- 15 800" → -15800, "4,58" → 4.58), else None."""
    match = _NUMBER.fullmatch(clean_cell(text))
    return _to_decimal(match) if match else None


def _to_decimal(match: re.Match[str]) -> Decimal | None:
    digits = match.group("digits").replace(" ", "")
    decimals = match.group("decimals")
    try:
        number = Decimal(f"{digits}.{decimals}" if decimals else digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        return None
    return -number if match.group("sign") else number


def parse_value(cell: str, known_marks: Collection[str] = (), *, numeric_marks: bool = False) -> ParsedValue:
    """Read one observation cell; ``known_marks`` are footnote marks the table's notes define.

    ``numeric_marks`` lets a known mark glued to a bare integer split off (see :func:`split_marks`).
    A cell reads the same wherever it stands, so readings are kept for the process.
    """
    return _parse_value(cell, frozenset(known_marks) if known_marks else frozenset(), numeric_marks)


@lru_cache(maxsize=16384)
def _parse_value(cell: str, known_marks: frozenset[str], numeric_marks: bool) -> ParsedValue:
    raw = clean_cell(cell)
    text, marks = split_marks(raw, known_marks, numeric=numeric_marks)
    if not text or _NO_DATA.match(text):
        return ParsedValue(raw=raw, no_data=True, marks=marks)
    labelled = _YEAR_LABEL.match(text)
    offset = labelled.end() if labelled else 0
    numbers = list(_NUMBER.finditer(text, offset))
    if not numbers:
        return ParsedValue(raw=raw, qualifier=text, marks=marks)
    first = numbers[0]
    values = tuple(v for v in (_to_decimal(m) for m in numbers) if v is not None)
    unit_match = _UNIT_AFTER.match(text[first.end() :])
    unit = unit_match.group("unit").lower() if unit_match else None
    if unit == "procent":
        unit = "%"
    rest_start = first.end() + (unit_match.end() if unit_match else 0)
    before, after = text[offset : first.start()].strip(), text[rest_start:].strip()
    qualifier = text if labelled or before else (after or None)
    period = labelled.group("year") if labelled else None
    return ParsedValue(raw, values[0], qualifier, False, unit, marks, values, period)


def parse_target(
    cell: str, known_marks: Collection[str] = (), *, numeric_marks: bool = False
) -> Target | None:
    """Read a målvärde / önskad riktning cell; None when it is blank or a dash.

    ``raw`` is the cell without its footnote marks (use :func:`split_marks` to read those).

    "Färre än 650" → lt 650, "Högst 5" → le 5, "Minst 80" → ge 80, "40 000" → eq 40000,
    "Öka" → increase, "Bibehålla" → keep, "Ej negativ" → ge 0.
    """
    text, _marks = split_marks(cell, known_marks, numeric=numeric_marks)
    if not text or _NO_DATA.match(text):
        return None
    lowered = text.lower()
    for word, direction in _DIRECTIONS:
        if lowered.startswith(word):
            return Target(raw=text, direction=direction)
    if _NOT_NEGATIVE.match(text):
        return Target(raw=text, value=Decimal(0), comparator="ge")
    comparator = "eq"
    for phrase, code in _COMPARATORS:
        if re.match(rf"{re.escape(phrase)}(?![a-zåäö])", lowered):
            comparator = code
            break
    parsed = parse_value(text)
    if parsed.value is None:
        return Target(raw=text)
    return Target(raw=text, value=parsed.value, comparator=comparator)
