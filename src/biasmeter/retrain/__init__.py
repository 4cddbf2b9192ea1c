"""Retraining on your own labelled articles: the Python API behind ``biasmeter train`` and ``evaluate``.

`train` reads a corpus, maps its labels (or its outlets' ratings) onto the reliability or slant scale,
checks everything that could make training fail or mislead *before* the slow steps, and then follows the
recipe of `biasmeter.training`: features extracted once (in parallel with ``jobs``), out-of-fold predictions
on folds grouped by outlet, a temperature fitted on them, the TF-IDF baseline on the same folds, and a
final fit on all articles. The result holds the model and every figure; `TrainingResult.save` writes the
model file, ``<stem>.metrics.json`` and a Markdown model card ``<stem>.md`` next to it.

`evaluate` scores a labelled corpus with a saved model and reports the same figures, without training.

The package is split by concept: `_reading` (records to usable articles), `_outlet_ratings` (ratings
tables and their join by domain), `_labels` (labels onto classes), `_splits` (groups and folds, with the
checks that run before training), `_fits` (feature extraction and model fits in parallel), `_figures`
and `_report` (the figures as data and as text), `_train` and `_evaluate` (the two entry points). Import
from `biasmeter.retrain` itself: the submodules are not a public interface.

Examples
--------
>>> from biasmeter.retrain import bin_value
>>> [bin_value(value, (0.4, 0.7)) for value in (0.1, 0.4, 0.69, 0.7, 1.0)]
[0, 1, 1, 2, 2]
"""

from __future__ import annotations

from biasmeter.retrain._common import Progress
from biasmeter.retrain._evaluate import EvaluationResult, evaluate
from biasmeter.retrain._fits import default_jobs, extract_articles
from biasmeter.retrain._labels import bin_value
from biasmeter.retrain._outlet_ratings import read_ratings
from biasmeter.retrain._splits import RANDOM_SPLIT_NOTE, SPLITS
from biasmeter.retrain._train import SavedFiles, TrainingResult, check_output, train

__all__ = [
    "RANDOM_SPLIT_NOTE",
    "SPLITS",
    "EvaluationResult",
    "Progress",
    "SavedFiles",
    "TrainingResult",
    "bin_value",
    "check_output",
    "default_jobs",
    "evaluate",
    "extract_articles",
    "read_ratings",
    "train",
]
