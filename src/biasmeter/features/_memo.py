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

    When every key is known, the look-up is one ``map`` in C that stops at the first unknown key; then the
    unknown keys are found with set operations, also in C, and only they reach Python. Past ``limit``
    entries the cache starts afresh, which keeps memory flat on an endless stream of new words.
    """
    try:
        return list(map(cache.__getitem__, keys))
    except KeyError:
        pass
    if len(cache) > limit:
        cache.clear()
    for key in set(keys).difference(cache):
        cache[key] = compute(key)
    return list(map(cache.__getitem__, keys))
