"""Checks on what users pass in, so errors name the problem instead of failing deep inside a dependency."""

from __future__ import annotations

import math
import numbers
import os
import re
import sys
from pathlib import Path
from typing import Any

from biasmeter.errors import BiasmeterError

__all__ = [
    "DEFAULT_MAX_CHARS",
    "available_cpus",
    "check_count",
    "check_jobs",
    "check_not_a_table",
    "check_output_file",
    "clean_text",
    "missing",
    "record_id",
]

# Ten times the longest article in the AllSides corpus: longer inputs are whole sites or books, not
# articles, and extraction time grows with length.
DEFAULT_MAX_CHARS = 1_000_000

# Control characters other than tab and line breaks, lone surrogates (which cannot be encoded as UTF-8), and
# the other line breaks: the features read "\n" as the only one, so a file saved on Windows ("\r\n") or an
# old Mac ("\r"), a form feed between pages, or Unicode's line and paragraph separators (U+2028, U+2029)
# would otherwise lose headings and footers. Each is replaced by one character so that offsets into the
# cleaned text are offsets into the input. NEL (U+0085) is left: in mojibake it is a mangled ellipsis.
# Scraped text and files saved by some editors also hold spaces that the features' patterns do not read as
# spaces (no-break, thin and other Unicode spaces), and invisible characters: a byte-order mark, zero-width
# spaces between words, soft hyphens inside them. The spaces and invisible separators become " ", a soft
# hyphen "-", so that "coun\u00adcil" counts as one (hyphenated) word.
# One character class, so that the engine scans for its first character in C: an alternation with "\r\n"
# made the scan five times slower, and the replacement looks one character ahead instead.
_UNPRINTABLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\u2028\u2029"
    r"\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff\u00ad]"
)
_LINE_BREAKS = frozenset("\x0c\u2028\u2029")


def clean_text(value: Any, *, name: str = "text", max_chars: int = DEFAULT_MAX_CHARS) -> str:
    r"""Return ``value`` as analysable text of the same length, or raise `BiasmeterError`.

    Control characters, Unicode spaces (no-break, thin…), zero-width spaces and byte-order marks become
    spaces, soft hyphens "-", lone surrogates U+FFFD, and carriage returns, form feeds and the Unicode line
    and paragraph separators ``\n`` ("\r\n" is " \n"), one character for one, so that every offset into
    the result is an offset into ``value``.

    Parameters
    ----------
    value : Any
        What the user passed.
    name : str
        The parameter name, used in error messages.
    max_chars : int
        Longest accepted text.

    Returns
    -------
    str
        The cleaned text.

    Raises
    ------
    BiasmeterError
        If ``value`` is not a ``str`` or is longer than ``max_chars``.

    Examples
    --------
    >>> clean_text("a\x00b")
    'a b'
    >>> clean_text("Opinion\r\nSources:\r")
    'Opinion \nSources:\n'
    >>> clean_text("\ufeffcity\u00a0coun\u00adcil")
    ' city coun-cil'
    >>> clean_text(42)
    Traceback (most recent call last):
    ...
    biasmeter.errors.BiasmeterError: text must be a str, got int
    """
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise BiasmeterError(
            f"{name} must be a str, got {type(value).__name__}; decode it first, e.g. data.decode('utf-8')"
        )
    if not isinstance(value, str):
        raise BiasmeterError(f"{name} must be a str, got {type(value).__name__}")
    if len(value) > check_count(max_chars, "max_chars"):
        raise BiasmeterError(
            f"{name} is {len(value):,} characters long, more than max_chars={max_chars:,}; "
            "split it into articles or raise max_chars (--max-chars on the command line)"
        )
    return _UNPRINTABLE.sub(_replacement, value)


def _replacement(match: re.Match[str]) -> str:
    found = match.group()
    if found == "\r":
        # "\r\n" keeps its "\n" (the "\r" becomes a blank at the end of the line); a lone one is the break.
        end = match.end()
        return " " if match.string[end : end + 1] == "\n" else "\n"
    if found in _LINE_BREAKS:
        return "\n"
    if found == "\u00ad":
        return "-"
    return "\ufffd" if "\ud800" <= found <= "\udfff" else " "


_MOST_JOBS = 4096


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity, where the system has one), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def check_count(value: Any, name: str, minimum: int = 1) -> int:
    """``value`` as an ``int``, if it is a whole number of at least ``minimum``.

    Examples
    --------
    >>> check_count(3, "top", 0)
    3
    >>> check_count("3", "max_chars")
    Traceback (most recent call last):
    ...
    biasmeter.errors.BiasmeterError: max_chars must be a whole number of at least 1, got '3'
    """
    # numpy's integers are Integral; bool is too, and True is no count.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise BiasmeterError(f"{name} must be a whole number of at least {minimum}, got {value!r}")
    return int(value)


def check_jobs(value: Any, name: str = "n_jobs") -> int:
    """The number of worker processes that ``value`` asks for.

    As in scikit-learn, a whole number of at least 1, or -1 for one per CPU this process may use.

    Examples
    --------
    >>> check_jobs(2), check_jobs(-1) >= 1
    (2, True)
    >>> check_jobs("2", "jobs")
    Traceback (most recent call last):
    ...
    biasmeter.errors.BiasmeterError: jobs must be a whole number of at least 1, or -1 for every CPU, got '2'
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or (value < 1 and value != -1):
        raise BiasmeterError(
            f"{name} must be a whole number of at least 1, or -1 for every CPU, got {value!r}"
        )
    count = int(value)
    if count > _MOST_JOBS:
        # The operating system refuses far fewer; this only keeps an absurd count from an OverflowError.
        raise BiasmeterError(f"{name} asks for {count:,} processes; at most {_MOST_JOBS:,} are started")
    return available_cpus() if count == -1 else count


def check_not_a_table(value: Any, expected: str) -> None:
    """Refuse a data frame, or an array not of one dimension, where an iterable of articles is expected.

    Iterating a pandas (or polars) data frame gives its column names, so each name would be read as an
    article, silently; a numpy array of one text cannot be iterated, and one of two gives its rows.

    Examples
    --------
    >>> class Frame:
    ...     columns = ["text", "title"]
    >>> check_not_a_table(Frame(), "score_many expects records")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    biasmeter.errors.BiasmeterError: score_many expects records, got a Frame, whose iteration gives its ...
    """
    if isinstance(value, type):
        return
    columns = getattr(value, "columns", None)
    if columns is not None:
        names = ", ".join(map(str, list(columns)[:5]))
        raise BiasmeterError(
            f"{expected}, got a {type(value).__name__}, whose iteration gives its column names ({names}); "
            'pass its text column (frame["text"]) or its rows (frame.to_dict("records"))'
        )
    # A numpy array of one text cannot be iterated, and one of two dimensions gives rows, not articles.
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and len(shape) != 1:
        advice = "wrap it in a list" if not shape else "pass one column (array[:, 0]) or array.ravel()"
        raise BiasmeterError(
            f"{expected}, got a {type(value).__name__} of {len(shape)} dimensions (shape {shape}); {advice}"
        )


def check_output_file(path: str | os.PathLike[str], *, example: str) -> Path:
    """Check that a file can be written at ``path``, without creating or truncating it.

    Commands check their output before the slow steps, so a mistyped folder fails at once; the file is
    opened only when there is something to write, so a run that fails before then leaves an existing
    file as it was.

    Parameters
    ----------
    path : str or path-like
        Where the output is to go.
    example : str
        A file name to suggest when ``path`` is a directory.

    Returns
    -------
    Path
        ``path`` as a `Path`.

    Raises
    ------
    BiasmeterError
        If ``path`` is a directory, its folder does not exist, or it cannot be written.

    Examples
    --------
    >>> check_output_file("nowhere/x.csv", example="scored.csv")
    Traceback (most recent call last):
    ...
    biasmeter.errors.BiasmeterError: nowhere/x.csv: the folder nowhere does not exist; create it first
    """
    target = Path(path)
    try:
        is_dir, exists = target.is_dir(), target.exists()
    except OSError as error:  # a name too long for the file system
        raise BiasmeterError(f"{target}: cannot write: {error.strerror or error}") from None
    if is_dir:
        raise BiasmeterError(f"{target} is a directory; give a file name such as {target / example}")
    if not target.parent.is_dir():
        raise BiasmeterError(f"{target}: the folder {target.parent} does not exist; create it first")
    # An existing file (or a device such as /dev/full) is written in place; a new one needs its folder.
    if not os.access(target if exists else target.parent, os.W_OK):
        raise BiasmeterError(f"{target}: cannot write: permission denied")
    return target


def record_id(value: Any) -> str | None:
    """A record's id as text: ids are strings or numbers; anything else has no faithful text form."""
    if missing(value):
        return None
    if isinstance(value, str):
        return value
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise BiasmeterError(f"id must be a str or a number, got {type(value).__name__}")
    # numpy's numbers read as plain ones, and a whole number stored as a float (an integer column of a data
    # frame with a missing value is float) as that whole number.
    number = float(value)
    return str(int(number)) if isinstance(value, numbers.Integral) or number.is_integer() else str(number)


def missing(value: Any) -> bool:
    """None, or what stands for a missing value in a row of a data frame: NaN, or pandas' NA."""
    if value is None or (
        isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and math.isnan(value)
    ):
        return True
    pandas = sys.modules.get("pandas")  # a pandas NA can only come from a program that imported pandas
    return pandas is not None and value is getattr(pandas, "NA", None)
