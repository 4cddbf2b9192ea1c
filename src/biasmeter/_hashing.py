"""Hashes of runs of characters, computed in numpy for all the runs of a text at once.

Looking a word up in a dict needs the word as a ``str``: cutting some 50,000 words a second out of the text
and hashing each is most of the cost of finding an article's n-grams. A polynomial hash, ``sum(code point
of character j * BASE**j)`` modulo 2**64, can instead be computed for every run of a text from one running
sum over its characters, and the runs looked up by their hashes (`biasmeter._integer_map.IntegerMap`).

Different strings can share a hash, as with any hash: a run would then be taken for the other string. For
strings that are not made to collide, two of them share one of these 63-bit hashes with a chance of 1 in
2**63; callers check that the strings they look up have distinct hashes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from biasmeter._characters import Codes

__all__ = ["run_hashes", "string_hash"]

# An odd base has an inverse modulo 2**64, which `run_hashes` needs; this one is FNV's 64-bit prime.
_BASE = 0x100000001B3
_MODULUS = 1 << 64
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
    total = 0
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
        if len(self._tables[0]) > size:
            return self._tables
        if size >= _KEPT_POWERS:
            return self._compute(size)
        # Doubling keeps the number of times the tables are built small as texts grow.
        self._tables = self._compute(min(_KEPT_POWERS, max(size, 2 * len(self._tables[0]))))
        return self._tables


_POWERS = _Powers()


def run_hashes(
    codes: Codes, starts: npt.NDArray[np.intp], ends: npt.NDArray[np.intp]
) -> npt.NDArray[np.int64]:
    """The `string_hash` of each run ``codes[start:end]``, given the code points of a text.

    With ``prefix[i]`` the sum of ``code[k] * BASE**k`` over the characters before ``i``, the run from
    ``start`` to ``end`` adds ``prefix[end] - prefix[start]``, which is its hash times ``BASE**start``.
    """
    size = len(codes)
    powers, inverses = _POWERS.up_to(size)
    prefix = np.zeros(size + 1, dtype=np.uint64)
    np.multiply(codes, powers[:size], out=prefix[1:])
    np.cumsum(prefix[1:], out=prefix[1:])
    hashes = (prefix[ends] - prefix[starts]) * inverses[starts]
    hashes &= np.uint64(_KEEP)
    return hashes.view(np.int64)
