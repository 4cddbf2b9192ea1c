from __future__ import annotations

import dataclasses
import io
import pickle
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import skops.io
from hypothesis import given
from hypothesis import strategies as st
from scipy import sparse

from biasmeter import BiasmeterError
from biasmeter.model import MODEL_FORMAT, Contribution, Target, TargetModel, read_model_file
from biasmeter.ngrams import NgramWeights
from biasmeter.training import TrainingOptions, fit_target_model, prepare

CALM = "The council approved the budget on Tuesday after a public hearing, officials said in a statement."
LOUD = "SHOCKING!!! The corrupt radical mob DESTROYED everything and you won't believe the disgusting lies!!!"


@pytest.fixture(scope="module")
def tiny_model() -> TargetModel:
    articles = [(f"{CALM} Item {i}.", None) for i in range(12)] + [
        (f"{LOUD} Item {i}.", None) for i in range(12)
    ]
    labels = [1] * 12 + [0] * 12
    groups = [f"calm{i % 6}.com" for i in range(12)] + [f"loud{i % 6}.com" for i in range(12)]
    data = prepare(articles, labels, groups, Target.default("reliability", ("low", "high")))
    return fit_target_model(data, TrainingOptions(min_outlets=2, min_df=2))


@pytest.mark.parametrize(
    ("name", "classes", "probabilities", "score", "label"),
    [
        ("slant", None, [0.1, 0.2, 0.7], 0.6, "right"),
        ("slant", None, [0.7, 0.2, 0.1], -0.6, "left"),
        ("slant", None, [0.3, 0.4, 0.3], 0.0, "center"),
        # On a cut point the upper band holds, as documented: left < -1/3 <= center < 1/3 <= right.
        ("slant", None, [0.5, 0.0, 0.5], 0.0, "center"),
        ("slant", None, [0.0, 2 / 3, 1 / 3], 1 / 3, "right"),
        ("slant", None, [1 / 3, 2 / 3, 0.0], -1 / 3, "center"),
        ("reliability", ("low", "high"), [0.4, 0.6], 60.0, "high"),
        ("reliability", ("low", "high"), [0.25, 0.75], 75.0, "high"),
        ("reliability", ("low", "mixed", "high"), [0.2, 0.6, 0.2], 50.0, "mixed"),
        ("reliability", ("low", "high"), [0.9, 0.1], 10.0, "low"),
    ],
)
def test_target_scale_and_bands(
    name: str, classes: tuple[str, ...] | None, probabilities: list[float], score: float, label: str
) -> None:
    target = Target.default(name, classes)
    assert target.score(probabilities) == pytest.approx(score)
    assert target.label(target.score(probabilities)) == label


@pytest.mark.parametrize(
    ("name", "probabilities", "expected"),
    [
        ("reliability", [0.0, 1.0000000000000002], 100.0),
        ("reliability", [1.0000000000000002, -1e-17], 0.0),
        ("slant", [0.0, 0.0, 1.0000000000000002], 1.0),
        ("slant", [1.0000000000000002, 0.0, 0.0], -1.0),
    ],
)
def test_scores_stay_on_their_scale_when_probabilities_overshoot(
    name: str, probabilities: list[float], expected: float
) -> None:
    assert Target.default(name).score(probabilities) == expected


def test_target_rejects_nonsense() -> None:
    with pytest.raises(BiasmeterError, match="target must be 'slant' or 'reliability'"):
        Target.default("truthiness")
    with pytest.raises(BiasmeterError, match="at least two distinct classes"):
        Target.default("slant", ("left",))


def test_save_load_round_trip_is_exact_and_deterministic(tiny_model: TargetModel, tmp_path: Path) -> None:
    first = tiny_model.save(tmp_path / "a.skops")
    second = tiny_model.save(tmp_path / "b.skops")
    assert first == second, "equal models must give byte-identical files"
    loaded = read_model_file(tmp_path / "a.skops", expected_sha256=first)
    hand = np.vstack([np.zeros(len(tiny_model.feature_names)), np.ones(len(tiny_model.feature_names))])
    texts = [CALM, LOUD]
    assert np.array_equal(
        loaded.probabilities(loaded.design(hand, texts)),
        tiny_model.probabilities(tiny_model.design(hand, texts)),
    )


def test_presence_weighting_survives_the_file_and_older_files_read_as_tfidf(
    tiny_model: TargetModel, tmp_path: Path
) -> None:
    assert tiny_model.vectorizer is not None
    presence = dataclasses.replace(
        tiny_model,
        vectorizer=NgramWeights(tiny_model.vectorizer.terms, tiny_model.vectorizer.idf_, "presence"),
    )
    presence.save(tmp_path / "presence.skops")
    loaded = read_model_file(tmp_path / "presence.skops")
    assert loaded.vectorizer is not None
    assert loaded.vectorizer.weighting == "presence"
    n_hand = len(loaded.feature_names)
    assert set(loaded.design(np.zeros((1, n_hand)), [LOUD])[:, n_hand:].data) == {1.0}
    state = tiny_model.to_state()
    del state["ngram_weighting"]  # as files of the previous version hold it
    skops.io.dump(state, tmp_path / "older.skops")
    older = read_model_file(tmp_path / "older.skops")
    assert older.vectorizer is not None
    assert older.vectorizer.weighting == "tfidf"


def test_contributions_add_up_to_the_log_odds(tiny_model: TargetModel) -> None:
    from biasmeter import extract

    features = extract(LOUD)
    design = tiny_model.design(features.to_array()[None, :], [LOUD])
    logits = tiny_model.logits(design)[0]
    total = sum(item.contribution for item in tiny_model.contributions(design))
    direction = tiny_model.coef[-1] - tiny_model.coef[0]
    intercept = (tiny_model.intercept[-1] - tiny_model.intercept[0]) * tiny_model.calibration
    assert total + intercept == pytest.approx(logits[-1] - logits[0])
    assert direction.shape[0] == design.shape[1]


def reference_contributions(
    model: TargetModel, row: npt.NDArray[np.float64], hand: npt.NDArray[np.float64], limit: int | None
) -> list[Contribution]:
    """One row's contributions the plain way: every nonzero push, largest first, ties in column order."""
    direction = (model.coef[-1] - model.coef[0]) * model.calibration
    names = model.feature_names + model.term_names
    items = [
        Contribution(names[column], hand[column] if column < len(hand) else value, value * direction[column])
        for column, value in enumerate(row)
        if value * direction[column] != 0
    ]
    return sorted(items, key=lambda item: -abs(item.contribution))[:limit]


@given(
    st.lists(st.lists(st.sampled_from([0.0, 0.0, 0.5, 1.0, 2.0, -1.0]), min_size=8, max_size=8), max_size=6),
    st.sampled_from([None, 0, 1, 3, 8, 20, -1, -5]),
)
def test_every_row_is_explained_as_one_row_alone(values: list[list[float]], limit: int | None) -> None:
    # Tied weights and values make many equal pushes, which must stay in column order.
    model = TargetModel(
        target=Target.default("slant"),
        feature_names=("a", "b", "c"),
        center=np.zeros(3),
        scale=np.ones(3),
        vectorizer=NgramWeights(["plan", "the", "the plan", "zebra", "critics"], np.ones(5)),
        coef=np.array([[0.0] * 8, [1.0] * 8, [1.0, -1.0, 0.0, 1.0, 0.5, -0.5, 2.0, 1.0]]),
        intercept=np.zeros(3),
        calibration=0.5,
    )
    dense = np.array(values).reshape(-1, 8)
    design = sparse.csr_matrix(dense)
    hand = dense[:, :3] * 10
    explained = model.explain_rows(design, limit, hand=hand)
    assert explained == [reference_contributions(model, row, hand, limit) for row, hand in zip(dense, hand)]
    assert explained == [model.contributions(design, i, limit, hand=hand[i]) for i in range(len(dense))]
    assert [model.contributions(design, i, limit) for i in range(len(dense))] == [
        reference_contributions(model, row, row[:3], limit) for row in dense
    ]


def test_a_pickle_file_is_refused_without_running_it(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (Path.touch, (str(marker),))  # type: ignore[return-value]

    path = tmp_path / "model.skops"
    path.write_bytes(pickle.dumps(Exploit()))
    with pytest.raises(BiasmeterError, match="is a pickle file; biasmeter only loads skops"):
        read_model_file(path)
    assert not marker.exists()


def test_a_skops_file_asking_for_untrusted_types_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.skops"
    # A function reference would be called by a loader that trusted it.
    skops.io.dump({"format": MODEL_FORMAT, "hook": Path.touch, "argument": str(marker)}, path)
    with pytest.raises(BiasmeterError, match="asks to load types biasmeter does not trust"):
        read_model_file(path)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a skops file"),
        (b"hello world", "not a skops file"),
        (b"PK\x03\x04 truncated zip", "not a readable skops file"),
    ],
)
def test_damaged_files_get_a_clear_refusal(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "model.skops"
    path.write_bytes(content)
    with pytest.raises(BiasmeterError, match=message):
        read_model_file(path)


def test_a_truncated_model_file_is_refused(tiny_model: TargetModel, tmp_path: Path) -> None:
    path = tmp_path / "model.skops"
    tiny_model.save(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(BiasmeterError, match=r"model\.skops"):
        read_model_file(path)


def test_a_model_of_another_format_is_refused(tiny_model: TargetModel, tmp_path: Path) -> None:
    state = tiny_model.to_state()
    state["format"] = MODEL_FORMAT + 1
    path = tmp_path / "future.skops"
    skops.io.dump(state, path)
    with pytest.raises(BiasmeterError, match=rf"format {MODEL_FORMAT + 1}.*Retrain it"):
        read_model_file(path)


def test_a_model_with_other_features_is_refused(tiny_model: TargetModel, tmp_path: Path) -> None:
    state = tiny_model.to_state()
    state["feature_names"] = [*state["feature_names"][:-1], "feature_of_another_version"]
    path = tmp_path / "old.skops"
    skops.io.dump(state, path)
    with pytest.raises(BiasmeterError, match="trained on other features"):
        read_model_file(path)


def _nan_first(values: Any) -> Any:
    values = np.array(values, dtype=np.float64)
    values.flat[0] = np.nan
    return values


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "1"}, "its format field is '1', not a whole number"),
        ({"format": 1.0}, "its format field is 1.0, not a whole number"),
        ({"scale": lambda state: np.full_like(state["scale"], 5e-324)}, "too large to give finite scores"),
        ({"coef": lambda state: state["coef"] * 1e306}, "too large to give finite scores"),
        ({"calibration": 1e300}, "too large to give finite scores"),
        ({"target": lambda state: {**state["target"], "cut_points": [200.0, 300.0]}}, "do not divide"),
        ({"scale": lambda state: np.zeros_like(state["scale"])}, "feature scale.*not a positive number"),
        ({"scale": lambda state: _nan_first(state["scale"])}, "feature scale.*not a positive number"),
        ({"center": lambda state: state["center"][:-1]}, r"feature centres of shape \(49,\), not \(50,\)"),
        ({"intercept": lambda state: state["intercept"][:1]}, "intercepts of shape"),
        ({"idf": lambda state: state["idf"][:-1]}, "56 terms but 55 inverse document frequencies"),
        ({"idf": lambda state: -state["idf"]}, "term weight.*not a positive number"),
        ({"coef": lambda state: _nan_first(state["coef"])}, "not every number in its weights is finite"),
        ({"calibration": float("nan")}, "not every number in its calibration is finite"),
        ({"calibration": 0.0}, "calibration is not a positive number"),
        ({"target": lambda state: {**state["target"], "positions": [0.0]}}, "1 class positions"),
        (
            {"target": lambda state: {**state["target"], "positions": [0.0, 0.0]}},
            r"\[0\.0, 0\.0\] are not all different",
        ),
        (
            {"target": lambda state: {**state["target"], "cut_points": [60.0, 40.0]}},
            "do not divide",
        ),
        ({"target": lambda state: {**state["target"], "labels": ["low", "high"]}}, "do not divide"),
        ({"ngram_weighting": "bm25"}, "weighting must be one of tfidf, presence, got 'bm25'"),
    ],
)
def test_a_model_whose_numbers_do_not_fit_together_is_refused(
    tiny_model: TargetModel, tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    # Such a file used to load, then score NaN labelled "right" or fail inside numpy.
    state = tiny_model.to_state()
    state.update({key: value(state) if callable(value) else value for key, value in change.items()})
    path = tmp_path / "odd.skops"
    skops.io.dump(state, path)
    with pytest.raises(BiasmeterError, match=r"odd\.skops is damaged: .*" + message):
        read_model_file(path)


def test_a_file_with_types_skops_trusts_but_biasmeter_does_not_is_refused(
    tiny_model: TargetModel, tmp_path: Path
) -> None:
    from sklearn.linear_model import LogisticRegression

    path = tmp_path / "estimator.skops"
    skops.io.dump({**tiny_model.to_state(), "metadata": LogisticRegression()}, path)
    with pytest.raises(
        BiasmeterError, match=r"does not trust: sklearn\.linear_model\._logistic\.LogisticRegression"
    ):
        read_model_file(path)


def test_a_changed_file_fails_its_hash(tiny_model: TargetModel, tmp_path: Path) -> None:
    path = tmp_path / "model.skops"
    digest = tiny_model.save(path)
    archive = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(archive, "a") as changed:
        changed.writestr("extra.txt", "tampered")
    path.write_bytes(archive.getvalue())
    with pytest.raises(BiasmeterError, match="changed or damaged after it was built"):
        read_model_file(path, expected_sha256=digest)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("missing.skops", "no model file at "),
        (".", " is a directory, not a model file"),
        ("a" * 300 + ".skops", ": cannot read the model file: "),  # a name too long to open
    ],
)
def test_unreadable_paths(path: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(BiasmeterError, match=message):
        read_model_file(tmp_path / path)
