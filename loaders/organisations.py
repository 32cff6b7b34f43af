"""Organisations named in a document: nämnder, styrelser, förvaltningar, staber, bolag, parties.

Names are recognised by Swedish morphology and context, not by a list of names:

* a compound ending in a role word — "-nämnden", "-styrelsen", "-förvaltningen", "-staben",
  "-utskottet", "-enheten", "-myndigheten", "-verket", "-förbundet", "-centrum" … — optionally with
  a coordinated first part ("barn- och ungdomsnämnden", "Näringsliv- och tillväxtstaben") or a
  definite adjective ("Administrativa staben", "strategiska utskottet");
* "<Ort>s kommun" (the most-named one is the document's own municipality, others are external),
  "Region <Namn>", "<Namn> AB" (a company), "Sveriges <Namn>", "<Myndigheten|Rådet …> för <fält>",
  political parties by their (closed, national) names and the abbreviations after members' names;
* MBL negotiation counterparts ("- För Vision**", "Parter** … å andra sidan Kommunal, Vision …"),
  acronyms in the genitive ("LKDATAs överskott"), proper names printed with an abbreviation the
  text reuses ("Sveriges Kommuner och Regioner (SKR)"), issuers of the document and its bilagor;
* lists introduced by a kind: "Tre förvaltningar är organiserade under kommunstyrelsen -
  Kommunledningsförvaltningen, Verksamhetsstöd och service och Leanlink", "består förvaltningen
  av följande verksamheter: LKDATA, Kontakt Linköping, …" — these also give the parent.

Genitive and definite forms are reported under the base name ("kommunstyrelsens" →
"Kommunstyrelsen"); each organisation is reported once per document, at its first mention, with
its other spellings ("Näringsliv och tillväxtstaben") and abbreviations ("VSS") as aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from loaders.facts import Document, DocumentFacts, Organisation
from loaders.org_context import context_names
from loaders.org_names import HEADED_SUFFIXES, base_name, names_a_thing, names_in, role_names_at, spelling_key
from loaders.text import SourceText

__all__ = ["base_name", "extract_organisations", "names_in", "spelling_key"]

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
_COMMITTEE_FOR = re.compile(r"\b(?:Utskott|[Uu]tskottet) för (?P<field>[a-zåäö]\w+)")
"""A committee named by its field: "utskott för medborgardialog"."""
_MUNICIPALITY = re.compile(r"\b(?P<name>[A-ZÅÄÖ]\w+(?:s|[aeiouyåäö]) kommun)s?\b")
"""A municipality by its place name: "Linköpings kommun", "Mjölby kommun" (not "Sammanhållen kommun")."""
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
_PARTIES_LINE = re.compile(r"\bParter\*\*.*?å andra sidan (?P<items>[^.]+)")
_ACRONYM_OWNER = re.compile(r"\b(?P<name>[A-ZÅÄÖ]{3,})s\b")
"""An acronym in the genitive owns something, so it names a body: "LKDATAs överskott"."""
_ACRONYM_PARTY = re.compile(
    r"\b(?P<preposition>(?<!ut )till|från|inom|hos) (?P<name>[A-ZÅÄÖ][a-zåäö]?[A-ZÅÄÖ]{1,6})(?=[\s.,;)]|$)"
)
"""An acronym that work, money or reports go to or come from is a body: "statsbidraget från MSB",
"lämnat till LKDATA", "inom LKDATA" (a unit of one's own) — not what something is replaced by
("bytas ut till HVO")."""
_PARTY = re.compile(r"\b(?P<name>\w+partiet|\w*demokraterna|Moderaterna|Liberalerna)\b")
_MEMBER = re.compile(r"[A-ZÅÄÖ]\w+ \((?P<abbr>[A-ZÅÄÖ]{1,2})\)")
_ALIAS = re.compile(
    r"(?P<name>[A-ZÅÄÖ][\w-]*(?: (?:och|för|av|i) [\w-]+| [A-ZÅÄÖ][\w-]*)*) \((?P<abbr>[A-ZÅÄÖ]{2,6})\)"
)
_PROPER = re.compile(r"[A-ZÅÄÖ][\w-]*(?: (?:och |i |för )?[A-ZÅÄÖ][\w-]*)+")
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
    place = _own_place(doc)
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
            (_MUNICIPALITY, "municipality"),
            (_REGION, "external"),
            (_PARTY, "party"),
            (_NATIONAL, "external"),
            (_COUNTERPART, "external"),
        )
        for pattern, kind in patterns:
            for match in pattern.finditer(text):
                add(match["name"], kind, paragraph.line_at(match.start()))
        for named in context_names(text, place):
            if named.weak:
                partners.append((named.name, paragraph.line_at(named.offset)))
                continue
            add(named.name, named.kind, paragraph.line_at(named.offset), named.parent)
            if named.alias is not None:
                spellings[spelling_key(named.name)].add(named.alias)
        for match in _INSTITUTION.finditer(text):
            name = match["name"]
            if name.endswith(("skaps", "ings", "hets")):  # genitive: "… och beredskaps (MSB)"
                name = name[:-1]
            add(name, "external", paragraph.line_at(match.start()))
        for match in _SERVICE.finditer(text):
            add(match["name"], "external", paragraph.line_at(match.start()))
        for match in _OPEN_COMPOUND.finditer(text):
            name = f"{match['acronym']}-{match['role']}"
            add(name, "staff", paragraph.line_at(match.start()))
            spellings[spelling_key(name)].add(match[0])
        for match in _BOARD_OFFICE.finditer(text):
            add(match["name"], "office", paragraph.line_at(match.start()), base_name(match["board"]))
        for match in _COMMITTEE_FOR.finditer(text):
            add(f"Utskott för {match['field']}", "committee", paragraph.line_at(match.start()))
        for match in _OWNED_STAFF.finditer(text):
            add(match["name"][0].upper() + match["name"][1:], "staff", paragraph.line_at(match.start()))
        for match in _PARTIES_LINE.finditer(text):
            for item in re.split(r", | och ", match["items"]):
                add(item.strip(), "external", paragraph.line_at(match.start()))
        for match in _MEMBER.finditer(text):
            party = _PARTIES.get(match["abbr"])
            if party is not None:
                add(party, "party", paragraph.line_at(match.start()))
        for name, kind, parent in _listed(text, issuer):
            alias = re.fullmatch(r"(?P<name>.+?) \((?P<abbr>[A-ZÅÄÖ]{2,6})\)", name)
            if alias is not None:  # "IT-service (LKDATA)"
                add(alias["name"], kind, paragraph.first, parent)
                spellings[spelling_key(alias["name"])].add(alias["abbr"])
            else:
                add(name, kind, paragraph.first, parent)
        staff_parent = _STAFF_PARENT.search(text)
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
    for first_line, name in _abbreviated_proper_names(doc):
        add(name, "external", first_line)
    _rank_municipalities(doc, found)
    _drop_truncated(found)
    _merge_short_forms(found, spellings)
    _merge_appositions(doc, found, spellings)
    _drop_unheaded(doc, found)
    organisations = _with_aliases(doc, found, spellings)
    organisations.extend(_acronym_owners(doc, organisations))
    facts.organisations.extend(sorted(organisations, key=lambda item: item.span.first_line))


def _abbreviated_proper_names(doc: SourceText) -> list[tuple[int, str]]:
    """Proper names printed with their abbreviation that the text then uses on its own:
    "Sveriges Kommuner och Regioner (SKR)" … "av SKR"."""
    text = "\n".join(line.text for line in doc.lines)
    names: list[tuple[int, str]] = []
    for line in doc.lines:
        for match in _ALIAS.finditer(line.text):
            abbreviation = match["abbr"]
            if abbreviation in _PARTIES or not _PROPER.fullmatch(match["name"]) or names_in(match["name"]):
                continue
            if names_a_thing(match["name"]) or line.text[: match.start()].endswith(", "):
                continue  # a survey or method; "Administration, Kommunikation och Näringsliv (AKN)"
            if len(re.findall(rf"\b{abbreviation}\b", text)) > 1:
                names.append((line.number, match["name"]))
    return names


def _acronym_owners(doc: SourceText, known: list[Organisation]) -> list[Organisation]:
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


def _issuers(document: Document) -> list[tuple[int, str]]:
    """Issuers named by a document and its bilagor: "Verksamhetsberättelse 2020, Leanlink"."""
    named = [(document.span.first_line, document.issuer)] if document.issuer else []
    for attachment in document.attachments:
        match = _ISSUED_BY.search(attachment.title)
        if match is not None:
            for name in (match["issuer"] or match["for"]).split("/"):
                named.append((attachment.span.first_line, base_name(name.strip())))
    return named


def _drop_truncated(found: dict[str, Organisation]) -> None:
    """ "Kommunalförbundet" beside "Kommunalförbundet Fjärde Storstadsregionen" is the same body."""
    names = [organisation.name for organisation in found.values()]
    for key, organisation in list(found.items()):
        if any(other.startswith(organisation.name + " ") for other in names) and " " not in organisation.name:
            del found[key]


def _own_place(doc: SourceText) -> str | None:
    """The place name of the most-named municipality: "Linköping" for "Linköpings kommun"."""
    counts: dict[str, int] = {}
    for line in doc.lines:
        for match in _MUNICIPALITY.finditer(line.text):
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
        after = re.findall(rf"\b{re.escape(organisation.name)}s?\b(?: (\w+))?", text)
        owners = set(after)
        if len(owners) == 1 and (owner := owners.pop()) in names - {organisation.name}:
            spellings.setdefault(spelling_key(owner), set()).add(f"{organisation.name} {owner}")
            del found[key]


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


def _with_aliases(
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
    for abbreviation, party in _PARTIES.items():
        if spelling_key(party) in found:
            aliases[spelling_key(party)].add(abbreviation)
    return [replace(organisation, aliases=tuple(sorted(aliases[key]))) for key, organisation in found.items()]
