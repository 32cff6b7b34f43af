"""Indicator tables of the tab-separated seed documents (000, 001, 002)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.facts import DocumentFacts, Indicator, Observation
from loaders.indicators import IndicatorColumns, IndicatorReader, extract_indicators, goal_title, unit_of
from loaders.tables import Row
from tests.seeds import SEEDS, seed_source


def _facts(prefix: str) -> DocumentFacts:
    doc = seed_source(prefix)
    facts = DocumentFacts(source=doc.source)
    extract_indicators(doc, facts)
    return facts


@pytest.fixture(scope="module")
def report_2020() -> DocumentFacts:
    return _facts("000")


@pytest.fixture(scope="module")
def budget_2020() -> DocumentFacts:
    return _facts("001")


@pytest.fixture(scope="module")
def report_2024() -> DocumentFacts:
    return _facts("002")


def _indicator(facts: DocumentFacts, start: str, goal: str | None = None) -> Indicator:
    found = [i for i in facts.indicators if i.name.startswith(start) and goal in (None, i.goal)]
    assert len(found) == 1, [i.name for i in found]
    return found[0]


def _values(facts: DocumentFacts, indicator: Indicator, breakdown: str | None = None) -> dict[str, object]:
    cells: list[Observation] = [
        o
        for o in facts.observations
        if o.indicator == indicator.name
        and o.breakdown == breakdown
        and indicator.span.first_line <= o.span.first_line <= indicator.span.last_line
    ]
    return {o.period: ("no-data" if o.no_data else o.value) for o in cells}


def test_violent_crime_values_no_data_and_target(report_2020: DocumentFacts) -> None:
    crime = _indicator(report_2020, "Anmälda våldsbrott")
    assert crime.goal == "God trygghet och säkerhet"
    assert crime.unit == "antal/100 000 invånare"
    assert crime.target is not None and crime.target.raw == "Färre än 650"
    assert (crime.target.comparator, crime.target.value) == ("lt", Decimal(650))
    assert _values(report_2020, crime) == {"2018": Decimal(733), "2019": Decimal(795), "2020": "no-data"}


def test_breakdown_rows_keep_values_and_targets(report_2020: DocumentFacts) -> None:
    safety = _indicator(report_2020, "Andel (%) av medborgarna som upplever")
    assert safety.breakdowns == ("Gator/torg", "Parker", "Egna bostadsområdet")
    assert _values(report_2020, safety, "Gator/torg") == {
        "2018": Decimal(64),
        "2019": Decimal(66),
        "2020": Decimal(63),
    }
    assert dict((b, t.raw) for b, t in safety.breakdown_targets)["Gator/torg"] == "70"
    assert _values(report_2020, safety) == {"2018": "no-data", "2019": "no-data", "2020": "no-data"}
    assert [f.mark for f in safety.footnotes] == ["2"]


def test_breakdowns_without_leading_tab_and_after_group_rows(report_2020: DocumentFacts) -> None:
    sick = _indicator(report_2020, "Total sjukfrånvaro (%)")
    assert sick.breakdowns == ("Män", "Kvinnor")
    assert _values(report_2020, sick, "Kvinnor")["2020"] == Decimal("2.0")
    bids = _indicator(report_2020, "Andel micro, små, medelstora och stora företag som lämnar")
    assert bids.breakdowns == ("Micro", "Små", "Medel", "Stora", "Okänt")
    assert _values(report_2020, bids, "Okänt")["2020"] == Decimal("3.81")


def test_qualifiers_and_footnotes(report_2020: DocumentFacts) -> None:
    emissions = _indicator(report_2020, "Utsläpp till luft")
    assert emissions.name == "Utsläpp till luft av växthusgaser, ton CO₂-ekv/invånare."
    assert emissions.unit == "ton CO₂-ekv/invånare"
    cell = next(o for o in report_2020.observations if o.indicator == emissions.name and o.period == "2018")
    assert (cell.value, cell.qualifier, cell.raw) == (
        Decimal("4.58"),
        "(4,75 år 2017)",
        "4,58 (4,75 år 2017)",
    )
    cups = _indicator(report_2020, "Antal inköpta plastbägare")
    assert _values(report_2020, cups)["2020"] == Decimal(20656)
    assert [f.text[:20] for f in cups.footnotes] == ["Utöver detta har äve"]
    avi = _indicator(report_2020, "Attraktiv arbetsgivarindex")
    assert avi.goal == "Goda arbetsplatser"
    assert avi.footnotes[0].text.startswith("AVI avser kommunen totalt")


def test_every_row_of_the_2020_tables_is_read(report_2020: DocumentFacts) -> None:
    assert len(report_2020.indicators) == 47
    # three year columns for every indicator and breakdown row, no cell dropped
    rows = len(report_2020.indicators) + sum(len(i.breakdowns) for i in report_2020.indicators)
    assert len(report_2020.observations) == 3 * rows
    assert sum(o.no_data for o in report_2020.observations) >= 40


def test_august_column_is_the_year_it_names(report_2020: DocumentFacts) -> None:
    enterprise = _indicator(report_2020, "Andel (%) nyföretagsamma")
    assert _values(report_2020, enterprise)["2020"] == Decimal("9.06")


def test_internbudget_columns_targets_per_year_and_shifted_rows(budget_2020: DocumentFacts) -> None:
    crime = _indicator(budget_2020, "Anmälda våldsbrott")
    assert [(t.raw, t.period) for t in crime.targets] == [("Färre än 700", "2020"), ("Färre än 650", "2021")]
    low_income = _indicator(budget_2020, "Låg ekonomisk standard")
    assert _values(budget_2020, low_income) == {"2016": Decimal("15.2"), "2017": Decimal("15.7")}
    # printed one tab too far right, and with the name in the first column
    starts = _indicator(budget_2020, "Andel (%) nyföretagsamma")
    assert starts.goal == "Ett starkt entreprenörskap och växande näringsliv"
    assert _values(budget_2020, starts) == {"2018": Decimal("8.66"), "2019": Decimal("9.04")}
    breadth = _indicator(budget_2020, "Andel (%) branscher")
    assert _values(budget_2020, breadth)["2018"] == Decimal("61.60")
    # a name broken over a page: "kärnverk-" + "samhet/…"
    staff = _indicator(budget_2020, "Personalkostnader + externt")
    assert "kärnverksamhet/verksamhetens nettokostnad (%)." in staff.name


def test_2024_lagged_value_and_glued_marks(report_2024: DocumentFacts) -> None:
    residual = _indicator(report_2024, "Kvarvarande nettoutsläpp")
    assert _values(report_2024, residual) == {
        "2021": Decimal(41),
        "2022": Decimal(38),
        "2023": "no-data",
        "2024": "no-data",
    }
    starts = _indicator(report_2024, "Nyföretagande - nystartade företag, antal")
    assert _values(report_2024, starts)["2024"] == "no-data"
    assert [f.mark for f in starts.footnotes] == ["2"]
    energy = _indicator(report_2024, "Energianvändning kWh/m ² /år")
    assert energy.breakdowns == (
        "Omsorg",
        "Kunskap (skola)",
        "Övriga adm. (kontor etc.).",
        "Publika (arenor, bibliotek etc.).",
    )
    regions = _indicator(report_2024, "Trygghetsbedömning")
    assert regions.breakdowns == ("Skäggetorp", "Ryd", "Berga")


def test_2024_short_indicators_are_not_breakdowns(report_2024: DocumentFacts) -> None:
    pension = _indicator(report_2024, "Avgångsålder pension KLF")
    assert pension.breakdowns == ("Män", "Kvinnor")
    assert pension.target is not None and pension.target.raw == "66,5"
    klf = _indicator(report_2024, "Chefindex KLF")
    assert klf.target is not None and klf.target.direction == "keep"
    self_sufficiency = _indicator(report_2024, "Självförsörjningsgrad av el")
    assert self_sufficiency.name == "Självförsörjningsgrad av el."


def test_columns_from_header() -> None:
    header = Row(
        1, ("Kommunövergripande mål", "Nämndmål", "Nämnd-indikator", "2018", "2019", "Målvärde 2020")
    )
    columns = IndicatorColumns.from_header(header)
    assert columns is not None
    assert (columns.goal, columns.name, columns.periods, columns.targets) == (
        1,
        2,
        ((3, "2018"), (4, "2019")),
        ((5, "2020"),),
    )
    assert IndicatorColumns.from_header(Row(1, ("Personal", "2020", "2021"))) is None


def test_goal_title_and_unit_helpers() -> None:
    assert goal_title("Giftfri miljö <i>Linköpings kommun skyddar miljön.</i>") == "Giftfri miljö"
    long_cell = "Goda arbetsplatser Varje medarbetare känner arbetsglädje och stolthet samt har inflytande"
    assert goal_title(long_cell) == "Goda arbetsplatser"
    assert goal_title(long_cell, ["Goda arbetsplatser"]) == "Goda arbetsplatser"
    spaced = "Klimat effektiv verksamhet <i>Minimal miljöpåverkan.</i>"
    assert goal_title(spaced, ["Klimateffektiv verksamhet", "Klimat"]) == "Klimateffektiv verksamhet"
    assert goal_title("Ekonomistyrning och uppföljning", ["Ekonomi"]) == "Ekonomistyrning och uppföljning"
    assert unit_of("Total sjukfrånvaro KLF, %") == "%"
    assert unit_of("Markreserv verksamhetsmark, hektar (ha)") == "ha"
    assert unit_of("Chefindex") is None


def test_pairs_named_by_respektive_become_breakdowns(report_2024: DocumentFacts) -> None:
    drugs = _indicator(report_2024, "Ungdomar (pojkar respektive flickor")
    assert drugs.breakdowns == ("Pojkar", "Flickor")
    assert _values(report_2024, drugs, "Flickor") == {
        "2022": Decimal(7),
        "2023": Decimal(6),
        "2024": Decimal(6),
    }
    assert _values(report_2024, drugs) == {}


def test_goal_less_office_tables_take_the_goal_from_the_heading(budget_2020: DocumentFacts) -> None:
    answer = _indicator(budget_2020, "Svarsservice Kontakt Linköping")
    assert answer.goal == "Hög tillgänglighet i Kontakt Linköping"
    assert answer.target is not None and answer.target.raw == "90% inom 120 sekunder"
    # one row per aktivitet repeats the indicator: still one indicator
    model = [i for i in budget_2020.indicators if i.name == "Etablerad affärsmodell interna service-tjänster"]
    assert len(model) == 1 and model[0].goal == "Kostnadseffektiv verksamhet"


def test_names_and_targets_run_together_are_split(budget_2020: DocumentFacts) -> None:
    merged = [
        i
        for i in budget_2020.indicators
        if i.span.first_line == i.span.last_line
        and i.goal == "Nya vägar för (tryggad) kompetensförsörjning"
        and i.target is not None
        and i.target.raw in ("6,0", "0,2", "0,96")
    ]
    assert [(i.name, i.target.raw if i.target else None) for i in merged] == [
        ("Total personalomsättning", "6,0"),
        ("Mertid övertid", "0,2"),
        ("Balanstal chefer (chefer med utomnordisk bakgrund)", "0,96"),
    ]


def test_gender_word_run_into_a_name_is_its_first_breakdown(budget_2020: DocumentFacts) -> None:
    ratio = _indicator(budget_2020, "Balanstal chefer, avser")
    assert ratio.name == "Balanstal chefer, avser Kommunledningsförvaltningen."
    assert ratio.breakdowns == ("Kvinnor", "Chefer med utomnordisk bakgrund")
    assert _values(budget_2020, ratio, "Kvinnor") == {"2018": Decimal("0.93"), "2019": "no-data"}


def test_pipeline_runs_the_table_extractors() -> None:
    from loaders.pipeline import read_document

    facts = read_document(next(SEEDS.glob("000_*.txt")))
    assert len(facts.indicators) == 47
    assert len(facts.key_figures) > 100
    titles = {goal.title for goal in facts.goals}
    assert {i.goal for i in facts.indicators} <= titles | {None}


def test_reader_takes_a_row_the_caller_marks_as_breakdown() -> None:
    # 003 lines 385-387: "Unga" is no gender word and gives every value its indicator gives
    columns = IndicatorColumns(0, ((1, "2016"), (2, "2017"), (3, "2018")), ((4, None),), None, 1)
    rows = [
        Row(
            385,
            ("Antal nyföretagsamma människor per 1 000 invånare (16-74 år).", "8,54", "8,66", "I.U.", "Öka"),
        ),
        Row(387, ("Unga", "8,32", "8,69", "I.U.", "")),
    ]
    told = DocumentFacts(source="003")
    reader = IndicatorReader(told, "003")
    reader.read(columns, rows[:1])
    reader.read(columns, rows[1:], breakdown=True)
    reader.finish()
    assert [(i.name, i.breakdowns) for i in told.indicators] == [(rows[0].cells[0], ("Unga",))]
    unga = {o.period: o.value for o in told.observations if o.breakdown == "Unga"}
    assert unga == {"2016": Decimal("8.32"), "2017": Decimal("8.69"), "2018": None}
    untold = DocumentFacts(source="003")
    reader = IndicatorReader(untold, "003")
    reader.read(columns, rows)
    reader.finish()
    assert [i.name for i in untold.indicators] == [rows[0].cells[0], "Unga"]
