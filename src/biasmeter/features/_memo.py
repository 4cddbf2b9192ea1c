"""Per-word results remembered across articles: news vocabulary repeats, so most look-ups are hits."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

__all__ = ["lookup_all"]

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


def lookup_all(
    cache: dict[Key, Value], keys: list[Key], compute: Callable[[Key], Value], limit: int
) -> list[Value]:
    """Return ``compute(key)`` for every key, computing each distinct key once and remembering it.

    The look-up of known keys runs as one ``map`` in C; only misses reach Python. Past ``limit`` entries
    the cache starts afresh, which keeps memory flat on an endless stream of new words.
    """
    found = list(map(cache.get, keys))
    if None in found:
        if len(cache) > limit:
            cache.clear()
        for i, key in enumerate(keys):
            if found[i] is None:
                found[i] = cache[key] = compute(key)
    return found  # type: ignore[return-value]
