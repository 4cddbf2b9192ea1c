"""Names shared by the modules of `biasmeter.retrain`: the progress callback, folds, class counts, limits."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

#: Called as ``progress(stage, done, total)`` during the slow steps; ``total`` is 0 while it is unknown.
Progress = Callable[[str, int, int], None]
#: Cross-validation folds: the training and the test rows of each.
Folds = list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]
#: Groups listed by name in the metrics and the model card, largest first.
TOP_GROUPS = 20
_LISTED = 10  # values named in an error message before "and N more"
_NO_GROUP = "(none)"


def _articles_per_class(labels: npt.NDArray[np.int64], classes: Sequence[str]) -> dict[str, int]:
    """Articles per class, every class named (those without articles at 0), in the order of ``classes``."""
    return dict(zip(classes, np.bincount(labels, minlength=len(classes)).tolist()))
