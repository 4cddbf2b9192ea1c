"""Readability: the classic grade-level formulas, computed in the one pass from shared counts.

The formulas and syllable counts are those of textstat 0.7.13 (Flesch, Flesch-Kincaid, SMOG, Coleman-Liau,
ARI), with Gunning's original definition of complex words (three or more syllables). Sentences are the
document's sentences, which keep "Mr." and "U.S." inside a sentence where textstat splits; on text without
such abbreviations the values equal textstat's (``tests/features/test_readability.py``).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from biasmeter._characters import SPACE, run_bounds
from biasmeter.document import Document
from biasmeter.features._signal import Signal
from biasmeter.features._syllables import SyllableCounter

__all__ = ["NAMES", "measure", "syllable_counter"]

NAMES = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "words_per_sentence",
    "sentence_length_sd",
    "syllables_per_word",
)


@cache
def syllable_counter() -> SyllableCounter:
    """The shared syllable counter, built on first use (reading the pronouncing dictionary takes a moment)."""
    return SyllableCounter()


def measure(doc: Document) -> Signal:
    """Measure readability of ``doc``; every value is 0 for a text without words.

    Examples
    --------
    >>> from biasmeter.features._extract import document
    >>> values = measure(document("The cat sat on the mat. It was happy there.")).values
    >>> round(values["flesch_reading_ease"], 1), values["words_per_sentence"]
    (108.7, 5.0)
    """
    n_words = doc.n_words
    if not n_words:
        return Signal(dict.fromkeys(NAMES, 0.0))
    lengths = doc.sentence_word_counts
    # textstat ignores fragments of two words or fewer when counting sentences (headings, datelines).
    n_sentences = max(1, sum(map((2).__lt__, lengths)))
    syllable_counts = syllable_counter().count(doc.lower)
    syllables = sum(syllable_counts)
    # Syllable counts are non-negative ints, so every word but those of 0, 1 or 2 syllables is polysyllabic;
    # list.count runs in C, with no call per word.
    polysyllables = n_words - sum(map(syllable_counts.count, (0, 1, 2)))
    letters = int(doc.word_lengths.sum())
    # ARI counts every visible character, punctuation included, per white-space-separated word (as textstat):
    # the characters that are not white space, and the runs of them.
    visible = doc.classes != SPACE
    characters = int(np.count_nonzero(visible))
    n_chunks = len(run_bounds(visible)[0])
    words_per_sentence = n_words / n_sentences
    syllables_per_word = syllables / n_words
    mean_length = sum(lengths) / len(lengths)
    length_sd = math.sqrt(sum((length - mean_length) ** 2 for length in lengths) / len(lengths))
    return Signal(
        {
            "flesch_reading_ease": 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word,
            "flesch_kincaid_grade": 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59,
            "gunning_fog": 0.4 * (words_per_sentence + 100.0 * polysyllables / n_words),
            "smog_index": 1.043 * math.sqrt(30.0 * polysyllables / n_sentences) + 3.1291,
            "coleman_liau_index": 5.8 * letters / n_words - 29.6 * n_sentences / n_words - 15.8,
            "automated_readability_index": 4.71 * characters / n_chunks + 0.5 * words_per_sentence - 21.43,
            "words_per_sentence": words_per_sentence,
            "sentence_length_sd": length_sd,
            "syllables_per_word": syllables_per_word,
        }
    )
