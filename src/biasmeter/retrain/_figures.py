"""JSON-safe figures beyond the scores: the confusion matrix, the recipe's options and the largest groups."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.metrics import confusion_matrix

from biasmeter.retrain._common import TOP_GROUPS


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
