"""Sentiment: VADER per sentence, summarised over the article, and the headline's own tone."""

from __future__ import annotations

import math
from functools import cache

from biasmeter.document import Document
from biasmeter.features._signal import Signal
from biasmeter.features._vader import SentenceScorer

__all__ = ["NAMES", "STRONG", "measure", "scorer"]

NAMES = (
    "sentiment_mean",
    "sentiment_sd",
    "sentiment_strong_negative_share",
    "sentiment_strong_positive_share",
    "sentiment_negative_mean",
    "title_sentiment",
)
# VADER's authors call |compound| >= 0.05 non-neutral; half the scale marks a strongly worded sentence.
STRONG = 0.5
# Each of the most extreme sentences becomes evidence; more would bury the reader.
_EVIDENCE_PER_SIDE = 3


@cache
def scorer() -> SentenceScorer:
    """The shared sentence scorer, built on first use (loading VADER's lexicon takes a moment)."""
    return SentenceScorer()


def measure(doc: Document) -> Signal:
    """Measure sentence-level sentiment of ``doc``.

    Examples
    --------
    >>> from biasmeter.features._extract import document
    >>> signal = measure(document("The attack was horrific. Officials met on Monday.", "Tragedy strikes"))
    >>> signal.values["sentiment_strong_negative_share"], round(signal.values["title_sentiment"], 3)
    (0.5, -0.784)
    """
    text = doc.text
    compounds, negatives = scorer().compounds_and_negatives([text[start:end] for start, end in doc.sentences])
    n = len(compounds)
    title_sentiment = scorer().polarity_scores(doc.title)["compound"] if doc.title.strip() else 0.0
    if not n:
        return Signal(dict.fromkeys(NAMES, 0.0) | {"title_sentiment": title_sentiment})
    mean = math.fsum(compounds) / n
    variance = math.fsum((value - mean) ** 2 for value in compounds) / n
    order = sorted(range(n), key=compounds.__getitem__)
    extremes = [i for i in order[:_EVIDENCE_PER_SIDE] if compounds[i] <= -STRONG]
    extremes += [i for i in order[::-1][:_EVIDENCE_PER_SIDE] if compounds[i] >= STRONG]
    evidence = [
        doc.char_span(
            *doc.sentences[i],
            "negative_sentence" if compounds[i] < 0 else "positive_sentence",
            f"compound={compounds[i]:+.4f}",
        )
        for i in extremes
    ]
    return Signal(
        {
            "sentiment_mean": mean,
            "sentiment_sd": math.sqrt(variance),
            "sentiment_strong_negative_share": sum(value <= -STRONG for value in compounds) / n,
            "sentiment_strong_positive_share": sum(value >= STRONG for value in compounds) / n,
            "sentiment_negative_mean": math.fsum(negatives) / n,
            "title_sentiment": title_sentiment,
        },
        evidence,
    )
