"""Outlet summaries: grouping, means and t-intervals checked by hand, the sources command and its chart."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest

from biasmeter.cli import main
from biasmeter.errors import BiasmeterError
from biasmeter.sources import aggregate, mean_interval, read_scored

# Student's t quantiles for a two-sided 95% interval, from a printed table: t(0.975, df).
T_975 = {1: 12.706205, 2: 4.302653, 3: 3.182446}


def _scored(url: str | None, reliability: float, slant: float, **fields: Any) -> dict[str, Any]:
    return {"status": "scored", "url": url, "reliability": reliability, "slant": slant, **fields}


RECORDS = [
    _scored("https://www.cnn.com/2020/a", 40.0, -0.5),
    _scored("http://politicalticker.blogs.cnn.com/b", 50.0, -0.25),
    _scored("https://edition.cnn.com/c", 60.0, 0.0),
    _scored("https://www.foxnews.com/a", 30.0, 0.5),
    _scored("https://foxnews.com/b", 50.0, 0.75),
    _scored(None, 70.0, 0.1, source="Reuters - News"),
    _scored(None, 20.0, 0.9),
    {"status": "abstained", "url": "https://www.cnn.com/d", "reliability": None, "slant": None},
    {"status": "failed", "url": "https://www.cnn.com/e", "error": "no 'text' field"},
]


def _hand_interval(values: list[float]) -> tuple[float, float, float]:
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((value - mean) ** 2 for value in values) / (n - 1))
    half = T_975[n - 1] * sd / math.sqrt(n)
    return mean, mean - half, mean + half


def test_mean_interval_matches_a_hand_computation() -> None:
    # 40, 50, 60: mean 50, s = 10, s/√3 = 5.7735, t(0.975, 2) = 4.303 → 50 ± 24.84.
    estimate = mean_interval([40.0, 50.0, 60.0])
    assert estimate.mean == 50.0
    assert estimate.low == pytest.approx(50 - 4.302653 * 10 / math.sqrt(3), abs=1e-4)
    assert estimate.high == pytest.approx(74.841, abs=1e-3)
    assert estimate.n == 3


def test_mean_interval_edge_cases() -> None:
    assert mean_interval([]).mean is None
    single = mean_interval([0.3])
    assert (single.mean, single.low, single.high) == (0.3, None, None)
    same = mean_interval([0.2, 0.2])
    assert (same.low, same.high) == (pytest.approx(0.2), pytest.approx(0.2))
    with pytest.raises(BiasmeterError, match="confidence"):
        mean_interval([1.0, 2.0], confidence=95)


def test_aggregate_groups_by_registrable_domain_then_source() -> None:
    stats = aggregate(RECORDS)
    assert [(item.outlet, item.articles) for item in stats] == [
        ("cnn.com", 3),
        ("foxnews.com", 2),
        ("reuters", 1),
        ("unknown", 1),
    ]
    cnn, fox, reuters, _ = stats
    mean, low, high = _hand_interval([40.0, 50.0, 60.0])
    assert (cnn.reliability.mean, cnn.reliability.low, cnn.reliability.high) == (
        pytest.approx(mean),
        pytest.approx(low, abs=1e-3),
        pytest.approx(high, abs=1e-3),
    )
    mean, low, high = _hand_interval([-0.5, -0.25, 0.0])
    assert cnn.slant.mean == pytest.approx(mean)
    assert (cnn.slant.low, cnn.slant.high) == (pytest.approx(low, abs=1e-4), pytest.approx(high, abs=1e-4))
    mean, low, high = _hand_interval([30.0, 50.0])  # 40 ± 12.706 · 14.142 / 1.414 = 40 ± 127.06
    assert (fox.reliability.mean, fox.reliability.low) == (40.0, pytest.approx(low, abs=1e-2))
    assert reuters.reliability.low is None
    assert [item.outlet for item in aggregate(RECORDS, min_articles=2)] == ["cnn.com", "foxnews.com"]


# Scores that biasmeter score never writes: not numbers, not finite, or off their scale (1e308 once
# overflowed the standard deviation).
BAD_SCORES = [
    ("reliability", True),
    ("reliability", "abc"),
    ("reliability", [50]),
    ("reliability", math.nan),
    ("reliability", math.inf),
    ("reliability", 1e308),
    ("reliability", -0.5),
    ("slant", 50.0),
]


@pytest.mark.parametrize(("metric", "value"), BAD_SCORES)
def test_aggregate_refuses_a_score_that_is_not_a_number_on_its_scale(metric: str, value: Any) -> None:
    record = {"id": "x", "status": "scored", "url": "a.com", "reliability": 50.0, "slant": 0.0, metric: value}
    with pytest.raises(BiasmeterError, match=f"^x: {metric} must be a number from "):
        aggregate([record])


def test_a_rounding_error_past_the_end_of_a_scale_is_a_score() -> None:
    [outlet] = aggregate([_scored("https://a.com", 100.00000000000001, -1.0000000000000002)])
    assert outlet.reliability.mean == pytest.approx(100.0)


@pytest.mark.parametrize(("metric", "value"), BAD_SCORES)
def test_sources_skips_a_line_with_a_bad_score_and_summarises_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], metric: str, value: Any
) -> None:
    bad = {**RECORDS[0], metric: value}
    scored = tmp_path / "scored.jsonl"
    # json.dumps writes NaN and Infinity as Python's json reads them.
    scored.write_text("".join(json.dumps(record) + "\n" for record in [RECORDS[1], bad, RECORDS[2]]))
    assert main(["sources", str(scored)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1].split()[:2] == ["cnn.com", "2"]
    assert f"the first: {scored}:2: {metric} must be a number from " in captured.err


@pytest.mark.parametrize(
    ("lines", "options", "message"),
    [
        ([], [], "no scored articles read; the input is empty"),
        ([RECORDS[7], RECORDS[8], RECORDS[8]], [], "the records read are 1 abstained, 2 failed"),
        (RECORDS[:2], ["--min-articles", "3"], "no outlet has at least 3 scored articles (2 in all)"),
        (
            [{**RECORDS[0], "slant": math.nan}, RECORDS[7]],
            [],
            "the records read are 1 abstained; lines that are not biasmeter score output: 1, the first: ",
        ),
    ],
)
def test_sources_says_why_it_has_no_outlet_to_show(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lines: list[dict[str, Any]],
    options: list[str],
    message: str,
) -> None:
    scored = _write_jsonl(tmp_path / "scored.jsonl", lines)
    assert main(["sources", str(scored), *options]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # not an empty table
    assert message in captured.err


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_sources_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scored = _write_jsonl(tmp_path / "scored.jsonl", RECORDS)
    assert main(["sources", str(scored)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["outlet", "articles", "reliability", "95%", "CI", "slant", "95%", "CI"]
    # cnn.com: reliability 50.0 [25.2, 74.8]; slant -0.25 ± 4.303 · 0.25 / √3 = [-0.87, +0.37].
    assert lines[1].split() == ["cnn.com", "3", "50.0", "[25.2,", "74.8]", "-0.25", "[-0.87,", "+0.37]"]
    assert lines[3].split() == ["reuters", "1", "70.0", "n/a", "+0.10", "n/a"]
    assert len({line.index("articles") if i == 0 else None for i, line in enumerate(lines)}) == 2
    assert all(len(line.rstrip()) <= len(lines[1]) + 10 for line in lines)


def test_sources_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scored = _write_jsonl(tmp_path / "scored.jsonl", RECORDS)
    assert main(["sources", str(scored), "--format", "csv", "--min-articles", "2"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["outlet"] for row in rows] == ["cnn.com", "foxnews.com"]
    assert float(rows[0]["reliability_ci_low"]) == pytest.approx(25.159, abs=1e-3)
    assert float(rows[1]["slant_mean"]) == 0.625


def test_sources_reads_score_csv_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "scored.csv"
    with table.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "status", "reliability", "slant", "url", "extra"])
        writer.writerow(["a", "scored", "40", "-0.5", "https://www.cnn.com/a", ""])
        writer.writerow(["b", "scored", "60", "0.5", "", json.dumps({"source": "CNN - Editorial"})])
        writer.writerow(["c", "abstained", "", "", "https://www.cnn.com/c", ""])
    assert main(["sources", str(table), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(row["outlet"], row["articles"], row["reliability_mean"]) for row in rows] == [
        ("cnn", "1", "60.0"),
        ("cnn.com", "1", "40.0"),
    ]
    assert rows[0]["reliability_ci_low"] == ""


def test_one_run_read_twice_counts_each_article_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    located = [
        {**record, "id": f"r{number}", "origin": "in.jsonl", "line": number}
        for number, record in enumerate(RECORDS, start=1)
    ]
    (tmp_path / "scored.jsonl").write_text("".join(json.dumps(record) + "\n" for record in located))
    columns = ("id", "origin", "line", "status", "reliability", "slant", "url", "source")
    with (tmp_path / "scored.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        writer.writerows([record.get(key) for key in columns] for record in located)
    assert main(["sources", str(tmp_path / "scored.jsonl"), "--format", "csv"]) == 0
    once = capsys.readouterr().out
    assert main(["sources", str(tmp_path), "--format", "csv"]) == 0
    twice, err = capsys.readouterr()
    assert twice == once
    assert "left out 9 records repeating a result read before" in err


def test_two_runs_over_standard_input_are_both_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Both runs read "-": the same origins, lines and ids, other articles.
    for day, score in (("mon", 40.0), ("tue", 60.0)):
        record = {
            **_scored("https://www.cnn.com/a", score, 0.0),
            "id": "stdin:1",
            "origin": "<stdin>",
            "line": 1,
        }
        (tmp_path / f"{day}.jsonl").write_text(json.dumps(record) + "\n")
    assert main(["sources", str(tmp_path / "mon.jsonl"), str(tmp_path / "tue.jsonl"), "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert [row["articles"] for row in csv.DictReader(io.StringIO(out))] == ["2"]
    assert "left out" not in err


def test_sources_skips_and_counts_lines_that_are_not_score_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scored = tmp_path / "scored.jsonl"
    scored.write_text(json.dumps(RECORDS[0]) + "\n{broken\n" + json.dumps({"text": "an input"}) + "\n")
    assert main(["sources", str(scored)]) == 1
    captured = capsys.readouterr()
    assert "cnn.com" in captured.out
    assert "skipped 2 lines that are not biasmeter score output" in captured.err
    articles = _write_jsonl(tmp_path / "articles.jsonl", [{"text": "not scored yet"}])
    assert main(["sources", str(articles)]) == 2
    assert capsys.readouterr().err.startswith("biasmeter: error: no scored articles read")


def test_read_scored_reports_a_missing_file_at_once(tmp_path: Path) -> None:
    with pytest.raises(BiasmeterError, match="no such file"):
        read_scored(tmp_path / "missing.jsonl")


@pytest.mark.parametrize("name", ["article.txt", "article.md.gz", "inputs.tsv"])
def test_read_scored_refuses_files_that_are_not_score_output(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"unused")
    with pytest.raises(BiasmeterError, match=r"files are not read here; supported: \.jsonl, .*\.csv "):
        read_scored(tmp_path / name)


def test_read_scored_takes_only_score_output_from_a_folder(tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "scored.jsonl", RECORDS[:2])
    (tmp_path / "article.txt").write_text("Words of an article that a status must not be taken from.")
    notes: list[str] = []
    scored = read_scored(tmp_path, log=notes.append)
    assert [record["url"] for record in scored] == [record["url"] for record in RECORDS[:2]]
    assert scored.problems == []
    assert notes == [f"{tmp_path}: left out 1 file of other kinds (1 .txt)"]


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_chart_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    pytest.importorskip("matplotlib")
    scored = _write_jsonl(tmp_path / "scored.jsonl", RECORDS)
    chart = tmp_path / f"landscape{suffix}"
    assert main(["sources", str(scored), "--chart", str(chart)]) == 0
    data = chart.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:2000]
    if suffix == ".svg":
        assert b"cnn.com (3)" in data or b"cnn.com" in data
    assert "chart of 4 outlets written" in capsys.readouterr().err


def test_chart_of_one_outlet_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    scored = _write_jsonl(tmp_path / "scored.jsonl", RECORDS[:1])
    assert main(["sources", str(scored), "--chart", str(tmp_path / "one.svg")]) == 0
    assert "chart of 1 outlet written" in capsys.readouterr().err


def test_chart_without_matplotlib(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [name for name in sys.modules if name == "matplotlib" or name.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    scored = _write_jsonl(tmp_path / "scored.jsonl", RECORDS)
    assert main(["sources", str(scored), "--chart", str(tmp_path / "c.png")]) == 2
    captured = capsys.readouterr()
    assert "python -m pip install matplotlib" in captured.err
    assert captured.out == ""  # nothing is printed before the failure


@pytest.mark.parametrize(
    ("name", "message"), [("c.jpeg", "must end in .png, .svg, .pdf"), ("missing/c.png", "does not exist")]
)
def test_chart_file_name_is_checked_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    scored = _write_jsonl(tmp_path / "scored.jsonl", RECORDS)
    assert main(["sources", str(scored), "--chart", str(tmp_path / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
