"""Hashes of runs of characters, computed in numpy for all the runs of a text at once.

Looking a word up in a dict needs the word as a ``str``: cutting some 50,000 words a second out of the text
and hashing each is most of the cost of finding an article's n-grams. A polynomial hash, ``sum(code point
of character j * BASE**j)`` plus the length times a constant, modulo 2**64, can instead be computed for
every run of a text from one running sum over its characters, and the runs looked up by their hashes
(`biasmeter._integer_map.IntegerMap`).

Different strings can share a hash, as with any hash: two strings that nobody made to collide do with a
chance of 1 in 2**63, but collisions can be made on purpose (for every odd base, the two Thue-Morse words of
1,024 letters share one). A caller that must not confuse strings compares the characters of each run it
finds with those of the string it took it for, as `biasmeter.ngrams` does.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from biasmeter._characters import Codes

__all__ = ["run_hashes", "string_hash"]

# An odd base has an inverse modulo 2**64, which `run_hashes` needs; this one is FNV's 64-bit prime.
_BASE = 0x100000001B3
_MODULUS = 1 << 64
# The length counts too, so that runs that differ only by trailing NULs (code point 0) do not collide.
_LENGTH_FACTOR = 0x9E3779B97F4A7C15
# The top bit is dropped: `IntegerMap` takes non-negative int64 keys.
_KEEP = (1 << 63) - 1
# Tables of powers longer than this are not kept between calls (two of 4 MB at most): a batch of 64 news
# articles has about 300,000 characters.
_KEPT_POWERS = 1 << 19


def string_hash(string: str) -> int:
    """The hash of ``string``, as `run_hashes` gives it for a run of the same characters.

    Examples
    --------
    >>> from biasmeter._characters import codes_of
    >>> text = "the plan"
    >>> run_hashes(codes_of(text), np.array([0, 4]), np.array([3, 8])).tolist() == [
    ...     string_hash("the"),
    ...     string_hash("plan"),
    ... ]
    True
    """
    total = len(string) * _LENGTH_FACTOR
    power = 1
    for character in string:
        total = (total + ord(character) * power) % _MODULUS
        power = power * _BASE % _MODULUS
    return total & _KEEP


class _Powers:
    """``BASE**k`` and ``BASE**-k`` modulo 2**64 for k = 0, 1, ..., kept and extended as texts need them."""

    def __init__(self) -> None:
        self._tables = self._compute(0)

    @staticmethod
    def _compute(size: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
        tables = []
        for factor in (_BASE, pow(_BASE, -1, _MODULUS)):
            table = np.empty(size + 1, dtype=np.uint64)
            table[0] = 1
            # Products of uint64 arrays wrap around modulo 2**64 silently, as the hash wants.
            np.cumprod(np.full(size, factor, dtype=np.uint64), out=table[1:])
            tables.append(table)
        return tables[0], tables[1]

    def up_to(self, size: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
        """Both tables, from power 0 to at least ``size``."""
        kept = self._tables
        if len(kept[0]) > size:
            return kept
        if size > _KEPT_POWERS:
            return self._compute(size)
        # Doubling keeps the number of times the tables are built small as texts grow. Threads that grow
        # them at once each use their own, and the longest is kept.
        tables = self._compute(min(_KEPT_POWERS, max(size, 2 * len(kept[0]))))
        if len(tables[0]) > len(self._tables[0]):
            self._tables = tables
        return tables


_POWERS = _Powers()


def run_hashes(
    codes: Codes, starts: npt.NDArray[np.intp], ends: npt.NDArray[np.intp]
) -> npt.NDArray[np.int64]:
    """The `string_hash` of each run ``codes[start:end]``, given the code points of a text.

    With ``prefix[i]`` the sum of ``code[k] * BASE**k`` over the characters before ``i``, the run from
    ``start`` to ``end`` adds ``prefix[end] - prefix[start]``, which is its polynomial times ``BASE**start``.
    """
    size = len(codes)
    powers, inverses = _POWERS.up_to(size)
    prefix = np.zeros(size + 1, dtype=np.uint64)
    np.multiply(codes, powers[:size], out=prefix[1:])
    np.cumsum(prefix[1:], out=prefix[1:])
    hashes = (prefix[ends] - prefix[starts]) * inverses[starts]
    hashes += (ends - starts).astype(np.uint64) * np.uint64(_LENGTH_FACTOR)
    hashes &= np.uint64(_KEEP)
    return hashes.view(np.int64)
