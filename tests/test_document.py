from __future__ import annotations

import re
from itertools import pairwise, product

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from biasmeter._characters import codes_of
from biasmeter.document import (
    _ABBREVIATIONS,
    _LONGEST_ABBREVIATION,
    WORD_PATTERN,
    Document,
    _is_abbreviation,
    split_sentences,
    words_and_starts,
)

# The sentence splitter as it was before it was read in numpy, with a regex scan and a Python step per
# piece, copied verbatim: the reference that the fast one must agree with on every text.
_REFERENCE_SENTENCE_END = re.compile(r"[.!?…\n][.!?…\"'”’)\]]*")


def _reference_split_sentences(text: str) -> list[tuple[int, int]]:
    boundaries = []
    for match in _REFERENCE_SENTENCE_END.finditer(text):
        if match.group()[0] == "\n":
            boundaries.append((match.start(), True))
        elif match.end() == len(text) or text[match.end()].isspace():
            boundaries.append((match.end(), False))
    boundaries.append((len(text), True))
    spans: list[tuple[int, int]] = []
    joinable = False
    position = 0
    for boundary, line_break in boundaries:
        segment = text[position:boundary]
        start = position + len(segment) - len(segment.lstrip())
        end = position + len(segment.rstrip())
        position = boundary + 1 if line_break else boundary
        if start >= end:
            joinable = False
            continue
        if joinable and "\n" not in text[spans[-1][1] : start]:
            start = spans.pop()[0]
        spans.append((start, end))
        joinable = not line_break and text[end - 1] == "." and _reference_is_abbreviation(text, end - 1)
    return spans


def _reference_is_abbreviation(text: str, period: int) -> bool:
    before = text[max(0, period - 12) : period].split()
    word = before[-1].lstrip("(\"'“‘[") if before else ""
    if len(word) == 1:
        return word.isupper()
    return word.lower() in _ABBREVIATIONS or (
        "." in word and word.replace(".", "").isalpha() and len(word) <= 6
    )


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


# Abbreviations and the words around them, sentence ends, every kind of white space (line breaks of other
# kinds are no line breaks here), characters that lower-case to more than one ("İ") or to ASCII ("K",
# Kelvin), an upper-case character that is no letter ("Ⓐ"), lone surrogates and characters beyond the
# Basic Multilingual Plane, which are read apart. Words are drawn whole, and characters one by one: those
# make runs of marks and white space of every shape.
_SENTENCE_PIECES = [
    *("a", "A", "x", "Mr", "mr", "MRS", "Oct", "Sept", "approx", "APPROX", "e.g", "i.e", "U.S", "F.B.I"),
    *("Ph.D", "p.m", "a.b.c", "said", "abcdef", "abcdefg", "Washington", "3", "3.5", "J", "W", "Ⓐ", "İ"),
    *("\u212ao", "ß", "ǅ", "é", "𝐁", "🙂", "\ud800", "\udc00", "\x00", "_", "-", ",", ";", ":"),
    *(".", ". ", "..", "...", "!", "?", "?!", "…", '"', "'", "”", "’", ")", "]", "(", "[", "“", "‘"),
    *("((((((", "“‘[(", " ", "  ", "\n", "\n\n", " \n", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x85"),
    *("\xa0", "\u2028", "\u2029", "\u3000", "\u200b"),
]
_SENTENCE_CHARACTERS = st.sampled_from([*"aAMr.!?…\"'”’)]([“‘\n \t\x85\u2028Ⓐ", "𝐁", "\ud800"])
_SENTENCE_TEXTS = st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=40).map("".join) | st.text(
    _SENTENCE_CHARACTERS, max_size=40
)


@settings(max_examples=1000, deadline=None)
@given(_SENTENCE_TEXTS)
@example('Hi. \n.Mr. Smith\n"Yes." \n Mr. . X. (Sen. Y)  ')
@example("A      .  B")
@example(". a")
@example("x\n\n")
def test_sentences_match_the_reference_on_tricky_texts(text: str) -> None:
    assert split_sentences(text) == _reference_split_sentences(text)


@pytest.mark.parametrize(
    ("alphabet", "longest"),
    [
        # Every pair of marks, with a letter, white space or a line break before or after it.
        ("A \n.!?…\"'”’)]", 4),
        # A character of each kind: longer runs of marks, and runs restarted at the next one.
        ('A \n."', 6),
    ],
)
def test_sentences_match_the_reference_on_every_short_text(alphabet: str, longest: int) -> None:
    for length in range(longest + 1):
        for characters in product(alphabet, repeat=length):
            text = "".join(characters)
            assert split_sentences(text) == _reference_split_sentences(text), text


@settings(max_examples=300, deadline=None)
@given(st.text() | st.text(st.characters(exclude_categories=())))
def test_sentences_match_the_reference(text: str) -> None:
    assert split_sentences(text) == _reference_split_sentences(text)


@settings(max_examples=500, deadline=None)
@given(_SENTENCE_TEXTS)
# The 12 characters before the full stop hold a letter before the opening brackets, 11 do not.
@example("x((((((((((U.")
@example("xx((((((((((U.")
@example("(((((((((((U.")
def test_abbreviations_match_the_reference(text: str) -> None:
    # Every position, not only full stops that end a piece: the early exit reads the word's length.
    for period in range(len(text)):
        assert _is_abbreviation(text, period) == _reference_is_abbreviation(text, period)


def test_no_abbreviation_is_longer_than_the_longest() -> None:
    assert max(map(len, _ABBREVIATIONS)) <= _LONGEST_ABBREVIATION


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
    assert doc.sentences == split_sentences(text)


# Capitals whose lower case is longer ("İ"), depends on what follows ("Σ") or is ASCII ("K", Kelvin), and
# characters beyond the Basic Multilingual Plane that lower-case ("𐐀") or not ("𝐁").
_CASED_CHARACTERS = st.sampled_from([*"aZΣσİıßK'’.- \n", "𐐀", "𝐁"])


@given(st.text() | st.text(_CASED_CHARACTERS))
def test_lower_case_words_are_the_words_lower_cased(text: str) -> None:
    doc = Document(text, "")
    assert doc.lower == [word.lower() for word in doc.words]
    assert doc.word_lengths.tolist() == [len(word) for word in doc.words]
    assert doc.lower_lengths.tolist() == [len(word) for word in doc.lower]
