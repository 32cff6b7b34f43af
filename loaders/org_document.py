"""Passes over a whole document's organisations once every paragraph has been read.

They rank municipalities (the most-named is the document's own), drop names that are only part
of another ("Kommunalförbundet" beside "Kommunalförbundet Fjärde Storstadsregionen") or only a
title before one ("Utförarförvaltningen Leanlink"), fold a unit's short form into its full name
("Säkerhet" → "Säkerhetsenheten"), attach abbreviations as aliases, and add bodies known only by an
abbreviation ("Sveriges Kommuner och Regioner (SKR)" … "av SKR"; "LKDATAs"; "från MSB").
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from loaders.facts import Organisation
from loaders.org_names import HEADED_SUFFIXES, base_name, names_a_thing, names_in, spelling_key
from loaders.text import SourceText

__all__ = [
    "MUNICIPALITY",
    "PARTIES",
    "abbreviated_proper_names",
    "acronym_owners",
    "own_place",
    "tidy",
    "with_aliases",
]

PARTIES = {
    "S": "Socialdemokraterna",
    "M": "Moderaterna",
    "SD": "Sverigedemokraterna",
    "C": "Centerpartiet",
    "V": "Vänsterpartiet",
    "KD": "Kristdemokraterna",
    "L": "Liberalerna",
    "MP": "Miljöpartiet",
}
MUNICIPALITY = re.compile(r"\b(?P<name>[A-ZÅÄÖ]\w+(?:s|[aeiouyåäö]) kommun)s?\b")
"""A municipality by its place name: "Linköpings kommun", "Mjölby kommun" (not "Sammanhållen kommun")."""
_ACRONYM_OWNER = re.compile(r"\b(?P<name>[A-ZÅÄÖ]{3,})s\b")
"""An acronym in the genitive owns something, so it names a body: "LKDATAs överskott"."""
_ACRONYM_PARTY = re.compile(
    r"\b(?P<preposition>(?<!ut )till|från|inom|hos) (?P<name>[A-ZÅÄÖ][a-zåäö]?[A-ZÅÄÖ]{1,6})(?=[\s.,;)]|$)"
)
"""An acronym that work, money or reports go to or come from is a body: "statsbidraget från MSB",
"lämnat till LKDATA", "inom LKDATA" (a unit of one's own) — not what something is replaced by
("bytas ut till HVO")."""
_ALIAS = re.compile(
    r"(?P<name>[A-ZÅÄÖ][\w-]*(?: (?:och|för|av|i) [\w-]+| [A-ZÅÄÖ][\w-]*)*) \((?P<abbr>[A-ZÅÄÖ]{2,6})\)"
)
_PROPER = re.compile(r"[A-ZÅÄÖ][\w-]*(?: (?:och |i |för )?[A-ZÅÄÖ][\w-]*)+")


def tidy(doc: SourceText, found: dict[str, Organisation], spellings: dict[str, set[str]]) -> None:
    """Rank municipalities and fold truncated, short and title-only names into the full ones."""
    _rank_municipalities(doc, found)
    _drop_truncated(found)
    _merge_short_forms(found, spellings)
    _merge_appositions(doc, found, spellings)
    _drop_unheaded(doc, found)


def abbreviated_proper_names(doc: SourceText) -> list[tuple[int, str]]:
    """Proper names printed with their abbreviation that the text then uses on its own:
    "Sveriges Kommuner och Regioner (SKR)" … "av SKR"."""
    text = "\n".join(line.text for line in doc.lines)
    names: list[tuple[int, str]] = []
    for line in doc.lines:
        for match in _ALIAS.finditer(line.text):
            abbreviation = match["abbr"]
            if abbreviation in PARTIES or not _PROPER.fullmatch(match["name"]) or names_in(match["name"]):
                continue
            if names_a_thing(match["name"]) or line.text[: match.start()].endswith(", "):
                continue  # a survey or method; "Administration, Kommunikation och Näringsliv (AKN)"
            if len(re.findall(rf"\b{abbreviation}\b", text)) > 1:
                names.append((line.number, match["name"]))
    return names


def acronym_owners(doc: SourceText, known: list[Organisation]) -> list[Organisation]:
    """Bodies known only by an acronym ("LKDATAs", "från MSB"), unless already an alias."""
    names = {
        spelling_key(name) for organisation in known for name in (organisation.name, *organisation.aliases)
    }
    owners: list[Organisation] = []
    for line in doc.lines:
        matches = [(match["name"], "unit") for match in _ACRONYM_OWNER.finditer(line.text)]
        for match in _ACRONYM_PARTY.finditer(line.text):
            if len(match["name"]) >= 3:
                matches.append((match["name"], "unit" if match["preposition"] == "inom" else "external"))
        for name, kind in matches:
            if spelling_key(name) not in names:
                names.add(spelling_key(name))
                owners.append(Organisation(name=name, kind=kind, span=doc.span(line.number)))
    return owners


def _drop_truncated(found: dict[str, Organisation]) -> None:
    """ "Kommunalförbundet" beside "Kommunalförbundet Fjärde Storstadsregionen" is the same body."""
    names = [organisation.name for organisation in found.values()]
    for key, organisation in list(found.items()):
        if any(other.startswith(organisation.name + " ") for other in names) and " " not in organisation.name:
            del found[key]


def own_place(doc: SourceText) -> str | None:
    """The place name of the most-named municipality: "Linköping" for "Linköpings kommun"."""
    counts: dict[str, int] = {}
    for line in doc.lines:
        for match in MUNICIPALITY.finditer(line.text):
            counts[match["name"]] = counts.get(match["name"], 0) + 1
    if not counts:
        return None
    own = max(counts, key=lambda name: counts[name]).removesuffix(" kommun")
    return own.removesuffix("s") if own.endswith("s") else own


def _drop_unheaded(doc: SourceText, found: dict[str, Organisation]) -> None:
    """Drop a "-ledningen" name that never heads a line: "Krisledningen, som varit aktiv …"."""
    heads = {spelling_key(re.split(r"[\t:]", line.text.strip(), maxsplit=1)[0]) for line in doc.lines}
    for key, organisation in list(found.items()):
        if organisation.name.endswith(HEADED_SUFFIXES) and key not in heads:
            del found[key]


def _merge_appositions(
    doc: SourceText, found: dict[str, Organisation], spellings: dict[str, set[str]]
) -> None:
    """A role word only ever printed before a name is that name's title, not another body:
    "Utförarförvaltningen Leanlink" is Leanlink."""
    text = "\n".join(line.text.strip() for line in doc.lines)
    names = {organisation.name for organisation in found.values()}
    for key, organisation in list(found.items()):
        if " " in organisation.name or not names_in(organisation.name):
            continue
        owners = _words_after(text, organisation.name)
        if len(owners) == 1 and (owner := owners.pop()) in names - {organisation.name}:
            spellings.setdefault(spelling_key(owner), set()).add(f"{organisation.name} {owner}")
            del found[key]


def _words_after(text: str, name: str) -> set[str]:
    """The words printed right after each mention of ``name`` ("" where none follows); as
    ``re.findall`` of the mention pattern, but trying it only where ``name`` is printed."""
    pattern = _mention(name)
    words: set[str] = set()
    start = text.find(name)
    while start != -1:
        match = pattern.match(text, start)
        if match is None:
            start = text.find(name, start + 1)
            continue
        words.add(match[1] or "")
        start = text.find(name, max(match.end(), start + 1))
    return words


@lru_cache(maxsize=4096)
def _mention(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(name)}s?\b(?: (\w+))?")


def _merge_short_forms(found: dict[str, Organisation], spellings: dict[str, set[str]]) -> None:
    """A unit listed by its field ("Säkerhet", "Kommunkansli") is the one named in full elsewhere
    ("Säkerhetsenheten", "Kommunkansliet"): keep the full name, the short one as its alias."""
    for key, organisation in list(found.items()):
        if organisation.kind != "unit":
            continue
        for full in (key + "enheten", key + "senheten", key + "et", key + "en"):
            if full in found:
                spellings.setdefault(full, set()).add(organisation.name)
                del found[key]
                break


def _rank_municipalities(doc: SourceText, found: dict[str, Organisation]) -> None:
    """The most-named municipality is the document's own; any other is an external body."""
    municipalities = [key for key, organisation in found.items() if organisation.kind == "municipality"]
    if len(municipalities) < 2:
        return
    text = "\n".join(line.text for line in doc.lines).casefold()
    own = max(municipalities, key=lambda key: text.count(found[key].name.casefold()))
    for key in municipalities:
        if key != own:
            found[key] = replace(found[key], kind="external")


def with_aliases(
    doc: SourceText, found: dict[str, Organisation], spellings: dict[str, set[str]]
) -> list[Organisation]:
    """Attach the other spellings of each name and the abbreviations printed after it:
    "Verksamhetsstöd och service (VSS)", "Socialdemokraterna" (S)."""
    aliases = {key: spellings.get(key, set()) - {found[key].name} for key in found}
    for line in doc.lines:
        for match in _ALIAS.finditer(line.text):
            name = base_name(match["name"])
            for key in (spelling_key(name), spelling_key(name.split(" ", 1)[-1])):
                if key in found:
                    aliases[key].add(match["abbr"])
    for abbreviation, party in PARTIES.items():
        if spelling_key(party) in found:
            aliases[spelling_key(party)].add(abbreviation)
    return [replace(organisation, aliases=tuple(sorted(aliases[key]))) for key, organisation in found.items()]
