"""The ``biasmeter`` command line: score, explain, sources, extract, train and evaluate.

Every command maps onto the Python API (`biasmeter.score_many`, `biasmeter.Score.explain`,
`biasmeter.sources.aggregate`, `biasmeter.extract`); ``train`` and ``evaluate`` live in
`biasmeter.cli_train`. These are the only modules that print.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import math
import os
import re
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from biasmeter import __version__
from biasmeter._arguments import (
    add_text_field_option,
    check_output_is_not_input,
    epilog,
    is_terminal,
    jobs,
    whole_number,
)
from biasmeter._console import EXIT_INTERRUPTED
from biasmeter._input import DEFAULT_MAX_CHARS, check_output_file
from biasmeter._resume import check_model, resume
from biasmeter._wording import plural
from biasmeter.cli_train import register as register_training_commands
from biasmeter.corpus import (
    COMPRESSION_SUFFIXES,
    FORMAT_SUFFIXES,
    Record,
    input_field_names,
    iter_articles,
    standard_input,
)
from biasmeter.errors import BiasmeterError
from biasmeter.features import extract
from biasmeter.report import render_report
from biasmeter.scoring import (
    RESULT_FIELDS,
    TARGETS,
    Model,
    Score,
    default_model,
    load_model,
)

if TYPE_CHECKING:
    from biasmeter.sources import ScoredFile

__all__ = ["build_parser", "main"]

_EXIT_OK, _EXIT_FAILED, _EXIT_USAGE = 0, 1, 2
# As a shell reports a program ended by SIGPIPE: the reader of standard output went away (`… | head`).
_EXIT_BROKEN_PIPE = 128 + 13
_FORMATS = ("jsonl", "csv")
# Input fields that a result carries on its own terms; the record's other fields come back as given.
_ARTICLE_FIELDS = ("text", "title", "url", "id")
_LOCATED_RESULT_FIELDS = RESULT_FIELDS | {"origin", "line"}
_REASONS_IN_CSV = 3
_CSV_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 control characters but \t, \n and \r
_PROGRESS_INTERVAL = 0.2  # seconds between redraws: often enough to look alive, rare enough to cost nothing


# ---------------------------------------------------------------------------------------------- input


def _read_text(path: str) -> str:
    # Read as they are, records or compressed bytes would be taken for the words of one article.
    suffix = Path(path).suffix.lower()
    if suffix in COMPRESSION_SUFFIXES or FORMAT_SUFFIXES.get(suffix) in ("jsonl", "csv", "tsv"):
        raise BiasmeterError(
            f"{path}: this command takes one article as plain text; score a file of records with "
            f"'biasmeter score {path}', or pass one article's text on standard input as -"
        )
    try:
        # As `score` reads a text file (or standard input with --stdin-format txt): as bytes, without the
        # byte order mark, which would hide a heading on the first line, and with its line breaks as they
        # are (text mode would turn "\r\n" into "\n"), so that evidence offsets are the same in both.
        data = standard_input().read() if path == "-" else Path(path).read_bytes()
        return data.decode("utf-8-sig")
    except FileNotFoundError:
        raise BiasmeterError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        source = "standard input" if path == "-" else path
        raise BiasmeterError(f"{source} is not UTF-8 text (byte {error.start}); convert it first") from None
    except IsADirectoryError:
        raise BiasmeterError(f"{path} is a directory; give a text file") from None
    except OSError as error:
        raise BiasmeterError(f"{path}: cannot read: {error.strerror or error}") from None


def _model(path: str | None) -> Model:
    return load_model(path) if path else default_model()


# --------------------------------------------------------------------------------------------- output


class _Sink:
    """Where output lines go: each line is written whole and flushed, so a reader sees complete lines."""

    def write(self, line: str) -> None:
        raise NotImplementedError

    def keep_complete(self) -> None:
        """After an interruption, make sure the output ends after the last complete line."""

    def close(self) -> None:
        """Release the output."""


class _StdoutSink(_Sink):
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, line: str) -> None:
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class _FileSink(_Sink):
    def __init__(self, path: Path, *, keep: int = 0) -> None:
        """Write to ``path`` from scratch, or after its first ``keep`` bytes (a resumed run's records)."""
        self.path = path
        try:
            # Closed in close(), after the run.
            self.stream: IO[bytes] = open(path, "r+b" if keep else "wb")  # noqa: SIM115
            if keep:
                self.stream.truncate(keep)
                self.stream.seek(keep)
        except OSError as error:
            raise self._cannot_write(error) from None
        self.complete = keep  # bytes of the file known to end after a complete line

    def _cannot_write(self, error: OSError) -> BiasmeterError:
        return BiasmeterError(f"{self.path}: cannot write: {error.strerror or error}")

    def write(self, line: str) -> None:
        # The same encoding as standard output gets in `main`: a lone surrogate becomes "?".
        data = line.encode("utf-8", "replace")
        try:
            self.stream.write(data)
            self.stream.flush()
        except OSError as error:  # a full disk, a network drive gone
            raise self._cannot_write(error) from None
        self.complete += len(data)

    def keep_complete(self) -> None:
        # An interruption can land between writing a line and counting it: cut the file back to the last
        # line that was counted, so what remains parses.
        try:
            self.stream.flush()
        finally:
            self.stream.truncate(self.complete)

    def close(self) -> None:
        self.stream.close()


class _Progress:
    """A one-line counter on standard error, redrawn in place; only on a terminal, from the 2nd record."""

    def __init__(self, stream: TextIO, *, allowed: bool = True) -> None:
        self.stream = stream
        self.enabled = allowed and is_terminal(stream)
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, counts: Counter[str]) -> None:
        done = sum(counts.values())
        now = time.monotonic()
        if not self.enabled or done < 2 or now - self.last < _PROGRESS_INTERVAL:
            return
        self.last = now
        rate = done / max(now - self.started, 1e-9)
        self.stream.write(
            f"\r\033[K{done:,} records  {rate:,.1f}/s  "
            f"(scored {counts['scored']:,}, abstained {counts['abstained']:,}, failed {counts['failed']:,})"
        )
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")  # clear the line, so the summary stands alone
            self.stream.flush()
            self.shown = False


def _record_extra(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in _ARTICLE_FIELDS}


def _failed(record: Record) -> Score:
    """The result of a record the reader could not use, with its reason but not its location prefix."""
    data = record.data or {}
    reason = record.error or "unreadable record"
    prefix = f"{record.origin}:{record.line}: "
    identifier = data.get("id")
    return Score(
        id=None if identifier is None else str(identifier),
        error=reason.removeprefix(prefix),
        extra=_record_extra(data),
    )


def _json_object(record: Record, score: Score) -> dict[str, Any]:
    """`Score.to_dict` with where the record came from and the url and title it had."""
    body = dataclasses.replace(score, extra={}).to_dict()
    result: dict[str, Any] = {"id": body.pop("id"), "origin": record.origin, "line": record.line}
    data = record.data or {}
    # A page's own title, taken when the record had none, is the one its title evidence points into.
    for key, value in (("url", data.get("url")), ("title", body.pop("title", data.get("title")))):
        if value is not None:
            result[key] = value
    result.update(body)
    # The input's other fields, as Score.to_dict keeps them, with origin and line taken by the location.
    names = input_field_names(score.extra, _LOCATED_RESULT_FIELDS)
    result.update((names[key], value) for key, value in score.extra.items() if key != "url")
    return result


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities replaced by None, which JSON can hold."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def _json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:
        # Python's json reads NaN and Infinity in an input line; the output stays standard JSON.
        return json.dumps(_finite(value), ensure_ascii=False, allow_nan=False)


def _csv_cell(cell: Any) -> Any:
    if cell is None:
        return ""
    # Control characters other than tab and line breaks become U+FFFD: JSON escapes them, CSV cannot, and
    # a NUL stops common CSV readers (Python's before 3.11 among them).
    return _CSV_UNSAFE.sub("\ufffd", cell) if isinstance(cell, str) else cell


def _csv_row(cells: Sequence[Any]) -> str:
    """One CSV line, empty cells for None and control characters replaced (see `_csv_cell`)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_csv_cell(cell) for cell in cells])
    return buffer.getvalue()


class _JsonLines:
    def header(self) -> str | None:
        return None

    def line(self, record: Record, score: Score) -> str:
        return _json(_json_object(record, score)) + "\n"


class _Csv:
    """Flat rows: one column per score, label and class probability; reasons as text; no evidence."""

    def __init__(self, model: Model) -> None:
        self.probabilities = [
            (target, name)
            for target in TARGETS
            if target in model.models
            for name in model.models[target].target.classes
        ]
        self.columns = [
            "id",
            "origin",
            "line",
            "status",
            "reliability",
            "reliability_label",
            "slant",
            "slant_label",
            *(f"p_{target}_{name}" for target, name in self.probabilities),
            "abstained",
            "error",
            *(f"{target}_reasons" for target in TARGETS),
            "url",
            "title",
            "extra",
        ]

    def header(self) -> str:
        return _csv_row(self.columns)

    def line(self, record: Record, score: Score) -> str:
        data = record.data or {}
        reasons = score.explain(_REASONS_IN_CSV)
        # url and title have columns of their own; Score.extra carries the url too.
        extra = {key: value for key, value in score.extra.items() if key not in ("url", "title")}
        cells: list[Any] = [
            score.id,
            record.origin,
            record.line,
            score.status,
            score.reliability,
            score.reliability_label,
            score.slant,
            score.slant_label,
            *(score.probabilities.get(target, {}).get(name) for target, name in self.probabilities),
            score.abstained,
            score.error,
            *(
                "; ".join(
                    f"{item.feature}={item.value:.3g} ({item.contribution:+.3f})"
                    for item in reasons.get(target, [])
                )
                for target in TARGETS
            ),
            data.get("url"),
            data.get("title"),
            _json(extra) if extra else None,
        ]
        return _csv_row(cells)


_COMPRESSORS = {".gz": "gzip", ".xz": "xz", ".bz2": "bzip2"}


def _output_format(arguments: argparse.Namespace) -> str:
    output: str | None = arguments.output
    name = Path(output).name.lower() if output else ""
    compressed = next((suffix for suffix in COMPRESSION_SUFFIXES if name.endswith(suffix)), None)
    if output and compressed:
        # Written plainly, the file can be cut back to its last complete record when a run stops.
        tool = _COMPRESSORS.get(compressed, "gzip")
        raise BiasmeterError(
            f"{output}: the output is not compressed; write {output[: -len(compressed)]} and compress it "
            f"afterwards, or compress standard output: biasmeter score … | {tool} > {output}"
        )
    # A .tsv name with --format stays allowed, as the refusal below offers it.
    named = FORMAT_SUFFIXES.get(Path(name).suffix) if not name.endswith(".tsv") else None
    if arguments.format:
        if named is not None and named != arguments.format:
            # `biasmeter sources` and other readers go by the name, and would refuse every line.
            raise BiasmeterError(
                f"{output}: --format {arguments.format} writes no {named} file; name it to match"
            )
        return str(arguments.format)
    if name.endswith(".tsv"):
        raise BiasmeterError(
            f"{output}: the output is JSON Lines or CSV; name it .jsonl or .csv, or give --format"
        )
    return "csv" if named == "csv" else "jsonl"


# -------------------------------------------------------------------------------------------- commands


def _score_command(arguments: argparse.Namespace) -> int:
    # Paths are checked before the models are loaded: a typo should not cost the loading time. The output
    # is only checked here, not opened: a run that fails while loading leaves an existing file as it was.
    records = iter_articles(
        arguments.paths, text_field=arguments.text_field, stdin_format=arguments.stdin_format, log=_note
    )
    output_format = _output_format(arguments)
    output = None
    if arguments.output:
        output = Path(arguments.output)
        check_output_is_not_input(output, arguments.paths)
        check_output_file(output, example=f"scored.{output_format}")
    earlier = None
    if arguments.resume:
        target = _resume_target(output, output_format)
        if target.exists():
            # Checks that they are these inputs' records, before the models load.
            earlier, records = resume(records, target)
    model = _model(arguments.model)
    if earlier is not None:
        check_model(earlier, model, arguments.max_chars)
        cut = "; a record cut off mid-line after them is scored again" if earlier.cut_off else ""
        _note(
            f"resuming {output}: keeping its {plural(earlier.records, 'record')}, scoring the inputs after "
            f"them{cut}"
        )
    formatter: _JsonLines | _Csv = _Csv(model) if output_format == "csv" else _JsonLines()
    sink: _Sink = (
        _StdoutSink(sys.stdout)
        if output is None
        else _FileSink(output, keep=earlier.complete_bytes if earlier is not None else 0)
    )
    kept = earlier.statuses if earlier is not None else Counter()
    # Results printed to the same terminal would be torn up by a counter redrawn in place.
    progress = _Progress(sys.stderr, allowed=output is not None or not is_terminal(sys.stdout))
    counts: Counter[str] = Counter({"scored": 0, "abstained": 0, "failed": 0})
    pending: deque[Record] = deque()  # records read but not yet written, in input order

    def usable() -> Iterator[dict[str, Any]]:
        # The models see only usable records; the others wait in ``pending`` and are written in their place.
        for record in records:
            pending.append(record)
            if record.ok and record.data is not None:
                yield record.data

    def write(record: Record, score: Score) -> None:
        sink.write(formatter.line(record, score))
        counts[score.status] += 1
        progress.update(counts)

    def write_unusable() -> None:
        while pending and not (pending[0].ok and pending[0].data is not None):
            record = pending.popleft()
            write(record, _failed(record))

    results = model.score_many(usable(), n_jobs=arguments.jobs, max_chars=arguments.max_chars)
    try:
        header = formatter.header()
        if header is not None:
            sink.write(header)
        for result in results:
            write_unusable()
            write(pending.popleft(), result)
        write_unusable()
    except KeyboardInterrupt as stop:
        sink.keep_complete()
        progress.close()
        done = sum(counts.values())
        held = done + sum(kept.values())
        where = ""
        if output is not None:
            where = f"; {output} holds the {plural(held, 'record')} written so far"
            if output_format == "jsonl":
                where += " (the same command with --resume goes on from there)"
        print(f"biasmeter: {_stopped(stop)} after {plural(done, 'record')}{where}", file=sys.stderr)
        _summary(counts + kept)
        if isinstance(stop, _Terminated):
            # SIGTERM is often sent to the whole process group (systemd, Slurm, `kill -- -PGID`): a worker
            # killed mid-write leaves the pool's shutdown waiting for ever. The output is complete as it
            # stands, so the run ends here; the workers see their parent gone and exit too.
            sink.close()
            sys.stderr.flush()
            os._exit(_interrupted_code(stop))
        return _interrupted_code(stop)
    finally:
        close = getattr(results, "close", None)  # a generator: closing it shuts its worker processes down
        if close is not None:
            close()
        sink.close()
        progress.close()
    if not sum(counts.values()) and not sum(kept.values()):
        # Not an error (an empty day's feed is still a feed), but an empty output should not look like
        # a run that worked on something.
        print(
            "biasmeter: no records read: the input is empty, or holds only blank lines, a CSV header or an "
            "empty JSON array",
            file=sys.stderr,
        )
    _summary(counts + kept)
    return _EXIT_FAILED if counts["failed"] or kept["failed"] else _EXIT_OK


def _resume_target(output: Path | None, output_format: str) -> Path:
    """The output file that --resume goes on with: one of JSON Lines, given with -o."""
    if output is None:
        raise BiasmeterError("--resume needs -o FILE: it keeps the records that FILE holds and adds the rest")
    if output_format != "jsonl":
        raise BiasmeterError(
            "--resume needs JSON Lines output, whose records each name the input record they stand for; "
            "score to a .jsonl file"
        )
    return output


def _note(text: str) -> None:
    print(f"biasmeter: {text}", file=sys.stderr)


def _summary(counts: Counter[str]) -> None:
    print(
        f"scored {counts['scored']}, abstained {counts['abstained']}, failed {counts['failed']}",
        file=sys.stderr,
    )


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    return is_terminal(stream) and not os.environ.get("NO_COLOR")


def _explain_command(arguments: argparse.Namespace) -> int:
    text = _read_text(arguments.file)
    model = _model(arguments.model)
    result = model.score(text, arguments.title, max_chars=arguments.max_chars)
    print(
        render_report(
            result,
            text,
            arguments.title,
            color=_use_color(arguments.color, sys.stdout),
            top=arguments.top,
            per_kind=arguments.evidence,
        )
    )
    return _EXIT_OK


def _format_number(value: float | None, digits: int, signed: bool = False) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def _interval(low: float | None, high: float | None, digits: int, signed: bool = False) -> str:
    if low is None or high is None:
        return "n/a"
    return f"[{_format_number(low, digits, signed)}, {_format_number(high, digits, signed)}]"


def _sources_command(arguments: argparse.Namespace) -> int:
    from biasmeter.sources import aggregate, read_scored

    chart = None
    if arguments.chart:
        from biasmeter.plot import check_chart_path, require_matplotlib

        # Both checks come before reading, so a missing extra or a bad name fails at once.
        chart = check_chart_path(arguments.chart)
        require_matplotlib()
    scored = read_scored(arguments.paths, log=_note)
    stats = aggregate(scored, min_articles=arguments.min_articles)
    if not stats:
        raise BiasmeterError(_no_outlets(scored, arguments.min_articles))
    if arguments.format == "csv":
        sys.stdout.write(
            _csv_row(
                [
                    "outlet",
                    "articles",
                    "reliability_mean",
                    "reliability_ci_low",
                    "reliability_ci_high",
                    "slant_mean",
                    "slant_ci_low",
                    "slant_ci_high",
                ]
            )
        )
        for item in stats:
            cells = [
                item.reliability.mean,
                item.reliability.low,
                item.reliability.high,
                item.slant.mean,
                item.slant.low,
                item.slant.high,
            ]
            sys.stdout.write(
                _csv_row(
                    [item.outlet, item.articles, *(None if cell is None else repr(cell) for cell in cells)]
                )
            )
    else:
        rows = [
            [
                item.outlet,
                str(item.articles),
                _format_number(item.reliability.mean, 1),
                _interval(item.reliability.low, item.reliability.high, 1),
                _format_number(item.slant.mean, 2, signed=True),
                _interval(item.slant.low, item.slant.high, 2, signed=True),
            ]
            for item in stats
        ]
        header = ["outlet", "articles", "reliability", "95% CI", "slant", "95% CI"]
        print(_table(header, rows, left_aligned={0}))
    if chart is not None:
        from biasmeter.plot import landscape_chart

        landscape_chart(stats, chart)
        print(f"biasmeter: chart of {plural(len(stats), 'outlet')} written to {chart}", file=sys.stderr)
    if scored.repeated:
        print(
            f"biasmeter: left out {plural(scored.repeated, 'record')} repeating a result read before (the "
            "same origin, line, id and scores): is one run's output given twice?",
            file=sys.stderr,
        )
    if scored.problems:
        print(
            f"biasmeter: skipped {len(scored.problems)} lines that are not biasmeter score output; "
            f"the first: {scored.problems[0]}",
            file=sys.stderr,
        )
        return _EXIT_FAILED
    return _EXIT_OK


def _no_outlets(scored: ScoredFile, min_articles: int) -> str:
    """Why `biasmeter sources` has no outlet to show: an empty table would not say."""
    articles = scored.statuses["scored"]
    if articles:
        return (
            f"no outlet has at least {min_articles} scored articles ({articles} in all); lower --min-articles"
        )
    reasons = []
    others = {status: count for status, count in sorted(scored.statuses.items()) if status != "scored"}
    if others:
        reasons.append(
            "the records read are " + ", ".join(f"{count} {status}" for status, count in others.items())
        )
    if scored.problems:
        reasons.append(
            f"lines that are not biasmeter score output: {len(scored.problems)}, "
            f"the first: {scored.problems[0]}"
        )
    return "no scored articles read; " + ("; ".join(reasons) or "the input is empty")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], left_aligned: set[int]) -> str:
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]

    def render(row: Sequence[str]) -> str:
        cells = [
            cell.ljust(width) if column in left_aligned else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths))
        ]
        return "  ".join(cells).rstrip()

    return "\n".join([render(header), *(render(row) for row in rows)])


def _extract_command(arguments: argparse.Namespace) -> int:
    # extract reads the text as score does (a web page as its visible text) and says what it read.
    features = extract(_read_text(arguments.file), arguments.title, max_chars=arguments.max_chars)
    print(json.dumps(features.to_dict(), ensure_ascii=False, indent=2))
    return _EXIT_OK


# ---------------------------------------------------------------------------------------------- parser


def _add_model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        metavar="MODEL",
        help="a model file made by 'biasmeter train' (skops); it replaces the shipped model for its target "
        "and the shipped model scores the other target (default: the shipped models)",
    )


def _add_max_chars_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-chars",
        type=whole_number(1),
        default=DEFAULT_MAX_CHARS,
        metavar="N",
        help="longest text (and title) taken as one article, in characters "
        f"(default: {DEFAULT_MAX_CHARS:,}); a longer one fails with a message",
    )


_SCORE_EPILOG = epilog(
    "Input: .txt/.md files and saved web pages (.html/.htm), one article each; .jsonl/.ndjson/.json (one "
    "JSON object per line, or one JSON array of objects) and .csv/.tsv (a header row), each optionally "
    "compressed (.gz, .xz, .bz2); "
    "folders are read recursively, and files of other kinds in them are counted on standard error. "
    "Records need a 'text' field; 'title', 'url' and 'id' are used when present (in any case: 'Title', "
    "'URL', 'ID'), and all "
    "other fields are kept in the output (one named like an output field, e.g. 'slant' or 'error', as "
    "'input_slant', 'input_error').",
    "Output: one record per input record, in input order, always. A JSON Lines object is "
    "Score.to_dict() (id, status, scores, labels, probabilities, features, evidence, explanation, kept "
    "fields) plus 'origin' and 'line' of the input record and its 'url' and 'title'. A record that "
    'cannot be used (malformed line, no text, text not a string) has status "failed" and the reason in '
    "'error'. CSV has flat columns: id, origin, line, status, scores, labels, p_<target>_<class>, "
    "abstained, error, the top 3 reasons per score, url, title, and the other input fields as JSON in "
    "'extra'; no evidence; control characters other than tab and line breaks become U+FFFD.",
    "A summary 'scored N, abstained N, failed N' goes to standard error. Exit status: 0; 1 if any "
    "record failed; 2 for usage errors and unreadable paths; 130 when interrupted, 141 when the reader "
    "of standard output goes away (| head), 143 on SIGTERM (with "
    "-o, the file then holds every record finished so far, as complete lines, and the same command "
    "with --resume goes on from there).",
    examples=[
        "biasmeter score article.txt",
        "biasmeter score articles.jsonl.gz --jobs 4 -o scored.jsonl",
        "biasmeter score articles.jsonl.gz --jobs 4 -o scored.jsonl --resume",
        "biasmeter score folder/ --format csv -o scored.csv",
        "cat articles.jsonl | biasmeter score - > scored.jsonl",
    ],
)

_EXPLAIN_EPILOG = epilog(
    "The report shows the reliability (0-100) and slant (-1 left ... +1 right) scores with their labels "
    "and class probabilities, the features that pushed each score most (signed, in log-odds, with the "
    "feature's value in the article), and the evidence found in the text, grouped by kind, each span "
    "with a few words of context. Spans are highlighted in colour on a terminal (unless NO_COLOR is "
    "set) and marked as [[...]] otherwise. When the article is not scored (too short, not English), "
    "the report says why and still shows the evidence.",
    examples=[
        "biasmeter explain article.txt",
        "biasmeter explain article.txt --title 'Putin hosts Syrian leader' --top 5",
        "cat article.txt | biasmeter explain - --color never",
    ],
)

_SOURCES_EPILOG = epilog(
    "Reads the output of 'biasmeter score' (JSON Lines, or its --format csv output), keeps the scored "
    "records and groups them by outlet: the registrable domain of 'url' (edition.cnn.com -> cnn.com), "
    "else of 'domain', else the 'source' field, else \"unknown\". Per outlet: the number of scored "
    "articles and the mean reliability and mean slant, each with a 95% confidence interval from the "
    "t-distribution (n/a for a single article; CSV leaves those cells empty). The intervals describe "
    "the sample of articles, not the model's own error, and are not clipped to the scale: with two or "
    "three articles they can run past 0 or 100. A record repeating a result already read (the same "
    "origin, line, id and scores) is counted once.",
    "Exit status 1 when some lines were not score output (they are skipped and counted), 2 when none were.",
    examples=[
        "biasmeter score articles.jsonl -o scored.jsonl",
        "biasmeter sources scored.jsonl --min-articles 5",
        "biasmeter sources scored.jsonl --format csv > outlets.csv",
        "biasmeter sources scored.jsonl --chart landscape.svg    (needs matplotlib)",
    ],
)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``biasmeter`` command."""
    parser = argparse.ArgumentParser(
        prog="biasmeter",
        description="Score news articles for reliability and slant, with the evidence behind each score.",
        epilog="examples:\n  biasmeter score articles.jsonl -o scored.jsonl\n"
        "  biasmeter explain article.txt\n"
        "  biasmeter sources scored.jsonl --chart landscape.png\n"
        "  biasmeter train labelled.jsonl --target slant --label slant -o slant.skops\n\n"
        "Run 'biasmeter COMMAND --help' for each command.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"biasmeter {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    score_parser = commands.add_parser(
        "score",
        help="score articles from files, folders or standard input; write JSON Lines or CSV",
        description="Score articles for reliability and slant, one output record per input record.",
        epilog=_SCORE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score_parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files, folders, or - for standard input"
    )
    score_parser.add_argument(
        "--format",
        choices=_FORMATS,
        help="output format (default: csv when -o ends in .csv, else jsonl)",
    )
    score_parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    _add_model_option(score_parser)
    score_parser.add_argument(
        "--jobs",
        type=jobs,
        default=1,
        metavar="N",
        help="worker processes, -1 for one per CPU (default: 1); output order does not depend on it",
    )
    _add_max_chars_option(score_parser)
    score_parser.add_argument(
        "--resume",
        action="store_true",
        help="with -o FILE of JSON Lines that a stopped run wrote from the same inputs: keep its records "
        "and score only the inputs after them",
    )
    add_text_field_option(score_parser)
    score_parser.add_argument(
        "--stdin-format",
        choices=("jsonl", "csv", "tsv", "txt"),
        default="jsonl",
        help="how to read '-' (default: jsonl; txt reads all of standard input as one article)",
    )
    score_parser.set_defaults(run=_score_command)

    explain_parser = commands.add_parser(
        "explain",
        help="score one article and print a report: scores, reasons and evidence in context",
        description="Score one article and print a report a person reads: scores, reasons and evidence.",
        epilog=_EXPLAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    explain_parser.add_argument("file", help="a UTF-8 text file with the article, or - for standard input")
    explain_parser.add_argument("--title", help="the headline, if it is not part of the file")
    _add_model_option(explain_parser)
    explain_parser.add_argument(
        "--top", type=whole_number(1), default=8, metavar="N", help="reasons per score (default: 8)"
    )
    explain_parser.add_argument(
        "--evidence",
        type=whole_number(1),
        default=5,
        metavar="N",
        help="evidence spans shown per kind (default: 5)",
    )
    explain_parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="highlight with ANSI colour (default: auto, on a terminal unless NO_COLOR is set)",
    )
    _add_max_chars_option(explain_parser)
    explain_parser.set_defaults(run=_explain_command)

    sources_parser = commands.add_parser(
        "sources",
        help="summarise scored articles per outlet: counts, means and 95%% confidence intervals; chart",
        description="Summarise the output of 'biasmeter score' per outlet, as a table, CSV or chart.",
        epilog=_SOURCES_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sources_parser.add_argument(
        "paths",
        nargs="+",
        metavar="SCORED",
        help="output of 'biasmeter score' (.jsonl or .csv), or - (JSON Lines)",
    )
    sources_parser.add_argument("--format", choices=("table", "csv"), default="table", help="default: table")
    sources_parser.add_argument(
        "--chart",
        metavar="FILE",
        help="also draw the outlets by slant (x) and reliability (y) to FILE (.png, .svg or .pdf)",
    )
    sources_parser.add_argument(
        "--min-articles",
        type=whole_number(1),
        default=1,
        metavar="N",
        help="leave out outlets with fewer scored articles (default: 1)",
    )
    sources_parser.set_defaults(run=_sources_command)

    register_training_commands(commands)  # train and evaluate, from biasmeter.cli_train

    extract_parser = commands.add_parser(
        "extract",
        help="print the features of one article and the evidence behind them, as JSON",
        description="Print the features of one article and the evidence behind them, as JSON.",
        epilog=epilog(
            "Reads one article from a UTF-8 file or from standard input (-) as 'biasmeter score' reads it, "
            "and needs no model: a saved web page, or a fragment of one, is read as its visible text, with "
            "its <title> as the title when none is given. Prints a JSON object: 'values', every feature's "
            "value, and 'evidence', the spans of the text (or title) behind them, each with start, end, "
            "kind, text, detail and field; for a web page also 'text', its visible text, and 'title', its "
            "<title> when that was used, which the evidence then points into.",
            examples=[
                "biasmeter extract article.txt --title 'Putin hosts Syrian leader'",
                "cat article.txt | biasmeter extract - | jq .values",
            ],
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract_parser.add_argument("file", help="a UTF-8 text file with the article, or - for standard input")
    extract_parser.add_argument("--title", help="the headline, if it is not part of the file")
    _add_max_chars_option(extract_parser)
    extract_parser.set_defaults(run=_extract_command)
    return parser


def _quiet_broken_pipe() -> None:
    # The reader went away (``biasmeter score ... | head``): further writes, including the interpreter's
    # final flush, would raise again, so standard output is pointed at the null device.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _write_utf8(stream: TextIO) -> None:
    # JSON Lines, CSV and the reports are UTF-8 whatever the locale (Windows writes cp1252 into a pipe);
    # a lone surrogate in an input field or a file name, which has no UTF-8 form, becomes "?" instead of
    # stopping a run part-way.
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        0 on success, 1 when some records failed, 2 for usage errors, 130 when interrupted (Ctrl-C),
        141 when the reader of standard output went away (``… | head``) and 143 when stopped by SIGTERM.
    """
    try:
        arguments = build_parser().parse_args(argv)
    except SystemExit as exit_:
        # argparse exits after --help (0) and on usage errors (2); the caller gets the code instead.
        return exit_.code if isinstance(exit_.code, int) else _EXIT_USAGE
    run: Callable[[argparse.Namespace], int] = arguments.run
    _write_utf8(sys.stdout)
    in_main_thread = threading.current_thread() is threading.main_thread()
    # Signal handlers can only be set from the main thread (a caller may run main() in another one).
    # A SIGTERM that the caller chose to ignore (nohup-like launchers) stays ignored.
    catch = in_main_thread and signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN
    previous = signal.signal(signal.SIGTERM, _terminate) if catch else None
    try:
        code = int(run(arguments))
        sys.stdout.flush()  # so that a write error still in the buffer is reported here, not at exit
        return code
    except BiasmeterError as error:
        print(f"biasmeter: error: {error}", file=sys.stderr)
        return _EXIT_USAGE
    except BrokenPipeError:
        _quiet_broken_pipe()
        return _EXIT_BROKEN_PIPE
    except OSError as error:
        # Standard output on a full disk, say: the reason, not a traceback.
        print(f"biasmeter: error: cannot write: {error.strerror or error}", file=sys.stderr)
        return _EXIT_USAGE
    except KeyboardInterrupt as stop:
        print(f"biasmeter: {_stopped(stop)}", file=sys.stderr)
        return _interrupted_code(stop)
    finally:
        if catch:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


class _Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a job scheduler, ``Popen.terminate``), raised where the run is, as Ctrl-C is."""


def _terminate(signal_number: int, frame: object) -> None:
    raise _Terminated


def _stopped(stop: KeyboardInterrupt) -> str:
    return "terminated (SIGTERM)" if isinstance(stop, _Terminated) else "interrupted"


def _interrupted_code(stop: KeyboardInterrupt) -> int:
    # As a shell reports a process ended by the signal: 128 + its number.
    return 128 + signal.SIGTERM if isinstance(stop, _Terminated) else EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
