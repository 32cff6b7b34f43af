"""Organisations recognised by their context, on sentences and paragraphs of the real seeds."""

from __future__ import annotations

from loaders.org_context import Named, context_names, split_names
from loaders.text import SourceText
from tests.seeds import SEEDS


def _paragraph_with(document: str, words: str) -> str:
    doc = SourceText.from_text((SEEDS / document).read_text(encoding="utf-8"), document)
    return next(line.text for line in doc.lines if words in line.text)


def _names(found: list[Named]) -> list[str]:
    return [named.name for named in found]


def test_counted_units_are_listed_with_the_staff_before_them() -> None:
    text = _paragraph_with("001_fea688bc18067ec8.txt", "Planeringsstaben består av två enheter")
    units = [named for named in context_names(text) if named.kind == "unit"]
    assert [(named.name, named.parent) for named in units][:2] == [
        ("Analys och utredning", "Planeringsstaben"),
        ("Hållbarhet", "Planeringsstaben"),
    ]
    text = _paragraph_with("001_fea688bc18067ec8.txt", "Inom staben finns två enheter, Ekonomistyrning")
    assert {"Ekonomistyrning", "Finans och ägarstyrning"} <= set(_names(context_names(text)))


def test_named_units_end_where_the_sentence_goes_on() -> None:
    text = _paragraph_with("002_70f13666fe98d17a.txt", "Även enheterna Administrativt stöd")
    assert _names(context_names(text))[:3] == ["Administrativt stöd", "HR stöd", "Juridikenheten"]
    assert split_names("Planerad kommunikation och Nyheter och media") == [
        "Planerad kommunikation",
        "Nyheter och media",
    ]


def test_business_areas_and_ampersand_names() -> None:
    text = _paragraph_with("000_bbff43da3c846827.txt", "affärsområde Råd och Stöd")
    assert {"Äldreomsorg", "Råd och Stöd"} <= set(_names(context_names(text)))
    assert "Stöd" not in _names(context_names(text))
    assert _names(context_names("inom Idrott & Service samt Visit Linköping & Co.")) == [
        "Idrott & Service",
        "Visit Linköping & Co",
    ]


def test_companies_keep_their_lower_case_words_and_stop_at_prepositions() -> None:
    text = _paragraph_with("000_bbff43da3c846827.txt", "Tekniska verken i Linköping AB")
    companies = {named.name for named in context_names(text) if named.kind == "company"}
    assert {
        "Linköping Stadshus AB",
        "Tekniska verken i Linköping AB",
        "AB Stångåstaden",
        "Lejonfastigheter AB",
        "Sankt Kors Fastighets AB",
    } <= companies
    assert "Linköping AB" not in companies


def test_partners_after_cue_phrases_skip_places_and_municipal_bodies() -> None:
    text = _paragraph_with("000_bbff43da3c846827.txt", "Ett exempel på befintligt samarbete")
    partners = {named.name for named in context_names(text, "Linköping") if named.weak}
    assert {"Länsförsäkringar", "Linköping HC"} <= partners
    text = _paragraph_with("002_70f13666fe98d17a.txt", "i samverkan med kommunstyrelsen och Stångåstaden")
    assert "Stångåstaden" in _names(context_names(text, "Linköping"))
    text = _paragraph_with("002_70f13666fe98d17a.txt", "i samverkan med Utbildningsförvaltningen verka")
    assert _names(context_names(text, "Linköping")) == []  # "… till Linköping och Linköpings närområde"
    text = _paragraph_with("002_70f13666fe98d17a.txt", "fyra nya medlemmar")
    assert {"Stena Recycling", "Svensk Däckåtervinning", "Östgötatrafiken", "Akademiska hus"} <= set(
        _names(context_names(text, "Linköping"))
    )


def test_bodies_defined_or_named_by_adjective_and_prefix() -> None:
    text = "Näringsliv och tillväxt är en ny organisation. Säkerhetssamordnare är en ny funktion."
    assert _names(context_names(text)) == ["Näringsliv och tillväxt"]
    text = _paragraph_with("002_70f13666fe98d17a.txt", "Brottsförebyggande rådets")
    assert "Brottsförebyggande rådet" in _names(context_names(text))
    text = _paragraph_with("000_bbff43da3c846827.txt", "Sveriges byggindustrier")
    assert "Sveriges byggindustrier Östergötland" in _names(context_names(text))


def test_people_and_programmes_are_not_partners() -> None:
    text = "Arbetet sker tillsammans med Anna Karlsson och Jämställdhetsprogrammet samt Region Östergötland."
    assert _names(context_names(text, "Linköping")) == ["Region Östergötland"]
