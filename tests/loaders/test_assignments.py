"""Strategic assignments (strategiska utvecklingsuppdrag) read from the real seed documents."""

from __future__ import annotations

from collections import Counter

from loaders.assignments import extract_assignments
from loaders.facts import DocumentFacts, StrategicAssignment
from loaders.text import SourceText
from tests.seeds import SEEDS


def assignments_of(stem: str) -> list[StrategicAssignment]:
    path = next(SEEDS.glob(f"{stem}_*.txt"))
    doc = SourceText.from_text(path.read_text(encoding="utf-8"), path.name)
    facts = DocumentFacts(source=path.name)
    extract_assignments(doc, facts)
    return facts.assignments


def test_2020_report_table_rows_with_paragraph_cells_and_a_comment_broken_by_a_page() -> None:
    found = assignments_of("000")
    assert [a.status for a in found] == ["Genomfört", "Genomförd"]
    first, second = found
    assert first.title.startswith("Uppdrag till kommunstyrelsen att utreda konsekvenserna")
    assert first.comment is not None and first.comment.endswith("se bilaga 6 till verksamhetsberättelsen.")
    assert (first.span.first_line, first.span.last_line) == (637, 639)
    assert "<p>" not in second.title and second.title.endswith("under 2020.")


def test_2024_report_numbered_tables_with_continued_rows_and_italic_remarks() -> None:
    found = assignments_of("002")
    assert len(found) == 33
    assert Counter(a.status for a in found)["Genomförd"] == 22
    continued = next(a for a in found if "500 nya arbetsmarknadsplatser" in a.title)
    assert continued.title.endswith("funktionsnedsättning säkerställas.")
    assert continued.status == "Inte aktuellt"
    remarked = next(a for a in found if "ska prioritera avtalsuppföljning" in a.title)
    assert remarked.title.endswith("fusk och oegentligheter.")
    assert remarked.comment == "Kvarstår för BMN, KOF, SBN och ÄN övriga nämnder genomförde uppdraget 2023."
    assert not any(a.title[0].isdigit() for a in found)


def test_budget_bullet_lists_without_status_once_each() -> None:
    """Ten assignments in the board's budget, four more in Leanlink's (the förvaltningsbudget
    repeats the board's list in other words: those are recognised and not counted again)."""
    found = assignments_of("001")
    assert len(found) == 14
    assert sum("(alla affärsområden)" in a.title for a in found) == 2
    assert {a.status for a in found} == {None}
    assert found[0].title.startswith("Uppdrag till samtliga nämnder och bolag att verka för en omställning")


def test_2018_prose_assignments_take_status_from_the_activity_lists_reporting_on_them() -> None:
    found = assignments_of("003")
    assert len(found) == 16
    assert all(a.title.startswith(("Kommunstyrelsen har i uppdrag att", "Att ")) for a in found)

    def status_of(words: str) -> str | None:
        return next(a.status for a in found if words in a.title)

    assert status_of("mäta antalet anbudsgivare/upphandling") == "Pågår"
    assert status_of("mätning av tillgång till bredband") == (
        "Genomfört - redovisas i årsredovisning, nu redovisas 2017"
    )
    assert status_of("förkorta etableringstiden gällande delaktighet") is None
    assert not any("Implementering av pm3" in a.title for a in found)
