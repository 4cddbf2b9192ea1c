"""Shared fixtures: real articles from ../shared, read once per session."""

from __future__ import annotations

import json
import lzma
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "kremlin-syria-2025-10.txt"


def read_corpus(relative: str, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` records of a corpus under ../shared/data, or skip the test without it."""
    path = SHARED / "data" / relative
    if not path.exists():
        pytest.skip(f"{path} is not available")
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        records: Iterator[dict[str, Any]] = (json.loads(line) for line in lines)
        return list(islice(records, limit))


@pytest.fixture(scope="session")
def example_text() -> str:
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} is not available")
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def allsides_articles() -> list[dict[str, Any]]:
    return read_corpus("allsides/valid.jsonl.xz", 200)
