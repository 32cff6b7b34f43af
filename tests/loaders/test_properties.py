"""Property tests on the parsers: arbitrary text gives a result or a documented error, never a crash,
and what a report prints reads back as the value it printed.

Documented outcomes: :func:`parse_number` a ``Decimal`` or None; :func:`parse_value` a
:class:`ParsedValue`; :func:`parse_target` a ``Target`` or None; :func:`find_references` a list;
:func:`parse_transfers` a list; :func:`decode_document` text or :class:`DocumentError`;
:func:`extract_facts` facts or :class:`DocumentError`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from loaders import extract_facts
from loaders.facts import Span
from loaders.numbers import parse_number, parse_target, parse_value, split_marks
from loaders.protocol import parse_transfers
from loaders.references import find_references
from loaders.text import decode_document
from styrgraf.errors import DocumentError
from tests.seeds import SEEDS

SPAN = Span("property.txt", 1, 1)
CELL_ALPHABET = st.sampled_from(
    list("0123456789 ,.-−–%*()/:<>≤≥")
    + ["I.U.", "Öka", "Minska", "Minst", "Högst", "mnkr", "år", "¹", "²", "\t"]
)
cells = st.one_of(st.text(max_size=40), st.lists(CELL_ALPHABET, max_size=12).map("".join))
checked = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def swedish(value: Decimal, *, minus: str = "-") -> str:
    """``value`` printed as a Swedish report prints it: "- 15 800", "4,58", "40 000"."""
    sign, digits, exponent = value.as_tuple()
    whole, fraction = divmod(abs(value), 1)
    grouped = f"{int(whole):,}".replace(",", " ")
    decimals = -int(exponent) if isinstance(exponent, int) and exponent < 0 else 0
    text = grouped + ("," + f"{fraction:.{decimals}f}"[2:] if decimals else "")
    return f"{minus}{text}" if sign and value != 0 else text


amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@checked
@given(cells)
@example("١٢٣")  # digits of another script
@example("9" * 5000)
def test_parse_number_gives_a_decimal_or_none(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, Decimal)


@checked
@given(amounts, st.sampled_from(["-", "−", "–", "- "]))
def test_a_printed_number_reads_back(value: Decimal, minus: str) -> None:
    assert parse_number(swedish(value, minus=minus)) == value


@checked
@given(cells, st.sets(st.sampled_from(["1", "2", "3", "11", "*"]), max_size=3), st.booleans())
def test_parse_value_reads_any_cell(text: str, known: set[str], numeric: bool) -> None:
    parsed = parse_value(text, known, numeric_marks=numeric)
    assert parsed.value is None or parsed.value == parsed.values[0]
    assert not (parsed.no_data and parsed.value is not None)
    stripped, marks = split_marks(text, known, numeric=numeric)
    assert isinstance(stripped, str) and all(isinstance(mark, str) and mark for mark in marks)


@checked
@given(amounts, st.sampled_from(["", " %", " mnkr", " tkr", " procent"]))
def test_a_printed_value_with_its_unit_reads_back(value: Decimal, unit: str) -> None:
    parsed = parse_value(swedish(value) + unit)
    assert parsed.value == value
    assert parsed.unit == ({" procent": "%"}.get(unit) or unit.strip() or None)


@checked
@given(cells)
def test_parse_target_gives_a_target_or_none(text: str) -> None:
    target = parse_target(text)
    assert target is None or (target.value is None) == (target.comparator is None)


@checked
@given(
    st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False, allow_infinity=False),
    st.sampled_from([("Minst", "ge"), ("Högst", "le"), ("Mindre än", "lt"), ("Fler än", "gt"), ("", "eq")]),
)
def test_a_printed_target_reads_back(value: Decimal, phrase: tuple[str, str]) -> None:
    words, comparator = phrase
    target = parse_target(f"{words} {swedish(value)}".strip())
    assert target is not None and (target.value, target.comparator) == (value, comparator)


@checked
@given(st.text(max_size=120))
@example("KF 202-11-24 § 248")
@example("(KS 2020-99-99 § 1)")
@example("Dnr KS 2020-2023")
def test_find_references_reads_any_line(text: str) -> None:
    for reference in find_references(text, SPAN):
        assert reference.raw and reference.raw in text or reference.dnr
        assert (reference.problem is not None) == reference.malformed
        if reference.date is not None:
            datetime.date.fromisoformat(reference.date)


@checked
@given(
    st.sampled_from(["KS", "KF", "BUN", "kommunstyrelsen", "Kommunfullmäktige"]),
    st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2099, 12, 31)),
    st.lists(st.integers(min_value=1, max_value=999), min_size=1, max_size=3),
)
def test_a_printed_citation_reads_back(body: str, day: datetime.date, paragraphs: list[int]) -> None:
    printed = ", ".join(f"§ {number}" for number in paragraphs)
    [reference] = find_references(f"Beslutet togs tidigare ({body} {day.isoformat()} {printed}).", SPAN)
    assert (reference.date, reference.paragraphs, reference.malformed) == (
        day.isoformat(),
        tuple(paragraphs),
        False,
    )
    assert reference.body == {"kommunstyrelsen": "KS", "Kommunfullmäktige": "KF"}.get(body, body)


@checked
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=99), st.integers(1, 99))
def test_a_date_that_is_no_calendar_date_is_flagged_not_guessed(year: int, month: int, day: int) -> None:
    printed = f"{year:04d}-{month:02d}-{day:02d}"
    [reference] = find_references(f"(KS {printed} § 12)", SPAN)
    try:
        real = datetime.date(year, month, day).isoformat()
    except ValueError:
        real = None
    assert reference.date == real
    assert reference.malformed == (real is None)


@checked
@given(amounts.filter(lambda value: value > 0), st.sampled_from(["tkr", "mnkr", "kr"]), st.text(max_size=60))
def test_a_printed_transfer_reads_back(amount: Decimal, unit: str, noise: str) -> None:
    text = (
        f"Ramjustering sker med {swedish(amount)} {unit} från kommunstyrelsens budget"
        " till bildningsnämndens budget"
    )
    [transfer] = parse_transfers(text, SPAN)
    assert (transfer.amount, transfer.unit) == (amount, unit)
    assert all(isinstance(found.amount, Decimal) for found in parse_transfers(noise + text + noise, SPAN))


@checked
@given(st.binary(max_size=400))
@example(b"\xff\xfeV\x00")
@example("Målområde".encode("utf-16-be"))
def test_decode_document_gives_text_or_a_document_error(data: bytes) -> None:
    try:
        text = decode_document(data, "bytes.txt")
    except DocumentError as error:
        assert error.source == "bytes.txt" and (error.line is None or error.line >= 1)
    else:
        assert text.strip() and "\x00" not in text


@checked
@given(st.text(min_size=1, max_size=300).filter(lambda text: text.strip() and "\x00" not in text))
def test_utf8_text_decodes_back_to_itself(text: str) -> None:
    data = text.encode("utf-8")
    if text.startswith("\ufeff"):  # a byte-order mark is not text
        text = text[1:]
    assert decode_document(data, "text.txt") == text or not text.strip()


SEED_LINES = sorted(
    {line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()}
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(SEED_LINES), st.text(max_size=60)), min_size=1, max_size=80))
def test_any_mix_of_seed_lines_gives_facts_or_a_document_error(lines: list[str]) -> None:
    try:
        facts = extract_facts("\n".join(lines), "mix.txt")
    except DocumentError as error:
        assert error.source == "mix.txt" and (error.line is None or 1 <= error.line <= len(lines) + 1)
    else:
        assert facts.documents and all(fact.span.last_line <= len(lines) + 1 for fact in facts.goals)
