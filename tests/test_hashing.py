from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from biasmeter import _hashing
from biasmeter._characters import codes_of
from biasmeter._hashing import run_hashes, string_hash

# Characters of one and two UTF-16 units, and a lone surrogate: the code points must be those of str.
_CHARACTERS = st.sampled_from([*"ab_ é\n", "𝐁", "\ud800", "\U0010ffff"])


@given(st.text(_CHARACTERS), st.data())
def test_run_hashes_are_the_hashes_of_the_runs(text: str, data: st.DataObject) -> None:
    bounds = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))))
    starts = np.array([min(pair) for pair in bounds], dtype=np.intp)
    ends = np.array([max(pair) for pair in bounds], dtype=np.intp)
    expected = [string_hash(text[start:end]) for start, end in zip(starts, ends)]
    assert run_hashes(codes_of(text), starts, ends).tolist() == expected


@given(st.text(_CHARACTERS, min_size=1))
def test_hashes_are_non_negative_and_tell_these_apart(text: str) -> None:
    assert 0 <= string_hash(text) < 2**63
    assert string_hash(text) != string_hash(text + "a")
    assert string_hash(text + "b") != string_hash(text + "c")


def test_long_texts_get_powers_beyond_those_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tables longer than the kept size are built for the call; the kept ones stay as they were.
    monkeypatch.setattr(_hashing, "_KEPT_POWERS", 16)
    monkeypatch.setattr(_hashing, "_POWERS", _hashing._Powers())
    text = "word " * 10
    starts, ends = np.array([0, 45]), np.array([4, 49])
    assert run_hashes(codes_of(text), starts, ends).tolist() == [string_hash("word")] * 2
    assert len(_hashing._POWERS.up_to(0)[0]) == 1
    assert run_hashes(codes_of("word"), np.array([0]), np.array([4])).tolist() == [string_hash("word")]
    assert len(_hashing._POWERS.up_to(0)[0]) == 5
