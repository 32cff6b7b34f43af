"""Economy and personnel tables of the seed documents as key figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.economy import extract_key_figures, is_key_figure_header, unit_in
from loaders.facts import DocumentFacts, KeyFigure
from loaders.tables import Row
from tests.seeds import seed_source


def _facts(prefix: str) -> DocumentFacts:
    doc = seed_source(prefix)
    facts = DocumentFacts(source=doc.source)
    extract_key_figures(doc, facts)
    return facts


@pytest.fixture(scope="module")
def report_2020() -> DocumentFacts:
    return _facts("000")


@pytest.fixture(scope="module")
def report_2024() -> DocumentFacts:
    return _facts("002")


def _figure(facts: DocumentFacts, table: str, row: str, column: str) -> KeyFigure:
    found = [k for k in facts.key_figures if (k.table, k.row, k.column) == (table, row, column)]
    assert len(found) == 1, found
    return found[0]


def test_economy_summary_in_tkr(report_2020: DocumentFacts) -> None:
    net = _figure(report_2020, "Ekonomi", "Verksamhetens nettokostnader", "Bokslut 2020")
    assert (net.value, net.unit, net.raw) == (Decimal(449379), "tkr", "449 379")
    corona = _figure(report_2020, "Ekonomi", "varav nettokostnader för coronapandemin", "Avvikelse")
    assert corona.value == Decimal(-15800)


def test_operating_statement_keeps_every_row_after_a_trimmed_section_row(report_2020: DocumentFacts) -> None:
    rows = {k.row for k in report_2020.key_figures if k.table == "Driftsammandrag"}
    assert len(rows) == 11
    leanlink = _figure(report_2020, "Driftsammandrag", "Leanlink*", "Budget 2020")
    assert (leanlink.value, leanlink.unit) == (Decimal(-15000), "tkr")


def test_personnel_table_keeps_dash_as_raw(report_2020: DocumentFacts) -> None:
    staff = _figure(report_2020, "Personal", "Antal tillsvidare anställda", "Målvärde helår")
    assert (staff.raw, staff.value) == ("-", None)
    sick = _figure(report_2020, "Personal", "Total sjukfrånvaro", "Bokslut 2019")
    assert sick.value == Decimal("2.3")


def test_investment_tables_prefix_group_headers(report_2020: DocumentFacts) -> None:
    pool = _figure(
        report_2020,
        "Pågående projekt",
        "- varav Säkerhetsenheten",
        "Utgifter/inkomster sedan projektets start: Beslutad budget",
    )
    assert (pool.value, pool.unit) == (Decimal("19.3"), "mnkr")
    this_year = _figure(
        report_2020,
        "Färdigställda projekt",
        "Summa färdigställda projekt",
        "Varav årets investeringar: Budget 2020",
    )
    assert this_year.value == Decimal("114.9")


def test_status_and_goal_tables_give_no_key_figures(report_2020: DocumentFacts) -> None:
    tables = {k.table for k in report_2020.key_figures}
    assert not any("utvecklingsuppdrag" in t for t in tables)
    assert not any(k.column in ("Status", "Kommentar") for k in report_2020.key_figures)


def test_2024_caption_names_table_and_unit(report_2024: DocumentFacts) -> None:
    figure = _figure(report_2024, "Resultat 2024", "Kommungemensamt", "Avvikelse")
    assert (figure.value, figure.unit) == (Decimal("-1.8"), "mnkr")
    # the second part of the table, headed by an empty first cell, continues it under new columns
    sums = [k for k in report_2024.key_figures if k.row == "Summa (tkr)" and k.column == "Avvikelse"]
    assert {(k.table, k.value, k.unit) for k in sums} == {
        ("Ensamkommande barn och unga", Decimal(-1265), "tkr"),
        ("Ensamkommande barn och unga", Decimal(-3100), "tkr"),
    }
    text = _figure(report_2024, "Ensamkommande barn och unga", "Familjehem", "Statlig ersättning 2024")
    assert (text.raw, text.value) == ("Ingår i ersättningen ovan", None)


def test_header_and_unit_helpers() -> None:
    assert is_key_figure_header(Row(1, ("Personal", "Bokslut 2020", "Bokslut 2019")))
    assert not is_key_figure_header(Row(1, ("Planeringsstaben", "29 317", "35 647")))
    assert not is_key_figure_header(Row(1, ("", "Andel (%) av medborgarna som upplever")))
    assert not is_key_figure_header(Row(1, ("Nämndmål", "Nämndindikator", "Målvärde")))
    assert unit_in("Ekonomi, belopp tkr") == "tkr"
    assert unit_in("Projekt (mnkr)") == "mnkr"
    assert unit_in("Personal") is None


def test_italic_rows_detail_the_row_above_and_sections_group_rows(
    report_2020: DocumentFacts, report_2024: DocumentFacts
) -> None:
    women = [
        k
        for k in report_2024.key_figures
        if k.table == "Personal" and k.row == "Kvinnor" and k.column == "2024"
    ]
    assert {(k.group, k.value) for k in women} == {
        ("Antal tillsvidare anställda", Decimal(94)),
        ("Total sjukfrånvaro", Decimal("2.1")),
        ("Personalavgångar externt", Decimal("7.4")),
    }
    markkop = _figure(
        report_2020,
        "Färdigställda projekt",
        "- varav KS strateg markköp",
        "Varav årets investeringar: Budget 2020",
    )
    assert markkop.group == "Kommunstyrelsen"
