"""The tokenised article that every feature reads: split once, shared by all signals."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import compress, repeat

import numpy as np
import numpy.typing as npt

from biasmeter._characters import (
    ALPHANUMERIC,
    JOINER,
    SPACE,
    Codes,
    Mask,
    character_classes,
    classes_of,
    codes_of,
    run_bounds,
    runs_of,
    table_indices,
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
    in_word = _in_word(classes_of(codes))
    return runs_of(codes, in_word), run_bounds(in_word)[0].tolist()


def _in_word(classes: npt.NDArray[np.uint8]) -> Mask:
    alphanumeric: Mask = classes == ALPHANUMERIC
    in_word: Mask = alphanumeric.copy()
    in_word[1:-1] |= (classes[1:-1] == JOINER) & alphanumeric[:-2] & alphanumeric[2:]
    return in_word


def _lower_words(
    text: str, codes: Codes, in_word: Mask, word_lengths: npt.NDArray[np.intp]
) -> tuple[list[str], npt.NDArray[np.intp]]:
    # The lower-case words and their lengths. Lower-casing the text once and cutting the words out of it is
    # faster than cutting them out and lower-casing each, and gives the same words when every character
    # lower-cases to one (none lower-cases to none, so equal lengths tell; only "İ" lower-cases to two) and
    # none by its neighbours (in str.lower, only Σ does).
    lowered = text.lower()
    if len(lowered) == len(text):
        if "Σ" not in text:
            return runs_of(codes_of(lowered), in_word), word_lengths
        return list(map(str.lower, runs_of(codes, in_word))), word_lengths
    lower = list(map(str.lower, runs_of(codes, in_word)))
    return lower, np.fromiter(map(len, lower), dtype=np.intp, count=len(lower))


# A sentence ends after a run of terminal punctuation and closing quotes or brackets that holds a terminal
# and that white space or the end of the text follows ("Yes." or "Yes?!”"), or at the end of its line:
# pasted articles often have headings and footers without a full stop. Marks right after a line break end
# nothing.
# `_split_sentences` reads each character as one of these kinds. In this order the marks (closers to line
# breaks), the non-space characters (up to terminals) and white space (from line breaks) are ranges of
# kinds; and along a run of adjacent marks, the largest kind so far tells what the run holds up to there:
# closers only, a terminal, or a line break before them.
_OTHER, _CLOSER, _FULL_STOP, _TERMINAL, _LINE_BREAK, _BLANK = range(6)
# Whether a mark ends a sentence (if white space follows it), by the largest kind of its run so far.
_ENDS_SENTENCE = np.array([kind in (_FULL_STOP, _TERMINAL) for kind in range(_LINE_BREAK + 1)])
# Full stops that do not end a sentence: titles, months and common abbreviations; initials ("J.", "U.S.")
# are recognised by shape.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sen rep gov gen lt col sgt capt jr sr inc corp co ltd vs vol jan feb mar apr "
    "jun jul aug sep sept oct nov dec approx e.g i.e".split()
)
# Abbreviations recognised by shape are no longer, nor is any of the list: `_is_abbreviation` turns down a
# longer word, as about a third of those before a sentence's full stop are, without looking it up.
_LONGEST_ABBREVIATION = 6


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
    word_lengths, lower_lengths : numpy array of int
        The length of each word as written and in lower case (longer only for "İ"), for features that
        count in bulk.
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
    lower: list[str] = field(init=False)
    starts: list[int] = field(init=False)
    word_lengths: npt.NDArray[np.intp] = field(init=False, repr=False)
    lower_lengths: npt.NDArray[np.intp] = field(init=False, repr=False)
    sentences: list[tuple[int, int]] = field(init=False)
    cues: dict[str, list[int]] = field(init=False)
    codes: Codes = field(init=False, repr=False)
    classes: npt.NDArray[np.uint8] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        codes = codes_of(self.text)
        classes = classes_of(codes)
        in_word = _in_word(classes)
        starts, ends = run_bounds(in_word)
        word_lengths = ends - starts
        lower, lower_lengths = _lower_words(self.text, codes, in_word, word_lengths)
        cues: dict[str, list[int]] = {}
        cue_words = self.cue_words
        for i in compress(range(len(lower)), map(cue_words.__contains__, lower)):
            cues.setdefault(lower[i], []).append(i)
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "starts", starts.tolist())
        object.__setattr__(self, "word_lengths", word_lengths)
        object.__setattr__(self, "lower_lengths", lower_lengths)
        object.__setattr__(self, "sentences", _split_sentences(self.text, codes))
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

    @cached_property
    def words(self) -> list[str]:
        """The words (see `words_and_starts`) as written, cut out of the text when first asked for."""
        # Features read the words in lower case, and their evidence from the text: none needs these.
        return runs_of(self.codes, _in_word(self.classes))

    @property
    def n_words(self) -> int:
        """Number of word tokens in the body."""
        return len(self.starts)

    def per_thousand_words(self, count: float) -> float:
        """Express ``count`` as a rate per 1,000 words (0 for an empty text)."""
        return 1000.0 * count / len(self.starts) if self.starts else 0.0

    def word_span(self, first: int, last: int, kind: str, detail: str = "") -> Span:
        """Evidence covering words ``first`` to ``last`` (inclusive)."""
        start = self.starts[first]
        end = self.starts[last] + int(self.word_lengths[last])
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
    return _split_sentences(text, codes_of(text))


def _split_sentences(text: str, codes: Codes) -> list[tuple[int, int]]:
    """`split_sentences` of ``text``, given its `biasmeter._characters.codes_of`.

    The text is cut after each sentence end and at each line break; the pieces, stripped of white space,
    are the sentences, but for empty ones and for those that end with an abbreviation's full stop, which run
    on into the next. Only the abbreviations are read in Python: a regex scan for the ends and a Python step
    per piece took half as long again as all of this.
    """
    size = len(codes)
    # A line break after the text ends its last sentence, and is the white space after a mark at its end.
    kinds = np.empty(size + 1, dtype=np.uint8)
    _sentence_kinds().take(table_indices(codes), out=kinds[:size])
    kinds[size] = _LINE_BREAK
    marks = ((kinds - _CLOSER) <= _LINE_BREAK - _CLOSER).nonzero()[0]
    mark_kinds = kinds.take(marks)
    # The largest kind so far along each run of adjacent marks, as one running maximum: a mark's position
    # less its index numbers its run, which times 8 (more than the kinds differ) lifts each run above those
    # before it.
    runs = marks - np.arange(len(marks))
    runs <<= 3
    largest = runs + mark_kinds
    np.maximum.accumulate(largest, out=largest)
    largest -= runs
    # A sentence ends after a mark of a run that holds a terminal, if white space follows the mark (the last
    # of its run, then), and at a line break itself.
    ending = _ENDS_SENTENCE.take(largest)
    ending &= kinds.take(marks + 1, mode="clip") >= _LINE_BREAK
    ends = marks + ending
    ending |= mark_kinds == _LINE_BREAK
    ends = ends[ending]
    # Piece i runs from ends[i - 1] (or 0) to ends[i]; a line break it starts at is white space, and its
    # non-space characters are non_spaces[bounds[i] : bounds[i + 1]].
    non_spaces = (kinds <= _TERMINAL).nonzero()[0]
    bounds = np.empty(len(ends) + 1, dtype=np.intp)
    bounds[0] = 0
    bounds[1:] = non_spaces.searchsorted(ends)
    lows = bounds[:-1]
    highs = bounds[1:]
    kept = lows < highs
    # A piece that a sentence ends with a full stop runs on into the next if the full stop is an
    # abbreviation's, unless the next piece is empty: then a line break comes first. (A piece that a
    # sentence ends holds its terminal: it is never empty itself.)
    joins = mark_kinds[ending] == _FULL_STOP
    joins = joins[:-1]
    joins &= kept[1:]
    maybe = joins.nonzero()[0]
    joins[maybe] = list(map(_is_abbreviation, repeat(text), (ends.take(maybe) - 1).tolist()))
    separate = ~joins
    starting = kept.copy()
    starting[1:] &= separate
    kept[:-1] &= separate
    starts = non_spaces.take(lows[starting])
    stops = non_spaces.take(highs[kept] - 1)
    stops += 1
    return list(zip(starts.tolist(), stops.tolist()))


@cache
def _sentence_kinds() -> npt.NDArray[np.uint8]:
    """The kind of each character of the Basic Multilingual Plane for `_split_sentences`, built once.

    One more entry, `_OTHER`, stands for every character beyond the plane, none of them white space.
    """
    kinds = np.where(character_classes() == SPACE, _BLANK, _OTHER).astype(np.uint8)
    kinds[[ord(closer) for closer in "\"'”’)]"]] = _CLOSER
    kinds[[ord(terminal) for terminal in "!?…"]] = _TERMINAL
    kinds[ord(".")] = _FULL_STOP
    kinds[ord("\n")] = _LINE_BREAK
    return kinds


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the full stop at ``period`` ends an abbreviation.

    The abbreviation is the last word of the 12 characters before the full stop, less any opening quotes
    or brackets: a single upper-case character, a word of `_ABBREVIATIONS` in any case, or letters and full
    stops, at least one of each and `_LONGEST_ABBREVIATION` at most.
    """
    # Cheaper than max(0, period - 12), a call that costs a good part of the whole test.
    before = text[period - 12 if period > 12 else 0 : period].split()
    if not before:
        return False
    word = before[-1].lstrip("(\"'“‘[")
    if len(word) == 1:
        return word.isupper()
    # Lower-casing never shortens a word: a longer one is in no case one of the list.
    if len(word) > _LONGEST_ABBREVIATION:
        return False
    return word.lower() in _ABBREVIATIONS or ("." in word and word.replace(".", "").isalpha())
