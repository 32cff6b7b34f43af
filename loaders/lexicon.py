"""A Swedish lexicon for OCR repair: word frequencies plus an index by diacritic-free key.

Frequencies come from ``wordfreq`` (Zipf scale: 7 ≈ "är", 3 ≈ a rare but real word,
0 = unknown). OCR loses the dots and rings of å/ä/ö, so words are also indexed by a
*key* with å/ä → a, ö → o and é → e; a damaged token finds its readings by key and
a check against the characters OCR could have misread.

Municipal governance compounds that general text rarely contains ("målvärde",
"nämndmål", "kundnöjdhet") are added from a short domain vocabulary, and a document
may add the words it prints correctly (:meth:`Lexicon.learn`).
"""

from __future__ import annotations

from functools import lru_cache

import wordfreq

__all__ = ["GOVERNANCE_WORDS", "Lexicon", "fold_key", "swedish_lexicon"]

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})
_MARKED = frozenset("åäöé")

GOVERNANCE_WORDS: tuple[str, ...] = (
    "målområde",
    "målområden",
    "målvärde",
    "målvärdet",
    "målvärden",
    "nämndmål",
    "nämndmålet",
    "nämndindikatorer",
    "måluppfyllelse",
    "måluppfyllelsen",
    "målavstämning",
    "kommunövergripande",
    "förvaltningsmål",
    "verksamhetsstöd",
    "kundnöjdhet",
    "lösningsgrad",
    "lösningsgraden",
    "sjukfrånvaro",
    "personalomsättning",
    "chefsomsättning",
    "tjänsteproduktion",
    "lokalförsörjningsplan",
    "kompetensförsörjning",
    "internkontrollplan",
    "ärendevolym",
    "ärendehantering",
    "tillsvidareanställda",
    "heltidsanställningar",
    "avtalstrohet",
    "avvikelse",
    "bokslut",
    "driftsammandrag",
    "färdigställda",
    "pågående",
    "återstående",
)


def fold_key(word: str) -> str:
    """The diacritic-free key of a lower-case word ("förvaltning" → "forvaltning")."""
    return word.translate(_FOLD)


class Lexicon:
    """Swedish word frequencies indexed by :func:`fold_key`.

    :meth:`overlay` gives a copy that shares the large tables and learns words of one
    document without changing the shared lexicon.
    """

    __slots__ = ("_extra", "_extra_index", "_freq", "_index")

    def __init__(self, buckets: list[list[str]], extra: tuple[str, ...] = ()) -> None:
        """``buckets[i]`` holds the words of Zipf frequency 9 − i/100 (wordfreq's layout)."""
        self._freq: dict[str, float] = {}
        grouped: dict[str, list[str]] = {}
        for rank, bucket in enumerate(buckets):
            zipf = round(9.0 - rank / 100, 2)
            for word in bucket:
                self._freq.setdefault(word, zipf)
                if not _MARKED.isdisjoint(word):
                    grouped.setdefault(fold_key(word), []).append(word)
        for word in extra:
            if word not in self._freq:
                grouped.setdefault(fold_key(word), []).append(word)
        self._index: dict[str, tuple[str, ...]] = {key: tuple(words) for key, words in grouped.items()}
        self._extra: dict[str, float] = dict.fromkeys(extra, 3.0)
        self._extra_index: dict[str, list[str]] = {}

    def overlay(self) -> Lexicon:
        """A lexicon sharing this one's tables, for words learned from one document."""
        copy = Lexicon.__new__(Lexicon)
        copy._freq = self._freq
        copy._index = self._index
        copy._extra = dict(self._extra)
        copy._extra_index = {}
        return copy

    def learn(self, word: str, zipf: float = 3.0) -> None:
        """Add the lower-case ``word`` with at least frequency ``zipf``."""
        if self.zipf(word) >= zipf:
            return
        if word not in self._freq and word not in self._extra and not _MARKED.isdisjoint(word):
            self._extra_index.setdefault(fold_key(word), []).append(word)
        self._extra[word] = zipf

    def zipf(self, word: str) -> float:
        """Zipf frequency of the lower-case ``word``; 0.0 when unknown."""
        return max(self._extra.get(word, 0.0), self._freq.get(word, 0.0))

    def words_with_key(self, key: str) -> tuple[str, ...]:
        """Known words whose :func:`fold_key` is ``key`` (``key`` itself included when known)."""
        found = self._index.get(key, ())
        learned = self._extra_index.get(key)
        if learned:
            found = found + tuple(learned)
        if key in self._freq or key in self._extra:
            found = (key, *found)
        return found


@lru_cache(maxsize=1)
def swedish_lexicon() -> Lexicon:
    """The shared Swedish lexicon (built once, on first use; well under a second)."""
    return Lexicon(wordfreq.get_frequency_list("sv"), GOVERNANCE_WORDS)
