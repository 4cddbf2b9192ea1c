"""Word and word-pair TF-IDF weights over a fixed vocabulary, computed the way scikit-learn does.

A model's n-gram columns are those of ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)`` over the
vocabulary chosen in training. Scoring needs only the transform, and scikit-learn's spends most of its time
in Python generating and counting n-grams that the vocabulary does not have. Here the words of all the
texts scored together (the words of `ngrams`) are found in numpy, many texts at a time, and looked up by
their hashes (`biasmeter._hashing`), without building their strings, in one word index shared by all the
vocabularies in use (`SharedNgrams`: both shipped models read the same analysis); word pairs are looked up
as pairs of word numbers (`biasmeter._integer_map`). A word found by its hash is compared, character by
character, with the word it was taken for, so that a collision of hashes confuses no words: the TF-IDF
rows are those of scikit-learn (``tests/test_ngrams.py`` checks them against it). No two words of the
vocabularies may share a hash.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain, pairwise

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.preprocessing import normalize

from biasmeter._characters import (
    ALPHANUMERIC,
    UNDERSCORE,
    Codes,
    Mask,
    classes_of,
    codes_of,
    run_bounds,
    runs_of,
)
from biasmeter._hashing import run_hashes, string_hash
from biasmeter._integer_map import IntegerMap, RepeatedKeysError

__all__ = ["WEIGHTINGS", "NgramWeights", "SharedNgrams", "ngrams", "shared_ngrams"]


def _words(text: str) -> list[str]:
    codes = codes_of(text.lower())
    return runs_of(codes, _in_ngram_word(codes))


def _in_ngram_word(codes: Codes) -> Mask:
    # scikit-learn's default token pattern, "\b\w\w+\b", on the lower-cased text: every run of two or more
    # word characters (letters, digits, "_"), found without a regex (see `biasmeter._characters`).
    classes = classes_of(codes)
    word: Mask = (classes == ALPHANUMERIC) | (classes == UNDERSCORE)
    # A word character with another on either side is in a run of two or more.
    beside_word = np.zeros_like(word)
    beside_word[1:] = word[:-1]
    beside_word[:-1] |= word[1:]
    word &= beside_word
    return word


def ngrams(text: str) -> list[str]:
    """The words, then the adjacent word pairs, of ``text``, as ``TfidfVectorizer(ngram_range=(1, 2))`` has.

    Examples
    --------
    >>> ngrams("The plan, the PLAN!")
    ['the', 'plan', 'the', 'plan', 'the plan', 'plan the', 'the plan']
    """
    words = _words(text)
    return words + list(map(" ".join, pairwise(words)))


# How many characters of texts `SharedNgrams` reads at once: a batch of 64 news articles has about 300,000.
_GROUP_CHARACTERS = 1 << 19

#: How `NgramWeights` weighs the terms of a text: sublinear TF-IDF with unit-length rows, or 1 for each term
#: present (the input of a naive-Bayes-scaled model, `biasmeter.training.TrainingOptions.naive_bayes`).
WEIGHTINGS = ("tfidf", "presence")


class NgramWeights:
    """Sublinear TF-IDF weights, L2-normalised per row, or term presence, over a fixed list of terms.

    Parameters
    ----------
    terms : sequence of str
        The vocabulary in column order: words and space-joined word pairs, lower-case.
    idf : array of shape (len(terms),)
        Inverse document frequency of each term, from training (not used for ``"presence"``).
    weighting : {"tfidf", "presence"}
        ``"tfidf"``: ``(1 + log(count)) * idf``, each row scaled to unit length, as scikit-learn's
        ``TfidfVectorizer(sublinear_tf=True)``; ``"presence"``: 1 for each term the text has.

    Examples
    --------
    >>> weights = NgramWeights(["plan", "the plan"], np.array([1.0, 2.0]))
    >>> weights.transform(["The plan, the plan.", "Nothing here"]).toarray().round(3)
    array([[0.447, 0.894],
           [0.   , 0.   ]])
    >>> presence = NgramWeights(["plan", "the plan"], np.ones(2), "presence")
    >>> presence.transform(["The plan, the plan."]).toarray()
    array([[1., 1.]])
    """

    def __init__(self, terms: Sequence[str], idf: npt.ArrayLike, weighting: str = "tfidf") -> None:
        self.terms = tuple(terms)
        self.idf_ = np.asarray(idf, dtype=np.float64)
        self.weighting = weighting
        if not self.terms:
            raise ValueError("empty vocabulary: n-gram weights need at least one term")
        if self.idf_.shape != (len(self.terms),):
            raise ValueError(f"{len(self.terms)} terms but {self.idf_.size} inverse document frequencies")
        if weighting not in WEIGHTINGS:
            raise ValueError(f"weighting must be one of {', '.join(WEIGHTINGS)}, got {weighting!r}")

    def get_feature_names_out(self) -> npt.NDArray[np.str_]:
        """The terms in column order, as scikit-learn's vectorizers give them."""
        return np.asarray(self.terms, dtype=str)

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        """TF-IDF rows for ``texts``, one row each."""
        (matrix,) = shared_ngrams((self,)).transform(texts)
        return matrix


class SharedNgrams:
    """Several vocabularies looked up in one pass over each text.

    Every word and word pair that is a term of any of the vocabularies gets a number: the words of the texts
    are looked up by their hashes, and their word pairs as pairs of word numbers, each in one `IntegerMap`.

    Parameters
    ----------
    vocabularies : sequence of NgramWeights
        The vocabularies, each giving its own TF-IDF matrix.

    Examples
    --------
    >>> small = NgramWeights(["plan"], [1.0])
    >>> large = NgramWeights(["critics", "the plan", "zebra"], [1.0, 2.0, 3.0])
    >>> first, second = SharedNgrams([small, large]).transform(["Critics slammed the plan."])
    >>> first.toarray().tolist(), second.toarray().round(3).tolist()
    ([[1.0]], [[0.447, 0.894, 0.0]])
    """

    def __init__(self, vocabularies: Sequence[NgramWeights]) -> None:
        self.vocabularies = tuple(vocabularies)
        # Each vocabulary's words and word pairs, with their columns. A term listed twice keeps its last
        # column, as in a dict of the terms; a term of more than two words is never an n-gram of a text.
        words: list[dict[str, int]] = []
        pairs: list[dict[tuple[str, str], int]] = []
        for vocabulary in self.vocabularies:
            words.append({})
            pairs.append({})
            for column, term in enumerate(vocabulary.terms):
                parts = term.split(" ")
                if len(parts) == 1:
                    words[-1][term] = column
                elif len(parts) == 2:
                    pairs[-1][parts[0], parts[1]] = column
        self._word_ids: dict[str, int] = {}
        for word in chain(chain.from_iterable(words), chain.from_iterable(chain.from_iterable(pairs))):
            self._word_ids.setdefault(word, len(self._word_ids))
        n_words = len(self._word_ids)
        # A text's words are found by their hashes, and then their characters compared with those of the
        # word of the vocabularies they were taken for (all the words' code points, one after another).
        hashes = np.array(list(map(string_hash, self._word_ids)), dtype=np.int64)
        try:
            self._word_numbers = IntegerMap(hashes, np.arange(n_words, dtype=np.int64))
        except RepeatedKeysError as error:
            shared = [word for word, word_hash in zip(self._word_ids, hashes) if word_hash in error.keys]
            raise ValueError(
                f"words of the vocabularies with the same hash cannot be told apart: {shared}"
            ) from None
        self._word_lengths = np.fromiter(map(len, self._word_ids), dtype=np.intp, count=n_words)
        self._word_offsets = np.cumsum(self._word_lengths) - self._word_lengths
        self._word_codes = codes_of("".join(self._word_ids))
        # N-gram numbers: the words, then the pairs in the order of their keys first * n_words + second.
        pair_keys = [
            {
                self._word_ids[first] * n_words + self._word_ids[second]: column
                for (first, second), column in vocabulary_pairs.items()
            }
            for vocabulary_pairs in pairs
        ]
        sorted_keys = np.array(sorted(set().union(*pair_keys)), dtype=np.int64)
        self._pair_numbers = IntegerMap(sorted_keys, n_words + np.arange(len(sorted_keys), dtype=np.int64))
        # The rank of each n-gram number's term among all the vocabularies' terms in alphabetical order: -1
        # for no term (a word found only in pairs), and at the end, where unknown words (numbered -1) land.
        # Counting by rank sorts each text's terms alphabetically, as scikit-learn orders a vocabulary's
        # columns, so one sort serves every vocabulary whose columns follow that order.
        terms = sorted(
            {
                *chain.from_iterable(words),
                *(f"{first} {second}" for first, second in chain.from_iterable(pairs)),
            }
        )
        rank_of = {term: rank for rank, term in enumerate(terms)}
        pair_terms = {
            key: f"{first} {second}"
            for keys, vocabulary_pairs in zip(pair_keys, pairs)
            for key, (first, second) in zip(keys, vocabulary_pairs)
        }
        self._ranks = np.full(n_words + len(sorted_keys) + 1, -1, dtype=np.int64)
        for word, number in self._word_ids.items():
            self._ranks[number] = rank_of.get(word, -1)
        for position, key in enumerate(sorted_keys.tolist()):
            self._ranks[n_words + position] = rank_of[pair_terms[key]]
        self._n_ranks = len(terms)
        # Per vocabulary, the column of each rank: -1 where the term is not in it.
        self._columns: list[npt.NDArray[np.int64]] = []
        for vocabulary_words, vocabulary_pairs in zip(words, pairs):
            columns = np.full(len(terms), -1, dtype=np.int64)
            for word, column in vocabulary_words.items():
                columns[rank_of[word]] = column
            for (first, second), column in vocabulary_pairs.items():
                columns[rank_of[f"{first} {second}"]] = column
            self._columns.append(columns)

    def transform(self, texts: Iterable[str]) -> list[sparse.csr_matrix]:
        """TF-IDF rows for ``texts``, one matrix per vocabulary, one row per text."""
        texts = list(texts)
        if not texts:
            return [sparse.csr_matrix((0, len(vocabulary.terms))) for vocabulary in self.vocabularies]
        numbers, rows = self._word_numbers_and_rows(texts)
        # Pairs of known words within one text; a pair with an unknown word is in no vocabulary.
        in_pair = (numbers[:-1] >= 0) & (numbers[1:] >= 0) & (rows[:-1] == rows[1:])
        keys = numbers[:-1][in_pair] * len(self._word_ids) + numbers[1:][in_pair]
        pair_numbers = self._pair_numbers.get(keys, default=-1)
        found = pair_numbers >= 0
        ranks = self._ranks[np.concatenate([numbers, pair_numbers[found]])]
        gram_rows = np.concatenate([rows, rows[:-1][in_pair][found]])
        known = ranks >= 0
        # One sort counts every (text, term) pair at once, and leaves each text's terms in rank order.
        occurrences, counts = np.unique(gram_rows[known] * self._n_ranks + ranks[known], return_counts=True)
        term_rows, term_ranks = np.divmod(occurrences, self._n_ranks)
        matrices = []
        for vocabulary, columns_of in zip(self.vocabularies, self._columns):
            columns = columns_of[term_ranks]
            present = columns >= 0
            matrices.append(
                _weights(term_rows[present], columns[present], counts[present], len(texts), vocabulary)
            )
        return matrices

    def _word_numbers_and_rows(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
        """The n-gram number of each word of the texts in order (-1 in no vocabulary), and the word's text.

        Texts are read several at a time, each lower-cased as scikit-learn does, with a line break (no word
        character) between them, and every word is looked up by its hash (`biasmeter._hashing`), without its
        string. Up to `_GROUP_CHARACTERS` at a time: numpy's cost per call is shared among many texts, and
        its working arrays (some 30 bytes a character) stay small however long the texts of a batch.
        """
        lowered = [text.lower() for text in texts]
        numbers = []
        rows = []
        first = 0
        while first < len(lowered):
            last = first + 1
            size = len(lowered[first])
            while last < len(lowered) and size + 1 + len(lowered[last]) <= _GROUP_CHARACTERS:
                size += 1 + len(lowered[last])
                last += 1
            group = lowered[first:last]
            codes = codes_of("\n".join(group))
            starts, ends = run_bounds(_in_ngram_word(codes))
            numbers.append(
                self._confirmed(
                    self._word_numbers.get(run_hashes(codes, starts, ends), -1), codes, starts, ends
                )
            )
            text_starts = np.cumsum([0, *(len(text) + 1 for text in group[:-1])])
            rows.append(first + text_starts.searchsorted(starts, side="right") - 1)
            first = last
        return np.concatenate(numbers), np.concatenate(rows)

    def _confirmed(
        self,
        numbers: npt.NDArray[np.int64],
        codes: Codes,
        starts: npt.NDArray[np.intp],
        ends: npt.NDArray[np.intp],
    ) -> npt.NDArray[np.int64]:
        """``numbers`` of the runs ``codes[start:end]`` found by hash, less the runs that are not their word.

        A hash tells only that a run may be the word it was taken for; a run that is not gets -1.
        """
        found = numbers >= 0
        if not found.any():
            return numbers
        lengths = ends - starts
        candidates = np.where(found, numbers, 0)
        same_length = found & (self._word_lengths[candidates] == lengths)
        numbers[found & ~same_length] = -1
        if not same_length.any():
            return numbers
        # Every character of every run next to the character at its place in the run's word. Nearly every
        # run is a word's, so all are read: the others read word 0 (clipped) and their answer is not used.
        firsts = np.cumsum(lengths) - lengths
        in_text = np.repeat(starts - firsts, lengths) + np.arange(int(lengths.sum()))
        shift = np.where(same_length, self._word_offsets[candidates] - starts, 0)
        in_words = self._word_codes.take(in_text + np.repeat(shift, lengths), mode="clip")
        differs = np.logical_or.reduceat(codes[in_text] != in_words, firsts)
        numbers[same_length & differs] = -1
        return numbers


def _weights(
    rows: npt.NDArray[np.int64],
    columns: npt.NDArray[np.int64],
    counts: npt.NDArray[np.int64],
    n_rows: int,
    vocabulary: NgramWeights,
) -> sparse.csr_matrix:
    """The rows of ``vocabulary``'s weights from each text's term counts, given by row, in row order."""
    shape = (n_rows, len(vocabulary.terms))
    indptr = np.searchsorted(rows, np.arange(n_rows + 1))
    weights = np.ones(len(columns))
    if vocabulary.weighting == "tfidf":
        weights = (np.log(counts.astype(np.float64)) + 1.0) * vocabulary.idf_[columns]
    matrix = sparse.csr_matrix((weights, columns, indptr), shape=shape)
    # Columns in alphabetical order of their terms are in order already (one check); others are sorted
    # here, before the row lengths are summed, so that every sum adds in column order.
    matrix.sort_indices()
    return matrix if vocabulary.weighting == "presence" else normalize(matrix, norm="l2", copy=False)


@lru_cache(maxsize=8)
def shared_ngrams(vocabularies: tuple[NgramWeights, ...]) -> SharedNgrams:
    """The `SharedNgrams` of these vocabularies, built once per process and reused."""
    return SharedNgrams(vocabularies)
