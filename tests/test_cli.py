"""The command line: score, explain and the plumbing around them (inputs, outputs, errors, interrupts).

Most tests use a small stand-in model with the real feature extractor, so they run without the shipped
model files and quickly; the tests marked by ``real_model`` use the shipped models and skip only while
those are still being built.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import biasmeter
import biasmeter.cli
import biasmeter.scoring
from biasmeter.cli import main
from biasmeter.features import FEATURE_NAMES
from biasmeter.model import Target, TargetModel
from biasmeter.scoring import Model

MANIFEST = Path(biasmeter.__file__).parent / "data" / "models" / "manifest.json"

ARTICLE = (
    "The city council voted on Tuesday to approve a new budget for schools and roads, officials said. "
    "The plan, which costs $3 million, was backed by a majority of members after a long debate about "
    'taxes and services. "This is a good day for our children," Mayor Jane Smith told reporters.'
)
OTHER_ARTICLE = (
    "Critics slammed the radical plan as a disgraceful waste of money on Wednesday, and residents who "
    "came to the meeting said they were furious about the new taxes. The council will vote again next "
    "month, according to a statement from the mayor's office."
)


def _target_model(name: str, classes: tuple[str, ...], seed: int) -> TargetModel:
    count = len(FEATURE_NAMES)
    weights = np.random.default_rng(seed).normal(scale=0.05, size=(len(classes), count))
    return TargetModel(
        Target.default(name, classes),
        FEATURE_NAMES,
        np.zeros(count),
        np.ones(count),
        None,
        weights,
        np.zeros(len(classes)),
    )


def _stand_in_model() -> Model:
    return Model(
        {
            "reliability": _target_model("reliability", ("low", "high"), 1),
            "slant": _target_model("slant", ("left", "center", "right"), 2),
        }
    )


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Model:
    """The stand-in model in place of the shipped one, for the CLI and for `load_model`'s defaults."""
    stand_in = _stand_in_model()
    monkeypatch.setattr(biasmeter.cli, "default_model", lambda: stand_in)
    monkeypatch.setattr(biasmeter.scoring, "default_model", lambda: stand_in)
    return stand_in


@pytest.fixture
def real_model() -> None:
    if not MANIFEST.exists():
        pytest.skip("the default models are still being built (no manifest.json)")


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(argument) for argument in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ------------------------------------------------------------------------------------------ score: inputs


def test_score_text_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model) -> None:
    article = tmp_path / "council.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, err = _run(capsys, "score", article)
    [result] = _lines(out)
    assert code == 0
    assert result["id"] == "council"
    assert (result["origin"], result["line"], result["status"]) == (str(article), 1, "scored")
    assert 0 <= result["reliability"] <= 100
    assert -1 <= result["slant"] <= 1
    assert set(result["probabilities"]) == {"reliability", "slant"}
    assert result["evidence"]
    assert result["explanation"]["reliability"]
    assert err.strip() == "scored 1, abstained 0, failed 0"


def test_score_folder_reads_article_files_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    folder = tmp_path / "articles"
    (folder / "nested").mkdir(parents=True)
    (folder / "b.txt").write_text(OTHER_ARTICLE, encoding="utf-8")
    (folder / "a.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "nested" / "c.txt").write_text("Too short.", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF")  # not an article file: not read, but said
    (folder / "nested" / "d.html").write_text(
        f"<html><head><title>Saved page</title></head><body><p>{ARTICLE}</p></body></html>", encoding="utf-8"
    )
    code, out, err = _run(capsys, "score", folder)
    results = _lines(out)
    assert [result["id"] for result in results] == ["a", "b", "nested/c", "nested/d"]
    assert [result["status"] for result in results] == ["scored", "scored", "abstained", "scored"]
    assert results[2]["abstained"] == "too short"
    assert results[3]["title"] == "Saved page"
    assert results[3]["reliability"] == pytest.approx(results[0]["reliability"], abs=5)
    assert code == 0
    assert err.splitlines() == [
        f"biasmeter: {folder}: left out 1 file of other kinds (1 .pdf)",
        "scored 3, abstained 1, failed 0",
    ]


def test_text_field_names_the_column_that_holds_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    source = tmp_path / "export.csv"
    rows = [["id", "Body", "text"], ["a", ARTICLE, "a teaser"], ["b", "", "x"]]
    with source.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    code, out, _ = _run(capsys, "score", source, "--text-field", "body")
    first, second = _lines(out)
    assert (first["status"], first["input_text"]) == ("scored", "a teaser")
    assert first["reliability"] == model.score(ARTICLE).reliability
    assert (second["status"], second["abstained"]) == ("abstained", "no letters")
    assert code == 0
    code, out, _ = _run(capsys, "score", source, "--text-field", "content")
    assert [result["error"] for result in _lines(out)] == ["no 'content' field (fields: id, Body, text)"] * 2
    assert code == 1


def test_score_jsonl_keeps_one_output_per_input_line_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    lines = [
        json.dumps(
            {"id": "dup", "text": ARTICLE, "url": "https://www.cnn.com/a", "title": "Budget", "topic": "x"}
        ),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "no-text", "title": "a record without text"}),
        "",  # a blank line is no record but counts for the line numbers
        json.dumps({"id": "number", "text": 42}),
        json.dumps({"id": "dup", "text": OTHER_ARTICLE}),
        json.dumps({"text": "Too short to judge."}),
        "[1, 2]",
    ]
    source = tmp_path / "news.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _run(capsys, "score", source)
    results = _lines(out)
    assert [result["line"] for result in results] == [1, 2, 3, 5, 6, 7, 8]
    assert [result["status"] for result in results] == [
        "scored",
        "failed",
        "failed",
        "failed",
        "scored",
        "abstained",
        "failed",
    ]
    assert [result["id"] for result in results] == ["dup", None, "no-text", "number", "dup", "news:7", None]
    assert results[1]["error"].startswith("malformed JSON")
    assert results[2]["error"] == "no 'text' field (fields: id, title)"
    assert results[3]["error"] == "'text' must be a string, got number"
    assert results[6]["error"].startswith(
        "expected a JSON object, got array (a JSON array is read as records"
    )
    assert all(result["origin"] == str(source) for result in results)
    # The url, title and other fields of the input come back; the text does not.
    assert (results[0]["url"], results[0]["title"], results[0]["topic"]) == (
        "https://www.cnn.com/a",
        "Budget",
        "x",
    )
    assert "text" not in results[0]
    assert err.strip() == "scored 2, abstained 1, failed 4"
    assert code == 1


def test_score_csv_input_keeps_other_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    source = tmp_path / "news.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "title", "url", "text", "source"])
        writer.writerow(["one", "Budget passes", "https://edition.cnn.com/x", ARTICLE, "CNN"])
        writer.writerow(["two", "", "", OTHER_ARTICLE, "Fox News"])
    code, out, _ = _run(capsys, "score", source)
    results = _lines(out)
    assert code == 0
    assert [(result["id"], result["line"], result["source"]) for result in results] == [
        ("one", 2, "CNN"),
        ("two", 3, "Fox News"),
    ]
    assert results[0]["url"] == "https://edition.cnn.com/x"


def test_input_fields_named_like_output_fields_are_kept_beside_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    source = tmp_path / "news.jsonl"
    fields = {"origin": "Russia", "line": "A-12", "error": "none", "abstained": "no", "slant": "left"}
    source.write_text(json.dumps({"id": "a", "text": ARTICLE, **fields}) + "\n", encoding="utf-8")
    code, out, _ = _run(capsys, "score", source)
    (result,) = _lines(out)
    assert code == 0
    assert (result["origin"], result["line"], result["status"]) == (str(source), 1, "scored")
    assert "error" not in result
    assert "abstained" not in result
    assert {key: result[f"input_{key}"] for key in fields} == fields


def test_score_gz_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model) -> None:
    source = tmp_path / "news.jsonl.gz"
    with gzip.open(source, "wt", encoding="utf-8") as stream:
        for number, text in enumerate([ARTICLE, OTHER_ARTICLE]):
            stream.write(json.dumps({"id": f"g{number}", "text": text}) + "\n")
    code, out, _ = _run(capsys, "score", source)
    assert code == 0
    assert [(result["id"], result["status"]) for result in _lines(out)] == [
        ("g0", "scored"),
        ("g1", "scored"),
    ]


def test_score_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"id": "in", "text": ARTICLE}) + "\nnot json\n"))
    code, out, err = _run(capsys, "score", "-")
    results = _lines(out)
    assert [(result["id"], result["origin"], result["line"], result["status"]) for result in results] == [
        ("in", "<stdin>", 1, "scored"),
        (None, "<stdin>", 2, "failed"),
    ]
    assert code == 1
    assert err.strip() == "scored 1, abstained 0, failed 1"


def test_score_stdin_as_one_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(ARTICLE))
    code, out, _ = _run(capsys, "score", "-", "--stdin-format", "txt")
    [result] = _lines(out)
    assert (code, result["status"], result["id"]) == (0, "scored", "stdin")


# ----------------------------------------------------------------------------------------- score: outputs


def _mixed_jsonl(folder: Path) -> Path:
    source = folder / "mixed.jsonl"
    records = [
        json.dumps({"id": "a", "text": ARTICLE, "url": "https://www.cnn.com/a", "source": "CNN"}),
        "{oops",
        json.dumps({"id": "c", "text": "Short."}),
    ]
    source.write_text("\n".join(records) + "\n", encoding="utf-8")
    return source


def test_score_csv_output(tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model) -> None:
    code, out, err = _run(capsys, "score", _mixed_jsonl(tmp_path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1
    assert list(rows[0]) == [
        "id",
        "origin",
        "line",
        "status",
        "reliability",
        "reliability_label",
        "slant",
        "slant_label",
        "p_reliability_low",
        "p_reliability_high",
        "p_slant_left",
        "p_slant_center",
        "p_slant_right",
        "abstained",
        "error",
        "reliability_reasons",
        "slant_reasons",
        "url",
        "title",
        "extra",
    ]
    assert [(row["id"], row["line"], row["status"]) for row in rows] == [
        ("a", "1", "scored"),
        ("", "2", "failed"),
        ("c", "3", "abstained"),
    ]
    scored, failed, abstained = rows
    assert 0 <= float(scored["reliability"]) <= 100
    slant_probabilities = [float(scored[f"p_slant_{name}"]) for name in ("left", "center", "right")]
    assert sum(slant_probabilities) == pytest.approx(1)
    assert len(scored["reliability_reasons"].split("; ")) == 3
    assert json.loads(scored["extra"]) == {"source": "CNN"}
    assert "evidence" not in out
    assert failed["error"].startswith("malformed JSON")
    assert (abstained["abstained"], abstained["reliability"]) == ("too short", "")
    assert err.strip() == "scored 1, abstained 1, failed 1"


@pytest.mark.parametrize(
    ("field", "value", "column", "expected"),
    [
        ("id", "a\x00b", "id", "a\ufffdb"),
        ("title", "v\x0bt; tab\tand\r\nbreaks", "title", "v\ufffdt; tab\tand\r\nbreaks"),
        ("url", "https://example.org/\x1b[31m\x7f", "url", "https://example.org/\ufffd[31m\x7f"),
        # Other fields are JSON in 'extra', where the escape keeps the character.
        ("source", "CNN\x00", "extra", '{"source": "CNN\\u0000"}'),
    ],
)
def test_score_csv_output_has_no_control_characters_and_reads_back(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    model: Model,
    field: str,
    value: str,
    column: str,
    expected: str,
) -> None:
    corpus = tmp_path / "controls.jsonl"
    record = {"id": "x", "text": ARTICLE, field: value}
    corpus.write_text(
        json.dumps(record) + "\n" + json.dumps({"text": OTHER_ARTICLE}) + "\n", encoding="utf-8"
    )
    code, out, _ = _run(capsys, "score", corpus, "--format", "csv")
    assert code == 0
    assert not set(out) & ({chr(code) for code in range(32)} - set("\t\n\r"))
    first, second = csv.DictReader(io.StringIO(out, newline=""))
    assert first[column] == expected
    assert second["id"] == "controls:2"


def test_sources_csv_output_has_no_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scored = tmp_path / "scored.jsonl"
    scored.write_text(
        json.dumps({"status": "scored", "reliability": 50.0, "slant": 0.0, "source": "Wire\x00Service"})
        + "\n",
        encoding="utf-8",
    )
    assert main(["sources", str(scored), "--format", "csv"]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out, newline=""))
    assert row["outlet"] == "wire\ufffdservice"


def test_score_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model) -> None:
    source = _mixed_jsonl(tmp_path)
    target = tmp_path / "out" / "scored.jsonl"
    target.parent.mkdir()
    code, out, err = _run(capsys, "score", source, "-o", target)
    assert (code, out) == (1, "")
    assert [result["line"] for result in _lines(target.read_text(encoding="utf-8"))] == [1, 2, 3]
    assert err.strip() == "scored 1, abstained 1, failed 1"
    # The format follows the suffix of the output unless --format says otherwise.
    as_csv = tmp_path / "out" / "scored.csv"
    assert main(["score", str(source), "-o", str(as_csv)]) == 1
    assert as_csv.read_text(encoding="utf-8").startswith("id,origin,line,status,")


def test_jobs_do_not_change_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    source = tmp_path / "many.jsonl"
    texts = [ARTICLE, OTHER_ARTICLE, "Short.", ARTICLE.upper()]
    source.write_text(
        "".join(json.dumps({"text": texts[i % 4]}) + "\n" for i in range(150)), encoding="utf-8"
    )
    _, one, _ = _run(capsys, "score", source)
    code, two, err = _run(capsys, "score", source, "--jobs", "2")
    assert code == 0
    assert one == two
    assert _run(capsys, "score", source, "--jobs", "-1")[:2] == (0, one)
    assert err.strip() == "scored 113, abstained 37, failed 0"


def test_model_option(tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model) -> None:
    path = tmp_path / "slant.skops"
    _target_model("slant", ("left", "right"), 7).save(path)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = _run(capsys, "score", article, "--model", path)
    [result] = _lines(out)
    assert code == 0
    assert set(result["probabilities"]["slant"]) == {"left", "right"}  # from the file
    assert set(result["probabilities"]["reliability"]) == {"low", "high"}  # from the default model
    code, _, err = _run(capsys, "score", article, "--model", tmp_path / "missing.skops")
    assert code == 2
    assert err.startswith("biasmeter: error: no model file at")


# ------------------------------------------------------------------------------------------ interruptions


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """Make `Model.score_many` raise KeyboardInterrupt (as Ctrl-C would) after ``count`` results."""
    original = Model.score_many

    def interrupted(self: Model, records: Any, n_jobs: int = 1, **options: Any) -> Iterator[Any]:
        for done, result in enumerate(original(self, records, n_jobs=n_jobs, **options)):
            if done == count:
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(Model, "score_many", interrupted)


def _five_articles(folder: Path) -> Path:
    source = folder / "five.jsonl"
    source.write_text(
        "".join(json.dumps({"id": str(i), "text": ARTICLE}) + "\n" for i in range(5)), encoding="utf-8"
    )
    return source


def test_interrupt_leaves_a_valid_partial_jsonl_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, model: Model
) -> None:
    _interrupt_after(monkeypatch, 2)
    target = tmp_path / "partial.jsonl"
    code, _, err = _run(capsys, "score", _five_articles(tmp_path), "-o", target)
    assert code == 130
    assert [result["id"] for result in _lines(target.read_text(encoding="utf-8"))] == ["0", "1"]
    assert "interrupted after 2 records" in err
    assert "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
@pytest.mark.parametrize(("jobs", "whole_group"), [("1", False), ("2", True)])
def test_sigterm_stops_a_run_as_ctrl_c_does(tmp_path: Path, jobs: str, whole_group: bool) -> None:
    source = tmp_path / "many.jsonl"
    source.write_text(
        "".join(json.dumps({"id": str(i), "text": ARTICLE}) + "\n" for i in range(20_000)), encoding="utf-8"
    )
    target = tmp_path / "partial.jsonl"
    run = subprocess.Popen(
        [sys.executable, "-m", "biasmeter", "score", str(source), "-o", str(target), "--jobs", jobs],
        stderr=subprocess.PIPE,
        start_new_session=True,  # a process group of its own, as a job scheduler gives a job
    )
    deadline = time.monotonic() + 120
    while (not target.exists() or target.stat().st_size < 100_000) and time.monotonic() < deadline:
        time.sleep(0.1)
    # As `kill PID` does, or systemd and Slurm, which signal the whole group, workers included.
    if whole_group:
        os.killpg(run.pid, signal.SIGTERM)
    else:
        run.send_signal(signal.SIGTERM)
    try:
        _, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:  # a run that hangs is not left behind
            os.killpg(run.pid, signal.SIGKILL)
            run.communicate()
    message = err.decode()
    assert run.returncode == 143
    assert "terminated (SIGTERM) after" in message
    assert "the same command with --resume goes on from there" in message
    assert "Traceback" not in message
    written = _lines(target.read_text(encoding="utf-8"))
    assert [result["id"] for result in written] == [str(i) for i in range(len(written))]


@pytest.mark.parametrize("handler", [signal.SIG_DFL, signal.SIG_IGN])
def test_main_leaves_sigterm_as_it_found_it(tmp_path: Path, handler: Any) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        assert main(["extract", str(article)]) == 0
        assert signal.getsignal(signal.SIGTERM) is handler
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_resume_after_an_interruption_gives_the_output_of_one_whole_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, model: Model
) -> None:
    source = _five_articles(tmp_path)
    whole = tmp_path / "whole.jsonl"
    assert _run(capsys, "score", source, "-o", whole)[0] == 0
    with monkeypatch.context() as patched:
        _interrupt_after(patched, 2)
        target = tmp_path / "stopped.jsonl"
        assert _run(capsys, "score", source, "-o", target)[0] == 130
    # A run killed outright can leave a record cut off mid-line.
    with target.open("ab") as stream:
        stream.write(whole.read_bytes().splitlines(keepends=True)[2][:40])
    code, out, err = _run(capsys, "score", source, "-o", target, "--resume", "--jobs", "2")
    assert (code, out) == (0, "")
    assert target.read_bytes() == whole.read_bytes()
    assert err.splitlines() == [
        f"biasmeter: resuming {target}: keeping its 2 records, scoring the inputs after them; a record cut "
        "off "
        "mid-line after them is scored again",
        "scored 5, abstained 0, failed 0",
    ]
    # Resuming a finished run scores nothing and leaves the file as it is.
    assert _run(capsys, "score", source, "-o", target, "--resume")[0] == 0
    assert target.read_bytes() == whole.read_bytes()


def test_resume_compares_ids_and_titles_as_they_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    # A float id is written as the whole number it is; a lone surrogate in a title as "?".
    source = tmp_path / "frame.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": float(i), "title": f"Budget \udc80 {i}", "text": ARTICLE}) + "\n"
            for i in range(3)
        ),
        encoding="utf-8",
    )
    whole = tmp_path / "whole.jsonl"
    assert _run(capsys, "score", source, "-o", whole)[0] == 0
    target = tmp_path / "stopped.jsonl"
    target.write_bytes(whole.read_bytes().splitlines(keepends=True)[0])
    code, _, err = _run(capsys, "score", source, "-o", target, "--resume")
    assert code == 0, err
    assert target.read_bytes() == whole.read_bytes()


def test_resume_without_an_earlier_output_is_a_plain_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    target = tmp_path / "new.jsonl"
    code, _, err = _run(capsys, "score", _five_articles(tmp_path), "-o", target, "--resume")
    assert code == 0
    assert err == "scored 5, abstained 0, failed 0\n"
    assert len(_lines(target.read_text(encoding="utf-8"))) == 5


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (
            "other.jsonl",
            "{tmp}/stopped.jsonl was not written from these inputs: its record 1 is of {tmp}/five.jsonl:1, "
            "but input record 1 is {tmp}/other.jsonl:1. Give the inputs of the run that wrote it",
        ),
        ("five.jsonl", "{tmp}/stopped.jsonl holds 2 records, more than these inputs have"),
        (
            "rewritten.jsonl",
            "{tmp}/stopped.jsonl was not written from these inputs as they are now: its record 1 "
            "({tmp}/rewritten.jsonl:1) has another id than the input record in its place",
        ),
    ],
)
def test_resume_refuses_an_output_of_other_inputs_and_leaves_it_as_it_was(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    model: Model,
    inputs: str,
    message: str,
) -> None:
    source = _five_articles(tmp_path)
    (tmp_path / "other.jsonl").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    rewritten = tmp_path / "rewritten.jsonl"
    rewritten.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "stopped.jsonl"
    with monkeypatch.context() as patched:
        _interrupt_after(patched, 2)
        _run(capsys, "score", rewritten if inputs == "rewritten.jsonl" else source, "-o", target)
    before = target.read_bytes() + b'{"id": "cut o'
    target.write_bytes(before)
    # The input file cut down to one record after the run: the earlier output holds more than it has.
    source.write_text(json.dumps({"id": "0", "text": ARTICLE}) + "\n", encoding="utf-8")
    # A daily export written again under the same name: the same places, other articles.
    rewritten.write_text(
        "".join(json.dumps({"id": f"new-{i}", "text": ARTICLE}) + "\n" for i in range(5)), encoding="utf-8"
    )
    code, out, err = _run(capsys, "score", tmp_path / inputs, "-o", target, "--resume")
    assert (code, out) == (2, "")
    assert err.startswith("biasmeter: error: " + message.format(tmp=tmp_path))
    assert target.read_bytes() == before


def test_resume_refuses_to_go_on_with_another_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, model: Model
) -> None:
    source = _five_articles(tmp_path)
    target = tmp_path / "stopped.jsonl"
    with monkeypatch.context() as patched:
        _interrupt_after(patched, 2)
        _run(capsys, "score", source, "-o", target)
    before = target.read_bytes()
    first_scored = next(line for line in _lines(before.decode()) if line["status"] == "scored")
    other = tmp_path / "slant.skops"
    _target_model("slant", ("left", "right"), 7).save(other)
    code, out, err = _run(capsys, "score", source, "-o", target, "--resume", "--model", other)
    assert (code, out) == (2, "")
    assert err.startswith(
        f"biasmeter: error: {target} was written with another model: its record 1 ({source}:"
        f"{first_scored['line']}) has slant {first_scored['slant']}, but the model in use gives "
    )
    assert target.read_bytes() == before
    code, out, err = _run(capsys, "score", source, "-o", target, "--resume", "--max-chars", "10")
    assert (code, out) == (2, "")
    assert err.startswith(
        f"biasmeter: error: {target} was written with other settings: its record 1 ({source}:"
        f"{first_scored['line']}) was scored, but now it is not (text is "
    )
    assert "Resume with the --text-field and --max-chars that began the run" in err
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--resume"], "--resume needs -o FILE"),
        (["--resume", "-o", "{tmp}/out.csv"], "--resume needs JSON Lines output"),
        (["--resume", "-o", "{tmp}/notes.jsonl"], "{tmp}/notes.jsonl: line 2 is not a record written by"),
    ],
)
def test_resume_misuse_is_refused_before_the_models_load(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    def no_loading() -> Model:
        raise AssertionError("the models were loaded")

    monkeypatch.setattr(biasmeter.cli, "default_model", no_loading)
    (tmp_path / "notes.jsonl").write_text(
        '{"origin": "five.jsonl", "line": 1, "status": "scored"}\n{"note": "mine"}\n', encoding="utf-8"
    )
    code, out, err = _run(
        capsys, "score", _five_articles(tmp_path), *(arg.format(tmp=tmp_path) for arg in argv)
    )
    assert (code, out) == (2, "")
    assert err.startswith("biasmeter: error: " + message.format(tmp=tmp_path))


def test_interrupt_leaves_a_valid_partial_csv_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, model: Model
) -> None:
    _interrupt_after(monkeypatch, 3)
    target = tmp_path / "partial.csv"
    code, _, _ = _run(capsys, "score", _five_articles(tmp_path), "-o", target)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert code == 130
    assert rows[0][:4] == ["id", "origin", "line", "status"]
    assert [row[0] for row in rows[1:]] == ["0", "1", "2"]
    assert {len(row) for row in rows} == {len(rows[0])}


def test_interrupt_in_the_middle_of_a_write_cuts_the_partial_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, model: Model
) -> None:
    original = biasmeter.cli._FileSink.write
    calls = 0

    def half_written(self: biasmeter.cli._FileSink, line: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            self.stream.write(line[: len(line) // 2].encode())  # Ctrl-C lands inside the write
            raise KeyboardInterrupt
        original(self, line)

    monkeypatch.setattr(biasmeter.cli._FileSink, "write", half_written)
    target = tmp_path / "partial.jsonl"
    code, _, _ = _run(capsys, "score", _five_articles(tmp_path), "-o", target)
    text = target.read_text(encoding="utf-8")
    assert code == 130
    assert text.endswith("\n")
    assert [result["id"] for result in _lines(text)] == ["0", "1"]


# ---------------------------------------------------------------------------------------- errors and help


def test_missing_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    code, out, err = _run(capsys, "score", tmp_path / "nope.jsonl")
    assert (code, out) == (2, "")
    assert err == f"biasmeter: error: {tmp_path / 'nope.jsonl'}: no such file or directory\n"


@pytest.mark.parametrize(("output", "option"), [("scored.jsonl", "csv"), ("scored.csv", "jsonl")])
def test_a_format_that_contradicts_the_output_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str, option: str
) -> None:
    code, _, err = _run(
        capsys, "score", _five_articles(tmp_path), "-o", tmp_path / output, "--format", option
    )
    assert code == 2
    assert err.startswith(f"biasmeter: error: {tmp_path / output}: --format {option} writes no ")
    assert not (tmp_path / output).exists()


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path: Path) -> None:
    source = tmp_path / "many.jsonl"
    source.write_text("".join(json.dumps({"text": ARTICLE}) + "\n" for _ in range(60)), encoding="utf-8")
    run = subprocess.Popen(
        [sys.executable, "-m", "biasmeter", "score", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert run.stdout is not None
    run.stdout.readline()
    run.stdout.close()  # as `… | head -1` does: the records after the first have nowhere to go
    _, err = run.communicate(timeout=120)
    assert run.returncode == 141  # as a shell reports a program ended by SIGPIPE
    assert b"Traceback" not in err


def test_output_inside_an_input_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, _, err = _run(capsys, "score", tmp_path, "-o", tmp_path / "scored.jsonl")
    assert code == 2
    assert "inside the input folder" in err
    assert not (tmp_path / "scored.jsonl").exists()


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("missing/scored.jsonl", "{tmp}/missing/scored.jsonl: the folder {tmp}/missing does not exist"),
        ("folder", "{tmp}/folder is a directory; give a file name such as {tmp}/folder/scored.jsonl"),
        ("a.txt", "the output {tmp}/a.txt is an input; write it somewhere else"),
        (
            "scored.csv.gz",
            "{tmp}/scored.csv.gz: the output is not compressed; write {tmp}/scored.csv and compress it "
            "afterwards, or compress standard output: biasmeter score … | gzip > {tmp}/scored.csv.gz",
        ),
        ("scored.jsonl.XZ", "{tmp}/scored.jsonl.XZ: the output is not compressed; write {tmp}/scored.jsonl"),
        (
            "scored.tsv",
            "{tmp}/scored.tsv: the output is JSON Lines or CSV; name it .jsonl or .csv, or give --format",
        ),
    ],
)
def test_a_bad_output_path_is_refused_before_the_models_load(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    output: str,
    message: str,
) -> None:
    def no_loading() -> Model:
        raise AssertionError("the models were loaded")

    monkeypatch.setattr(biasmeter.cli, "default_model", no_loading)
    (tmp_path / "folder").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, out, err = _run(capsys, "score", tmp_path / "a.txt", "-o", tmp_path / output)
    assert (code, out) == (2, "")
    assert err.startswith("biasmeter: error: " + message.format(tmp=tmp_path))
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == ARTICLE


def test_the_output_format_follows_the_file_name_unless_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    for name, options, first in [
        ("upper.CSV", [], "id,origin,line,status"),
        ("scored.out", [], '{"id": "a"'),
        ("given.tsv", ["--format", "csv"], "id,origin,line,status"),
    ]:
        assert _run(capsys, "score", tmp_path / "a.txt", "-o", tmp_path / name, *options)[0] == 0
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(first)


@pytest.mark.parametrize("model_file", ["missing.skops", "damaged.skops"])
def test_a_run_that_fails_before_scoring_leaves_an_existing_output_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model, model_file: str
) -> None:
    (tmp_path / "damaged.skops").write_bytes(b"not a model")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    earlier = tmp_path / "scored.jsonl"
    earlier.write_text('{"id": "from an earlier run"}\n', encoding="utf-8")
    code, _, _ = _run(capsys, "score", tmp_path / "a.txt", "-o", earlier, "--model", tmp_path / model_file)
    assert code == 2
    assert earlier.read_text(encoding="utf-8") == '{"id": "from an earlier run"}\n'


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "-", "-"],
        ["score", "--stdin-format", "txt", "-", "-"],
        ["sources", "-", "-"],
        ["train", "-", "-", "--target", "slant", "--label", "slant", "-o", "{tmp}/m.skops"],
    ],
)
def test_standard_input_given_twice_is_refused_before_the_models_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    def no_loading() -> Model:
        raise AssertionError("the models were loaded")

    monkeypatch.setattr(biasmeter.cli, "default_model", no_loading)
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"text": ARTICLE}) + "\n"))
    code, out, err = _run(capsys, *(argument.format(tmp=tmp_path) for argument in argv))
    assert (code, out) == (2, "")
    assert err == "biasmeter: error: '-' (standard input) is given more than once; it can be read only once\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["score"],
        ["score", "x.jsonl", "--jobs", "0"],
        ["score", "x.jsonl", "--jobs", "-2"],
        ["train", "x.jsonl", "--target", "slant", "--label", "slant", "-o", "m.skops", "--jobs", "0"],
        ["score", "x.jsonl", "--format", "xml"],
        ["sources", "x.jsonl", "--min-articles", "none"],
        ["frobnicate"],
    ],
)
def test_bad_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage: biasmeter" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "argument --jobs: must be at least 1, or -1 for one per CPU, got 0"),
        ("-2", "argument --jobs: must be at least 1, or -1 for one per CPU, got -2"),
        ("two", "argument --jobs: expected a whole number, got 'two'"),
    ],
)
def test_a_jobs_that_is_no_count_names_minus_one(
    value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", "x.jsonl", "--jobs", value]) == 2
    assert message in capsys.readouterr().err


def test_python_dash_m_runs_the_command_line(tmp_path: Path) -> None:
    version = subprocess.run(
        [sys.executable, "-m", "biasmeter", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == f"biasmeter {biasmeter.__version__}"
    # The exit code comes through: a missing file is a usage error.
    missing = subprocess.run(
        [sys.executable, "-m", "biasmeter", "score", str(tmp_path / "missing.txt")],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2
    assert "no such file or directory" in missing.stderr


@pytest.mark.parametrize("command", ["score", "explain", "sources", "extract", "train", "evaluate"])
def test_help_has_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert f"usage: biasmeter {command}" in out
    assert f"biasmeter {command} " in out.split("example")[1]


@pytest.mark.parametrize("command", ["score", "explain", "sources", "train"])
def test_the_main_help_has_examples_of_the_commands(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert f"  biasmeter {command} " in capsys.readouterr().out.split("examples:")[1]


def test_progress_only_on_a_terminal_and_from_the_second_record() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    from collections import Counter

    terminal = Terminal()
    progress = biasmeter.cli._Progress(terminal)
    progress.update(Counter(scored=1))
    assert terminal.getvalue() == ""
    progress.update(Counter(scored=2, failed=1))
    assert "3 records" in terminal.getvalue()
    progress.close()
    assert terminal.getvalue().endswith("\r\033[K")
    pipe = io.StringIO()
    quiet = biasmeter.cli._Progress(pipe)
    quiet.update(Counter(scored=5))
    quiet.close()
    assert pipe.getvalue() == ""


# ---------------------------------------------------------------------------------------------- explain


def test_explain_shows_scores_reasons_and_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = _run(capsys, "explain", article, "--title", "Council passes budget", "--color", "never")
    assert code == 0
    assert out.startswith("Reliability ")
    assert "\nSlant " in out
    assert "Why this reliability" in out
    assert "Why this slant" in out
    assert "  quote (1)\n" in out
    assert '[["This is a good day for our children,"]] Mayor Jane Smith told reporters.' in out
    assert "\033[" not in out


def test_explain_colour_and_no_color(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, model: Model
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    _, out, _ = _run(capsys, "explain", article, "--color", "always")
    assert "\033[1;33m" in out
    assert "[[" not in out

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert biasmeter.cli._use_color("auto", Terminal())
    assert not biasmeter.cli._use_color("auto", io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not biasmeter.cli._use_color("auto", Terminal())


def test_explain_says_why_it_abstains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    article = tmp_path / "short.txt"
    article.write_text('He said "no".', encoding="utf-8")
    code, out, _ = _run(capsys, "explain", article)
    assert code == 0
    assert out.startswith("Not scored (abstained: too short): the text has fewer than 25 words")
    assert "quote (1)" in out


def test_explain_missing_file(capsys: pytest.CaptureFixture[str], model: Model) -> None:
    code, _, err = _run(capsys, "explain", "no-such-article.txt")
    assert code == 2
    assert err == "biasmeter: error: no-such-article.txt: no such file\n"


def test_extract_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = _run(capsys, "extract", article)
    assert code == 0
    assert json.loads(out)["values"]["quote_count"] == 1.0


@pytest.mark.parametrize(
    "content",
    [
        b"Opinion\nThe plan fails, critics said.\n",
        b"\xef\xbb\xbfOpinion\nThe plan fails, critics said.\n",  # a byte order mark hid the heading
        b"Opinion\r\nThe plan fails, critics said.\r\n",
        b"\xef\xbb\xbfOpinion\rThe plan fails, critics said.\r",
    ],
)
def test_extract_reads_a_file_as_score_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model, content: bytes
) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(content)
    _, out, _ = _run(capsys, "extract", article)
    extracted = json.loads(out)
    _, out, _ = _run(capsys, "score", article)
    (scored,) = _lines(out)
    assert extracted["values"]["opinion_label"] == 1.0
    assert extracted["evidence"] == scored["evidence"]


def test_extract_reads_standard_input_as_score_does(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, model: Model
) -> None:
    # Bytes as sent: a byte order mark dropped, "\r\n" kept (text mode would make it "\n").
    content = b"\xef\xbb\xbfOpinion\r\nThe plan fails, critics said.\r\n"
    outputs = []
    for command in (["extract", "-"], ["score", "-", "--stdin-format", "txt"]):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(content)))
        _, out, _ = _run(capsys, *command)
        outputs.append(json.loads(out.splitlines()[0]) if command[0] == "score" else json.loads(out))
    extracted, scored = outputs
    assert extracted["evidence"][0]["text"] == "Opinion\r"
    assert extracted["evidence"] == scored["evidence"]


def test_extract_command_reads_a_web_page_as_score_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>Council approves budget</title>"
        "<script>var x = 'said';</script></head><body><nav>Home | News | Sports | Weather</nav>"
        f"<p>{ARTICLE}</p><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )
    _, out, _ = _run(capsys, "extract", page)
    extracted = json.loads(out)
    _, out, _ = _run(capsys, "score", page)
    (scored,) = _lines(out)
    # What was read, as score says it: the visible text and the page's title, which the evidence quotes.
    assert (
        (extracted["text"], extracted["title"])
        == (scored["text"], scored["title"])
        == (
            ARTICLE,
            "Council approves budget",
        )
    )
    assert extracted["values"] == scored["features"]
    assert extracted["evidence"] == scored["evidence"]
    for span in extracted["evidence"]:
        assert extracted[span["field"]][span["start"] : span["end"]] == span["text"]
    assert [span["text"] for span in extracted["evidence"] if span["kind"] == "attribution"] == [
        "said",
        "told",
    ]
    # A plain text says nothing of the kind: its evidence quotes the file as given.
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    _, out, _ = _run(capsys, "extract", article)
    assert sorted(json.loads(out)) == ["evidence", "values"]


# -------------------------------------------------------------------------------- with the shipped models


def test_explain_with_the_shipped_models(
    real_model: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = _run(capsys, "explain", article, "--color", "never")
    assert code == 0
    assert "Reliability " in out
    assert "Slant " in out
    assert "Evidence (" in out


def _console_script() -> str:
    found = shutil.which("biasmeter") or shutil.which("biasmeter", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the biasmeter console script is not installed (pip install -e .)")
    return found


def test_console_script_runs(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run(
        [_console_script(), "extract", str(article)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["values"]["word_count"] > 30


def test_console_script_scores_with_the_shipped_models(real_model: None, tmp_path: Path) -> None:
    source = _mixed_jsonl(tmp_path)
    environment = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [_console_script(), "score", str(source), "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=environment,
    )
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert done.returncode == 1
    assert [row["status"] for row in rows] == ["scored", "failed", "abstained"]
    assert done.stderr.strip().splitlines()[-1] == "scored 1, abstained 1, failed 1"


def test_nan_in_an_input_line_still_gives_standard_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    source = tmp_path / "nan.jsonl"
    source.write_text(json.dumps({"text": ARTICLE, "weight": float("nan")}) + "\n", encoding="utf-8")
    code, out, _ = _run(capsys, "score", source)
    assert code == 0
    assert "NaN" not in out
    assert json.loads(out)["weight"] is None


def test_score_handles_every_kind_of_bad_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    html = f"<html><head><title>Council</title></head><body><nav>Menu</nav><p>{ARTICLE}</p></body></html>"
    records = [
        {"id": "huge", "text": "word " * 200_001},
        {"id": "html", "text": html},
        {
            "id": "french",
            "text": "Le conseil municipal a voté mardi un budget pour les routes de la ville. " * 4,
        },
        {"id": "short", "text": "Five words are too few."},
        {"id": "surrogate", "text": ARTICLE + " \ud800"},
        {"id": "empty", "text": "   "},
    ]
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(b"\xff\xfe\x00\x81 not text \xc3\x28")
    code, out, err = _run(capsys, "score", corpus, garbage)
    results = _lines(out)
    assert code == 1
    assert len(results) == len(records) + 1
    status = {
        result["id"]: (result["status"], result.get("abstained") or result.get("error", ""))
        for result in results
    }
    assert status["huge"][0] == "failed"
    assert "max_chars" in status["huge"][1]
    assert status["html"] == ("scored", "")
    assert status["french"] == ("abstained", "language")
    assert status["short"] == ("abstained", "too short")
    assert status["surrogate"] == ("scored", "")
    assert status["empty"] == ("abstained", "no letters")
    assert results[-1]["status"] == "failed"
    assert err.strip().endswith("scored 2, abstained 3, failed 2")


@pytest.mark.parametrize(
    ("record", "title"),
    [
        ({}, "Council SHOCKER!!!"),  # no title: the page's, which its title evidence points into
        ({"title": ""}, "Council SHOCKER!!!"),
        ({"title": "Budget passes"}, "Budget passes"),
    ],
)
def test_score_writes_the_title_that_title_evidence_points_into(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model, record: dict[str, str], title: str
) -> None:
    page = f"<html><head><title>Council SHOCKER!!!</title></head><body><p>{ARTICLE}</p></body></html>"
    corpus = tmp_path / "pages.jsonl"
    corpus.write_text(json.dumps({"text": page, **record}) + "\n", encoding="utf-8")
    _, out, _ = _run(capsys, "score", corpus)
    (result,) = _lines(out)
    assert result["title"] == title
    spans = [span for span in result["evidence"] if span["field"] == "title"]
    assert all(title[span["start"] : span["end"]] == span["text"] for span in spans)


@pytest.mark.parametrize("command", ["score", "explain", "extract"])
def test_a_too_long_text_fails_with_advice_and_max_chars_raises_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model, command: str
) -> None:
    article = tmp_path / "book.txt"
    book = (ARTICLE + "\n\n") * (1_000_000 // (len(ARTICLE) + 2) + 1)
    article.write_text(book, encoding="utf-8")
    code, out, err = _run(capsys, command, article)
    message = (
        f"text is {len(book):,} characters long, more than max_chars=1,000,000; "
        "split it into articles or raise max_chars (--max-chars on the command line)"
    )
    if command == "score":
        assert code == 1
        assert json.loads(out)["error"] == message
    else:
        assert (code, out) == (2, "")
        assert err == f"biasmeter: error: {message}\n"
    code, out, _ = _run(capsys, command, article, "--max-chars", "2000000")
    assert code == 0
    if command == "score":
        assert json.loads(out)["status"] == "scored"
    elif command == "extract":
        assert json.loads(out)["values"]["word_count"] > 100_000
    else:
        assert out.startswith("Reliability ")


@pytest.mark.parametrize("output", ["stdout", "scored.jsonl", "scored.csv"])
def test_fields_with_lone_surrogates_do_not_stop_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model, output: str
) -> None:
    # A JSON "\ud800" escape decodes to a lone surrogate, which has no UTF-8 form.
    records = [
        {"id": "title", "text": ARTICLE, "title": "bad \ud800 title"},
        {"id": "id \udc00", "text": ARTICLE},
        {"id": "kept", "text": ARTICLE, "source": "x\ud800"},
        {"id": "last", "text": OTHER_ARTICLE},
    ]
    corpus = tmp_path / "surrogates.jsonl"
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    options = [] if output == "stdout" else ["-o", tmp_path / output]
    code, out, err = _run(capsys, "score", corpus, *options)
    assert code == 0
    assert err.endswith("scored 4, abstained 0, failed 0\n")
    written = out if output == "stdout" else (tmp_path / output).read_text(encoding="utf-8")
    if output.endswith(".csv"):
        rows = list(csv.DictReader(io.StringIO(written)))
        assert [row["id"] for row in rows] == ["title", "id ?", "kept", "last"]
        assert rows[0]["title"] == "bad ? title"
    else:
        results = _lines(written)
        assert [result["id"] for result in results] == ["title", "id ?", "kept", "last"]
        assert (results[0]["title"], results[2]["source"]) == ("bad ? title", "x?")


@pytest.mark.parametrize("command", ["score", "explain", "extract"])
def test_output_is_utf8_whatever_the_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model: Model, command: str
) -> None:
    article = tmp_path / "café.txt"
    quote = "“The café’s plan is a disgrace and a waste of money for the whole town,” the owner said."
    article.write_text(f"{ARTICLE} {quote}", encoding="utf-8")
    # Standard output as Windows gives it to a pipe, in a code page without curly quotes.
    buffer = io.BytesIO()
    stdout = io.TextIOWrapper(buffer, encoding="cp1252", write_through=True)
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main([command, str(article)]) == 0
    stdout.flush()
    # cp1252 has these characters too, but other bytes for them: only UTF-8 decodes.
    assert {"é", "’"} & set(buffer.getvalue().decode("utf-8"))


class _FullDisk(io.RawIOBase):
    full = True  # until the test is done: a wrapper garbage-collected later flushes what it still holds

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.full:
            raise OSError(28, "No space left on device")
        return len(data)


@pytest.mark.parametrize("command", ["score", "explain", "extract"])
def test_a_full_disk_on_standard_output_is_a_message(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    model: Model,
    command: str,
) -> None:
    article = tmp_path / "council.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    disk = _FullDisk()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(disk), write_through=True))
    assert main([command, str(article)]) == 2
    disk.full = False
    assert capsys.readouterr().err.endswith("biasmeter: error: cannot write: No space left on device\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_the_output_file_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model
) -> None:
    article = tmp_path / "council.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, _, err = _run(capsys, "score", article, "-o", "/dev/full")
    assert code == 2
    assert err.endswith("biasmeter: error: /dev/full: cannot write: No space left on device\n")


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.jsonl", ""), ("blank.jsonl", "\n\n"), ("header.csv", "text,title\n"), ("-", "")],
)
def test_an_empty_input_is_noted(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    model: Model,
    name: str,
    content: str,
) -> None:
    if name == "-":
        monkeypatch.setattr(sys, "stdin", io.StringIO(content))
    else:
        (tmp_path / name).write_text(content, encoding="utf-8")
    code, out, err = _run(capsys, "score", name if name == "-" else tmp_path / name)
    assert (code, out) == (0, "")
    assert err == (
        "biasmeter: no records read: the input is empty, or holds only blank lines, a CSV header or an "
        "empty JSON array\n"
        "scored 0, abstained 0, failed 0\n"
    )


def test_a_file_gone_before_its_turn_is_a_failed_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, model: Model
) -> None:
    first, gone, last = (tmp_path / f"{name}.txt" for name in ("first", "gone", "last"))
    for path in (first, gone, last):
        path.write_text(ARTICLE, encoding="utf-8")
    read = biasmeter.cli.iter_articles

    def remove_after_checking(*args: Any, **kwargs: Any) -> Iterator[Any]:
        records = read(*args, **kwargs)  # the paths are checked here
        gone.unlink()
        return records

    monkeypatch.setattr(biasmeter.cli, "iter_articles", remove_after_checking)
    code, out, err = _run(capsys, "score", first, gone, last)
    results = _lines(out)
    assert code == 1
    assert [(result["origin"], result["status"]) for result in results] == [
        (str(first), "scored"),
        (str(gone), "failed"),
        (str(last), "scored"),
    ]
    assert results[1]["error"] == "cannot open: No such file or directory"
    assert err.endswith("scored 2, abstained 0, failed 1\n")


@pytest.mark.parametrize("command", ["explain", "extract"])
@pytest.mark.parametrize("name", ["news.jsonl", "news.csv", "news.tsv", "article.txt.gz", "news.jsonl.xz"])
def test_explain_and_extract_refuse_files_of_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: Model, command: str, name: str
) -> None:
    path = tmp_path / name
    path.write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    code, out, err = _run(capsys, command, path)
    assert (code, out) == (2, "")
    assert err == (
        f"biasmeter: error: {path}: this command takes one article as plain text; score a file of records "
        f"with 'biasmeter score {path}', or pass one article's text on standard input as -\n"
    )
