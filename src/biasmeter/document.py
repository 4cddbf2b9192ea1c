"""The tokenised article that every feature reads: split once, shared by all signals."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import compress

import numpy as np
import numpy.typing as npt

from biasmeter.evidence import Field, Span

__all__ = ["Document", "character_classes", "split_sentences", "word_bounds"]


# A word is a run of letters and digits (what ``str.isalnum`` accepts; not "_"), with single apostrophes,
# hyphens or dots inside it, so "don't", "al-Sharaa", "U.S" and "3.5" are one token each. The regex
# "[^\W_]+(?:['’.\-][^\W_]+)*" says the same; classifying all characters at once in numpy and cutting at
# the edges of the runs is about twice as fast as that regex, whose split makes a string of every gap.
_BASIC_PLANE = 0x10000
_OTHER, _ALPHANUMERIC, _JOINER = 0, 1, 2


@cache
def character_classes() -> npt.NDArray[np.uint8]:
    """How `word_bounds` classes each character of the Basic Multilingual Plane, built once per process.

    1 for a letter or digit, 2 for an apostrophe, full stop or hyphen (which may join two words into one),
    0 otherwise. One more entry, 0, stands for every character beyond the plane (emoji, rare scripts),
    which `word_bounds` classes one by one.
    """
    classes = np.zeros(_BASIC_PLANE + 1, dtype=np.uint8)
    classes[:_BASIC_PLANE] = [chr(code).isalnum() for code in range(_BASIC_PLANE)]
    classes[[ord(joiner) for joiner in "'’.-"]] = _JOINER
    return classes


def word_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the words of ``text``, in order.

    Examples
    --------
    >>> text = "Don't panic: U.S. al-Sharaa's 3.5%"
    >>> starts, ends = word_bounds(text)
    >>> [text[start:end] for start, end in zip(starts, ends)]
    ["Don't", 'panic', 'U.S', "al-Sharaa's", '3.5']
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = character_classes()[np.minimum(codes, _BASIC_PLANE)]
    alphanumeric = classes == _ALPHANUMERIC
    beyond = codes >= _BASIC_PLANE
    if beyond.any():
        for code in np.unique(codes[beyond]).tolist():
            alphanumeric[codes == code] = chr(code).isalnum()
    in_word = alphanumeric.copy()
    in_word[1:-1] |= (classes[1:-1] == _JOINER) & alphanumeric[:-2] & alphanumeric[2:]
    edges = np.flatnonzero(np.diff(in_word, prepend=False, append=False))
    return edges[0::2].tolist(), edges[1::2].tolist()


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
    sentences: list[tuple[int, int]] = field(init=False)
    cues: dict[str, list[int]] = field(init=False)

    def __post_init__(self) -> None:
        text = self.text
        starts, ends = word_bounds(text)
        words = [text[start:end] for start, end in zip(starts, ends)]
        lower = list(map(str.lower, words))
        cues: dict[str, list[int]] = {}
        cue_words = self.cue_words
        for i in compress(range(len(lower)), map(cue_words.__contains__, lower)):
            cues.setdefault(lower[i], []).append(i)
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "starts", starts)
        object.__setattr__(self, "sentences", split_sentences(self.text))
        object.__setattr__(self, "cues", cues)

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
