"""The slow steps, in parallel: feature extraction, and the fits of the folds, the baseline and the model.

Both follow the recipe of `biasmeter.training`; with more than one job they spread over worker processes,
except on corpora too small for workers to pay for their start.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import as_completed
from typing import Any

import numpy as np
import numpy.typing as npt

from biasmeter._input import available_cpus, check_jobs
from biasmeter._processes import worker_pool
from biasmeter.model import Target, TargetModel, softmax
from biasmeter.retrain._common import Folds, Progress
from biasmeter.training import (
    Dataset,
    TrainingOptions,
    baseline_probabilities,
    cross_validate,
    fit_target_model,
    prepare,
)

# Below this many articles, starting worker processes costs more than it saves.
_PARALLEL_MIN = 400


def default_jobs() -> int:
    """Worker processes used by the command line unless told otherwise: two, or one on a one-core machine."""
    return min(2, available_cpus())


def extract_articles(
    articles: Sequence[tuple[str, str | None]],
    outlet_names: Sequence[str] = (),
    *,
    jobs: int = 1,
    progress: Progress | None = None,
) -> tuple[npt.NDArray[np.float64], list[str], list[str | None]]:
    """Features, outlet-masked texts and abstentions of ``(text, title)`` pairs, by `training.prepare`.

    Parameters
    ----------
    articles : sequence of (str, str or None)
        Texts and titles.
    outlet_names : sequence of str
        Names masked out of the title and text.
    jobs : int
        Worker processes (-1: one per CPU); with fewer than a few hundred articles the work stays in this
        process, where it is faster than starting workers.
    progress : callable, optional
        Called as ``progress("features", done, total)``.

    Returns
    -------
    tuple of ndarray, list of str and list of str or None
        The feature matrix (one row per article, columns in `FEATURE_NAMES` order), the masked texts, and
        why scoring would abstain on each article (``None`` where it would score it).
    """
    jobs = check_jobs(jobs, "jobs")

    def report(done: int, total: int) -> None:
        if progress is not None:
            progress("features", done, total)

    report(0, len(articles))
    n = len(articles)
    data = prepare(
        articles,
        [0] * n,
        [""] * n,
        Target.default("slant"),  # labels, groups and target are not used here
        outlet_names,
        report,
        n_jobs=jobs if n >= _PARALLEL_MIN else 1,
    )
    return data.hand, data.texts, list(data.abstained)


_worker_data: Dataset | None = None
_worker_folds: Folds = []
_worker_options = TrainingOptions()


def _set_worker_data(data: Dataset, folds: Folds, options: TrainingOptions) -> None:
    global _worker_data, _worker_folds, _worker_options
    _worker_data, _worker_folds, _worker_options = data, folds, options


def _fit_task(task: tuple[str, int]) -> tuple[str, int, Any]:
    """A fit in a worker with the recipe's functions: ``("final", 0)``, ``("fold", i)``, ``("baseline", i)``.

    A fold gives the logits of its test rows, a baseline fold the probabilities of its test rows.
    """
    kind, index = task
    data, options = _worker_data, _worker_options
    assert data is not None
    if kind == "final":
        return kind, index, fit_target_model(data, options)
    fold = _worker_folds[index]
    if kind == "fold":
        return kind, index, cross_validate(data, [fold], options)[1][fold[1]]
    return kind, index, baseline_probabilities(data, [fold])[fold[1]]


def _fit_all(
    data: Dataset,
    folds: Folds,
    options: TrainingOptions,
    baseline: bool,
    jobs: int,
    progress: Progress | None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64] | None, TargetModel]:
    """Out-of-fold probabilities and logits of the recipe, of the baseline, and the final (uncalibrated) fit.

    With one job the recipe's own `cross_validate` runs; with more, the same fits (each fold, the baseline
    on each fold and the final model) run side by side in worker processes, largest first.
    """
    total = len(folds) * (2 if baseline else 1) + 1
    done = 0

    def advance(*_: Any) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress("model fits", done, total)

    if progress is not None:
        progress("model fits", 0, total)
    n_classes = len(data.target.classes)
    base = np.zeros((len(data.labels), n_classes)) if baseline else None
    if jobs == 1 or len(data.labels) < _PARALLEL_MIN:
        raw, logits = cross_validate(data, folds, options, advance)
        if base is not None:
            for fold in folds:
                base[fold[1]] = baseline_probabilities(data, [fold])[fold[1]]
                advance()
        final = fit_target_model(data, options)
        advance()
        return raw, logits, base, final
    logits = np.zeros((len(data.labels), n_classes))
    tasks = [("final", 0)] + [("fold", i) for i in range(len(folds))]
    tasks += [("baseline", i) for i in range(len(folds))] if baseline else []
    final_model: TargetModel | None = None
    with worker_pool("training", min(jobs, len(tasks)), _set_worker_data, (data, folds, options)) as pool:
        for future in as_completed([pool.submit(_fit_task, task) for task in tasks]):
            kind, index, value = future.result()
            if kind == "final":
                final_model = value
            elif kind == "fold":
                logits[folds[index][1]] = value
            else:
                assert base is not None
                base[folds[index][1]] = value
            advance()
    assert final_model is not None
    return softmax(logits), logits, base, final_model
