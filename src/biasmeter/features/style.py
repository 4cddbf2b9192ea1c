"""Style: vocabulary variety, personal address, hedging and intensifying words."""

from __future__ import annotations

import numpy as np

from biasmeter.document import Document
from biasmeter.evidence import Span
from biasmeter.features._signal import Signal, count_words

__all__ = ["CUE_WORDS", "NAMES", "measure"]

NAMES = (
    "type_token_ratio",
    "first_person_rate",
    "second_person_rate",
    "hedge_rate",
    "intensifier_rate",
    "long_word_share",
)

# The ratio of distinct words falls as a text grows; averaging it over fixed windows (MSTTR) removes that.
_TTR_WINDOW = 100
_LONG_WORD = 7
_WORD_CLASS = {
    **dict.fromkeys(
        # "us" is left out: lower-cased, it cannot be told from "US" (the country).
        ("i", "me", "my", "mine", "myself", "we", "our", "ours", "ourselves"),
        "first_person",
    ),
    **dict.fromkeys(("you", "your", "yours", "yourself", "yourselves"), "second_person"),
    **dict.fromkeys(
        (
            "may",
            "might",
            "could",
            "perhaps",
            "possibly",
            "probably",
            "apparently",
            "seemingly",
            "likely",
            "unlikely",
            "appears",
            "appear",
            "seems",
            "seem",
            "suggests",
            "suggest",
            "unclear",
            "uncertain",
            "arguably",
            "presumably",
            "somewhat",
            "roughly",
            "approximately",
            "estimated",
        ),
        "hedge",
    ),
    **dict.fromkeys(
        (
            "very",
            "extremely",
            "absolutely",
            "totally",
            "completely",
            "utterly",
            "incredibly",
            "truly",
            "really",
            "highly",
            "deeply",
            "enormously",
            "hugely",
            "tremendously",
            "massively",
            "literally",
            "definitely",
            "clearly",
            "obviously",
            "undeniably",
            "unquestionably",
            "certainly",
        ),
        "intensifier",
    ),
}
_CLASS_WORDS = {
    word_class: frozenset(word for word, kind in _WORD_CLASS.items() if kind == word_class)
    for word_class in ("first_person", "second_person", "hedge", "intensifier")
}
CUE_WORDS = frozenset(_WORD_CLASS)


def measure(doc: Document) -> Signal:
    """Measure style features of ``doc``.

    Examples
    --------
    >>> from biasmeter.features._extract import document
    >>> values = measure(document("We might win. You will clearly lose.")).values
    >>> values["hedge_rate"], values["intensifier_rate"], values["first_person_rate"]
    (142.85714285714286, 142.85714285714286, 142.85714285714286)
    """
    lower = doc.lower
    evidence: list[Span] = []
    hedges = count_words(doc, _CLASS_WORDS["hedge"], "hedge", evidence)
    intensifiers = count_words(doc, _CLASS_WORDS["intensifier"], "intensifier", evidence)
    rate = doc.per_thousand_words
    return Signal(
        {
            "type_token_ratio": _mean_segmental_ttr(lower),
            "first_person_rate": rate(doc.count(_CLASS_WORDS["first_person"])),
            "second_person_rate": rate(doc.count(_CLASS_WORDS["second_person"])),
            "hedge_rate": rate(hedges),
            "intensifier_rate": rate(intensifiers),
            "long_word_share": _long_words(doc) / len(lower) if lower else 0.0,
        },
        evidence,
    )


def _long_words(doc: Document) -> int:
    # Counted in lower case, as the other word features read the words.
    return int(np.count_nonzero(doc.lower_lengths >= _LONG_WORD))


def _mean_segmental_ttr(words: list[str]) -> float:
    if len(words) < _TTR_WINDOW:
        return len(set(words)) / len(words) if words else 0.0
    windows = range(0, len(words) - _TTR_WINDOW + 1, _TTR_WINDOW)
    return sum(len(set(words[start : start + _TTR_WINDOW])) for start in windows) / (
        _TTR_WINDOW * len(windows)
    )
