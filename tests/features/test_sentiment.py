from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from biasmeter import extract

ANALYZER = SentimentIntensityAnalyzer()


def test_sentence_statistics_match_vader_per_sentence() -> None:
    sentences = [
        "The attack was horrific and cruel.",
        "Officials met on Monday.",
        "It was a wonderful, happy day.",
    ]
    compounds = [ANALYZER.polarity_scores(sentence)["compound"] for sentence in sentences]
    values = extract(" ".join(sentences)).values
    assert values["sentiment_mean"] == pytest.approx(sum(compounds) / 3)
    assert values["sentiment_strong_negative_share"] == pytest.approx(1 / 3)
    assert values["sentiment_strong_positive_share"] == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("title", "sign"),
    [
        ("Tragedy strikes as killer storm devastates town", -1),
        ("Community celebrates great win", 1),
        (None, 0),
    ],
)
def test_title_sentiment(title: str | None, sign: int) -> None:
    value = extract("Body.", title).values["title_sentiment"]
    assert (value > 0) - (value < 0) == sign


def test_most_extreme_sentences_are_evidence() -> None:
    text = "The massacre was horrific and evil. The committee met. A wonderful, joyful celebration followed."
    kinds = {span.kind: span.text for span in extract(text).evidence}
    assert kinds["negative_sentence"] == "The massacre was horrific and evil."
    assert kinds["positive_sentence"] == "A wonderful, joyful celebration followed."
