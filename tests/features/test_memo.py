from __future__ import annotations

from biasmeter.features._memo import Memo


def test_each_distinct_key_is_computed_once() -> None:
    computed: list[str] = []

    def compute(key: str) -> int:
        computed.append(key)
        return len(key)

    memo = Memo(compute, limit=100)
    assert memo.lookup_all(["a", "bb", "a", "ccc", "bb"]) == [1, 2, 1, 3, 2]
    assert memo.lookup_all(["ccc", "dddd", "a"]) == [3, 4, 1]
    assert computed == ["a", "bb", "ccc", "dddd"]


def test_memo_starts_afresh_past_its_limit() -> None:
    memo = Memo(str.upper, limit=3)
    assert memo.lookup_all([f"w{i}" for i in range(10)]) == [f"W{i}" for i in range(10)]
    assert len(memo) <= 4
    assert memo.lookup_all([]) == []
