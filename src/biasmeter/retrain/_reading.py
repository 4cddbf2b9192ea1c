"""Reading a corpus for training or evaluation: the usable records, and the unusable ones named.

Records come from `~biasmeter.corpus.iter_records` (which knows each one's file and line), from any
iterable of mappings, or from a file name. An article is usable when it has a non-empty ``text`` within
the length limit of scoring; `_read` refuses the corpus when some are not, unless asked to skip them.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from biasmeter._input import DEFAULT_MAX_CHARS, check_not_a_table
from biasmeter.corpus import Record, iter_records
from biasmeter.errors import BiasmeterError
from biasmeter.retrain._common import Progress


@dataclass(frozen=True)
class _Row:
    """One usable article: its fields, where it came from (for messages) and its place in the input."""

    data: dict[str, Any]
    where: str
    position: int


@dataclass
class _Reading:
    rows: list[_Row]
    total: int
    bad: list[str]

    @property
    def notes(self) -> list[str]:
        """What the metrics and the card say about the reading: the count of unusable lines left out."""
        return [f"skipped {len(self.bad):,} unusable lines"] if self.bad else []


def _text_problem(data: Mapping[str, Any]) -> str | None:
    text = data.get("text")
    if not isinstance(text, str):
        return f"no 'text' string (fields: {', '.join(map(str, data)) or 'none'})"
    if not text.strip():
        return "'text' is empty"
    if len(text) > DEFAULT_MAX_CHARS:
        return f"'text' is {len(text):,} characters long, more than {DEFAULT_MAX_CHARS:,}"
    title = data.get("title")
    if isinstance(title, str) and len(title) > DEFAULT_MAX_CHARS:
        return f"'title' is {len(title):,} characters long, more than {DEFAULT_MAX_CHARS:,}"
    return None


def _read(
    records: Any, skip_bad_lines: bool, progress: Progress | None, log: Callable[[str], None] | None
) -> _Reading:
    """Every usable record, or a `BiasmeterError` naming the unusable ones (unless they are to be skipped)."""
    if isinstance(records, (str, os.PathLike)):
        records = iter_records([records])
    if isinstance(records, Mapping):
        raise BiasmeterError("records must be an iterable of records (mappings), got a single mapping")
    if isinstance(records, (bytes, bytearray)):
        raise BiasmeterError(
            f"records must be a file's path or an iterable of records, got {type(records).__name__}"
        )
    check_not_a_table(records, "records must be an iterable of records (mappings)")
    rows: list[_Row] = []
    bad: list[str] = []
    total = 0
    for position, item in enumerate(records):
        total += 1
        if isinstance(item, Record):
            where = f"{item.origin}:{item.line}"
            problem = item.error
            data = item.data
            if problem is None and data is not None:
                extra = _text_problem(data)
                problem = f"{where}: {extra}" if extra else None
        elif isinstance(item, Mapping):
            where = f"record {position + 1}"
            data = dict(item)
            extra = _text_problem(data)
            problem = f"{where}: {extra}" if extra else None
        else:
            raise BiasmeterError(
                f"record {position + 1} is a {type(item).__name__}; expected a mapping with 'text' (and a "
                "label field) or a biasmeter.corpus.Record"
            )
        if problem is not None or data is None:
            bad.append(problem or f"{where}: unreadable record")
        else:
            rows.append(_Row(data, where, position))
        if progress is not None and total % 1000 == 0:
            progress("reading", total, 0)
    if progress is not None:
        progress("reading", total, total)
    if total == 0:
        raise BiasmeterError(
            "the corpus is empty: no articles were read; expected one article per line or row"
        )
    if bad:
        listed = "; ".join(bad[:3]) + (f"; and {len(bad) - 3:,} more" if len(bad) > 3 else "")
        if not skip_bad_lines:
            raise BiasmeterError(
                f"{len(bad):,} of {total:,} lines cannot be used: {listed}. Fix them, or pass "
                "--skip-bad-lines (Python: skip_bad_lines=True) to leave them out and have the count "
                "reported; figures from a silently smaller corpus would mislead"
            )
        if not rows:
            raise BiasmeterError(f"no usable articles: all {total:,} lines cannot be used: {listed}")
        if log is not None:
            log(f"skipped {len(bad):,} of {total:,} lines that cannot be used: {listed}")
    return _Reading(rows, total, bad)


def _fields_seen(rows: Sequence[_Row]) -> str:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row.data:
            seen.setdefault(str(key), None)
    names = list(seen)
    return ", ".join(names[:30]) + (f" and {len(names) - 30} more" if len(names) > 30 else "")


def _articles(rows: Sequence[_Row]) -> list[tuple[str, str | None]]:
    pairs = []
    for row in rows:
        title = row.data.get("title")
        if title is not None and not isinstance(title, str):
            title = str(title)
        pairs.append((str(row.data["text"]), title or None))
    return pairs


def _per_record(rows: list[_Row], values: Sequence[Any], total: int, name: str) -> list[Any]:
    """The entries of ``values`` (one per record read, usable or not) that belong to the usable ``rows``."""
    listed = list(values)
    if len(listed) != total:
        raise BiasmeterError(f"{name} has {len(listed):,} entries for {total:,} records; give one per record")
    return [listed[row.position] for row in rows]


def _weights(
    all_rows: list[_Row], rows: list[_Row], weights: str | Sequence[Any], total: int
) -> npt.NDArray[np.float64]:
    """One positive, finite weight per usable article, from a column or from one value per record."""
    values: list[Any]
    if isinstance(weights, str):
        if not any(weights in row.data for row in all_rows):
            raise BiasmeterError(f"no column {weights!r} to weigh by; columns seen: {_fields_seen(all_rows)}")
        values = [row.data.get(weights) for row in rows]
    else:
        values = _per_record(rows, weights, total, "article_weights")
    parsed = np.empty(len(rows))
    for index, (row, value) in enumerate(zip(rows, values)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and number > 0):
            raise BiasmeterError(f"{row.where}: the weight must be a positive number, got {value!r}")
        parsed[index] = number
    return parsed
