"""Organisations recognised by the words around them rather than by their own ending.

* units enumerated after their kind and number: "Staben består av två enheter, Analys och
  utredning och Hållbarhet", "Inom staben finns två enheter, …", "i två grupper; Nyheter och
  media samt Planerad kommunikation", "inom affärsområdena Äldreomsorg och LSS Funktionsstöd",
  "Även enheterna Administrativt stöd, HR stöd och Juridikenheten …" — their parent is the staff or
  office named before them;
* a unit named after "Enheten": "Enheten Hållbarhet har uppdrag …";
* names joined by "&": "Råd & Stöd", "Kost & Restaurang", "Visit Linköping & Co";
* companies: "Tekniska verken i Linköping AB", "Linköping City samverkan AB", "AB Stångåstaden";
* partners after a cue: "i samverkan med kommunstyrelsen och Stångåstaden", "tillsammans med
  Stockholm Business Alliance", "samarbetet med Företagarna och Svenskt Näringsliv", "medlem i
  AI-nod Östergötland", "samarbete är mellan …", "dialoger med handeln och Fastighetsägarna",
  "näringspolitiska bolag Science Park Mjärdevi", "har överlämnats till Kontakt Linköping", and
  members listed after a colon: "fyra nya medlemmar …; Stena Recycling,
  Svensk Däckåtervinning, Östgötatrafiken och Akademiska hus";
* a name defined as a body: "Näringsliv och tillväxt är en ny organisation";
* national bodies by their adjective or prefix: "Östsvenska handelskammaren", "Brottsförebyggande
  rådet", "Linköpings Universitet", "Svenskt Näringsliv", "Sveriges byggindustrier Östergötland".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from loaders.org_names import names_a_thing, role_names_at

__all__ = ["Named", "context_names"]

_COUNT = r"(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|\d+|följande)"
_UNIT_KINDS = r"(?:enheter|grupper|avdelningar|affärsområden)"
_COUNTED_UNITS = re.compile(rf"\b{_COUNT}\s+{_UNIT_KINDS}\s*[,:;]\s*(?P<items>[^.:;]+)")
_NAMED_UNITS = re.compile(r"\b(?:enheterna|affärsområdena)\s+(?P<items>[A-ZÅÄÖ][^.:;]+)")
_ONE_UNIT = re.compile(r"\b[Aa]ffärsområde(?:t)? (?P<name>[A-ZÅÄÖ][\w&-]*(?: (?:och |& )?[A-ZÅÄÖ][\w&-]*)*)")
"""A business area of an utförarförvaltning: "affärsområde Råd och Stöd"."""
_UNIT_HEAD = re.compile(
    r"\b[Ee]nheten (?P<name>[A-ZÅÄÖ][\w-]*(?: [A-ZÅÄÖ][\w-]*)*(?: och [a-zåäö][\w-]*)?)(?=[\s.,])"
)
_AMPERSAND = re.compile(
    r"\b(?P<name>(?:[A-ZÅÄÖ][\w-]+ ){1,2}[A-ZÅÄÖ][\w-]+ & [A-ZÅÄÖ][a-z]{0,2}\b"
    r"|[A-ZÅÄÖ][\w-]+ & [A-ZÅÄÖ][\w-]+)"
)
"""Two capitalised words joined by "&" ("Råd & Stöd"), or a name "& Co"."""
_AB = re.compile(r"\bAB\b")
_AB_FIRST = re.compile(r"\bAB (?P<name>[A-ZÅÄÖ][\w-]+)")
_COMPANY_STOP = {
    "av",
    "med",
    "till",
    "och",
    "samt",
    "genom",
    "mellan",
    "från",
    "för",
    "hos",
    "om",
    "som",
    "det",
}
_PARTNER = re.compile(
    r"\b(?:[Ii] samverkan med|[Tt]illsammans med|[Ss]amarbetet med|[Ii] samarbete med|[Mm]edlem i"
    r"|(?:[Ss]amarbete|[Ss]amverkan|[Aa]vtal)(?: är)? mellan|[Dd]ialog(?:er)? med"
    r"|näringspolitiska bolag(?:et|en)?|aktörer som exempelvis|aktörer såsom"
    r"|(?:överlämnats|flyttats över|uppdragit) till)\s+"
    r"(?=(?P<items>[^.:;()]+))"
)
_MEMBERS = re.compile(r"\b(?:medlemmar|partners?|aktörer)\b[^.;:]{0,80}[;:]\s*(?P<items>[^.;:]+)")
_NAME = re.compile(r"[A-ZÅÄÖ][\w&-]*(?: (?:i |& )?[A-ZÅÄÖ][\w&-]*)*(?: [a-zåäö]+(?=$| och | samt |, ))?")
_ADJECTIVE_BODY = re.compile(
    r"(?<=[a-zåäö,] )(?P<name>[A-ZÅÄÖ]\w+(?:ska|ande|ende) "
    r"(?:[a-zåäö]\w*)?(?:kammaren|rådet|byrån|institutet))s?\b"
)
_COMPANY_ITEM = re.compile(r"[A-ZÅÄÖ][\w&-]*(?: [\w&-]+){0,3} AB$")
"""A company as an item of a partner list: "Tekniska verken i Linköping AB"."""
_DEFINED = re.compile(
    r"(?:^|[.!?] )(?!(?:Det|Detta|Den|Denna|Här|Där|Vi|Som|Vilket|Vad|Man|Kommunen|Staden)\b)"
    r"(?P<name>[A-ZÅÄÖ]\w+(?: och [a-zåäö]\w+)?) är (?:en )?(?:ny |[a-zåäö]+(?:ande|ende) )?"
    r"(?:organisation|funktion|enhet|förvaltning|myndighet)\b"
)
"""A name defined as a body at the start of a sentence: "Näringsliv och tillväxt är en ny organisation"."""
_PERSON = re.compile(
    r"[A-ZÅÄÖ][a-zåäöé]+ [A-ZÅÄÖ][a-zåäöé]*(?:sson|son|berg|ström|qvist|kvist|lund|gren|lin|ius)"
)
"""A person by a Swedish surname ending, not a partner body: "tillsammans med Anna Karlsson"."""
_PERSON_ENDINGS = ("are", "chef", "ör", "or", "ist")
_UNIVERSITY = re.compile(r"\b(?P<name>[A-ZÅÄÖ]\w+s [Uu]niversitet|[A-ZÅÄÖ]\w+ universitet)\b")
_NATIONAL = re.compile(
    r"(?<=[a-zåäö,] )(?P<name>Svenskt? [A-ZÅÄÖa-zåäö]\w+|Sveriges [a-zåäö]\w+ [A-ZÅÄÖ]\w+)\b"
)
_PARENT_KINDS = {"staff", "office"}


@dataclass(frozen=True, slots=True)
class Named:
    """A name found at ``offset`` of a paragraph, with its kind and, when stated, its parent."""

    offset: int
    name: str
    kind: str
    parent: str | None = None
    alias: str | None = None
    """The form printed around the name when it is one too: "Enheten Hållbarhet"."""
    weak: bool = False
    """Named only as a partner: any other mention decides its kind and first line."""


def context_names(text: str, place: str | None = None) -> list[Named]:
    """Every organisation named by its context in the paragraph ``text``.

    ``place`` is the document's own municipality's place name ("Linköping"): on its own it is a
    place, never a partner.
    """
    found: list[Named] = []
    for pattern in (_COUNTED_UNITS, _NAMED_UNITS):
        for match in _find(pattern, text):
            parent = _parent_before(text[: match.start()])
            found.extend(
                Named(match.start("items"), item, "unit", parent) for item in split_names(match["items"])
            )
    for match in _find(_ONE_UNIT, text):
        found.append(Named(match.start("name"), match["name"], "unit", _parent_before(text[: match.start()])))
    for match in _find(_UNIT_HEAD, text):
        found.append(Named(match.start(), match["name"], "unit", alias=match[0]))
    for match in _find(_AMPERSAND, text):
        found.append(Named(match.start(), match["name"], "unit"))
    found.extend(_companies(text))
    for pattern in (_PARTNER, _MEMBERS):
        for match in _find(pattern, text):
            for item in _partners(match["items"], place):
                found.append(Named(match.start("items"), item, "external", weak=True))
    for match in _find(_DEFINED, text):
        if not match["name"].endswith(_PERSON_ENDINGS):  # "Säkerhetssamordnare är en ny funktion"
            found.append(Named(match.start("name"), match["name"], "unit"))
    for pattern in (_ADJECTIVE_BODY, _UNIVERSITY, _NATIONAL):
        for match in _find(pattern, text):
            found.append(Named(match.start(), match["name"], "external"))
    return found


_NEEDLES: dict[re.Pattern[str], tuple[str, ...]] = {
    _COUNTED_UNITS: ("enheter", "grupper", "avdelningar", "affärsområden"),
    _NAMED_UNITS: ("enheterna", "affärsområdena"),
    _ONE_UNIT: ("ffärsområde",),
    _UNIT_HEAD: ("nheten ",),
    _AMPERSAND: (" & ",),
    _PARTNER: (" med", "edlem i", "mellan", " bolag", "aktörer", " till"),
    _MEMBERS: ("medlemmar", "partner", "aktörer"),
    _DEFINED: (" är ",),
    _ADJECTIVE_BODY: ("kammaren", "rådet", "byrån", "institutet"),
    _UNIVERSITY: ("niversitet",),
    _NATIONAL: ("Svensk", "Sveriges "),
}
"""Text every match of a pattern holds: a paragraph without any is not searched."""


def _find(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, skipped when ``text`` lacks every one of the pattern's :data:`_NEEDLES`."""
    if any(needle in text for needle in _NEEDLES[pattern]):
        yield from pattern.finditer(text)


def split_names(items: str) -> list[str]:
    """The names in an enumeration, up to where the sentence goes on: "A, B och C visar …" → A, B, C.

    A lower-case word after "och" continues the name before it ("Analys och utredning"); the last
    name ends at its last capitalised word unless the enumeration ends with the clause.
    """
    pieces: list[str] = []
    for chunk in re.split(r",\s*|\s+samt\s+", items.strip()):
        for part in chunk.split(" och "):
            if pieces and part[:1].islower() and not chunk.startswith(part):
                pieces[-1] = f"{pieces[-1]} och {part}"
            else:
                pieces.append(part.strip())
    if pieces and len(pieces[-1].split()) > 3:
        words = pieces[-1].split()
        lower = next((index for index, word in enumerate(words) if word[:1].islower()), len(words))
        pieces[-1] = " ".join(words[:lower])
    return [piece for piece in pieces if piece[:1].isupper() and len(piece.split()) <= 3]


def _parent_before(text: str) -> str | None:
    """The staff or office named last before an enumeration of its units."""
    owners = [name for _, name, kind in role_names_at(text) if kind in _PARENT_KINDS]
    return owners[-1] if owners else None


def _companies(text: str) -> list[Named]:
    """ "<Name> AB" read backwards from "AB" over at most four words, and "AB <Name>"."""
    companies: list[Named] = []
    for match in _AB.finditer(text):
        words = text[: match.start()].split(" ")[-5:-1]
        if not words or words[-1][-1:] in ",.;:)":
            continue
        kept: list[str] = []
        for word in reversed(words):
            if word.lower() in _COMPANY_STOP or word[-1:] in ",.;:)" or not word:
                break
            kept.insert(0, word)
        while kept and not kept[0][:1].isupper():
            kept.pop(0)
        if kept:
            name = " ".join([*kept, "AB"])
            companies.append(Named(max(0, match.start() - len(name) + 2), name, "company"))
    for match in _AB_FIRST.finditer(text):
        companies.append(Named(match.start(), f"AB {match['name']}", "company"))
    return companies


def _partners(items: str, place: str | None) -> list[str]:
    """Capitalised names at the start of each item of a partner list, skipping role-word names."""
    names: list[str] = []
    for item in (piece.strip() for piece in re.split(r",\s*| och | samt ", items)):
        match = _COMPANY_ITEM.match(item) or _NAME.match(item)
        if match is None:
            if " " not in item or any(start == 0 for start, _, _ in role_names_at(item)):
                continue  # "med kommunstyrelsen och Stångåstaden", "med handeln och Fastighetsägarna"
            break
        name = match[0].strip()
        rest = item[match.end() :].strip()
        if name not in {place, f"{place}s"} and not name.endswith("-") and not rest.startswith("kommun"):
            if not role_names_at(name) and not names_a_thing(name) and not _PERSON.fullmatch(name):
                names.append(name)
        if rest:
            break  # the sentence goes on: "med Utbildningsförvaltningen verka för …"
    return names
