"""Training and evaluation: the code path behind ``biasmeter train``, ``evaluate`` and the shipped models.

The recipe, and why:

* **Hand-built features plus n-grams.** The n-grams (TF-IDF of words and word pairs) carry vocabulary; the
  hand-built features carry style and sourcing, which transfer across outlets.
* **Outlet names masked.** Articles name their outlet ("(Reuters)", "Fox News' …", newsletter footers);
  that leaks the label and teaches nothing that transfers, so names are replaced before counting n-grams.
* **Terms used by many outlets only.** An n-gram enters the vocabulary only if articles of at least
  ``min_outlets`` different outlets use it, so house style and bylines cannot become features.
* **Outlets weighted down by size.** Each article weighs ``1 / sqrt(articles of its outlet)`` and classes
  are balanced, so a few large outlets do not define what a class looks like.
* **Evaluation grouped by outlet.** Cross-validation never tests on an outlet seen in training; a TF-IDF +
  logistic-regression baseline runs on the same folds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt
from joblib import Parallel, delayed
from scipy import sparse
from scipy.optimize import minimize_scalar
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold

from biasmeter._input import check_jobs
from biasmeter._processes import worker_pool
from biasmeter.article import abstention, read_article
from biasmeter.errors import BiasmeterError
from biasmeter.features import FEATURE_NAMES
from biasmeter.model import Target, TargetModel
from biasmeter.ngrams import NgramWeights
from biasmeter.outlets import mask_article

__all__ = [
    "TEMPERATURE_RANGE",
    "Dataset",
    "TrainingOptions",
    "baseline_probabilities",
    "cross_validate",
    "fit_target_model",
    "fit_temperature",
    "grouped_folds",
    "metrics",
    "prepare",
]

Progress = Callable[[int, int], None]
# The temperatures `fit_temperature` searches: a fit at either end means the search was cut short.
TEMPERATURE_RANGE = (0.05, 5.0)


@dataclass(frozen=True)
class TrainingOptions:
    """Settings of the training recipe.

    The shipped models depart from these defaults: the slant model is NB-LR (``naive_bayes=20``,
    ``regularization=0.1``, ``feature_scale=0.01``), the reliability model uses ``regularization=10`` and
    leaves out the partisan features (``training/build_default_models.py``).

    Parameters
    ----------
    ngrams : bool
        Use TF-IDF n-grams of the masked text besides the hand-built features.
    min_outlets : int
        An n-gram must be used by articles of this many distinct groups (outlets) to enter the vocabulary.
    min_df : int
        An n-gram must occur in this many articles.
    max_features : int
        Largest vocabulary kept, most frequent first (keeps model files small).
    regularization : float
        Inverse regularisation strength ``C`` of the logistic regression.
    outlet_weighting : bool
        Weigh each article by ``1 / sqrt(size of its group)``.
    feature_scale : float
        Standard deviation given to each hand-built feature. TF-IDF weights are small (an article's vector
        has unit length), so at unit variance the few dense hand-built features would dominate the shared
        penalty; a smaller scale lets both kinds of input contribute.
    max_outlet_share : float
        An n-gram is dropped when one group (outlet) accounts for more than this share of the articles
        using it, to keep out page furniture of a few outlets' templates ("story continued below").
        Off (1.0) by default: at 0.5 the outlet-grouped macro-F1 of the slant model fell from 0.403 to
        0.391 (``training/build_default_models.py``, 2026-11-29).
    excluded_features : tuple of str
        Hand-built features the model must not use (their inputs are held at zero).
    excluded_terms : frozenset of str
        N-grams kept out of the vocabulary, e.g. partisan-coded terms for a reliability model that must
        not learn slant.
    naive_bayes : float or None
        None: n-grams enter as TF-IDF weights. A number: they enter as presence (0 or 1), and the model is
        NB-LR (Wang and Manning 2012, here with one copy of the inputs per class): each class's copy of
        the inputs scales every term by its naive-Bayes log-count ratio for that class against the rest
        (this number is the smoothing added to the counts), one logistic regression is fitted on the
        copies side by side, and its weights are folded back into one weight per input and class, so the
        model stays a linear model whose scores split into per-feature contributions. For slant it raised
        outlet-grouped macro-F1 from 0.426 to 0.463 (``training/build_default_models.py``).
    """

    ngrams: bool = True
    min_outlets: int = 5
    min_df: int = 5
    max_features: int = 30_000
    regularization: float = 1.0
    outlet_weighting: bool = True
    feature_scale: float = 0.1
    max_outlet_share: float = 1.0
    excluded_features: tuple[str, ...] = ()
    excluded_terms: frozenset[str] = frozenset()
    naive_bayes: float | None = None

    def describe(self) -> dict[str, Any]:
        """The options as JSON-safe data (excluded terms are counted, not listed)."""
        described = dict(self.__dict__)
        described["excluded_features"] = list(self.excluded_features)
        described["excluded_terms"] = len(self.excluded_terms)
        return described


@dataclass(frozen=True, eq=False)
class Dataset:
    """Articles ready for training: features extracted once, texts masked, labels as class indices.

    ``weights`` (one positive number per article, or ``None`` for all 1) multiply the recipe's own
    weighting by outlet size and class, e.g. to give distantly labelled articles a set share of the fit.
    ``abstained`` gives, per article, why scoring would abstain on it (`biasmeter.article.abstention`),
    or ``None``; empty when not known.
    """

    hand: npt.NDArray[np.float64]
    texts: list[str]
    labels: npt.NDArray[np.int64]
    groups: npt.NDArray[np.str_]
    target: Target
    outlet_names: tuple[str, ...]
    weights: npt.NDArray[np.float64] | None = None
    abstained: tuple[str | None, ...] = ()

    def subset(self, rows: npt.NDArray[np.int64]) -> Dataset:
        """The dataset restricted to ``rows``."""
        return Dataset(
            self.hand[rows],
            [self.texts[i] for i in rows],
            self.labels[rows],
            self.groups[rows],
            self.target,
            self.outlet_names,
            None if self.weights is None else self.weights[rows],
            tuple(self.abstained[i] for i in rows) if self.abstained else (),
        )


_PREPARE_CHUNK = 200


def _prepare_chunk(
    articles: Sequence[tuple[str, str | None]], names: tuple[str, ...]
) -> tuple[npt.NDArray[np.float64], list[str], list[str | None]]:
    # Read as scoring reads them (a web page as its visible text), so that a model learns from the text
    # it will be given. Corpus readers have already applied their own length limit.
    read = [read_article(text, title, max(1, len(text), len(title or ""))) for text, title in articles]
    hand = np.vstack([article.features.to_array() for article in read])
    texts = [mask_article(article.text, article.title, names) for article in read]
    return hand, texts, [abstention(article.features, article.text) for article in read]


def prepare(
    articles: Sequence[tuple[str, str | None]],
    labels: Sequence[int],
    groups: Sequence[str],
    target: Target,
    outlet_names: Sequence[str] = (),
    progress: Progress | None = None,
    *,
    n_jobs: int = 1,
    weights: Sequence[float] | None = None,
) -> Dataset:
    """Extract features and mask outlet names of ``(text, title)`` pairs, once for all folds.

    ``n_jobs`` processes share the work in chunks of 200 articles; ``progress`` hears of each chunk.
    ``weights`` become the dataset's article weights (see `Dataset`).
    """
    names = tuple(outlet_names)
    chunks = [articles[start : start + _PREPARE_CHUNK] for start in range(0, len(articles), _PREPARE_CHUNK)]
    hands: list[npt.NDArray[np.float64]] = []
    texts: list[str] = []
    abstained: list[str | None] = []

    def collect(results: Iterable[tuple[npt.NDArray[np.float64], list[str], list[str | None]]]) -> None:
        for chunk_hand, chunk_texts, chunk_abstained in results:
            hands.append(chunk_hand)
            texts.extend(chunk_texts)
            abstained.extend(chunk_abstained)
            if progress is not None:
                progress(len(texts), len(articles))

    n_jobs = check_jobs(n_jobs)
    if n_jobs == 1:
        collect(_prepare_chunk(chunk, names) for chunk in chunks)
    else:
        # The workers of `worker_pool`, not joblib's: joblib leaves threads running, and the model fits
        # that follow fork their workers from this process.
        with worker_pool("feature extraction", n_jobs) as pool:
            futures = [pool.submit(_prepare_chunk, chunk, names) for chunk in chunks]
            collect(future.result() for future in futures)
    hand = np.vstack(hands) if hands else np.empty((0, len(FEATURE_NAMES)))
    return Dataset(
        hand,
        texts,
        np.asarray(labels, dtype=np.int64),
        np.asarray(groups, dtype=np.str_),
        target,
        names,
        None if weights is None else np.asarray(weights, dtype=np.float64),
        tuple(abstained),
    )


def _sample_weights(data: Dataset, by_outlet: bool) -> Any:
    labels, groups = data.labels, data.groups
    sizes = Counter(groups.tolist())
    weights = np.array([1 / math.sqrt(sizes[group]) if by_outlet else 1.0 for group in groups.tolist()])
    if data.weights is not None:
        weights = weights * data.weights
    per_class = np.bincount(labels, weights=weights, minlength=labels.max() + 1)
    weights = weights / per_class[labels]
    return weights * len(labels) / weights.sum()


def _vocabulary(data: Dataset, options: TrainingOptions) -> NgramWeights:
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, min_df=options.min_df, max_df=0.5, dtype=np.float64
    )
    counts = vectorizer.fit_transform(data.texts)
    _, group_index = np.unique(data.groups, return_inverse=True)
    membership = sparse.csr_matrix(
        (np.ones(len(group_index)), (group_index, np.arange(len(group_index)))),
        shape=(group_index.max() + 1, len(group_index)),
    )
    per_outlet = (membership @ (counts > 0).astype(np.float64)).tocsc()
    outlets_using = np.diff(per_outlet.indptr)
    document_frequency = np.asarray(per_outlet.sum(axis=0)).ravel()
    top_outlet = per_outlet.max(axis=0).toarray().ravel()
    terms = vectorizer.get_feature_names_out()
    allowed = np.array([str(term) not in options.excluded_terms for term in terms], dtype=bool)
    spread = top_outlet <= options.max_outlet_share * document_frequency
    candidates = np.flatnonzero((outlets_using >= options.min_outlets) & spread & allowed)
    kept = candidates[np.argsort(-document_frequency[candidates], kind="stable")[: options.max_features]]
    kept.sort()
    # Weights of the kept terms only, with their document frequencies from this pass.
    weighting = "tfidf" if options.naive_bayes is None else "presence"
    return NgramWeights([str(terms[i]) for i in kept], vectorizer.idf_[kept], weighting)


def fit_target_model(
    data: Dataset, options: TrainingOptions = TrainingOptions(), calibration: float = 1.0
) -> TargetModel:
    """Fit one target model on ``data``.

    Raises
    ------
    BiasmeterError
        If there are fewer than two classes with examples.
    """
    present = np.unique(data.labels)
    if len(present) < 2:
        raise BiasmeterError(
            "training needs at least two classes with examples; found only "
            f"{data.target.classes[present[0]]!r}"
        )
    center = data.hand.mean(axis=0)
    scale = data.hand.std(axis=0)
    scale[scale == 0] = 1.0
    scale /= options.feature_scale
    unknown = sorted(set(options.excluded_features) - set(FEATURE_NAMES))
    if unknown:
        raise BiasmeterError(f"cannot exclude unknown features {unknown}; known: {', '.join(FEATURE_NAMES)}")
    # An infinite scale holds a feature's standardised input at zero, so it gets no weight.
    scale[[FEATURE_NAMES.index(name) for name in options.excluded_features]] = np.inf
    vectorizer = _vocabulary(data, options) if options.ngrams else None
    draft = TargetModel(data.target, FEATURE_NAMES, center, scale, vectorizer, np.zeros((1, 1)), np.zeros(1))
    design = draft.design(data.hand, data.texts)
    weights = _sample_weights(data, options.outlet_weighting)
    # Per class, the factor of each input in that class's copy of the design (NB-LR), or one copy as it is.
    copies = np.ones((1, design.shape[1]))
    if options.naive_bayes is not None and vectorizer is not None:
        copies = np.ones((len(data.target.classes), design.shape[1]))
        terms = slice(len(FEATURE_NAMES), None)
        copies[:, terms] = _log_count_ratios(
            design[:, terms], data.labels, weights, len(data.target.classes), options.naive_bayes
        )
    stacked = sparse.hstack([design @ sparse.diags(factors) for factors in copies], format="csr")
    classifier = LogisticRegression(C=options.regularization, max_iter=2000)
    classifier.fit(stacked, data.labels, sample_weight=weights)
    # The weights of the copies fold back into one weight per input: the same logits for every article.
    folded = (classifier.coef_.reshape(len(classifier.coef_), len(copies), -1) * copies).sum(axis=1)
    coef = np.zeros((len(data.target.classes), design.shape[1]))
    intercept = np.zeros(len(data.target.classes))
    if len(classifier.classes_) == 2:
        # scikit-learn keeps one row for two classes; two opposite halves give the same softmax.
        coef[classifier.classes_[1]] = folded[0] / 2
        coef[classifier.classes_[0]] = -folded[0] / 2
        intercept[classifier.classes_[1]] = classifier.intercept_[0] / 2
        intercept[classifier.classes_[0]] = -classifier.intercept_[0] / 2
    else:
        coef[classifier.classes_] = folded
        intercept[classifier.classes_] = classifier.intercept_
        # A class without examples gets no probability mass.
        missing = np.setdiff1d(np.arange(len(data.target.classes)), classifier.classes_)
        intercept[missing] = -1e3
    return TargetModel(
        data.target,
        FEATURE_NAMES,
        center,
        scale,
        vectorizer,
        coef,
        intercept,
        calibration,
        data.outlet_names,
    )


def _log_count_ratios(
    presence: sparse.csr_matrix,
    labels: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    n_classes: int,
    smoothing: float,
) -> npt.NDArray[np.float64]:
    """The naive-Bayes evidence of each term for each class, as a (classes, terms) array.

    The log of the term's share (weighted, smoothed) of the class's term occurrences over its share of all
    the other classes' occurrences.
    """
    per_class = (
        sparse.csr_matrix((weights, (labels, np.arange(len(labels)))), shape=(n_classes, len(labels)))
        @ presence
    )
    counts = np.asarray(per_class.todense(), dtype=np.float64)
    in_class = counts + smoothing
    elsewhere = counts.sum(axis=0) - counts + smoothing
    ratios: npt.NDArray[np.float64] = np.log(in_class / in_class.sum(axis=1, keepdims=True)) - np.log(
        elsewhere / elsewhere.sum(axis=1, keepdims=True)
    )
    return ratios


def fit_temperature(logits: npt.NDArray[np.float64], labels: npt.NDArray[np.int64]) -> float:
    """The factor on held-out logits that minimises log loss (temperature scaling, Guo et al. 2017)."""

    def log_loss(factor: float) -> float:
        scaled = logits * factor
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scaled).sum(axis=1))
        return float(np.mean(log_norm - scaled[np.arange(len(labels)), labels]))

    return float(minimize_scalar(log_loss, bounds=TEMPERATURE_RANGE, method="bounded").x)


def grouped_folds(
    data: Dataset, n_folds: int = 5, random_state: int = 0
) -> list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]:
    """Folds in which no group (outlet) appears on both sides, with similar class mixes.

    Raises
    ------
    BiasmeterError
        If there are fewer groups than folds.
    """
    n_groups = len(np.unique(data.groups))
    if n_groups < n_folds:
        raise BiasmeterError(
            f"grouped cross-validation needs at least {n_folds} groups (outlets); found {n_groups}. "
            "Use fewer folds, another grouping, or ask for a random split by name"
        )
    splitter = StratifiedGroupKFold(n_splits=n_folds, shuffle=True, random_state=random_state)
    return [(train, test) for train, test in splitter.split(data.hand, data.labels, data.groups)]


def _held_out_fold(
    data: Dataset, train: npt.NDArray[np.int64], test: npt.NDArray[np.int64], options: TrainingOptions
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    model = fit_target_model(data.subset(train), options)
    design = model.design(data.hand[test], [data.texts[i] for i in test])
    return model.probabilities(design), model.logits(design)


def cross_validate(
    data: Dataset,
    folds: Sequence[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]],
    options: TrainingOptions = TrainingOptions(),
    progress: Progress | None = None,
    *,
    n_jobs: int = 1,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Out-of-fold class probabilities and logits of the recipe, one row per article.

    ``n_jobs`` folds are fitted at once in separate processes; ``progress`` hears of each finished fold.
    """
    results = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_held_out_fold)(data, train, test, options) for train, test in folds
    )
    probabilities = np.zeros((len(data.labels), len(data.target.classes)))
    logits = np.zeros_like(probabilities)
    for done, ((_, test), (fold_probabilities, fold_logits)) in enumerate(zip(folds, results), start=1):
        probabilities[test] = fold_probabilities
        logits[test] = fold_logits
        if progress is not None:
            progress(done, len(folds))
    return probabilities, logits


def _baseline_fold(
    data: Dataset, train: npt.NDArray[np.int64], test: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=5, max_df=0.5)
    train_matrix = vectorizer.fit_transform([data.texts[i] for i in train])
    classifier = LogisticRegression(C=1, class_weight="balanced", max_iter=1000)
    classifier.fit(train_matrix, data.labels[train])
    return classifier.classes_, classifier.predict_proba(vectorizer.transform([data.texts[i] for i in test]))


def baseline_probabilities(
    data: Dataset, folds: Sequence[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]], n_jobs: int = 1
) -> npt.NDArray[np.float64]:
    """Out-of-fold probabilities of the reference baseline on the same folds and the same masked texts.

    TF-IDF of words and word pairs (``sublinear_tf=True, min_df=5, max_df=0.5``) and a class-balanced
    logistic regression with ``C=1``: a strong baseline on unseen outlets.
    """
    results = Parallel(n_jobs=n_jobs)(delayed(_baseline_fold)(data, train, test) for train, test in folds)
    probabilities = np.zeros((len(data.labels), len(data.target.classes)))
    for (_, test), (classes, predicted) in zip(folds, results):
        probabilities[np.ix_(test, classes)] = predicted
    return probabilities


def metrics(
    probabilities: npt.NDArray[np.float64], labels: npt.NDArray[np.int64], target: Target
) -> dict[str, Any]:
    """Accuracy, macro-F1, ROC-AUC of the top class against the rest, Brier score and calibration error.

    ROC-AUC ranks articles by the expected score (the probability-weighted class position) against whether
    they belong to the top class (right, or high); it is ``None`` when only one side is present.
    """
    predicted = probabilities.argmax(axis=1)
    top = labels == len(target.classes) - 1
    scores = probabilities @ np.asarray(target.positions)
    result: dict[str, Any] = {
        "n": len(labels),
        "accuracy": float(accuracy_score(labels, predicted)),
        "macro_f1": float(f1_score(labels, predicted, average="macro", labels=np.unique(labels))),
        "auc": float(roc_auc_score(top, scores)) if 0 < top.sum() < len(top) else None,
    }
    one_hot = np.eye(len(target.classes))[labels]
    result["brier"] = float(np.mean(np.sum((probabilities - one_hot) ** 2, axis=1)))
    result["ece"] = expected_calibration_error(probabilities, labels)
    return result


def expected_calibration_error(
    probabilities: npt.NDArray[np.float64], labels: npt.NDArray[np.int64], bins: int = 10
) -> float:
    """Expected calibration error of the predicted class's probability, in equal-width bins."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == labels
    edges = np.linspace(0, 1, bins + 1)
    error = 0.0
    for low, high in pairwise(edges):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)
