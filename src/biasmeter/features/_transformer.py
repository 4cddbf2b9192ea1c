"""`FeatureExtractor`: the features of many articles as a matrix, for scikit-learn pipelines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, TransformerMixin

from biasmeter._input import DEFAULT_MAX_CHARS, check_count, check_not_a_table
from biasmeter.errors import BiasmeterError
from biasmeter.features._extract import FEATURE_NAMES, extract

__all__ = ["FeatureExtractor", "article_fields"]


def article_fields(article: Any, position: int | None = None) -> tuple[Any, Any]:
    """Return ``(text, title)`` of one article given as a ``str`` or a mapping with ``text`` and ``title``.

    A mapping without ``text`` raises `BiasmeterError`, naming the article's ``position`` when given.
    """
    if isinstance(article, Mapping):
        if "text" not in article:
            fields = ", ".join(map(str, article)) or "none"
            where = "" if position is None else f"article {position}: "
            raise BiasmeterError(f"{where}no 'text' field (fields: {fields})")
        return article["text"], article.get("title")
    return article, None


class FeatureExtractor(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Turn articles into a matrix of the features named by `get_feature_names_out`.

    Stateless, like scikit-learn's ``HashingVectorizer``: ``fit`` only checks its input, so the extractor
    can be cloned, pickled and placed first in a ``Pipeline``. Each article is read as `extract` and
    `biasmeter.score` read it: an HTML page (or fragment) as its visible text.

    Parameters
    ----------
    max_chars : int
        Longest article text accepted.

    Examples
    --------
    >>> from biasmeter import FeatureExtractor
    >>> extractor = FeatureExtractor()
    >>> matrix = extractor.fit_transform(["A calm report.", {"text": "Outrageous!", "title": "WOW"}])
    >>> matrix.shape == (2, len(extractor.get_feature_names_out()))
    True
    >>> extractor.transform("one article")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    biasmeter.errors.BiasmeterError: FeatureExtractor expects an iterable of articles, got a single str; ...
    """

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.max_chars = max_chars

    def fit(self, X: Iterable[Any], y: Any = None) -> FeatureExtractor:
        """Check ``X`` and the parameters and return ``self``; there is nothing to learn."""
        _check_articles(X)
        check_count(self.max_chars, "max_chars")
        return self

    def transform(self, X: Iterable[Any]) -> npt.NDArray[np.float64]:
        """Return an ``(n_articles, n_features)`` array of feature values.

        Raises
        ------
        BiasmeterError
            If ``X`` is a single string, or an article is not text, naming its position (from 1).
        """
        _check_articles(X)
        max_chars = check_count(self.max_chars, "max_chars")
        rows = []
        for position, article in enumerate(X, start=1):
            text, title = article_fields(article, position)
            try:
                rows.append(extract(text, title, max_chars=max_chars).to_array())
            except BiasmeterError as error:
                raise BiasmeterError(f"article {position}: {error}") from None
        if not rows:
            return np.empty((0, len(FEATURE_NAMES)))
        return np.vstack(rows)

    def get_feature_names_out(self, input_features: Any = None) -> npt.NDArray[np.object_]:
        """Return the feature names, in column order; stable across versions of the same model format."""
        return np.asarray(FEATURE_NAMES, dtype=object)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        # Articles may be mappings with "text" and "title", as DictVectorizer's rows are.
        tags.input_tags.dict = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags


def _check_articles(X: Any) -> None:
    if isinstance(X, (str, bytes, bytearray)):
        raise BiasmeterError(
            f"FeatureExtractor expects an iterable of articles, got a single {type(X).__name__}; "
            "wrap it in a list: [text]"
        )
    check_not_a_table(X, "FeatureExtractor expects an iterable of articles")
    if isinstance(X, Mapping) or not isinstance(X, Iterable):
        raise BiasmeterError(
            f"FeatureExtractor expects an iterable of articles (str or mapping with 'text'), "
            f"got {type(X).__name__}"
        )
