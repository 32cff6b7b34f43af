"""Organisations named in a document: nämnder, styrelser, förvaltningar, staber, bolag, parties.

Names are recognised by Swedish morphology and context, not by a list of names:

* a compound ending in a role word — "-nämnden", "-styrelsen", "-förvaltningen", "-staben",
  "-utskottet", "-myndigheten", "-verket", "-förbundet" — optionally with a coordinated first
  part ("barn- och ungdomsnämnden", "Näringsliv- och tillväxtstaben");
* "<Ort>s kommun" (a municipality), "Region <Namn>", "<Namn> AB" (a company), political parties
  by their (closed, national) names and the abbreviations printed after members' names "(S)";
* lists introduced by a kind: "Tre förvaltningar är organiserade under kommunstyrelsen -
  Kommunledningsförvaltningen, Verksamhetsstöd och service och Leanlink", "består förvaltningen
  av följande verksamheter: LKDATA, Kontakt Linköping, …" — these also give the parent.

Genitive and definite forms are reported under the base name ("kommunstyrelsens" →
"Kommunstyrelsen"); each organisation is reported once per document, at its first mention.
"""

from __future__ import annotations

import re
from dataclasses import replace

from loaders.facts import DocumentFacts, Organisation
from loaders.text import SourceText

__all__ = ["base_name", "extract_organisations", "names_in"]

_ROLE_SUFFIXES = (
    ("nämnden", "board"),
    ("styrelsen", "board"),
    ("fullmäktige", "council"),
    ("förvaltningen", "office"),
    ("staben", "staff"),
    ("utskottet", "committee"),
    ("enheten", "unit"),
    ("kansliet", "unit"),
    ("beredningen", "committee"),
    ("myndigheten", "external"),
    ("myndighet", "external"),
    ("verket", "external"),
    ("förbundet", "external"),
    ("kassan", "external"),
    ("förmedlingen", "external"),
)
_CAPITALISED_ONLY = {"förvaltningen", "staben", "myndighet", "verket", "förbundet", "kassan", "förmedlingen"}
_PARTIES = {
    "S": "Socialdemokraterna",
    "M": "Moderaterna",
    "SD": "Sverigedemokraterna",
    "C": "Centerpartiet",
    "V": "Vänsterpartiet",
    "KD": "Kristdemokraterna",
    "L": "Liberalerna",
    "MP": "Miljöpartiet",
}
_ROLE_STEMS = (
    "nämnd",
    "styrelse",
    "förvaltning",
    "stab",
    "fullmäktige",
    "utskott",
    "myndighet",
    "verk",
    "kommun",
)
_ADJECTIVE = re.compile(r"(?:^|\s)(?P<adjective>[A-ZÅÄÖ]\w+[ae]) $")
_ADJECTIVE_SUFFIXES = {"staben", "utskottet", "enheten", "kansliet", "beredningen"}
_WORD = r"[A-ZÅÄÖa-zåäöéü][\wåäöÅÄÖé]*"
_SUFFIX_GROUP = "|".join(suffix for suffix, _ in _ROLE_SUFFIXES)
_ROLE_NAME = re.compile(rf"(?P<word>\b(?:[A-ZÅÄÖa-zåäö][\wåäöÅÄÖ-]*?)?(?:{_SUFFIX_GROUP}))(?P<gen>s?)\b")
_FIRST_PART = re.compile(rf"(?:^|[\s(])(?P<first>{_WORD}(?P<hyphen>-?) och )$")
_NAME_TAIL = re.compile(r"^(?: [A-ZÅÄÖ][\w-]*){1,2}")
_MUNICIPALITY = re.compile(r"\b(?P<name>[A-ZÅÄÖ]\w+s kommun)s?\b")
_REGION = re.compile(r"\bRegion (?P<name>[A-ZÅÄÖ]\w+)")
_COMPANY = re.compile(r"(?P<before>\b\w+\s)?(?P<name>(?:[A-ZÅÄÖ][\w&-]*\s){1,4}AB\b|\bAB [A-ZÅÄÖ]\w+)")
_PARTY = re.compile(r"\b(?P<name>\w+partiet|\w*demokraterna|Moderaterna|Liberalerna)\b")
_MEMBER = re.compile(r"[A-ZÅÄÖ]\w+ \((?P<abbr>[A-ZÅÄÖ]{1,2})\)")
_ALIAS = re.compile(
    r"(?P<name>[A-ZÅÄÖ][\w-]*(?: (?:och|för|av|i) [\w-]+| [A-ZÅÄÖ][\w-]*)*) \((?P<abbr>[A-ZÅÄÖ]{2,6})\)"
)
_PROPER = re.compile(r"[A-ZÅÄÖ][\w-]*(?: (?:och |i |för )?[A-ZÅÄÖ][\w-]*)+")
_KIND_LIST = re.compile(
    r"(?P<kind>förvaltningar(?:na)?|verksamheter(?:na)?|staber(?:na)?|bolag(?:en)?)\b"
    r"(?P<context>[^.:]*?)(?:\s[-–]\s|:\s*)(?P<items>[^.]+)"
)
_LIST_KINDS = {"förvaltningar": "office", "verksamheter": "unit", "staber": "staff", "bolag": "company"}
_UNDER = re.compile(rf"\b(?:under|inom)\s+(?P<parent>(?:{_WORD}-? och )?{_WORD})")
_STAFF_PARENT = re.compile(rf"\bstab\w* och enhet\w* inom (?P<parent>{_WORD})")


def base_name(phrase: str) -> str:
    """The base (nominative, definite) form of an organisation name, capitalised.

    "barn- och ungdomsnämndens" → "Barn- och ungdomsnämnden", "kommunfullmäktiges" →
    "Kommunfullmäktige"; a name that is not in a genitive form is kept as printed.
    """
    name = phrase.strip()
    lower = name.lower()
    for suffix, _ in _ROLE_SUFFIXES:
        if lower.endswith(suffix + "s"):
            name = name[:-1]
            break
    else:
        if lower.endswith("fullmäktiges"):
            name = name[:-1]
    return name[:1].upper() + name[1:]


def extract_organisations(doc: SourceText, facts: DocumentFacts) -> None:
    """Append every organisation named in ``doc`` to ``facts.organisations``, once each."""
    found: dict[str, Organisation] = {}
    issuer = facts.documents[0].issuer if facts.documents else None
    staff_parent_name: str | None = None

    def add(name: str, kind: str, line: int, parent: str | None = None) -> None:
        key = name.casefold()
        if key not in found:
            found[key] = Organisation(name=name, kind=kind, span=doc.span(line), parent=parent)
        elif parent is not None and found[key].parent is None:
            found[key] = replace(found[key], parent=parent)

    for line in doc.lines:
        if line.blank:
            continue
        text = line.text
        for name, kind in _role_names(text):
            add(name, kind, line.number)
        for match in _MUNICIPALITY.finditer(text):
            add(match["name"], "municipality", line.number)
        for match in _REGION.finditer(text):
            add(f"Region {match['name']}", "external", line.number)
        for match in _COMPANY.finditer(text):
            if match["before"] not in {"i ", "och ", "för ", "av "}:
                add(match["name"], "company", line.number)
        for match in _PARTY.finditer(text):
            add(match["name"], "party", line.number)
        for match in _MEMBER.finditer(text):
            party = _PARTIES.get(match["abbr"])
            if party is not None:
                add(party, "party", line.number)
        staff_parent = _STAFF_PARENT.search(text)
        if staff_parent is not None and staff_parent_name is None:
            staff_parent_name = base_name(staff_parent["parent"])
    for first_line, paragraph in _paragraphs(doc):
        for name, kind, parent in _listed(paragraph, issuer):
            add(name, kind, first_line, parent)
    if staff_parent_name is not None:
        for key, organisation in found.items():
            if organisation.kind == "staff" and organisation.parent is None:
                found[key] = replace(organisation, parent=staff_parent_name)
    for first_line, name in _abbreviated_proper_names(doc):
        add(name, "external", first_line)
    _rank_municipalities(doc, found)
    organisations = _with_aliases(doc, found)
    facts.organisations.extend(sorted(organisations, key=lambda item: item.span.first_line))


def names_in(text: str) -> list[tuple[str, str]]:
    """(name, kind) of every role-word organisation name in ``text`` ("-nämnden", "-staben" …)."""
    return _role_names(text)


def _role_names(text: str) -> list[tuple[str, str]]:
    names: list[tuple[str, str]] = []
    for match in _ROLE_NAME.finditer(text):
        word = match["word"]
        lower = word.lower()
        suffix, kind = next((s, k) for s, k in _ROLE_SUFFIXES if lower.endswith(s))
        stem = lower[: -len(suffix)].rstrip("-")
        adjective = _ADJECTIVE.search(text[: match.start()])
        if not stem and adjective is not None and suffix in _ADJECTIVE_SUFFIXES:
            names.append((f"{adjective['adjective']} {lower}", kind))  # "Administrativa staben"
            continue
        first = _first_part(text[: match.start()], word)
        if len(stem) < 2 or (suffix in _CAPITALISED_ONLY and not (first or word)[0].isupper()):
            continue
        if suffix == "styrelsen" and stem != "kommun":
            kind = "external"  # Länsstyrelsen, Socialstyrelsen: state agencies
        if suffix == "myndighet":
            word += "en"
        if suffix == "förbundet" and not match["gen"]:
            tail = _NAME_TAIL.match(text[match.end() :])
            word += tail[0] if tail else ""
        names.append((base_name(first + word), kind))
    return names


def _abbreviated_proper_names(doc: SourceText) -> list[tuple[int, str]]:
    """Proper names printed with their abbreviation: "Sveriges Kommuner och Regioner (SKR)"."""
    names: list[tuple[int, str]] = []
    for line in doc.lines:
        for match in _ALIAS.finditer(line.text):
            if _PROPER.fullmatch(match["name"]) and not _role_names(match["name"]):
                names.append((line.number, match["name"]))
    return names


def _rank_municipalities(doc: SourceText, found: dict[str, Organisation]) -> None:
    """The most-named municipality is the document's own; any other is an external body."""
    municipalities = [key for key, organisation in found.items() if organisation.kind == "municipality"]
    if len(municipalities) < 2:
        return
    text = "\n".join(line.text for line in doc.lines).casefold()
    own = max(municipalities, key=text.count)
    for key in municipalities:
        if key != own:
            found[key] = replace(found[key], kind="external")


def _paragraphs(doc: SourceText) -> list[tuple[int, str]]:
    """Runs of non-blank lines joined into one text (hard-wrapped paragraphs read whole)."""
    paragraphs: list[tuple[int, str]] = []
    current: list[str] = []
    first = 0
    for line in [*doc.lines, None]:
        if line is None or line.blank:
            if current:
                paragraphs.append((first, " ".join(current)))
            current = []
            continue
        if not current:
            first = line.number
        current.append(line.text.strip())
    return paragraphs


def _first_part(before: str, word: str) -> str:
    """The coordinated first part of a name: "barn- och " in "barn- och ungdomsnämnden"."""
    match = _FIRST_PART.search(before)
    if match is None:
        return ""
    first = match["first"]
    first_word = first.split()[0].lower().rstrip("-")
    if any(stem in first_word for stem in _ROLE_STEMS):
        return ""  # "Valnämnden och överförmyndarnämnden", "nämnder och kommunstyrelsen": two names
    if match["hyphen"] or word[0].islower():
        return first
    return ""


def _listed(text: str, issuer: str | None) -> list[tuple[str, str, str | None]]:
    """Organisations listed after their kind: "Tre förvaltningar … - A, B och C"."""
    listed: list[tuple[str, str, str | None]] = []
    for match in _KIND_LIST.finditer(text):
        kind_word = re.sub(r"(na|en)$", "", match["kind"])
        kind = _LIST_KINDS.get(kind_word, "unit")
        context = text[max(0, match.start() - 80) : match.start()] + match["context"]
        under = _UNDER.search(context)
        parent = base_name(under["parent"]) if under else None
        if parent is None and re.search(r"\bf.rvaltningen\b", context) and issuer:
            parent = issuer
        if not re.search(r"\b(?:under|f.ljande|tre|två|fyra|fem|sex|de)\b", context, re.IGNORECASE):
            continue
        for item in _split_list(match["items"]):
            if item[:1].isupper() or (len(item) > 1 and item[1].isupper()):
                listed.append((item, kind, parent))
    return listed


def _split_list(items: str) -> list[str]:
    """Split "A, B och C samt D", keeping "Verksamhetsstöd och service" (lower-case tail) whole."""
    pieces: list[str] = []
    for chunk in re.split(r",\s*|\s+samt\s+", items):
        parts = chunk.split(" och ")
        merged: list[str] = []
        for part in parts:
            if merged and not part[:1].isupper():
                merged[-1] = f"{merged[-1]} och {part}"
            else:
                merged.append(part)
        pieces.extend(piece.strip() for piece in merged if piece.strip())
    return [piece for piece in pieces if len(piece.split()) <= 5]


def _with_aliases(doc: SourceText, found: dict[str, Organisation]) -> list[Organisation]:
    """Attach abbreviations printed after a name: "Verksamhetsstöd och service (VSS)"."""
    aliases: dict[str, set[str]] = {}
    for line in doc.lines:
        for match in _ALIAS.finditer(line.text):
            name = base_name(match["name"])
            for key in (name.casefold(), name.split(" ", 1)[-1].casefold()):
                if key in found:
                    aliases.setdefault(key, set()).add(match["abbr"])
    for abbr, party in _PARTIES.items():
        if party.casefold() in found:
            aliases.setdefault(party.casefold(), set()).add(abbr)
    return [
        replace(organisation, aliases=tuple(sorted(aliases.get(key, ()))))
        for key, organisation in found.items()
    ]
