"""Groups and cross-validation folds: what an outlet is, and folds that keep each outlet on one side.

`_make_folds` runs every check that could make training fail or mislead (a single class, too few
examples per class, fewer groups than folds, a training side that cannot fit the recipe) before any
feature is extracted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.model_selection import StratifiedKFold

from biasmeter.errors import BiasmeterError
from biasmeter.model import Target
from biasmeter.outlets import outlet_of, strip_source_suffix
from biasmeter.retrain._common import _LISTED, _NO_GROUP, Folds, _articles_per_class
from biasmeter.retrain._reading import _fields_seen, _per_record, _Row
from biasmeter.retrain._report import _counts_text
from biasmeter.training import Dataset, TrainingOptions, grouped_folds

#: What every report of a random split says about its figures.
RANDOM_SPLIT_NOTE = (
    "random split: articles of the same outlet appear on both sides; figures overstate performance on new "
    "outlets"
)
GROUP_BY_NAMES = ("domain", "source")
SPLITS = ("grouped", "random")


def _group_of(data: Mapping[str, Any], group_by: str) -> str:
    if group_by == "domain":
        return outlet_of(data) or _NO_GROUP
    if group_by == "source":
        source = data.get("source")
        name = strip_source_suffix(source) if isinstance(source, str) else ""
        return " ".join(name.lower().split()) or _NO_GROUP
    value = data.get(group_by)
    return _NO_GROUP if value is None or not str(value).strip() else str(value).strip()


def _groups(
    all_rows: list[_Row], rows: list[_Row], groups: str | Sequence[Any], total: int, name: str
) -> list[str]:
    if isinstance(groups, str):
        if groups not in GROUP_BY_NAMES and not any(groups in row.data for row in all_rows):
            raise BiasmeterError(
                f"no column {groups!r} to group by; columns seen: {_fields_seen(all_rows)}. Use "
                f"{' or '.join(GROUP_BY_NAMES)}, or a column of the corpus"
            )
        return [_group_of(row.data, groups) for row in rows]
    return [_NO_GROUP if value is None else str(value) for value in _per_record(rows, groups, total, name)]


def _make_folds(
    labels: npt.NDArray[np.int64],
    groups: npt.NDArray[np.str_],
    classes: tuple[str, ...],
    *,
    split: str,
    folds: int,
    leave_out: list[str] | None,
    group_by: str,
    random_state: int,
    options: TrainingOptions,
) -> tuple[Folds, str]:
    """Cross-validation folds and a plain description of them, after every check that can fail early."""
    counts = np.bincount(labels, minlength=len(classes))
    present = np.flatnonzero(counts)
    if len(present) < 2:
        raise BiasmeterError(
            f"all {len(labels):,} labelled articles are in class {classes[present[0]]!r}; training needs "
            f"examples of at least two classes (classes: {', '.join(classes)})"
        )
    if leave_out is None:
        needed = 2 * folds
        few = [(name, int(count)) for name, count in zip(classes, counts) if count < needed]
        if few:
            listed = ", ".join(f"{name!r} has {count:,}" for name, count in few)
            raise BiasmeterError(
                f"too few examples: {listed}; with --folds {folds} every class needs at least {needed} "
                f"articles (2 × folds) so that each fold has some to train and test on. Class counts: "
                f"{_counts_text(_articles_per_class(labels, classes))}. Use fewer --folds, merge classes, or "
                "add articles"
            )
    dummy = Dataset(np.zeros((len(labels), 1)), [], labels, groups, Target.default("slant"), ())
    if leave_out is not None:
        values = np.asarray(leave_out, dtype=np.str_)
        distinct = sorted(set(leave_out))
        if len(distinct) < 2:
            raise BiasmeterError(f"leave-one-out needs at least two values to hold out; found {distinct}")
        result: Folds = [
            (np.flatnonzero(values != value), np.flatnonzero(values == value)) for value in distinct
        ]
        description = f"leave-one-out over {len(distinct)} values ({', '.join(distinct[:_LISTED])})"
    elif split == "random":
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
        result = [
            (np.asarray(train, np.int64), np.asarray(test, np.int64))
            for train, test in splitter.split(np.zeros(len(labels)), labels)
        ]
        description = f"random stratified {folds}-fold cross-validation ({RANDOM_SPLIT_NOTE})"
    else:
        distinct = sorted(set(groups.tolist()))
        if len(distinct) < folds:
            shown = ", ".join(distinct[:_LISTED]) + (" …" if len(distinct) > _LISTED else "")
            fewer = f"use --folds {len(distinct)}, " if len(distinct) >= 2 else ""
            raise BiasmeterError(
                f"grouped cross-validation by {group_by} needs at least {folds} groups (one per fold) and "
                f"found {len(distinct)}: {shown}. Either {fewer}group by another column with --group-by, or "
                f"ask for --split random ({RANDOM_SPLIT_NOTE})"
            )
        result = grouped_folds(dummy, folds, random_state)
        description = (
            f"{folds}-fold cross-validation grouped by {group_by}: no {group_by} has articles on both the "
            "training and the test side of a fold"
        )
    for number, (train, test) in enumerate(result, start=1):
        if len(test) == 0:
            raise BiasmeterError(f"fold {number} has no test articles; use fewer folds")
        if len(np.unique(labels[train])) < 2:
            raise BiasmeterError(
                f"the training side of fold {number} holds only class "
                f"{classes[int(labels[train][0])]!r}: the other classes all come from the groups it "
                "tests on. Use fewer folds or add articles from more outlets"
            )
        if options.ngrams:
            train_groups = len(np.unique(groups[train]))
            if train_groups < options.min_outlets:
                raise BiasmeterError(
                    f"n-grams enter the vocabulary only when articles of at least {options.min_outlets} "
                    f"outlets use them (--min-outlets), but the training side of fold {number} has "
                    f"{train_groups} {group_by} groups. Add outlets, lower --min-outlets, or train on the "
                    "hand-built features only with --no-ngrams"
                )
            if len(train) < 2 * options.min_df:
                raise BiasmeterError(
                    f"the training side of fold {number} has {len(train)} articles; n-grams need at least "
                    f"{2 * options.min_df} (a term must occur in {options.min_df} articles and in at most "
                    "half of them). Add articles or use --no-ngrams"
                )
    return result, description
