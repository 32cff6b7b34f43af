"""Whole-document organisation passes on the real seeds: own place, folding, abbreviations."""

from __future__ import annotations

from loaders.facts import Organisation, Span
from loaders.org_document import abbreviated_proper_names, own_place, tidy
from loaders.text import SourceText
from tests.seeds import SEEDS


def _doc(name: str) -> SourceText:
    return SourceText.from_text((SEEDS / name).read_text(encoding="utf-8"), name)


def _unit(name: str, kind: str = "unit") -> Organisation:
    return Organisation(name=name, kind=kind, span=Span("x", 1, 1))


def test_the_own_place_is_that_of_the_most_named_municipality() -> None:
    assert own_place(_doc("002_70f13666fe98d17a.txt")) == "Linköping"  # beside Norrköpings, Mjölby kommun


def test_short_title_only_and_unheaded_names_are_folded_away() -> None:
    doc = _doc("001_fea688bc18067ec8.txt")
    names = ["Säkerhet", "Säkerhetsenheten", "Utförarförvaltningen", "Leanlink", "Kommunledningen"]
    found = {name.casefold(): _unit(name) for name in names}
    found["utförarförvaltningen"] = _unit("Utförarförvaltningen", "office")
    spellings: dict[str, set[str]] = {}
    tidy(doc, found, spellings)
    assert sorted(organisation.name for organisation in found.values()) == [
        "Kommunledningen",  # heads a line: "Kommunledningen: -1 200 tkr"
        "Leanlink",
        "Säkerhetsenheten",
    ]
    assert spellings["säkerhetsenheten"] == {"Säkerhet"}
    assert spellings["leanlink"] == {"Utförarförvaltningen Leanlink"}
    crisis = {"krisledningen": _unit("Krisledningen")}
    tidy(_doc("000_bbff43da3c846827.txt"), crisis, {})
    assert crisis == {}  # "Krisledningen, som varit aktivt …" never heads a line


def test_abbreviated_names_exclude_surveys_and_list_tails() -> None:
    names = [name for _, name in abbreviated_proper_names(_doc("002_70f13666fe98d17a.txt"))]
    assert "Nationella Trygghetsundersökningen" not in names
    assert "Effektiv Samordning för Trygghet" not in names
    assert [name for _, name in abbreviated_proper_names(_doc("000_bbff43da3c846827.txt"))].count(
        "Sveriges Kommuner och Regioner"
    ) == 1
