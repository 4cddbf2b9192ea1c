from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from biasmeter._integer_map import IntegerMap, RepeatedKeysError

_KEYS = st.integers(min_value=0, max_value=2**62)


@given(st.dictionaries(_KEYS, st.integers(-(2**40), 2**40)), st.lists(_KEYS))
def test_finds_what_a_dict_finds(mapping: dict[int, int], others: list[int]) -> None:
    keys = np.array(list(mapping), dtype=np.int64)
    index = IntegerMap(keys, np.array(list(mapping.values()), dtype=np.int64))
    queries = [*mapping, *others]
    found = index.get(np.array(queries, dtype=np.int64), default=-7)
    assert found.tolist() == [mapping.get(key, -7) for key in queries]


def test_keys_that_share_a_slot_are_all_found() -> None:
    # Ten keys that hash to one slot of a map of ten keys, and ten more absent ones that hash there too:
    # each lookup walks the run of occupied slots that follows.
    candidates = np.arange(100_000, dtype=np.int64)
    same_slot = candidates[IntegerMap(candidates[:10], candidates[:10])._slots(candidates) == 5][:20]
    keys, absent = same_slot[:10], same_slot[10:]
    index = IntegerMap(keys, np.arange(10, dtype=np.int64))
    found = index.get(np.concatenate([keys[::-1], absent]), default=-1)
    assert found.tolist() == [*range(9, -1, -1), *[-1] * 10]


def test_the_empty_slots_mark_is_no_key() -> None:
    index = IntegerMap(np.array([5], dtype=np.int64), np.array([9], dtype=np.int64))
    assert index.get(np.array([-1, 5], dtype=np.int64), default=-7).tolist() == [-7, 9]


def test_empty_map_finds_nothing() -> None:
    index = IntegerMap(np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    assert index.get(np.array([0, 5], dtype=np.int64), default=-1).tolist() == [-1, -1]


@pytest.mark.parametrize(
    ("keys", "values", "message"),
    [
        ([1, 1], [0, 1], "distinct"),
        ([-1], [0], "non-negative"),
        ([1, 2], [0], "same length"),
    ],
)
def test_bad_keys_are_refused(keys: list[int], values: list[int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        IntegerMap(np.array(keys, dtype=np.int64), np.array(values, dtype=np.int64))


def test_repeated_keys_are_named_once_each() -> None:
    with pytest.raises(RepeatedKeysError, match=r"\[3, 9\] repeat") as refused:
        IntegerMap(np.array([9, 3, 9, 4, 3, 3]), np.arange(6))
    assert refused.value.keys.tolist() == [3, 9]
