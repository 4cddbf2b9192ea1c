from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from biasmeter import BiasmeterError
from biasmeter.features import FEATURE_NAMES
from biasmeter.model import Target
from biasmeter.training import (
    Dataset,
    TrainingOptions,
    _log_count_ratios,
    _sample_weights,
    baseline_probabilities,
    cross_validate,
    expected_calibration_error,
    fit_target_model,
    fit_temperature,
    grouped_folds,
    metrics,
    prepare,
)

CALM = "The council approved the budget on Tuesday after a public hearing, officials said in a statement."
LOUD = "SHOCKING!!! The corrupt radical mob DESTROYED everything and you won't believe the disgusting lies!!!"
OPTIONS = TrainingOptions(min_outlets=2, min_df=2)


@pytest.fixture(scope="module")
def data() -> Dataset:
    articles = [(f"{CALM} Note {i}.", None) for i in range(30)] + [
        (f"{LOUD} Note {i}.", None) for i in range(30)
    ]
    labels = [1] * 30 + [0] * 30
    groups = [f"calm{i % 10}.com" for i in range(30)] + [f"loud{i % 10}.com" for i in range(30)]
    return prepare(
        articles, labels, groups, Target.default("reliability", ("low", "high")), ["Council Times"]
    )


def test_folds_never_share_an_outlet(data: Dataset) -> None:
    for train, test in grouped_folds(data, 5):
        assert not set(data.groups[train]) & set(data.groups[test])


def test_too_few_outlets_for_the_folds(data: Dataset) -> None:
    few = data.subset(np.flatnonzero(np.isin(data.groups, ["calm0.com", "loud0.com"])))
    with pytest.raises(BiasmeterError, match="needs at least 5 groups"):
        grouped_folds(few, 5)


def test_one_class_cannot_be_trained(data: Dataset) -> None:
    with pytest.raises(BiasmeterError, match="at least two classes"):
        fit_target_model(data.subset(np.arange(30)), OPTIONS)


def test_held_out_predictions_separate_clear_classes(data: Dataset) -> None:
    folds = grouped_folds(data, 5)
    probabilities, logits = cross_validate(data, folds, OPTIONS, n_jobs=2)
    assert metrics(probabilities, data.labels, data.target)["auc"] == 1.0
    assert probabilities.shape == logits.shape == (60, 2)
    assert metrics(baseline_probabilities(data, folds), data.labels, data.target)["accuracy"] == 1.0


def test_excluded_features_get_no_weight(data: Dataset) -> None:
    excluded = ("exclamation_rate", "shouting_rate")
    model = fit_target_model(data, TrainingOptions(min_outlets=2, min_df=2, excluded_features=excluded))
    for name in excluded:
        assert not model.coef[:, FEATURE_NAMES.index(name)].any()
    with pytest.raises(BiasmeterError, match="unknown features"):
        fit_target_model(data, TrainingOptions(excluded_features=("no_such_feature",)))


def test_excluded_terms_stay_out_of_the_vocabulary(data: Dataset) -> None:
    model = fit_target_model(
        data, TrainingOptions(min_outlets=2, min_df=2, excluded_terms=frozenset({"budget"}))
    )
    assert "term:budget" not in model.term_names
    assert "term:council" in model.term_names


def test_vocabulary_needs_several_outlets() -> None:
    # "zebra" fills every article of one outlet; "budget" appears across outlets.
    articles = [(f"{CALM} {'zebra ' * 3 if i % 10 == 0 else ''}", None) for i in range(30)]
    articles += [(LOUD, None)] * 30
    groups = [f"calm{i % 10}.com" for i in range(30)] + [f"loud{i % 10}.com" for i in range(30)]
    data = prepare(articles, [1] * 30 + [0] * 30, groups, Target.default("reliability", ("low", "high")))
    names = fit_target_model(data, OPTIONS).term_names
    assert "term:budget" in names
    assert "term:zebra" not in names
    one_outlet_allowed = TrainingOptions(min_outlets=1, min_df=2, max_outlet_share=1.0)
    assert "term:zebra" in fit_target_model(data, one_outlet_allowed).term_names
    # Used by one outlet only, "zebra" is also dropped for being concentrated there.
    concentrated = TrainingOptions(min_outlets=1, min_df=2, max_outlet_share=0.5)
    assert "term:zebra" not in fit_target_model(data, concentrated).term_names


def test_temperature_scaling_recovers_a_known_factor() -> None:
    rng = np.random.default_rng(0)
    true_logits = rng.normal(size=(4000, 2)) * 2
    probabilities = np.exp(true_logits) / np.exp(true_logits).sum(axis=1, keepdims=True)
    labels = np.array([rng.choice(2, p=row) for row in probabilities])
    assert fit_temperature(true_logits * 3, labels) == pytest.approx(1 / 3, abs=0.05)


@pytest.mark.parametrize(
    ("probabilities", "labels", "expected"),
    [
        ([[0.0, 1.0], [1.0, 0.0]], [1, 0], 0.0),
        ([[0.0, 1.0], [1.0, 0.0]], [0, 1], 1.0),
        ([[0.4, 0.6], [0.4, 0.6]], [1, 0], 0.1),
    ],
)
def test_expected_calibration_error(
    probabilities: list[list[float]], labels: list[int], expected: float
) -> None:
    assert expected_calibration_error(np.array(probabilities), np.array(labels)) == pytest.approx(expected)


NEUTRAL = "Markets were flat and the weather stayed mild across the region on Wednesday, forecasters said."


@pytest.fixture(scope="module")
def three_classes() -> Dataset:
    texts = [CALM, NEUTRAL, LOUD]
    articles = [(f"{texts[i % 3]} Note {i}.", None) for i in range(60)]
    return prepare(
        articles,
        [i % 3 for i in range(60)],
        [f"outlet{i % 3}-{i % 4}.com" for i in range(60)],
        Target.default("slant", ("left", "center", "right")),
        [],
    )


def test_naive_bayes_folds_its_copies_into_one_linear_model(three_classes: Dataset) -> None:
    options = TrainingOptions(min_outlets=2, min_df=2, naive_bayes=1.0, regularization=0.5)
    model = fit_target_model(three_classes, options)
    assert model.vectorizer is not None
    assert model.vectorizer.weighting == "presence"
    design = model.design(three_classes.hand, three_classes.texts)
    terms = design[:, len(FEATURE_NAMES) :]
    assert set(terms.data) == {1.0}
    # The regression fitted on the per-class copies, refitted here, gives the folded model's logits.
    weights = _sample_weights(three_classes, True)
    ratios = _log_count_ratios(terms, three_classes.labels, weights, 3, 1.0)
    factors = np.ones((3, design.shape[1]))
    factors[:, len(FEATURE_NAMES) :] = ratios
    stacked = sparse.hstack([design @ sparse.diags(row) for row in factors], format="csr")
    reference = LogisticRegression(C=0.5, max_iter=2000).fit(
        stacked, three_classes.labels, sample_weight=weights
    )
    np.testing.assert_allclose(model.logits(design), reference.decision_function(stacked), atol=1e-9)
    assert (model.probabilities(design).argmax(axis=1) == three_classes.labels).all()


def test_log_count_ratios_by_hand() -> None:
    # Term 0 appears in both articles of class 0, term 1 in the one article of class 1.
    presence = sparse.csr_matrix(np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    ratios = _log_count_ratios(presence, np.array([0, 0, 1]), np.ones(3), 2, 1.0)
    # Class 0: term shares (2+1)/4 and (0+1)/4 against the other class's (0+1)/3 and (1+1)/3.
    expected_0 = [np.log(3 / 4) - np.log(1 / 3), np.log(1 / 4) - np.log(2 / 3)]
    np.testing.assert_allclose(ratios, [expected_0, [-value for value in expected_0]])
