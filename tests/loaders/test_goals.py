"""Goals read from the real seed documents: each goal once, with its level, parent and owner."""

from __future__ import annotations

from collections import Counter

import pytest

from loaders.facts import DocumentFacts, Goal
from loaders.goals import extract_goals
from loaders.pipeline import read_document
from loaders.text import SourceText
from tests.seeds import SEEDS


def goals_of(stem: str) -> list[Goal]:
    path = next(SEEDS.glob(f"{stem}_*.txt"))
    doc = SourceText.from_text(path.read_text(encoding="utf-8"), path.name)
    facts = DocumentFacts(source=path.name)
    extract_goals(doc, facts)
    return facts.goals


def by_level(goals: list[Goal], level: str) -> dict[str, Goal]:
    return {goal.title: goal for goal in goals if goal.level == level}


def test_2020_report_has_eighteen_board_goals_under_their_council_goals() -> None:
    goals = goals_of("000")
    board = by_level(goals, "board")
    assert len(board) == 18
    assert board["God social sammanhållning och delaktighet"].parent == "Ett attraktivt och tryggt Linköping"
    assert board["Giftfri miljö"].parent == "Ett klimatsmart Linköping"
    assert board["God finansiell ställning"].parent == "Hållbar ekonomi"
    assert board["Nya vägar för (tryggad) kompetensförsörjning"].parent == "Hållbar kompetensförsörjning"
    assert {goal.owner for goal in board.values()} == {"Kommunstyrelsen"}
    assert {goal.period for goal in goals} == {"2020"}


def test_2020_report_goal_spelt_differently_in_places_is_one_goal_with_the_common_spelling() -> None:
    board = by_level(goals_of("000"), "board")
    assert "Giftfri miljö" in board and "Giffri miljö" not in board
    assert "God planberedskap i antagna översiktsplaner" in board
    assert "Klimateffektiv verksamhet" in board and "Klimat effektiv verksamhet" not in board


def test_2020_report_board_goal_sits_at_its_section_heading_with_table_description() -> None:
    board = by_level(goals_of("000"), "board")
    goal = board["Starkt varumärke"]
    assert goal.span.first_line == goal.span.last_line
    path = next(SEEDS.glob("000_*.txt"))
    assert (
        path.read_text(encoding="utf-8").splitlines()[goal.span.first_line - 1].startswith("Starkt varumärke")
    )
    assert (
        goal.description
        == "Linköping är en plats där det är attraktivt att bo, driva företag samt komma på besök."
    )


def test_2020_report_areas_and_council_goals() -> None:
    goals = goals_of("000")
    assert set(by_level(goals, "area")) == {"Samhälle", "Ekonomi", "Verksamhet", "Medarbetare"}
    council = by_level(goals, "council")
    assert len(council) == 9
    assert council["Hållbar ekonomi"].parent == "Ekonomi"
    assert council["Attraktiv arbetsgivare"].owner == "Kommunfullmäktige"


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_each_goal_appears_once_per_level(stem: str) -> None:
    counts = Counter((goal.level, goal.title.casefold()) for goal in goals_of(stem))
    assert [key for key, n in counts.items() if n > 1] == []


def test_2024_report_restructured_goals_with_new_council_goals() -> None:
    goals = goals_of("002")
    board = by_level(goals, "board")
    assert len(board) == 18
    assert board["Stärkt civil beredskap"].parent == "Ett tryggt och säkert Linköping"
    assert board["Innovativ verksamhetsutveckling och digitalisering"].parent == (
        "En organisation med hög produktivitet och effektivitet"
    )
    assert len(by_level(goals, "council")) == 7
    assert {goal.period for goal in goals} == {"2024"}


def test_budget_2020_lists_council_goals_once_though_printed_three_times() -> None:
    goals = goals_of("001")
    council = by_level(goals, "council")
    assert len(council) == 13
    assert council["Hög kunskap med skolor i framkant"].parent == "Medborgare"
    assert council["Ett klimatsmart Linköping"].description.startswith("Linköping tar täten")  # type: ignore[union-attr]
    board = by_level(goals, "board")
    assert len(board) == 18
    assert board["Goda arbetsplatser"].description == (
        "Varje medarbetare känner arbetsglädje och stolthet samt har inflytande och möjlighet att utvecklas"
    )
    office = by_level(goals, "office")
    assert office["Hög tillgänglighet i Kontakt Linköping"].owner == "Verksamhetsstöd och service"
    assert office["Trygga välfärdstjänster med god kvalitet"].owner == "Leanlink"


def test_ocr_report_office_goals_under_council_goals() -> None:
    goals = goals_of("004")
    office = by_level(goals, "office")
    assert len(office) == 9
    assert office["God kundsamverkan"].parent == "Effektiv organisation med goda resultat"
    assert "Medborgare/Kund" in by_level(goals, "area")


def test_2018_layout_table_council_goals_unwrapped_and_board_goals_placed_beside_them() -> None:
    goals = goals_of("003")
    council = by_level(goals, "council")
    assert len(council) == 11
    assert "En kommun med höga kunskapsambitioner och trygga uppväxtvillkor" in council
    assert "En ekonomiskt hållbar kommun" in council and "En ekologiskt hållbar kommun" in council
    board = by_level(goals, "board")
    assert len(board) == 3
    parents = {title.split()[0]: goal.parent for title, goal in board.items()}
    assert parents == {
        "Kommunens": "En ekologiskt hållbar kommun",
        "Kommuninvånarna": "En sammanhållen kommun med framtidstro och delaktighet",
        "Linköpings": "En kommun med bra arbetsvillkor",
    }
    assert {goal.period for goal in goals} == {"2018"}


def test_office_goals_belong_to_the_issuing_office_of_the_report() -> None:
    facts = read_document(next(SEEDS.glob("004_*.txt")))
    office = [goal for goal in facts.goals if goal.level == "office"]
    assert {goal.owner for goal in office} == {"Verksamhetsstöd och service"}
