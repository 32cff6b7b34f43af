"""Goal versions: renamed or restructured goals of one owner linked across periods, not merged.

A goal keeps its key while its title only changes by spelling (``graph/resolve.py``). When a
nämnd rewords or restructures its goals between budget periods ("Framgångsrikt chef- och
ledarskap" → "Hållbart chef- och ledarskap"), the later goal is a new entity and
:func:`link_goal_versions` links it to its predecessor with a similarity and a reason.

Similarity compares words weighted by how rare they are in Swedish (``wordfreq``), so shared
"och", "för" or "god" count for little and shared "koldioxidneutralt" or "arbetsplatser" for
much. Word forms are compared by stem ("koldioxidneutralitet"/"koldioxidneutralt",
"digitaliseringsgrad"/"digitalisering"). The score is the best of: title overlap, one title
contained in the other, overlap of title plus description (the målbeskrivning), and the share
of the earlier goal's indicators found under the later goal (indicators moved with it); a shared
parent goal adds a little, and so does the earlier goal's parent being named in the later goal
(a goal absorbed into a broader one: "Klimateffektiv verksamhet" under "Hållbar
verksamhetsutveckling" → "En hållbar organisation …", whose description names it).

A pair is linked when it scores at least ``threshold`` and is the best match of its earlier
or of its later goal, so a merge of two goals into one yields two links.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from graph.resolve import EntityResolver, fold_tokens, same_word, word_weight
from loaders.facts import Goal, Indicator

__all__ = ["GoalRecord", "VersionLink", "goal_records", "link_goal_versions"]

THRESHOLD = 0.5
"""Default similarity a pair needs to be linked."""
_PARENT_BONUS = 0.1
_CONTAINED_FACTOR = 0.85
_SAME_INDICATOR = 0.6
"""Word overlap at which two indicator names are taken for the same indicator."""
_MIN_CONTAINED_WEIGHT = 4.0
"""A title must carry this much word weight to count as contained in another."""


@dataclass(frozen=True, slots=True)
class GoalRecord:
    """One goal of one period, as version linking sees it."""

    key: str
    title: str
    owner: str | None = None
    period: str | None = None
    parent: str | None = None
    """Title of the goal it contributes to (the kommunfullmäktige goal for a nämndmål)."""
    description: str | None = None
    indicators: tuple[str, ...] = ()
    """Names of the nämndindikatorer that measure the goal in this period."""


@dataclass(frozen=True, slots=True)
class VersionLink:
    """``later`` succeeds ``earlier`` (renamed, reworded or restructured); not the same goal."""

    earlier: GoalRecord
    later: GoalRecord
    similarity: float
    reason: str


def goal_records(
    goals: Iterable[Goal], resolver: EntityResolver, indicators: Iterable[Indicator] = ()
) -> list[GoalRecord]:
    """Records for extracted goals, keyed as the resolver keys them, with the indicators of each."""
    by_goal: dict[str, list[str]] = {}
    for indicator in indicators:
        if indicator.goal:
            by_goal.setdefault("".join(fold_tokens(indicator.goal)), []).append(indicator.name)
    return [
        GoalRecord(
            key=resolver.goal(goal.title, goal.owner).key,
            title=goal.title,
            owner=goal.owner,
            period=goal.period,
            parent=goal.parent,
            description=goal.description,
            indicators=tuple(by_goal.get("".join(fold_tokens(goal.title)), ())),
        )
        for goal in goals
    ]


def link_goal_versions(
    earlier: Sequence[GoalRecord], later: Sequence[GoalRecord], *, threshold: float = THRESHOLD
) -> list[VersionLink]:
    """Links from goals of an earlier period to their successors in a later one.

    Goals whose key recurs in the later period are the same goal and are not linked; goals of
    different owners are never linked.
    """
    continued = {record.key for record in earlier} & {record.key for record in later}
    old = [record for record in earlier if record.key not in continued]
    new = [record for record in later if record.key not in continued]
    scored = [
        (similarity, reason, e, n)
        for e in old
        for n in new
        if _same_owner(e, n)
        for similarity, reason in [_score(e, n)]
        if similarity >= threshold
    ]
    best_old: dict[str, float] = {}
    best_new: dict[str, float] = {}
    for similarity, _, e, n in scored:
        best_old[e.key] = max(best_old.get(e.key, 0.0), similarity)
        best_new[n.key] = max(best_new.get(n.key, 0.0), similarity)
    links = [
        VersionLink(e, n, round(similarity, 3), reason)
        for similarity, reason, e, n in scored
        if similarity in (best_old[e.key], best_new[n.key])
    ]
    return sorted(links, key=lambda link: (-link.similarity, link.earlier.key, link.later.key))


def _same_owner(a: GoalRecord, b: GoalRecord) -> bool:
    if a.owner is None or b.owner is None:
        return True
    return a.key.partition("/")[0] == b.key.partition("/")[0] or fold_tokens(a.owner) == fold_tokens(b.owner)


def _score(e: GoalRecord, n: GoalRecord) -> tuple[float, str]:
    title_e, title_n = _words(e.title), _words(n.title)
    cover_e, cover_n = _coverage(title_e, title_n), _coverage(title_n, title_e)
    candidates = [((cover_e + cover_n) / 2, "title words shared")]
    contained = [
        c for c, words in ((cover_e, title_e), (cover_n, title_n)) if _weight(words) >= _MIN_CONTAINED_WEIGHT
    ]
    if contained:
        candidates.append((_CONTAINED_FACTOR * max(contained), "title contained in the other"))
    if e.description or n.description:
        text_e = _words(f"{e.title} {e.description or ''}")
        text_n = _words(f"{n.title} {n.description or ''}")
        shared = (_coverage(text_e, text_n) + _coverage(text_n, text_e)) / 2
        candidates.append((shared, "title and description words shared"))
    if e.indicators and n.indicators:
        kept = sum(any(_same_indicator(old, new) for new in n.indicators) for old in e.indicators)
        candidates.append((kept / len(e.indicators), "indicators carried over"))
    similarity, reason = max(candidates)
    if e.parent and n.parent and fold_tokens(e.parent) == fold_tokens(n.parent):
        similarity, reason = min(1.0, similarity + _PARENT_BONUS), f"{reason}; same parent goal"
    elif e.parent and _coverage(_words(e.parent), _words(f"{n.title} {n.description or ''}")) >= 0.9:
        bonus = 2 * _PARENT_BONUS
        similarity, reason = (
            min(1.0, similarity + bonus),
            f"{reason}; earlier parent goal named in later goal",
        )
    return similarity, reason


def _same_indicator(a: str, b: str) -> bool:
    words_a, words_b = _words(a), _words(b)
    return (_coverage(words_a, words_b) + _coverage(words_b, words_a)) / 2 >= _SAME_INDICATOR


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[^\W_]+", text.casefold()))


def _weight(words: Iterable[str]) -> float:
    return sum(word_weight(word) for word in words)


def _coverage(words: frozenset[str], other: frozenset[str]) -> float:
    """Share of the weight of ``words`` that has a related word in ``other``."""
    total = _weight(words)
    if not total:
        return 0.0
    return sum(word_weight(word) for word in words if any(_related(word, o) for o in other)) / total


@cache
def _related(a: str, b: str) -> bool:
    """Same word, a damaged spelling of it, or the same stem (a shared start of ≥ 6 letters)."""
    if a == b:
        return True
    a, b = _ascii(a), _ascii(b)
    if same_word(a, b):
        return True
    prefix = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return prefix >= 6 and prefix >= 0.75 * min(len(a), len(b))


def _ascii(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
