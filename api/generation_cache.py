"""An LRU cache bounded in bytes whose entries hold for one store generation.

Both the ``/sparql`` result cache (:class:`api.query_service.QueryService`) and the cache of whole
answers (:mod:`api.response_cache`) keep what they computed until the store changes: a lookup
at a newer generation empties the cache, and an entry computed at an older one is not kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["GenerationCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class GenerationCache(Generic[K, V]):
    """Entries of one store generation, least recently used evicted past ``capacity`` bytes
    (as ``size(key, value)`` counts them); an entry larger than a quarter of it is not kept."""

    def __init__(self, capacity: int, size: Callable[[K, V], int]) -> None:
        self.capacity = capacity
        self.size = 0
        self.hits = 0
        """Lookups answered since the cache was made."""
        self._measure = size
        self._generation: int | None = None
        self._entries: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, generation: int, key: K) -> V | None:
        if generation != self._generation:
            self._entries.clear()
            self.size = 0
            self._generation = generation
            return None
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
            self.hits += 1
        return value

    def put(self, generation: int, key: K, value: V) -> None:
        """Keep ``value`` unless the store has moved past ``generation``, the key is kept already
        or the value is too large."""
        if generation != self._generation or key in self._entries:
            return
        size = self._measure(key, value)
        if size > self.capacity // 4:
            return
        self._entries[key] = value
        self.size += size
        while self.size > self.capacity:
            old_key, old = self._entries.popitem(last=False)
            self.size -= self._measure(old_key, old)
