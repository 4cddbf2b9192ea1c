"""Reading article collections (JSON Lines, CSV/TSV, plain text) for scoring and training, losing nothing.

Every line or row of the input becomes one :class:`Record`, in order. A line that cannot be used is not
skipped: it comes back with ``error`` set to the reason, its file and its line number, so a caller can
count, report or fix it. Files are streamed line by line; only a plain-text article is read whole.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import json
import lzma
import os
import re
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, TypeAlias, cast

from biasmeter._wording import plural
from biasmeter.errors import BiasmeterError

__all__ = [
    "COMPRESSION_SUFFIXES",
    "FORMAT_SUFFIXES",
    "Record",
    "input_field_names",
    "iter_articles",
    "iter_records",
    "read_table",
    "standard_input",
]

#: File name suffixes read by :func:`iter_records`, and the format each stands for.
FORMAT_SUFFIXES: Mapping[str, str] = MappingProxyType(
    {
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".json": "jsonl",
        ".csv": "csv",
        ".tsv": "tsv",
        ".txt": "txt",
        ".md": "txt",
        # A saved web page is one article; scoring finds its text and title (`biasmeter.html`).
        ".html": "txt",
        ".htm": "txt",
    }
)
#: Compression suffixes that may follow a format suffix, as in ``articles.jsonl.xz``.
COMPRESSION_SUFFIXES: tuple[str, ...] = (".gz", ".xz", ".bz2")

_STDIN = "-"
_STDIN_ORIGIN = "<stdin>"
# Errors that a damaged compressed stream raises part-way through.
_STREAM_ERRORS = (OSError, EOFError, lzma.LZMAError, zlib.error)
# The largest CSV field the csv module accepts after raising its limit; C long is 32 bits on Windows.
_CSV_FIELD_LIMIT = 2**31 - 1
_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number", bool: "boolean"}
_MAX_FIELDS_LISTED = 12
# What ``surrogateescape`` makes of bytes that are not UTF-8.
_UNDECODABLE = re.compile("[\udc80-\udcff]")
_BLANKS = re.compile("[ \t\r\n]*")  # JSON's white space


@dataclass(frozen=True)
class Record:
    """One line, row or file of an article collection.

    Attributes
    ----------
    data : dict or None
        The record with all its keys (an ``id`` is added when absent); None when the line could not be
        parsed at all.
    origin : str
        The file the record came from, or ``<stdin>``.
    line : int
        The 1-based line where the record starts (1 for a whole text file).
    error : str or None
        Why the record cannot be used, starting with ``origin:line:``; None for a usable record.

    Examples
    --------
    >>> record = Record({"id": "a:1", "text": "Hello."}, "a.jsonl", 1, None)
    >>> record.ok
    True
    """

    data: dict[str, Any] | None
    origin: str
    line: int
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the record is usable, i.e. has no ``error``."""
        return self.error is None


@dataclass(frozen=True)
class _Source:
    path: Path | None  # None for standard input
    origin: str
    stem: str
    fmt: str
    compression: str | None


def _split_suffixes(path: Path) -> tuple[str | None, str | None, str]:
    """Return (format, compression suffix, stem) of a file name; format None when not supported."""
    name = path.name
    compression = next((suffix for suffix in COMPRESSION_SUFFIXES if name.lower().endswith(suffix)), None)
    if compression is not None:
        name = name[: -len(compression)]
    base, dot, suffix = name.rpartition(".")
    fmt = FORMAT_SUFFIXES.get("." + suffix.lower()) if dot and base else None
    return fmt, compression, base if fmt is not None else name


def _supported(formats: Collection[str]) -> str:
    suffixes = ", ".join(suffix for suffix, fmt in FORMAT_SUFFIXES.items() if fmt in formats)
    compressed = ", ".join(COMPRESSION_SUFFIXES)
    return f"{suffixes} (optionally followed by {compressed}), a directory, or '-' for stdin"


_Paths: TypeAlias = "str | os.PathLike[str] | Iterable[str | os.PathLike[str]]"


def _left_out(folder: str, kinds: Counter[str]) -> str:
    """A note on the files of a folder that are not read, by kind ("3 .png, 1 hidden")."""
    total = sum(kinds.values())
    listed = ", ".join(f"{count} {kind}" for kind, count in kinds.most_common())
    return f"{folder}: left out {plural(total, 'file')} of other kinds ({listed})"


def _resolve(
    paths: _Paths,
    stdin_format: str,
    formats: Collection[str],
    log: Callable[[str], None] | None = None,
) -> list[_Source]:
    if isinstance(paths, (str, os.PathLike)):
        # A single path is a common slip for a list of one; iterating a string would read each character.
        paths = [paths]
    sources: list[_Source] = []
    for entry in paths:
        name = os.fspath(entry)
        if name == _STDIN:
            if any(source.path is None for source in sources):
                # Standard input is used up by its first reading: a second '-' would silently add nothing.
                raise BiasmeterError("'-' (standard input) is given more than once; it can be read only once")
            sources.append(_Source(None, _STDIN_ORIGIN, "stdin", stdin_format, None))
            continue
        path = Path(name)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as error:  # a name too long for the file system, a folder that cannot be entered
            raise BiasmeterError(f"{name}: cannot read: {error.strerror or error}") from None
        if is_dir:
            found: list[Path] = []
            left_out: Counter[str] = Counter()
            for candidate in sorted(path.rglob("*")):
                if not candidate.is_file():
                    continue
                # Hidden files and folders (".git", ".ipynb_checkpoints") hold copies or metadata.
                if any(part.startswith(".") for part in candidate.relative_to(path).parts):
                    left_out["hidden"] += 1
                elif _split_suffixes(candidate)[0] not in formats:
                    left_out[candidate.suffix.lower() or "no suffix"] += 1
                else:
                    found.append(candidate)
            if left_out and log is not None:
                log(_left_out(name, left_out))
            if not found:
                raise BiasmeterError(
                    f"{name}: directory has no article files; supported: {_supported(formats)}"
                )
            sources.extend(_source(candidate, formats, folder=path) for candidate in found)
        elif not exists:
            raise BiasmeterError(f"{name}: no such file or directory")
        elif not os.access(path, os.R_OK):
            raise BiasmeterError(f"{name}: cannot read: permission denied")
        else:
            # Not only regular files: a named pipe (mkfifo news.jsonl) is read as the stream it is.
            sources.append(_source(path, formats))
    return sources


def _source(path: Path, formats: Collection[str], folder: Path | None = None) -> _Source:
    fmt, compression, stem = _split_suffixes(path)
    if fmt is None:
        raise BiasmeterError(f"{path}: unknown file type; supported: {_supported(formats)}")
    if fmt not in formats:
        raise BiasmeterError(f"{path}: {fmt} files are not read here; supported: {_supported(formats)}")
    if folder is not None:
        # Ids come from the stem: in a subfolder of a folder given, the subfolders go in front of it, so
        # that "2024-10-01/index.txt" and "2024-10-02/index.txt" do not both get the id "index".
        stem = "/".join((*path.relative_to(folder).parent.parts, stem))
    return _Source(path, str(path), stem, fmt, compression)


def standard_input() -> IO[bytes]:
    """Standard input as bytes, so that it is read as a file is: byte order mark and line breaks as sent."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    # A replaced sys.stdin (io.StringIO in tests, some notebooks) has no byte layer.
    return io.BytesIO(sys.stdin.read().encode("utf-8"))


def _open_binary(source: _Source) -> IO[bytes]:
    if source.path is None:
        return standard_input()
    # All four are buffered binary streams; typeshed only names them differently.
    if source.compression == ".gz":
        return cast(IO[bytes], gzip.open(source.path, "rb"))
    if source.compression == ".xz":
        return cast(IO[bytes], lzma.open(source.path, "rb"))
    if source.compression == ".bz2":
        return cast(IO[bytes], bz2.open(source.path, "rb"))
    return open(source.path, "rb")


def _decode(raw: bytes, *, errors: str = "replace") -> tuple[str, int | None]:
    """Decode UTF-8: the text (bad bytes handled by ``errors``) and the index of the first bad byte."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return raw.decode("utf-8", errors), error.start


def _undecodable(offset: int, first_bytes: bytes = b"") -> str:
    """Where the first bad byte is; ``first_bytes``, which the input starts with, may show it is UTF-16."""
    utf16 = first_bytes.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    hint = ": it starts with a UTF-16 byte order mark; save it as UTF-8" if utf16 else ""
    return f"undecodable bytes at byte offset {offset} (not UTF-8{hint})"


def _json_type(value: object) -> str:
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)


def _fields(data: dict[str, Any]) -> str:
    names = [str(name) for name in data]
    listed = ", ".join(names[:_MAX_FIELDS_LISTED])
    more = len(names) - _MAX_FIELDS_LISTED
    return listed + (f" and {more} more" if more > 0 else "") if names else "none"


def _check_text(data: dict[str, Any], text_field: str) -> str | None:
    if text_field not in data:
        return f"no {text_field!r} field (fields: {_fields(data)})"
    value = data[text_field]
    if not isinstance(value, str):
        return f"{text_field!r} must be a string, got {_json_type(value)}"
    # An empty text is a readable record: scoring abstains on it ("no letters"), as biasmeter.score does.
    return None


def _standard_names(data: dict[str, Any], text_field: str) -> None:
    # Exports of content systems and spreadsheets name their columns "Title", "URL", "ID", "Text".
    for name in (text_field, "title", "url", "id"):
        if name not in data:
            variant = next((key for key in data if str(key).lower() == name.lower()), None)
            if variant is not None:
                data[name] = data.pop(variant)


def _finish(
    source: _Source,
    line: int,
    data: dict[str, Any] | None,
    error: str | None,
    text_field: str,
    default_id: str | None = None,
) -> Record:
    if data is not None:
        _standard_names(data, text_field)
        # The text is checked first, so that a message listing the record's fields lists only its own.
        if error is None:
            error = _check_text(data, text_field)
        if data.get("id") in (None, ""):
            data["id"] = default_id or f"{source.stem}:{line}"
    return Record(data, source.origin, line, f"{source.origin}:{line}: {error}" if error else None)


def _jsonl_hint(source: _Source, *, array: bool = False) -> str:
    """What to say when a line of ``source`` is not the JSON object that JSON Lines needs."""
    if array:
        return " (a JSON array is read as records only when the whole input is one array)"
    if source.path is None:
        # An article pasted or piped in without saying so is read as JSON Lines, line by line.
        return " (standard input is read as JSON Lines; for a plain-text article: --stdin-format txt)"
    if source.origin.lower().removesuffix(source.compression or "").endswith(".json"):
        return " (.json files are read as one JSON array of objects, or as one object per line)"
    return ""


def _is_array_start(raw: bytes, rest: IO[bytes]) -> tuple[bool, IO[bytes]]:
    """Whether a first line of content ``raw`` opens a JSON array that is the whole input; and the rest.

    So it does when it starts with "[" and is no JSON value by itself (a pretty-printed array), or when
    nothing but blanks follows it (pandas' ``to_json(orient="records")``). A JSON Lines file whose first
    line is an array is still read line by line.
    """
    if not raw.lstrip().startswith(b"["):
        return False, rest
    try:
        json.loads(raw)
    except (ValueError, RecursionError):
        return True, rest
    following = rest.read()
    return not following.strip(), io.BytesIO(following)


def _read_jsonl(source: _Source, stream: IO[bytes], text_field: str) -> Iterator[Record]:
    offset = 0
    line = 0
    first = True  # no line with content read yet
    lines: Iterator[bytes] = iter(stream)
    while (raw := next(lines, None)) is not None:
        line += 1
        start, offset = offset, offset + len(raw)
        if line == 1 and raw.startswith(codecs.BOM_UTF8):
            raw, start = raw[len(codecs.BOM_UTF8) :], start + len(codecs.BOM_UTF8)
        if not raw.strip():
            continue  # a blank line is no record, but it still counts for the line numbers
        if first:
            first = False
            array, rest = _is_array_start(raw, stream)
            if array:
                # A JSON array of objects, as pandas' to_json(orient="records") and many web APIs write it.
                yield from _read_json_array(source, raw + rest.read(), line, start, text_field)
                return
            lines = iter(rest)
        text, bad = _decode(raw)
        error = None if bad is None else _undecodable(start + bad, raw if line == 1 else b"")
        try:
            # Without the line break, an unterminated string is reported as such, not as a control character.
            value = json.loads(text.rstrip("\r\n"))
        except json.JSONDecodeError as parse_error:
            # "Unterminated string starting at" reads on into the column.
            reason = (
                f"malformed JSON: {parse_error.msg.removesuffix(' at')} at column {parse_error.colno}"
                f"{_jsonl_hint(source)}"
            )
            yield _finish(source, line, None, error or reason, text_field)
            continue
        except RecursionError:
            yield _finish(source, line, None, error or "malformed JSON: nested too deeply", text_field)
            continue
        if not isinstance(value, dict):
            reason = f"expected a JSON object, got {_json_type(value)}"
            if isinstance(value, list):
                reason += _jsonl_hint(source, array=True)
            yield _finish(source, line, None, error or reason, text_field)
            continue
        yield _finish(source, line, value, error, text_field)


def _read_json_array(
    source: _Source, raw: bytes, first_line: int, offset: int, text_field: str
) -> Iterator[Record]:
    """The records of a JSON array, read whole from ``raw`` (line ``first_line``, byte ``offset`` on).

    Each element is a record on the line where it starts. Without an ``id`` it gets ``"{stem}:{n}"``, its
    number in the array, since one line may hold every element. An element that cannot be parsed ends the
    array: a failed record says where, and that the elements from it on were not read.
    """
    # Undecodable bytes stay as surrogates, so that each is found in the element that holds it.
    text, _ = _decode(raw, errors="surrogateescape")
    places = _Places(text, first_line)
    decoder = json.JSONDecoder()
    position = _skip_blanks(text, text.index("[") + 1)
    number = 0
    while number or not text.startswith("]", position):
        number += 1
        line, start = places.line(position), position
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as parse_error:
            where = places.line(parse_error.pos)
            reason = f"malformed JSON: {parse_error.msg.removesuffix(' at')} on line {where}"
            yield _finish(
                source, line, None, f"{reason}; element {number} and those after it were not read", text_field
            )
            return
        except RecursionError:
            reason = f"malformed JSON: nested too deeply; element {number} and those after it were not read"
            yield _finish(source, line, None, reason, text_field)
            return
        error = None
        if (bad := _UNDECODABLE.search(text, start, position)) is not None:
            error = _undecodable(offset + places.byte(bad.start()))
            value = json.loads(_repair(text[start:position]))
        if isinstance(value, dict):
            yield _finish(source, line, value, error, text_field, default_id=f"{source.stem}:{number}")
        else:
            yield _finish(
                source, line, None, error or f"expected a JSON object, got {_json_type(value)}", text_field
            )
        position = _skip_blanks(text, position)
        if text.startswith("]", position):
            break
        if not text.startswith(",", position):
            reason = f"malformed JSON: expected ',' or ']' after element {number} of the array"
            yield _finish(source, places.line(position), None, f"{reason}; the rest was not read", text_field)
            return
        position = _skip_blanks(text, position + 1)
    position = _skip_blanks(text, position + 1)
    if position < len(text):
        reason = "malformed JSON: more after the array's closing ']' (an input holds one array)"
        yield _finish(source, places.line(position), None, reason, text_field)


class _Places:
    """Line numbers and byte offsets of positions in a text, each asked for in increasing order.

    Each is counted on from where the last one was, so a pass over a whole array costs one pass of each.
    """

    def __init__(self, text: str, first_line: int) -> None:
        self._text = text
        self._line, self._line_counted = first_line, 0
        self._bytes, self._bytes_counted = 0, 0

    def line(self, position: int) -> int:
        self._line += self._text.count("\n", self._line_counted, position)
        self._line_counted = position
        return self._line

    def byte(self, position: int) -> int:
        piece = self._text[self._bytes_counted : position]
        self._bytes += len(piece.encode("utf-8", "surrogateescape"))
        self._bytes_counted = position
        return self._bytes


def _skip_blanks(text: str, position: int) -> int:
    blanks = _BLANKS.match(text, position)
    return position if blanks is None else blanks.end()


def _raise_csv_field_limit() -> None:
    # An article is longer than the csv module's default 128 KiB field limit now and then. The limit is
    # process-wide; it is only ever raised, never lowered, so other csv users are not restricted by it.
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)


def _unique_header(row: list[str]) -> list[str]:
    """Header names with blanks named by position and repeats numbered, so no column is lost in a dict."""
    header: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(row):
        name = cell.strip() or f"column_{index + 1}"
        candidate, number = name, 1
        while candidate in seen:
            candidate, number = f"{name}.{number}", number + 1
        seen.add(candidate)
        header.append(candidate)
    return header


def _repair(text: str) -> str:
    """Turn bytes kept as surrogates by ``surrogateescape`` into U+FFFD replacement characters."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_UNCLOSED_QUOTE = (
    "a quotation mark opened on this row is never closed: its field runs to the end of the file "
    "(line {line}), taking in every line after it; close the quote, or double a quotation mark inside a "
    'field ("")'
)


class _CsvLines:
    """The lines a csv reader reads, telling whether it asked past the last one.

    A row ends at a line break, so the reader asks for a line past the end of the file only while a quoted
    field is still open: the csv module then ends the field there without a word, and every row after the
    stray quotation mark has become part of that one field. (A later quotation mark that closes it hides
    the slip: that cannot be told from a field with line breaks in it.)
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = lines
        self.ended_in_quotes = False

    def __iter__(self) -> Iterator[str]:
        yield from self._lines
        self.ended_in_quotes = True


def _read_csv(source: _Source, stream: IO[bytes], text_field: str) -> Iterator[Record]:
    _raise_csv_field_limit()
    bad_bytes: dict[int, int] = {}  # physical line → byte offset of its first undecodable byte
    first_bytes = bytearray()

    def lines() -> Iterator[str]:
        # Decoding line by line (rather than through a text wrapper) keeps the byte offset of a bad byte.
        offset = 0
        for number, raw in enumerate(stream, start=1):
            start, offset = offset, offset + len(raw)
            if number == 1:
                first_bytes[:] = raw[:2]
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw, start = raw[len(codecs.BOM_UTF8) :], start + len(codecs.BOM_UTF8)
            text, bad = _decode(raw, errors="surrogateescape")
            if bad is not None:
                bad_bytes[number] = start + bad
            yield text

    feed = _CsvLines(lines())
    reader = csv.reader(feed, dialect=csv.excel_tab if source.fmt == "tsv" else csv.excel)
    header: list[str] | None = None
    # Why the rows have no text field when the header's bad bytes are the reason, which rows then say.
    header_problem: str | None = None
    previous = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            start, previous = previous + 1, reader.line_num
            yield _finish(source, start, None, f"malformed CSV row: {error}", text_field)
            continue
        start, previous = previous + 1, reader.line_num
        bad = [bad_bytes.pop(number) for number in range(start, previous + 1) if number in bad_bytes]
        if header is None:
            if feed.ended_in_quotes:
                yield _finish(source, start, None, _UNCLOSED_QUOTE.format(line=previous), text_field)
            elif any(cell.strip() for cell in row):
                header = _unique_header([_repair(cell) for cell in row])
                if bad and not any(name.lower() == text_field.lower() for name in header):
                    undecodable = _undecodable(bad[0], bytes(first_bytes))
                    header_problem = f"no '{text_field}' field: the header has {undecodable}"
            continue
        if not row:
            continue  # a blank line is no record, but it still counts for the line numbers
        cells = [_repair(cell) for cell in row] if bad else row
        data: dict[str, Any] = dict(zip(header, cells))
        problem = _undecodable(bad[0]) if bad else header_problem
        if feed.ended_in_quotes:
            problem = problem or _UNCLOSED_QUOTE.format(line=previous)
        if len(cells) != len(header):
            if len(cells) > len(header):
                data["_extra"] = cells[len(header) :]
            problem = problem or f"expected {len(header)} fields as in the header, got {len(cells)}"
        yield _finish(source, start, data, problem, text_field)


def _read_text(source: _Source, stream: IO[bytes], text_field: str) -> Iterator[Record]:
    raw = stream.read()
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    text, bad = _decode(raw[start:])
    data: dict[str, Any] = {"id": source.stem, text_field: text}
    yield _finish(source, 1, data, None if bad is None else _undecodable(start + bad, raw), text_field)


_READERS = {"jsonl": _read_jsonl, "csv": _read_csv, "tsv": _read_csv, "txt": _read_text}


def _records(sources: list[_Source], text_field: str) -> Iterator[Record]:
    for source in sources:
        try:
            stream = _open_binary(source)
        except OSError as error:
            # The file was there when the paths were checked (and has been removed since, say): a record in
            # its place says so, and the files after it are still read.
            yield _finish(source, 1, None, f"cannot open: {error.strerror or error}", text_field)
            continue
        last_line = 0
        try:
            for record in _READERS[source.fmt](source, stream, text_field):
                last_line = record.line
                yield record
        except _STREAM_ERRORS as error:
            # A truncated or corrupt compressed file: report where reading stopped and go on to the next.
            yield _finish(source, last_line + 1, None, f"cannot read past this point: {error}", text_field)
        finally:
            if source.path is not None:
                stream.close()


def iter_records(
    paths: _Paths,
    *,
    text_field: str = "text",
    stdin_format: str = "jsonl",
    formats: Collection[str] = ("jsonl", "csv", "tsv", "txt"),
    log: Callable[[str], None] | None = None,
) -> Iterator[Record]:
    r"""Read articles from files, directories or standard input, one :class:`Record` per line or row.

    Formats go by file name suffix: ``.jsonl``, ``.ndjson`` and ``.json`` hold one JSON object per line,
    or one JSON array of objects (read whole into memory; each element is a record on the line where it
    starts, with ``"{file stem}:{n}"``, its number in the array, as its default ``id``);
    ``.csv`` and ``.tsv`` have a header row (a ``text`` column, optionally ``title``, ``url``, ``id`` and
    any others, all kept); ``.txt`` and ``.md`` files and saved web pages (``.html``, ``.htm``) are one
    article each, with the file name stem as ``id`` (in a subfolder of a folder given, preceded by the
    subfolders: ``2024-10-01/index``).
    Each may be compressed (``.gz``, ``.xz``, ``.bz2``). Directories are read recursively in sorted
    order, taking only files with these suffixes and skipping hidden ones. ``-`` reads standard input.

    Field names are matched without regard to case when the record lacks the exact one: a ``Title``,
    ``URL``, ``ID`` or ``Text`` column is read as ``title``, ``url``, ``id`` or ``text``.

    Nothing is dropped silently: a malformed JSON line, a JSON value that is not an object, a missing or
    non-string text, undecodable bytes and a CSV row with the wrong number of fields each give a record
    with ``error`` set (an empty text is a record like any other: scoring abstains on it). Blank lines
    are skipped but counted in line numbers. Records without an ``id`` (absent, null or empty) get
    ``"{file stem}:{line}"`` (the stem as for plain-text files).

    Parameters
    ----------
    paths : str, path-like, or iterable of them
        Files, directories, or ``-`` for standard input.
    text_field : str, default "text"
        The field or column that holds the article text.
    stdin_format : {"jsonl", "csv", "tsv", "txt"}, default "jsonl"
        How to read standard input.
    formats : collection of {"jsonl", "csv", "tsv", "txt"}
        The formats accepted from files; a file of another one is refused, and folders are searched for
        these only (`biasmeter.sources.read_scored` takes no plain-text articles).
    log : callable, optional
        Called, at the call, with a note for each folder that holds files left out (other suffixes,
        hidden files), so that a user can tell that they were not read.

    Returns
    -------
    iterator of Record
        Records in input order. Files are streamed; a plain-text file is read whole.

    Raises
    ------
    BiasmeterError
        At the call, before anything is read, for a missing or unreadable path, an unsupported suffix,
        a directory without article files or ``-`` given more than once. A file that cannot be opened
        when its turn comes gives a record with ``error`` set instead.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "news.jsonl").write_text('{"text": "Rain."}\n\n{"title": "no text"}\n[1]\n')
    >>> for record in iter_records([folder / "news.jsonl"]):
    ...     print(record.line, record.data, record.error is None)
    1 {'text': 'Rain.', 'id': 'news:1'} True
    3 {'title': 'no text', 'id': 'news:3'} False
    4 None False
    """
    if stdin_format not in _READERS:
        raise BiasmeterError(f"stdin_format must be one of {', '.join(_READERS)}, got {stdin_format!r}")
    # Resolve every path first, so that a typo in the last one fails before anything is processed.
    return _records(_resolve(paths, stdin_format, formats, log), text_field)


def iter_articles(paths: _Paths, *, text_field: str = "text", **options: Any) -> Iterator[Record]:
    r"""`iter_records` of articles whose text is in the field ``text_field``, given as ``text``.

    A field already named ``text`` in such a record is kept as ``input_text``. Scoring and training read
    their inputs through this; ``options`` are those of `iter_records`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_text("id,body,text\na,Rain fell.,teaser\n")
    >>> [record.data for record in iter_articles([path], text_field="body")]
    [{'id': 'a', 'input_text': 'teaser', 'text': 'Rain fell.'}]
    """
    return _text_from(iter_records(paths, text_field=text_field, **options), text_field)


def input_field_names(fields: Iterable[str], reserved: Collection[str]) -> dict[str, str]:
    """The name under which each of an input record's ``fields`` is kept in a result.

    A field keeps its name unless a result has a field of that name (``reserved``): a corpus's own
    ``slant`` label, or a column called ``error``, is kept beside the result's as ``input_slant``,
    ``input_error``; ``input_`` is added again while that name is taken too.

    Examples
    --------
    >>> input_field_names(["source", "slant", "input_slant"], {"slant", "error"})
    {'source': 'source', 'slant': 'input_input_slant', 'input_slant': 'input_slant'}
    """
    fields = list(fields)
    taken = set(fields) | set(reserved)
    names = {}
    for key in fields:
        name = key
        if key in reserved:
            name = f"input_{key}"
            while name in taken:
                name = f"input_{name}"
            taken.add(name)
        names[key] = name
    return names


def _text_from(records: Iterable[Record], field: str) -> Iterator[Record]:
    """Records read with ``text_field=field``, with that field renamed ``text``, as scoring and training read.

    A field already named ``text`` in such a record is kept as ``input_text``, so that nothing of the
    input is lost. Records that lack ``field`` pass unchanged: they carry their error already.

    Examples
    --------
    >>> records = [Record({"id": "a", "body": "Rain.", "text": "teaser"}, "a.csv", 2)]
    >>> [record.data for record in _text_from(records, "body")]
    [{'id': 'a', 'input_text': 'teaser', 'text': 'Rain.'}]
    """
    for record in records:
        if field != "text" and record.data is not None and field in record.data:
            names = input_field_names(record.data, {"text"})
            data = {names[key]: value for key, value in record.data.items()}
            data["text"] = data.pop(field)
            record = Record(data, record.origin, record.line, record.error)
        yield record


def read_table(path: str | os.PathLike[str], key: str, value: str) -> dict[str, str]:
    r"""Read two columns of a ratings table (CSV or TSV) into a dictionary.

    The delimiter follows the suffix (``.csv``, ``.tsv``, optionally compressed); for other names it is
    sniffed from the start of the file. Keys and values are stripped of surrounding white space; rows
    with an empty key and blank lines are skipped.

    Parameters
    ----------
    path : str or path-like
        The table, with a header row.
    key : str
        The column whose values become the keys, e.g. ``"domain"``.
    value : str
        The column whose values become the values, e.g. ``"pc1"``.

    Returns
    -------
    dict of str to str
        Values by key, in file order.

    Raises
    ------
    BiasmeterError
        If the file is missing, a column is missing (the message lists the columns found), a row is too
        short to hold both columns, or one key has two different values.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> table = pathlib.Path(tempfile.mkdtemp()) / "ratings.csv"
    >>> _ = table.write_text("domain,pc1\nreuters.com,1\nexample.com,0.25\n")
    >>> read_table(table, "domain", "pc1")
    {'reuters.com': '1', 'example.com': '0.25'}
    """
    name = os.fspath(path)
    file = Path(name)
    if not file.is_file():
        raise BiasmeterError(f"{name}: no such file")
    _, compression, _ = _split_suffixes(file)
    plain = file.name[: -len(compression)] if compression else file.name
    source = _Source(file, name, file.stem, "csv", compression)
    _raise_csv_field_limit()
    try:
        binary = _open_binary(source)
    except OSError as error:
        raise BiasmeterError(f"{name}: cannot open: {error.strerror or error}") from None
    with binary as stream, io.TextIOWrapper(stream, encoding="utf-8-sig", newline="") as text:
        if plain.lower().endswith(".tsv"):
            dialect: type[csv.Dialect] | csv.Dialect = csv.excel_tab
        elif plain.lower().endswith(".csv"):
            dialect = csv.excel
        else:
            sample = text.read(65536)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
            except csv.Error as error:
                raise BiasmeterError(
                    f"{name}: cannot tell the delimiter ({error}); name it .csv or .tsv"
                ) from error
            text.seek(0)
        try:
            feed = _CsvLines(text)
            rows = csv.reader(feed, dialect)
            header = next(rows, None)
            if header is not None and feed.ended_in_quotes:
                raise BiasmeterError(f"{name}:1: {_UNCLOSED_QUOTE.format(line=rows.line_num)}")
            if header is None:
                raise BiasmeterError(f"{name}: empty file, expected a header row with {key!r} and {value!r}")
            columns = [cell.strip() for cell in header]
            missing = [column for column in (key, value) if column not in columns]
            if missing:
                listed = ", ".join(repr(column) for column in missing)
                raise BiasmeterError(f"{name}: no column {listed}; columns found: {', '.join(columns)}")
            key_index, value_index = columns.index(key), columns.index(value)
            table: dict[str, str] = {}
            lines: dict[str, int] = {}
            previous = rows.line_num
            for row in rows:
                start, previous = previous + 1, rows.line_num
                if feed.ended_in_quotes:
                    raise BiasmeterError(f"{name}:{start}: {_UNCLOSED_QUOTE.format(line=previous)}")
                if not row:
                    continue
                if len(row) <= max(key_index, value_index):
                    raise BiasmeterError(
                        f"{name}:{start}: expected {len(columns)} fields as in the header, got {len(row)}"
                    )
                item, rating = row[key_index].strip(), row[value_index].strip()
                if not item:
                    continue
                if item in table and table[item] != rating:
                    raise BiasmeterError(
                        f"{name}:{start}: {key} {item!r} has {value} {rating!r}, but {table[item]!r} on line "
                        f"{lines[item]}"
                    )
                table.setdefault(item, rating)
                lines.setdefault(item, start)
        except UnicodeDecodeError as error:
            raise BiasmeterError(f"{name}: not UTF-8 text ({error.reason})") from error
        except csv.Error as error:
            raise BiasmeterError(f"{name}:{rows.line_num}: malformed table: {error}") from error
    return table
