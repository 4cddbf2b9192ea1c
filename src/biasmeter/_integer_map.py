"""A fixed map from non-negative integers to integers, looked up for a whole array of keys at once.

``np.searchsorted`` in a sorted array of keys does the same job with a binary search per key: 15 dependent,
unpredictable steps for 20,000 keys. A hash table with open addressing, a quarter full, finds nearly every
key, or its absence, at the first slot it looks at, and numpy looks at the first slot of all keys together.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["IntegerMap", "RepeatedKeysError"]

# Fibonacci hashing: the top bits of the key times 2**64 / golden ratio spread consecutive keys apart.
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
# Slots per key, at least: the table is a power of two, so between a quarter and an eighth of it is full.
_SPREAD = 4
_EMPTY = -1


class RepeatedKeysError(ValueError):
    """Raised for keys given more than once; ``keys`` holds each of them once, in order."""

    def __init__(self, keys: npt.NDArray[np.int64]) -> None:
        super().__init__(f"keys must be distinct: {keys.tolist()} repeat")
        self.keys = keys


class IntegerMap:
    """Look up non-negative ``int64`` keys in bulk.

    Parameters
    ----------
    keys : array of int64
        Distinct non-negative keys.
    values : array of int64
        The value of each key.

    Examples
    --------
    >>> index = IntegerMap(np.array([10, 7, 1_000_000_007]), np.array([0, 1, 2]))
    >>> index.get(np.array([7, 8, 1_000_000_007, 10]), default=-1).tolist()
    [1, -1, 2, 0]
    """

    def __init__(self, keys: npt.NDArray[np.int64], values: npt.NDArray[np.int64]) -> None:
        if keys.shape != values.shape or keys.ndim != 1:
            raise ValueError("keys and values must be 1-D arrays of the same length")
        if (keys < 0).any():
            raise ValueError("keys must be non-negative")
        distinct, counts = np.unique(keys, return_counts=True)
        if len(distinct) != len(keys):
            raise RepeatedKeysError(distinct[counts > 1])
        self._bits = max(1, int(len(keys) * _SPREAD - 1).bit_length())
        size = 1 << self._bits
        slots = [_EMPTY] * size
        slot_values = [0] * size
        for key, slot, value in zip(keys.tolist(), self._slots(keys).tolist(), values.tolist()):
            while slots[slot] != _EMPTY:
                slot = (slot + 1) % size
            slots[slot] = key
            slot_values[slot] = value
        self._keys = np.array(slots, dtype=np.int64)
        self._values = np.array(slot_values, dtype=np.int64)

    def _slots(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
        # Array arithmetic on uint64 wraps around silently, which is what the hash wants.
        slots: npt.NDArray[np.intp] = (
            keys.astype(np.uint64) * _MULTIPLIER >> np.uint64(64 - self._bits)
        ).astype(np.intp)
        return slots

    def get(self, keys: npt.NDArray[np.int64], default: int) -> npt.NDArray[np.int64]:
        """The value of each of ``keys``, or ``default`` for a key not in the map."""
        found = np.full(len(keys), default, dtype=np.int64)
        slots = self._slots(keys)
        pending = np.arange(len(keys))
        mask = len(self._keys) - 1
        # Each round settles the keys found at their slot and those whose slot is empty (absent); the rest
        # look at the next slot. Keys are never removed, so a probe never passes an empty slot.
        while len(pending):
            slot_keys = self._keys[slots]
            hit = (slot_keys == keys) & (slot_keys != _EMPTY)
            found[pending[hit]] = self._values[slots[hit]]
            going_on = ~hit & (slot_keys != _EMPTY)
            pending, keys, slots = pending[going_on], keys[going_on], (slots[going_on] + 1) & mask
        return found
