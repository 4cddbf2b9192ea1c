"""Evaluate the default recipe on outlets it never saw, against a TF-IDF baseline, in one run.

Usage (from the repository root)::

    python training/evaluate.py            # prints the report and saves it to training/evaluation.txt

Prints, baselines included:

* slant: outlet-grouped 5-fold cross-validation over AllSides train+valid (outlet = registrable domain of
  the URL), macro-F1 and accuracy, recipe and baseline on the same folds and masked texts;
* reliability: leave-one-corpus-out ROC-AUC per corpus, recipe and baseline; Golbeck et al. holds only
  unreliable articles, so it gets the share of its articles scored low instead of an AUC;
* fairness: the shipped reliability model on AllSides, ROC-AUC within each slant group against the outlets'
  quality ratings (Lin et al. 2023 pc1: high >= 0.8, low < 0.5), and the mean reliability of articles from
  high-rated left-leaning versus high-rated right-leaning outlets;
* calibration: Brier score and expected calibration error of the held-out reliability probabilities;
* the example article's scores.
"""

from __future__ import annotations

import csv
import io
import sys
import time
from contextlib import redirect_stdout
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))

import biasmeter
import corpora
from biasmeter.model import Target, softmax
from biasmeter.training import (
    Dataset,
    baseline_probabilities,
    cross_validate,
    fit_temperature,
    grouped_folds,
    metrics,
    prepare,
)
from build_default_models import RECIPES, RELIABILITY_OPTIONS, SLANT_OPTIONS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared" / "examples" / "kremlin-syria-2025-10.txt"
HIGH_QUALITY, LOW_QUALITY = 0.8, 0.5


def progress(label: str) -> Any:
    started = time.perf_counter()

    def report(done: int, total: int) -> None:
        print(f"\r{label}: {done}/{total} ({time.perf_counter() - started:.0f}s)", end="", file=sys.stderr)
        if done == total:
            print(file=sys.stderr)

    return report


def dataset(records: list[dict[str, Any]], target: str, outlet_names: list[str]) -> Dataset:
    """Features of ``records``, labelled as the shipped ``target`` model's `RECIPES` entry says."""
    label, classes = RECIPES[target]["label"], RECIPES[target]["classes"]
    return prepare(
        [(record["text"], record["title"]) for record in records],
        [classes.index(record[label]) for record in records],
        [corpora.group_of(record) for record in records],
        Target.default(target, classes),
        outlet_names,
        progress(f"{target} features"),
        n_jobs=2,
    )


def leave_one_corpus_out(corpus: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    return [
        (np.flatnonzero(corpus != name), np.flatnonzero(corpus == name))
        for name in corpora.RELIABILITY_CORPORA
    ]


@cache
def outlet_names() -> list[str]:
    return corpora.outlet_names(corpora.allsides() + corpora.reliability())


def slant_report() -> None:
    data = dataset(corpora.allsides(), "slant", outlet_names())
    folds = grouped_folds(data, 5, random_state=0)
    ours, _ = cross_validate(data, folds, SLANT_OPTIONS, n_jobs=2)
    baseline = baseline_probabilities(data, folds, n_jobs=2)
    print(
        f"## Slant: outlet-grouped 5-fold CV, {len(data.labels):,} articles, {len(set(data.groups))} outlets"
    )
    for name, probabilities in (("biasmeter", ours), ("baseline TF-IDF + LR", baseline)):
        m = metrics(probabilities, data.labels, data.target)
        print(f"{name:22s} macro-F1 {m['macro_f1']:.3f}  accuracy {m['accuracy']:.3f}")
    gain = (
        metrics(ours, data.labels, data.target)["macro_f1"]
        - metrics(baseline, data.labels, data.target)["macro_f1"]
    )
    print(f"macro-F1 difference (biasmeter - baseline): {gain:+.3f} (target +0.050)")


def reliability_report() -> None:
    records = corpora.reliability()
    data = dataset(records, "reliability", outlet_names())
    folds = leave_one_corpus_out(np.array([record["corpus"] for record in records]))
    ours, logits = cross_validate(data, folds, RELIABILITY_OPTIONS, n_jobs=2)
    baseline = baseline_probabilities(data, folds, n_jobs=2)
    print(f"\n## Reliability: leave-one-corpus-out, {len(data.labels):,} articles")
    print(f"{'held-out corpus':28s} {'n':>5s} {'biasmeter':>10s} {'baseline':>10s}")
    gains = []
    for name, (_, test) in zip(corpora.RELIABILITY_CORPORA, folds):
        truth = data.labels[test] == 1
        if 0 < truth.sum() < len(truth):
            ours_auc = roc_auc_score(truth, ours[test, 1])
            base_auc = roc_auc_score(truth, baseline[test, 1])
            gains.append(ours_auc - base_auc)
            print(f"{name:28s} {len(test):5d} {'AUC':>4s} {ours_auc:.3f} {'AUC':>4s} {base_auc:.3f}")
        else:
            ours_low = float(np.mean(ours[test, 1] < 0.4))
            base_low = float(np.mean(baseline[test, 1] < 0.4))
            print(
                f"{name:28s} {len(test):5d} share scored low (<40): {ours_low:.3f} vs {base_low:.3f} "
                "(one class: no AUC)"
            )
    print(f"mean AUC difference over corpora with both classes: {np.mean(gains):+.3f} (target +0.050)")
    temperature = fit_temperature(logits, data.labels)
    calibrated = softmax(logits * temperature)
    for name, probabilities in (("raw", ours), (f"temperature-scaled (x{temperature:.2f})", calibrated)):
        m = metrics(probabilities, data.labels, data.target)
        print(f"calibration, {name}: Brier {m['brier']:.3f}  ECE {m['ece']:.3f}")


def fairness_report() -> None:
    quality = {}
    with open(corpora.DATA / "media-ratings" / "lin-2023-domain-quality-pc1.csv", encoding="utf-8") as table:
        for row in csv.DictReader(table):
            quality[row["domain"]] = float(row["pc1"])
    records = corpora.allsides()
    scores = biasmeter.default_model().score_many(
        {"text": record["text"], "title": record["title"]} for record in records
    )
    reliability = np.array([np.nan if s.reliability is None else s.reliability for s in scores])
    slant = np.array([record["slant"] for record in records])
    rating = np.array([quality.get(corpora.group_of(record), np.nan) for record in records])
    print("\n## Fairness: shipped reliability model on AllSides, outlets rated by Lin et al. 2023 (pc1)")
    for side in corpora.SLANT_CLASSES:
        rated = (slant == side) & ~np.isnan(reliability) & ((rating >= HIGH_QUALITY) | (rating < LOW_QUALITY))
        high = rating[rated] >= HIGH_QUALITY
        auc = (
            f"{roc_auc_score(high, reliability[rated]):.3f}"
            if 0 < high.sum() < len(high)
            else "n/a (one class)"
        )
        print(
            f"{side:6s} ROC-AUC high- vs low-rated outlets: {auc}  "
            f"(articles {rated.sum():,}, high {high.sum():,})"
        )
    means = {}
    for side in ("left", "right"):
        chosen = (slant == side) & (rating >= HIGH_QUALITY) & ~np.isnan(reliability)
        means[side] = reliability[chosen].mean()
        print(
            f"mean reliability, high-rated {side}-leaning outlets: {means[side]:.1f} "
            f"({chosen.sum():,} articles)"
        )
    print(f"difference left - right: {means['left'] - means['right']:+.1f} points (limit 5)")


def example_report() -> None:
    score = biasmeter.score(EXAMPLE.read_text(encoding="utf-8"))
    print(f"\n## Example article ({EXAMPLE.name})")
    print(
        f"reliability {score.reliability:.1f} ({score.reliability_label}), "
        f"slant {score.slant:+.2f} ({score.slant_label})"
    )


def main() -> None:
    started = time.perf_counter()
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        slant_report()
        reliability_report()
        fairness_report()
        example_report()
        print(f"\n(evaluate.py ran in {time.perf_counter() - started:.0f}s)")
    report = buffer.getvalue()
    print(report, end="")
    (ROOT / "training" / "evaluation.txt").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
