"""The retraining API: `biasmeter.retrain.train` and `evaluate` on small synthetic corpora.

The corpora (`synthetic_news`) make two classes that any working recipe separates; the tests check the
plumbing (labels, groups, folds, ratings, files), not the quality of the recipe.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import biasmeter
import biasmeter.retrain
from biasmeter import BiasmeterError
from biasmeter.corpus import iter_records
from biasmeter.model import TargetModel, read_model_file
from biasmeter.retrain import RANDOM_SPLIT_NOTE, bin_value, evaluate, extract_articles, train
from biasmeter.retrain._outlet_ratings import _rating_keys
from biasmeter.training import TrainingOptions
from data_frames import DataFrameLike
from synthetic_news import LOUD, news


@pytest.fixture(scope="module")
def trained() -> biasmeter.TrainingResult:
    # Through the top-level name, as the README shows users.
    return biasmeter.train(news(), target="reliability", label="quality", folds=3)


def test_train_gives_a_calibrated_model_with_grouped_figures(
    trained: biasmeter.retrain.TrainingResult,
) -> None:
    m = trained.metrics
    assert m["articles"] == 60
    assert m["outlets"] == 10
    assert m["group_by"] == "domain"
    assert m["class_counts"] == {"low": 30, "high": 30}
    assert m["split"] == "grouped"
    assert "grouped by domain" in m["split_description"]
    for key in ("held_out", "held_out_calibrated", "baseline"):
        assert m[key]["accuracy"] > 0.9, key
        assert set(m[key]) >= {"accuracy", "macro_f1", "auc", "brier", "ece"}
    assert m["calibration_factor"] == trained.model.calibration
    assert m["confusion_matrix"]["counts"] == [[30, 0], [0, 30]]
    assert any("high end of its search range" in note for note in m["notes"])  # separable classes
    assert len(m["per_fold"]) == 3
    assert sum(f["test_articles"] for f in m["per_fold"]) == 60
    assert len(m["groups"]) == 10
    assert m["groups"][0]["articles"] == 6
    assert trained.model.metadata["training"]["articles"] == 60
    assert "news0.org" in trained.model.metadata["training_outlets"]
    json.dumps(m, allow_nan=False)  # JSON-safe
    json.dumps(trained.model.metadata, allow_nan=False)


def test_save_writes_model_metrics_and_card(
    trained: biasmeter.retrain.TrainingResult, tmp_path: Path
) -> None:
    saved = trained.save(tmp_path / "quality.skops")
    assert saved.metrics == tmp_path / "quality.metrics.json"
    assert saved.card == tmp_path / "quality.md"
    loaded = read_model_file(saved.model)
    np.testing.assert_array_equal(loaded.coef, trained.model.coef)
    assert loaded.calibration == trained.model.calibration
    assert loaded.metadata["training"]["class_counts"] == {"low": 30, "high": 30}
    figures = json.loads(saved.metrics.read_text())
    assert figures["sha256"] == saved.sha256
    assert figures["baseline"]["accuracy"] > 0.9
    card = saved.card.read_text()
    assert "grouped cross-validation" in card.lower()
    assert "TF-IDF baseline" in card
    assert saved.sha256 in card
    assert "Temperature" in card
    assert "news0.org" in card
    model = biasmeter.load_model(saved.model, defaults=False)
    score = model.score(" ".join(LOUD[:5]))
    assert score.reliability is not None
    assert score.reliability < 50


def test_the_same_data_gives_the_same_model_file(tmp_path: Path) -> None:
    first = train(news(), target="reliability", label="quality", folds=3, baseline=False).save(
        tmp_path / "a.skops"
    )
    again = train(news(), target="reliability", label="quality", folds=3, baseline=False).save(
        tmp_path / "b.skops"
    )
    assert first.sha256 == again.sha256


def test_a_card_name_cannot_overwrite_the_model(
    trained: biasmeter.retrain.TrainingResult, tmp_path: Path
) -> None:
    with pytest.raises(BiasmeterError, match="needs a name of its own"):
        trained.save(tmp_path / "card.md")
    with pytest.raises(BiasmeterError, match="does not exist"):
        trained.save(tmp_path / "missing" / "model.skops")


def _full_disk(*args: Any, **kwargs: Any) -> Any:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("fails", ["model", "card", "name"])
def test_a_failed_write_is_a_message(
    trained: biasmeter.retrain.TrainingResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    # A name longer than file systems allow fails when it is checked, before anything is written.
    target = tmp_path / ("a" * 300 + ".skops" if fails == "name" else "model.skops")
    if fails == "model":
        monkeypatch.setattr(TargetModel, "save", _full_disk)
    elif fails == "card":
        monkeypatch.setattr(Path, "write_text", _full_disk)
    with pytest.raises(BiasmeterError, match=f"^{re.escape(str(target))}: cannot write: "):
        trained.save(target)


def test_parallel_extraction_equals_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = news(outlets=2, per_outlet=5)
    articles = [(row["text"], row["title"]) for row in rows]
    names = ["News 0", "news0.org"]
    serial = extract_articles(articles, names, jobs=1)
    monkeypatch.setattr(biasmeter.retrain._fits, "_PARALLEL_MIN", 0)
    seen: list[tuple[int, int]] = []
    parallel = extract_articles(
        articles, names, jobs=2, progress=lambda _, done, total: seen.append((done, total))
    )
    np.testing.assert_array_equal(serial[0], parallel[0])
    assert serial[1:] == parallel[1:]
    assert seen[0] == (0, 10)
    assert seen[-1] == (10, 10)


def test_parallel_fits_equal_serial_fits(
    trained: biasmeter.retrain.TrainingResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(biasmeter.retrain._fits, "_PARALLEL_MIN", 0)
    steps: list[tuple[str, int, int]] = []
    parallel = train(
        news(),
        target="reliability",
        label="quality",
        folds=3,
        jobs=2,
        progress=lambda *step: steps.append(step),
    )
    np.testing.assert_allclose(parallel.held_out, trained.held_out, atol=1e-9)
    np.testing.assert_allclose(parallel.model.coef, trained.model.coef)
    assert parallel.model.calibration == pytest.approx(trained.model.calibration)
    for key in ("held_out", "held_out_calibrated", "baseline"):
        assert parallel.metrics[key] == pytest.approx(trained.metrics[key])
    assert ("model fits", 7, 7) in steps  # three folds, three baseline folds and the final model


def test_thresholds_bin_numeric_labels() -> None:
    assert [bin_value(v, (0.4, 0.7)) for v in (0.0, 0.39, 0.4, 0.7, 0.99)] == [0, 0, 1, 2, 2]
    result = train(news(), target="reliability", label="pc1", thresholds=[0.5], folds=3, baseline=False)
    assert result.metrics["classes"] == ["low", "high"]
    assert result.metrics["label_mapping"] == {"thresholds": [0.5], "classes": ["low", "high"]}
    assert result.metrics["baseline"] is None


def test_ratings_join_uses_the_most_specific_host_and_counts_unrated(tmp_path: Path) -> None:
    assert _rating_keys({"url": "http://www.politicalticker.blogs.cnn.com/x"}) == [
        "politicalticker.blogs.cnn.com",
        "blogs.cnn.com",
        "cnn.com",
    ]
    assert _rating_keys({"url": None, "domain": "nytimes.com"}) == ["nytimes.com"]
    # A URL without a scheme but with "//" further on (a redirect) was read as having no host.
    assert _rating_keys({"url": "www.cnn.com/redirect?to=https://foo.org"}) == ["cnn.com"]
    rows = news(outlets=12)
    table = tmp_path / "ratings.csv"
    lines = (
        ["domain,pc1"]
        + [f"news{i}.org,0.{8 + i % 2}" for i in range(6)]
        + [
            f"www.news{i}.com,0.1"
            for i in range(6, 11)  # news11.com has no rating
        ]
    )
    table.write_text("\n".join(lines) + "\n")
    notes: list[str] = []
    result = train(
        rows,
        target="reliability",
        ratings=table,
        ratings_value="pc1",
        thresholds=[0.5],
        folds=3,
        baseline=False,
        log=notes.append,
    )
    m = result.metrics
    assert m["unrated"] == 6
    assert m["articles"] == 66
    assert m["unrated_outlets"] == [["news11.com", 6]]
    assert m["labels_from"]["ratings"].endswith("ratings.csv (pc1)")
    assert any("6 of 72 articles are left out" in note for note in notes)


def test_explicit_groups_and_leave_one_out() -> None:
    rows = news()
    groups = [row["url"].split("/")[2] for row in rows]
    result = train(
        rows, target="reliability", label="quality", groups=groups, leave_out="corpus", baseline=False
    )
    assert result.metrics["folds"] == 2
    assert result.metrics["split"] == "leave-one-out by corpus"
    with pytest.raises(BiasmeterError, match="has 3 entries for 60 records"):
        train(rows, target="reliability", label="quality", groups=["a", "b", "c"])


def test_article_weights_multiply_the_recipes_weighting() -> None:
    rows = news()
    quick = {"target": "reliability", "label": "quality", "folds": 3, "baseline": False}
    features_only = TrainingOptions(ngrams=False)
    plain = train(rows, options=features_only, **quick)
    ones = train(rows, options=features_only, article_weights=[1.0] * len(rows), **quick)
    np.testing.assert_array_equal(plain.model.coef, ones.model.coef)
    for row in rows:
        row["weight"] = 5.0 if row["id"].endswith("-0") else 1.0
    weighted = train(rows, options=features_only, article_weights="weight", **quick)
    assert not np.allclose(plain.model.coef, weighted.model.coef)
    assert any(
        "articles weighted by column 'weight' (from 1 to 5)" in note for note in weighted.metrics["notes"]
    )


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ("missing", r"no column 'missing' to weigh by; columns seen: id, title, text"),
        ([1.0, 2.0], r"article_weights has 2 entries for 60 records"),
        ([0.0] * 60, r"record 1: the weight must be a positive number, got 0\.0"),
        ([1.0] * 59 + ["heavy"], r"record 60: the weight must be a positive number, got 'heavy'"),
        ([float("nan")] * 60, r"record 1: the weight must be a positive number, got nan"),
    ],
)
def test_bad_article_weights_are_refused_before_training(weights: Any, message: str) -> None:
    with pytest.raises(BiasmeterError, match=message):
        train(news(), target="reliability", label="quality", article_weights=weights)


def test_given_outlet_names_are_masked_and_stored() -> None:
    default = train(news(), target="reliability", label="quality", folds=3, baseline=False)
    assert "term:officials" in default.model.term_names
    given = train(
        news(), target="reliability", label="quality", folds=3, baseline=False, outlet_names=["officials"]
    )
    assert given.model.outlet_names == ("officials",)
    assert not [term for term in given.model.term_names if "officials" in term]


def test_random_split_says_what_it_overstates() -> None:
    result = train(news(), target="reliability", label="quality", split="random", folds=3, baseline=False)
    assert RANDOM_SPLIT_NOTE in result.metrics["notes"]
    assert RANDOM_SPLIT_NOTE in result.card()
    assert "random split: articles of the same outlet appear on both sides" in result.summary()


def test_a_random_split_and_leave_out_are_refused_together() -> None:
    # leave_out sets the folds, so a random split asked for beside it would be ignored without a word.
    with pytest.raises(BiasmeterError, match="split='random' and leave_out cannot go together"):
        train(news(), target="reliability", label="quality", split="random", leave_out="domain")


def test_records_from_files_keep_their_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    rows = news()
    path.write_text("\n".join(json.dumps(row) for row in rows[:5]) + '\n{"text": "broken\n')
    with pytest.raises(BiasmeterError, match=r"news\.jsonl:6: malformed JSON"):
        train(iter_records([path]), target="reliability", label="quality")


def test_features_only_recipe_and_outlet_checks() -> None:
    rows = news(outlets=6)
    with pytest.raises(BiasmeterError, match=r"at least 5 outlets use them.*--no-ngrams"):
        train(rows, target="reliability", label="quality", folds=3)
    result = train(
        rows, target="reliability", label="quality", folds=3, options=TrainingOptions(ngrams=False)
    )
    assert result.metrics["vocabulary"] == 0
    assert result.metrics["held_out"]["accuracy"] > 0.9


def test_outlets_without_shared_vocabulary_get_a_clear_message() -> None:
    rows = news()
    for row in rows:
        outlet = row["id"].split("-")[0]
        row["text"] = "The " + " ".join(f"w{outlet}x{k}" for k in range(40)) + "."
    with pytest.raises(BiasmeterError, match=r"no n-gram is used by articles of at least 5 outlets"):
        train(rows, target="reliability", label="quality", folds=3, baseline=False)


def test_a_class_from_one_outlet_cannot_train_every_fold() -> None:
    rows = news(outlets=10)
    for row in rows:
        row["quality"] = "low" if row["url"].startswith("https://www.news9.") else "high"
    with pytest.raises(BiasmeterError, match=r"training side of fold .* holds only class 'high'"):
        train(rows, target="reliability", label="quality", folds=3)


def _unread() -> Any:
    """Records that fail the test if they are read: arguments must be checked first."""
    raise AssertionError("records were read")
    yield


@pytest.mark.parametrize("jobs", [0, 2.5, "2", True])
def test_a_jobs_that_is_no_count_is_refused_before_reading(
    jobs: Any, trained: biasmeter.TrainingResult
) -> None:
    message = "jobs must be a whole number of at least 1, or -1 for every CPU"
    with pytest.raises(BiasmeterError, match=message):
        train(_unread(), target="reliability", label="quality", jobs=jobs)
    with pytest.raises(BiasmeterError, match=message):
        evaluate(trained.model, _unread(), label="quality", jobs=jobs)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"folds": 1}, "a whole number of at least 2 folds, got 1"),
        ({"folds": "5"}, "a whole number of at least 2 folds, got '5'"),
        ({"folds": 2.5}, "a whole number of at least 2 folds, got 2.5"),
        ({"random_state": "x"}, "random_state must be a whole number, the folds' seed; got 'x'"),
        ({"random_state": 1.5}, "random_state must be a whole number"),
    ],
)
def test_fold_settings_that_are_no_counts_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(BiasmeterError, match=re.escape(message)):
        train(news(), target="reliability", label="quality", **options)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"label": ["quality"]}, "label must be a column name (str) or None, got list"),
        ({"classes": "low,high"}, "classes must be a list of names, got one str; wrap it: ['low,high']"),
        ({"classes": 2}, "classes must be a list of names, got int"),
        ({"classes": ["low", 1]}, "classes must hold only str, got int 1"),
        ({"thresholds": 0.5}, "--thresholds must be a list of numbers, got float"),
        ({"thresholds": ["x"]}, "--thresholds must be numbers, got ['x']"),
        ({"ratings": 3}, "ratings must be a table's path or a mapping of outlet to rating, got int"),
        ({"ratings": {"news0.org": "high"}}, "say where the labels come from: a label column"),
        ({"label": None}, "say where the labels come from: a label column"),
        ({"ratings_key": None}, "ratings_key must be a column name (str), got NoneType"),
        ({"progress": "yes"}, "progress must be a function or None, got str"),
        ({"log": print, "progress": 1}, "progress must be a function or None, got int"),
    ],
)
def test_train_and_evaluate_check_their_arguments_before_reading(
    options: dict[str, Any], message: str, trained: biasmeter.TrainingResult
) -> None:
    for run in (
        lambda: train(_unread(), target="reliability", **{"label": "quality", **options}),
        lambda: evaluate(trained.model, _unread(), **{"label": "quality", **options}),
    ):
        with pytest.raises(BiasmeterError, match=re.escape(message)):
            run()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"random_state": -1}, "random_state must be from 0 to 2**32 - 1, got -1"),
        ({"options": {"regularization": 10}}, "options must be a TrainingOptions or None, got dict"),
        ({"groups": 5}, "groups must be a column name or one value per record, got int"),
        ({"leave_out": 1.5}, "leave_out must be a column name or one value per record, or None, got float"),
        ({"article_weights": 2}, "article_weights must be a column name or one value per record, or None"),
        ({"outlet_names": "CNN"}, "outlet_names must be a list of names, got one str; wrap it: ['CNN']"),
        ({"inputs": None}, "inputs must be a list of names, got NoneType"),
    ],
)
def test_train_checks_its_own_arguments_before_reading(options: dict[str, Any], message: str) -> None:
    with pytest.raises(BiasmeterError, match=re.escape(message)):
        train(_unread(), target="reliability", label="quality", **options)


def test_outlet_names_may_be_any_iterable() -> None:
    result = train(news(), target="reliability", label="quality", outlet_names=(name for name in ["news1"]))
    assert result.model.outlet_names == ("news1",)


def test_notes_count_unlabelled_and_ungrouped_articles() -> None:
    rows = news()
    rows[0] = {key: value for key, value in rows[0].items() if key != "quality"}
    rows[1] = {key: value for key, value in rows[1].items() if key not in ("url", "source")}
    notes = train(rows, target="reliability", label="quality", baseline=False).metrics["notes"]
    assert "left out 1 article with no value in 'quality'" in notes
    assert "one group '(none)' holds the 1 article with no domain" in notes


def test_numpy_counts_are_taken_for_folds_and_seed() -> None:
    result = train(news(), target="reliability", label="quality", folds=np.int64(3), random_state=np.int64(1))
    assert result.metrics["folds"] == 3


def test_bad_record_types_are_named() -> None:
    with pytest.raises(BiasmeterError, match="record 1 is a str"):
        train(["just text"], target="reliability", label="quality")
    with pytest.raises(BiasmeterError, match="target must be"):
        train(news(), target="bias", label="quality")


def test_evaluate_reports_figures_and_unseen_outlets(trained: biasmeter.retrain.TrainingResult) -> None:
    # Training saw news0-4.org and news5-9.com; news5.org, news6.org and news10-13.com are new.
    rows = news(outlets=14, seed=5)
    result = evaluate(trained.model, rows, label="quality")
    m = result.metrics
    assert m["articles"] == 84
    assert m["figures"]["accuracy"] > 0.9
    assert m["unseen_outlets"] is not None
    assert m["unseen_outlets"]["n"] == 36
    assert any("outlets the model was trained on" in note for note in m["notes"])
    report = result.report()
    assert "accuracy" in report
    assert "true \\ predicted" in report
    assert "outlets unseen in training (36)" in report


FEW_ARTICLES = "rest on very few articles"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            news()[:1], ["the figures", "(1 article in all; fewer than 5 in low 0, high 1)"], id="one"
        ),
        pytest.param(news()[:33], ["the figures", "(fewer than 5 in low 3)"], id="a-small-class"),
        pytest.param(news(), [], id="enough"),
        # Training saw news0-9; three articles of news13.com make a corpus that is large but for them.
        pytest.param(
            news() + news(outlets=14)[-3:],
            ["the figures on unseen outlets", "(3 articles in all; fewer than 5 in low 3, high 0)"],
            id="few-unseen",
        ),
    ],
)
def test_evaluate_notes_figures_that_rest_on_few_articles(
    trained: biasmeter.retrain.TrainingResult, rows: list[dict[str, Any]], expected: list[str]
) -> None:
    result = evaluate(trained.model, rows, label="quality")
    notes = [note for note in result.metrics["notes"] if FEW_ARTICLES in note]
    if not expected:
        assert notes == []
        return
    (note,) = notes
    assert note.startswith(f"{expected[0]} {FEW_ARTICLES} {expected[1]}")
    assert note.endswith("evaluate on at least 30 articles, 5 of each class")
    assert f"note: {note}" in result.report()


def test_evaluate_maps_labels_onto_the_models_classes(trained: biasmeter.retrain.TrainingResult) -> None:
    rows = news()
    for row in rows:
        row["quality"] = "good" if row["quality"] == "high" else "bad"
    result = evaluate(trained.model, rows, label="quality", classes=["bad", "good"])
    assert result.metrics["class_counts"] == {"low": 30, "high": 30}
    with pytest.raises(BiasmeterError, match="the model has 2 classes"):
        evaluate(trained.model, rows, label="quality", classes=["bad", "so-so", "good"])


def test_evaluate_takes_a_model_of_one_target_and_asks_which_of_two(
    trained: biasmeter.TrainingResult,
) -> None:
    alone = biasmeter.Model({"reliability": trained.model})
    figures = evaluate(alone, news(), label="quality").metrics["figures"]
    assert figures == evaluate(trained.model, news(), label="quality").metrics["figures"]
    both = biasmeter.default_model()
    with pytest.raises(BiasmeterError, match=r"scores 2 targets; evaluate one: pass model\.models\['"):
        evaluate(both, news(), label="quality")
    with pytest.raises(BiasmeterError, match="model file's path, a TargetModel or a Model, got int"):
        evaluate(3, news(), label="quality")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (DataFrameLike("text", "quality"), r"iteration gives its column names \(text, quality\)"),
        (b"text,quality", "records must be a file's path or an iterable of records, got bytes"),
    ],
)
def test_train_and_evaluate_refuse_a_frame_or_bytes(
    trained: biasmeter.TrainingResult, records: Any, message: str
) -> None:
    with pytest.raises(BiasmeterError, match=message):
        train(records, target="reliability", label="quality")
    with pytest.raises(BiasmeterError, match=message):
        evaluate(trained.model, records, label="quality")


def test_evaluate_reads_articles_as_score_does(trained: biasmeter.TrainingResult) -> None:
    # A web page is judged on its visible text and an article scoring abstains on is left out, as
    # score() leaves it unscored; the figures used to count both as the raw text read.
    rows = news()
    plain = evaluate(trained.model, rows, label="quality")
    page = dict(rows[0], text=f"<html><body><p>{rows[0]['text']}</p></body></html>", title="")
    short = dict(rows[1], text="Too short to judge.")
    mixed = evaluate(trained.model, [page, short, *rows[2:]], label="quality")
    model = biasmeter.Model({"reliability": trained.model})
    scored = model.score(page["text"]).probabilities["reliability"]
    np.testing.assert_allclose(mixed.probabilities[0], [scored[name] for name in ("low", "high")])
    assert np.isnan(mixed.probabilities[1]).all()
    assert mixed.metrics["abstained"] == {"too short": 1}
    assert mixed.metrics["articles"] == len(rows) - 1
    assert (
        "1 article of 60 left out of the figures: scoring abstains on them (too short 1)"
        in mixed.metrics["notes"]
    )
    assert plain.metrics["abstained"] == {}
    with pytest.raises(BiasmeterError, match="scoring abstains on every one of the 2 articles"):
        evaluate(trained.model, [short, dict(short)], label="quality")


def test_train_counts_the_articles_scoring_would_abstain_on() -> None:
    rows = news()
    rows[0] = dict(rows[0], text="Too short to judge.")
    result = train(rows, target="reliability", label="quality", folds=3, baseline=False)
    assert result.metrics["abstained"] == {"too short": 1}
    note = "scoring would abstain on 1 article of 60 (too short 1); training uses them, and the held-out"
    assert any(text.startswith(note) for text in result.metrics["notes"])
    assert (
        train(news(), target="reliability", label="quality", folds=3, baseline=False).metrics["abstained"]
        == {}
    )
