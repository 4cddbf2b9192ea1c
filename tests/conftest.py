"""Shared fixtures: real articles from ../shared, read once per session."""

from __future__ import annotations

import json
import lzma
import os
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "kremlin-syria-2025-10.txt"
# Set by .ci/run: there, a test that would skip for want of ../shared fails instead, so that the tests
# on real articles cannot quietly stop running.
REQUIRE_SHARED = os.environ.get("BIASMETER_REQUIRE_SHARED") == "1"


def unavailable(path: Path) -> None:
    """Skip the test that needs ``path``, or fail it where the shared data is required."""
    message = f"{path} is not available"
    if REQUIRE_SHARED:
        pytest.fail(f"{message}, and BIASMETER_REQUIRE_SHARED=1 requires it")
    pytest.skip(message)


def shared_data(relative: str) -> Path:
    """The path of ``relative`` under ../shared/data, or skip (or fail) the test without it."""
    path = SHARED / "data" / relative
    if not path.exists():
        unavailable(path)
    return path


def read_corpus(relative: str, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` records of a corpus under ../shared/data, or skip the test without it."""
    path = shared_data(relative)
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        records: Iterator[dict[str, Any]] = (json.loads(line) for line in lines)
        return list(islice(records, limit))


@pytest.fixture(scope="session")
def example_text() -> str:
    if not EXAMPLE.exists():
        unavailable(EXAMPLE)
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def allsides_articles() -> list[dict[str, Any]]:
    return read_corpus("allsides/valid.jsonl.xz", 200)
