"""biasmeter: score news articles for reliability and slant, and show the evidence.

Examples
--------
>>> import biasmeter
>>> features = biasmeter.extract('"We will win," she said. Critics called it a disgraceful stunt.')
>>> features.values["quote_count"]
1.0
>>> [span.text for span in features.evidence if span.kind == "quote"]
['"We will win,"']
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from biasmeter._input import DEFAULT_MAX_CHARS
from biasmeter.errors import BiasmeterError
from biasmeter.evidence import Span

if TYPE_CHECKING:
    from biasmeter.features import FeatureExtractor, Features, extract
    from biasmeter.model import Contribution
    from biasmeter.retrain import EvaluationResult, TrainingResult, evaluate, train
    from biasmeter.scoring import Model, Score, default_model, load_model

# The rest of the API is imported on first use (PEP 562): numpy, scipy and scikit-learn take about a
# second to import, which ``biasmeter --help`` and a Ctrl-C while starting should not have to wait for.
_LAZY = {
    "Contribution": "biasmeter.model",
    "EvaluationResult": "biasmeter.retrain",
    "FeatureExtractor": "biasmeter.features",
    "Features": "biasmeter.features",
    "Model": "biasmeter.scoring",
    "Score": "biasmeter.scoring",
    "TrainingResult": "biasmeter.retrain",
    "default_model": "biasmeter.scoring",
    "evaluate": "biasmeter.retrain",
    "extract": "biasmeter.features",
    "load_model": "biasmeter.scoring",
    "train": "biasmeter.retrain",
}


if not TYPE_CHECKING:  # type checkers see the imports above, and flag a misspelt name

    def __getattr__(name: str) -> Any:
        if name in _LAZY:
            value = getattr(importlib.import_module(_LAZY[name]), name)
        else:
            # Submodules too, as when the package imported them all: ``biasmeter.features.FEATURE_NAMES``.
            try:
                value = importlib.import_module(f"{__name__}.{name}")
            except ModuleNotFoundError as error:
                if error.name != f"{__name__}.{name}":
                    raise
                raise AttributeError(f"module 'biasmeter' has no attribute {name!r}") from None
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "BiasmeterError",
    "Contribution",
    "EvaluationResult",
    "FeatureExtractor",
    "Features",
    "Model",
    "Score",
    "Span",
    "TrainingResult",
    "__version__",
    "default_model",
    "evaluate",
    "extract",
    "load_model",
    "score",
    "score_many",
    "train",
]

__version__ = "0.1.0"


def score(
    text: Any,
    title: Any = None,
    url: Any = None,
    *,
    id: str | int | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Score:
    """Score one article with the default models.

    Parameters
    ----------
    text : str
        The article as a user would paste it.
    title : str, optional
        The headline, if known separately.
    url : str, optional
        Where the article was published (kept for grouping by outlet; not used by the scores).
    id : str or int, optional
        An identifier carried into the result, as text.
    max_chars : int
        Longest text (and title) scored, in characters.

    Returns
    -------
    Score
        Scores, labels, probabilities, features, evidence and `Score.explain`; or an abstention with its
        reason when the text is too short, not English, or has no letters.

    Raises
    ------
    BiasmeterError
        If ``text`` is not a ``str`` or is too long, or ``title``, ``url`` or ``id`` is of the wrong type.

    Examples
    --------
    >>> import biasmeter
    >>> biasmeter.score("Short.").abstained
    'too short'
    """
    from biasmeter.scoring import default_model

    return default_model().score(text, title, url, id=id, max_chars=max_chars)


def score_many(
    records: Iterable[Any], n_jobs: int = 1, *, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Score]:
    """Score a stream of records with the default models, one result per record, in order.

    See `Model.score_many`.

    Examples
    --------
    >>> import biasmeter
    >>> results = list(biasmeter.score_many([{"id": "a", "text": "Too short."}, {"id": "b"}]))
    >>> [(result.id, result.status) for result in results]
    [('a', 'abstained'), ('b', 'failed')]
    """
    from biasmeter.scoring import default_model

    return default_model().score_many(records, n_jobs=n_jobs, max_chars=max_chars)
