"""Per-word results remembered across articles: news vocabulary repeats, so most look-ups are hits."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

__all__ = ["Memo"]

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class Memo(dict[Key, Value]):
    """A dict that computes the value of an unknown key on first look-up and remembers it.

    Parameters
    ----------
    compute : Callable[[Key], Value]
        The value of a key; called once per distinct key (until the memo starts afresh).
    limit : int
        Past this many entries the memo starts afresh, which keeps memory flat on an endless stream of new
        words.

    Examples
    --------
    >>> lengths = Memo(len, limit=1000)
    >>> lengths.lookup_all(["the", "minister", "the"])
    [3, 8, 3]
    >>> sorted(lengths)
    ['minister', 'the']
    """

    __slots__ = ("_compute", "_limit")

    def __init__(self, compute: Callable[[Key], Value], limit: int) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit

    def __missing__(self, key: Key) -> Value:
        if len(self) > self._limit:
            self.clear()
        value = self[key] = self._compute(key)
        return value

    def lookup_all(self, keys: list[Key]) -> list[Value]:
        """Return the value of every key, computing each distinct key once.

        The look-up is one ``map`` in C over the keys; only an unknown key reaches Python, through
        ``__missing__``. Checking for unknown keys first (as a set difference) and then mapping would walk
        every key of an article twice more on a first pass over new text.
        """
        return list(map(self.__getitem__, keys))
