"""Name morphology of Swedish organisation names: role words, base forms and spellings.

A municipal or state body is most often named by a compound ending in a role word —
"-nämnden", "-styrelsen", "-förvaltningen", "-staben", "-utskottet", "-enheten",
"-myndigheten", "-verket", "-förbundet", "-kassan", "-kommissionen" … — optionally with a
coordinated first part ("barn- och ungdomsnämnden") or a definite adjective ("Administrativa
staben"). Genitive forms are reported under the base (nominative, definite) name.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "HEADED_SUFFIXES",
    "ROLE_SUFFIXES",
    "base_name",
    "names_a_thing",
    "names_in",
    "role_names_at",
    "spelling_key",
]

ROLE_SUFFIXES = (
    ("nämnden", "board"),
    ("styrelsen", "board"),
    ("fullmäktige", "council"),
    ("förvaltningen", "office"),
    ("staben", "staff"),
    ("utskottet", "committee"),
    ("enheten", "unit"),
    ("kansliet", "unit"),
    ("ledningen", "unit"),
    ("arkivet", "unit"),
    ("biblioteket", "unit"),
    ("centrum", "unit"),
    ("center", "unit"),
    ("beredningen", "committee"),
    ("myndigheten", "external"),
    ("myndighet", "external"),
    ("verket", "external"),
    ("förbundet", "external"),
    ("kassan", "external"),
    ("förmedlingen", "external"),
    ("kommissionen", "external"),
    ("polisen", "external"),
)
HEADED_SUFFIXES = ("ledningen",)
"""Role words also used for activities ("Krisledningen"): a body only when its name heads a
section or a table row ("Kommunledningen")."""
_CAPITALISED_ONLY = {
    "myndighet",
    "verket",
    "förbundet",
    "kassan",
    "förmedlingen",
    "kommissionen",
    "ledningen",
    "arkivet",
    "biblioteket",
    "centrum",
    "center",
}
_COORDINATED = {"nämnden", "förvaltningen", "staben", "enheten", "utskottet", "beredningen"}
"""Municipal units whose names may coordinate two fields: "Kultur- och fritidsnämnden"."""
_ROLE_STEM_END = re.compile(r"(?:nämnd|styrelse|förvaltning|stab|fullmäktige|utskott|myndighet|verk)\w*$")
_ADJECTIVE = re.compile(
    r"(?:^|\s)(?P<adjective>(?!(?:[Dd]e|[Dd]enna|[Ss]amma|[Hh]ela|[Ee]gna)\s)"
    r"\w+(?:ska|iva|ella|ala|ära|ade)) $"
)
_ADJECTIVE_SUFFIXES = {"staben", "utskottet", "enheten", "kansliet", "beredningen"}
_WORD = r"[A-ZÅÄÖa-zåäöéü][\wåäöÅÄÖé]*"
_SUFFIX_GROUP = "|".join(suffix for suffix, _ in ROLE_SUFFIXES)
_ROLE_NAME = re.compile(rf"(?P<word>\b(?:[A-ZÅÄÖa-zåäö][\wåäöÅÄÖ-]*?)?(?:{_SUFFIX_GROUP}))(?P<gen>s?)\b")
_FIRST_PART = re.compile(rf"(?:^|[\s(])(?P<first>{_WORD}(?P<hyphen>-?) och )$")
_PLACE_TAIL = re.compile(r"^ i [A-ZÅÄÖ]\w+")
_ABBREVIATED = re.compile(r"^ \([A-ZÅÄÖ]{2,6}\)")
_JOINED_PART = re.compile(r"\b[A-ZÅÄÖ]\w+ och $")
_NAME_TAIL = re.compile(r"^(?: [A-ZÅÄÖ][\w-]*){1,2}")


_THING_HEADS = (
    "index",
    "directive",
    "direktivet",
    "undersökningen",
    "samordning",
    "programmet",
    "strategin",
    "planen",
    "lagen",
    "förordningen",
    "modellen",
    "metoden",
    "projektet",
    "systemet",
    "mätningen",
    "review",
)
"""Head words of measures, surveys, laws and methods, never of organisations."""


def names_a_thing(name: str) -> bool:
    """Whether a capitalised phrase names a survey, law or method ("Nöjd Kund Index", "Clean Vehicles
    Directive", "Nationella Trygghetsundersökningen", "Effektiv Samordning för Trygghet")."""
    return any(word.casefold().endswith(_THING_HEADS) for word in name.split())


def base_name(phrase: str) -> str:
    """The base (nominative, definite) form of an organisation name, capitalised.

    "barn- och ungdomsnämndens" → "Barn- och ungdomsnämnden", "kommunfullmäktiges" →
    "Kommunfullmäktige"; a name that is not in a genitive form is kept as printed.
    """
    name = phrase.strip()
    lower = name.lower()
    for suffix, _ in ROLE_SUFFIXES:
        if lower.endswith(suffix + "s"):
            name = name[:-1]
            break
    else:
        if lower.endswith("fullmäktiges"):
            name = name[:-1]
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=8192)
def spelling_key(name: str) -> str:
    """One key for the spellings of a name: "HR-staben", "HR staben"; "Kultur- och …", "Kultur och …"."""
    return _SPELLING_GAPS.sub("", name.casefold())


_SPELLING_GAPS = re.compile(r"[-\s]+")


def names_in(text: str) -> list[tuple[str, str]]:
    """(name, kind) of every role-word organisation name in ``text`` ("-nämnden", "-staben" …)."""
    return _role_names(text)


def _role_names(text: str) -> list[tuple[str, str]]:
    return [(name, kind) for _, name, kind in role_names_at(text)]


def role_names_at(text: str) -> list[tuple[int, str, str]]:
    """(offset, base name, kind) of each role-word name in ``text``."""
    names: list[tuple[int, str, str]] = []
    for match in _ROLE_NAME.finditer(text):
        word = match["word"]
        lower = word.lower()
        suffix, kind = next((s, k) for s, k in ROLE_SUFFIXES if lower.endswith(s))
        stem = lower[: -len(suffix)].rstrip("-")
        if (
            not stem
            and suffix in _ADJECTIVE_SUFFIXES
            and (adjective := _ADJECTIVE.search(text[: match.start()])) is not None
        ):
            named = f"{adjective['adjective']} {lower}"  # "Administrativa staben", "strategiska utskottet"
            if named[0].isupper() or suffix in {"utskottet", "beredningen", "enheten"}:
                names.append((adjective.start("adjective"), named[0].upper() + named[1:], kind))
            continue
        first = _first_part(text[: match.start()], word) if suffix in _COORDINATED else ""
        if word[0].isupper() and _ABBREVIATED.match(text[match.end() :]):
            joined = _JOINED_PART.search(text[: match.start()])  # "Post och Telestyrelsens (PTS)"
            first = joined[0] if joined else first
        if len(stem) < 2 or (suffix in _CAPITALISED_ONLY and not (first or word)[0].isupper()):
            continue
        if suffix == "styrelsen" and stem != "kommun":
            kind = "external"  # Länsstyrelsen, Socialstyrelsen: state agencies
        if suffix == "myndighet":
            word += "en"
        if suffix == "förbundet" and not match["gen"]:
            tail = _NAME_TAIL.match(text[match.end() :])
            word += tail[0] if tail else ""
        if suffix in {"centrum", "center"} and (place := _PLACE_TAIL.match(text[match.end() :])):
            word += place[0]  # "Nyföretagarcentrum i Linköping"
        names.append((match.start() - len(first), base_name(first + word), kind))
    return names


def _first_part(before: str, word: str) -> str:
    """The coordinated first part of a name: "barn- och " in "barn- och ungdomsnämnden"."""
    match = _FIRST_PART.search(before)
    if match is None:
        return ""
    first = match["first"]
    first_word = first.split()[0].lower().rstrip("-")
    if first_word.startswith("kommun") and len(first_word) < 10 or _ROLE_STEM_END.search(first_word):
        return ""  # "Valnämnden och överförmyndarnämnden", "nämnder och kommunstyrelsen": two names
    if match["hyphen"] or word[0].islower():
        return first
    return ""
