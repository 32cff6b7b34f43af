"""Organisations named in a document: nämnder, styrelser, förvaltningar, staber, bolag, parties.

Names are recognised by Swedish morphology and context, not by a list of names. This module reads
the document paragraph by paragraph and collects:

* role-word names ("-nämnden", "-staben", "Administrativa staben" …, see :mod:`loaders.org_names`);
* names recognised by the words around them — enumerated units, partners, companies, bodies
  defined as such (see :mod:`loaders.org_context`);
* "<Ort>s kommun", "Region <Namn>", "Sveriges <Namn>", "<Myndigheten|Rådet …> för <fält>",
  joint services ("Räddningstjänsten Östra Götaland"), political parties by their (closed,
  national) names and the abbreviations after members' names, MBL negotiation counterparts
  ("- För Vision**"), issuers of the document and its bilagor;
* lists introduced by a kind: "Tre förvaltningar är organiserade under kommunstyrelsen -
  Kommunledningsförvaltningen, Verksamhetsstöd och service och Leanlink", "består förvaltningen
  av följande verksamheter: LKDATA, Kontakt Linköping, …" — these also give the parent.

Whole-document passes (:mod:`loaders.org_document`) then rank municipalities, fold short and
title-only forms into full names and add bodies known only by an abbreviation. Each organisation
is reported once per document, at its first mention, under its base name ("kommunstyrelsens" →
"Kommunstyrelsen"), with its other spellings and abbreviations ("VSS") as aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from loaders.facts import Document, DocumentFacts, Organisation
from loaders.org_context import context_names
from loaders.org_document import (
    MUNICIPALITY,
    PARTIES,
    abbreviated_proper_names,
    acronym_owners,
    own_place,
    tidy,
    with_aliases,
)
from loaders.org_names import base_name, names_in, role_names_at, spelling_key
from loaders.text import SourceText

__all__ = ["base_name", "extract_organisations", "names_in", "spelling_key"]

_COMMITTEE_FOR = re.compile(r"\b(?:Utskott|[Uu]tskottet) för (?P<field>[a-zåäö]\w+)")
"""A committee named by its field: "utskott för medborgardialog"."""
_REGION = re.compile(r"\b(?P<name>Region [A-ZÅÄÖ]\w+)")
_NATIONAL = re.compile(r"\b(?P<name>Sveriges [A-ZÅÄÖ]\w+?(?: och [A-ZÅÄÖ]\w+?)?)s?\b")
"""National associations: "Sveriges Kommuner och Regioner", "Sveriges Arbetsterapeuter"."""
_INSTITUTION = re.compile(
    r"\b(?P<name>(?:Myndigheten|Inspektionen|Rådet|Centrum|Avdelningen|Institutet|Delegationen) för "
    r"(?!att\b)\w+(?: (?!(?:har|är|ska|som|med|kan|ger|vid|inom|till|på|under|samt|där)\b)"
    r"[A-ZÅÄÖa-zåäö]\w*){0,4})"
)
"""Public bodies named "<institution> för <field>": "Myndigheten för samhällsskydd och beredskap"."""
_SERVICE = re.compile(r"\b(?P<name>[A-ZÅÄÖ]\w+tjänsten(?: i)?(?: [A-ZÅÄÖ]\w+){1,2})")
"""A joint service named by its area: "Räddningstjänsten Östra Götaland"."""
_OPEN_COMPOUND = re.compile(r"\b(?P<acronym>[A-ZÅÄÖ]{2,5}) (?P<role>staben|enheten)\b")
"""An acronym compound written open: "HR staben" is HR-staben."""
_BOARD_OFFICE = re.compile(
    r"\b(?P<board>[A-ZÅÄÖ]\w+(?:styrelsen|nämnden)) \((?P<name>[A-ZÅÄÖ][\w-]*(?: och [a-zåäö]\w*)?)\)"
)
"""A förvaltning named after its board: "Kommunstyrelsen (Leanlink) ska utreda …"."""
_OWNED_STAFF = re.compile(r"\b(?P<name>[A-ZÅÄÖa-zåäö]\w+(?:örens|chefens) stab)\b")
_COUNTERPART = re.compile(r"^-?\s*För (?P<name>[A-ZÅÄÖ][^*:]{1,60}?)\*\*\s*$")
"""A party to an MBL negotiation, heading its delegates: "- För Vision**"."""
PARTIES_LINE = re.compile(r"\bParter\*\*.*?å andra sidan (?P<items>[^.]+)")
_PARTY = re.compile(r"\b(?P<name>\w+partiet|\w*demokraterna|Moderaterna|Liberalerna)\b")
_MEMBER = re.compile(r"[A-ZÅÄÖ]\w+ \((?P<abbr>[A-ZÅÄÖ]{1,2})\)")
_ISSUED_BY = re.compile(
    r"(?:verksamhetsberättelse|internkontrollrapport|förvaltningsbudget)\s+(?:(?:19|20)\d\d,\s+"
    r"(?P<issuer>[A-ZÅÄÖa-zåäö][\w/ -]+?)|för (?P<for>[A-ZÅÄÖ][\w -]+?) (?:19|20)\d\d)\s*$",
    re.IGNORECASE,
)
_KIND_LIST = re.compile(
    r"(?P<kind>förvaltningar(?:na)?|verksamheter(?:na)?|staber(?:na)?|bolag(?:en)?)\b"
    r"(?P<context>[^.:]*?)(?:\s[-–]\s|:\s*)(?P<items>[^.]+)"
)
_DIRECT_LIST = re.compile(
    r"\b(?P<kind>förvaltningarna|verksamheterna|staberna|bolagen) "
    r"(?P<items>[A-ZÅÄÖ][\w-]*(?:(?:, | och | samt )[A-ZÅÄÖ][\w-]*)+)"
)
_LIST_KINDS = {"förvaltningar": "office", "verksamheter": "unit", "staber": "staff", "bolag": "company"}
_WORD = r"[A-ZÅÄÖa-zåäöéü][\wåäöÅÄÖé]*"
_UNDER = re.compile(rf"\b(?:under|inom)\s+(?P<parent>(?:{_WORD}-? och )?{_WORD})")
_STAFF_PARENT = re.compile(rf"\bstab\w* och enhet\w* inom (?P<parent>{_WORD})")


def extract_organisations(doc: SourceText, facts: DocumentFacts) -> None:
    """Append every organisation named in ``doc`` to ``facts.organisations``, once each."""
    found: dict[str, Organisation] = {}
    spellings: dict[str, set[str]] = {}
    issuer = facts.documents[0].issuer if facts.documents else None
    staff_parent_name: str | None = None
    place = own_place(doc)
    partners: list[tuple[str, int]] = []

    def add(name: str, kind: str, line: int, parent: str | None = None) -> None:
        key = spelling_key(name)
        spellings.setdefault(key, set()).add(name)
        if key not in found:
            found[key] = Organisation(name=name, kind=kind, span=doc.span(line), parent=parent)
        elif parent is not None and found[key].parent is None:
            found[key] = replace(found[key], parent=parent)

    for paragraph in _paragraphs(doc):
        text = paragraph.text
        for start, name, kind in role_names_at(text):
            add(name, kind, paragraph.line_at(start))
        patterns = (
            (MUNICIPALITY, "municipality"),
            (_REGION, "external"),
            (_PARTY, "party"),
            (_NATIONAL, "external"),
            (_COUNTERPART, "external"),
        )
        for pattern, kind in patterns:
            for match in _find(pattern, text):
                add(match["name"], kind, paragraph.line_at(match.start()))
        for named in context_names(text, place):
            if named.weak:
                partners.append((named.name, paragraph.line_at(named.offset)))
                continue
            add(named.name, named.kind, paragraph.line_at(named.offset), named.parent)
            if named.alias is not None:
                spellings[spelling_key(named.name)].add(named.alias)
        for match in _find(_INSTITUTION, text):
            name = match["name"]
            if name.endswith(("skaps", "ings", "hets")):  # genitive: "… och beredskaps (MSB)"
                name = name[:-1]
            add(name, "external", paragraph.line_at(match.start()))
        for match in _find(_SERVICE, text):
            add(match["name"], "external", paragraph.line_at(match.start()))
        for match in _find(_OPEN_COMPOUND, text):
            name = f"{match['acronym']}-{match['role']}"
            add(name, "staff", paragraph.line_at(match.start()))
            spellings[spelling_key(name)].add(match[0])
        for match in _find(_BOARD_OFFICE, text):
            add(match["name"], "office", paragraph.line_at(match.start()), base_name(match["board"]))
        for match in _find(_COMMITTEE_FOR, text):
            add(f"Utskott för {match['field']}", "committee", paragraph.line_at(match.start()))
        for match in _find(_OWNED_STAFF, text):
            add(match["name"][0].upper() + match["name"][1:], "staff", paragraph.line_at(match.start()))
        for match in _find(PARTIES_LINE, text):
            for item in re.split(r", | och ", match["items"]):
                add(item.strip(), "external", paragraph.line_at(match.start()))
        for match in _find(_MEMBER, text):
            party = PARTIES.get(match["abbr"])
            if party is not None:
                add(party, "party", paragraph.line_at(match.start()))
        for name, kind, parent in _listed(text, issuer):
            alias = re.fullmatch(r"(?P<name>.+?) \((?P<abbr>[A-ZÅÄÖ]{2,6})\)", name)
            if alias is not None:  # "IT-service (LKDATA)"
                add(alias["name"], kind, paragraph.first, parent)
                spellings[spelling_key(alias["name"])].add(alias["abbr"])
            else:
                add(name, kind, paragraph.first, parent)
        staff_parent = _STAFF_PARENT.search(text) if " och enhet" in text else None
        if staff_parent is not None and staff_parent_name is None:
            staff_parent_name = base_name(staff_parent["parent"])
    for document in facts.documents:
        for first_line, name in _issuers(document):
            add(name, next((kind for _, kind in names_in(name)), "office"), first_line)
    if staff_parent_name is not None:
        for key, organisation in found.items():
            if organisation.kind == "staff" and organisation.parent is None:
                found[key] = replace(organisation, parent=staff_parent_name)
    for name, first_line in partners:
        add(name, "external", first_line)
    for first_line, name in abbreviated_proper_names(doc):
        add(name, "external", first_line)
    tidy(doc, found, spellings)
    organisations = with_aliases(doc, found, spellings)
    organisations.extend(acronym_owners(doc, organisations))
    facts.organisations.extend(sorted(organisations, key=lambda item: item.span.first_line))


_NEEDLES: dict[re.Pattern[str], tuple[str, ...]] = {
    MUNICIPALITY: (" kommun",),
    _REGION: ("Region ",),
    _PARTY: ("partiet", "demokraterna", "Moderaterna", "Liberalerna"),
    _NATIONAL: ("Sveriges ",),
    _COUNTERPART: ("**",),
    _INSTITUTION: (" för ",),
    _SERVICE: ("tjänsten",),
    _OPEN_COMPOUND: (" staben", " enheten"),
    _BOARD_OFFICE: (" (",),
    _COMMITTEE_FOR: ("tskott",),
    _OWNED_STAFF: (" stab",),
    PARTIES_LINE: ("Parter**",),
    _MEMBER: (" (",),
}
"""Text every match of a pattern holds: a paragraph without any is not searched."""


def _find(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, skipped when ``text`` lacks every one of the pattern's :data:`_NEEDLES`."""
    if any(needle in text for needle in _NEEDLES[pattern]):
        yield from pattern.finditer(text)


def _issuers(document: Document) -> list[tuple[int, str]]:
    """Issuers named by a document and its bilagor: "Verksamhetsberättelse 2020, Leanlink"."""
    named = [(document.span.first_line, document.issuer)] if document.issuer else []
    for attachment in document.attachments:
        match = _ISSUED_BY.search(attachment.title)
        if match is not None:
            for name in (match["issuer"] or match["for"]).split("/"):
                named.append((attachment.span.first_line, base_name(name.strip())))
    return named


@dataclass(frozen=True, slots=True)
class _Paragraph:
    """A run of non-blank lines joined into one text (hard-wrapped paragraphs read whole)."""

    first: int
    text: str
    starts: tuple[tuple[int, int], ...]
    """(offset in ``text``, line number) where each joined line begins."""

    def line_at(self, offset: int) -> int:
        return next(number for start, number in reversed(self.starts) if start <= offset)


def _paragraphs(doc: SourceText) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    for line in [*doc.lines, None]:
        if line is None or line.blank:
            if parts:
                paragraphs.append(_Paragraph(starts[0][1], " ".join(parts), tuple(starts)))
            parts, starts = [], []
            continue
        offset = sum(len(part) + 1 for part in parts)
        starts.append((offset, line.number))
        parts.append(line.text.strip())
    return paragraphs


def _listed(text: str, issuer: str | None) -> list[tuple[str, str, str | None]]:
    """Organisations listed after their kind: "Tre förvaltningar … - A, B och C"."""
    listed: list[tuple[str, str, str | None]] = []
    for match in _KIND_LIST.finditer(text):
        kind_word = re.sub(r"(na|en)$", "", match["kind"])
        kind = _LIST_KINDS.get(kind_word, "unit")
        context = text[max(0, match.start() - 80) : match.start()] + match["context"]
        under = _UNDER.search(context)
        parent = base_name(under["parent"]) if under and _names_a_body(under["parent"]) else None
        if parent is None and re.search(r"\bf.rvaltningen\b", context) and issuer:
            parent = issuer
        if not re.search(r"\b(?:under|f.ljande|tre|två|fyra|fem|sex|de)\b", context, re.IGNORECASE):
            continue
        items = re.split(r"\s[-–•]\s", " " + match["items"].lstrip(" -–•"))[0]  # up to the next bullet
        for item in _split_list(items):
            if item[:1].isupper() or (len(item) > 1 and item[1].isupper()):
                listed.append((item, kind, parent))
    for match in _DIRECT_LIST.finditer(text):  # "med förvaltningarna KoF, SoF och LeanLink"
        kind = _LIST_KINDS.get(re.sub(r"(na|en)$", "", match["kind"]), "unit")
        listed.extend((item, kind, None) for item in re.split(r", | och | samt ", match["items"]))
    return listed


def _names_a_body(word: str) -> bool:
    return word[:1].isupper() or bool(names_in(word))


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
