"""Resuming ``biasmeter score -o FILE``: what a stopped run wrote, and which input records that covers.

A run writes one JSON Lines record per input record, in input order, each line whole and flushed, and
each naming the input record it stands for (``origin`` and ``line``). So the complete lines of a stopped
run's output are the results of the first input records, and a new run over the same inputs can keep
them, check that they belong to these inputs, and score only the rest. Both passes over the earlier
output stream it, so memory stays flat however many records it holds.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from biasmeter._wording import plural
from biasmeter.corpus import Record
from biasmeter.errors import BiasmeterError

__all__ = ["EarlierOutput", "read_earlier_output", "skip_done"]


@dataclass(frozen=True)
class EarlierOutput:
    """The complete records of a stopped run's JSON Lines output.

    Attributes
    ----------
    path : Path
        The output file.
    statuses : Counter
        How many of its complete records were scored, abstained and failed.
    complete_bytes : int
        Where its last complete record ends; what follows (a record cut off mid-line) is dropped.
    """

    path: Path
    statuses: Counter[str]
    complete_bytes: int

    @property
    def records(self) -> int:
        return sum(self.statuses.values())

    @property
    def cut_off(self) -> bool:
        """Whether the file goes on after its last complete record."""
        return self.path.stat().st_size > self.complete_bytes


def _lines(path: Path) -> Generator[tuple[int, bytes], None, None]:
    """The complete lines of a file, numbered from 1, without their line break."""
    with open(path, "rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.endswith(b"\n"):
                return
            yield number, line


def _position(path: Path, number: int, line: bytes) -> tuple[str, int, str]:
    """The input record (origin, line) that an output line stands for, and its status."""
    try:
        data: Any = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("origin"), str)
        or not isinstance(data.get("line"), int)
        or not isinstance(data.get("status"), str)
    ):
        raise BiasmeterError(
            f"{path}: line {number} is not a record written by 'biasmeter score' (JSON Lines with origin, "
            "line and status); cannot resume from it"
        )
    return data["origin"], data["line"], data["status"]


def read_earlier_output(path: Path) -> EarlierOutput:
    """Count the complete records of an earlier run's output, checking that each is score output.

    Raises
    ------
    BiasmeterError
        If a complete line is not a JSON Lines record of ``biasmeter score``.
    """
    statuses: Counter[str] = Counter()
    complete = 0
    for number, line in _lines(path):
        statuses[_position(path, number, line)[2]] += 1
        complete += len(line)
    return EarlierOutput(path, statuses, complete)


def _check_stands_for(earlier: EarlierOutput, number: int, line: bytes, record: Record | None) -> None:
    """Check that the earlier output's record ``number`` is the result of this input record."""
    if record is None:
        raise BiasmeterError(
            f"{earlier.path} holds {plural(earlier.records, 'record')}, more than these inputs have; it was "
            "written from other inputs"
        )
    origin, input_line, _ = _position(earlier.path, number, line)
    if (origin, input_line) != (record.origin, record.line):
        raise BiasmeterError(
            f"{earlier.path} was not written from these inputs: its record {number:,} is of {origin}:"
            f"{input_line}, but input record {number:,} is {record.origin}:{record.line}. Give the inputs of "
            "the run that wrote it, named the same way, or write to a new file"
        )


def skip_done(records: Iterable[Record], earlier: EarlierOutput) -> Iterator[Record]:
    """Read past the input records that ``earlier`` holds the results of, and return the rest.

    The records passed over are read now, each checked against the earlier record in its place, so that
    a mismatch is found before anything is scored or written.

    Raises
    ------
    BiasmeterError
        When an earlier record stands for another input record than the one in its place (other inputs,
        or the same files named by other paths), or the inputs end before the earlier records do.
    """
    remaining = iter(records)
    if earlier.records:
        lines = _lines(earlier.path)
        try:
            for number, line in lines:
                _check_stands_for(earlier, number, line, next(remaining, None))
                if number == earlier.records:
                    break
        finally:
            lines.close()
    return remaining
