"""Retraining on your own labelled articles: the Python API behind ``biasmeter train`` and ``evaluate``.

`train` reads a corpus, maps its labels (or its outlets' ratings) onto the reliability or slant scale,
checks everything that could make training fail or mislead *before* the slow steps, and then follows the
recipe of `biasmeter.training`: features extracted once (in parallel with ``jobs``), out-of-fold predictions
on folds grouped by outlet, a temperature fitted on them, the TF-IDF baseline on the same folds, and a
final fit on all articles. The result holds the model and every figure; `TrainingResult.save` writes the
model file, ``<stem>.metrics.json`` and a Markdown model card ``<stem>.md`` next to it.

`evaluate` scores a labelled corpus with a saved model and reports the same figures, without training.

Examples
--------
>>> from biasmeter.retrain import bin_value
>>> [bin_value(value, (0.4, 0.7)) for value in (0.1, 0.4, 0.69, 0.7, 1.0)]
[0, 1, 1, 2, 2]
"""

from __future__ import annotations

import math
import os
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import StratifiedKFold

from biasmeter._input import DEFAULT_MAX_CHARS
from biasmeter.corpus import Record, iter_records, read_table
from biasmeter.errors import BiasmeterError
from biasmeter.model import Target, TargetModel, read_model_file, softmax
from biasmeter.outlets import (
    outlet_name_variants,
    outlet_of,
    registrable_domain,
    strip_source_suffix,
)
from biasmeter.training import (
    Dataset,
    TrainingOptions,
    baseline_probabilities,
    cross_validate,
    fit_target_model,
    fit_temperature,
    grouped_folds,
    metrics,
    prepare,
)

__all__ = [
    "RANDOM_SPLIT_NOTE",
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

#: Called as ``progress(stage, done, total)`` during the slow steps; ``total`` is 0 while it is unknown.
Progress = Callable[[str, int, int], None]
#: What every report of a random split says about its figures.
RANDOM_SPLIT_NOTE = (
    "random split: articles of the same outlet appear on both sides; figures overstate performance on new "
    "outlets"
)
GROUP_BY_NAMES = ("domain", "source")
SPLITS = ("grouped", "random")
#: Groups listed by name in the metrics and the model card, largest first.
TOP_GROUPS = 20
_TOP_FEATURES = 15
_LISTED = 10  # values named in an error message before "and N more"
# Below this many articles, starting worker processes costs more than it saves.
_PARALLEL_MIN = 400
_NO_GROUP = "(none)"
_TEMPERATURE_RANGE = (0.05, 5.0)  # the bounds `training.fit_temperature` searches

Folds = list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]


def default_jobs() -> int:
    """Worker processes used by the command line unless told otherwise: two, or one on a one-core machine."""
    return max(1, min(2, os.cpu_count() or 1))


# ---------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Row:
    """One usable article: its fields, where it came from (for messages) and its place in the input."""

    data: dict[str, Any]
    where: str
    position: int


@dataclass
class _Reading:
    rows: list[_Row]
    total: int
    bad: list[str]


def _text_problem(data: Mapping[str, Any]) -> str | None:
    text = data.get("text")
    if not isinstance(text, str):
        return f"no 'text' string (fields: {', '.join(map(str, data)) or 'none'})"
    if not text.strip():
        return "'text' is empty"
    if len(text) > DEFAULT_MAX_CHARS:
        return f"'text' is {len(text):,} characters long, more than {DEFAULT_MAX_CHARS:,}"
    title = data.get("title")
    if isinstance(title, str) and len(title) > DEFAULT_MAX_CHARS:
        return f"'title' is {len(title):,} characters long, more than {DEFAULT_MAX_CHARS:,}"
    return None


def _read(
    records: Any, skip_bad_lines: bool, progress: Progress | None, log: Callable[[str], None] | None
) -> _Reading:
    """Every usable record, or a `BiasmeterError` naming the unusable ones (unless they are to be skipped)."""
    if isinstance(records, (str, os.PathLike)):
        records = iter_records([records])
    if isinstance(records, Mapping):
        raise BiasmeterError("records must be an iterable of records (mappings), got a single mapping")
    rows: list[_Row] = []
    bad: list[str] = []
    total = 0
    for position, item in enumerate(records):
        total += 1
        if isinstance(item, Record):
            where = f"{item.origin}:{item.line}"
            problem = item.error
            data = item.data
            if problem is None and data is not None:
                extra = _text_problem(data)
                problem = f"{where}: {extra}" if extra else None
        elif isinstance(item, Mapping):
            where = f"record {position + 1}"
            data = dict(item)
            extra = _text_problem(data)
            problem = f"{where}: {extra}" if extra else None
        else:
            raise BiasmeterError(
                f"record {position + 1} is a {type(item).__name__}; expected a mapping with 'text' (and a "
                "label field) or a biasmeter.corpus.Record"
            )
        if problem is not None or data is None:
            bad.append(problem or f"{where}: unreadable record")
        else:
            rows.append(_Row(data, where, position))
        if progress is not None and total % 1000 == 0:
            progress("reading", total, 0)
    if progress is not None:
        progress("reading", total, total)
    if total == 0:
        raise BiasmeterError(
            "the corpus is empty: no articles were read; expected one article per line or row"
        )
    if bad:
        listed = "; ".join(bad[:3]) + (f"; and {len(bad) - 3:,} more" if len(bad) > 3 else "")
        if not skip_bad_lines:
            raise BiasmeterError(
                f"{len(bad):,} of {total:,} lines cannot be used: {listed}. Fix them, or pass "
                "--skip-bad-lines (Python: skip_bad_lines=True) to leave them out and have the count "
                "reported; training on a silently smaller corpus would mislead"
            )
        if not rows:
            raise BiasmeterError(f"no usable articles: all {total:,} lines cannot be used: {listed}")
        if log is not None:
            log(f"skipped {len(bad):,} of {total:,} lines that cannot be used: {listed}")
    return _Reading(rows, total, bad)


def read_ratings(path: str | os.PathLike[str], key: str = "domain", value: str = "pc1") -> dict[str, str]:
    """Read an outlet ratings table (CSV or TSV with a header row) into ``{domain: rating}``.

    See `biasmeter.corpus.read_table`; for example ``read_ratings("mbfc-2018-2020.tsv", value="factuality")``.
    """
    return read_table(path, key, value)


# -------------------------------------------------------------------------------------------- labels


def _host(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value.strip()):
        return None
    text = value.strip()
    if "//" not in text:
        text = "//" + text
    try:
        host = urllib.parse.urlsplit(text).hostname
    except ValueError:
        return None
    return host.rstrip(".").lower() if host else None


def _rating_keys(record: Mapping[str, Any]) -> list[str]:
    """Keys to look up in a ratings table, most specific first: host names of ``url``, then of ``domain``.

    ``https://www.politicalticker.blogs.cnn.com/x`` gives ``politicalticker.blogs.cnn.com``,
    ``blogs.cnn.com`` and ``cnn.com`` (the registrable domain, where the walk stops).
    """
    keys: list[str] = []
    for name in ("url", "domain"):
        host = _host(record.get(name))
        domain = registrable_domain(record.get(name))
        if host is None or domain is None:
            continue
        host = host.removeprefix("www.")
        while host not in keys:
            keys.append(host)
            if host == domain or "." not in host or not host.endswith("." + domain):
                break
            host = host.split(".", 1)[1]
        if domain not in keys:
            keys.append(domain)
    return keys


def _normalised_table(table: Mapping[str, str]) -> dict[str, str]:
    normalised: dict[str, str] = {}
    for key, value in table.items():
        host = _host(str(key)) or str(key).strip().lower()
        normalised.setdefault(host.removeprefix("www."), value)
    return normalised


def _display(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _counted(counts: Counter[str], limit: int = _LISTED) -> str:
    listed = ", ".join(f"{value!r} ({count:,})" for value, count in counts.most_common(limit))
    more = len(counts) - limit
    return listed + (f" and {more:,} more values" if more > 0 else "")


def bin_value(value: float, thresholds: Sequence[float]) -> int:
    """The class index of a numeric label: the number of thresholds at or below it.

    With thresholds ``(0.4, 0.7)``: below 0.4 is class 0, from 0.4 up to (not including) 0.7 class 1,
    0.7 and above class 2.
    """
    return sum(value >= threshold for threshold in thresholds)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _threshold_classes(target: str, thresholds: Sequence[float]) -> tuple[str, ...]:
    count = len(thresholds) + 1
    named = {
        ("reliability", 2): ("low", "high"),
        ("reliability", 3): ("low", "mixed", "high"),
        ("slant", 2): ("left", "right"),
        ("slant", 3): ("left", "center", "right"),
    }
    if (target, count) in named:
        return named[target, count]
    cuts = [f"{threshold:g}" for threshold in thresholds]
    return (f"<{cuts[0]}", *(f"{low}-{high}" for low, high in pairwise(cuts)), f">={cuts[-1]}")


def _check_thresholds(thresholds: Sequence[float]) -> tuple[float, ...]:
    values = tuple(float(value) for value in thresholds)
    if not values:
        raise BiasmeterError("--thresholds needs at least one number, e.g. --thresholds 0.5")
    if not all(math.isfinite(value) for value in values) or any(b <= a for a, b in pairwise(values)):
        raise BiasmeterError(
            f"--thresholds must be finite numbers in increasing order, got {', '.join(map(str, values))}"
        )
    return values


@dataclass
class _Labels:
    rows: list[_Row]
    labels: npt.NDArray[np.int64]
    classes: tuple[str, ...]
    described: dict[str, Any]
    unlabelled: int = 0
    unrated: int = 0
    unrated_outlets: list[tuple[str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _fields_seen(rows: Sequence[_Row]) -> str:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row.data:
            seen.setdefault(str(key), None)
    names = list(seen)
    return ", ".join(names[:30]) + (f" and {len(names) - 30} more" if len(names) > 30 else "")


def _label(
    rows: list[_Row],
    *,
    target: str,
    label: str | None,
    classes: Sequence[str] | None,
    thresholds: Sequence[float] | None,
    ratings: Mapping[str, str] | None,
    ratings_name: str,
    expected: tuple[str, ...] | None = None,
) -> _Labels:
    """Class indices for the rows that have a label (or a rating), and the counts of those that do not.

    ``expected`` is the class list of an existing model (for evaluation): the mapping must give as many
    classes, and the model's class names are kept.
    """
    if (label is None) == (ratings is None):
        raise BiasmeterError(
            "say where the labels come from: a label column (--label COLUMN) or an outlet ratings table "
            "(--ratings TABLE), not both"
            if label is not None
            else "say where the labels come from: a label column (--label COLUMN) or an outlet ratings table "
            "(--ratings TABLE)"
        )
    described: dict[str, Any] = {}
    values: list[Any] = []
    kept: list[_Row] = []
    unlabelled = unrated = 0
    unrated_outlets: Counter[str] = Counter()
    notes: list[str] = []
    if label is not None:
        if not any(label in row.data for row in rows):
            raise BiasmeterError(
                f"no label column {label!r} in the corpus; columns seen: {_fields_seen(rows)}. Name the "
                "column that holds the labels with --label"
            )
        described["labels_from"] = {"column": label}
        for row in rows:
            value = row.data.get(label)
            if value is None or (isinstance(value, str) and not value.strip()):
                unlabelled += 1
                continue
            kept.append(row)
            values.append(value)
        if unlabelled:
            notes.append(f"{unlabelled:,} articles have no value in {label!r} and are left out")
    else:
        assert ratings is not None
        table = _normalised_table(ratings)
        described["labels_from"] = {"ratings": ratings_name, "ratings_size": len(ratings)}
        for row in rows:
            keys = _rating_keys(row.data)
            found = next((key for key in keys if key in table), None)
            if found is None or not str(table[found]).strip():
                unrated += 1
                unrated_outlets[keys[-1] if keys else "(no url or domain)"] += 1
                continue
            kept.append(row)
            values.append(table[found])
        if unrated:
            top = ", ".join(f"{name} ({count:,})" for name, count in unrated_outlets.most_common(5))
            notes.append(
                f"{unrated:,} of {len(rows):,} articles are left out: their outlet has no rating in "
                f"{ratings_name} (most: {top})"
            )
        if not kept:
            raise BiasmeterError(
                f"no article's outlet has a rating in {ratings_name}: {len(rows):,} articles from "
                f"{len(unrated_outlets):,} outlets, e.g. {', '.join(list(unrated_outlets)[:5])}. Articles "
                "are joined by the host name of 'url' (or 'domain') and its parent domains; check "
                "--ratings-key"
            )
    if not kept:
        raise BiasmeterError(f"no article has a label in {label!r}: all {len(rows):,} values are empty")
    what = f"labels in {label!r}" if label is not None else f"ratings in {ratings_name}"
    if thresholds is not None:
        cuts = _check_thresholds(thresholds)
        numbers = [_number(value) for value in values]
        odd = Counter(_display(value) for value, number in zip(values, numbers) if number is None)
        if odd:
            raise BiasmeterError(
                f"{what} must be numbers to be binned with --thresholds {','.join(f'{c:g}' for c in cuts)}; "
                f"found {sum(odd.values()):,} that are not: {_counted(odd)}. Map categorical labels with "
                "--classes instead"
            )
        names = tuple(classes) if classes is not None else expected or _threshold_classes(target, cuts)
        if len(names) != len(cuts) + 1:
            raise BiasmeterError(
                f"{len(cuts)} thresholds make {len(cuts) + 1} classes, but {len(names)} class names were "
                f"given ({', '.join(names)})"
            )
        indices = [bin_value(number, cuts) for number in numbers if number is not None]
        described["label_mapping"] = {"thresholds": list(cuts), "classes": list(names)}
    else:
        if classes is not None:
            names = tuple(str(name).strip() for name in classes)
        else:
            names = expected or Target.default(target).classes
        folded = [name.lower() for name in names]
        if len(set(folded)) != len(folded) or not all(folded):
            raise BiasmeterError(f"--classes must be distinct, non-empty names, got {', '.join(names)}")
        position = {name: index for index, name in enumerate(folded)}
        shown = [_display(value) for value in values]
        odd = Counter(value for value in shown if value.lower() not in position)
        if odd:
            given = (
                f"--classes {','.join(names)}"
                if classes is not None
                else (
                    f"the model's classes {','.join(names)}"
                    if expected
                    else f"the default classes of the {target} target ({','.join(names)})"
                )
            )
            hint = (
                "Every label must be one of the classes (compared ignoring case). Name your classes in scale "
                "order with --classes"
            )
            if all(_number(value) is not None for value in odd):
                hint += ", or bin numeric labels with --thresholds"
            raise BiasmeterError(
                f"{what} outside {given}: {sum(odd.values()):,} articles have {_counted(odd)}. {hint}"
            )
        indices = [position[value.lower()] for value in shown]
        described["label_mapping"] = {"classes": list(names)}
    if expected is not None and len(names) != len(expected):
        raise BiasmeterError(
            f"the model has {len(expected)} classes ({', '.join(expected)}); the label mapping gives "
            f"{len(names)} ({', '.join(names)}). Give as many classes, in the model's scale order"
        )
    return _Labels(
        kept,
        np.asarray(indices, dtype=np.int64),
        tuple(expected or names),
        described,
        unlabelled,
        unrated,
        unrated_outlets.most_common(TOP_GROUPS),
        notes,
    )


# -------------------------------------------------------------------------------------------- groups


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
    values = list(groups)
    if len(values) != total:
        raise BiasmeterError(f"{name} has {len(values):,} entries for {total:,} records; give one per record")
    return [_NO_GROUP if values[row.position] is None else str(values[row.position]) for row in rows]


# --------------------------------------------------------------------------------------------- folds


def _class_counts(labels: npt.NDArray[np.int64], classes: Sequence[str]) -> str:
    counts = np.bincount(labels, minlength=len(classes))
    return ", ".join(f"{name} {count:,}" for name, count in zip(classes, counts.tolist()))


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
                f"{_class_counts(labels, classes)}. Use fewer --folds, merge classes, or add articles"
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


# ---------------------------------------------------------------------------------------- features


def extract_articles(
    articles: Sequence[tuple[str, str | None]],
    outlet_names: Sequence[str] = (),
    *,
    jobs: int = 1,
    progress: Progress | None = None,
) -> tuple[npt.NDArray[np.float64], list[str]]:
    """Hand-built features and outlet-masked texts of ``(text, title)`` pairs, by `training.prepare`.

    Parameters
    ----------
    articles : sequence of (str, str or None)
        Texts and titles.
    outlet_names : sequence of str
        Names masked out of the title and text.
    jobs : int
        Worker processes; with fewer than a few hundred articles the work stays in this process, where it
        is faster than starting workers.
    progress : callable, optional
        Called as ``progress("features", done, total)``.

    Returns
    -------
    tuple of ndarray and list of str
        The feature matrix (one row per article, columns in `FEATURE_NAMES` order) and the masked texts.
    """
    if jobs < 1:
        raise BiasmeterError(f"jobs must be at least 1, got {jobs}")

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
    return data.hand, data.texts


def _articles(rows: Sequence[_Row]) -> list[tuple[str, str | None]]:
    pairs = []
    for row in rows:
        title = row.data.get("title")
        if title is not None and not isinstance(title, str):
            title = str(title)
        pairs.append((str(row.data["text"]), title or None))
    return pairs


# ------------------------------------------------------------------------------------------------ fits

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
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)), initializer=_set_worker_data, initargs=(data, folds, options)
    )
    try:
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
    finally:
        pool.shutdown(cancel_futures=True)
    assert final_model is not None
    return softmax(logits), logits, base, final_model


# --------------------------------------------------------------------------------------------- figures


def _confusion(
    labels: npt.NDArray[np.int64], probabilities: npt.NDArray[np.float64], classes: Sequence[str]
) -> dict[str, Any]:
    matrix = confusion_matrix(labels, probabilities.argmax(axis=1), labels=np.arange(len(classes)))
    return {
        "classes": list(classes),
        "rows": "true class",
        "columns": "predicted class",
        "counts": matrix.tolist(),
    }


def _describe_options(options: TrainingOptions) -> dict[str, Any]:
    describe = getattr(options, "describe", None)
    if callable(describe):
        return dict(describe())
    return {
        key: (
            len(value) if isinstance(value, frozenset) else list(value) if isinstance(value, tuple) else value
        )
        for key, value in vars(options).items()
    }


def _group_table(
    labels: npt.NDArray[np.int64], groups: npt.NDArray[np.str_], classes: Sequence[str]
) -> list[dict[str, Any]]:
    sizes = Counter(groups.tolist())
    table = []
    for name, size in sizes.most_common(TOP_GROUPS):
        inside = labels[groups == name]
        per_class = np.bincount(inside, minlength=len(classes)).tolist()
        table.append({"group": name, "articles": size, "classes": dict(zip(classes, per_class))})
    return table


# ---------------------------------------------------------------------------------------------- train


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


def check_output(path: str | os.PathLike[str]) -> Path:
    """Check that a model can be written to ``path`` (and its companions beside it), before training."""
    target = Path(path)
    _companions(target)
    if target.is_dir():
        raise BiasmeterError(f"{target} is a directory; give a file name such as {target / 'model.skops'}")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BiasmeterError(f"{target}: the folder {folder} does not exist; create it first")
    if not os.access(folder, os.W_OK):
        raise BiasmeterError(f"{target}: cannot write into {folder}")
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
        return _card(self.metrics, self.model, sha256, model_file)

    def save(self, path: str | os.PathLike[str]) -> SavedFiles:
        """Write the model file, ``<stem>.metrics.json`` and the card ``<stem>.md`` side by side."""
        import json

        target = check_output(path)
        metrics_path, card_path = _companions(target)
        digest = self.model.save(target)
        figures = {**self.metrics, "model_file": target.name, "sha256": digest}
        metrics_path.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        card_path.write_text(self.card(digest, target.name), encoding="utf-8")
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
        Worker processes for feature extraction.
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
        a missing label column; labels outside ``classes`` or not numeric with ``thresholds``; a single
        class; a class with fewer than ``2 × folds`` articles; fewer groups than folds; folds whose training
        side cannot fit the recipe.
    """
    if target not in ("slant", "reliability"):
        raise BiasmeterError(f"target must be 'slant' or 'reliability', got {target!r}")
    if split not in SPLITS:
        raise BiasmeterError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    if folds < 2:
        raise BiasmeterError(f"cross-validation needs at least 2 folds, got {folds}")
    if jobs < 1:
        raise BiasmeterError(f"jobs must be at least 1, got {jobs}")
    options = options or TrainingOptions()
    if isinstance(records, (str, os.PathLike)) and not inputs:
        inputs = (os.fspath(records),)
    table, ratings_name = _ratings(ratings, ratings_key, ratings_value)
    started = time.perf_counter()
    seconds: dict[str, float] = {}

    def note(text: str) -> None:
        if log is not None:
            log(text)

    reading = _read(records, skip_bad_lines, progress, log)
    labelled = _label(
        reading.rows,
        target=target,
        label=label,
        classes=classes,
        thresholds=thresholds,
        ratings=table,
        ratings_name=ratings_name,
    )
    for text in labelled.notes:
        note(text)
    group_by = groups if isinstance(groups, str) else "given groups"
    group_list = _groups(reading.rows, labelled.rows, groups, reading.total, "groups")
    group_array = np.asarray(group_list, dtype=np.str_)
    leave_list = None
    if leave_out is not None:
        leave_list = _groups(reading.rows, labelled.rows, leave_out, reading.total, "leave_out")
        split_name = f"leave-one-out by {leave_out if isinstance(leave_out, str) else 'given values'}"
    else:
        split_name = split
    labels = labelled.labels
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
    notes = [f"skipped {len(reading.bad):,} unusable lines"] if reading.bad else []
    notes += labelled.notes
    if split == "random" and leave_out is None:
        notes.append(RANDOM_SPLIT_NOTE)
        note(RANDOM_SPLIT_NOTE)
    ungrouped = int(np.sum(group_array == _NO_GROUP))
    if ungrouped:
        notes.append(f"{ungrouped:,} articles have no {group_by} and form one group {_NO_GROUP!r}")
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
    hand, texts = extract_articles(_articles(labelled.rows), names, jobs=jobs, progress=progress)
    seconds["features"] = time.perf_counter() - clock
    data = Dataset(hand, texts, labels, group_array, target_spec, tuple(names))

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
    except ValueError as error:  # raised by scikit-learn
        if "empty vocabulary" in str(error):
            raise BiasmeterError(
                f"no n-gram is used by articles of at least {options.min_outlets} outlets (--min-outlets) in "
                f"at least {options.min_df} and at most half of the articles, on the training side of a fold "
                "or in the whole corpus: the outlets share no vocabulary. Lower --min-outlets, add articles, "
                "or train on the hand-built features only with --no-ngrams"
            ) from None
        raise BiasmeterError(f"training failed: {error}") from None
    seconds["total"] = time.perf_counter() - started
    if temperature < _TEMPERATURE_RANGE[0] * 1.02:
        notes.append(
            f"the temperature {temperature:.3f} is at the low end of its search range: held out, the model's "
            "confidence carries almost no information, so calibration flattens its probabilities"
        )
    elif temperature > _TEMPERATURE_RANGE[1] * 0.98:
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
        "outlets": len(np.unique(group_array)),
        "group_by": group_by,
        "class_counts": dict(
            zip(labelled.classes, np.bincount(labels, minlength=len(labelled.classes)).tolist())
        ),
        "groups": _group_table(labels, group_array, labelled.classes),
        "split": split_name,
        "split_description": split_description,
        "folds": len(fold_list),
        "random_state": random_state,
        "options": _describe_options(options),
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
        "seconds": {key: round(value, 1) for key, value in seconds.items()},
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


def _ratings(
    ratings: Mapping[str, str] | str | os.PathLike[str] | None, key: str, value: str | None
) -> tuple[Mapping[str, str] | None, str]:
    if ratings is None:
        return None, ""
    if isinstance(ratings, Mapping):
        return ratings, "the ratings table"
    if value is None:
        raise BiasmeterError(
            f"name the column of {os.fspath(ratings)} that holds the rating with --ratings-value, e.g. pc1 "
            "or factuality"
        )
    return read_ratings(ratings, key, value), f"{os.fspath(ratings)} ({value})"


# ------------------------------------------------------------------------------------------- evaluate


@dataclass(frozen=True, eq=False)
class EvaluationResult:
    """Figures of a saved model on a labelled corpus.

    Attributes
    ----------
    metrics : dict
        Counts, accuracy, macro-F1, ROC-AUC, Brier score, ECE and the confusion matrix (JSON-safe).
    probabilities : ndarray
        The model's class probabilities, one row per labelled article.
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
            f"{m['articles']:,} labelled articles from {m['outlets']:,} outlets "
            f"({_counts_text(m['class_counts'])}); {m['records']:,} records read",
        ]
        rows = [("this corpus", m["figures"])]
        if m.get("unseen_outlets") is not None:
            rows.append((f"outlets unseen in training ({m['unseen_outlets']['n']:,})", m["unseen_outlets"]))
        lines += ["", _figures_text(rows), "", _confusion_text(m["confusion_matrix"])]
        lines += [f"note: {note}" for note in m["notes"]]
        return "\n".join(lines)


def evaluate(
    model: TargetModel | str | os.PathLike[str],
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
        outside the classes, or a mapping with another number of classes than the model has.
    """
    name = "<model>"
    if not isinstance(model, TargetModel):
        name = os.fspath(model)
        model = read_model_file(Path(model))
    table, ratings_name = _ratings(ratings, ratings_key, ratings_value)
    reading = _read(records, skip_bad_lines, progress, log)
    labelled = _label(
        reading.rows,
        target=model.target.name,
        label=label,
        classes=classes,
        thresholds=thresholds,
        ratings=table,
        ratings_name=ratings_name,
        expected=model.target.classes,
    )
    notes = [f"skipped {len(reading.bad):,} unusable lines"] if reading.bad else []
    notes += labelled.notes
    if log is not None:
        for text in labelled.notes:
            log(text)
    hand, texts = extract_articles(_articles(labelled.rows), model.outlet_names, jobs=jobs, progress=progress)
    probabilities = model.probabilities(model.design(hand, texts))
    labels = labelled.labels
    outlets = [outlet_of(row.data) or _NO_GROUP for row in labelled.rows]
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
        "outlets": len(set(outlets)),
        "class_counts": dict(
            zip(model.target.classes, np.bincount(labels, minlength=len(model.target.classes)).tolist())
        ),
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
                f"{_plural(len({o for o, hit in zip(outlets, overlap) if hit}), 'outlet')} the model was "
                "trained on; "
                "figures on them measure memorised outlets"
            )
            if (~overlap).any():
                result["unseen_outlets"] = metrics(probabilities[~overlap], labels[~overlap], model.target)
    result["notes"] = notes
    return EvaluationResult(result, probabilities, labels)


# --------------------------------------------------------------------------------------------- text


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _counts_text(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in counts.items())


def _figure_rows(m: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    rows: list[tuple[str, Mapping[str, Any]]] = [
        ("recipe", m["held_out"]),
        ("recipe, calibrated", m["held_out_calibrated"]),
    ]
    if m.get("baseline") is not None:
        rows.append(("TF-IDF baseline", m["baseline"]))
    return rows


def _number_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


_FIGURE_COLUMNS = (
    ("accuracy", "accuracy"),
    ("macro_f1", "macro-F1"),
    ("auc", "ROC-AUC"),
    ("brier", "Brier"),
    ("ece", "ECE"),
)


def _figures_text(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
    width = max(len(name) for name, _ in rows)
    header = " " * width + "".join(f"  {title:>8}" for _, title in _FIGURE_COLUMNS)
    lines = [header]
    for name, figures in rows:
        lines.append(
            name.ljust(width) + "".join(f"  {_number_text(figures[key]):>8}" for key, _ in _FIGURE_COLUMNS)
        )
    return "\n".join(lines)


def _figures_markdown(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> str:
    lines = [
        "| predictions | " + " | ".join(title for _, title in _FIGURE_COLUMNS) + " |",
        "| --- |" + " ---: |" * len(_FIGURE_COLUMNS),
    ]
    for name, figures in rows:
        lines.append(
            f"| {name} | " + " | ".join(_number_text(figures[key]) for key, _ in _FIGURE_COLUMNS) + " |"
        )
    return "\n".join(lines)


def _confusion_text(confusion: Mapping[str, Any]) -> str:
    classes = list(confusion["classes"])
    counts = confusion["counts"]
    width = max(len(name) for name in [*classes, "true \\ predicted"])
    cell = max(7, *(len(name) for name in classes), *(len(f"{c:,}") for row in counts for c in row))
    lines = ["true \\ predicted".ljust(width) + "".join(f"  {name:>{cell}}" for name in classes)]
    for name, row in zip(classes, counts):
        lines.append(name.ljust(width) + "".join(f"  {count:>{cell},}" for count in row))
    return "\n".join(lines)


def _confusion_markdown(confusion: Mapping[str, Any]) -> str:
    classes = list(confusion["classes"])
    lines = [
        "| true \\ predicted | " + " | ".join(classes) + " |",
        "| --- |" + " ---: |" * len(classes),
    ]
    for name, row in zip(classes, confusion["counts"]):
        lines.append(f"| {name} | " + " | ".join(f"{count:,}" for count in row) + " |")
    return "\n".join(lines)


def _card(metrics_: Mapping[str, Any], model: TargetModel, sha256: str | None, model_file: str | None) -> str:
    m = metrics_
    classes = list(m["classes"])
    low, high = classes[0], classes[-1]
    scale = "−1 (left) … +1 (right)" if m["target"] == "slant" else "0 (low) … 100 (high)"
    if "column" in m["labels_from"]:
        source = f"the column `{m['labels_from']['column']}` of each article"
    else:
        source = (
            f"the outlet ratings {m['labels_from']['ratings']}, joined by the host name of each article's "
            "`url` (or `domain`), most specific first (distant labels: every article inherits its "
            "outlet's rating)"
        )
    mapping = m["label_mapping"]
    if "thresholds" in mapping:
        cuts = mapping["thresholds"]
        bins = [f"below {cuts[0]:g} → `{classes[0]}`"]
        bins += [f"{a:g} to below {b:g} → `{name}`" for a, b, name in zip(cuts, cuts[1:], classes[1:])]
        bins.append(f"{cuts[-1]:g} and above → `{classes[-1]}`")
        mapped = "numeric values binned: " + "; ".join(bins)
    else:
        mapped = "classes in scale order: " + ", ".join(f"`{name}`" for name in classes)
    positions = ", ".join(f"`{name}` at {position:g}" for name, position in zip(classes, m["positions"]))
    excluded = [
        f"* {m['records']:,} records read; {m['skipped_lines']:,} unusable lines skipped; "
        f"{m['unlabelled']:,} without a label; {m['unrated']:,} whose outlet has no rating."
    ]
    if m["unrated_outlets"]:
        excluded.append(
            "* Most frequent unrated outlets: "
            + ", ".join(f"{name} ({count:,})" for name, count in m["unrated_outlets"][:10])
            + "."
        )
    group_lines = [f"| {group_by} | articles | " + " | ".join(classes) + " |" for group_by in [m["group_by"]]]
    group_lines.append("| --- | ---: |" + " ---: |" * len(classes))
    for item in m["groups"]:
        group_lines.append(
            f"| {item['group']} | {item['articles']:,} | "
            + " | ".join(f"{item['classes'][name]:,}" for name in classes)
            + " |"
        )
    class_lines = ["| class | articles |", "| --- | ---: |"]
    class_lines += [f"| {name} | {count:,} |" for name, count in m["class_counts"].items()]
    folds = ["| fold | training articles | test articles | test groups | accuracy | macro-F1 |"]
    folds.append("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for number, item in enumerate(m["per_fold"], start=1):
        folds.append(
            f"| {number} | {item['train_articles']:,} | {item['test_articles']:,} | "
            f"{item['test_groups']:,} | {item['accuracy']:.3f} | {item['macro_f1']:.3f} |"
        )
    weights = m["top_features"]
    top = [f"| towards {low} | weight | towards {high} | weight |", "| --- | ---: | --- | ---: |"]
    for (name_low, weight_low), (name_high, weight_high) in zip(weights[low], weights[high]):
        top.append(f"| `{name_low}` | {weight_low:.3f} | `{name_high}` | {weight_high:.3f} |")
    raw, calibrated = m["held_out"], m["held_out_calibrated"]
    if m["split"] == "grouped":
        evaluation = (
            f"Grouped cross-validation: {m['split_description']}. Every article is predicted by a model that "
            f"saw no article of its {m['group_by']}, so the figures estimate performance on new outlets."
        )
    elif m["split"] == "random":
        evaluation = (
            f"**Not grouped.** {m['split_description']}. Use the default grouped split for figures that "
            "hold for new outlets."
        )
    else:
        evaluation = f"Held-out evaluation: {m['split_description']}."
    baseline = (
        "The baseline is TF-IDF of words and word pairs with a class-balanced logistic regression, on the "
        "same folds and the same masked texts."
        if m["baseline"] is not None
        else "The TF-IDF baseline was not run (`--no-baseline`)."
    )
    notes = "\n".join(f"* {note}" for note in m["notes"]) or "* none"
    identity = ""
    if model_file is not None:
        identity = f"File `{model_file}`" + (f", SHA-256 `{sha256}`" if sha256 else "") + ". "
    inputs = ", ".join(f"`{name}`" for name in m["inputs"]) or "records passed from Python"
    options = ", ".join(f"{key}={value}" for key, value in sorted(m["options"].items()))
    return f"""# Model card: {m["target"]} model trained with `biasmeter train`

{identity}Trained with biasmeter {m["biasmeter"]} on {inputs}. Use it with
`biasmeter score --model {model_file or "MODEL"} …` or `biasmeter.load_model(path)`.

## What it predicts

{m["target"].capitalize()} on the scale {scale}: {len(classes)} classes placed at {positions}. The score is
the probability-weighted mean position. Labels came from {source}; {mapped}.

## Data

{m["articles"]:,} articles from {m["outlets"]:,} groups (grouped by {m["group_by"]}).

{chr(10).join(class_lines)}

Left out before training:

{chr(10).join(excluded)}

Largest groups (top {min(TOP_GROUPS, len(m["groups"]))} of {m["outlets"]:,}):

{chr(10).join(group_lines)}

## Evaluation

{evaluation} {baseline}

{_figures_markdown(_figure_rows(m))}

Accuracy and macro-F1 count the most probable class; ROC-AUC ranks articles by score against membership
of the top class (`{high}`); Brier is the mean squared error of the class probabilities (0 is perfect);
ECE is the expected calibration error of the top probability (10 bins).

Confusion matrix of the calibrated held-out predictions:

{_confusion_markdown(m["confusion_matrix"])}

Per fold (calibrated):

{chr(10).join(folds)}

## Calibration

Temperature {m["calibration_factor"]:.3f}, fitted on the out-of-fold logits to minimise log loss and stored
in the model. Held out, before → after calibration: Brier {raw["brier"]:.3f} → {calibrated["brier"]:.3f},
ECE {raw["ece"]:.3f} → {calibrated["ece"]:.3f}.

## Most influential features

Weights towards each end of the scale, per standardised unit for hand-built features and per TF-IDF unit
for terms (`term:`). Outlet names are masked before training; `OUTLET` is the mask itself.
Vocabulary: {m["vocabulary"]:,} n-grams.

{chr(10).join(top)}

## Recipe

Options: {options}. Seed {m["random_state"]}.

## Notes

{notes}
"""
