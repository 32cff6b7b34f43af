"""Entity resolution: one key for the same organisation or goal however it is spelt.

A key is the stable, readable slug an IRI is minted from (``graph/iris.py``). The resolver
is seeded with the entities already in the store, so a document ingested later resolves to
the IRIs minted for earlier ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["EntityResolver", "Resolution", "slugify"]


def slugify(text: str) -> str:
    """Lower-case ASCII slug: "Giftfri miljö" → "giftfri-miljo"."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


@dataclass(frozen=True, slots=True)
class Resolution:
    """The key and preferred label an entity resolved to."""

    key: str
    label: str
    known: bool
    """True when the key existed before this call (in the store or earlier in this ingest)."""


@dataclass(slots=True)
class EntityResolver:
    """Resolves names to keys per kind ("organisation", "goal"), remembering aliases."""

    _labels: dict[tuple[str, str], str] = field(default_factory=dict)
    _aliases: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    @classmethod
    def seeded(cls, known: Iterable[tuple[str, str, str]]) -> EntityResolver:
        """A resolver that knows ``(kind, key, label)`` triples already in the store."""
        resolver = cls()
        for kind, key, label in known:
            resolver._labels.setdefault((kind, key), label)
        return resolver

    def organisation(self, name: str) -> Resolution:
        return self._resolve("organisation", name)

    def goal(self, title: str, owner: str | None = None) -> Resolution:
        return self._resolve("goal", title, scope=slugify(owner) if owner else "")

    def aliases(self, kind: str, key: str) -> set[str]:
        """Other spellings met for the entity ``key`` of ``kind``."""
        return set(self._aliases.get((kind, key), set()))

    def _resolve(self, kind: str, name: str, scope: str = "") -> Resolution:
        slug = slugify(name)
        key = f"{scope}/{slug}" if scope else slug
        known = (kind, key) in self._labels
        label = self._labels.setdefault((kind, key), name)
        if name != label:
            self._aliases.setdefault((kind, key), set()).add(name)
        return Resolution(key=key, label=label, known=known)
