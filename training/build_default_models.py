"""Build the default reliability and slant models shipped in ``src/biasmeter/data/models``.

Usage (from the repository root, with ../shared/data present)::

    python training/build_default_models.py

Both models are trained through biasmeter's own training API (`biasmeter.training`), the one behind
``biasmeter train``. Calibration uses held-out predictions: outlet-grouped 5-fold for slant and
leave-one-corpus-out for reliability. The script writes the two skops files, ``manifest.json`` with their
SHA-256 hashes, ``training/metrics.json`` and ``docs/model-card.md`` (which includes the last output of
``training/evaluate.py``, kept in ``training/evaluation.txt``; after evaluating, refresh the card with
``--card-only``). Seeds are fixed: the same data gives the same files.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora
import model_card
from biasmeter import __version__
from biasmeter.model import Target, TargetModel, read_model_file, softmax
from biasmeter.training import (
    Dataset,
    TrainingOptions,
    cross_validate,
    fit_target_model,
    fit_temperature,
    grouped_folds,
    metrics,
    prepare,
)

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "src" / "biasmeter" / "data" / "models"
SLANT_OPTIONS = TrainingOptions()
# Reliability must not be learned from slant: the partisan vocabulary counts are left out.
RELIABILITY_OPTIONS = TrainingOptions(
    excluded_features=("loaded_partisan_left_rate", "loaded_partisan_right_rate", "partisan_lean")
)


def progress(label: str) -> Any:
    started = time.perf_counter()

    def report(done: int, total: int) -> None:
        print(f"\r{label}: {done}/{total} ({time.perf_counter() - started:.0f}s)", end="", file=sys.stderr)
        if done == total:
            print(file=sys.stderr)

    return report


def slant_dataset(records: list[dict[str, Any]], outlet_names: list[str]) -> Dataset:
    return prepare(
        [(record["text"], record["title"]) for record in records],
        [corpora.SLANT_CLASSES.index(record["slant"]) for record in records],
        [corpora.group_of(record) for record in records],
        Target.default("slant", corpora.SLANT_CLASSES),
        outlet_names,
        progress("slant features"),
        n_jobs=2,
    )


def reliability_dataset(records: list[dict[str, Any]], outlet_names: list[str]) -> tuple[Dataset, np.ndarray]:
    data = prepare(
        [(record["text"], record["title"]) for record in records],
        [corpora.RELIABILITY_CLASSES.index(record["label"]) for record in records],
        [corpora.group_of(record) for record in records],
        Target.default("reliability", corpora.RELIABILITY_CLASSES),
        outlet_names,
        progress("reliability features"),
        n_jobs=2,
    )
    return data, np.array([record["corpus"] for record in records])


def leave_one_corpus_out(data: Dataset, corpus: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    return [
        (np.flatnonzero(corpus != name), np.flatnonzero(corpus == name))
        for name in corpora.RELIABILITY_CORPORA
    ]


def build(
    name: str, data: Dataset, folds: list[Any], options: TrainingOptions
) -> tuple[TargetModel, dict[str, Any]]:
    probabilities, logits = cross_validate(data, folds, options, progress(f"{name} held-out folds"), n_jobs=2)
    temperature = fit_temperature(logits, data.labels)
    calibrated = softmax(logits * temperature)
    model = fit_target_model(data, options, calibration=temperature)
    summary = {
        "articles": len(data.labels),
        "outlets": len(set(data.groups.tolist())),
        "class_counts": dict(
            zip(data.target.classes, np.bincount(data.labels, minlength=len(data.target.classes)).tolist())
        ),
        "options": options.describe(),
        "calibration_factor": temperature,
        "held_out": metrics(probabilities, data.labels, data.target),
        "held_out_calibrated": metrics(calibrated, data.labels, data.target),
        "vocabulary": len(model.term_names),
    }
    return model, summary


def write_card_from_built_models() -> None:
    manifest = json.loads((MODELS / "manifest.json").read_text(encoding="utf-8"))
    models = {
        name: read_model_file(MODELS / entry["file"], expected_sha256=entry["sha256"])
        for name, entry in manifest["models"].items()
    }
    summaries = json.loads((ROOT / "training" / "metrics.json").read_text(encoding="utf-8"))
    model_card.write(ROOT / "docs" / "model-card.md", models, summaries)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--card-only",
        action="store_true",
        help="only rewrite docs/model-card.md from the built models, training/metrics.json and the last "
        "evaluation (after running training/evaluate.py)",
    )
    if parser.parse_args().card_only:
        write_card_from_built_models()
        return
    started = time.perf_counter()
    MODELS.mkdir(parents=True, exist_ok=True)
    allsides, reliability_records = corpora.allsides(), corpora.reliability()
    # One list of outlet names for both models, so that a text is masked once when scored.
    outlet_names = corpora.outlet_names(allsides + reliability_records)
    slant_data = slant_dataset(allsides, outlet_names)
    slant, slant_summary = build(
        "slant", slant_data, grouped_folds(slant_data, 5, random_state=0), SLANT_OPTIONS
    )
    reliability_data, corpus = reliability_dataset(reliability_records, outlet_names)
    reliability, reliability_summary = build(
        "reliability", reliability_data, leave_one_corpus_out(reliability_data, corpus), RELIABILITY_OPTIONS
    )
    manifest: dict[str, Any] = {"biasmeter": __version__, "models": {}}
    for name, model, summary in (
        ("slant", slant, slant_summary),
        ("reliability", reliability, reliability_summary),
    ):
        model.metadata.update({"biasmeter": __version__, "training": summary})
        file = f"{name}.skops"
        digest = model.save(MODELS / file)
        manifest["models"][name] = {"file": file, "sha256": digest, "bytes": (MODELS / file).stat().st_size}
    (MODELS / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    summaries = {"slant": slant_summary, "reliability": reliability_summary}
    (ROOT / "training" / "metrics.json").write_text(json.dumps(summaries, indent=2, sort_keys=True) + "\n")
    model_card.write(ROOT / "docs" / "model-card.md", {"slant": slant, "reliability": reliability}, summaries)
    print(json.dumps(manifest, indent=2))
    print(f"built in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
