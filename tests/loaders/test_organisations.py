"""Organisations named in the real seeds: kinds, base names, parents and aliases."""

from __future__ import annotations

import pytest

from loaders.documents import extract_documents
from loaders.facts import DocumentFacts, Organisation
from loaders.organisations import base_name, extract_organisations, names_in
from loaders.text import SourceText
from tests.seeds import SEEDS


def _organisations(name: str) -> dict[str, Organisation]:
    doc = SourceText.from_text((SEEDS / name).read_text(encoding="utf-8"), name)
    facts = DocumentFacts(source=name)
    extract_documents(doc, facts)
    extract_organisations(doc, facts)
    names = [organisation.name for organisation in facts.organisations]
    assert len(names) == len(set(names)), "each organisation once per document"
    return {organisation.name: organisation for organisation in facts.organisations}


@pytest.mark.parametrize(
    ("printed", "base"),
    [
        ("barn- och ungdomsnämndens", "Barn- och ungdomsnämnden"),
        ("kommunstyrelsens", "Kommunstyrelsen"),
        ("kommunfullmäktiges", "Kommunfullmäktige"),
        ("Kommunledningsförvaltningens", "Kommunledningsförvaltningen"),
        ("Planeringsstaben", "Planeringsstaben"),
    ],
)
def test_genitive_and_lower_case_forms_give_the_base_name(printed: str, base: str) -> None:
    assert base_name(printed) == base


def test_role_words_by_morphology() -> None:
    text = "Från barn- och ungdomsnämnden till kultur- och fritidsnämndens budget, se Länsstyrelsen."
    assert names_in(text) == [
        ("Barn- och ungdomsnämnden", "board"),
        ("Kultur- och fritidsnämnden", "board"),
        ("Länsstyrelsen", "external"),
    ]
    assert names_in("Valnämnden och överförmyndarnämnden") == [
        ("Valnämnden", "board"),
        ("Överförmyndarnämnden", "board"),
    ]
    assert names_in("inom den Administrativa staben samt nämnden") == [("Administrativa staben", "staff")]


def test_ks_2020_report_kinds() -> None:
    found = _organisations("000_bbff43da3c846827.txt")
    kinds = {name: organisation.kind for name, organisation in found.items()}
    assert kinds["Linköpings kommun"] == "municipality"
    assert kinds["Norrköpings kommun"] == "external"
    assert kinds["Kommunfullmäktige"] == "council"
    assert kinds["Kommunstyrelsen"] == "board"
    assert kinds["Kommunledningsförvaltningen"] == "office"
    assert kinds["Planeringsstaben"] == kinds["Administrativa staben"] == "staff"
    assert kinds["Polismyndigheten"] == kinds["Region Östergötland"] == kinds["Trafikverket"] == "external"
    assert kinds["Linköping Stadshus AB"] == kinds["Lejonfastigheter AB"] == "company"
    assert kinds["Kommunalförbundet Fjärde Storstadsregionen"] == "external"
    assert "Kommunalförbundet" not in kinds
    assert {"Verksamhetsstöd och service", "Leanlink"} <= kinds.keys()  # issuers of its bilagor


def test_spellings_of_one_name_are_one_organisation_with_aliases() -> None:
    found = _organisations("000_bbff43da3c846827.txt")
    staff = found["Näringsliv- och tillväxtstaben"]
    assert "Näringsliv och tillväxtstaben" in staff.aliases
    assert "Sveriges Kommuner och Regioner" in found and found["Sveriges Kommuner och Regioner"].aliases == (
        "SKR",
    )


def test_protocol_parties_and_parents() -> None:
    found = _organisations("001_fea688bc18067ec8.txt")
    assert found["Socialdemokraterna"].kind == "party" and found["Socialdemokraterna"].aliases == ("S",)
    assert found["Sverigedemokraterna"].aliases == ("SD",)
    assert found["Leanlink"].kind == "office" and found["Leanlink"].parent == "Kommunstyrelsen"
    assert found["Verksamhetsstöd och service"].parent == "Kommunstyrelsen"
    assert found["Planeringsstaben"].parent == "Kommunledningsförvaltningen"
    assert "Denise Cassel" not in found  # a member (KD), not an organisation


def test_units_listed_by_a_förvaltning() -> None:
    found = _organisations("004_0587bfff7451c447.txt")
    units = {name for name, organisation in found.items() if organisation.kind == "unit"}
    assert {"LKDATA", "Kontakt Linköping", "HR-service", "Stadsarkivet", "Upphandling och inköp"} <= units
    assert found["LKDATA"].parent == "Verksamhetsstöd och service"


def test_negotiation_counterparts_institutions_and_acronym_owners() -> None:
    protocol = _organisations("001_fea688bc18067ec8.txt")
    assert {"Vision", "Kommunal", "SACO-rådet", "Lärarnas Riksförbund"} <= protocol.keys()
    assert protocol["Kommundirektörens stab"].kind == "staff"
    assert (
        _organisations("003_ebf63fc7730f3945.txt")["Myndigheten för samhällsskydd och beredskap"].kind
        == "external"
    )
    assert "LKDATA" in _organisations("000_bbff43da3c846827.txt")  # only ever "LKDATAs …" or "(LKDATA)"
    assert "Förvaltningens stab" not in _organisations("002_70f13666fe98d17a.txt")


def test_joint_services_open_compounds_and_offices_named_after_their_board() -> None:
    found = _organisations("002_70f13666fe98d17a.txt")
    assert found["Räddningstjänsten Östra Götaland"].kind == "external"
    assert found["Leanlink"].kind == "office" and found["Leanlink"].parent == "Kommunstyrelsen"
    assert "HR staben" in found["HR-staben"].aliases


def test_units_enumerated_by_their_staff_and_short_forms_merged() -> None:
    found = _organisations("001_fea688bc18067ec8.txt")
    assert found["Analys och utredning"].kind == "unit"
    assert found["Analys och utredning"].parent == "Planeringsstaben"
    assert found["Finans och ägarstyrning"].parent == "Ekonomistaben"
    assert "Enheten Hållbarhet" in found["Hållbarhet"].aliases
    assert "Säkerhet" in found["Säkerhetsenheten"].aliases and "Säkerhet" not in found
    assert "Kommunkansli" in found["Kommunkansliet"].aliases
    assert "Arbetsgivarpolitik" in found["Arbetsgivarpolitikenheten"].aliases
    assert {"Råd & Stöd", "Kost & Restaurang", "LSS Funktionsstöd", "Äldreomsorg"} <= found.keys()


def test_a_title_before_a_name_is_an_alias_and_partners_keep_their_own_kind() -> None:
    found = _organisations("001_fea688bc18067ec8.txt")
    assert "Utförarförvaltningen" not in found
    assert "Utförarförvaltningen Leanlink" in found["Leanlink"].aliases
    assert found["Leanlink"].kind == "office"  # also a partner "i samverkan med Leanlink"
    assert found["Ung Företagsamhet"].kind == "external"
    assert found["Science Park Mjärdevi"].kind == "external"


def test_companies_partners_and_headed_units_of_the_2020_report() -> None:
    found = _organisations("000_bbff43da3c846827.txt")
    assert found["Tekniska verken i Linköping AB"].kind == "company"
    assert found["Linköping City samverkan AB"].kind == "company"
    assert {"Linköping HC", "Länsförsäkringar", "Fastighetsägarna", "Kontakt Linköping"} <= found.keys()
    assert {"Östsvenska handelskammaren", "Svenskt Näringsliv", "Europakommissionen"} <= found.keys()
    assert "Kommunledningen" in found  # heads its own section
    assert "Krisledningen" not in found  # "Krisledningen, som varit aktivt …" is an activity
    assert "Linköping" not in found and "Tekniska" not in found


def test_surveys_and_plural_committees_are_not_organisations() -> None:
    found = _organisations("002_70f13666fe98d17a.txt")
    assert "Nationella Trygghetsundersökningen" not in found
    assert "Clean Vehicles Directive" not in found
    assert "Utskott för medborgardialog" not in found  # "de geografiska utskotten för medborgardialog"
    assert found["Stångåstaden"].kind == "external"  # "i samverkan med kommunstyrelsen och Stångåstaden"
    report = _organisations("003_ebf63fc7730f3945.txt")
    assert "Post och Telestyrelsen" in report and "Telestyrelsen" not in report
    assert {"Näringsliv och tillväxt", "Företagsservice", "Lejonfastigheter"} <= report.keys()


def test_acronyms_that_money_and_work_pass_to_or_from_are_bodies() -> None:
    found = _organisations("002_70f13666fe98d17a.txt")
    assert found["MSB"].kind == found["SCB"].kind == "external"  # "statsbidraget från MSB", "till SCB"
    assert found["LKDATA"].kind == "unit"  # "Investeringarna finns inom LKDATA"
    assert "HVO" not in found  # "skulle kunna bytas ut till HVO": a fuel
    assert found["SKR"].kind == "external"  # "prognoserna från SKR", never written out in this report
    services = _organisations("004_0587bfff7451c447.txt")
    assert "VSS" not in services and "VSS" in services["Verksamhetsstöd och service"].aliases
    assert services["MoS"].kind == "external"  # "god överlämning från MoS"
