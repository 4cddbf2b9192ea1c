from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from biasmeter import ngrams as ngrams_module
from biasmeter._hashing import string_hash
from biasmeter.ngrams import NgramWeights, SharedNgrams, ngrams

REFERENCE = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).build_analyzer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("a I", []),
        ("Hello", ["hello"]),
        ("The plan, the PLAN!", ["the", "plan", "the", "plan", "the plan", "plan the", "the plan"]),
        ("don't stop", ["don", "stop", "don stop"]),
        ("snake_case 3.5 x2", ["snake_case", "x2", "snake_case x2"]),
        ("Ünïcode wörds", ["ünïcode", "wörds", "ünïcode wörds"]),
        # "İ" lower-cases to "i" and a combining dot, which is no word character.
        (
            "İstanbul ΟΔΟΣ a_ _b 𝐁𝐁 🙂x",
            ["stanbul", "οδος", "a_", "_b", "𝐁𝐁", "stanbul οδος", "οδος a_", "a_ _b", "_b 𝐁𝐁"],
        ),
    ],
)
def test_ngrams_table(text: str, expected: list[str]) -> None:
    assert ngrams(text) == expected


# Word characters and others, white space, characters beyond the Basic Multilingual Plane, and capitals
# whose lower case is longer ("İ") or depends on what follows ("Σ").
_TRICKY_CHARACTERS = st.sampled_from([*"aZ9_ '.-\n\tİΣß²", "𝐁", "🙂"])


@given(st.text() | st.text(_TRICKY_CHARACTERS))
def test_ngrams_are_scikit_learns(text: str) -> None:
    assert ngrams(text) == REFERENCE(text)


def test_weights_equal_scikit_learn_on_real_articles(allsides_articles: list[dict[str, Any]]) -> None:
    texts = [article["text"] for article in allsides_articles]
    reference = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=3, dtype=np.float64)
    # fit_transform rounds differently from transform; transform is what a fitted model runs.
    expected = reference.fit(texts).transform(texts)
    weights = NgramWeights(list(reference.get_feature_names_out()), reference.idf_)
    found = weights.transform(texts)
    assert found.shape == expected.shape
    assert (found != expected).nnz == 0


def test_shared_ngrams_give_each_vocabulary_its_own_weights() -> None:
    texts = ["Critics slammed the plan.", ""]
    small = NgramWeights(["plan"], [1.0])
    large = NgramWeights(["critics", "the plan", "zebra"], [1.0, 2.0, 3.0])
    first, second = SharedNgrams([small, large]).transform(texts)
    assert first.toarray().tolist() == [[1.0], [0.0]]
    assert second.toarray()[0] == pytest.approx([1 / np.sqrt(5), 2 / np.sqrt(5), 0.0])
    assert second.toarray()[1].tolist() == [0.0, 0.0, 0.0]


WORDS = st.sampled_from(["the", "plan", "a", "Plan", "critics", "ünïcode", "x2", "snake_case"])


# Terms with capitals ("Plan") are there on purpose: like scikit-learn's, they must never match, and
# scikit-learn warns about them each time.
@pytest.mark.filterwarnings("ignore:Upper case characters found in vocabulary")
@example(["Critics slammed the", "plan"], ["the plan"])
@given(
    st.lists(st.lists(WORDS).map(" ".join), min_size=1, max_size=4),
    st.lists(st.lists(WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, unique=True),
)
def test_shared_ngrams_equal_scikit_learn(texts: list[str], terms: list[str]) -> None:
    # A text's last word and the next text's first are no pair; terms have one, two or three words.
    reference = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, vocabulary=terms).fit(texts)
    idf = np.linspace(1.0, 2.0, len(terms))
    reference.idf_ = idf
    other = NgramWeights(list(reversed(terms)), idf)
    found, _ = SharedNgrams([NgramWeights(terms, idf), other]).transform(texts)
    assert (found != reference.transform(texts)).nnz == 0


# "𝐁" is upper case with no lower case: scikit-learn warns about the terms that hold it, and matches them.
@pytest.mark.filterwarnings("ignore:Upper case characters found in vocabulary")
@given(st.lists(st.text(_TRICKY_CHARACTERS, max_size=30), min_size=1, max_size=4))
def test_weights_equal_scikit_learn_on_tricky_texts(texts: list[str]) -> None:
    # Every n-gram of the texts is a term, plus words they lack: found by their hashes, all in one pass.
    terms = sorted({*REFERENCE("\n".join(texts)), "zebra", "stanbul zebra"})
    idf = np.linspace(1.0, 2.0, len(terms))
    reference = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, vocabulary=terms).fit(texts)
    reference.idf_ = idf
    assert (NgramWeights(terms, idf).transform(texts) != reference.transform(texts)).nnz == 0


@pytest.mark.parametrize("group", [1, 19, 20, 100])
def test_texts_read_in_groups_give_the_same_weights(monkeypatch: pytest.MonkeyPatch, group: int) -> None:
    # Every text alone (each longer than a group), the first two apart and then together ("the plan", a line
    # break and "a plan vote" are 20 characters), and all in one group.
    monkeypatch.setattr(ngrams_module, "_GROUP_CHARACTERS", group)
    texts = ["the plan", "a plan vote", "", "vote on the plan, the vote", "plan"]
    terms = ["plan", "the plan", "vote", "plan vote", "the vote"]
    reference = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, vocabulary=terms).fit(texts)
    weights = NgramWeights(terms, reference.idf_)
    assert (weights.transform(texts) != reference.transform(texts)).nnz == 0


def test_a_word_with_the_hash_of_a_vocabulary_word_is_not_taken_for_it() -> None:
    # For every odd base, the two Thue-Morse words of 1,024 letters have the same polynomial hash.
    thue_morse = "".join("ab"[bin(i).count("1") % 2] for i in range(1024))
    complement = thue_morse.translate(str.maketrans("ab", "ba"))
    assert string_hash(thue_morse) == string_hash(complement)
    weights = NgramWeights([thue_morse, "plan"], [1.0, 1.0]).transform([complement, thue_morse, "plan"])
    assert weights.toarray().tolist() == [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]


def test_words_that_differ_by_trailing_nuls_are_told_apart() -> None:
    # A polynomial hash alone gives code point 0 no weight at the end; the length tells them apart.
    weights = NgramWeights(["ab", "ab\x00"], [1.0, 1.0]).transform(["ab x y"])
    assert weights.toarray().tolist() == [[1.0, 0.0]]


def test_texts_may_come_from_a_generator() -> None:
    weights = NgramWeights(["plan"], [1.0]).transform(text for text in ["the plan", "none"])
    assert weights.toarray().tolist() == [[1.0], [0.0]]


def test_vocabulary_words_with_one_hash_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ngrams_module, "string_hash", lambda word: 7)
    with pytest.raises(ValueError, match=r"same hash cannot be told apart: \['plan', 'vote'\]"):
        NgramWeights(["plan", "vote"], [1.0, 1.0]).transform(["the plan"])


def test_a_term_listed_twice_keeps_its_last_column() -> None:
    matrix = NgramWeights(["plan", "the plan", "plan"], [1.0, 1.0, 1.0]).transform(["the plan"])
    assert matrix.toarray().tolist() == [[0.0, matrix[0, 1], matrix[0, 2]]]
    assert matrix[0, 2] == matrix[0, 1] > 0


def test_no_texts_give_an_empty_matrix() -> None:
    assert NgramWeights(["plan"], [1.0]).transform([]).shape == (0, 1)


def test_mismatched_idf_is_refused() -> None:
    with pytest.raises(ValueError, match="2 terms but 1"):
        NgramWeights(["a", "b"], [1.0])


def test_empty_vocabulary_is_refused() -> None:
    with pytest.raises(ValueError, match="empty vocabulary"):
        NgramWeights([], [])
