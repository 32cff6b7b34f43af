"""Swedish number cells as printed in the seed documents."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from loaders.numbers import parse_number, parse_target, parse_value, split_marks
from tests.seeds import SEEDS


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("733", "733"),
        ("40 000", "40000"),
        ("- 15 800", "-15800"),
        ("−3,5", "-3.5"),
        ("-15 800", "-15800"),
        ("4,58", "4.58"),
        ("52.9", "52.9"),
        ("1 240,8", "1240.8"),
        ("<i>702,1</i>", "702.1"),
        ("0", "0"),
    ],
)
def test_parse_value_plain_numbers(cell: str, value: str) -> None:
    parsed = parse_value(cell)
    assert parsed.value == Decimal(value)
    assert parsed.qualifier is None
    assert not parsed.no_data


@pytest.mark.parametrize("cell", ["I.U.", "", "  ", "-", "i.u.", "I.U. ⁷", "1.U.", "I.U"])
def test_parse_value_no_data_is_not_zero(cell: str) -> None:
    parsed = parse_value(cell)
    assert parsed.no_data
    assert parsed.value is None


@pytest.mark.parametrize(
    ("cell", "value", "qualifier", "unit"),
    [
        ("4,58 (4,75 år 2017)", "4.58", "(4,75 år 2017)", None),
        ("4,2 (20,7 mdkr)", "4.2", "(20,7 mdkr)", None),
        ("15,3 % 2017: 15,7%", "15.3", "2017: 15,7%", "%"),
        ("Fler än 1", "1", "Fler än 1", None),
        ("182 mnkr.", "182", None, "mnkr"),
        ("38 41 (2021)", "38", "41 (2021)", None),
    ],
)
def test_parse_value_keeps_qualifier_verbatim(
    cell: str, value: str, qualifier: str | None, unit: str | None
) -> None:
    parsed = parse_value(cell)
    assert (parsed.value, parsed.qualifier, parsed.unit) == (Decimal(value), qualifier, unit)


def test_parse_value_cell_with_two_numbers_lists_both() -> None:
    assert parse_value("8/7").values == (Decimal(8), Decimal(7))


def test_parse_value_text_without_number_is_a_qualifier_not_no_data() -> None:
    parsed = parse_value("Ingår i ersättningen ovan")
    assert parsed.value is None and not parsed.no_data
    assert parsed.qualifier == "Ingår i ersättningen ovan"


@pytest.mark.parametrize(
    ("cell", "known", "value", "marks", "no_data"),
    [
        ("20 656 ³", (), "20656", ("3",), False),
        ("I.U. ⁷", (), None, ("7",), True),
        ("I.U.2", ("2",), None, ("2",), True),
        ("I.U.2", (), None, (), False),
    ],
)
def test_parse_value_footnote_marks(
    cell: str, known: tuple[str, ...], value: str | None, marks: tuple[str, ...], no_data: bool
) -> None:
    parsed = parse_value(cell, known)
    assert parsed.value == (None if value is None else Decimal(value))
    assert parsed.marks == marks
    assert parsed.no_data is no_data


def test_glued_mark_on_integer_needs_explicit_permission() -> None:
    assert parse_value("951", {"1"}).value == Decimal(951)
    split = parse_value("951", {"1"}, numeric_marks=True)
    assert (split.value, split.marks) == (Decimal(95), ("1",))
    assert parse_value("733", {"3"}).value == Decimal(733)


@pytest.mark.parametrize(
    ("text", "clean", "marks"),
    [
        ("Låg ekonomisk standard. ¹", "Låg ekonomisk standard.", ("1",)),
        ("Attraktiv arbetsgivarindex (AVI) ¹¹", "Attraktiv arbetsgivarindex (AVI)", ("11",)),
        ("Energianvändning kWh/m ² /år.", "Energianvändning kWh/m ² /år.", ()),
        ("ton CO ₂ -ekv/invånare.", "ton CO ₂ -ekv/invånare.", ()),
        ("Kommunens soliditet.*", "Kommunens soliditet.", ("*",)),
        ("Summa investeringar**", "Summa investeringar", ("**",)),
    ],
)
def test_split_marks_tells_footnotes_from_units(text: str, clean: str, marks: tuple[str, ...]) -> None:
    assert split_marks(text) == (clean, marks)


@pytest.mark.parametrize(
    ("cell", "comparator", "value", "direction"),
    [
        ("Mindre än 100", "lt", "100", None),
        ("Färre än 650", "lt", "650", None),
        ("Högst 5", "le", "5", None),
        ("Minst 80", "ge", "80", None),
        ("Större än 50", "gt", "50", None),
        ("Max 900 kr.", "le", "900", None),
        ("40 000", "eq", "40000", None),
        ("0", "eq", "0", None),
        ("Ej negativ", "ge", "0", None),
        ("Öka", None, None, "increase"),
        ("Minska", None, None, "decrease"),
        ("Bibehålla", None, None, "keep"),
        ("Behålla", None, None, "keep"),
    ],
)
def test_parse_target(cell: str, comparator: str | None, value: str | None, direction: str | None) -> None:
    target = parse_target(cell)
    assert target is not None
    assert target.raw == cell
    assert target.comparator == comparator
    assert target.value == (None if value is None else Decimal(value))
    assert target.direction == direction


def test_parse_target_blank_and_dash_are_none_and_marks_are_stripped() -> None:
    assert parse_target("") is None
    assert parse_target("-") is None
    target = parse_target("öka2", {"2"})
    assert target is not None and (target.raw, target.direction) == ("öka", "increase")
    assert parse_target("100 ¹⁰") == parse_target("100")


def _seed_cells() -> list[str]:
    cells: list[str] = []
    for path in sorted(SEEDS.glob("00[02]_*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            cells.extend(line.split("\t")[1:])
    return cells


def test_every_numeric_seed_cell_parses_to_its_number() -> None:
    """Property over all real cells: a cell that is only digits and separators parses exactly."""
    cells = [c.strip() for c in _seed_cells()]
    numeric = [c for c in cells if re.fullmatch(r"-? ?\d{1,3}( \d{3})*(,\d+)?|\d+(,\d+)?", c)]
    assert len(numeric) > 300
    for cell in numeric:
        expected = Decimal(cell.replace(" ", "").replace(",", "."))
        assert parse_value(cell).value == expected, cell
        assert parse_number(cell) == expected, cell


def test_no_seed_cell_with_a_digit_is_lost() -> None:
    """Property: every real cell holding a digit yields a value, a mark or a qualifier."""
    for cell in _seed_cells():
        if any(ch.isdigit() for ch in cell):
            parsed = parse_value(cell)
            assert parsed.value is not None or parsed.marks or parsed.qualifier, cell


def test_year_label_gives_the_period_of_the_value() -> None:
    parsed = parse_value("2016: 15,2%")
    assert (parsed.value, parsed.period, parsed.unit, parsed.qualifier) == (
        Decimal("15.2"),
        "2016",
        "%",
        "2016: 15,2%",
    )
    assert parse_value("15,3 % 2017: 15,7%").period is None


def test_symbol_comparators_and_leading_asterisks() -> None:
    target = parse_target("≥4% Positiv trend")
    assert target is not None and (target.comparator, target.value) == ("ge", Decimal(4))
    underhall = parse_target("Underhåll")
    assert underhall is not None and underhall.comparator is None
    assert split_marks("*Frisktal") == ("Frisktal", ("*",))
