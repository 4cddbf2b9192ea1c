"""``biasmeter train`` and ``biasmeter evaluate`` on small synthetic corpora, and every bad input they refuse.

Each refusal must come before any feature is extracted: the tests replace the extraction step with one
that fails, so a check that runs too late fails the test.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import biasmeter
import biasmeter.retrain
from biasmeter import BiasmeterError
from biasmeter.cli_train import register
from biasmeter.model import read_model_file
from biasmeter.outlets import mask_self_identification
from biasmeter.retrain import RANDOM_SPLIT_NOTE
from synthetic_news import CALM, news


def write_jsonl(path: Path, items: list[dict[str, Any]]) -> Path:
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as stream:
        for item in items:
            stream.write(json.dumps(item) + "\n")
    return path


def write_csv(path: Path, items: list[dict[str, Any]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(items[0]))
        writer.writeheader()
        writer.writerows(items)
    return path


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(list(argv))
    return int(args.run(args))


def train_quickly(corpus: Path, output: Path, *options: str) -> int:
    """``biasmeter train`` a reliability model in 3 folds without the baseline, as most tests need."""
    return run(
        "train", str(corpus), "--target", "reliability", "--folds", "3", "--no-baseline", "-o", str(output),
        *options,
    )  # fmt: skip


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A model trained from a gzip-compressed JSON Lines corpus, and that corpus."""
    folder = tmp_path_factory.mktemp("trained")
    corpus = write_jsonl(folder / "news.jsonl.gz", news())
    model = folder / "quality.skops"
    assert (
        run(
            "train",
            str(corpus),
            "--target",
            "reliability",
            "--label",
            "quality",
            "--folds",
            "3",
            "-o",
            str(model),
        )
        == 0
    )
    return model, corpus


@pytest.fixture
def no_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if features are extracted: bad input must be refused before that."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("features were extracted before the input was checked")

    # Training and evaluation both extract features through this one function.
    monkeypatch.setattr(biasmeter.retrain._fits, "prepare", refuse)


def test_train_writes_model_metrics_and_card(
    trained: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    model_path, _ = trained
    figures = json.loads(model_path.with_name("quality.metrics.json").read_text())
    assert figures["articles"] == 60
    assert figures["class_counts"] == {"low": 30, "high": 30}
    for key in ("held_out", "held_out_calibrated", "baseline"):
        assert figures[key]["accuracy"] > 0.9
    assert figures["split"] == "grouped"
    assert figures["sha256"] == biasmeter.model.file_sha256(model_path)
    card = model_path.with_name("quality.md").read_text()
    assert "Grouped cross-validation" in card
    assert "| TF-IDF baseline |" in card
    assert "news0.org" in card  # the per-group table
    model = biasmeter.load_model(model_path, defaults=False)
    assert model.models["reliability"].target.classes == ("low", "high")
    loaded = read_model_file(model_path)
    assert loaded.metadata["training"]["held_out"]["n"] == 60
    score = model.score(" ".join(CALM))
    assert score.reliability is not None
    assert score.reliability > 50


def test_train_reads_csv_and_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A content system's export: the article text in a "Body" column.
    rows = [{"Body": row.pop("text"), **row, "weight": 1 + row["id"].endswith("-0")} for row in news()]
    corpus = write_csv(tmp_path / "news.csv", rows)
    output = tmp_path / "out" / "csvmodel.skops"
    output.parent.mkdir()
    code = train_quickly(
        corpus, output, "--label", "quality", "--classes", "LOW,High", "--text-field", "body",
        "--regularization", "10", "--feature-scale", "0.01", "--weight-column", "weight",
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "3-fold cross-validation grouped by domain" in out
    assert "recipe, calibrated" in out
    assert "TF-IDF baseline" not in out
    assert f"wrote {output}" in out
    figures = json.loads(output.with_name("csvmodel.metrics.json").read_text())
    assert figures["baseline"] is None
    assert figures["classes"] == ["LOW", "High"]
    assert (figures["options"]["regularization"], figures["options"]["feature_scale"]) == (10.0, 0.01)
    assert (
        "articles weighted by column 'weight' (from 1 to 2), times the recipe's weighting" in figures["notes"]
    )


def test_random_split_is_named_in_every_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", news())
    output = tmp_path / "random.skops"
    train_quickly(corpus, output, "--label", "quality", "--split", "random")
    captured = capsys.readouterr()
    assert RANDOM_SPLIT_NOTE in captured.out
    assert RANDOM_SPLIT_NOTE in captured.err
    assert (
        "random split: articles of the same outlet appear on both sides; figures overstate"
        in RANDOM_SPLIT_NOTE
    )
    assert RANDOM_SPLIT_NOTE in output.with_name("random.md").read_text()
    assert RANDOM_SPLIT_NOTE in json.loads(output.with_name("random.metrics.json").read_text())["notes"]


def test_ratings_join_bins_numbers_and_reports_unrated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = news(outlets=12)
    for item in items:
        del item["quality"]
    corpus = write_jsonl(tmp_path / "news.jsonl", items)
    table = tmp_path / "ratings.csv"
    table.write_text(
        "domain,pc1\n"
        + "".join(f"news{i}.org,0.8\n" for i in range(6))
        + "".join(f"news{i}.com,0.2\n" for i in range(6, 11))
    )
    output = tmp_path / "rated.skops"
    code = train_quickly(
        corpus, output, "--ratings", str(table), "--ratings-value", "pc1", "--thresholds", "0.5"
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "6 of 72 articles are left out: their outlet has no rating" in err
    assert "news11.com (6)" in err
    figures = json.loads(output.with_name("rated.metrics.json").read_text())
    assert figures["unrated"] == 6
    assert figures["class_counts"] == {"low": 30, "high": 36}
    assert figures["label_mapping"] == {"thresholds": [0.5], "classes": ["low", "high"]}
    assert "whose outlet has no rating" in output.with_name("rated.md").read_text()


def test_categorical_ratings_are_mapped_with_classes(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", news())
    table = tmp_path / "mbfc.tsv"
    table.write_text(
        "domain\tfactuality\n"
        + "".join(f"news{i}.org\thigh\n" for i in range(5))
        + "".join(f"news{i}.com\t{'low' if i % 2 else 'mixed'}\n" for i in range(5, 10))
    )
    output = tmp_path / "mbfc.skops"
    with pytest.raises(
        BiasmeterError, match=r"ratings in .*mbfc\.tsv \(factuality\) outside the default classes"
    ):
        run(
            "train", str(corpus), "--target", "reliability", "--ratings", str(table),
            "--ratings-value", "factuality", "--folds", "2", "-o", str(output),
        )  # fmt: skip
    train_quickly(
        corpus, output, "--ratings", str(table), "--ratings-value", "factuality",
        "--classes", "low,mixed,high",
    )  # fmt: skip
    figures = json.loads(output.with_name("mbfc.metrics.json").read_text())
    assert figures["class_counts"] == {"low": 18, "mixed": 12, "high": 30}


def test_evaluate_prints_figures_and_json(
    trained: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    model, corpus = trained
    assert run("evaluate", str(model), str(corpus), "--label", "quality") == 0
    out = capsys.readouterr().out
    for text in ("accuracy", "macro-F1", "ROC-AUC", "Brier", "ECE", "true \\ predicted", "low 30, high 30"):
        assert text in out
    assert "outlets the model was trained on" in out
    assert run("evaluate", str(model), str(corpus), "--label", "quality", "--json") == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["figures"]["accuracy"] > 0.9
    assert figures["confusion_matrix"]["counts"] == [[30, 0], [0, 30]]
    assert figures["model"] == str(model)


@pytest.mark.parametrize("as_json", [False, True])
def test_evaluate_on_one_article_says_the_figures_rest_on_few(
    trained: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    model, _ = trained
    one = write_jsonl(tmp_path / "one.jsonl", news()[:1])
    assert run("evaluate", str(model), str(one), "--label", "quality", *(["--json"] if as_json else [])) == 0
    out = capsys.readouterr().out
    notes = (
        json.loads(out)["notes"]
        if as_json
        else [line for line in out.splitlines() if line.startswith("note:")]
    )
    assert any("the figures rest on very few articles (1 article in all" in note for note in notes)


def test_evaluate_matches_the_model_on_its_own(trained: tuple[Path, Path]) -> None:
    model_path, _ = trained
    model = read_model_file(model_path)
    result = biasmeter.retrain.evaluate(
        model_path, [{"text": " ".join(CALM), "quality": "high"}], label="quality"
    )
    hand = biasmeter.extract(" ".join(CALM)).to_array()[None, :]
    masked = mask_self_identification("\n" + " ".join(CALM), model.outlet_names)
    expected = model.probabilities(model.design(hand, [masked]))
    np.testing.assert_allclose(result.probabilities, expected)


def test_progress_only_when_asked_or_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "m.skops"
    corpus = write_jsonl(tmp_path / "news.jsonl", news())
    train_quickly(corpus, model, "--label", "quality")
    assert "features:" not in capsys.readouterr().err
    train_quickly(corpus, model, "--label", "quality", "--progress")
    err = capsys.readouterr().err
    assert "features: 60/60" in err
    assert "model fits: 4/4" in err  # three folds and the final model


# ------------------------------------------------------------------------------------------- bad input


def refused(tmp_path: Path, items: list[dict[str, Any]] | str, *options: str) -> str:
    """Train on ``items`` (or raw file content) and return the refusal message; no model may be written."""
    corpus = tmp_path / "news.jsonl"
    if isinstance(items, str):
        corpus.write_text(items)
    else:
        write_jsonl(corpus, items)
    output = tmp_path / "never.skops"
    with pytest.raises(BiasmeterError) as caught:
        run("train", str(corpus), "--target", "reliability", "-o", str(output), *options)
    assert not output.exists()
    return str(caught.value)


@pytest.mark.usefixtures("no_extraction")
def test_missing_label_column_lists_the_columns(tmp_path: Path) -> None:
    message = refused(tmp_path, news(), "--label", "rating")
    assert "no label column 'rating'" in message
    assert "columns seen: id, title, text, url, source, quality, pc1, corpus" in message


@pytest.mark.usefixtures("no_extraction")
def test_one_class_only(tmp_path: Path) -> None:
    items = [item for item in news() if item["quality"] == "high"]
    message = refused(tmp_path, items, "--label", "quality", "--folds", "3")
    assert "all 30 labelled articles are in class 'high'" in message
    assert "at least two classes" in message


@pytest.mark.usefixtures("no_extraction")
def test_a_class_with_too_few_examples(tmp_path: Path) -> None:
    items = [
        item for item in news() if item["quality"] == "high" or item["id"] in ("7-0", "8-1", "9-2", "6-3")
    ]
    message = refused(tmp_path, items, "--label", "quality", "--folds", "3")
    assert "'low' has 4" in message
    assert "with --folds 3 every class needs at least 6" in message
    assert "Class counts: low 4, high 30" in message


@pytest.mark.usefixtures("no_extraction")
def test_a_class_without_examples_counts_as_too_few(tmp_path: Path) -> None:
    message = refused(tmp_path, news(), "--label", "quality", "--classes", "low,mixed,high", "--folds", "3")
    assert "'mixed' has 0" in message


@pytest.mark.usefixtures("no_extraction")
def test_fewer_groups_than_folds(tmp_path: Path) -> None:
    items = news()
    for item in items:
        item["url"] = "https://a.org/x" if item["quality"] == "high" else "https://b.com/y"
    message = refused(tmp_path, items, "--label", "quality", "--folds", "3")
    assert "needs at least 3 groups (one per fold) and found 2: a.org, b.com" in message
    assert "--folds 2" in message
    assert "--split random" in message


@pytest.mark.usefixtures("no_extraction")
def test_labels_outside_classes_are_listed_with_counts(tmp_path: Path) -> None:
    items = news()
    for item in items[:3]:
        item["quality"] = "medium"
    items[3]["quality"] = "unknown"
    message = refused(tmp_path, items, "--label", "quality", "--classes", "low,high")
    assert "labels in 'quality' outside --classes low,high" in message
    assert "4 articles have 'medium' (3), 'unknown' (1)" in message


@pytest.mark.usefixtures("no_extraction")
def test_numeric_labels_need_thresholds(tmp_path: Path) -> None:
    message = refused(tmp_path, news(), "--label", "pc1")
    assert "outside the default classes of the reliability target (low,high)" in message
    assert "'0.9' (30), '0.1' (30)" in message
    assert "--thresholds" in message
    message = refused(tmp_path, news(), "--label", "quality", "--thresholds", "0.5")
    assert "must be numbers to be binned with --thresholds 0.5" in message
    assert "'high' (30), 'low' (30)" in message


@pytest.mark.usefixtures("no_extraction")
def test_an_empty_corpus(tmp_path: Path) -> None:
    assert "the corpus is empty" in refused(tmp_path, "", "--label", "quality")
    assert "the corpus is empty" in refused(tmp_path, "\n\n", "--label", "quality")


@pytest.mark.usefixtures("no_extraction")
def test_a_malformed_line_is_named_by_file_and_line(tmp_path: Path) -> None:
    content = (
        "\n".join(json.dumps(item) for item in news()[:4]) + '\n{"text": "cut off\n' + json.dumps(news()[5])
    )
    message = refused(tmp_path, content, "--label", "quality")
    assert "1 of 6 lines cannot be used" in message
    assert f"{tmp_path / 'news.jsonl'}:5: malformed JSON" in message
    assert "--skip-bad-lines" in message
    message = refused(tmp_path, [{"title": "no text", "quality": "low"}, *news()], "--label", "quality")
    assert "news.jsonl:1: no 'text' field" in message


def test_skip_bad_lines_reports_the_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items = news()
    content = "\n".join(json.dumps(item) for item in items[:30]) + "\n[1, 2]\n{bad\n"
    content += "\n".join(json.dumps(item) for item in items[30:]) + "\n"
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(content)
    output = tmp_path / "skip.skops"
    train_quickly(corpus, output, "--label", "quality", "--skip-bad-lines")
    captured = capsys.readouterr()
    assert "skipped 2 of 62 lines that cannot be used" in captured.err
    assert "news.jsonl:31: expected a JSON object, got array" in captured.err
    figures = json.loads(output.with_name("skip.metrics.json").read_text())
    assert figures["skipped_lines"] == 2
    assert figures["articles"] == 60


@pytest.mark.usefixtures("no_extraction")
def test_no_label_source_and_bad_option_values(tmp_path: Path) -> None:
    assert "say where the labels come from" in refused(tmp_path, news())
    assert "--thresholds takes numbers" in refused(
        tmp_path, news(), "--label", "pc1", "--thresholds", "0.5,x"
    )
    assert "increasing order" in refused(tmp_path, news(), "--label", "pc1", "--thresholds", "0.7,0.4")
    assert "--ratings-value" in refused(tmp_path, news(), "--ratings", str(tmp_path / "r.csv"))
    assert "no column 'outlet' to group by" in refused(
        tmp_path, news(), "--label", "quality", "--group-by", "outlet"
    )


@pytest.mark.usefixtures("no_extraction")
def test_unusable_outputs_are_refused_before_reading(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", news())
    with pytest.raises(BiasmeterError, match="does not exist"):
        run("train", str(corpus), "--target", "slant", "--label", "q", "-o", str(tmp_path / "no" / "m.skops"))
    with pytest.raises(BiasmeterError, match="is an input"):
        run("train", str(corpus), "--target", "slant", "--label", "q", "-o", str(corpus))
    with pytest.raises(BiasmeterError, match="no such file"):
        run(
            "train",
            str(tmp_path / "missing.jsonl"),
            "--target",
            "slant",
            "--label",
            "q",
            "-o",
            str(tmp_path / "m.skops"),
        )


@pytest.mark.usefixtures("no_extraction")
@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "m.pkl",
            "m.pkl: biasmeter writes skops model files (never pickles, which can run code when loaded)",
        ),
        ("m.joblib", "name it m.skops"),
        (
            "m.skops.gz",
            "m.skops.gz: biasmeter writes skops model files (zip archives, not compressed further); "
            "name it m.skops",
        ),
    ],
)
def test_a_model_name_that_promises_another_format_is_refused(
    tmp_path: Path, name: str, message: str
) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", news())
    with pytest.raises(BiasmeterError, match=re.escape(message)):
        run("train", str(corpus), "--target", "slant", "--label", "q", "-o", str(tmp_path / name))
    assert not (tmp_path / name).exists()


@pytest.mark.usefixtures("no_extraction")
def test_evaluate_refuses_bad_labels(trained: tuple[Path, Path], tmp_path: Path) -> None:
    model, corpus = trained
    bad = write_jsonl(tmp_path / "bad.jsonl", [{**news()[0], "quality": "so-so"}])
    with pytest.raises(BiasmeterError, match=r"labels in 'quality' outside the model's classes low,high"):
        run("evaluate", str(model), str(bad), "--label", "quality")
    with pytest.raises(BiasmeterError, match="no label column 'rating'"):
        run("evaluate", str(model), str(corpus), "--label", "rating")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(BiasmeterError, match="the corpus is empty"):
        run("evaluate", str(model), str(empty), "--label", "quality")


@pytest.mark.parametrize("option", ["--regularization", "--feature-scale"])
@pytest.mark.parametrize("value", ["0", "-1", "x", "inf", "nan"])
def test_recipe_numbers_must_be_positive(option: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("train", "news.jsonl", "--target", "reliability", "-o", "m.skops", option, value)
    assert f"argument {option}" in capsys.readouterr().err
