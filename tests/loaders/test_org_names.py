"""Swedish organisation-name morphology: role words, base forms, things that are not bodies."""

from __future__ import annotations

from loaders.org_names import names_a_thing, names_in, spelling_key


def test_state_bodies_by_their_ending() -> None:
    assert names_in("finansierat via Europakommissionen och säkerhetspolisen.") == [
        ("Europakommissionen", "external"),
        ("Säkerhetspolisen", "external"),
    ]
    assert names_in("polisen och kommissionen") == []  # a bare role word names no one body


def test_a_coordinated_state_body_printed_with_its_abbreviation() -> None:
    assert names_in("följer Post och Telestyrelsens (PTS) mätningar") == [
        ("Post och Telestyrelsen", "external")
    ]
    assert names_in("Linköping och Socialstyrelsen") == [("Socialstyrelsen", "external")]


def test_surveys_laws_and_methods_are_not_bodies() -> None:
    assert names_a_thing("Nöjd Kund Index")
    assert names_a_thing("Nationella Trygghetsundersökningen")
    assert names_a_thing("Effektiv Samordning för Trygghet")
    assert not names_a_thing("Sveriges Kommuner och Regioner")
    assert not names_a_thing("Stockholm Business Alliance")


def test_spellings_of_one_name_share_a_key() -> None:
    assert spelling_key("HR staben") == spelling_key("HR-staben")
    assert spelling_key("Kultur- och fritidsnämnden") == spelling_key("Kultur och fritidsnämnden")
