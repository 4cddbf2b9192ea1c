"""Word and word-pair TF-IDF weights over a fixed vocabulary, computed the way scikit-learn does.

A model's n-gram columns are those of ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)`` over the
vocabulary chosen in training. Scoring needs only the transform, and scikit-learn's spends most of its time
in Python generating and counting n-grams that the vocabulary does not have. Here an article is analysed
once into its sequence of n-grams (`ngrams`), which both shipped models then share, and `NgramWeights`
looks the sequence up in its vocabulary in bulk, giving the same TF-IDF rows as scikit-learn
(``tests/test_ngrams.py`` checks them against it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property
from itertools import pairwise, repeat

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.preprocessing import normalize

__all__ = ["NgramWeights", "ngrams"]

# scikit-learn's default token pattern, "\b\w\w+\b", finds the same runs without the boundary checks: a
# greedy run of word characters always ends at a boundary, and a run that fails starts no other match.
_TOKEN = re.compile(r"\w\w+")


def ngrams(text: str) -> list[str]:
    """The words, then the adjacent word pairs, of ``text``, as ``TfidfVectorizer(ngram_range=(1, 2))`` has.

    Examples
    --------
    >>> ngrams("The plan, the PLAN!")
    ['the', 'plan', 'the', 'plan', 'the plan', 'plan the', 'the plan']
    """
    tokens = _TOKEN.findall(text.lower())
    return tokens + list(map(" ".join, pairwise(tokens)))


class NgramWeights:
    """Sublinear TF-IDF weights, L2-normalised per row, over a fixed list of terms.

    Parameters
    ----------
    terms : sequence of str
        The vocabulary in column order: words and space-joined word pairs, lower-case.
    idf : array of shape (len(terms),)
        Inverse document frequency of each term, from training.

    Examples
    --------
    >>> weights = NgramWeights(["plan", "the plan"], np.array([1.0, 2.0]))
    >>> weights.transform(["The plan, the plan.", "Nothing here"]).toarray().round(3)
    array([[0.447, 0.894],
           [0.   , 0.   ]])
    """

    def __init__(self, terms: Sequence[str], idf: npt.ArrayLike) -> None:
        self.terms = tuple(terms)
        self.idf_ = np.asarray(idf, dtype=np.float64)
        if not self.terms:
            raise ValueError("empty vocabulary: n-gram weights need at least one term")
        if self.idf_.shape != (len(self.terms),):
            raise ValueError(f"{len(self.terms)} terms but {self.idf_.size} inverse document frequencies")

    @cached_property
    def _columns(self) -> dict[str, int]:
        return {term: column for column, term in enumerate(self.terms)}

    def get_feature_names_out(self) -> npt.NDArray[np.str_]:
        """The terms in column order, as scikit-learn's vectorizers give them."""
        return np.asarray(self.terms, dtype=str)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """TF-IDF rows for ``texts``, one row each."""
        return self.weigh([ngrams(text) for text in texts])

    def weigh(self, analysed: Sequence[list[str]]) -> sparse.csr_matrix:
        """TF-IDF rows for texts already analysed by `ngrams`, one row each."""
        n_terms = len(self.terms)
        if not analysed:
            return sparse.csr_matrix((0, n_terms), dtype=np.float64)
        column_of = self._columns.get
        # Each hit becomes row * n_terms + column, so one sort counts every (row, column) pair at once.
        keys = [
            np.fromiter(map(column_of, grams, repeat(-1)), dtype=np.int64, count=len(grams))
            for grams in analysed
        ]
        hits = np.concatenate([columns[columns >= 0] + row * n_terms for row, columns in enumerate(keys)])
        pairs, counts = np.unique(hits, return_counts=True)
        rows, indices = np.divmod(pairs, n_terms)
        data = (np.log(counts.astype(np.float64)) + 1.0) * self.idf_[indices]
        indptr = np.searchsorted(rows, np.arange(len(keys) + 1))
        matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(keys), n_terms))
        return normalize(matrix, norm="l2", copy=False)
