"""Training: `train` reads, labels, checks, fits and calibrates; `TrainingResult` holds and saves the model.

The steps, in order: read the corpus, map its labels, make the folds (every check that can fail runs
here, before the slow steps), extract features once, fit the folds, the baseline and the final model,
fit a temperature on the out-of-fold logits, and gather the figures.
"""

from __future__ import annotations

import numbers
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from biasmeter._input import check_jobs, check_output_file
from biasmeter._wording import plural
from biasmeter.errors import BiasmeterError
from biasmeter.model import Target, TargetModel, softmax
from biasmeter.outlets import outlet_name_variants, outlet_of
from biasmeter.retrain._common import (
    _NO_GROUP,
    Progress,
    _abstention_counts,
    _articles_per_class,
    _as_names,
    _check_column_or_values,
)
from biasmeter.retrain._figures import _confusion, _group_table
from biasmeter.retrain._fits import _fit_all, extract_articles
from biasmeter.retrain._labels import _read_labelled
from biasmeter.retrain._reading import _articles, _weights
from biasmeter.retrain._report import _card, _counts_text, _figure_rows, _figures_text
from biasmeter.retrain._splits import RANDOM_SPLIT_NOTE, SPLITS, _groups, _make_folds
from biasmeter.training import TEMPERATURE_RANGE, Dataset, TrainingOptions, fit_temperature, metrics

_TOP_FEATURES = 15


@dataclass(frozen=True)
class SavedFiles:
    """Where `TrainingResult.save` wrote the model, its figures and its card, and the model's SHA-256."""

    model: Path
    metrics: Path
    card: Path
    sha256: str


def _companions(path: Path) -> tuple[Path, Path]:
    stem = path.name.split(".")[0] if path.suffix else path.name
    metrics_path, card_path = path.with_name(f"{stem}.metrics.json"), path.with_name(f"{stem}.md")
    if path in (metrics_path, card_path) or not stem:
        raise BiasmeterError(
            f"{path}: the model file needs a name of its own beside {metrics_path.name} and "
            f"{card_path.name}; use one ending in .skops"
        )
    return metrics_path, card_path


_OTHER_MODEL_FORMATS = {
    **dict.fromkeys((".pkl", ".pickle", ".joblib"), "never pickles, which can run code when loaded"),
    **dict.fromkeys((".gz", ".xz", ".bz2", ".zip"), "zip archives, not compressed further"),
}


def check_output(path: str | os.PathLike[str]) -> Path:
    """Check that a model can be written to ``path`` (and its companions beside it), before training."""
    target = Path(path)
    _companions(target)
    # A name that promises another format would mislead whoever opens the file with that tool.
    suffix = target.suffix.lower()
    if suffix in _OTHER_MODEL_FORMATS:
        raise BiasmeterError(
            f"{target}: biasmeter writes skops model files ({_OTHER_MODEL_FORMATS[suffix]}); name it "
            f"{target.name.split('.')[0]}.skops"
        )
    check_output_file(target, example="model.skops")
    if not os.access(target.parent, os.W_OK):  # the metrics and the card are created beside the model
        raise BiasmeterError(f"{target}: cannot write into {target.parent}")
    return target


@dataclass(frozen=True, eq=False)
class TrainingResult:
    """A trained model with its figures.

    Attributes
    ----------
    model : TargetModel
        The final model, fitted on all labelled articles, calibrated with the temperature found on the
        out-of-fold predictions; ``model.metadata["training"]`` holds `metrics`.
    metrics : dict
        JSON-safe counts and figures: see ``docs/training.md`` for every key.
    held_out : ndarray
        Calibrated out-of-fold class probabilities, one row per training article.
    labels : ndarray
        The class index of each training article.
    """

    model: TargetModel
    metrics: dict[str, Any]
    held_out: npt.NDArray[np.float64]
    labels: npt.NDArray[np.int64]

    def summary(self) -> str:
        """A few plain-text lines: counts, the cross-validation figures and the temperature."""
        m = self.metrics
        lines = [
            f"{m['articles']:,} articles in {len(m['classes'])} classes ({_counts_text(m['class_counts'])}) "
            f"from {m['outlets']:,} groups by {m['group_by']}",
            f"evaluation: {m['split_description']}",
            "",
            _figures_text(_figure_rows(m)),
            "",
            f"temperature {m['calibration_factor']:.3f}; vocabulary {m['vocabulary']:,} n-grams",
        ]
        lines += [f"note: {note}" for note in m["notes"]]
        return "\n".join(lines)

    def card(self, sha256: str | None = None, model_file: str | None = None) -> str:
        """The model card in Markdown."""
        return _card(self.metrics, sha256, model_file)

    def save(self, path: str | os.PathLike[str]) -> SavedFiles:
        """Write the model file, ``<stem>.metrics.json`` and the card ``<stem>.md`` side by side."""
        import json

        target = check_output(path)
        metrics_path, card_path = _companions(target)
        try:
            digest = self.model.save(target)
            figures = {**self.metrics, "model_file": target.name, "sha256": digest}
            metrics_path.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
            card_path.write_text(self.card(digest, target.name), encoding="utf-8")
        except OSError as error:  # a full disk after hours of training deserves a plain message
            raise BiasmeterError(f"{target}: cannot write: {error.strerror or error}") from None
        return SavedFiles(target, metrics_path, card_path, digest)


def train(
    records: Any,
    *,
    target: str,
    label: str | None = None,
    classes: Sequence[str] | None = None,
    thresholds: Sequence[float] | None = None,
    ratings: Mapping[str, str] | str | os.PathLike[str] | None = None,
    ratings_key: str = "domain",
    ratings_value: str | None = None,
    groups: str | Sequence[Any] = "domain",
    split: str = "grouped",
    leave_out: str | Sequence[Any] | None = None,
    article_weights: str | Sequence[Any] | None = None,
    folds: int = 5,
    options: TrainingOptions | None = None,
    outlet_names: Sequence[str] | None = None,
    baseline: bool = True,
    jobs: int = 1,
    random_state: int = 0,
    skip_bad_lines: bool = False,
    inputs: Sequence[str] = (),
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
) -> TrainingResult:
    """Train a reliability or slant model on labelled articles and evaluate it on held-out outlets.

    Parameters
    ----------
    records : path, or iterable of mappings or `~biasmeter.corpus.Record`
        The corpus: a file name (read with `~biasmeter.corpus.iter_records`), the records of
        ``iter_records(paths)``, or mappings with ``text`` and optionally ``title``, ``url``, ``domain``,
        ``source`` and the label column.
    target : {"slant", "reliability"}
        The scale the classes are spread over (slant −1…1, reliability 0…100).
    label : str, optional
        The column holding each article's label. Give this or ``ratings``.
    classes : sequence of str, optional
        The label values in scale order (left to right, low to high); labels are matched ignoring case.
        Default: the target's default classes (left, center, right; low, high). With ``thresholds``, the
        names of the bins.
    thresholds : sequence of float, optional
        Bin numeric labels: ``(0.4, 0.7)`` makes three classes, below 0.4, 0.4 to below 0.7, 0.7 and up.
    ratings : mapping, path, optional
        Distant labels: a ratings table (``{domain: rating}``, or a CSV/TSV file read with ``ratings_key``
        and ``ratings_value``) joined to each article by the host name of its ``url`` (or ``domain``),
        most specific first, down to the registrable domain. Unrated articles are left out and counted.
    ratings_key, ratings_value : str
        Columns of a ratings file: the domain and the rating.
    groups : {"domain", "source"}, column name, or sequence
        What an outlet is, for grouped folds and outlet weighting: the registrable domain of ``url`` (else
        ``domain``, else ``source``), the ``source`` name, another column, or one value per record.
    split : {"grouped", "random"}
        Grouped folds keep each group on one side; a random split does not and says so in every report.
    leave_out : column name or sequence, optional
        Hold out each value of this column in turn (e.g. ``"corpus"``) instead of ``folds`` folds.
    article_weights : column name or sequence, optional
        A positive weight per article (a column, or one value per record), multiplied into the recipe's
        weighting by outlet size and class: for example to give articles labelled through their outlet's
        rating a set share of the fit beside articles labelled one by one. Default: all 1.
    folds : int
        Number of cross-validation folds.
    options : TrainingOptions
        The recipe's settings.
    outlet_names : sequence of str, optional
        Outlet names masked out of the texts, and stored in the model to mask the texts it scores. Default:
        the names of the corpus's outlets (`~biasmeter.outlets.outlet_name_variants`). Models given the same
        list share the masked text when scored together, as the two shipped models do.
    baseline : bool
        Also run the TF-IDF + logistic-regression baseline on the same folds (slow on large corpora).
    jobs : int
        Worker processes for feature extraction and the model fits; -1 for one per CPU.
    random_state : int
        Seed of the fold assignment.
    skip_bad_lines : bool
        Leave out unusable lines (malformed, no text) and report their count instead of stopping.
    inputs : sequence of str
        File names to record in the metrics and the card.
    progress : callable, optional
        ``progress(stage, done, total)`` for reading, features, folds and baseline folds.
    log : callable, optional
        Called with each note (skipped lines, unrated articles, …) as soon as it is known.

    Returns
    -------
    TrainingResult

    Raises
    ------
    BiasmeterError
        Before any feature is extracted, for: an empty corpus; unusable lines (unless ``skip_bad_lines``);
        a missing label column; labels outside ``classes`` or not numeric with ``thresholds``; a weight
        that is missing, not a number or not positive; a single class; a class with fewer than
        ``2 × folds`` articles; fewer groups than folds; folds whose training side cannot fit the recipe.
    """
    if target not in ("slant", "reliability"):
        raise BiasmeterError(f"target must be 'slant' or 'reliability', got {target!r}")
    if split not in SPLITS:
        raise BiasmeterError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    if isinstance(folds, bool) or not isinstance(folds, numbers.Integral) or folds < 2:
        raise BiasmeterError(f"cross-validation needs a whole number of at least 2 folds, got {folds!r}")
    if isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral):
        raise BiasmeterError(f"random_state must be a whole number, the folds' seed; got {random_state!r}")
    if not 0 <= random_state < 2**32:
        raise BiasmeterError(f"random_state must be from 0 to 2**32 - 1, got {random_state}")
    folds, random_state = int(folds), int(random_state)
    jobs = check_jobs(jobs, "jobs")
    if options is not None and not isinstance(options, TrainingOptions):
        raise BiasmeterError(f"options must be a TrainingOptions or None, got {type(options).__name__}")
    options = options or TrainingOptions()
    _check_column_or_values(groups, "groups")
    _check_column_or_values(leave_out, "leave_out", optional=True)
    if split == "random" and leave_out is not None:
        raise BiasmeterError(
            "split='random' and leave_out cannot go together: leave_out sets the folds (one per value); "
            "drop one of them"
        )
    _check_column_or_values(article_weights, "article_weights", optional=True)
    if outlet_names is not None:
        outlet_names = _as_names(outlet_names, "outlet_names")
    inputs = _as_names(inputs, "inputs")
    if isinstance(records, (str, os.PathLike)) and not inputs:
        inputs = (os.fspath(records),)
    started = time.perf_counter()
    seconds: dict[str, float] = {}

    def note(text: str) -> None:
        if log is not None:
            log(text)

    reading, labelled = _read_labelled(
        records,
        target=target,
        label=label,
        classes=classes,
        thresholds=thresholds,
        ratings=ratings,
        ratings_key=ratings_key,
        ratings_value=ratings_value,
        skip_bad_lines=skip_bad_lines,
        progress=progress,
        log=log,
    )
    group_by = groups if isinstance(groups, str) else "given group"
    group_list = _groups(reading.rows, labelled.rows, groups, reading.total, "groups")
    group_array = np.asarray(group_list, dtype=np.str_)
    leave_list = None
    if leave_out is not None:
        leave_list = _groups(reading.rows, labelled.rows, leave_out, reading.total, "leave_out")
        split_name = f"leave-one-out by {leave_out if isinstance(leave_out, str) else 'given values'}"
    else:
        split_name = split
    labels = labelled.labels
    weight_array = (
        None
        if article_weights is None
        else _weights(reading.rows, labelled.rows, article_weights, reading.total)
    )
    fold_list, split_description = _make_folds(
        labels,
        group_array,
        labelled.classes,
        split=split,
        folds=folds,
        leave_out=leave_list,
        group_by=group_by,
        random_state=random_state,
        options=options,
    )
    notes = reading.notes + labelled.notes
    if weight_array is not None:
        by = f"column {article_weights!r}" if isinstance(article_weights, str) else "given weights"
        notes.append(
            f"articles weighted by {by} (from {weight_array.min():.3g} to {weight_array.max():.3g}), "
            "times the recipe's weighting"
        )
    if split == "random" and leave_out is None:
        notes.append(RANDOM_SPLIT_NOTE)
        note(RANDOM_SPLIT_NOTE)
    ungrouped = int(np.sum(group_array == _NO_GROUP))
    if ungrouped:
        notes.append(f"one group {_NO_GROUP!r} holds the {plural(ungrouped, 'article')} with no {group_by}")
        note(notes[-1])
    for index, name in enumerate(labelled.classes):
        sources = len(np.unique(group_array[labels == index]))
        if sources == 1 and split == "grouped" and leave_out is None:
            notes.append(
                f"all articles of class {name!r} come from one {group_by}: grouped folds cannot test that "
                "class on an outlet unseen in training"
            )
            note(notes[-1])

    target_spec = Target.default(target, labelled.classes)
    names = (
        list(outlet_names)
        if outlet_names is not None
        else outlet_name_variants(row.data for row in labelled.rows)
    )
    clock = time.perf_counter()
    hand, texts, reasons = extract_articles(_articles(labelled.rows), names, jobs=jobs, progress=progress)
    seconds["features"] = time.perf_counter() - clock
    abstained = _abstention_counts(reasons)
    if abstained:
        notes.append(
            f"scoring would abstain on {plural(sum(abstained.values()), 'article')} of {len(reasons):,} "
            f"({_counts_text(abstained)}); training uses them, and the held-out figures count them"
        )
        note(notes[-1])
    data = Dataset(hand, texts, labels, group_array, target_spec, tuple(names), weight_array)

    try:
        clock = time.perf_counter()
        raw, logits, base, fitted = _fit_all(data, fold_list, options, baseline, jobs, progress)
        seconds["fits"] = time.perf_counter() - clock
        temperature = fit_temperature(logits, labels)
        calibrated = softmax(logits * temperature)
        # The temperature only scales the logits at prediction time, so the final model, fitted alongside
        # the folds, takes it afterwards.
        model = replace(fitted, calibration=temperature)
    except BiasmeterError:
        raise
    except ValueError as error:  # from scikit-learn, or from NgramWeights given no term
        if "empty vocabulary" in str(error):
            raise BiasmeterError(
                f"no n-gram is used by articles of at least {options.min_outlets} outlets (--min-outlets) in "
                f"at least {options.min_df} and at most half of the articles, on the training side of a fold "
                "or in the whole corpus: the outlets share no vocabulary. Lower --min-outlets, add articles, "
                "or train on the hand-built features only with --no-ngrams"
            ) from None
        raise BiasmeterError(f"training failed: {error}") from None
    seconds["total"] = time.perf_counter() - started
    if temperature < TEMPERATURE_RANGE[0] * 1.02:
        notes.append(
            f"the temperature {temperature:.3f} is at the low end of its search range: held out, the model's "
            "confidence carries almost no information, so calibration flattens its probabilities"
        )
    elif temperature > TEMPERATURE_RANGE[1] * 0.98:
        notes.append(
            f"the temperature {temperature:.3f} is at the high end of its search range: the held-out classes "
            "are separated almost perfectly, so calibration sharpens the probabilities as far as it may"
        )

    per_fold = []
    for train_rows, test_rows in fold_list:
        fold_figures = metrics(calibrated[test_rows], labels[test_rows], target_spec)
        per_fold.append(
            {
                "train_articles": len(train_rows),
                "test_articles": len(test_rows),
                "test_groups": len(np.unique(group_array[test_rows])),
                "accuracy": fold_figures["accuracy"],
                "macro_f1": fold_figures["macro_f1"],
            }
        )
    weights = model.top_weights(_TOP_FEATURES)
    from biasmeter import __version__

    summary: dict[str, Any] = {
        "biasmeter": __version__,
        "target": target,
        "classes": list(labelled.classes),
        "positions": list(target_spec.positions),
        "inputs": list(inputs),
        **labelled.described,
        "records": reading.total,
        "skipped_lines": len(reading.bad),
        "unlabelled": labelled.unlabelled,
        "unrated": labelled.unrated,
        "unrated_outlets": [list(item) for item in labelled.unrated_outlets],
        "articles": len(labels),
        "abstained": abstained,
        "outlets": len(np.unique(group_array)),
        "group_by": group_by,
        "class_counts": _articles_per_class(labels, labelled.classes),
        "groups": _group_table(labels, group_array, labelled.classes),
        "split": split_name,
        "split_description": split_description,
        "folds": len(fold_list),
        "random_state": random_state,
        "options": options.describe(),
        "held_out": metrics(raw, labels, target_spec),
        "held_out_calibrated": metrics(calibrated, labels, target_spec),
        "baseline": None if base is None else metrics(base, labels, target_spec),
        "confusion_matrix": _confusion(labels, calibrated, labelled.classes),
        "per_fold": per_fold,
        "calibration_factor": temperature,
        "vocabulary": len(model.term_names),
        "top_features": {
            name: [[feature, weight] for feature, weight in items] for name, items in weights.items()
        },
        "notes": notes,
        "seconds": dict(seconds),
    }
    outlets = sorted({outlet_of(row.data) or _NO_GROUP for row in labelled.rows} - {_NO_GROUP})
    model.metadata.update(
        {
            "biasmeter": __version__,
            # Timings would make every build of the same data give a different file.
            "training": {
                key: value for key, value in summary.items() if key not in ("top_features", "seconds")
            },
            "training_outlets": outlets,
        }
    )
    return TrainingResult(model, summary, calibrated, labels)
