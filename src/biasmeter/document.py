"""The tokenised article that every feature reads: split once, shared by all signals."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress

import numpy as np
import numpy.typing as npt

from biasmeter._characters import (
    ALPHANUMERIC,
    JOINER,
    Codes,
    Mask,
    classes_of,
    codes_of,
    run_bounds,
    runs_of,
)
from biasmeter.evidence import Field, Span

__all__ = ["WORD_PATTERN", "Document", "split_sentences", "words_and_starts"]

#: The rule for a word, as a regex: letters and digits (not "_"), joined by single apostrophes, hyphens or
#: full stops inside ("don't", "al-Sharaa", "U.S", "3.5"). `words_and_starts` finds the same words faster.
WORD_PATTERN = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")


def words_and_starts(codes: Codes) -> tuple[list[str], list[int]]:
    r"""The words of a text, given as its `biasmeter._characters.codes_of`, and their start offsets, in order.

    A word is a run of letters and digits (what ``str.isalnum`` accepts; not "_"), with single
    apostrophes, hyphens or full stops inside it: a match of `WORD_PATTERN`, found here without a regex
    (see `biasmeter._characters`).

    Examples
    --------
    >>> words_and_starts(codes_of("Don't panic: U.S. al-Sharaa's 3.5%"))
    (["Don't", 'panic', 'U.S', "al-Sharaa's", '3.5'], [0, 6, 13, 18, 30])
    """
    words, starts, _ = _words_and_bounds(codes, classes_of(codes))
    return words, starts.tolist()


def _words_and_bounds(
    codes: Codes, classes: npt.NDArray[np.uint8]
) -> tuple[list[str], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    in_word = _in_word(classes)
    starts, ends = run_bounds(in_word)
    return runs_of(codes, in_word), starts, ends


def _in_word(classes: npt.NDArray[np.uint8]) -> Mask:
    alphanumeric: Mask = classes == ALPHANUMERIC
    in_word: Mask = alphanumeric.copy()
    in_word[1:-1] |= (classes[1:-1] == JOINER) & alphanumeric[:-2] & alphanumeric[2:]
    return in_word


# A sentence ends at terminal punctuation (with any closing quotes or brackets) followed by white space,
# or at the end of its line: pasted articles often have headings and footers without a full stop.
# Candidates are checked for the white space after them in Python: a lookahead makes the scan much slower.
_SENTENCE_END = re.compile(r"[.!?…\n][.!?…\"'”’)\]]*")
# Full stops that do not end a sentence: titles, months and common abbreviations; initials ("J.", "U.S.")
# are recognised by shape.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sen rep gov gen lt col sgt capt jr sr inc corp co ltd vs vol jan feb mar apr "
    "jun jul aug sep sept oct nov dec approx e.g i.e".split()
)


@dataclass(frozen=True, eq=False)
class Document:
    """An article tokenised once: words with their offsets, and sentences as spans.

    Parameters
    ----------
    text : str
        The article body, already cleaned (see `biasmeter._input.clean_text`).
    title : str
        The headline, or ``""``.
    cue_words : frozenset[str]
        Lower-case words whose positions the features look up; they are indexed in the same pass that
        tokenises, so no feature walks the token list again.

    Attributes
    ----------
    words, lower : list of str
        The words (see `words_and_starts`) as written and in lower case.
    starts : list of int
        The offset of each word in ``text``.
    word_lengths : numpy array of int
        The length of each word, for features that count in bulk.
    sentences : list of (int, int)
        Start and end offsets of each sentence (see `split_sentences`).
    cues : dict of str to list of int
        The word indices of each cue word present.
    codes : numpy array of uint16 or uint32
        The code points of ``text`` (see `biasmeter._characters.codes_of`), for features that classify its
        characters in bulk.
    classes : numpy array of uint8
        The class of each character of ``text`` (see `biasmeter._characters.classes_of`).

    Examples
    --------
    >>> doc = Document("Mr. Smith arrived. He said hello!", "", frozenset({"said"}))
    >>> doc.positions({"said", "unseen"})
    [4]
    >>> [doc.text[s:e] for s, e in doc.sentences]
    ['Mr. Smith arrived.', 'He said hello!']
    >>> doc.lower[:3]
    ['mr', 'smith', 'arrived']
    """

    text: str
    title: str
    cue_words: frozenset[str] = frozenset()
    words: list[str] = field(init=False)
    lower: list[str] = field(init=False)
    starts: list[int] = field(init=False)
    word_lengths: npt.NDArray[np.intp] = field(init=False, repr=False)
    sentences: list[tuple[int, int]] = field(init=False)
    cues: dict[str, list[int]] = field(init=False)
    codes: Codes = field(init=False, repr=False)
    classes: npt.NDArray[np.uint8] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        codes = codes_of(self.text)
        classes = classes_of(codes)
        words, starts, ends = _words_and_bounds(codes, classes)
        lower = list(map(str.lower, words))
        cues: dict[str, list[int]] = {}
        cue_words = self.cue_words
        for i in compress(range(len(lower)), map(cue_words.__contains__, lower)):
            cues.setdefault(lower[i], []).append(i)
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "starts", starts.tolist())
        object.__setattr__(self, "word_lengths", ends - starts)
        object.__setattr__(self, "sentences", split_sentences(self.text))
        object.__setattr__(self, "cues", cues)
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "classes", classes)

    def positions(self, words: Collection[str]) -> list[int]:
        """Word indices, in order, of every occurrence of ``words`` (which must be among the cue words)."""
        found = [i for word, indices in self.cues.items() if word in words for i in indices]
        found.sort()
        return found

    def count(self, words: Collection[str]) -> int:
        """Number of occurrences of ``words`` (which must be among the cue words)."""
        return sum(len(indices) for word, indices in self.cues.items() if word in words)

    @property
    def n_words(self) -> int:
        """Number of word tokens in the body."""
        return len(self.words)

    def per_thousand_words(self, count: float) -> float:
        """Express ``count`` as a rate per 1,000 words (0 for an empty text)."""
        return 1000.0 * count / len(self.words) if self.words else 0.0

    def word_span(self, first: int, last: int, kind: str, detail: str = "") -> Span:
        """Evidence covering words ``first`` to ``last`` (inclusive)."""
        start = self.starts[first]
        end = self.starts[last] + len(self.words[last])
        return Span(start, end, kind, self.text[start:end], detail)

    def char_span(self, start: int, end: int, kind: str, detail: str = "", field: Field = "text") -> Span:
        """Evidence covering characters ``start:end`` of the body or the title."""
        source = self.title if field == "title" else self.text
        return Span(start, end, kind, source[start:end], detail, field)

    @cached_property
    def sentence_word_counts(self) -> list[int]:
        """Number of words in each sentence, in order."""
        starts = self.starts
        return [bisect_left(starts, end) - bisect_left(starts, start) for start, end in self.sentences]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans, keeping abbreviations such as "Mr." and "Oct." inside.

    Examples
    --------
    >>> text = "Talks began on Oct. 15 in the U.S. capital. Nothing was agreed."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Talks began on Oct. 15 in the U.S. capital.', 'Nothing was agreed.']
    """
    boundaries = []
    for match in _SENTENCE_END.finditer(text):
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
        joinable = not line_break and text[end - 1] == "." and _is_abbreviation(text, end - 1)
    return spans


def _is_abbreviation(text: str, period: int) -> bool:
    before = text[max(0, period - 12) : period].split()
    word = before[-1].lstrip("(\"'“‘[") if before else ""
    if len(word) == 1:
        return word.isupper()
    return word.lower() in _ABBREVIATIONS or (
        "." in word and word.replace(".", "").isalpha() and len(word) <= 6
    )
