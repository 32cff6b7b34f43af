"""OCR damage detection and word-by-word repair of Swedish text.

Scanned reports lose the dots and rings of å/ä/ö: "Uppf6ljning", "Linkdping", "férvaltningar",
"&r" for "är", "Malomrade" for "Målområde". A document counts as damaged when hardly any
of its letters are å/ä/ö (Swedish prose has four to five in a hundred) or when many words
mix letters with the digits and signs OCR puts in their place; only then is anything
changed, so clean documents come through byte for byte.

Each word is repaired on its own: readings are generated from the characters OCR
confuses (:data:`SINGLE`, :data:`PAIRS`), looked up in the
Swedish :class:`~loaders.lexicon.Lexicon` by diacritic-free key, and the most frequent reading
replaces the word only when it is clearly more likely than the word as printed
("for" 4.9 → "för" 7.2 on the Zipf scale; "har" 7.0 stays although "här" is 6.4).
Unknown compounds are split into two known parts ("Verksamhetsstdd" → "Verksamhetsstöd").
Bullets read as "e", "o" or "§" become "•", and the status icons after goal headings
("C_D", "€D") are dropped. Every change is recorded as an :class:`OcrRepair`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from loaders.facts import OcrRepair
from loaders.lexicon import Lexicon, fold_key, swedish_lexicon

if TYPE_CHECKING:
    from loaders.text import Line

__all__ = ["PAIRS", "SINGLE", "WordRepairer", "is_damaged", "repair_lines"]

_TOKEN = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ&¢{§]+")
_LETTER = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ¢]")
_MIXED = re.compile(r"[a-zé][06&4]|[06&4][a-zé]|[a-z]é|é[a-z]")
_BULLET = re.compile(r"^(\s*)([eo§«©])(\s+)(?=\S)")
_E_PREFIX = re.compile(r"(?<![\w-])[c¢]-(?=[a-zåäö])")
_ICON = re.compile(r"(\w[\w).]*)(\s+)([C€©]?_?[DO]|€|©)$")
_MIN_LETTERS = 400
_MARKED_SHARE = 0.015
_MIXED_SHARE = 0.02
_MARKED = frozenset("åäöÅÄÖ")


def is_damaged(lines: list[Line]) -> bool:
    """Whether the text reads like OCR output that lost its å/ä/ö."""
    letters = marked = words = mixed = 0
    for line in lines:
        letters += sum(map(str.isalpha, line.text))
        marked += sum(map(line.text.count, _MARKED))
        tokens = _TOKEN.findall(line.text)
        words += len(tokens)
        if _MIXED.search(line.text):  # a mixed pair never spans two tokens
            mixed += sum(1 for token in tokens if _MIXED.search(token))
    if letters < _MIN_LETTERS:
        return False
    return marked / letters < _MARKED_SHARE or mixed / max(words, 1) > _MIXED_SHARE


def repair_lines(lines: list[Line]) -> tuple[list[Line], list[OcrRepair], bool]:
    """Return the lines with OCR damage repaired, the repairs made, and whether damage was found."""
    if not is_damaged(lines):
        return lines, [], False

    lexicon = swedish_lexicon().overlay()
    for line in lines:
        for token in _TOKEN.findall(line.text):
            if len(token) > 2 and not _MARKED.isdisjoint(token):
                lexicon.learn(token.lower())
    repairer = WordRepairer(lexicon)
    repairer.support = _support(lines, repairer)
    repaired, repairs = _repair_all(lines, repairer)
    return repaired, repairs, True


def _repair_all(lines: list[Line], repairer: WordRepairer) -> tuple[list[Line], list[OcrRepair]]:
    from loaders.text import Line

    repairs: list[OcrRepair] = []
    repaired: list[Line] = []
    known: dict[str, str] = {}  # each word's repair, once per document
    for line in lines:
        text = _repair_furniture(line, repairs)
        text = _TOKEN.sub(_token_fixer(line.number, repairer, repairs, known), text)
        repaired.append(line if text == line.text else Line(line.number, text))
    return repaired, repairs


def _support(lines: list[Line], repairer: WordRepairer) -> dict[str, set[str]]:
    """For every word of the repaired text, the printed words it was read from (each printed
    word repaired once, before any support is known).

    Between two readings of near equal frequency ("végar": "vågar" or "vägar"), the one the
    document prints elsewhere wins ("Nya vigar" → "vägar").
    """
    tokens = dict.fromkeys(token for line in lines for token in _TOKEN.findall(line.text))
    support: dict[str, set[str]] = {}
    for token in tokens:
        support.setdefault(repairer.repair(token).lower(), set()).add(token.lower())
    return support


def _repair_furniture(line: Line, repairs: list[OcrRepair]) -> str:
    """Turn a misread bullet into "•", "c-handel" into "e-handel", and drop a heading's status icon."""
    text = line.text
    bullet = _BULLET.match(text)
    if bullet:
        repairs.append(OcrRepair(bullet.group(2), "•", line.number))
        text = f"{bullet.group(1)}•{bullet.group(3)}{text[bullet.end() :]}"
    for prefix in _E_PREFIX.finditer(text):
        repairs.append(OcrRepair(prefix.group(), "e-", line.number))
    text = _E_PREFIX.sub("e-", text)
    icon = _ICON.search(text)
    if icon and len(text) <= 80:
        repairs.append(OcrRepair(icon.group(3), "", line.number))
        text = text[: icon.end(1)]
    return text


def _token_fixer(
    number: int, repairer: WordRepairer, repairs: list[OcrRepair], known: dict[str, str]
) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` callback repairing each word of line ``number`` and recording the repair.

    ``known`` holds the repairs of words met before (a word's repair does not depend on its line).
    After a participle ("föregående", "nästkommande") "ar" is "år", not the likelier "är".
    """

    previous = ""

    def fix(match: re.Match[str]) -> str:
        nonlocal previous
        token = match.group()
        if not _LETTER.search(token):
            return token
        fixed = known.get(token)
        if fixed is None:
            fixed = known[token] = repairer.repair(token)
        if previous.endswith(_PARTICIPLES) and _YEAR_NOUN in repairer.readings(token.lower()):
            fixed = _transfer_case(token, _YEAR_NOUN)
        previous = fixed.lower()
        if fixed != token:
            repairs.append(OcrRepair(token, fixed, number))
        return fixed

    return fix


SINGLE: dict[str, str] = {
    "a": "aäå",
    "o": "oö",
    "e": "e",
    "é": "éåäö",
    "d": "döäå",
    "i": "iäl",
    "c": "ce",
    "6": "ö",
    "0": "ö",
    "&": "äöå",
    "4": "äå",
    "8": "å",
    "¢": "e",
    "1": "l",
    "{": "f",
    "§": "ö",
}
"""Characters OCR printed (lower case) → the letters they may stand for (itself first)."""

PAIRS: dict[str, str] = {
    "ia": "ä",
    "ii": "ä",
    "id": "ä",
    "ai": "äå",
    "aé": "åä",
    "éa": "åä",
    "ié": "ä",
    "oé": "ö",
    "éo": "ö",
    "o6": "ö",
    "6é": "ö",
    "6o": "ö",
    "ao": "ö",
    "é&": "ä",
    "&é": "ä",
    "&d": "ä",
    "di": "ä",
    "ad": "ä",
    "éd": "ä",
    "d&": "ä",
}
"""Two printed characters standing for one letter ("Niamnden", "maélvérde", "é&r")."""

_MAX_EDITS = 3
_PAIR_MIN_LENGTH = 4
"""Shorter words are not read through two plain letters ("dir" is "där", never "är")."""
_MIN_ZIPF = 1.5
_SHORT_ZIPF = 4.0
_MARGIN = 1.0
_PARTICIPLES = ("ande", "ende")
_YEAR_NOUN = "år"
_SURE_ZIPF = 3.5
_SURE_LENGTH = 6
"""A long word this frequent as printed is taken as it stands, unsearched."""
_CLOSE = 0.5
_TAIL_LENGTH = 3
_HEAD_LENGTH = 4
_EDIT_PENALTY = 0.25
_RANK_FLOOR = 2.0
_PART_ZIPF = 2.5
_INSERT_LENGTH = 4
_COMPOUND_LENGTH = 8
_CAMEL = re.compile(r"(?<=[a-zé])(?=[A-Z])")
_CODE = re.compile(r"[A-Z]+[0-9][A-Z0-9]*")
_Reading = tuple[str, tuple[frozenset[str], ...], int]


class WordRepairer:
    """Repairs single words against a :class:`Lexicon`, caching every answer."""

    __slots__ = ("_best", "_close", "_lexicon", "_parts", "_readings", "support")

    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        self._best: dict[str, tuple[str, float]] = {}
        self._close: dict[str, list[str]] = {}
        self._readings: dict[str, tuple[str, ...]] = {}
        self._parts: dict[str, tuple[str, float]] = {}
        self.support: dict[str, set[str]] = {}
        """Printed words behind each word of the document (see :func:`repair_lines`)."""

    def repair(self, token: str) -> str:
        """The most likely reading of ``token``, in its case; ``token`` itself when unsure.

        Words written in camel case ("eLarandeCenter") are repaired part by part, and a
        part is changed only when it is not a word as printed ("Link" in "LeanLink" stays).
        """
        parts = _CAMEL.split(token)
        if len(parts) > 1:
            return "".join(self._repair_word(part, unknown_only=True) for part in parts)
        return self._repair_word(token, unknown_only=False)

    def _repair_word(self, token: str, *, unknown_only: bool) -> str:
        word = token.lower()
        if len(word) < 2 and word != "¢":
            return token
        if _CODE.fullmatch(token) or (token.isupper() and word.isalpha()):
            return token
        original = self._lexicon.zipf(word) if word.isalpha() else 0.0
        if unknown_only and original > 0.0:
            return token
        best, score = self._choose(word)
        if best == word and original == 0.0 and word.isalpha() and len(word) >= _INSERT_LENGTH:
            best, score = self._inserted(word)
        if best == word and original == 0.0 and len(word) >= _COMPOUND_LENGTH:
            best, score = self._compound(word, 2)
            if score < _PART_ZIPF:
                return token
        return token if best == word else _transfer_case(token, best)

    def _inserted(self, word: str) -> tuple[str, float]:
        """An unknown word with the å, ä or ö OCR dropped put back ("tjnsteproduktion")."""
        best, best_score = word, 0.0
        for index in range(len(word) + 1):
            for letter in "äöå":
                candidate = word[:index] + letter + word[index:]
                score = self._lexicon.zipf(candidate)
                if score > best_score:
                    best, best_score = candidate, score
        return (best, best_score) if best_score >= _MIN_ZIPF else (word, 0.0)

    def _choose(self, word: str) -> tuple[str, float]:
        """The reading of ``word`` to print and its frequency; ``word`` unless one is clearly likelier."""
        original = self._lexicon.zipf(word) if word.isalpha() else 0.0
        if original >= _SURE_ZIPF and len(word) >= _SURE_LENGTH:
            return word, original
        best, score = self.best_reading(word)
        best, score = self._supported(word, best, score)
        floor = _SHORT_ZIPF if len(best) <= 2 else _MIN_ZIPF
        if best != word and score >= floor and score - original >= _MARGIN:
            return best, score
        return word, original

    def _supported(self, word: str, best: str, score: float) -> tuple[str, float]:
        """Of readings within :data:`_CLOSE` of ``best``, the one other printed words support most."""
        if not self.support:
            return best, score
        ranked = [(len(self.support.get(c, set()) - {word}), c) for c in (best, *self._close.get(word, ()))]
        count, chosen = max(ranked, key=lambda item: item[0])
        if chosen == best or count == ranked[0][0]:
            return best, score
        return chosen, self._lexicon.zipf(chosen)

    def readings(self, word: str) -> tuple[str, ...]:
        """Every known reading of the lower-case ``word``."""
        self.best_reading(word)
        return self._readings.get(word, ())

    def best_reading(self, word: str) -> tuple[str, float]:
        """The most frequent known reading of the lower-case ``word`` and its Zipf frequency."""
        cached = self._best.get(word)
        if cached is not None:
            return cached
        best, best_score, best_edits = word, -1.0, 99
        scored: dict[str, float] = {}
        for key, allowed, edits in _readings(word):
            for candidate in self._lexicon.words_with_key(key):
                if len(candidate) != len(allowed) or any(
                    char not in options for char, options in zip(candidate, allowed, strict=True)
                ):
                    continue
                score = self._lexicon.zipf(candidate)
                scored[candidate] = score
                if score > best_score or (score == best_score and edits < best_edits):
                    best, best_score, best_edits = candidate, score, edits
        self._best[word] = (best, max(best_score, 0.0))
        self._close[word] = [c for c, z in scored.items() if c != best and z >= best_score - _CLOSE]
        self._readings[word] = tuple(scored)
        return self._best[word]

    def _compound(self, word: str, depth: int) -> tuple[str, float]:
        """The best split of ``word`` into known parts, two parts before three.

        A split scores its weakest part's frequency less a penalty per changed letter, so
        that "kemikalie|programmet" as printed beats a reading with a misread letter.
        """
        cached = self._parts.get(word)
        if cached is not None:
            return cached
        best, best_score = self._split(word, None)
        if best_score < _PART_ZIPF and depth > 1:
            best, best_score = self._split(word, depth - 1)
        self._parts[word] = (best, best_score)
        return best, best_score

    def _split(self, word: str, depth: int | None) -> tuple[str, float]:
        best, best_score, best_rank = word, 0.0, 0.0
        for cut in range(_HEAD_LENGTH - 1, len(word) - _TAIL_LENGTH + 1):
            head, head_score = self._head(word[:cut])
            if head_score < _PART_ZIPF or (len(word) - cut <= _TAIL_LENGTH and not head.endswith("s")):
                continue
            tail, tail_score = self._tail(word[cut:])
            if (
                depth is not None
                and tail_score < _PART_ZIPF
                and len(word) - cut >= _HEAD_LENGTH + _TAIL_LENGTH
            ):
                tail, tail_score = self._compound(word[cut:], depth)
            score = min(head_score, tail_score)
            rank = score - _EDIT_PENALTY * _edits(word, head + tail)
            if score >= _PART_ZIPF and rank >= _RANK_FLOOR and rank > best_rank:
                best, best_score, best_rank = head + tail, score, rank
        return best, best_score

    def _tail(self, tail: str) -> tuple[str, float]:
        """A compound's last part; a genitive -s is scored by its stem ("undersökningen-s")."""
        reading, score = self._choose(tail)
        if score < _PART_ZIPF and tail.endswith("s") and len(tail) > _HEAD_LENGTH:
            stem, stem_score = self._choose(tail[:-1])
            if stem_score > score:
                return stem + "s", stem_score
        return reading, score

    def _head(self, head: str) -> tuple[str, float]:
        """A compound's first part, scored by its stem when it ends in a linking letter.

        "verksamhets-" counts as "verksamhet", "löne-" as "lön", "medarbetar-" as
        "medarbetare"; a three-letter head must end in -s ("års-").
        """
        if len(head) < _HEAD_LENGTH and not head.endswith("s"):
            return head, 0.0
        reading, score = self._choose(head)
        if score >= _PART_ZIPF:
            return reading, score
        stems = [(head + "e", "")]
        if head[-1] in "sea" and len(head) >= _HEAD_LENGTH:
            stems.append((head[:-1], head[-1]))
        for stem, suffix in stems:
            stem_reading, stem_score = self._choose(stem)
            if stem_score > score:
                reading = stem_reading + suffix if suffix else stem_reading[:-1]
                score = stem_score
        return reading, score


@lru_cache(maxsize=65536)
def _readings(word: str) -> tuple[_Reading, ...]:
    """Every (key, allowed letters per position, edits) reading of ``word`` within the edit budget
    (kept for the process: documents share most words)."""
    choices = [_choices(word[index], word[index : index + 2]) for index in range(len(word))]
    if len(word) < _PAIR_MIN_LENGTH:
        plain = [
            word[index : index + 2].isascii() and word[index : index + 2].isalpha()
            for index in range(len(word))
        ]
        choices = [
            tuple(choice for choice in options if choice[3] == 1 or not plain[index])
            for index, options in enumerate(choices)
        ]
    readings: list[_Reading] = []
    keys: list[str] = []
    allowed: list[frozenset[str]] = []

    def walk(index: int, edits: int) -> None:
        if index == len(word):
            readings.append(("".join(keys), tuple(allowed), edits))
            return
        for key, letters, cost, width in choices[index]:
            if edits + cost <= _MAX_EDITS:
                keys.append(key)
                allowed.append(letters)
                walk(index + width, edits + cost)
                keys.pop()
                allowed.pop()

    walk(0, 0)
    return tuple(readings)


@lru_cache(maxsize=4096)
def _choices(char: str, pair: str) -> tuple[tuple[str, frozenset[str], int, int], ...]:
    """How the printed ``char`` (followed by ``pair[1:]``) may be read: key, letters, cost, width."""
    merged: dict[tuple[str, int, int], set[str]] = {}
    for letter in SINGLE.get(char, char):
        free = letter == char or fold_key(letter) == fold_key(char)
        merged.setdefault((fold_key(letter), 0 if free else 1, 1), set()).add(letter)
    for letter in PAIRS.get(pair, ""):
        merged.setdefault((fold_key(letter), 1, 2), set()).add(letter)
    return tuple(
        (key, frozenset(letters), cost, width)
        for (key, cost, width), letters in merged.items()
        if key.isalpha()
    )


def _edits(printed: str, reading: str) -> int:
    """Letters changed between ``printed`` and ``reading``."""
    matcher = SequenceMatcher(None, printed, reading, autojunk=False)
    return max(len(printed), len(reading)) - sum(block.size for block in matcher.get_matching_blocks())


def _transfer_case(token: str, word: str) -> str:
    """``word`` in the letter case of ``token`` (per letter when the lengths agree)."""
    if len(token) == len(word):
        return "".join(w.upper() if t.isupper() else w for t, w in zip(token, word, strict=True))
    if token.isupper() and len(token) > 1:
        return word.upper()
    if token[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
