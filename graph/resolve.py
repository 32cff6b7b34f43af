"""Entity resolution: one key for the same organisation or goal however it is spelt.

A key is the stable, readable slug an IRI is minted from (``graph/iris.py``). The resolver
is seeded with the entities already in the store, so a document ingested later resolves to
the IRIs minted for earlier ones. Other spellings met are kept as aliases (``skos:altLabel``).

Two names are the same entity when, after Swedish-aware folding (case, å/ä/ö, hyphens,
"&" → "och", parentheses), they are equal, equal without spaces ("Klimat effektiv" /
"Klimateffektiv"), or equal word by word up to OCR or typing damage inside a word
("Linkdping", "Gifrfri"). Words that differ by more than two characters never match, so
"Kommunstyrelsen"/"Kommunfullmäktige" or "Klimatsmart"/"Klimatsäkert" stay apart; goal
titles also accept an inserted compound part ("planberedskap"/"planeringsberedskap").
Organisation names met in running text lose their genitive and trailing words
("barn- och ungdomsnämndens budget" → "Barn- och ungdomsnämnden"); abbreviations come from
``ontology/aliases.yaml`` or from a "Name (ABBR)" definition. See ``docs/resolution.md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

if TYPE_CHECKING:  # the loaders (and wordfreq, below) are imported only where names are resolved
    from loaders.facts import DocumentFacts


__all__ = ["EntityResolver", "Resolution", "fold_tokens", "same_word", "slugify", "word_weight"]

_ABBREVIATION = re.compile(r"[A-ZÅÄÖ][A-ZÅÄÖ0-9]{1,5}")
_DEFINITION = re.compile(r"(?P<name>.+?)\s*\((?P<abbr>[A-ZÅÄÖ][A-ZÅÄÖ0-9]{1,5})\)\s*")
_ORG_HEADS = (
    "namnd", "namnden", "styrelse", "styrelsen", "fullmaktige", "forvaltning", "forvaltningen",
    "utskott", "utskottet", "stab", "staben", "beredning", "beredningen", "kommun", "kommunen",
    "region", "regionen",
)  # fmt: skip
_PREPOSITIONS = frozenset({"i", "for", "av", "pa", "till", "inom"})
_TITLE_NOISE = re.compile(r"^[\s\-–•■*]+|[\s.:;,■*]+$")
_MAX_SLUG = 80


@dataclass(frozen=True, slots=True)
class Resolution:
    """The key and preferred label an entity resolved to."""

    key: str
    label: str
    known: bool
    """True when the key existed before this call (in the store or earlier in this ingest)."""


@dataclass(slots=True)
class _Entity:
    kind: str
    key: str
    scope: str
    label: str
    names: set[str] = field(default_factory=set)
    forms: set[tuple[str, ...]] = field(default_factory=set)
    seen: bool = False

    def add(self, name: str, tokens: tuple[str, ...]) -> None:
        self.names.add(name)
        self.forms.add(tokens)


@dataclass(slots=True)
class EntityResolver:
    """Resolves names to keys per kind ("organisation", "goal"), remembering aliases."""

    _entities: dict[tuple[str, str], _Entity] = field(default_factory=dict)
    _abbreviations: dict[str, str] = field(default_factory=dict)
    _scopes: dict[tuple[str, str], list[_Entity]] = field(default_factory=dict)
    """Entities by (kind, scope), in the order they were made."""
    _spellings: dict[tuple[str, str, str], _Entity] = field(default_factory=dict)
    """(kind, scope, folded words run together) → the first entity spelt so."""

    @classmethod
    def seeded(cls, known: Iterable[tuple[str, str, str]], *, curated: bool = True) -> EntityResolver:
        """A resolver that knows ``(kind, key, label)`` triples already in the store.

        With ``curated`` the abbreviations of ``ontology/aliases.yaml`` are known too.
        """
        resolver = cls()
        seeded: set[str] = set()
        for kind, key, label in known:
            seeded.add(key)
            entity = resolver._entities.get((kind, key))
            if entity is None:
                scope = key.rpartition("/")[0]
                entity = resolver._new(kind, key, scope, label)
                entity.seen = True
            resolver._add(entity, label)
            if kind == "organisation" and _ABBREVIATION.fullmatch(label):
                resolver._abbreviations.setdefault(label, key)  # "LKDATA" stored as IT-service's altLabel
        if curated:
            for name, abbreviations in curated_abbreviations().items():
                resolver.organisation(name, aliases=abbreviations)
            for entity in resolver._entities.values():
                entity.seen = entity.seen and entity.key in seeded
        return resolver

    def organisation(self, name: str, *, aliases: Iterable[str] = ()) -> Resolution:
        """Resolve an organisation name, abbreviation, genitive or OCR-damaged spelling.

        ``aliases`` are other names a document gives the same organisation ("Polisen",
        "KS"); they resolve to this key from now on unless they already name another one.
        """
        raw = " ".join(name.split())
        aliases = [" ".join(alias.split()) for alias in aliases]
        definition = _DEFINITION.fullmatch(raw)
        if definition:
            raw, aliases = definition["name"], [definition["abbr"], *aliases]
        found = self._find_organisation(raw)
        known = found is not None and found[0].seen
        if found is None:
            canonical = _org_canonical(raw)
            found = (self._bare_abbreviation(aliases) or self._mint("organisation", "", canonical)), canonical
            if _ABBREVIATION.fullmatch(raw):
                self._abbreviations[raw] = found[0].key
        resolution = self._record(found[0], found[1], known)
        self._add_aliases(found[0], aliases)
        return resolution

    def goal(self, title: str, owner: str | None = None, *, aliases: Iterable[str] = ()) -> Resolution:
        """Resolve a goal title within its owner's goals ("Giffri miljö" → giftfri-miljo).

        ``owner`` is the owning organisation's name or key; ``aliases`` other titles a
        document gives the same goal.
        """
        if owner is None:
            scope = ""
        elif ("organisation", owner) in self._entities:
            scope = owner  # already a key, as graph/iris.py passes it
        else:
            scope = self.organisation(owner).key
        raw = _TITLE_NOISE.sub("", " ".join(title.split()))
        entity = self._match("goal", scope, fold_tokens(raw), insertions=True)
        known = entity is not None and entity.seen
        if entity is None:
            entity = self._mint("goal", scope, raw)
        resolution = self._record(entity, raw, known)
        for alias in aliases:
            alias = _TITLE_NOISE.sub("", " ".join(alias.split()))
            if self._match("goal", scope, fold_tokens(alias), insertions=True) in (None, entity):
                self._add(entity, alias)
        return resolution

    def prime(self, facts: Iterable[DocumentFacts]) -> None:
        """Resolve the names of a batch of documents best spelling first, so keys do not depend on order.

        Call it with the facts of every document of one ingest before resolving their names one
        by one: a new entity's key is then minted from its best spelling ("Giftfri miljö",
        "Klimateffektiv verksamhet") whichever document comes first, and an abbreviation binds
        to the name it is given for before it is met bare. Keys already in the store are kept.
        """
        organisations: dict[str, set[str]] = {}
        goals: set[tuple[str, str]] = set()
        for document in facts:
            for organisation in document.organisations:
                organisations.setdefault(organisation.name, set()).update(organisation.aliases)
            for goal in document.goals:
                goals.add((goal.owner or "", goal.title))
                if goal.owner:
                    organisations.setdefault(goal.owner, set())
        for name in sorted(organisations, key=_priming_order):
            self.organisation(name, aliases=sorted(organisations[name]))
        for owner, title in sorted(goals, key=lambda goal: (goal[0], _priming_order(goal[1]))):
            self.goal(title, owner or None)

    def aliases(self, kind: str, key: str) -> set[str]:
        """Other spellings met for the entity ``key`` of ``kind``."""
        entity = self._entities.get((kind, key))
        if entity is None:
            return set()
        abbreviations = {abbr for abbr, target in self._abbreviations.items() if target == key}
        names = entity.names | (abbreviations if kind == "organisation" else set())
        return {name for name in names if name.casefold() != entity.label.casefold()}

    def _bare_abbreviation(self, aliases: Iterable[str]) -> _Entity | None:
        """An organisation so far known only by one of ``aliases``, an abbreviation met bare
        ("LKDATA" before "IT-service (LKDATA)"): the written-out name joins it."""
        for alias in aliases:
            if _ABBREVIATION.fullmatch(alias):
                entity = self._entities.get(("organisation", self._abbreviations.get(alias, slugify(alias))))
                if entity is not None and all(_ABBREVIATION.fullmatch(n) for n in entity.names):
                    return entity
        return None

    def _add_aliases(self, entity: _Entity, aliases: Iterable[str]) -> None:
        for alias in (" ".join(alias.split()) for alias in aliases):
            if _ABBREVIATION.fullmatch(alias):
                self._abbreviations.setdefault(alias, entity.key)
            elif (self._find_organisation(alias) or (entity, ""))[0] is entity:
                self._add(entity, alias)

    def _find_organisation(self, raw: str) -> tuple[_Entity, str] | None:
        """The organisation ``raw`` names, and the form of ``raw`` that matched it."""
        if _ABBREVIATION.fullmatch(raw):
            # an abbreviation met bare in an earlier ingest is in the store under its own slug
            key = self._abbreviations.get(raw, slugify(raw))
            entity = self._entities.get(("organisation", key))
            return (entity, raw) if entity else None
        candidates = dict.fromkeys((_org_canonical(raw), _without_genitive(raw), raw))
        for fuzzy in (False, True):
            for candidate in candidates:
                entity = self._match(
                    "organisation", "", fold_tokens(candidate), fuzzy=fuzzy, insertions=False
                )
                if entity is not None:
                    return entity, candidate
        return None

    def _match(
        self, kind: str, scope: str, tokens: tuple[str, ...], *, fuzzy: bool = True, insertions: bool
    ) -> _Entity | None:
        """The entity with a spelling equal to ``tokens`` (or, with ``fuzzy``, :func:`same_words`)."""
        exact = self._spellings.get((kind, scope, "".join(tokens)))
        if exact is not None or not fuzzy:
            return exact
        for entity in self._scopes.get((kind, scope), ()):
            for form in entity.forms:
                if same_words(*_comparable(kind, tokens, form), insertions=insertions):
                    return entity
        return None

    def _new(self, kind: str, key: str, scope: str, label: str) -> _Entity:
        entity = self._entities[(kind, key)] = _Entity(kind, key, scope, label)
        self._scopes.setdefault((kind, scope), []).append(entity)
        return entity

    def _add(self, entity: _Entity, name: str) -> None:
        """Remember ``name`` as a spelling of ``entity``."""
        tokens = fold_tokens(name)
        entity.add(name, tokens)
        self._spellings.setdefault((entity.kind, entity.scope, "".join(tokens)), entity)

    def _mint(self, kind: str, scope: str, name: str) -> _Entity:
        slug = _short_slug(correct_spelling(name)) or "unnamed"
        key = f"{scope}/{slug}" if scope else slug
        suffix = 2
        while (kind, key) in self._entities:
            key = f"{scope}/{slug}-{suffix}" if scope else f"{slug}-{suffix}"
            suffix += 1
        entity = self._new(kind, key, scope, name)
        self._add(entity, name)
        return entity

    def _record(self, entity: _Entity, name: str, known: bool) -> Resolution:
        """Remember ``name`` as a spelling of ``entity``; the best spelling is its label."""
        self._add(entity, name)
        entity.seen = True
        label = name[:1].upper() + name[1:]
        if not _ABBREVIATION.fullmatch(label) and _label_rank(label) > _label_rank(entity.label):
            entity.label = label
        return Resolution(key=entity.key, label=entity.label, known=known)


def _comparable(kind: str, *forms: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Organisation names without the prepositions that come and go ("Räddningstjänsten (i) Östra …")."""
    if kind != "organisation":
        return list(forms)
    return [_content_tokens(form) for form in forms]


@lru_cache(maxsize=65536)
def _content_tokens(form: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(token for token in form if token not in _PREPOSITIONS)


def _short_slug(name: str) -> str:
    slug = slugify(name)
    if len(slug) <= _MAX_SLUG:
        return slug
    return slug[: slug.rfind("-", 0, _MAX_SLUG + 1)]


def _priming_order(name: str) -> tuple[bool, bool, bool, float, bool, int, str]:
    """Written-out names best spelling first, then "Name (ABBR)" definitions, then bare abbreviations."""
    written, plain, spelling, capitalised, length = _label_rank(name)
    definition = _DEFINITION.fullmatch(name) is not None
    return (not written, definition, not plain, -spelling, not capitalised, -length, name)


@lru_cache(maxsize=65536)
def _label_rank(name: str) -> tuple[bool, bool, float, bool, int]:
    """Preference for labels: written out, not genitive, correctly spelt, capitalised, fuller.

    A final "s" after a letter is taken for a genitive left by running text ("… Östra Götalands");
    spaces and hyphens do not count towards fullness ("Klimateffektiv" over "Klimat effektiv").
    """
    return (
        not _ABBREVIATION.fullmatch(name),
        not re.search(r"[^\W\d_]s$", name),
        spelling_score(name),
        name[:1].isupper(),
        len(name) - 2 * len(re.findall(r"(?<=\w)[\s-]+(?=\w)", name)),
    )


def _without_genitive(raw: str) -> str:
    return raw[:-1] if raw.endswith("s") and len(raw) > 4 else raw


@lru_cache(maxsize=65536)
def _org_canonical(raw: str) -> str:
    """Name as a label: genitive and trailing words of running text removed, capitalised."""
    words = raw.split(" ")
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        folded = slugify(word)
        base = folded[:-1] if folded.endswith("s") else folded
        if any(base.endswith(head) for head in _ORG_HEADS):
            head = word[:-1] if base != folded else word
            words = [*words[:index], head]
            break
    name = " ".join(words)
    return name[:1].upper() + name[1:] if name[:1].islower() else name


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Lower-case ASCII slug: "Giftfri miljö" → "giftfri-miljo", "Barn- och …" → "barn-och-…"."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("&", " och "))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


@lru_cache(maxsize=65536)
def fold_tokens(name: str) -> tuple[str, ...]:
    """Words of ``name`` for comparison: casefolded, å/ä/ö folded, "&" as "och", no punctuation."""
    return tuple(token for token in slugify(name).split("-") if token)


def same_word(a: str, b: str, *, insertions: bool = False) -> bool:
    """Folded words equal up to damage inside the word (one or two characters).

    With ``insertions`` one word may also hold an extra compound part between a shared
    start and end of four characters or more ("planberedskap"/"planeringsberedskap").
    """
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter < 4 or any(ch.isdigit() for ch in a + b):
        return False
    prefix = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), shorter)
    suffix = 0
    while suffix < shorter - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    middle_a, middle_b = len(a) - prefix - suffix, len(b) - prefix - suffix
    if middle_a + middle_b <= (1 if shorter < 7 else 2):
        return True
    return (
        insertions
        and min(middle_a, middle_b) == 0
        and max(middle_a, middle_b) <= 7
        and min(prefix, suffix) >= 4
    )


@lru_cache(maxsize=65536)
def same_words(a: tuple[str, ...], b: tuple[str, ...], *, insertions: bool) -> bool:
    """Same number of words, each pair :func:`same_word`."""
    return len(a) == len(b) and all(same_word(x, y, insertions=insertions) for x, y in zip(a, b, strict=True))


@cache
def curated_abbreviations() -> dict[str, tuple[str, ...]]:
    """Full organisation name → abbreviations, from ``ontology/aliases.yaml``."""
    text = files("ontology").joinpath("aliases.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    entries = data.get("organisation", {}) or {}
    return {str(name): tuple(str(abbr) for abbr in abbrs or ()) for name, abbrs in entries.items()}


@cache
def _zipf(word: str) -> float:
    return float(_wordfreq().zipf_frequency(word, "sv"))


@cache
def _wordfreq() -> Any:
    """The ``wordfreq`` module, imported at first use: it takes a fifth of a second, and a server
    that only answers queries never resolves a name."""
    import wordfreq

    return wordfreq


def word_weight(word: str) -> float:
    """Information carried by a word: high for rare words, near zero for "och", "för", "i"."""
    return min(6.0, max(0.2, 6.5 - _zipf(word)))


def _words(name: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", name.casefold())


@cache
def _is_word(word: str) -> bool:
    """A Swedish word, or a compound of two (with or without a linking s) of four letters or more."""
    if _zipf(word) > 0:
        return True
    for cut in range(4, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        if _zipf(tail) > 0 and (_zipf(head) > 0 or (head.endswith("s") and _zipf(head[:-1]) > 0)):
            return True
    return False


def spelling_score(name: str) -> float:
    """Share of the words of ``name`` (three letters or more) that are Swedish words or compounds."""
    words = [word for word in _words(name) if len(word) >= 3]
    return sum(_is_word(word) for word in words) / len(words) if words else 0.0


@cache
def _lexicon() -> dict[int, list[str]]:
    """Common Swedish words (Zipf ≥ 2) by length."""
    by_length: dict[int, list[str]] = {}
    for word, frequency in _wordfreq().get_frequency_dict("sv").items():
        if frequency >= 1e-7 and word.isalpha():
            by_length.setdefault(len(word), []).append(word)
    return by_length


@cache
def _correct_word(word: str) -> str:
    if len(word) < 5 or _zipf(word) > 0:
        return word
    pool = [w for length in (len(word) - 1, len(word), len(word) + 1) for w in _lexicon().get(length, ())]
    matches = process.extract(word, pool, scorer=Levenshtein.distance, score_cutoff=1, limit=2)
    return matches[0][0] if len(matches) == 1 else word


def correct_spelling(name: str) -> str:
    """``name`` with each unknown word replaced by the one common word one edit away, if unique."""
    return re.sub(r"[^\W\d_]+", lambda m: _correct_word(m.group().casefold()), name)
