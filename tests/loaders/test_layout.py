"""Indicator tables in text without tabs: the pdftotext report (003) and the OCR report (004)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loaders.facts import DocumentFacts, Indicator, Observation, OcrRepair
from loaders.layout import extract_layout_indicators
from loaders.layout_rows import segment_lines, split_numbers, split_tail
from loaders.pipeline import read_document
from loaders.text import SourceText
from tests.seeds import SEEDS

LAYOUT = "003_ebf63fc7730f3945.txt"
OCR = "004_0587bfff7451c447.txt"


@pytest.fixture(scope="module")
def layout_facts() -> DocumentFacts:
    return read_document(SEEDS / LAYOUT)


@pytest.fixture(scope="module")
def ocr_facts() -> DocumentFacts:
    return read_document(SEEDS / OCR)


def _indicator(facts: DocumentFacts, name: str) -> Indicator:
    found = [i for i in facts.indicators if i.name == name]
    assert found, f"no indicator {name!r} in {[i.name for i in facts.indicators]}"
    return found[0]


def _values(facts: DocumentFacts, name: str, breakdown: str | None = None) -> dict[str, Decimal | None]:
    return {o.period: o.value for o in facts.observations if o.indicator == name and o.breakdown == breakdown}


def _observation(facts: DocumentFacts, name: str, period: str) -> Observation:
    return next(
        o for o in facts.observations if o.indicator == name and o.period == period and o.breakdown is None
    )


@pytest.mark.parametrize(
    ("text", "label", "cells"),
    [
        (
            "Personalomsättning (inkl. Leanlink) 7,3 7,3 5,5 Minska",
            "Personalomsättning (inkl. Leanlink)",
            ["7,3", "7,3", "5,5", "Minska"],
        ),
        ("Förskola 1 791 1 830", "Förskola", ["1 791", "1 830"]),
        ("medel per vecka 162 148 151 Minska", "medel per vecka", ["162", "148", "151", "Minska"]),
        (
            "Mark- och översiktsplanering 5 610 5 083 527",
            "Mark- och översiktsplanering",
            ["5 610", "5 083", "527"],
        ),
        ("HR service LU. 8,88. 9,60 9,20", "HR service", ["I.U.", "8,88", "9,60", "9,20"]),
        ("Svarsservice 1.U. 90 % | 92,8 % 92 %", "Svarsservice", ["I.U.", "90 %", "92,8 %", "92 %"]),
        ("Andel (%) inom 120", "Andel (%) inom 120", []),
        (
            "Lönegap median kvinnor - median män, kr -113 26",
            "Lönegap median kvinnor - median män, kr",
            ["-113", "26"],
        ),
        ("i.u i.u", "", ["I.U.", "I.U."]),
    ],
)
def test_split_tail_reads_name_and_value_cells(text: str, label: str, cells: list[str]) -> None:
    assert split_tail(text) == (label, cells)


def test_thousands_are_grouped_only_where_lengths_agree() -> None:
    assert split_numbers("40 000 40 000 38 400".split()) == ["40 000", "40 000", "38 400"]
    assert split_numbers("593 598 708 700".split()) == ["593", "598", "708", "700"]
    assert split_numbers("8 011 7 990 21".split()) == ["8 011", "7 990", "21"]


def test_wrapped_names_join_before_and_after_their_values() -> None:
    lines = [
        (1, "Antal vakanta tjänster (inkl. Leanlink)"),
        (2, "medel per vecka 162 148 151 Minska"),
        (3, "Svarsservice 1.U. 90 % | 92,8 % 92 %"),
        (4, "(Kontakt Linköping)."),
        (5, "Andel (%) inom 120"),
        (6, "sekunder."),
    ]
    segments = segment_lines(lines)
    assert [(s.first, s.label) for s in segments] == [
        (1, "Antal vakanta tjänster (inkl. Leanlink) medel per vecka"),
        (3, "Svarsservice (Kontakt Linköping). Andel (%) inom 120 sekunder."),
    ]


def test_layout_report_reads_indicator_with_direction_target(layout_facts: DocumentFacts) -> None:
    indicator = _indicator(layout_facts, "Total sjukfrånvaro (inkl. Leanlink)")
    assert indicator.target is not None and indicator.target.direction == "decrease"
    assert indicator.breakdowns == ("Kvinnor", "Män")
    assert _values(layout_facts, indicator.name) == {
        "2016": Decimal("6.1"),
        "2017": Decimal("5.8"),
        "2018": Decimal("6.5"),
    }
    assert _values(layout_facts, indicator.name, "Män")["2018"] == Decimal("4.6")


def test_layout_report_joins_a_name_wrapped_onto_the_value_line(layout_facts: DocumentFacts) -> None:
    name = "Antal vakanta tjänster (inkl. Leanlink) medel per vecka"
    assert _values(layout_facts, name) == {"2016": Decimal(162), "2017": Decimal(148), "2018": Decimal(151)}
    assert _indicator(layout_facts, name).span.first_line == 355


def test_layout_report_keeps_iu_as_no_data_and_targets(layout_facts: DocumentFacts) -> None:
    name = "Yta per plats, administrativa lokaler, kvm"
    cell = _observation(layout_facts, name, "2018")
    assert cell.no_data and cell.value is None and cell.raw == "I.U."
    target = _indicator(layout_facts, name).target
    assert target is not None and target.value == Decimal(28)
    lagenheter = _indicator(layout_facts, "Antal lägenheter i gällande översiktsplan")
    assert lagenheter.target is not None and lagenheter.target.value == Decimal(40000)
    assert _values(layout_facts, lagenheter.name)["2018"] == Decimal(38400)


def test_layout_report_reads_breakdowns_under_a_name_without_values(layout_facts: DocumentFacts) -> None:
    indicator = _indicator(layout_facts, "Hyra per kvm i nyproduktion, verksamhetslokaler")
    assert indicator.breakdowns[:2] == ("Förskola", "Grundskola")
    assert _values(layout_facts, indicator.name, "Förskola") == {"2016": Decimal(1791), "2017": Decimal(1830)}


def test_layout_report_mends_a_target_broken_over_lines(layout_facts: DocumentFacts) -> None:
    name = (
        "Skyddsbehövande och anhöriga (flyktingar) 20-25 år som varken förvärvsarbetar eller "
        "studerar, andel (%)"
    )
    target = _indicator(layout_facts, name).target
    assert target is not None and target.raw == "Andelen ska minska"


def test_layout_report_skips_footnotes_and_stops_at_prose(layout_facts: DocumentFacts) -> None:
    names = [i.name for i in layout_facts.indicators if i.span.first_line >= 340]
    assert not any(name.startswith(("Regeringens", "Kommunens service", "Målvärdet")) for name in names)
    assert "Nettoinvesteringar exkl. finansiella investeringar kommun, kr/inv" in names
    assert max(i.span.last_line for i in layout_facts.indicators if i.span.first_line >= 340) < 565


def test_ocr_report_splits_goal_from_indicator(ocr_facts: DocumentFacts) -> None:
    indicator = _indicator(ocr_facts, "Kundnöjdhet")
    assert indicator.goal == "God service"
    assert "Stadsarkivet" in indicator.breakdowns
    assert _values(ocr_facts, "Kundnöjdhet", "Kontakt Linköping") == {
        "2018": None,
        "2019": Decimal("4.0"),
        "2020": Decimal("4.1"),
    }


def test_ocr_report_joins_description_printed_under_the_values(ocr_facts: DocumentFacts) -> None:
    name = "Svarsservice (Kontakt Linköping). Andel (%) inom 120 sekunder."
    indicator = _indicator(ocr_facts, name)
    assert indicator.target is not None and indicator.target.value == Decimal(92)
    assert _values(ocr_facts, name) == {"2018": None, "2019": Decimal(90), "2020": Decimal("92.8")}
    assert _observation(ocr_facts, name, "2018").no_data


def test_ocr_report_reads_thousands_and_goal_wrapped_round_indicator(ocr_facts: DocumentFacts) -> None:
    assert _values(ocr_facts, "Ärendevolym", "HR Direkt")["2020"] == Decimal(3235)
    assert _values(ocr_facts, "Ärendevolym", "Stadsarkivet") == {
        "2018": Decimal(593),
        "2019": Decimal(598),
        "2020": Decimal(708),
    }
    extern = _indicator(ocr_facts, "Extern personalomsättning")
    assert extern.goal == "Nya vägar för (tryggad) kompetensförsörjning"
    assert extern.target is not None and extern.target.value == Decimal("6.0")


def test_tab_documents_are_left_to_the_tab_reader() -> None:
    name = "000_bbff43da3c846827.txt"
    doc = SourceText.from_text((SEEDS / name).read_text(encoding="utf-8-sig"), name)
    facts = DocumentFacts(source=name)
    extract_layout_indicators(doc, facts)
    assert facts.indicators == [] and facts.observations == []


def test_layout_report_reads_a_phrase_as_the_first_cell(layout_facts: DocumentFacts) -> None:
    name = (
        "Andel hushåll som vid ankomst till kommunen som bosatts i kategori A boende och efter två år "
        "erhållit ett förstahandskontrakt (%)"
    )
    first = _observation(layout_facts, name, "2016")
    assert first.raw == "Statistik ej publicerad" and first.value is None
    assert _observation(layout_facts, name, "2018").no_data
    assert _indicator(layout_facts, name).breakdowns == ()


def test_layout_report_keeps_a_short_word_between_values_as_a_cell(layout_facts: DocumentFacts) -> None:
    name = "Andel etablerade förvaltningsobjekt (portföljer) enligt systemförvaltningsmodell pm3 (%)"
    assert _values(layout_facts, name)["2018"] == Decimal(100)
    target = _indicator(layout_facts, name).target
    assert target is not None and target.value == Decimal(100)


def test_layout_report_reads_a_row_after_a_breakdown_as_a_breakdown(layout_facts: DocumentFacts) -> None:
    # lines 385-387: "Kvinnor 5,8 5,43" then "Unga 8,32 8,69 I.U."
    name = "Antal nyföretagsamma människor per 1 000 invånare (16-74 år)."
    assert _indicator(layout_facts, name).breakdowns == ("Kvinnor", "Unga")
    assert _values(layout_facts, name, "Unga") == {
        "2016": Decimal("8.32"),
        "2017": Decimal("8.69"),
        "2018": None,
    }
    assert _values(layout_facts, name, "Kvinnor") == {"2016": Decimal("5.8"), "2017": Decimal("5.43")}
    assert "Unga" not in [i.name for i in layout_facts.indicators]


def test_layout_report_reads_rows_with_fewer_values_as_breakdowns(layout_facts: DocumentFacts) -> None:
    # lines 404-410: "Löpande insikt, Företagsklimat, SKL3 73 75 I.U." over "BrandSäkerhet 78" …
    indicator = next(i for i in layout_facts.indicators if i.name.startswith("Löpande insikt"))
    assert indicator.breakdowns[0] == "BrandSäkerhet" and indicator.breakdowns[-1] == "ServeringsTillstånd"
    assert len(indicator.breakdowns) == 6
    assert _values(layout_facts, indicator.name, "ByggLov") == {"2016": Decimal(71)}
    assert "BrandSäkerhet" not in [i.name for i in layout_facts.indicators]


def test_layout_report_keeps_spaced_thousands_and_decimals(layout_facts: DocumentFacts) -> None:
    assert _values(layout_facts, "Anmälda våldsbrott i kommunen, antal/100 000 inv") == {
        "2016": Decimal(679),
        "2017": Decimal(770),
    }
    assert _values(layout_facts, "Valdeltagande i senaste kommunvalet, (%)")["2018"] == Decimal("89.03")


def test_ocr_report_reads_rows_under_an_indicator_without_numbers(ocr_facts: DocumentFacts) -> None:
    # lines 592-595: "Antal besök LU. LU. LU. -" / "Stadsarkivet" / "Studiebesök 30 29 28 90"
    indicator = _indicator(ocr_facts, "Antal besök Stadsarkivet")
    assert indicator.breakdowns == ("Studiebesök", "Forskarbesök")
    assert _values(ocr_facts, indicator.name, "Forskarbesök") == {
        "2018": Decimal(40),
        "2019": Decimal(74),
        "2020": Decimal(50),
    }
    assert dict(indicator.breakdown_targets)["Studiebesök"].value == Decimal(90)


def test_ocr_report_places_a_single_breakdown_value_under_the_indicators_number(
    ocr_facts: DocumentFacts,
) -> None:
    # lines 713-717: "… slutat, %) I.U. I.U. 10,7 6,5" / "Män 12,0" / "Kvinnor 9,6"
    name = "Chefsomsättning (andel tillsvidareanställda chefer som har börjat eller slutat, %)"
    assert _values(ocr_facts, name, "Män") == {"2020": Decimal("12.0")}
    assert _values(ocr_facts, name, "Kvinnor") == {"2020": Decimal("9.6")}


def test_ocr_report_reads_a_misread_gender_word_beside_its_partner(ocr_facts: DocumentFacts) -> None:
    # lines 736-740: "Mertid övertid 0,3 …" / "Min 0,5 0,4 0,5" / "Kvinnor 0,2 0,1 0,2"
    indicator = next(i for i in ocr_facts.indicators if i.name.startswith("Mertid"))
    assert indicator.breakdowns == ("Män", "Kvinnor")
    assert _values(ocr_facts, indicator.name, "Män") == {
        "2018": Decimal("0.5"),
        "2019": Decimal("0.4"),
        "2020": Decimal("0.5"),
    }
    assert "Min" not in [i.name for i in ocr_facts.indicators]


def test_ocr_report_reads_values_after_empty_gender_lines_as_the_indicators(ocr_facts: DocumentFacts) -> None:
    # lines 742-746: "Balanstal chefer" / "Min" / "Kvinnor 0,82 1,08 0,96 1,0"
    indicator = _indicator(ocr_facts, "Balanstal chefer")
    assert indicator.breakdowns == ()
    assert indicator.target is not None and indicator.target.value == Decimal("1.0")
    assert _values(ocr_facts, indicator.name) == {
        "2018": Decimal("0.82"),
        "2019": Decimal("1.08"),
        "2020": Decimal("0.96"),
    }


def test_ocr_report_leaves_out_a_parenthesis_wrapped_beside_the_name(ocr_facts: DocumentFacts) -> None:
    name = "Avtalstrohet (%). Andel (%) av förvaltningens inköp som sker utifrån avtalade leverantörer."
    assert _indicator(ocr_facts, name).goal == "Korrekta och effektiva inköp"
    assert _values(ocr_facts, name) == {"2018": None, "2019": None, "2020": Decimal(84)}


def test_ocr_report_restores_a_lost_decimal_comma(ocr_facts: DocumentFacts) -> None:
    # line 730: "personalomsättning 2,1 53 8,6 6,0"; line 688 "98,6 98,8 99 99" keeps its 99
    assert _values(ocr_facts, "Extern personalomsättning")["2019"] == Decimal("5.3")
    assert OcrRepair("53", "5,3", 730) in ocr_facts.ocr_repairs
    assert _values(ocr_facts, "Andel heltidsanställningar")["2020"] == Decimal(99)
