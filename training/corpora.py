"""The shared corpora of ../shared/data as training sets, read the same way by every training script."""

from __future__ import annotations

import json
import lzma
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from biasmeter.outlets import outlet_name_variants, outlet_of
from biasmeter.retrain import read_ratings

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
RELIABILITY_CORPORA = (
    "buzzfeed-webis-2016",
    "fakenewsnet-2018",
    "horne-2017-random",
    "golbeck-2018-fake-satire",
)
# Article-level veracity (outlet-level for horne-2017) onto the reliability scale. BuzzFeed's
# "no factual content" (opinion, memes) says nothing about reliability and is left out; satire is not
# reliable news whatever its intent.
VERACITY = {
    "mostly true": "high",
    "real": "high",
    "mixture of true and false": "low",
    "mostly false": "low",
    "fake": "low",
    "satire": "low",
}
SLANT_CLASSES = ("left", "center", "right")
RELIABILITY_CLASSES = ("low", "high")
# Outlet quality (Lin et al. 2023, pc1 from 0 to 1) that makes an AllSides article a distant example of
# reliable (at least HIGH_QUALITY) or unreliable (below LOW_QUALITY) reporting; outlets in between are
# left out, as their articles are neither.
HIGH_QUALITY, LOW_QUALITY = 0.8, 0.5
DISTANT_CORPUS = "allsides-distant"
# At most this many articles of one outlet become distant examples: a few big outlets must not stand for a
# whole class, and the fits stay quick.
DISTANT_PER_OUTLET = 200
# A (slant, label) cell with fewer articles is left out: otherwise a handful of articles would carry a whole
# cell's share of the weight (AllSides has 2 articles of low-rated center outlets).
DISTANT_MIN_PER_CELL = 50
# The distant examples together weigh as much as the articles of the reliability corpora.
DISTANT_SHARE = 1.0


def read_jsonl_xz(path: Path) -> Iterator[dict[str, Any]]:
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def allsides() -> list[dict[str, Any]]:
    """AllSides train and valid together: outlet-grouped folds replace the given media-based split."""
    return [
        record
        for part in ("train", "valid")
        for record in read_jsonl_xz(DATA / "allsides" / f"{part}.jsonl.xz")
    ]


def reliability() -> list[dict[str, Any]]:
    """Articles of the reliability corpora that carry a usable veracity label, with ``label`` set."""
    records = []
    for corpus in RELIABILITY_CORPORA:
        for record in read_jsonl_xz(DATA / "reliability" / f"{corpus}.jsonl.xz"):
            label = VERACITY.get(record["veracity"])
            if label is not None and (record.get("text") or "").strip():
                records.append({**record, "corpus": corpus, "label": label, "weight": 1.0})
    return records


def domain_quality() -> dict[str, float]:
    """Lin et al. (2023) consensus quality ``pc1`` of each rated domain."""
    table = read_ratings(DATA / "media-ratings" / "lin-2023-domain-quality-pc1.csv", "domain", "pc1")
    return {domain: float(rating) for domain, rating in table.items()}


def quality_label(rating: float | None) -> str | None:
    """``"high"`` or ``"low"`` for an outlet rated clearly one way, ``None`` for in-between or unrated."""
    if rating is None:
        return None
    return "high" if rating >= HIGH_QUALITY else "low" if rating < LOW_QUALITY else None


def distant_labels(articles: list[dict[str, Any]], n_reliability: int) -> dict[int, tuple[str, float]]:
    """AllSides articles that serve as distant examples for the reliability model: row → (label, weight).

    An article takes its outlet's quality rating as its label (`quality_label`). Reliability must not
    follow slant: in the reliability corpora unreliable articles lean right, and a model trained on them
    alone scores high-rated right-leaning outlets far below high-rated left-leaning ones. Here each
    (slant, label) cell gets an equal share of the weight, so that within left- and within right-leaning
    outlets high and low weigh the same; all cells together weigh `DISTANT_SHARE` × ``n_reliability``
    articles. Cells with fewer than `DISTANT_MIN_PER_CELL` articles are left out (on AllSides: center
    low, so center outlets give high examples only), and at most `DISTANT_PER_OUTLET` articles of an
    outlet are taken (the first in file order).
    """
    quality = domain_quality()
    taken: Counter[str] = Counter()
    chosen: dict[int, tuple[str, str]] = {}
    for row, record in enumerate(articles):
        outlet = group_of(record)
        label = quality_label(quality.get(outlet))
        if label is not None and taken[outlet] < DISTANT_PER_OUTLET:
            taken[outlet] += 1
            chosen[row] = (record["slant"], label)
    cells = Counter(chosen.values())
    kept = {cell: count for cell, count in cells.items() if count >= DISTANT_MIN_PER_CELL}
    return {
        row: (cell[1], DISTANT_SHARE * n_reliability / (len(kept) * kept[cell]))
        for row, cell in chosen.items()
        if cell in kept
    }


def distant_reliability(articles: list[dict[str, Any]], n_reliability: int) -> list[dict[str, Any]]:
    """The `distant_labels` articles as reliability records: ``label``, ``weight`` and ``corpus`` set."""
    return [
        {**articles[row], "corpus": DISTANT_CORPUS, "label": label, "weight": weight}
        for row, (label, weight) in distant_labels(articles, n_reliability).items()
    ]


def group_of(record: dict[str, Any]) -> str:
    """The outlet of an article; articles of unknown outlet count as one outlet per corpus."""
    return outlet_of(record) or f"unknown:{record.get('corpus', 'allsides')}"


def outlet_names(records: list[dict[str, Any]]) -> list[str]:
    return outlet_name_variants(records)
