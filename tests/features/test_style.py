from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biasmeter import extract
from biasmeter.document import Document


@pytest.mark.parametrize(
    ("text", "feature", "expected"),
    [
        ("We might win.", "hedge_rate", 1000 / 3),
        ("We might win.", "first_person_rate", 1000 / 3),
        ("You will clearly lose.", "intensifier_rate", 1000 / 4),
        ("You will clearly lose.", "second_person_rate", 1000 / 4),
        ("The budget passed.", "hedge_rate", 0.0),
        ("a a a a", "type_token_ratio", 0.25),
        ("extraordinary cat", "long_word_share", 0.5),
        # Six characters, seven in lower case ("i" and a combining dot above): a long word.
        ("İstanb cat", "long_word_share", 0.5),
    ],
)
def test_style(text: str, feature: str, expected: float) -> None:
    assert extract(text).values[feature] == pytest.approx(expected)


def test_type_token_ratio_does_not_fall_with_length() -> None:
    # Averaged over windows, the same prose repeated keeps its ratio instead of falling towards zero.
    prose = " ".join(f"word{i}" for i in range(100)) + "."
    assert (
        extract(prose).values["type_token_ratio"]
        == extract(" ".join([prose] * 5)).values["type_token_ratio"]
        == 1.0
    )


@given(st.text(st.sampled_from([*"aZİıΣς' -.\n", "𝐁"])))
def test_long_words_are_counted_in_lower_case(text: str) -> None:
    lower = [word.lower() for word in Document(text, "").words]
    expected = sum(len(word) >= 7 for word in lower) / len(lower) if lower else 0.0
    assert extract(text).values["long_word_share"] == expected
