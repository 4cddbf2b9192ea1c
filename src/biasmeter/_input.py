"""Checks on what users pass in, so errors name the problem instead of failing deep inside a dependency."""

from __future__ import annotations

import re
from typing import Any

from biasmeter.errors import BiasmeterError

__all__ = ["DEFAULT_MAX_CHARS", "clean_text"]

# Ten times the longest article in the AllSides corpus: longer inputs are whole sites or books, not
# articles, and extraction time grows with length.
DEFAULT_MAX_CHARS = 1_000_000

# Control characters other than tab and line breaks, and lone surrogates (which cannot be encoded as UTF-8).
# Each is replaced by one character so that offsets into the cleaned text are offsets into the input.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(value: Any, *, name: str = "text", max_chars: int = DEFAULT_MAX_CHARS) -> str:
    r"""Return ``value`` as analysable text of the same length, or raise `BiasmeterError`.

    Control characters become spaces and lone surrogates become U+FFFD, one character for one, so that
    every offset into the result is an offset into ``value``.

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
    if len(value) > max_chars:
        raise BiasmeterError(
            f"{name} is {len(value):,} characters long, more than max_chars={max_chars:,}; "
            "split it into articles or pass a larger max_chars"
        )
    return _UNPRINTABLE.sub(_replacement, value)


def _replacement(match: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else " "
