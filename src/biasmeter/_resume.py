"""Resuming ``biasmeter score -o FILE``: what a stopped run wrote, and which input records that covers.

A run writes one JSON Lines record per input record, in input order, each line whole and flushed, and
each naming the input record it stands for (``origin`` and ``line``, with its ``id`` and ``title``). So
the complete lines of a stopped run's output are the results of the first input records, and a new run
over the same inputs can keep them, check that they belong to these inputs, and score only the rest. The
earlier output is read once, line by line, beside the input records it stands for, so memory stays flat
however many records it holds.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from biasmeter._input import record_id
from biasmeter._wording import plural
from biasmeter.corpus import Record
from biasmeter.errors import BiasmeterError
from biasmeter.scoring import Model

__all__ = ["EarlierOutput", "check_model", "resume"]


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
    sample : tuple of (int, Record, dict) or None
        The first scored record, as (its number in the file, its input record, the record written), by
        which `check_model` tells whether the model now in use wrote the file.
    """

    path: Path
    statuses: Counter[str]
    complete_bytes: int
    sample: tuple[int, Record, dict[str, Any]] | None = None

    @property
    def records(self) -> int:
        return sum(self.statuses.values())

    @property
    def cut_off(self) -> bool:
        """Whether the file goes on after its last complete record."""
        return self.path.stat().st_size > self.complete_bytes


def _lines(path: Path) -> Generator[tuple[int, bytes], None, None]:
    """The complete lines of a file, numbered from 1, each with its line break.

    A last line without one is incomplete and not given.
    """
    with open(path, "rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.endswith(b"\n"):
                return
            yield number, line


def _position(path: Path, number: int, line: bytes) -> tuple[str, int, str, dict[str, Any]]:
    """The input record (origin, line) that an output line stands for, its status, and the record."""
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
    return data["origin"], data["line"], data["status"], data


def _changed_field(earlier: dict[str, Any], record: Record) -> str | None:
    """The field (id or title) in which an earlier output record and its input record differ, if any."""
    data = record.data or {}
    # Compared as written: an id as `score` gives it (3.0 -> "3"), text as UTF-8 can hold it (a lone
    # surrogate is written as "?"). A record that could not be read, or whose id is no id, is not compared.
    try:
        identifier = record_id(data.get("id"))
    except BiasmeterError:
        identifier = None
    if earlier.get("id") is not None and identifier is not None and earlier["id"] != _as_written(identifier):
        return "id"
    title = data.get("title")
    # A title in the output is the input's, or a web page's own <title> when the input had none.
    if isinstance(title, str) and title and earlier.get("title") != _as_written(title):
        return "title"
    return None


def _as_written(text: str | None) -> str | None:
    return None if text is None else text.encode("utf-8", errors="replace").decode("utf-8")


def _check_rest(path: Path, lines: Iterator[tuple[int, bytes]]) -> int:
    """Check that the lines left are score output too, which says more than a mismatch; count them."""
    count = 0
    for number, line in lines:
        _position(path, number, line)
        count += 1
    return count


def resume(records: Iterable[Record], path: Path) -> tuple[EarlierOutput, Iterator[Record]]:
    """Read an earlier run's output beside the input records it stands for; return it and the rest.

    Each complete record of the output is checked against the input record in its place, so that a
    mismatch is found before anything is scored or written; the input records it holds are passed over.

    Raises
    ------
    BiasmeterError
        When a complete line is not a JSON Lines record of ``biasmeter score``, an earlier record stands
        for another input record than the one in its place (other inputs, the same files named by other
        paths, or a file rewritten since with other ids or titles), or the inputs end before the earlier
        records do.
    """
    remaining = iter(records)
    statuses: Counter[str] = Counter()
    complete = 0
    sample = None
    lines = _lines(path)
    try:
        for number, line in lines:
            origin, input_line, status, earlier = _position(path, number, line)
            record = next(remaining, None)
            if record is None:
                held = number + _check_rest(path, lines)
                raise BiasmeterError(
                    f"{path} holds {plural(held, 'record')}, more than these inputs have; it was written "
                    "from other inputs"
                )
            if (origin, input_line) != (record.origin, record.line):
                _check_rest(path, lines)
                raise BiasmeterError(
                    f"{path} was not written from these inputs: its record {number:,} is of {origin}:"
                    f"{input_line}, but input record {number:,} is {record.origin}:{record.line}. Give the "
                    "inputs of the run that wrote it, named the same way, or write to a new file"
                )
            changed = _changed_field(earlier, record)
            if changed is not None:
                _check_rest(path, lines)
                raise BiasmeterError(
                    f"{path} was not written from these inputs as they are now: its record {number:,} "
                    f"({origin}:{input_line}) has another {changed} than the input record in its place. "
                    "The inputs changed since (or an earlier version of biasmeter, which read them "
                    "otherwise, wrote it); write to a new file"
                )
            if sample is None and status == "scored":
                sample = (number, record, earlier)
            statuses[status] += 1
            complete += len(line)
    finally:
        lines.close()
    return EarlierOutput(path, statuses, complete, sample), remaining


def check_model(earlier: EarlierOutput, model: Model, max_chars: int) -> None:
    """Check that ``model`` gives the scores of the first scored record that ``earlier`` holds.

    A run goes on only with the model that began it: else the file would mix two models' scores, which no
    line of it would show. One article is scored again to tell. It also tells a ``--text-field`` or a
    smaller ``--max-chars`` than the first run's, which leave that article unscored; a larger
    ``--max-chars`` is not told.

    Raises
    ------
    BiasmeterError
        When the scores differ.
    """
    if earlier.sample is None:
        return
    number, record, written = earlier.sample
    (now,) = model.score_many([record.data], max_chars=max_chars)
    where = f"its record {number:,} ({record.origin}:{record.line})"
    if now.status != "scored":
        # The input is read otherwise than by the run that began the file: a --text-field or --max-chars.
        reason = now.error or f"abstained: {now.abstained}"
        raise BiasmeterError(
            f"{earlier.path} was written with other settings: {where} was scored, but now it is not "
            f"({reason}). Resume with the --text-field and --max-chars that began the run, or write to a "
            "new file"
        )
    for target in ("reliability", "slant"):
        if written.get(target) != getattr(now, target):
            raise BiasmeterError(
                f"{earlier.path} was written with another model: {where} has {target} "
                f"{written.get(target)}, but the model in use gives {getattr(now, target)}. Resume with the "
                "--model that began the run, or write to a new file"
            )
