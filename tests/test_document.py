from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biasmeter._characters import codes_of
from biasmeter.document import WORD_PATTERN, Document, split_sentences, words_and_starts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith arrived. He said hello!", ["Mr. Smith arrived.", "He said hello!"]),
        (
            "Talks began on Oct. 15 in Moscow. Nothing was agreed.",
            ["Talks began on Oct. 15 in Moscow.", "Nothing was agreed."],
        ),
        (
            "Hi.\n\nNo full stop here\nU.S. talks.  Next one",
            ["Hi.", "No full stop here", "U.S. talks.", "Next one"],
        ),
        ('"We won." He left.', ['"We won."', "He left."]),
        ("It rose 3.5 percent. Then fell?! Yes.", ["It rose 3.5 percent.", "Then fell?!", "Yes."]),
        ("J. R. R. Tolkien wrote. Then", ["J. R. R. Tolkien wrote.", "Then"]),
        ("", []),
        ("   \n\t ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[start:end] for start, end in split_sentences(text)] == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Don't panic, al-Sharaa said.", ["Don't", "panic", "al-Sharaa", "said"]),
        ("The U.S. spent $3.5 billion", ["The", "U.S", "spent", "3.5", "billion"]),
        ("snake_case_word", ["snake", "case", "word"]),
        ("a--b a..b 'quoted' -x- .5 5. o'-k", ["a", "b", "a", "b", "quoted", "x", "5", "5", "o", "k"]),
        ("Ⅻ legions, ²³ squared, 𝐁old 🙂-ish", ["Ⅻ", "legions", "²³", "squared", "𝐁old", "ish"]),
        ("", []),
    ],
)
def test_words_and_offsets(text: str, words: list[str]) -> None:
    doc = Document(text, "")
    assert doc.words == words
    assert [text[start : start + len(word)] for start, word in zip(doc.starts, doc.words)] == words


@given(st.text())
def test_sentences_are_ordered_stripped_spans(text: str) -> None:
    spans = split_sentences(text)
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert all(previous[1] <= current[0] for previous, current in pairwise(spans))
    assert all(text[start:end] == text[start:end].strip() for start, end in spans)
    # Every non-space character of the text lies in some sentence.
    covered = sum(len("".join(text[start:end].split())) for start, end in spans)
    assert covered == len("".join(text.split()))


# Joiners, white space and characters beyond the Basic Multilingual Plane, which are classified apart.
_TRICKY_CHARACTERS = st.sampled_from([*"aZ9_'’.- \n\t!²Ⅻ\u0301\ufffd", "𝐁", "🙂", "\U0002070e", "\U0010ffff"])


@given(st.text() | st.text(_TRICKY_CHARACTERS))
def test_words_follow_the_word_rule(text: str) -> None:
    words, starts = words_and_starts(codes_of(text))
    expected = [(match.group(), match.start()) for match in WORD_PATTERN.finditer(text)]
    assert list(zip(words, starts)) == expected


@given(st.text())
def test_word_offsets_point_at_the_words(text: str) -> None:
    doc = Document(text, "", frozenset({"a", "the"}))
    assert all(text[start : start + len(word)] == word for start, word in zip(doc.starts, doc.words))
    assert sum(doc.sentence_word_counts) <= doc.n_words
