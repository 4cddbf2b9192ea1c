"""Labels onto classes: a label column or an outlet rating per article, mapped to the target's classes.

Text labels are matched to class names ignoring case; numeric ones are binned with thresholds
(`bin_value`). Articles without a label (or whose outlet has no rating) are left out and counted, and
every label outside the classes stops training with the values found and their counts.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from biasmeter._wording import plural
from biasmeter.errors import BiasmeterError
from biasmeter.model import Target
from biasmeter.retrain._common import _LISTED, TOP_GROUPS, Progress, _as_names, _check_callable, _check_column
from biasmeter.retrain._outlet_ratings import _normalised_table, _rating_keys, _ratings
from biasmeter.retrain._reading import _fields_seen, _read, _Reading, _Row


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
    if isinstance(thresholds, (str, bytes)) or not isinstance(thresholds, Iterable):
        raise BiasmeterError(f"--thresholds must be a list of numbers, got {type(thresholds).__name__}")
    try:
        values = tuple(float(value) for value in thresholds)
    except (TypeError, ValueError):
        raise BiasmeterError(f"--thresholds must be numbers, got {list(thresholds)!r}") from None
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
            notes.append(f"left out {plural(unlabelled, 'article')} with no value in {label!r}")
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
        cuts = tuple(thresholds)  # checked by `_read_labelled` before any record was read
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


def _read_labelled(
    records: Any,
    *,
    target: str,
    label: str | None,
    classes: Sequence[str] | None,
    thresholds: Sequence[float] | None,
    ratings: Mapping[str, str] | str | os.PathLike[str] | None,
    ratings_key: str,
    ratings_value: str | None,
    skip_bad_lines: bool,
    progress: Progress | None,
    log: Callable[[str], None] | None,
    expected: tuple[str, ...] | None = None,
) -> tuple[_Reading, _Labels]:
    """Read a corpus and label its articles, as `train` and `evaluate` both begin.

    The ratings table (when labels come from ratings) is read first, then the records (`_read`), then the
    labels are mapped (`_label`); ``log`` hears each note of the labelling as soon as it is known.
    """
    _check_column(label, "label", optional=True)
    _check_column(ratings_key, "ratings_key")
    _check_column(ratings_value, "ratings_value", optional=True)
    _check_callable(progress, "progress")
    _check_callable(log, "log")
    if classes is not None:
        classes = _as_names(classes, "classes")
    if thresholds is not None:
        thresholds = _check_thresholds(thresholds)
    table, ratings_name = _ratings(ratings, ratings_key, ratings_value)
    if (label is None) == (ratings is None):
        raise BiasmeterError(
            "say where the labels come from: a label column (--label COLUMN) or an outlet ratings table "
            "(--ratings TABLE --ratings-value COLUMN)" + (", not both" if label is not None else "")
        )
    reading = _read(records, skip_bad_lines, progress, log)
    labelled = _label(
        reading.rows,
        target=target,
        label=label,
        classes=classes,
        thresholds=thresholds,
        ratings=table,
        ratings_name=ratings_name,
        expected=expected,
    )
    if log is not None:
        for text in labelled.notes:
            log(text)
    return reading, labelled
