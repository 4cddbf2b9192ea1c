from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass

import pytest

from biasmeter import Span


@pytest.mark.parametrize(
    "span",
    [
        Span(8, 12, "quote", '"no"'),
        Span(0, 5, "loaded_term", "slams", "emotional", "title"),
        Span(3, 3, "", ""),
    ],
)
def test_a_span_survives_pickling_and_copying(span: Span) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(span, protocol))
        assert restored == span
        assert type(restored) is Span
    assert copy.deepcopy(span) == span
    assert copy.copy(span) == span


@dataclass(frozen=True)
class TaggedSpan(Span):
    tag: str = ""


def test_a_subclass_of_span_survives_pickling_with_its_own_fields() -> None:
    span = TaggedSpan(1, 3, "quote", "hi", "", "title", "mine")
    restored = pickle.loads(pickle.dumps(span))
    assert type(restored) is TaggedSpan
    assert restored == span
