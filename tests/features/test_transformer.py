from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from biasmeter import BiasmeterError, FeatureExtractor, extract
from biasmeter.features import FEATURE_NAMES
from data_frames import DataFrameLike

ARTICLES = [
    "A calm report on the budget. The minister said it was balanced.",
    {"text": "Outrageous! The radical mob DESTROYED everything!!", "title": "SHOCKING"},
    {"text": '"We will win," she said on Monday.', "title": None, "url": "https://example.com/a"},
]


def test_transform_gives_one_row_per_article_in_name_order() -> None:
    matrix = FeatureExtractor().fit_transform(ARTICLES)
    assert matrix.shape == (3, len(FEATURE_NAMES))
    assert matrix.dtype == np.float64
    assert list(FeatureExtractor().get_feature_names_out()) == list(FEATURE_NAMES)
    assert np.array_equal(matrix[1], extract(ARTICLES[1]["text"], "SHOCKING").to_array())


def test_constructor_stores_parameters_and_fit_returns_self() -> None:
    extractor = FeatureExtractor(max_chars=500)
    assert extractor.get_params() == {"max_chars": 500}
    assert extractor.fit(ARTICLES) is extractor


def test_clone_and_pickle_round_trip() -> None:
    extractor = FeatureExtractor(max_chars=10_000)
    cloned = clone(extractor)
    assert cloned.get_params() == extractor.get_params()
    restored = pickle.loads(pickle.dumps(extractor))
    assert np.array_equal(restored.transform(ARTICLES), extractor.transform(ARTICLES))


def test_works_inside_a_pipeline() -> None:
    texts = ["Calm factual report said officials on Monday."] * 4 + [
        "OUTRAGE!!! Radical thugs DESTROY us!!!"
    ] * 4
    labels = [0] * 4 + [1] * 4
    pipeline = make_pipeline(FeatureExtractor(), StandardScaler(), LogisticRegression())
    pipeline.fit(texts, labels)
    assert list(pipeline.predict(texts)) == labels
    assert list(clone(pipeline).fit(texts, labels).predict(texts)) == labels


@pytest.mark.parametrize(
    ("articles", "message"),
    [
        ("one article", "got a single str; wrap it in a list"),
        (
            DataFrameLike("text", "title"),
            r"iteration gives its column names \(text, title\); pass its text column",
        ),
        (b"bytes", "got a single bytes"),
        ({"text": "a mapping"}, "expects an iterable of articles"),
        (42, "expects an iterable of articles"),
        ([{"body": "no text key"}], "article 1: no 'text' field \\(fields: body\\)"),
        (["fine", None], "article 2: text must be a str, got NoneType"),
        (np.array("one article"), r"ndarray of 0 dimensions \(shape \(\)\); wrap it in a list"),
        (np.array([["a"], ["b"]]), r"2 dimensions \(shape \(2, 1\)\); pass one column \(array\[:, 0\]\)"),
    ],
)
def test_bad_input_names_the_problem(articles: object, message: str) -> None:
    with pytest.raises(BiasmeterError, match=message):
        FeatureExtractor().transform(articles)  # type: ignore[arg-type]


def test_empty_input_gives_an_empty_matrix() -> None:
    assert FeatureExtractor().transform([]).shape == (0, len(FEATURE_NAMES))


@pytest.mark.parametrize("max_chars", ["x", 0, 2.5, None])
def test_fit_checks_max_chars_before_any_article(max_chars: object) -> None:
    extractor = FeatureExtractor(max_chars=max_chars)  # type: ignore[arg-type]
    for method in (extractor.fit, extractor.transform):
        with pytest.raises(BiasmeterError, match=r"^max_chars must be a whole number of at least 1"):
            method(["A short article."])


def test_tags_say_what_it_reads() -> None:
    tags = FeatureExtractor().__sklearn_tags__()
    assert (tags.input_tags.string, tags.input_tags.dict, tags.input_tags.two_d_array) == (True, True, False)
    assert not tags.requires_fit
