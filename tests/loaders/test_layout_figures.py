"""Economy and personnel tables printed without tabs, read from the real 003 and 004 reports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.facts import DocumentFacts, KeyFigure
from loaders.layout_figures import extract_layout_key_figures, read_column_words
from loaders.text import SourceText
from tests.seeds import SEEDS


def _figures(name: str) -> list[KeyFigure]:
    doc = SourceText.from_text((SEEDS / name).read_text(encoding="utf-8-sig"), name)
    facts = DocumentFacts(source=name)
    extract_layout_key_figures(doc, facts)
    return facts.key_figures


@pytest.fixture(scope="module")
def layout_figures() -> list[KeyFigure]:
    return _figures("003_ebf63fc7730f3945.txt")


@pytest.fixture(scope="module")
def ocr_figures() -> list[KeyFigure]:
    return _figures("004_0587bfff7451c447.txt")


def _cell(figures: list[KeyFigure], row: str, column: str) -> KeyFigure:
    found = [f for f in figures if f.row == row and f.column == column]
    assert len(found) >= 1, f"no {row!r} / {column!r} in {sorted({(f.row, f.column) for f in figures})}"
    return found[0]


def test_column_words_follow_the_table_name() -> None:
    assert read_column_words("Driftsammandrag, netto tkr Bokslut Budget Avvikelse Bokslut") == (
        "Driftsammandrag, netto tkr",
        ["Bokslut", "Budget", "Avvikelse", "Bokslut"],
    )
    assert read_column_words("Driftsammandrag, netto tkr Redovisning Redovisning Förändring Avvik. mot") == (
        "Driftsammandrag, netto tkr",
        ["Redovisning", "Redovisning", "Förändring", "Avvik. mot"],
    )
    assert read_column_words("Verksamhetsstöd och service") is None


def test_ocr_driftsammandrag_reads_every_column_with_its_year(ocr_figures: list[KeyFigure]) -> None:
    summa = _cell(ocr_figures, "Summa", "Bokslut 2019")
    assert summa.value == Decimal(17301) and summa.table == "Driftsammandrag" and summa.unit == "tkr"
    assert _cell(ocr_figures, "LKDATA", "Bokslut 2020").value == Decimal(7244)
    assert _cell(ocr_figures, "VSS ledning", "Avvikelse").value == Decimal(-1044)
    assert _cell(ocr_figures, "Upphandling & inköp", "Bokslut 2019").value is None


def test_ocr_personnel_and_volume_tables(ocr_figures: list[KeyFigure]) -> None:
    assert _cell(ocr_figures, "Total sjukfrånvaro", "Bokslut 2019").value == Decimal("3.82")
    assert _cell(ocr_figures, "Ärenden Kontakt Linköping", "Bokslut 2020").value == Decimal(259248)
    chatt = _cell(ocr_figures, "Varav chatt", "Bokslut 2019")
    assert chatt.value is None and chatt.raw == "N/A"
    assert _cell(ocr_figures, "Investeringar, netto", "Budget 2020").value == Decimal(60000)


def test_layout_driftsammandrag_gives_deviation_columns_no_year(layout_figures: list[KeyFigure]) -> None:
    assert _cell(layout_figures, "Kommunövergripande", "Redovisning 31/8 2018").value == Decimal(28491)
    assert _cell(layout_figures, "Kommunövergripande", "Förändring").value == Decimal(-1546)
    assert _cell(layout_figures, "Ekonomi", "Avvik. mot").value == Decimal(-16000)
    assert _cell(layout_figures, "varav intäkter", "Bokslut").value == Decimal(134854)


def test_tab_documents_are_left_to_the_tab_reader() -> None:
    assert _figures("000_bbff43da3c846827.txt") == []


def test_layout_prognosis_row_is_split_where_the_deviation_is_the_difference(
    layout_figures: list[KeyFigure],
) -> None:
    # 003 line 1427: "Säkerhet inkl. räddningstjänst 112 264 112 306 42 111 530"
    assert _cell(layout_figures, "Säkerhet inkl. räddningstjänst", "Avvikelse").value == Decimal(42)
    assert _cell(layout_figures, "Säkerhet inkl. räddningstjänst", "Bokslut").value == Decimal(111530)
    assert _cell(layout_figures, "Näringsliv", "Avvikelse").value == Decimal(1405)
