"""Evaluation of a saved model on a labelled corpus: the figures of training, without training."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from biasmeter._input import check_jobs
from biasmeter._wording import plural
from biasmeter.errors import BiasmeterError
from biasmeter.model import TargetModel, read_model_file
from biasmeter.outlets import outlet_of
from biasmeter.retrain._common import _NO_GROUP, Progress, _abstention_counts, _articles_per_class
from biasmeter.retrain._figures import _confusion
from biasmeter.retrain._fits import extract_articles
from biasmeter.retrain._labels import _read_labelled
from biasmeter.retrain._reading import _articles
from biasmeter.retrain._report import _confusion_text, _counts_text, _figures_text
from biasmeter.scoring import Model
from biasmeter.training import metrics

# Below these counts a figure is closer to an anecdote than an estimate: one article gives an accuracy of
# 0 or 1, and a class of a handful moves macro-F1 by a tenth per article.
_FEW_ARTICLES = 30
_FEW_PER_CLASS = 5


@dataclass(frozen=True, eq=False)
class EvaluationResult:
    """Figures of a saved model on a labelled corpus.

    Attributes
    ----------
    metrics : dict
        Counts, accuracy, macro-F1, ROC-AUC, Brier score, ECE and the confusion matrix (JSON-safe).
    probabilities : ndarray
        The model's class probabilities, one row per labelled article; NaN for an article that scoring
        abstains on (too short, another language), which the figures leave out.
    labels : ndarray
        The class index of each labelled article.
    """

    metrics: dict[str, Any]
    probabilities: npt.NDArray[np.float64]
    labels: npt.NDArray[np.int64]

    def report(self) -> str:
        """The figures as plain text."""
        m = self.metrics
        lines = [
            f"model: {m['model']} ({m['target']}: {', '.join(m['classes'])})",
            f"{plural(m['articles'], 'labelled article')} from {plural(m['outlets'], 'outlet')} "
            f"({_counts_text(m['class_counts'])}); {plural(m['records'], 'record')} read",
        ]
        rows = [("this corpus", m["figures"])]
        if m.get("unseen_outlets") is not None:
            rows.append((f"outlets unseen in training ({m['unseen_outlets']['n']:,})", m["unseen_outlets"]))
        lines += ["", _figures_text(rows), "", _confusion_text(m["confusion_matrix"])]
        lines += [f"note: {note}" for note in m["notes"]]
        return "\n".join(lines)


def evaluate(
    model: TargetModel | Model | str | os.PathLike[str],
    records: Any,
    *,
    label: str | None = None,
    classes: Sequence[str] | None = None,
    thresholds: Sequence[float] | None = None,
    ratings: Mapping[str, str] | str | os.PathLike[str] | None = None,
    ratings_key: str = "domain",
    ratings_value: str | None = None,
    jobs: int = 1,
    skip_bad_lines: bool = False,
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
) -> EvaluationResult:
    """Score a labelled corpus with a saved model and compute its figures; nothing is trained.

    Labels are mapped as in `train` onto the model's classes (``classes`` names them in the model's order).
    Texts are masked with the model's outlet names, as in training. When the model file lists the outlets
    it was trained on, the figures are also given for the articles of the other outlets only.

    Raises
    ------
    BiasmeterError
        For an empty corpus, unusable lines (unless ``skip_bad_lines``), a missing label column, labels
        outside the classes, a mapping with another number of classes than the model has, a corpus that
        scoring would abstain on entirely, a model that is no model (or a `Model` of two targets), or a
        model file that cannot be loaded safely.
    """
    jobs = check_jobs(jobs, "jobs")
    name = "<model>"
    if isinstance(model, Model):
        model = _only_target(model)
    elif isinstance(model, (str, os.PathLike)):
        name = os.fspath(model)
        model = read_model_file(Path(model))
    elif not isinstance(model, TargetModel):
        raise BiasmeterError(
            f"model must be a model file's path, a TargetModel or a Model, got {type(model).__name__}"
        )
    reading, labelled = _read_labelled(
        records,
        target=model.target.name,
        label=label,
        classes=classes,
        thresholds=thresholds,
        ratings=ratings,
        ratings_key=ratings_key,
        ratings_value=ratings_value,
        skip_bad_lines=skip_bad_lines,
        progress=progress,
        log=log,
        expected=model.target.classes,
    )
    hand, texts, reasons = extract_articles(
        _articles(labelled.rows), model.outlet_names, jobs=jobs, progress=progress
    )
    # The figures describe what `score` gives: an article it abstains on has no probabilities.
    scored = np.array([reason is None for reason in reasons], dtype=bool)
    abstained = _abstention_counts(reasons)
    if not scored.any():
        raise BiasmeterError(
            f"scoring abstains on every one of the {plural(len(reasons), 'article')} "
            f"({_counts_text(abstained)}); there is nothing to evaluate"
        )
    all_probabilities = np.full((len(reasons), len(model.target.classes)), np.nan)
    all_probabilities[scored] = model.probabilities(
        model.design(hand[scored], list(compress(texts, scored.tolist())))
    )
    probabilities, labels = all_probabilities[scored], labelled.labels[scored]
    outlets = list(compress((outlet_of(row.data) or _NO_GROUP for row in labelled.rows), scored.tolist()))
    counts = _articles_per_class(labels, model.target.classes)
    notes = [*_few_articles(counts, "the figures"), *reading.notes, *labelled.notes]
    if abstained:
        notes.append(
            f"{plural(sum(abstained.values()), 'article')} of {len(reasons):,} left out of the figures: "
            f"scoring abstains on them ({_counts_text(abstained)})"
        )
    result: dict[str, Any] = {
        "model": name,
        "target": model.target.name,
        "classes": list(model.target.classes),
        **labelled.described,
        "records": reading.total,
        "skipped_lines": len(reading.bad),
        "unlabelled": labelled.unlabelled,
        "unrated": labelled.unrated,
        "articles": len(labels),
        "abstained": abstained,
        "outlets": len(set(outlets)),
        "class_counts": counts,
        "figures": metrics(probabilities, labels, model.target),
        "confusion_matrix": _confusion(labels, probabilities, model.target.classes),
        "unseen_outlets": None,
    }
    seen = model.metadata.get("training_outlets")
    if isinstance(seen, list):
        known = set(map(str, seen))
        overlap = np.array([outlet in known for outlet in outlets], dtype=bool)
        if overlap.any():
            notes.append(
                f"{int(overlap.sum()):,} of {len(labels):,} articles come from "
                f"{plural(len({o for o, hit in zip(outlets, overlap) if hit}), 'outlet')} the model was "
                "trained on; "
                "figures on them measure memorised outlets"
            )
            if (~overlap).any():
                result["unseen_outlets"] = metrics(probabilities[~overlap], labels[~overlap], model.target)
                unseen = _articles_per_class(labels[~overlap], model.target.classes)
                notes += _few_articles(unseen, "the figures on unseen outlets")
    result["notes"] = notes
    return EvaluationResult(result, all_probabilities, labelled.labels)


def _few_articles(counts: Mapping[str, int], figures: str) -> list[str]:
    """A note when ``figures`` rest on too few articles, overall or in a class, to mean much; else none."""
    total = sum(counts.values())
    few = {name: count for name, count in counts.items() if count < _FEW_PER_CLASS}
    if total >= _FEW_ARTICLES and not few:
        return []
    reasons = [f"{plural(total, 'article')} in all"] if total < _FEW_ARTICLES else []
    if few:
        reasons.append(f"fewer than {_FEW_PER_CLASS} in {_counts_text(few)}")
    return [
        f"{figures} rest on very few articles ({'; '.join(reasons)}) and can be far from the model's "
        f"performance by chance alone; evaluate on at least {_FEW_ARTICLES} articles, "
        f"{_FEW_PER_CLASS} of each class"
    ]


def _only_target(model: Model) -> TargetModel:
    # load_model(path) fills the other target with the default model, so it holds two: which one is meant?
    if len(model.models) != 1:
        names = " or ".join(f"model.models[{name!r}]" for name in model.models)
        raise BiasmeterError(
            f"this Model scores {len(model.models)} targets; evaluate one: pass {names}, the path, or "
            "load_model(path, defaults=False)"
        )
    return next(iter(model.models.values()))
