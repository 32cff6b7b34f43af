"""Tab tables, their blocks and footnotes, read from the real seed documents."""

from __future__ import annotations

import pytest

from loaders.tables import Row, find_notes, find_tables, note_for, strip_tags, year_of
from loaders.text import SourceText
from tests.seeds import seed_source


@pytest.fixture(scope="module")
def report_2020() -> SourceText:
    return seed_source("000")


def _is_year_header(row: Row) -> bool:
    return row.cell(0) == "Nämndmål"


def test_table_continues_across_its_footnotes(report_2020: SourceText) -> None:
    tables = find_tables(report_2020, _is_year_header)
    headed = [t for t in tables if t.header.cell(1) == "Nämndindikator"]
    assert len(headed) == 9
    # the Ekonomi table is broken by four footnotes; the row after them still belongs to it
    broken = next(t for t in headed if any("Lokalkostnader" in r.cell(1) for r in t.rows))
    lines = [r.line for r in broken.rows]
    assert any(b - a > 1 for a, b in zip(lines, lines[1:], strict=False))
    assert broken.caption is not None and "Kommunövergripande mål" in broken.caption


def test_prose_ends_a_table(report_2020: SourceText) -> None:
    tables = find_tables(report_2020)
    for table in tables:
        rows = {row.line for row in table.rows}
        for row in table.rows:
            between = report_2020.between(table.first_line, row.line)
            assert all(
                "\t" in line.text
                or line.number in rows
                or line.blank
                or line.text.lstrip()[:1] in "*¹²³⁴⁵⁶⁷⁸⁹⁰"
                for line in between
            )


def test_trimmed_section_rows_stay_inside_their_table(report_2020: SourceText) -> None:
    """ "Verksamhet" printed with only empty cells after it lost its tabs; it is still a row."""
    tables = find_tables(report_2020, lambda row: row.cell(1).startswith("Bokslut"))
    operating = next(t for t in tables if t.header.cell(0).startswith("Driftsammandrag"))
    assert operating.rows[0].cells == ("Verksamhet",)
    assert operating.rows[-1].cell(0) == "Leanlink*"


def test_footnotes_are_found_and_resolved_to_the_nearest_after(report_2020: SourceText) -> None:
    notes = find_notes(report_2020)
    marks = [n.mark for n in notes]
    for mark in ("1", "2", "3", "10", "11"):
        assert mark in marks
    first = next(n for n in notes if n.mark == "1")
    assert first.text.startswith("Statistiken")
    late = note_for("11", first.line, notes)
    assert late is not None and late.text.startswith("AVI avser")
    assert note_for("1", late.line, notes) is None


def test_row_cells_and_helpers() -> None:
    row = Row(5, ("", "Män", "4,2"))
    assert row.cell(1) == "Män" and row.cell(9) == "" and row.filled == 2
    assert year_of("August i 2020") == "2020"
    assert year_of("Målvärde helår") is None
    assert year_of("2018-2020") is None
    assert strip_tags("Giftfri miljö <i>Linköpings kommun</i>") == "Giftfri miljö Linköpings kommun"
