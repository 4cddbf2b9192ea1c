"""The benchmark scripts still run: each part on a handful of articles, checking what it prints, not speed.

Benchmarks are run by hand, so nothing else notices when a change in the package breaks one (a renamed
function that ``bench_score --part stages`` times, say). Their figures are not checked here: on a few
articles and a shared CI machine they mean nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_data

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def run_benchmark(script: str, *arguments: str) -> str:
    shared_data("allsides/valid.jsonl.xz")
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            ("--part", "speed", "--articles", "8"),
            [
                "8 AllSides articles",
                "importing numpy, scipy and scikit-learn:",
                "loading the default models and what scoring reads:",
                "n_jobs=1:",
                "n_jobs=2:",
                "speed-up",
            ],
        ),
        (
            ("--part", "stages", "--articles", "8"),
            [
                "first pass:",
                "second pass:",
                "features (extract)",
                "masking outlet names",
                "n-gram weights",
                "explanations",
                "other",
            ],
        ),
        (
            ("--part", "memory", "--memory-records", "3"),
            ["memory,      3 records streamed", "memory,     30 records streamed", "peak"],
        ),
    ],
)
def test_bench_score_runs(arguments: tuple[str, ...], expected: list[str]) -> None:
    output = run_benchmark("bench_score.py", *arguments)
    for text in expected:
        assert text in output


def test_bench_features_runs() -> None:
    output = run_benchmark("bench_features.py", "--articles", "4")
    for text in ("4 AllSides articles", "biasmeter.extract:", "naive (VADER", "ratio:", "linearity:"):
        assert text in output
