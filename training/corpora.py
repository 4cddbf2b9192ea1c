"""The shared corpora of ../shared/data as training sets, read the same way by every training script."""

from __future__ import annotations

import json
import lzma
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from biasmeter.outlets import outlet_name_variants, outlet_of

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
                records.append({**record, "corpus": corpus, "label": label})
    return records


def group_of(record: dict[str, Any]) -> str:
    """The outlet of an article; articles of unknown outlet count as one outlet per corpus."""
    return outlet_of(record) or f"unknown:{record.get('corpus', 'allsides')}"


def outlet_names(records: list[dict[str, Any]]) -> list[str]:
    return outlet_name_variants(records)
