"""Our sentence scores must equal vaderSentiment's, sentence for sentence."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES, SentimentIntensityAnalyzer

from biasmeter.document import split_sentences
from biasmeter.features import _vader
from biasmeter.features._vader import SentenceScorer

ANALYZER = SentimentIntensityAnalyzer()
SCORER = SentenceScorer()


def assert_scored_like_vader(sentences: list[str]) -> None:
    theirs = [ANALYZER.polarity_scores(sentence) for sentence in sentences]
    assert [SCORER.polarity_scores(sentence) for sentence in sentences] == theirs
    assert SCORER.compounds_and_negatives(sentences) == (
        [scores["compound"] for scores in theirs],
        [scores["neg"] for scores in theirs],
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "VADER is smart, handsome, and funny.",
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
        "VADER is not smart, handsome, nor funny.",
        "At least it isn't a horrible book.",
        "The book was only kind of good.",
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "Today only kinda sux! But I'll get by, lol",
        "Make sure you :) or :D today!",
        "Catch utf-8 emoji such as 💘 and 💋 and 😁",
        "Not bad at all",
        "Without a doubt, excellent idea.",
        "Roger Dodger is one of the least compelling variations on this theme.",
        "Sentiment analysis has never been this good!",
        "No good deed, no bad deed.",
        "They MAYN'T win.",
        "We DON'T'VE good news.",
        "good good bad but good bad good",
        "great but great, but great",
        "BUT good",
        "good, bad but",
        "not good but very good and kind of bad",
        "love hate love but hate love hate",
        "I love it, but protect it.",
        "But nice and happy.",
        "© 2019 Dangerous.News",
        "",
        "   ",
        "?!?!",
    ],
)
def test_known_cases_equal_vader(sentence: str) -> None:
    assert_scored_like_vader([sentence])


def test_real_sentences_equal_vader(allsides_articles: list[dict[str, Any]]) -> None:
    sentences = [
        article["text"][start:end]
        for article in allsides_articles
        for start, end in split_sentences(article["text"])
    ]
    assert len(sentences) > 5000
    assert_scored_like_vader(sentences)


# Words that exercise every rule: lexicon words, boosters, negations, idioms, "but", "least", "no", caps.
_RULE_WORDS = sorted(
    {
        *BOOSTER_DICT,
        *NEGATE,
        *SPECIAL_CASES,
        "but",
        "least",
        "at",
        "no",
        "never",
        "so",
        "this",
        "without",
        "doubt",
        "kind",
        "of",
        "or",
        "nor",
        "good",
        "bad",
        "great",
        "horrible",
        "love",
        "hate",
        "kill",
        "win",
        "BAD",
        "GOOD",
        "Great!",
        "bad.",
        "isn't",
        "don't",
        "WON'T",
        "MAYN'T",
        "the",
        "a",
        "report",
        "said",
        ":)",
        ":(",
        "😁",
        "💔",
        "!",
        "?",
    }
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_RULE_WORDS), max_size=14),
    st.sampled_from(["", ".", "!", "!!", "??", "???", "?!"]),
)
def test_generated_sentences_equal_vader(words: list[str], ending: str) -> None:
    assert_scored_like_vader([" ".join(words) + ending])


# Words that bring no rule into play, so that sentences of them take the path without rules: lexicon words
# with punctuation and capitalised (not all capitals), emoticons, neutral words in capitals.
_PLAIN_WORDS = [
    "good",
    "Good",
    "bad,",
    "(great)",
    "horrible.",
    '"love"',
    "hate",
    "Kill",
    "win!",
    "crisis",
    "war?",
    "hopeful",
    ":)",
    ":(",
    "the",
    "a",
    "report",
    "said",
    "NASA",
    "U.S.",
    "--",
    "!",
    "?",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PLAIN_WORDS), max_size=12), max_size=4))
def test_sentences_without_rules_equal_vader(sentences: list[list[str]]) -> None:
    assert_scored_like_vader([" ".join(words) for words in sentences])


def test_plain_words_bring_no_rule_into_play() -> None:
    # Sentences of them take the path without rules, which the test above is for.
    assert _vader._NEEDS_RULES not in [SCORER._plain_valences[word] for word in _PLAIN_WORDS]


# VADER finds each sentiment it rescales around "but" by value (list.index), so equal values, also after
# rescaling (love 3.2 halved is protect 1.6; nice 1.8 and a half is happy 2.7), are where it has its quirks.
_BUT_WORDS = "good bad love protect fine nice happy but not very no the kind of".split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BUT_WORDS)))
def test_but_with_repeated_values_equals_vader(words: list[str]) -> None:
    assert_scored_like_vader([" ".join(words)])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=5))
def test_any_text_is_scored_like_vader(sentences: list[str]) -> None:
    assert_scored_like_vader(sentences)


def test_every_idiom_has_a_word_that_marks_it() -> None:
    # The fast path skips idioms near none of these words; an idiom of common words only would be missed.
    assert all(set(words) - _vader._COMMON_IDIOM_WORDS for words in _vader._IDIOMS)


# Emoji next to words or each other, after other white space than a plain space, and at either end: where
# VADER's translation puts a space in or not.
_EMOJI_PIECES = ["😁", "💔", "😀", "good", "not", "very", "but", "bad!", "said", ":)"]
_SEPARATORS = ["", " ", "  ", "\t", "\n", "\u00a0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_EMOJI_PIECES), st.sampled_from(_SEPARATORS)), max_size=10))
def test_sentences_with_emoji_equal_vader(pieces: list[tuple[str, str]]) -> None:
    assert_scored_like_vader(["".join(piece + separator for piece, separator in pieces)])


def test_sentences_are_never_handed_to_vader(monkeypatch: pytest.MonkeyPatch) -> None:
    # VADER's own scoring takes time in the square of a sentence's length; a long line with an emoji in it
    # took minutes. Every sentence is scored here, in time that grows with its length.
    sentences = ["Catch utf-8 emoji such as 💘 and 💋 and 😁", "NOT good but great 😀 " * 50, "💔"]
    expected = [ANALYZER.polarity_scores(sentence) for sentence in sentences]

    def refuse(*args: object) -> None:
        raise AssertionError("handed to VADER")

    monkeypatch.setattr(SentimentIntensityAnalyzer, "polarity_scores", refuse)
    monkeypatch.setattr(_vader._analyzer(), "polarity_scores", refuse, raising=False)
    scorer = SentenceScorer()
    assert [scorer.polarity_scores(sentence) for sentence in sentences] == expected
    assert scorer.compounds_and_negatives(sentences) == (
        [scores["compound"] for scores in expected],
        [scores["neg"] for scores in expected],
    )


def _but_rule_as_vader(valences: list[float], positions: list[int], but_position: int) -> None:
    # VADER's own way: each sentiment found by value with list.index.
    for valence in valences:
        first = valences.index(valence)
        if positions[first] < but_position:
            valences[first] = valence * 0.5
        elif positions[first] > but_position:
            valences[first] = valence * 1.5


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from([0.0, -0.0, 1.6, 3.2, 0.8, 2.7, 1.8, -1.6, -0.8, 0.4]), max_size=30), st.data()
)
def test_but_rule_rescales_like_vader(valences: list[float], data: st.DataObject) -> None:
    positions = sorted(data.draw(st.sets(st.integers(0, 60), min_size=len(valences), max_size=len(valences))))
    but_position = data.draw(st.integers(-1, 61))
    ours, theirs = list(valences), list(valences)
    _vader._but_rule(ours, positions, but_position)
    _but_rule_as_vader(theirs, positions, but_position)
    assert list(map(repr, ours)) == list(map(repr, theirs))


def test_vader_emoji_are_all_outside_ascii() -> None:
    # ASCII sentences skip the emoji scan.
    assert not any(character.isascii() for character in SentenceScorer()._emoji)
