"""Names shared by the modules of `biasmeter.retrain`: the progress callback, folds, class counts, limits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from biasmeter.errors import BiasmeterError

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


def _abstention_counts(reasons: Iterable[str | None]) -> dict[str, int]:
    """How many articles scoring would abstain on, by reason, in the order of the reasons' names."""
    return dict(sorted(Counter(reason for reason in reasons if reason is not None).items()))


def _check_callable(value: object, name: str) -> None:
    if value is not None and not callable(value):
        raise BiasmeterError(f"{name} must be a function or None, got {type(value).__name__}")


def _check_column(value: object, name: str, *, optional: bool = False) -> None:
    """A column name: a str (or None where the argument is optional)."""
    if not (isinstance(value, str) or (optional and value is None)):
        expected = "a column name (str) or None" if optional else "a column name (str)"
        raise BiasmeterError(f"{name} must be {expected}, got {type(value).__name__}")


def _check_column_or_values(value: object, name: str, *, optional: bool = False) -> None:
    """A column name, or one value per record (a sequence that is not a str)."""
    if isinstance(value, str) or (optional and value is None):
        return
    if not isinstance(value, Sequence) and not hasattr(value, "__array__"):
        expected = "a column name or one value per record" + (", or None" if optional else "")
        raise BiasmeterError(f"{name} must be {expected}, got {type(value).__name__}")


def _as_names(value: object, name: str) -> list[str]:
    """A list of strings as a list (a single str is refused: it would be read as its characters)."""
    if isinstance(value, str):
        raise BiasmeterError(f"{name} must be a list of names, got one str; wrap it: [{value!r}]")
    if not isinstance(value, Iterable) or isinstance(value, (bytes, Mapping)):
        raise BiasmeterError(f"{name} must be a list of names, got {type(value).__name__}")
    names = list(value)
    for item in names:
        if not isinstance(item, str):
            raise BiasmeterError(f"{name} must hold only str, got {type(item).__name__} {item!r}")
    return names
