"""Loaded terms: emotionally charged words, name-calling, exaggeration, and partisan-coded vocabulary."""

from __future__ import annotations

from biasmeter.document import Document
from biasmeter.evidence import Span
from biasmeter.features._signal import Signal
from biasmeter.lexicon import CATEGORIES, loaded_terms

__all__ = ["NAMES", "cue_words", "measure"]

_RATE_NAMES = {category: f"loaded_{category}_rate" for category in CATEGORIES}
NAMES = (*_RATE_NAMES.values(), "partisan_lean")


def cue_words() -> frozenset[str]:
    """First words of the lexicon's phrases: where a match can start."""
    return frozenset(loaded_terms().by_first_token)


def measure(doc: Document) -> Signal:
    """Count lexicon phrases in ``doc`` per 1,000 words, by category, longest match first, no overlaps.

    ``partisan_lean`` is (right - left) / (right + left + 2): -1 for only left-coded terms, +1 for only
    right-coded ones, shrunk towards 0 when there are few.

    Examples
    --------
    >>> from biasmeter.features._extract import document
    >>> signal = measure(document("Illegal aliens crossed, the outraged senator said."))
    >>> signal.values["loaded_partisan_right_rate"] > 0
    True
    """
    index = loaded_terms().by_first_token
    lower = doc.lower
    counts = dict.fromkeys(CATEGORIES, 0)
    evidence: list[Span] = []
    covered_until = 0
    for i in doc.positions(index):
        if i < covered_until:
            continue
        for tokens, category in index[lower[i]]:
            last = i + len(tokens) - 1
            if tuple(lower[i : last + 1]) == tokens and _adjacent(doc, i, last):
                counts[category] += 1
                kind = "partisan_term" if category.startswith("partisan") else "loaded_term"
                evidence.append(doc.word_span(i, last, kind, category))
                covered_until = last + 1
                break
    values = {_RATE_NAMES[category]: doc.per_thousand_words(count) for category, count in counts.items()}
    left, right = counts["partisan_left"], counts["partisan_right"]
    values["partisan_lean"] = (right - left) / (right + left + 2)
    return Signal(values, evidence)


def _adjacent(doc: Document, first: int, last: int) -> bool:
    """Whether words ``first`` to ``last`` are separated by white space only, not by punctuation."""
    starts, lengths, text = doc.starts, doc.word_lengths, doc.text
    return all(not text[starts[i] + lengths[i] : starts[i + 1]].strip() for i in range(first, last))
